"""Giving and revoking certificates (programs.certificates)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from programs.certificates import issue_certificates, new_code, revoke_certificate
from programs.models import Certificate, Participant
from tests.factories import ParticipantFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(serang):
    program = ProgramFactory(start_date=datetime.date(2024, 10, 15), end_date=datetime.date(2024, 10, 19))
    for name in ("Ani", "Budi", "Citra"):
        ParticipantFactory(program=program, person=PersonFactory(full_name=name))
    ParticipantFactory(program=program, person=PersonFactory(full_name="Dedi"), status=Participant.Status.DROPPED)
    return program


def test_codes_are_random_long_and_not_the_number():
    codes = {new_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(code) == 24 and code.isalnum() and code == code.lower() for code in codes)  # 120 bits


def test_only_those_who_completed_get_numbers_in_name_order(program):
    issued = issue_certificates(program=program, today=datetime.date(2024, 10, 19))
    assert [(c.holder_name, c.number) for c in issued] == [
        ("Ani", f"SERT/2024/{program.pk}/001"),
        ("Budi", f"SERT/2024/{program.pk}/002"),
        ("Citra", f"SERT/2024/{program.pk}/003"),
    ]
    assert all(c.code not in c.number for c in issued)
    assert issue_certificates(program=program) == issued  # nothing given twice


def test_a_number_is_never_reused_after_the_participant_is_removed(program):
    first = issue_certificates(program=program)
    Participant.objects.get(person__full_name="Budi").delete()
    kept = Certificate.objects.get(number=first[1].number)
    assert kept.participant is None and kept.holder_name == "Budi"
    ParticipantFactory(program=program, person=PersonFactory(full_name="Eka"))
    again = issue_certificates(program=program)
    assert [c.number for c in again if c.holder_name == "Eka"] == [f"SERT/2024/{program.pk}/004"]


def test_staff_numbers_are_kept_and_a_used_one_is_refused(program):
    Participant.objects.filter(person__full_name="Ani").update(certificate_number="BDI-DPS/2024/010")
    issued = issue_certificates(program=program)
    assert issued[0].number == "BDI-DPS/2024/010"
    Participant.objects.get(person__full_name="Ani").delete()
    ParticipantFactory(program=program, person=PersonFactory(full_name="Fajar"), certificate_number="BDI-DPS/2024/010")
    with pytest.raises(ValidationError, match="sudah pernah dipakai"):
        issue_certificates(program=program)
    assert not Certificate.objects.filter(holder_name="Fajar").exists()


def test_revoking_needs_a_reason_and_happens_once(program):
    certificate = issue_certificates(program=program)[0]
    with pytest.raises(ValidationError):
        revoke_certificate(certificate=certificate, reason="  ")
    revoke_certificate(certificate=certificate, reason="Nama salah tulis")
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_reason == "Nama salah tulis"
    with pytest.raises(ValidationError):
        revoke_certificate(certificate=certificate, reason="lagi")
