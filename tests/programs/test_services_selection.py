"""Selecting the cohort: quota enforcement, rejecting, and the spread helper's ordering rules."""

import datetime

import pytest
from django.utils import timezone

from programs import services
from programs.models import Participant
from tests.factories import ApplicantFactory, OpenProgramFactory, PersonFactory

pytestmark = pytest.mark.django_db
S = Participant.Status


def applicants(program, kecamatan, names, status=S.APPLIED):
    return [
        ApplicantFactory(program=program, person=PersonFactory(kecamatan=kecamatan[name]), status=status)
        for name in names
    ]


def statuses(participants):
    return [Participant.objects.get(pk=p.pk).status for p in participants]


def test_selecting_within_the_quota(open_program, kecamatan):
    chosen = applicants(open_program, kecamatan, ["Petir", "Kragilan"])
    result = services.select(participant_ids=[p.pk for p in chosen])
    assert result.selected == 2 and result.unchanged == 0
    assert statuses(chosen) == [S.SELECTED, S.SELECTED]


def test_selecting_beyond_the_quota_is_refused_and_changes_nothing(open_program, kecamatan):
    # quota 3: one selected and one attended already hold two places
    applicants(open_program, kecamatan, ["Anyar"], status=S.SELECTED)
    applicants(open_program, kecamatan, ["Baros"], status=S.ATTENDED)
    applicants(open_program, kecamatan, ["Ciomas"], status=S.DROPPED)  # holds no place
    waiting = applicants(open_program, kecamatan, ["Petir", "Kragilan"])
    with pytest.raises(services.QuotaExceeded) as refused:
        services.select(participant_ids=[p.pk for p in waiting])
    assert refused.value.places_left == 1 and refused.value.asked == 2
    assert "tinggal 1 tempat; 2 peserta dipilih" in str(refused.value.message)
    assert statuses(waiting) == [S.APPLIED, S.APPLIED]
    assert services.select(participant_ids=[waiting[0].pk]).selected == 1
    with pytest.raises(services.QuotaExceeded):
        services.select(participant_ids=[waiting[1].pk])


def test_a_selection_across_programs_is_all_or_nothing(open_program, kecamatan, serang):
    small = OpenProgramFactory(quota=1)
    here = applicants(open_program, kecamatan, ["Petir"])
    there = applicants(small, kecamatan, ["Anyar", "Baros"])
    with pytest.raises(services.QuotaExceeded):
        services.select(participant_ids=[p.pk for p in here + there])
    assert statuses(here + there) == [S.APPLIED, S.APPLIED, S.APPLIED]


def test_selected_or_finished_people_are_left_as_they_are(open_program, kecamatan):
    done = applicants(open_program, kecamatan, ["Anyar"], status=S.COMPLETED)
    again = applicants(open_program, kecamatan, ["Baros"], status=S.SELECTED)
    reconsidered = applicants(open_program, kecamatan, ["Petir"], status=S.REJECTED)
    result = services.select(participant_ids=[p.pk for p in done + again + reconsidered])
    assert (result.selected, result.unchanged) == (1, 2)
    assert statuses(done + again + reconsidered) == [S.COMPLETED, S.SELECTED, S.SELECTED]


def test_rejecting_frees_a_place(open_program, kecamatan):
    full = applicants(open_program, kecamatan, ["Anyar", "Baros", "Ciomas"], status=S.SELECTED)
    waiting = applicants(open_program, kecamatan, ["Petir"])
    with pytest.raises(services.QuotaExceeded):
        services.select(participant_ids=[waiting[0].pk])
    assert services.reject(participant_ids=[full[0].pk]) == 1
    assert services.select(participant_ids=[waiting[0].pk]).selected == 1


def test_rejecting_leaves_attended_and_completed_alone(open_program, kecamatan):
    done = applicants(open_program, kecamatan, ["Anyar"], status=S.COMPLETED)
    assert services.reject(participant_ids=[done[0].pk]) == 0
    assert statuses(done) == [S.COMPLETED]


# --- the spread helper ---


@pytest.fixture
def earlier_program(serang):
    start = timezone.localdate() - datetime.timedelta(days=400)
    return OpenProgramFactory(
        title="Pelatihan Lama", start_date=start, registration_open=False, registration_closes_on=None
    )


def test_spread_prefers_unreached_kecamatan_then_new_people_then_one_per_kecamatan(kecamatan, earlier_program, serang):
    program = OpenProgramFactory(quota=5)
    now = timezone.now()
    trained = PersonFactory(kecamatan=kecamatan["Kragilan"], full_name="Terlatih Kragilan")
    ApplicantFactory(program=earlier_program, person=trained, status=S.COMPLETED)  # Kragilan reached before
    ApplicantFactory(program=program, person=PersonFactory(kecamatan=kecamatan["Cinangka"]), status=S.SELECTED)

    def applicant(name, person=None, minutes=0):
        person = person or PersonFactory(kecamatan=kecamatan[name], full_name=f"{name} {minutes}")
        return ApplicantFactory(program=program, person=person, applied_at=now + datetime.timedelta(minutes=minutes))

    a1 = applicant("Kragilan", trained, 1)
    a2 = applicant("Kragilan", minutes=2)
    a3 = applicant("Petir", minutes=3)
    a4 = applicant("Petir", minutes=4)
    a5 = applicant("Cinangka", minutes=5)
    a6 = applicant("Kragilan", minutes=6)

    proposal = services.propose_spread(program=program)

    assert proposal.places_left == 4
    # Petir (never reached) first; then Kragilan's first newcomer rather than the trained a1; then a
    # second from Petir and Cinangka (unreached) before a second from Kragilan.
    assert [pick.participant for pick in proposal.picks] == [a3, a2, a4, a5]
    assert [(p.kecamatan_reached_before, p.trained_before, p.round) for p in proposal.picks] == [
        (False, False, 1),
        (True, False, 1),
        (False, False, 2),
        (False, False, 2),
    ]
    assert proposal.waiting == 2  # a1 and a6 stay for staff to consider
    assert a1 not in [p.participant for p in proposal.picks] and a6 not in [p.participant for p in proposal.picks]
    assert Participant.objects.filter(program=program, status=S.SELECTED).count() == 1  # nothing written


def test_spread_ties_go_to_the_earlier_application(kecamatan, serang):
    program = OpenProgramFactory(quota=1)
    now = timezone.now()
    late = ApplicantFactory(program=program, person=PersonFactory(kecamatan=kecamatan["Anyar"]), applied_at=now)
    early = ApplicantFactory(
        program=program,
        person=PersonFactory(kecamatan=kecamatan["Baros"]),
        applied_at=now - datetime.timedelta(hours=1),
    )
    assert [p.participant for p in services.propose_spread(program=program).picks] == [early]
    assert late.pk


def test_spread_counts_only_trainings_actually_attended(kecamatan, earlier_program, serang):
    """A person who only applied (or was rejected) before is still 'never trained'."""
    program = OpenProgramFactory(quota=1)
    now = timezone.now()
    rejected_before = PersonFactory(kecamatan=kecamatan["Anyar"])
    ApplicantFactory(program=earlier_program, person=rejected_before, status=S.REJECTED)
    attended_before = PersonFactory(kecamatan=kecamatan["Baros"])
    ApplicantFactory(program=earlier_program, person=attended_before, status=S.ATTENDED)
    a = ApplicantFactory(program=program, person=attended_before, applied_at=now - datetime.timedelta(hours=1))
    b = ApplicantFactory(program=program, person=rejected_before, applied_at=now)
    picks = services.propose_spread(program=program).picks
    assert [p.participant for p in picks] == [b]  # Anyar unreached, Baros reached by attendance
    assert a.pk


def test_spread_proposes_nothing_when_the_quota_is_full(open_program, kecamatan):
    applicants(open_program, kecamatan, ["Anyar", "Baros", "Ciomas"], status=S.SELECTED)
    applicants(open_program, kecamatan, ["Petir"])
    proposal = services.propose_spread(program=open_program)
    assert proposal.places_left == 0 and proposal.picks == [] and proposal.waiting == 1
