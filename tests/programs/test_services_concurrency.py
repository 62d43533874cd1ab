"""Simultaneous submissions and selections, for real: threads with their own database connections.

PostgreSQL only: SQLite takes a write lock at the start of every transaction (IMMEDIATE mode), so
its writers never overlap and there is no race to test. These run in the PostgreSQL pass of CI.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client

from enterprises.models import Enterprise, Person
from programs import services
from programs.forms import ApplicationForm
from programs.models import Participant
from programs.views_applications import DONE_SESSION_KEY
from tests.factories import ApplicantFactory, PersonFactory
from tests.programs.helpers import run_together

pytestmark = [
    pytest.mark.postgresql_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: SQLite serialises writers, so concurrent transactions cannot race there.",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("known_person", [False, True])
def test_simultaneous_submissions_of_one_nik_record_one_application(apply_url, form_data, kecamatan, known_person):
    if known_person:
        PersonFactory(kecamatan=kecamatan["Kragilan"], nik=form_data["nik"])
    clients = [Client(REMOTE_ADDR=f"10.0.0.{i}") for i in range(4)]

    def submit(client):
        return lambda: client.post(apply_url, form_data).status_code

    assert run_together(*(submit(c) for c in clients)) == [302, 302, 302, 302]
    references = [c.session[DONE_SESSION_KEY]["reference"] for c in clients]
    assert sum(ref is not None for ref in references) == 1  # one confirmation, three "already applied"
    assert Participant.objects.count() == 1
    assert Person.objects.filter(nik=form_data["nik"]).count() == 1
    assert Enterprise.objects.count() == 1
    assert Participant.objects.get().reference_code in references


def test_the_constraint_decides_when_both_pass_the_check(open_program, form_data, kecamatan):
    """Deterministic race: the first submission has inserted but not committed when the second
    checks, so the second's check sees nothing and its insert waits on the unique index; when the
    first commits, the second is refused as a duplicate and its own writes are rolled back."""
    form = ApplicationForm(form_data)
    assert form.is_valid()
    application = form.to_application()
    person = PersonFactory(kecamatan=kecamatan["Kragilan"], nik=form_data["nik"])
    inserted = threading.Event()

    def first():
        with transaction.atomic():
            Participant.objects.create(program=open_program, person=person, reference_code="FRST2345")
            inserted.set()
            time.sleep(1.0)  # the second submission runs its check and blocks on the insert meanwhile
        return "committed"

    def second():
        inserted.wait(10)
        renamed = services.Application(**{**application.__dict__, "enterprise_name": "Usaha Balapan"})
        return services.apply(program=open_program, application=renamed)

    results = run_together(first, second)
    assert results[0] == "committed"
    assert isinstance(results[1], services.AlreadyApplied)
    assert Participant.objects.count() == 1
    assert not Enterprise.objects.filter(name="Usaha Balapan").exists()  # rolled back with it


def test_simultaneous_selections_cannot_pass_the_quota(open_program, kecamatan):
    # quota 3: two places taken, two staff each select a different applicant at once
    for name in ("Anyar", "Baros"):
        ApplicantFactory(
            program=open_program, person=PersonFactory(kecamatan=kecamatan[name]), status=Participant.Status.SELECTED
        )
    a, b = (
        ApplicantFactory(program=open_program, person=PersonFactory(kecamatan=kecamatan[n])) for n in ("Petir", "Kopo")
    )
    selected_first = threading.Event()

    def slow_staff():
        with transaction.atomic():
            result = services.select(participant_ids=[a.pk])
            selected_first.set()
            time.sleep(1.0)  # still uncommitted while the other selection runs
        return result.selected

    def quick_staff():
        selected_first.wait(10)
        return services.select(participant_ids=[b.pk]).selected

    results = run_together(slow_staff, quick_staff)
    assert results[0] == 1
    assert isinstance(results[1], services.QuotaExceeded)
    assert Participant.objects.filter(program=open_program, status__in=Participant.TAKING_PART).count() == 3


def test_many_simultaneous_selections_fill_exactly_the_quota(open_program, kecamatan):
    names = ["Anyar", "Baros", "Ciomas", "Petir", "Kopo", "Kibin"]
    waiting = [ApplicantFactory(program=open_program, person=PersonFactory(kecamatan=kecamatan[n])) for n in names]

    def select(participant):
        return lambda: services.select(participant_ids=[participant.pk]).selected

    results = run_together(*(select(p) for p in waiting))
    assert results.count(1) == 3
    assert sum(isinstance(r, services.QuotaExceeded) for r in results) == 3
    assert Participant.objects.filter(program=open_program, status=Participant.Status.SELECTED).count() == 3
