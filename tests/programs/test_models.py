import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from enterprises.models import Person
from programs.models import Participant, Program
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    return ProgramFactory(start_date=datetime.date(2024, 12, 1), end_date=datetime.date(2024, 12, 3))


@pytest.fixture
def person(kecamatan):
    return Person.objects.create(full_name="Nur Contoh", nik="3604195508900001", sex="P", kecamatan=kecamatan["Petir"])


def test_one_place_per_person_per_program(program, person):
    Participant.objects.create(program=program, person=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(program=program, person=person, status=Participant.Status.SELECTED)
    assert program.participants.count() == 1


def test_one_place_per_program_is_explained_on_validation(program, person):
    Participant.objects.create(program=program, person=person)
    with pytest.raises(ValidationError, match="sudah terdaftar di pelatihan ini"):
        Participant(program=program, person=person).full_clean()


def test_certificate_numbers_are_unique_within_a_program_only(program, person, kecamatan):
    other = Person.objects.create(full_name="Budi Contoh", sex="L", kecamatan=kecamatan["Petir"])
    Participant.objects.create(program=program, person=person, certificate_number="A/001")
    Participant.objects.create(program=program, person=other, certificate_number="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(person=other).update(certificate_number="A/001")


def test_a_program_cannot_end_before_it_starts(program):
    program.end_date = datetime.date(2024, 11, 1)
    with pytest.raises(ValidationError):
        program.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        program.save()


def test_phases(program):
    program.publication_state = Program.PublicationState.PUBLISHED
    program.registration_open = True
    assert program.phase(datetime.date(2024, 11, 23)) == Program.Phase.OPEN
    program.registration_closes_on = datetime.date(2024, 11, 20)
    assert program.phase(datetime.date(2024, 11, 23)) == Program.Phase.UPCOMING
    assert program.phase(datetime.date(2024, 12, 2)) == Program.Phase.RUNNING
    assert program.phase(datetime.date(2024, 12, 4)) == Program.Phase.FINISHED
