"""The quota on every path that gives places: one sentence naming the program and the places
left, and nothing saved (SQLite and PostgreSQL). The simultaneous writers are in
test_places_concurrency.py."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from common.imports import ImportRejected
from enterprises.models import Person
from programs import cohort, places, services
from programs.imports import import_participants, plan_participant_import
from programs.models import Participant, Program
from programs.rules import places_left
from regions.models import Desa
from tests.factories import ApplicantFactory, OpenProgramFactory, PersonFactory, nik_for
from tests.files import csv_bytes
from tests.programs.places_helpers import (
    IMPORT_HEADER,
    import_table,
    inline_post,
    participant_post,
    participant_url,
    people,
    places_held,
    program_url,
    select_action,
    sentence,
)

pytestmark = pytest.mark.django_db
S = Participant.Status


@pytest.fixture
def program(serang):
    return OpenProgramFactory(title="Pelatihan Kuota Uji", slug="pelatihan-kuota-uji", quota=3)


@pytest.fixture
def started(program):
    """The program started yesterday: hadir and selesai/lulus may be given (programs.rules.before_start_problem)."""
    today = timezone.localdate()
    Program.objects.filter(pk=program.pk).update(
        start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=1)
    )
    program.refresh_from_db()


@pytest.fixture
def two_held(program, kecamatan):
    """Two of the three places held (one selected, one attended); a dropped one holds none."""
    for status in (S.SELECTED, S.ATTENDED, S.DROPPED):
        ApplicantFactory(program=program, person=PersonFactory(kecamatan=kecamatan["Anyar"]), status=status)


def applicants(program, kecamatan, count):
    return [ApplicantFactory(program=program, person=PersonFactory(kecamatan=kecamatan["Petir"])) for _ in range(count)]


# --- the rule ---


@pytest.mark.parametrize(("quota", "taken", "left"), [(3, 0, 3), (3, 2, 1), (3, 5, 0), (None, 9, None), (0, 9, None)])
def test_places_left_and_no_quota_means_unlimited(quota, taken, left):
    assert places_left(quota=quota, taken=taken) == left


def test_places_taken_counts_selected_attended_and_completed(program, two_held, kecamatan):
    ApplicantFactory(program=program, person=PersonFactory(kecamatan=kecamatan["Baros"]), status=S.COMPLETED)
    applicants(program, kecamatan, 2)
    ApplicantFactory(program=program, person=PersonFactory(kecamatan=kecamatan["Baros"]), status=S.REJECTED)
    assert places.places_taken(program) == 3
    assert Program.objects.with_places_taken().get(pk=program.pk).places_taken == 3
    assert program.places_left == 0


@pytest.mark.django_db(transaction=True)
def test_give_places_without_write_needs_the_callers_transaction(program):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        places.give_places(program=program, changes=[(None, S.SELECTED)])


def test_an_unsaved_program_without_quota_is_unlimited():
    unsaved = Program(title="Tanpa Kuota", quota=None)
    assert places.give_places(program=unsaved, changes=[(None, S.SELECTED)] * 50, write=lambda p: "ok") == "ok"


def test_freeing_a_place_in_the_same_write_makes_room(program, two_held, kecamatan):
    holder = Participant.objects.get(program=program, status=S.SELECTED)
    waiting = applicants(program, kecamatan, 2)
    changes = [(holder.pk, S.DROPPED), (waiting[0].pk, S.SELECTED), (waiting[1].pk, S.SELECTED)]
    assert places.give_places(program=program, changes=changes, write=lambda p: "written") == "written"
    with pytest.raises(places.QuotaExceeded) as refused:
        places.give_places(program=program, changes=[(w.pk, S.SELECTED) for w in waiting], write=lambda p: None)
    assert refused.value.message == sentence(program, 1, 2)


# --- the participant page ---


def test_the_participant_page_refuses_with_the_sentence_and_saves_nothing(
    admin_client, program, started, two_held, kecamatan
):
    first, second = applicants(program, kecamatan, 2)
    response = admin_client.post(participant_url(first), participant_post(first, S.SELECTED))
    assert response.status_code == 302
    response = admin_client.post(participant_url(second), participant_post(second, S.ATTENDED))
    assert response.status_code == 200
    assert sentence(program, 0, 1) in response.text
    second.refresh_from_db()
    assert second.status == S.APPLIED and places_held(program) == 3


def test_the_participant_page_may_change_a_holder_of_a_full_program(admin_client, program, started, two_held):
    holder = Participant.objects.get(program=program, status=S.ATTENDED)
    program.quota = 1  # lowered below the cohort: moving a holder along is still allowed
    program.save(update_fields=["quota"])
    response = admin_client.post(participant_url(holder), participant_post(holder, S.COMPLETED))
    assert response.status_code == 302


def test_adding_a_participant_with_a_place_to_a_full_program_is_refused(admin_client, program, two_held, kecamatan):
    applicants(program, kecamatan, 1)[0].delete()
    ApplicantFactory(program=program, person=PersonFactory(kecamatan=kecamatan["Baros"]), status=S.COMPLETED)
    person = PersonFactory(kecamatan=kecamatan["Petir"])
    data = {"program": program.pk, "person": person.pk, "status": S.SELECTED, "certificate_number": ""}
    response = admin_client.post(reverse("admin:programs_participant_add"), data)
    assert response.status_code == 200
    assert sentence(program, 0, 1) in response.text
    assert not Participant.objects.filter(person=person).exists()


# --- the cohort inline on the program page ---


def test_the_program_page_refuses_with_the_sentence_and_saves_nothing(admin_client, program, two_held, kecamatan):
    new = people(kecamatan, 2)
    data = inline_post(program, [(p, S.SELECTED) for p in new])
    data["title"] = "Judul Baru Yang Tidak Tersimpan"
    response = admin_client.post(program_url(program), data)
    assert response.status_code == 200
    assert sentence(program, 1, 2) in response.text
    assert places_held(program) == 2 and not Participant.objects.filter(person__in=new).exists()
    program.refresh_from_db()
    assert program.title == "Pelatihan Kuota Uji"


def test_the_program_page_lets_a_dropped_holder_make_room(admin_client, program, two_held, kecamatan):
    holders = list(Participant.objects.filter(program=program, status__in=[S.SELECTED, S.ATTENDED, S.DROPPED]))
    initial = [(p, S.DROPPED if p.status == S.SELECTED else p.status, False) for p in holders]
    data = inline_post(program, [(p, S.SELECTED) for p in people(kecamatan, 2)], initial=initial)
    response = admin_client.post(program_url(program), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert places_held(program) == 3


def test_the_program_page_counts_the_quota_it_posts(admin_client, program, two_held, kecamatan):
    data = inline_post(program, [(p, S.SELECTED) for p in people(kecamatan, 2)])
    data["quota"] = 4  # raised in the same save
    response = admin_client.post(program_url(program), data)
    assert response.status_code == 302
    assert places_held(program) == 4


# --- the bulk actions ---


def test_the_select_action_refuses_with_the_sentence_and_saves_nothing(admin_client, program, two_held, kecamatan):
    waiting = applicants(program, kecamatan, 2)
    response = select_action(admin_client, waiting)
    assert sentence(program, 1, 2) in response.text
    assert places_held(program) == 2


def test_the_status_actions_never_give_a_new_place(program, started, two_held, kecamatan):
    # hadir, lulus and mundur start only from statuses that already hold a place (or give none up):
    # a program over its quota (lowered afterwards) can still be marked through.
    Program.objects.filter(pk=program.pk).update(quota=1)
    waiting = applicants(program, kecamatan, 1)
    result = cohort.set_status(participants=Participant.objects.filter(program=program), status=S.ATTENDED)
    assert (result.changed, result.skipped) == (1, 2)  # the selected one; applicant and dropped skipped
    assert Participant.objects.get(pk=waiting[0].pk).status == S.APPLIED


def test_set_status_goes_through_give_places(program, started, two_held, kecamatan, monkeypatch):
    seen = []
    real = places.give_places

    def spy(**kwargs):
        seen.append(kwargs["changes"])
        return real(**kwargs)

    monkeypatch.setattr(places, "give_places", spy)
    cohort.set_status(participants=Participant.objects.filter(program=program), status=S.COMPLETED)
    assert sorted(status for _pk, status in seen[0]) == [S.COMPLETED, S.COMPLETED]


# --- the selection desk ---


def test_select_refuses_with_the_sentence_and_saves_nothing(program, two_held, kecamatan):
    waiting = applicants(program, kecamatan, 3)
    with pytest.raises(services.QuotaExceeded) as refused:
        services.select(participant_ids=[p.pk for p in waiting])
    assert refused.value.message == sentence(program, 1, 3)
    assert places_held(program) == 2


def test_the_spread_page_refuses_with_the_sentence(admin_client, program, two_held, kecamatan):
    waiting = applicants(program, kecamatan, 2)
    url = reverse("admin:programs_applicant_spread", args=[program.pk])
    response = admin_client.post(url, {"participant": [p.pk for p in waiting]}, follow=True)
    assert sentence(program, 1, 2) in response.text
    assert places_held(program) == 2


# --- the participant import ---


def test_the_import_preview_names_the_quota_on_the_row_where_it_runs_out(program, two_held, kecamatan):
    plan = plan_participant_import(program=program, table=import_table(kecamatan, range(9001, 9011)))
    errors = [error for row in plan.rows for error in row.errors]
    assert errors == [f"Baris 3, kolom Status: {sentence(program, 1, 10)}"]


def test_the_import_of_ten_selected_into_a_quota_of_three_saves_nothing(program, kecamatan):
    people_before = Person.objects.count()
    with pytest.raises(ImportRejected) as rejected:
        import_participants(program=program, table=import_table(kecamatan, range(9001, 9011)))
    assert rejected.value.message == sentence(program, 3, 10)
    assert places_held(program) == 0 and Person.objects.count() == people_before


def test_imported_applicants_take_no_place(program, two_held, kecamatan):
    plan = import_participants(program=program, table=import_table(kecamatan, range(9001, 9011), status="mendaftar"))
    assert not plan.has_errors and places_held(program) == 2
    assert Participant.objects.filter(program=program, status=S.APPLIED).count() == 10


def test_the_import_page_shows_the_sentence(admin_client, program, kecamatan):
    from tests.factories import nik_for

    rows = [[f"Orang {s}", nik_for(kecamatan["Kragilan"], s), "P", "Kragilan", "terpilih"] for s in range(9001, 9005)]
    upload = SimpleUploadedFile("peserta.csv", csv_bytes([IMPORT_HEADER, *rows]), content_type="text/csv")
    url = reverse("admin:programs_program_import_participants", args=[program.pk])
    response = admin_client.post(url, {"file": upload}, follow=True)
    assert sentence(program, 3, 4) in response.text
    assert places_held(program) == 0


# --- the public form only applies ---


def test_applying_to_a_full_program_records_an_application_that_holds_no_place(client, program, two_held, kecamatan):
    ApplicantFactory(program=program, person=PersonFactory(kecamatan=kecamatan["Baros"]), status=S.SELECTED)
    cache.clear()
    desa = Desa.objects.filter(kecamatan=kecamatan["Kragilan"]).order_by("code").first()
    data = {
        "full_name": "Siti Penuh", "nik": nik_for(kecamatan["Kragilan"], 9100), "sex": "P",
        "birth_date": "1990-08-15", "phone": "081234567890", "kecamatan": kecamatan["Kragilan"].code,
        "desa": desa.code, "enterprise_name": "Emping Penuh", "sector": "kuliner", "products": "emping",
        "nib": "", "turnover_band": "lt300jt", "consent": "on", "website": "",
        "motivation": "Ingin memperbaiki kemasan emping agar bisa masuk minimarket.",
    }  # fmt: skip
    response = client.post(f"/pelatihan/{program.slug}/daftar/", data)
    assert response.status_code == 302
    assert Participant.objects.get(person__nik=data["nik"]).status == S.APPLIED
    assert places_held(program) == 3
