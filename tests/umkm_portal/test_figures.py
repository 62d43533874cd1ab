import codecs
import csv
import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise
from programs.models import Program
from regions.models import Kecamatan
from tests.factories import OpenProgramFactory, ParticipantFactory, ProgramFactory
from umkm_portal import figures

pytestmark = pytest.mark.django_db

REACHED = {
    "Petir", "Cikeusal", "Kramatwatu", "Kragilan", "Bojonegara", "Anyar", "Bandung", "Cinangka",
    "Cikande", "Kibin", "Jawilan", "Kopo", "Ciruas", "Pontang", "Baros",
}  # fmt: skip


def csv_rows(client, slug, **headers):
    response = client.get(reverse("figures_csv", args=[slug]), **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{slug}.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith(codecs.BOM_UTF8)  # so Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


class TestOnTheDemo:
    """The figures of the demo, built once for these tests (they only read it)."""

    @pytest.fixture
    def demo(self, shared_demo):
        return shared_demo

    def test_umkm_by_kecamatan_and_scale_adds_up(self, demo):
        table = figures.umkm_by_kecamatan_and_scale()
        assert len(table.rows) == 29  # every kecamatan of the district, also those with none
        assert sum(row["total"] for row in table.rows) == Enterprise.objects.count()
        assert sum(row["mikro"] for row in table.rows) == Enterprise.objects.filter(scale_class="mikro").count()

    def test_programs_and_participants_by_year_and_theme(self, demo):
        rows = {
            (row["year"], row["theme"]): (row["programs"], row["participants"])
            for row in figures.programs_by_year_and_theme().rows
        }
        assert rows[(2024, "keterampilan kriya")] == (1, 20)
        assert rows[(2025, "keterampilan kriya")] == (1, 20)
        assert rows[(2025, "manajerial usaha")] == (1, 50)
        open_program = Program.objects.get(slug="pelatihan-kemasan-dan-label-pangan")  # dated from the load day
        assert rows[(open_program.start_date.year, "kemasan dan desain produk")] == (1, 0)  # applicants hold no place

    def test_kecamatan_reached_and_not_yet_reached(self, demo):
        rows = figures.kecamatan_reached().rows
        assert len(rows) == 29
        assert {row["kecamatan"] for row in rows if row["reached"] == "sudah"} == REACHED
        assert len([row for row in rows if row["reached"] == "belum"]) == 14
        kragilan = next(row for row in rows if row["kecamatan"] == "Kragilan")
        assert (kragilan["programs"], kragilan["participants"]) == (3, 28)  # the 20 BDI crafters live there

    def test_cooperatives_by_status_and_kecamatan(self, demo):
        rows = figures.cooperatives_by_status_and_kecamatan().rows
        assert sum(row["aktif"] for row in rows) == 612
        assert sum(row["kurang_aktif"] for row in rows) == 98
        assert sum(row["tidak_aktif"] for row in rows) == 109

    def test_markets_by_revitalisation(self, demo):
        rows = figures.markets_by_revitalisation().rows
        assert sum(row["markets"] for row in rows) == 14
        assert rows[-1]["year"] == "belum direvitalisasi" and rows[-1]["markets"] == 3

    def test_page_shows_every_table_with_its_csv(self, client, demo, django_assert_num_queries):
        with django_assert_num_queries(11):  # every table's figures, and the agency's identity (common.agency)
            response = client.get(reverse("figures"))
        assert "Kabupaten Serang dalam angka" in response.text
        for slug in figures.FIGURES:
            assert f'href="/data/{slug}.csv"' in response.text
            assert f'id="{slug}"' in response.text
        assert 'class="bar' in response.text

    @pytest.mark.parametrize("slug", list(figures.FIGURES))
    def test_each_csv_is_the_same_aggregate_as_the_table(self, client, demo, slug):
        table = figures.FIGURES[slug]()
        rows = csv_rows(client, slug)
        as_of = table.as_of.isoformat()
        assert rows[0] == [str(heading) for _key, heading in table.columns] + ["Data per"]
        assert rows[1:-1] == [[str(row[key]) for key, _heading in table.columns] + [as_of] for row in table.rows]
        assert rows[-1] == [str(cell) for cell in table.totals()] + [as_of]  # the totals row

    def test_csv_is_in_indonesian_whatever_the_screen_language(self, client, demo):
        headings = ["Tahun revitalisasi", "Sumber dana", "Pasar", "Kios", "Los", "Pedagang", "Data per"]
        assert csv_rows(client, "pasar-revitalisasi", HTTP_ACCEPT_LANGUAGE="en")[0] == headings
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # English chosen with the switch
        rows = csv_rows(client, "pasar-revitalisasi")
        assert rows[0] == headings
        assert rows[-2][0] == "belum direvitalisasi" and rows[-1][0] == "Jumlah"
        assert "Revitalisation year" in client.get(reverse("figures")).text

    def test_every_table_has_a_totals_row_and_its_date(self, client, demo):
        text = client.get(reverse("figures")).text
        assert text.count("<tfoot>") == len(figures.FIGURES)
        assert text.count("Data per ") >= len(figures.FIGURES)
        assert "Geser tabel ke samping" in text  # the wide tables say they scroll
        reached = figures.kecamatan_reached().totals()
        assert reached[2] == ""  # a program reaching several kecamatan is not summed several times
        assert reached[3] == sum(row["participants"] for row in figures.kecamatan_reached().rows)

    def test_a_browser_preferring_english_gets_one_language(self, client, demo):
        """Indonesian unless English was chosen with the switch: no English labels around
        Indonesian content because of the phone's language."""
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert '<html lang="id">' in response.text and "Sekilas angka" in response.text
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get("/pelatihan/")
        assert '<html lang="en">' in english.text
        assert '<h2 class="h3" lang="id">' in english.text  # untranslated content is marked Indonesian

    def test_home_headline(self, client, demo):
        response = client.get("/")
        headline = response.context["headline"]
        assert headline["enterprises"] == Enterprise.objects.filter(verified=True).count()
        assert dict((status.value, n) for status, n in headline["cooperative_status"]) == {
            "aktif": 612,
            "kurang_aktif": 98,
            "tidak_aktif": 109,
        }
        assert (headline["markets_revitalised"], headline["markets"]) == (11, 14)


def test_unknown_csv_is_404(client, db):
    assert client.get("/data/orang.csv").status_code == 404


def test_spreadsheet_formulas_in_a_csv_are_defused(client, serang):
    names = {"36.04.05": "=HYPERLINK(1)", "36.04.06": "-1+1", "36.04.07": "@SUM"}
    for code, name in names.items():
        Kecamatan.objects.filter(code=code).update(name=name)
    rows = csv_rows(client, "umkm-per-kecamatan")[:-1]  # without the totals row
    first_cells = {row[0] for row in rows[1:]}
    assert {"'=HYPERLINK(1)", "'-1+1", "'@SUM"} <= first_cells
    assert "Kragilan" in first_cells
    assert not first_cells & set(names.values())
    assert all(cell == "0" for row in rows[1:] for cell in row[1:-1])  # numbers stay numbers


def test_home_lists_the_coming_programs_soonest_first_and_the_recent_ones(client, serang):
    today = timezone.localdate()
    OpenProgramFactory(title="Pelatihan Kemasan Uji")  # open for registration
    ProgramFactory(title="Pendampingan Halal Uji", start_date=today + datetime.timedelta(days=90))  # upcoming
    ProgramFactory(title="Draf Uji", start_date=today + datetime.timedelta(days=60), publication_state="draf")
    for n, start in enumerate(
        [
            datetime.date(2024, 10, 15),
            datetime.date(2025, 8, 22),
            datetime.date(2025, 10, 20),
            datetime.date(2023, 5, 2),
        ]
    ):
        ProgramFactory(title=f"Selesai Uji {n}", start_date=start)
    response = client.get("/")
    assert "Pelatihan Kemasan Uji" in response.text
    assert "Pendampingan Halal Uji" in response.text
    assert [p.title for p in response.context["programs"]] == ["Pelatihan Kemasan Uji", "Pendampingan Halal Uji"]
    assert [p.title for p in response.context["recent"]] == ["Selesai Uji 2", "Selesai Uji 1", "Selesai Uji 0"]


def test_home_counts_programs_and_participants_of_this_year(client, serang):
    today = datetime.date.today()
    this_year = ProgramFactory(start_date=today.replace(month=1, day=1))
    ParticipantFactory(program=this_year)
    ParticipantFactory(program=this_year, status="ditolak")
    ParticipantFactory(program=ProgramFactory(start_date=datetime.date(today.year - 1, 6, 1)))
    headline = client.get("/").context["headline"]
    assert (headline["programs_this_year"], headline["participants_this_year"]) == (1, 1)
