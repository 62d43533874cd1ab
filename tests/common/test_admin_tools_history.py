"""The audit history pages (common.admin_tools.PortalHistoryAdmin) always say what changed, in the
screen's language (a choice by its label, yes/no, "(kosong)"), with one date format for the
record's own rows and its inline rows' alike."""

import datetime
import re

import pytest
from django.urls import reverse

from common.admin_tools import history_value
from programs.models import Participant, Program
from tests.factories import ParticipantFactory, ProgramFactory

pytestmark = pytest.mark.django_db

# "2 Desember 2026 13.45": HISTORY_DATETIME_FORMAT in Indonesian
ONE_FORMAT = re.compile(r"<td>\d{1,2} [A-Z][a-z]+ \d{4} \d{2}\.\d{2}</td>")


def test_values_are_said_in_the_screens_language():
    status = Participant._meta.get_field("status")
    assert history_value(status, "lulus") == "selesai/lulus"
    assert history_value(status, None) == "(kosong)" and history_value(status, "") == "(kosong)"
    assert history_value(Program._meta.get_field("registration_open"), True) == "ya"
    assert history_value(Program._meta.get_field("start_date"), datetime.date(2026, 5, 5)) == "5 Mei 2026"


@pytest.fixture
def changed(serang):
    program = ProgramFactory(start_date=datetime.date(2025, 5, 5))
    participant = ParticipantFactory(program=program, status=Participant.Status.SELECTED)
    participant.status = Participant.Status.COMPLETED
    participant.save()
    program.start_date = datetime.date(2025, 5, 6)
    program.save()
    program.save()  # saved again with nothing changed
    return program, participant


def test_the_participants_history_says_the_status_by_its_label(admin_client, changed):
    _program, participant = changed
    page = admin_client.get(reverse("admin:programs_participant_history", args=[participant.pk])).content.decode()
    assert re.search(r"<strong>Status:</strong> terpilih &rarr; selesai/lulus", page)
    assert "Data pertama dicatat." in page  # the "+" row says what it is
    assert len(ONE_FORMAT.findall(page)) == 2


def test_the_programs_history_and_its_rows_share_one_date_format_and_say_what_changed(admin_client, changed):
    program, _participant = changed
    page = admin_client.get(reverse("admin:programs_program_history", args=[program.pk])).content.decode()
    assert "5 Mei 2025 &rarr; 6 Mei 2025" in page  # a date in the same words
    assert "Disimpan tanpa perubahan data." in page  # the second save changed nothing
    rows, _sep, children = page.partition('id="child-history-1"')
    assert ONE_FORMAT.search(rows) and ONE_FORMAT.search(children)
    assert re.search(r"<strong>Status:</strong> terpilih &rarr; selesai/lulus", children)  # the inline row's change
    assert "a.m." not in page and "p.m." not in page
