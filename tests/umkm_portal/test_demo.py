import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count, Max
from django.utils import timezone

from cooperatives.models import Cooperative, RatRecord
from enterprises.models import Enterprise, Person, Sector
from enterprises.rules import validate_nik
from markets.models import Market
from programs.models import Participant, Program
from umkm_portal.demo import DEMO_HISTORY_REASON, build_demo

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "people": list(Person.objects.values_list("nik", "full_name", "kecamatan_id").order_by("nik")),
        "enterprises": list(Enterprise.objects.values_list("nib", "name", "scale_class").order_by("nib")),
        "participants": Participant.objects.count(),
        "cooperatives": list(Cooperative.objects.values_list("nik_koperasi", "last_rat_book_year").order_by("pk")),
        "markets": list(Market.objects.values_list("name", "revitalised_year").order_by("name")),
        "programs": list(
            Program.objects.values_list(
                "slug", "quota", "start_date", "end_date", "registration_closes_on", "updated_at"
            ).order_by("slug")
        ),
        "rat_records": list(RatRecord.objects.values_list("cooperative__nik_koperasi", "book_year").order_by("pk")),
        "history": Program.history.count() + Cooperative.history.count() + RatRecord.history.count(),
    }


@pytest.fixture
def demo(serang):
    call_command("load_demo_data", "--enterprises", "300")


def spread(slug):
    return dict(
        Participant.objects.filter(program__slug=slug)
        .values_list("person__kecamatan__name")
        .annotate(n=Count("pk"))
        .order_by()
    )


def test_the_three_trainings_of_2024_and_2025(demo):
    bdi = Program.objects.get(slug="pelatihan-tas-anyaman-dan-kulit-bdi-denpasar-2024")
    assert (bdi.start_date.isoformat(), bdi.end_date.isoformat(), bdi.city) == ("2024-10-15", "2024-10-19", "Denpasar")
    assert bdi.participants.filter(attendance_days=5).count() == 20
    assert bdi.participants.count() == 20
    # The article's crafters are "dari Desa Tegal Maja": Tegalmaja is in Kragilan in the official
    # data (not in Petir), and all 20 live there, NIKs issued in Kragilan ...
    homes = set(bdi.participants.values_list("person__kecamatan__name", "person__desa__name", "person__desa_id"))
    assert homes == {("Kragilan", "Tegalmaja", "36.04.11.2012")}
    assert {p.person.nik[:6] for p in bdi.participants.select_related("person")} == {"360411"}
    # ... and "dari empat kecamatan": their workshops are in the four the article names, 5 each.
    workshops = bdi.participants.values_list("enterprise__kecamatan__name").annotate(n=Count("pk")).order_by()
    assert dict(workshops) == {"Petir": 5, "Cikeusal": 5, "Kramatwatu": 5, "Kragilan": 5}
    in_kragilan = bdi.participants.filter(enterprise__kecamatan__name="Kragilan")
    assert set(in_kragilan.values_list("enterprise__desa_id", flat=True)) == {"36.04.11.2012"}
    for desa, kecamatan in bdi.participants.values_list("enterprise__desa__kecamatan_id", "enterprise__kecamatan_id"):
        assert desa == kecamatan
    # They make bags, woven (anyaman) or leather ("anyaman dan pembuatan tas dari kulit").
    bags = bdi.participants.values_list("enterprise__sector", "enterprise__products", "enterprise__name")
    assert {sector for sector, _products, _name in bags} == {Sector.KRIYA}
    for _sector, products, name in bags:
        assert products.startswith(("tas anyaman", "tas kulit")) and products.title() in name
    assert {products.split()[1] for _sector, products, _name in bags} == {"anyaman", "kulit"}
    assert not bdi.participants.exclude(enterprise__pirt_number="", enterprise__halal_certificate_number="").exists()
    ardelya = Program.objects.get(slug="pelatihan-handmade-ardelya-craft-2025")
    assert ardelya.participants.count() == 20
    assert set(spread(ardelya.slug)) == {
        "Bojonegara",
        "Anyar",
        "Kragilan",
        "Bandung",
        "Petir",
        "Kramatwatu",
        "Cinangka",
    }
    assert {p.name for p in ardelya.partners.all()} >= {"CV Ardelya Kriya Nusantara (Ardelya Craft)"}
    assert set(ardelya.participants.values_list("enterprise__sector", flat=True)) == {Sector.KRIYA}  # handmade crafts
    assert (ardelya.start_date, ardelya.end_date) == (datetime.date(2025, 8, 22), datetime.date(2025, 8, 26))
    managerial = Program.objects.get(slug="pelatihan-manajerial-umkm-2025")
    assert managerial.start_date == managerial.end_date == datetime.date(2025, 10, 20)
    assert managerial.participants.count() == 50
    assert len(spread(managerial.slug)) == 10


OPEN = "pelatihan-kemasan-dan-label-pangan"
COMING = "pendampingan-sertifikasi-halal"
STATUS_COUNTS = {"aktif": 612, "kurang_aktif": 98, "tidak_aktif": 109}


def upcoming(today):
    """The demo's one open and one coming training as seen on `today`, with their applicants."""
    phases = {p.slug: p.phase(today) for p in Program.objects.coming(today)}
    assert phases == {OPEN: Program.Phase.OPEN, COMING: Program.Phase.UPCOMING}
    open_program, coming = Program.objects.get(slug=OPEN), Program.objects.get(slug=COMING)
    assert list(Program.objects.open_for_registration(today)) == [open_program]
    # registration closes some weeks ahead, the training starts after that; the next one months ahead
    assert 28 <= (open_program.registration_closes_on - today).days <= 34
    assert open_program.registration_closes_on < open_program.start_date < coming.start_date
    assert 91 <= (coming.start_date - today).days <= 97
    assert open_program.start_date.weekday() == coming.start_date.weekday() == 0  # Mondays
    assert (open_program.end_date - open_program.start_date).days == 2
    assert not coming.registration_open and coming.registration_closes_on is None
    applicants = set(open_program.participants.values_list("person__nik", "status"))
    assert len(applicants) == 12 and {status for _nik, status in applicants} == {Participant.Status.APPLIED}
    return open_program, coming, applicants


def test_one_training_open_and_one_coming_dated_from_the_load_day(demo):
    upcoming(timezone.localdate())


@pytest.mark.parametrize("today", [datetime.date(2026, 12, 2), datetime.date(2029, 6, 30), datetime.date(2031, 7, 1)])
def test_upcoming_trainings_and_cooperative_statuses_hold_on_any_load_day(serang, today):
    build_demo(enterprises=10, today=today)
    upcoming(today)
    assert Cooperative.objects.status_counts(today) == STATUS_COUNTS


def test_loaded_on_2_december_2026_the_demo_keeps_its_known_dates(serang):
    build_demo(enterprises=10, today=datetime.date(2026, 12, 2))
    open_program, coming = Program.objects.get(slug=OPEN), Program.objects.get(slug=COMING)
    assert (open_program.registration_closes_on, open_program.start_date, open_program.end_date) == (
        datetime.date(2027, 1, 4),
        datetime.date(2027, 1, 18),
        datetime.date(2027, 1, 20),
    )
    assert (coming.start_date, coming.end_date) == (datetime.date(2027, 3, 8), datetime.date(2027, 3, 10))


@pytest.mark.parametrize("days_later", [33, 400, 425, 3 * 365])
def test_loading_again_on_a_later_day_moves_the_demo_forward_without_duplicates(serang, days_later):
    first_day = datetime.date(2026, 12, 2)
    later = first_day + datetime.timedelta(days=days_later)
    build_demo(enterprises=30, today=first_day)
    before = snapshot()
    ids = dict(Program.objects.values_list("slug", "pk"))
    _open, _coming, applicants = upcoming(first_day)

    build_demo(enterprises=30, today=later)

    after = snapshot()
    assert (after["people"], after["enterprises"], after["participants"]) == (
        before["people"],
        before["enterprises"],
        before["participants"],
    )
    assert dict(Program.objects.values_list("slug", "pk")) == ids  # the same programs, moved in place
    open_program, coming, applicants_later = upcoming(later)
    assert applicants_later == applicants  # the same cohort, no second set of people
    assert open_program.start_date > first_day + datetime.timedelta(days=days_later)
    past = Program.objects.exclude(slug__in=[OPEN, COMING]).values_list("start_date", flat=True)
    assert sorted(past) == [datetime.date(2024, 10, 15), datetime.date(2025, 8, 22), datetime.date(2025, 10, 20)]
    # the cooperatives' statuses hold on the later day, each last RAT book year is its latest record
    assert Cooperative.objects.count() == 819
    assert Cooperative.objects.status_counts(later) == STATUS_COUNTS
    latest = dict(RatRecord.objects.values_list("cooperative__nik_koperasi").annotate(year=Max("book_year")).order_by())
    assert {nik: year for nik, year in after["cooperatives"] if year is not None} == latest
    # and loading again on that later day changes nothing more
    build_demo(enterprises=30, today=later)
    assert snapshot() == after


def test_going_back_to_an_earlier_day_drops_the_later_rat_records(serang):
    build_demo(enterprises=10, today=datetime.date(2028, 1, 6))
    build_demo(enterprises=10, today=datetime.date(2026, 12, 2))
    assert Cooperative.objects.status_counts(datetime.date(2026, 12, 2)) == STATUS_COUNTS
    assert RatRecord.objects.aggregate(year=Max("book_year"))["year"] == 2025
    upcoming(datetime.date(2026, 12, 2))


def test_a_demo_loaded_with_the_former_2027_slugs_is_renamed_not_duplicated(serang):
    build_demo(enterprises=10, today=datetime.date(2026, 12, 2))
    Program.objects.filter(slug=OPEN).update(slug="pelatihan-kemasan-dan-label-pangan-2027")
    Program.objects.filter(slug=COMING).update(slug="pendampingan-sertifikasi-halal-2027")
    people, programs = Person.objects.count(), Program.objects.count()
    build_demo(enterprises=10, today=datetime.date(2027, 6, 1))
    assert (Person.objects.count(), Program.objects.count()) == (people, programs)
    assert not Program.objects.filter(slug__endswith="-2027").exists()
    upcoming(datetime.date(2027, 6, 1))


def test_a_demo_whose_crafters_lived_in_four_kecamatan_is_moved_in_place_not_duplicated(serang):
    """Demos before stop 20 housed the BDI crafters where their workshops are (NIKs of four
    kecamatan): loading again gives the same people their Tegalmaja home and NIK, adding no one."""
    build_demo(enterprises=10, today=datetime.date(2026, 12, 2))
    bdi = Participant.objects.filter(program__slug="pelatihan-tas-anyaman-dan-kulit-bdi-denpasar-2024")
    ids = sorted(bdi.values_list("pk", "person_id", "enterprise_id"))
    for participant in bdi.select_related("person", "enterprise__kecamatan"):
        workshop = participant.enterprise.kecamatan
        person = participant.person
        person.nik = workshop.nik_prefix + person.nik[6:]
        Person.objects.filter(pk=person.pk).update(nik=person.nik, kecamatan=workshop, desa=participant.enterprise.desa)
    assert bdi.values("person__kecamatan").distinct().count() == 4
    counts = (Person.objects.count(), Enterprise.objects.count(), Participant.objects.count())

    build_demo(enterprises=10, today=datetime.date(2026, 12, 2))

    assert (Person.objects.count(), Enterprise.objects.count(), Participant.objects.count()) == counts
    assert sorted(bdi.values_list("pk", "person_id", "enterprise_id")) == ids
    assert set(bdi.values_list("person__desa_id", flat=True)) == {"36.04.11.2012"}
    for person in Person.objects.filter(participations__in=bdi).select_related("kecamatan"):
        validate_nik(person.nik)
        assert person.nik.startswith(person.kecamatan.nik_prefix)


def test_a_demo_whose_crafters_ran_food_shops_makes_them_bag_makers_in_place(serang):
    """Earlier demos gave the BDI crafters and the Ardelya cohort random businesses (sate bandeng,
    madu hutan, toko kelontong): loading again turns the same rows into their crafts, with a
    history row, and adds no one."""
    build_demo(enterprises=10, today=datetime.date(2026, 12, 2))
    cohorts = Enterprise.objects.filter(
        participations__program__slug__in=[
            "pelatihan-tas-anyaman-dan-kulit-bdi-denpasar-2024",
            "pelatihan-handmade-ardelya-craft-2025",
        ]
    )
    crafts = dict(cohorts.values_list("pk", "products"))
    assert len(crafts) == 40
    for number, pk in enumerate(crafts):
        food = ["sate bandeng", "madu hutan", "toko kelontong"][number % 3]
        Enterprise.objects.filter(pk=pk).update(
            sector=Sector.KULINER, products=food, name=f"Usaha {food.title()} Contoh", pirt_number="P-IRT 1"
        )
    counts = (Person.objects.count(), Enterprise.objects.count(), Participant.objects.count())
    history = Enterprise.history.count()

    build_demo(enterprises=10, today=datetime.date(2026, 12, 2))

    assert (Person.objects.count(), Enterprise.objects.count(), Participant.objects.count()) == counts
    assert dict(cohorts.values_list("pk", "products")) == crafts
    assert set(cohorts.values_list("sector", "pirt_number")) == {(Sector.KRIYA, "")}
    assert not cohorts.filter(name__contains="Sate").exists()
    corrected = Enterprise.history.filter(history_type="~", history_change_reason=DEMO_HISTORY_REASON)
    assert corrected.count() == Enterprise.history.count() - history == 40
    build_demo(enterprises=10, today=datetime.date(2026, 12, 2))  # and again: nothing more to correct
    assert Enterprise.history.count() == history + 40


def test_the_open_and_coming_trainings_answer_an_applicants_questions(client, serang):
    build_demo(enterprises=10, today=datetime.date(2026, 12, 2))
    open_program, coming = Program.objects.get(slug=OPEN), Program.objects.get(slug=COMING)
    for program in (open_program, coming):
        assert "Kabupaten Serang" in program.eligibility
        assert program.fee == 0
        assert program.contact_person.startswith(("Rina Contoh", "Agus Contoh")) and "0800-" in program.contact_person
    # the schedule is dated from the load day, one line per day
    assert [line.split(" WIB")[0] for line in open_program.schedule.splitlines()] == [
        "Senin, 18 Januari 2027, 08.00–16.00",
        "Selasa, 19 Januari 2027, 08.00–16.00",
        "Rabu, 20 Januari 2027, 08.00–14.00",
    ]
    assert coming.schedule.startswith("Senin, 8 Maret 2027, ")
    # results: after registration closes (4 January), before the training starts (18 January)
    assert "paling lambat Jumat, 8 Januari 2027 lewat WhatsApp" in open_program.results_announcement
    assert "paling lambat Jumat, 26 Februari 2027" in coming.results_announcement
    text = client.get(f"/pelatihan/{OPEN}/").text
    for fact in ("Pelaku usaha mikro atau kecil pangan olahan", "Selasa, 19 Januari 2027", "Rina Contoh"):
        assert fact in text, fact
    assert "Gratis, tanpa biaya untuk peserta." in text


def test_a_demo_loaded_before_the_applicant_facts_gets_them_in_place(serang):
    build_demo(enterprises=10, today=datetime.date(2026, 12, 2))
    facts = ["eligibility", "schedule", "contact_person", "results_announcement"]
    filled = {slug: Program.objects.values_list(*facts).get(slug=slug) for slug in (OPEN, COMING)}
    Program.objects.filter(slug__in=[OPEN, COMING]).update(**dict.fromkeys(facts, ""))
    ids = dict(Program.objects.values_list("slug", "pk"))

    build_demo(enterprises=10, today=datetime.date(2026, 12, 2))

    assert dict(Program.objects.values_list("slug", "pk")) == ids
    assert {slug: Program.objects.values_list(*facts).get(slug=slug) for slug in (OPEN, COMING)} == filled
    before = snapshot()
    build_demo(enterprises=10, today=datetime.date(2026, 12, 2))
    assert snapshot() == before


def test_cooperative_statuses_add_up_to_the_2020_figures(demo):
    assert Cooperative.objects.count() == 819
    assert Cooperative.objects.status_counts() == STATUS_COUNTS


def test_the_fourteen_markets_eleven_revitalised(demo):
    assert Market.objects.count() == 14
    assert Market.objects.filter(revitalised_year__isnull=False).count() == 11
    padarincang = Market.objects.get(name="Pasar Padarincang")
    assert padarincang.relocations.count() == 1
    assert Market.objects.get(name="Pasar Dukuh").kecamatan.name == "Ciruas"


def test_synthetic_people_are_obviously_synthetic_with_valid_niks(demo):
    for person in Person.objects.select_related("kecamatan"):
        validate_nik(person.nik)
        assert person.nik.startswith(person.kecamatan.nik_prefix)
        assert " Contoh " in person.full_name or " Peserta " in person.full_name
        assert person.phone.startswith("0800")
        assert person.desa.kecamatan_id == person.kecamatan_id


def test_running_the_demo_again_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo_data", "--enterprises", "300")
    assert snapshot() == before


def test_scaling_up_keeps_the_base_and_adds_participants(demo):
    before = snapshot()
    call_command("load_demo_data", "--enterprises", "400", "--participants", "120")
    after = snapshot()
    assert set(before["enterprises"]) <= set(after["enterprises"])
    assert len(after["enterprises"]) == len(before["enterprises"]) + 100
    assert after["participants"] == before["participants"] + 120
    assert Participant.objects.values("program", "person").distinct().count() == after["participants"]


def test_demo_needs_regions_first(db):
    from django.core.management import CommandError

    from regions.models import Desa, Kabupaten, Kecamatan

    # The session's regions (tests/conftest.py) are gone for this test only: its transaction rolls back.
    Desa.objects.all().delete()
    Kecamatan.objects.all().delete()
    Kabupaten.objects.all().delete()
    with pytest.raises(CommandError, match="Load the regions first"):
        call_command("load_demo_data")


def test_every_bulk_loaded_record_has_its_first_history_row(demo):
    from enterprises.models import AnnualReport

    for model in (Person, Enterprise, AnnualReport, Participant, Cooperative, RatRecord):
        rows = model.history.values("id").annotate(n=Count("history_id"))
        assert rows.count() == model.objects.count(), model
        assert {row["n"] for row in rows} == {1}, model
        assert set(model.history.values_list("history_type", "history_change_reason").distinct()) == {
            ("+", DEMO_HISTORY_REASON)
        }, model
    build_demo()  # again, same day: no second history row
    assert Person.history.count() == Person.objects.count()

    person = Person.objects.order_by("pk").first()
    person.full_name = "Nama Baru Contoh"
    person.save()
    latest, first = person.history.order_by("-history_id")[:2]
    assert [change.field for change in latest.diff_against(first).changes] == ["full_name"]


def test_every_bidang_has_an_official_to_sign_its_papers_once(demo):
    from programs.models import Bidang, Official

    signing = {program.bidang: Official.objects.signing_for(program) for program in Program.objects.all()}
    assert all(official and len(official.nip) == 18 for official in signing.values())
    assert set(Official.objects.values_list("bidang", flat=True)) == set(Bidang.values)
    call_command("load_demo_data", "--enterprises", "300")
    assert Official.objects.count() == len(Bidang.values)


def test_registry_numbers_past_half_a_million_keep_a_nib_of_their_own():
    """Participants' enterprises are numbered from 500,001 (their index + 500,000); a load-test
    registry of a million must not give its 500,001st enterprise the same NIB (it was dropped)."""
    import random
    from types import SimpleNamespace

    from umkm_portal.demo import _enterprise_for

    owner = SimpleNamespace(id=1, kecamatan_id="36.04.11", desa_id=None)
    registry = _enterprise_for(random.Random(1), owner, 500_001, registry_index=500_001)
    participant = _enterprise_for(random.Random(1), owner, 1 + 500_000, registry_index=1)
    small = _enterprise_for(random.Random(1), owner, 42, registry_index=42)
    assert registry.nib != participant.nib
    assert (participant.nib, small.nib) == ("9000000500001", "9000000000042")  # as every earlier demo
