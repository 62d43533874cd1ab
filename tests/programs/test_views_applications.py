"""Applying: what is recorded, what the applicant sees, duplicates, closed registration, rate limit."""

import datetime
import re

import pytest
from django.test import override_settings
from django.utils import timezone

from enterprises.models import Enterprise, Person
from programs.models import Participant, Program
from programs.rules import REFERENCE_ALPHABET
from tests.factories import EnterpriseFactory, OpenProgramFactory, PersonFactory
from tests.languages import unmarked

pytestmark = pytest.mark.django_db


def test_a_new_applicant_is_recorded_and_sees_only_a_reference_code(client, apply_url, form_data, open_program):
    response = client.post(apply_url, form_data)
    assert response.status_code == 302
    assert response["Location"] == f"/pelatihan/{open_program.slug}/daftar/selesai/"
    for value in ("3604", "0812", "Siti", "Emping"):
        assert value not in response["Location"]

    participant = Participant.objects.select_related("person", "enterprise").get()
    assert participant.program == open_program
    assert participant.status == Participant.Status.APPLIED
    assert re.fullmatch(f"[{REFERENCE_ALPHABET}]{{8}}", participant.reference_code)
    assert participant.applied_at and participant.consent_given_at
    assert participant.motivation.startswith("Ingin memperbaiki kemasan")
    assert participant.turnover_band == "lt300jt"
    person = participant.person
    assert (person.full_name, person.nik, person.sex, person.phone) == (
        "Siti Uji Pendaftar",
        form_data["nik"],
        "P",
        "0812 3456 7890",
    )
    assert person.birth_date == datetime.date(1990, 8, 15) and person.birth_year == 1990
    assert person.kecamatan_id == form_data["kecamatan"] and person.desa_id == form_data["desa"]
    enterprise = participant.enterprise
    assert (enterprise.name, enterprise.owner, enterprise.sector, enterprise.nib) == (
        "Emping Bu Siti",
        person,
        "kuliner",
        None,
    )
    assert enterprise.kecamatan_id == form_data["kecamatan"]

    done = client.get(response["Location"])
    assert done.status_code == 200
    assert participant.reference_display in done.text
    assert "no-store" in done["Cache-Control"] or "max-age=0" in done["Cache-Control"]
    for personal in (form_data["nik"], form_data["full_name"], form_data["phone"], "Emping Bu Siti", "1990"):
        assert personal not in done.text


def test_the_confirmation_page_needs_a_submission_first(client, apply_url, open_program):
    response = client.get(f"/pelatihan/{open_program.slug}/daftar/selesai/")
    assert response.status_code == 302 and response["Location"] == apply_url


def test_a_known_person_is_matched_by_nik_and_the_registry_is_not_overwritten(client, apply_url, form_data, kecamatan):
    person = PersonFactory(
        kecamatan=kecamatan["Kragilan"], nik=form_data["nik"], full_name="Siti Terdaftar", phone="", desa=None
    )
    client.post(apply_url, form_data)
    assert Person.objects.count() == 1
    person.refresh_from_db()
    assert person.full_name == "Siti Terdaftar"  # staff's record stands
    assert person.phone == "0812 3456 7890"  # gaps are filled
    assert person.desa_id == form_data["desa"]
    assert Participant.objects.get().person == person


def test_an_enterprise_is_matched_by_owner_and_name(client, apply_url, form_data, kecamatan):
    person = PersonFactory(kecamatan=kecamatan["Kragilan"], nik=form_data["nik"])
    enterprise = EnterpriseFactory(owner=person, name="EMPING BU SITI")
    client.post(apply_url, {**form_data, "nib": "1234567890123"})
    assert Enterprise.objects.count() == 1
    assert Participant.objects.get().enterprise == enterprise
    enterprise.refresh_from_db()
    assert enterprise.nib == "1234567890123"  # a missing NIB is filled in


def test_an_enterprise_is_matched_by_nib(client, apply_url, form_data, kecamatan):
    # the applicant's own enterprise (another owner's NIB is not linked: tests/programs/test_matching.py)
    owner = PersonFactory(kecamatan=kecamatan["Kragilan"], nik=form_data["nik"])
    enterprise = EnterpriseFactory(owner=owner, name="CV Emping Sejahtera", nib="1234567890123")
    client.post(apply_url, {**form_data, "nib": "1234 5678 90123", "enterprise_name": "Emping Sejahtera"})
    assert Enterprise.objects.count() == 1
    assert Participant.objects.get().enterprise == enterprise


def test_a_new_enterprise_is_created_for_another_name(client, apply_url, form_data, kecamatan):
    person = PersonFactory(kecamatan=kecamatan["Kragilan"], nik=form_data["nik"])
    EnterpriseFactory(owner=person, name="Warung Lain")
    client.post(apply_url, form_data)
    assert Enterprise.objects.filter(owner=person).count() == 2


def test_the_same_nik_applying_twice_is_told_kindly_and_nothing_duplicates(client, apply_url, form_data):
    client.post(apply_url, form_data)
    first_code = Participant.objects.get().reference_code
    other_client_data = {
        **form_data,
        "full_name": "Siti Lagi",
        "enterprise_name": "Usaha Kedua",
        "phone": "0899 1234 567",
    }
    response = client.post(apply_url, other_client_data, follow=True)
    assert response.status_code == 200
    assert "Anda sudah terdaftar" in response.text
    assert "tidak perlu diulang" in response.text
    assert first_code not in response.text  # the earlier code is not handed to whoever knows the NIK
    assert Participant.objects.count() == 1
    assert Person.objects.count() == 1
    assert Enterprise.objects.count() == 1


def test_the_same_person_may_apply_to_another_program(client, apply_url, form_data, serang):
    other = OpenProgramFactory()
    client.post(apply_url, form_data)
    client.post(f"/pelatihan/{other.slug}/daftar/", form_data)
    assert Participant.objects.count() == 2
    assert Person.objects.count() == 1 and Enterprise.objects.count() == 1


@pytest.mark.parametrize(
    "closing",
    [
        {"registration_open": False},
        {"registration_closes_on": "yesterday"},
        {"start_date": "today", "registration_closes_on": None},
    ],
)
def test_a_closed_program_shows_no_form_and_refuses_a_stale_post(client, apply_url, form_data, open_program, closing):
    form_page = client.get(apply_url)
    assert 'name="nik"' in form_page.text
    today = timezone.localdate()
    values = {"yesterday": today - datetime.timedelta(days=1), "today": today}
    Program.objects.filter(pk=open_program.pk).update(**{k: values.get(v, v) for k, v in closing.items()})

    page = client.get(apply_url)
    assert page.status_code == 200
    assert "Pendaftaran pelatihan ini sedang tidak dibuka." in page.text
    assert 'name="nik"' not in page.text and '<form method="post" class="application"' not in page.text

    stale = client.post(apply_url, form_data)
    assert stale.status_code == 200
    assert "Pendaftaran pelatihan ini sudah ditutup, sehingga formulir Anda tidak diproses." in stale.text
    assert 'name="nik"' not in stale.text
    assert Participant.objects.count() == 0 and Person.objects.count() == 0


def test_registration_closing_while_the_form_is_submitted_is_refused_by_the_service(open_program, form_data):
    """The service reads the program afresh inside its transaction, so a close between the view's
    check and the write still refuses."""
    from programs import services
    from programs.forms import ApplicationForm

    form = ApplicationForm(form_data)
    assert form.is_valid()
    Program.objects.filter(pk=open_program.pk).update(registration_open=False)
    with pytest.raises(services.RegistrationClosed):
        services.apply(program=open_program, application=form.to_application())
    assert Participant.objects.count() == 0 and Person.objects.count() == 0


def test_a_draft_program_has_no_application_page(client, serang):
    draft = OpenProgramFactory(publication_state=Program.PublicationState.DRAFT)
    assert client.get(f"/pelatihan/{draft.slug}/daftar/").status_code == 404


@override_settings(APPLICATION_RATE_LIMIT=3)
def test_submissions_are_rate_limited_per_client(client, apply_url, form_data):
    for _attempt in range(3):
        assert client.post(apply_url, {**form_data, "nik": "123"}).status_code == 200  # invalid, but counted
    limited = client.post(apply_url, form_data)
    assert limited.status_code == 429
    assert "Terlalu banyak pengiriman" in limited.text
    assert input_value_kept(limited, "Emping Bu Siti")
    assert Participant.objects.count() == 0

    # another client address is not affected
    other = client.post(apply_url, form_data, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    assert Participant.objects.count() == 1


def input_value_kept(response, value):
    return f'value="{value}"' in response.text


@override_settings(APPLICATION_RATE_LIMIT=0)
def test_a_limit_of_zero_turns_the_rate_limit_off(client, apply_url, form_data):
    for _attempt in range(12):
        assert client.post(apply_url, {**form_data, "nik": "1"}).status_code == 200


def test_the_reference_code_is_retried_when_it_clashes(open_program, form_data, monkeypatch, kecamatan):
    from programs import services
    from programs.forms import ApplicationForm

    other = PersonFactory(kecamatan=kecamatan["Petir"])
    Participant.objects.create(program=open_program, person=other, reference_code="AAAA2222")
    codes = iter(["AAAA2222", "BBBB3333"])
    monkeypatch.setattr(services, "new_reference_code", lambda: next(codes))
    form = ApplicationForm(form_data)
    assert form.is_valid()
    participant = services.apply(program=open_program, application=form.to_application())
    assert participant.reference_code == "BBBB3333"
    assert Participant.objects.filter(program=open_program).count() == 2
    assert Person.objects.filter(nik=form_data["nik"]).count() == 1


def test_a_race_lost_at_the_constraint_is_a_duplicate_and_leaves_nothing(open_program, form_data, monkeypatch):
    """Simulates the second of two simultaneous submissions: its pre-check saw nothing, the
    participant_once_per_program constraint refuses its insert. The enterprise it created is rolled
    back with it. (tests/programs/test_services_concurrency.py does it for real on PostgreSQL.)"""
    from programs import services
    from programs.forms import ApplicationForm

    form = ApplicationForm(form_data)
    assert form.is_valid()
    application = form.to_application()
    services.apply(program=open_program, application=application)
    before = (Person.objects.count(), Enterprise.objects.count(), Participant.objects.count())

    real_filter = Participant.objects.filter

    class BlindPreCheck:
        calls = 0

    def filter_missing_first_check(*args, **kwargs):
        queryset = real_filter(*args, **kwargs)
        if BlindPreCheck.calls == 0 and set(kwargs) == {"program", "person"}:
            BlindPreCheck.calls += 1
            return queryset.none()
        return queryset

    monkeypatch.setattr(Participant.objects, "filter", filter_missing_first_check)
    renamed = services.Application(**{**application.__dict__, "enterprise_name": "Usaha Baru Sekali"})
    with pytest.raises(services.AlreadyApplied):
        services.apply(program=open_program, application=renamed)
    monkeypatch.undo()
    assert BlindPreCheck.calls == 1
    assert (Person.objects.count(), Enterprise.objects.count(), Participant.objects.count()) == before


def test_the_service_refuses_an_application_without_consent(open_program, form_data):
    from programs import services
    from programs.forms import ApplicationForm

    form = ApplicationForm(form_data)
    assert form.is_valid()
    without = services.Application(**{**form.to_application().__dict__, "consent": False})
    with pytest.raises(ValueError, match="consent"):
        services.apply(program=open_program, application=without)
    assert Participant.objects.count() == 0


def test_with_english_chosen_the_program_title_and_place_are_marked_indonesian(
    client, apply_url, form_data, open_program, settings
):
    open_program.venue = "Aula Dinas Uji"
    open_program.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(apply_url).text
    assert '<html lang="en">' in text
    assert '<h1>Application: <span lang="id">Pelatihan Desain Kemasan Uji</span></h1>' in text
    assert unmarked(text, "Pelatihan Desain Kemasan Uji", "Aula Dinas Uji") == []
    done = client.get(client.post(apply_url, form_data)["Location"]).text
    assert "Pelatihan Desain Kemasan Uji" in done and unmarked(done, "Pelatihan Desain Kemasan Uji") == []
    again = client.get(client.post(apply_url, form_data)["Location"]).text  # the same NIK: already registered
    assert "Pelatihan Desain Kemasan Uji" in again and unmarked(again, "Pelatihan Desain Kemasan Uji") == []
    for url in ("/", "/pelatihan/"):  # the Daftar buttons name the program to screen readers
        listed = client.get(url).text
        assert "Pelatihan Desain Kemasan Uji" in listed and unmarked(listed, "Pelatihan Desain Kemasan Uji") == [], url
