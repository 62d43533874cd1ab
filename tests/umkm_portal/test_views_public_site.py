"""The public site people can trust and reach (issue 13): the agency's contact on every page,
emblem, favicon, meta and Open Graph tags, the home page's story, program facts for applicants,
verified-only figures, and the order visitors can act on."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from enterprises.models import Enterprise
from enterprises.services import confirm_verified
from programs.models import Participant, Program
from tests.factories import EnterpriseFactory, OpenProgramFactory, ParticipantFactory, ProgramFactory
from umkm_portal import figures

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/pelatihan/", "/koperasi/", "/pasar/", "/umkm/", "/data/", "/privasi/", "/pelatihan/cek-status/"]
PUBLIC += ["/pelatihan/kode-hilang/", "/halaman-yang-tidak-ada/"]


@pytest.mark.parametrize("url", PUBLIC)
def test_every_page_says_how_to_reach_the_agency(client, serang, url):
    text = client.get(url).text
    assert "Hubungi kami" in text
    for contact in ('href="tel:0254000000"', 'href="https://wa.me/6281200000000"', "diskoumperindag@example.org"):
        assert contact in text, contact
    assert "Senin–Jumat 08.00–16.00 WIB" in text
    assert '<meta name="description" content="' in text
    assert 'rel="icon" href="/static/img/favicon.svg"' in text
    assert 'src="/static/img/emblem.svg"' in text


@override_settings(
    PORTAL_AGENCY_PHONE="(0254) 123456",
    PORTAL_AGENCY_WHATSAPP="6281311112222",
    PORTAL_AGENCY_SOCIAL=["Instagram|https://instagram.com/contoh", "Jahat|javascript:alert(1)"],
)
def test_the_contact_comes_from_settings(client, serang):
    text = client.get("/").text
    assert 'href="tel:0254123456"' in text and "https://wa.me/6281311112222" in text
    assert 'href="https://instagram.com/contoh"' in text and "javascript:" not in text


def test_favicon_ico_is_the_emblem(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/img/favicon.svg"


def test_the_500_page_gives_the_contact_without_a_database(rf):
    from common.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "(0254) 000000" in response.content.decode() and "wa.me/6281200000000" in response.content.decode()


def test_a_program_page_answers_an_applicants_questions_and_shares_well(client, serang):
    program = OpenProgramFactory(
        title="Pelatihan Kemasan Berbagi",
        eligibility="Pelaku UMKM pangan olahan di Kabupaten Serang.",
        fee=0,
        schedule="Hari 1: desain kemasan\nHari 2: label dan izin edar",
        contact_person="Ibu Rina, 0812 1111 2222",
        results_announcement="Hasil seleksi diumumkan lewat WhatsApp.",
    )
    text = client.get(f"/pelatihan/{program.slug}/").text
    for fact in (
        "Siapa yang boleh mendaftar",
        "Pelaku UMKM pangan olahan",
        "Gratis, tanpa biaya untuk peserta.",
        "Hari 1: desain kemasan<br>Hari 2",
        "Ibu Rina, 0812 1111 2222",
        "Hasil seleksi diumumkan lewat WhatsApp.",
    ):
        assert fact in text, fact
    assert '<meta property="og:title" content="Pelatihan Kemasan Berbagi">' in text
    day = program.start_date.strftime("%-d")
    assert f'<meta property="og:description" content="{day} ' in text and "Pendaftaran dibuka" in text
    assert '<meta property="og:type" content="article">' in text


def test_a_program_with_a_fee_and_no_contact_says_so_and_gives_the_agency(client, serang):
    program = OpenProgramFactory(fee=150000)
    text = client.get(f"/pelatihan/{program.slug}/").text
    assert "Rp150.000" in text
    assert 'id="applicant-facts"' in text and "wa.me/6281200000000" in text


def test_without_an_announcement_a_program_page_says_results_follow_the_closing_date(client, serang):
    program = OpenProgramFactory(
        registration_closes_on=datetime.date(2031, 1, 4), start_date=datetime.date(2031, 1, 20)
    )
    text = client.get(f"/pelatihan/{program.slug}/").text
    assert "Hasil seleksi diumumkan setelah pendaftaran ditutup pada 4 Januari 2031." in text
    undated = ProgramFactory(start_date=datetime.date(2031, 3, 8), registration_closes_on=None)
    text = client.get(f"/pelatihan/{undated.slug}/").text
    assert "Hasil seleksi diumumkan sebelum pelatihan dimulai pada 8 Maret 2031." in text


def test_the_home_page_opens_on_the_latest_year_with_trainings_and_a_daftar_button(client, serang):
    today = timezone.localdate()
    held = ProgramFactory(start_date=today.replace(year=today.year - 1, month=6, day=1))
    ParticipantFactory.create_batch(3, program=held, status=Participant.Status.COMPLETED)
    ProgramFactory(title="Akan Datang Uji", start_date=today + datetime.timedelta(days=200))
    opened = OpenProgramFactory(title="Dibuka Uji", start_date=today + datetime.timedelta(days=300))
    if today.month == 12 and today.day > 25:
        pytest.skip("the open training's registration window crosses the year")
    response = client.get("/")
    headline = response.context["headline"]
    assert headline["year"] == today.year - 1  # no training has started this year: last year's figures
    assert (headline["programs_this_year"], headline["participants_this_year"]) == (1, 3)
    text = response.text
    assert f'href="/pelatihan/{opened.slug}/daftar/"' in text
    assert text.index("Dibuka Uji") < text.index("Akan Datang Uji")  # open first, though it starts later
    # the open training and its Daftar button come before the figures (on a phone, the first screen)
    assert text.index(f'href="/pelatihan/{opened.slug}/daftar/"') < text.index("Sekilas angka")


def test_public_figures_count_verified_records_only(client, serang):
    verified = EnterpriseFactory()
    waiting = EnterpriseFactory(verified=False)
    assert figures.headline()["enterprises"] == 1
    assert sum(row["total"] for row in figures.umkm_by_kecamatan_and_scale().rows) == 1
    assert confirm_verified(enterprise_ids=[verified.pk, waiting.pk]) == 1
    waiting.owner.refresh_from_db()
    assert waiting.owner.verified and Enterprise.objects.filter(verified=False).count() == 0
    assert figures.headline()["enterprises"] == 2
    assert "hanya yang sudah diverifikasi petugas" in client.get("/").text


def test_the_program_list_puts_what_a_visitor_can_act_on_first(client, serang):
    today = timezone.localdate()
    ProgramFactory(title="Selesai Lama", start_date=today - datetime.timedelta(days=400))
    ProgramFactory(title="Selesai Baru", start_date=today - datetime.timedelta(days=30))
    ProgramFactory(title="Berlangsung", start_date=today - datetime.timedelta(days=1))
    ProgramFactory(title="Akan Datang Dekat", start_date=today + datetime.timedelta(days=10))
    OpenProgramFactory(title="Dibuka Jauh", start_date=today + datetime.timedelta(days=60))
    text = client.get("/pelatihan/").text
    order = ["Dibuka Jauh", "Akan Datang Dekat", "Berlangsung", "Selesai Baru", "Selesai Lama"]
    positions = [text.index(f">{title}</a>") for title in order]
    assert positions == sorted(positions)
    assert list(Program.objects.by_what_visitors_can_do().values_list("title", flat=True)) == order
