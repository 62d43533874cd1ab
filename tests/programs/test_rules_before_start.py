"""No "hadir", no "selesai/lulus" and no certificate number before a training starts: the one rule
(programs.rules.before_start_problem) and every path that sets a status or a certificate number —
the participant's admin page, the program page's rows, the bulk actions, the participant import and
the cohort-entry screen. Marking "hadir" in bulk records the days held so far."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from common.spreadsheets import Record, Table
from programs import cohort, cohort_entry, imports
from programs.models import Participant
from programs.rules import attendance_days_so_far, before_start_problem
from tests.factories import ParticipantFactory, PersonFactory, ProgramFactory
from tests.programs.places_helpers import inline_post

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def later(serang):
    """A training that starts in ten days."""
    return ProgramFactory(start_date=timezone.localdate() + 10 * DAY, quota=10)


@pytest.fixture
def running(serang):
    """A training that started two days ago and ends in two days."""
    today = timezone.localdate()
    return ProgramFactory(start_date=today - 2 * DAY, end_date=today + 2 * DAY, quota=10)


def selected_in(program, **fields):
    return ParticipantFactory(program=program, status=Participant.Status.SELECTED, **fields)


# --- the rule ------------------------------------------------------------------------------------


def test_the_rule_refuses_hadir_lulus_and_a_certificate_before_the_start_only():
    # The rule is given its own today: any dates do; past ones, so nothing here looks like it expires.
    today = datetime.date(2024, 3, 10)
    start = datetime.date(2024, 3, 11)
    assert "setelah pelatihan dimulai" in before_start_problem(start_date=start, status="hadir", today=today)
    assert "selesai/lulus" in before_start_problem(
        start_date=start, status="lulus", status_label="selesai/lulus", today=today
    )
    assert "Nomor sertifikat" in before_start_problem(
        start_date=start, status="terpilih", certificate_number="A-1", today=today
    )
    assert before_start_problem(start_date=start, status="terpilih", today=today) == ""
    assert before_start_problem(start_date=start, status="mundur", today=today) == ""
    assert before_start_problem(start_date=today, status="lulus", certificate_number="A-1", today=today) == ""


def test_the_days_held_so_far_count_from_the_start_to_today_or_the_end():
    start, end = datetime.date(2024, 3, 10), datetime.date(2024, 3, 14)
    assert attendance_days_so_far(start_date=start, end_date=end, today=datetime.date(2024, 3, 9)) is None
    assert attendance_days_so_far(start_date=start, end_date=end, today=start) == 1
    assert attendance_days_so_far(start_date=start, end_date=end, today=datetime.date(2024, 3, 12)) == 3
    assert attendance_days_so_far(start_date=start, end_date=end, today=datetime.date(2024, 4, 1)) == 5


# --- the participant's admin page ----------------------------------------------------------------


def post_participant(client, participant, **changes):
    data = {"program": participant.program_id, "person": participant.person_id, "status": participant.status}
    data.update({"certificate_number": "", **changes})
    return client.post(reverse("admin:programs_participant_change", args=[participant.pk]), data)


def test_the_participant_page_refuses_hadir_and_a_certificate_before_the_start(admin_client, later):
    participant = selected_in(later)
    response = post_participant(admin_client, participant, status="hadir")
    assert response.status_code == 200
    assert "Status “hadir” baru dapat diberikan setelah pelatihan dimulai" in response.text
    response = post_participant(admin_client, participant, certificate_number="SRT-001")
    assert "Nomor sertifikat baru dapat diberikan setelah pelatihan dimulai" in response.text
    participant.refresh_from_db()
    assert (participant.status, participant.certificate_number) == ("terpilih", "")


def test_the_participant_page_takes_hadir_once_the_training_has_started(admin_client, running):
    participant = selected_in(running)
    assert post_participant(admin_client, participant, status="hadir").status_code == 302
    participant.refresh_from_db()
    assert participant.status == "hadir"


# --- the program page's rows ---------------------------------------------------------------------


def test_the_program_page_refuses_a_row_marked_hadir_before_the_start(admin_client, later):
    person = PersonFactory()
    response = admin_client.post(
        reverse("admin:programs_program_change", args=[later.pk]), inline_post(later, [(person, "lulus")])
    )
    assert response.status_code == 200
    assert "Status “selesai/lulus” baru dapat diberikan setelah pelatihan dimulai" in response.text
    assert not later.participants.exists()


def test_the_program_page_takes_a_selected_row_before_the_start(admin_client, later):
    person = PersonFactory()
    response = admin_client.post(
        reverse("admin:programs_program_change", args=[later.pk]), inline_post(later, [(person, "terpilih")])
    )
    assert response.status_code == 302
    assert later.participants.get().status == "terpilih"


# --- the bulk actions ----------------------------------------------------------------------------


def bulk(client, action, participants):
    data = {"action": action, "_selected_action": [p.pk for p in participants], "index": 0}
    return client.post(reverse("admin:programs_participant_changelist"), data, follow=True)


def test_bulk_hadir_before_the_start_changes_nothing_and_says_why(admin_client, later):
    participant = selected_in(later)
    response = bulk(admin_client, "mark_attended", [participant])
    assert f"{later.title}: Status “hadir” baru dapat diberikan setelah pelatihan dimulai" in response.text
    participant.refresh_from_db()
    assert participant.status == "terpilih" and participant.attendance_days is None


def test_bulk_lulus_and_certificate_numbers_before_the_start_are_refused(later):
    participant = selected_in(later)
    with pytest.raises(ValidationError, match="selesai/lulus"):
        cohort.set_status(participants=Participant.objects.filter(pk=participant.pk), status="lulus")
    Participant.objects.filter(pk=participant.pk).update(status="lulus")  # as data from before the rule
    with pytest.raises(ValidationError, match="Nomor sertifikat baru dapat diberikan"):
        cohort.assign_certificate_numbers(
            participants=Participant.objects.filter(pk=participant.pk), prefix="A-", start=1
        )
    assert Participant.objects.get(pk=participant.pk).certificate_number == ""


def test_bulk_hadir_fills_the_days_held_so_far_and_keeps_days_counted_by_staff(admin_client, running):
    empty, counted = selected_in(running), selected_in(running, attendance_days=1)
    response = bulk(admin_client, "mark_attended", [empty, counted])
    assert "2 peserta kini berstatus hadir." in response.text
    empty.refresh_from_db(), counted.refresh_from_db()
    assert (empty.status, empty.attendance_days) == ("hadir", 3)  # day one, two and today
    assert (counted.status, counted.attendance_days) == ("hadir", 1)
    assert empty.history.latest().attendance_days == 3  # recorded in the audit trail


# --- the participant import and the cohort-entry screen -----------------------------------------


def table(**values):
    record = Record(number=2, values={"full_name": "Siti", "nik": "3604115508900001", **values})
    return Table(records=[record], columns={name: name for name in record.values}, ignored_headings=[])


def test_the_import_refuses_a_row_marked_lulus_or_with_a_certificate_before_the_start(later):
    (row,) = imports.plan_participant_import(program=later, table=table(status="lulus")).rows
    assert row.action == imports.ParticipantAction.ERROR
    assert "baru dapat diberikan setelah pelatihan dimulai" in row.errors[0]
    (row,) = imports.plan_participant_import(
        program=later, table=table(status="terpilih", certificate_number="SRT-1")
    ).rows
    assert "Nomor sertifikat baru dapat diberikan" in row.errors[0]
    (row,) = imports.plan_participant_import(program=later, table=table(status="terpilih")).rows
    assert row.action == imports.ParticipantAction.NEW_PERSON and not row.errors


def test_the_import_takes_hadir_once_the_training_has_started(running):
    (row,) = imports.plan_participant_import(program=running, table=table(status="hadir")).rows
    assert row.action == imports.ParticipantAction.NEW_PERSON and not row.errors


def test_the_cohort_screen_enrols_as_terpilih_before_the_start_through_the_same_validator(later, monkeypatch):
    asked = []
    import programs.imports as module

    original = module.before_start_problem
    monkeypatch.setattr(module, "before_start_problem", lambda **kw: asked.append(kw) or original(**kw))
    rows = [{**cohort_entry.blank_row(), "nik": "3604115508900001", "full_name": "Siti"}]
    (checked,) = cohort_entry.check_rows(program=later, rows=rows)
    assert checked.action == imports.ParticipantAction.NEW_PERSON and not checked.errors
    assert asked and asked[0]["status"] == "terpilih" and asked[0]["start_date"] == later.start_date
