import pytest
from django.core.exceptions import ValidationError

from enterprises.models import Enterprise, Person
from programs import cohort
from programs.models import Participant
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db
Status = Participant.Status


@pytest.fixture
def program():
    return ProgramFactory(title="Pelatihan Uji Angkatan", quota=4)


@pytest.fixture
def participants(program, kecamatan):
    rows = []
    for n, (name, sex, kec, status) in enumerate(
        [
            ("Ani", "P", "Petir", Status.SELECTED),
            ("Budi", "L", "Petir", Status.ATTENDED),
            ("Cici", "P", "Kragilan", Status.COMPLETED),
            ("Dedi", "L", "Cikeusal", Status.APPLIED),
            ("Euis", "P", "Kragilan", Status.DROPPED),
        ]
    ):
        person = Person.objects.create(full_name=name, sex=sex, kecamatan=kecamatan[kec])
        enterprise = (
            Enterprise.objects.create(name=f"Usaha {name}", owner=person, sector="kriya", kecamatan=kecamatan[kec])
            if n % 2 == 0
            else None
        )
        rows.append(Participant.objects.create(program=program, person=person, enterprise=enterprise, status=status))
    return rows


def test_summary_counts_the_cohort_against_quota_and_spreads_it(program, participants, django_assert_num_queries):
    with django_assert_num_queries(2):
        summary = cohort.cohort_summary(program)
    assert (summary.in_cohort, summary.quota, summary.places_left) == (3, 4, 1)
    assert (summary.applied, summary.dropped_or_rejected) == (1, 1)
    assert summary.by_kecamatan == [("Petir", 2), ("Kragilan", 1)]
    assert dict(summary.by_sex) == {"perempuan": 2, "laki-laki": 1}
    assert [count for _label, count in summary.by_group] == [2, 0, 1]


def test_bulk_status_moves_only_those_allowed_and_records_who(program, participants, admin_user):
    result = cohort.set_status(participants=program.participants.all(), status=Status.ATTENDED, user=admin_user)
    # Ani moves; Budi already attended; Cici (completed), Dedi (applied) and Euis (dropped) are left.
    assert (result.changed, result.skipped) == (1, 3)
    ani = Participant.objects.get(person__full_name="Ani")
    assert ani.status == Status.ATTENDED
    assert ani.history.latest().history_user == admin_user
    assert Participant.objects.get(person__full_name="Dedi").status == Status.APPLIED


def test_certificate_numbers_in_sequence_by_name_for_completed_only(program, participants, admin_user):
    cohort.set_status(
        participants=program.participants.filter(status__in=Participant.TAKING_PART), status=Status.COMPLETED
    )
    numbers = cohort.assign_certificate_numbers(
        participants=program.participants.filter(status=Status.COMPLETED),
        prefix="BDI-DPS/2024/",
        start=1,
        user=admin_user,
    )
    assert numbers == ["BDI-DPS/2024/001", "BDI-DPS/2024/002", "BDI-DPS/2024/003"]
    assert dict(
        program.participants.exclude(certificate_number="").values_list("person__full_name", "certificate_number")
    ) == {
        "Ani": "BDI-DPS/2024/001",
        "Budi": "BDI-DPS/2024/002",
        "Cici": "BDI-DPS/2024/003",
    }
    # Renumbering the same people (even onto each other's numbers) is fine.
    cohort.assign_certificate_numbers(
        participants=program.participants.filter(status=Status.COMPLETED), prefix="BDI-DPS/2024/", start=2
    )
    assert Participant.objects.get(person__full_name="Cici").certificate_number == "BDI-DPS/2024/004"


def test_certificate_numbers_refuse_clashes_and_the_not_completed_and_change_nothing(program, participants):
    with pytest.raises(ValidationError, match="hanya untuk peserta yang lulus"):
        cohort.assign_certificate_numbers(participants=program.participants.all(), prefix="X/", start=1)
    assert not program.participants.exclude(certificate_number="").exists()
    cici = Participant.objects.get(person__full_name="Cici")
    cici.certificate_number = "X/002"
    cici.save()
    ani = Participant.objects.get(person__full_name="Ani")
    ani.status = Status.COMPLETED
    ani.save()
    with pytest.raises(ValidationError, match="X/002 sudah dipakai"):
        cohort.assign_certificate_numbers(participants=program.participants.filter(pk=ani.pk), prefix="X/", start=2)
    assert Participant.objects.get(pk=ani.pk).certificate_number == ""


def test_bulk_actions_from_the_participant_list(admin_client, program, participants):
    url = "/admin/programs/participant/"
    ids = [str(p.pk) for p in participants[:3]]
    response = admin_client.post(url, {"action": "mark_completed", "_selected_action": ids}, follow=True)
    assert "2 peserta kini berstatus selesai/lulus" in response.text  # Cici had completed already
    form = admin_client.post(url, {"action": "give_certificate_numbers", "_selected_action": ids})
    assert form.status_code == 200 and "awalan nomor" in form.text.lower()
    done = admin_client.post(
        url,
        {
            "action": "give_certificate_numbers",
            "_selected_action": ids,
            "apply": "1",
            "prefix": "A/",
            "start": "7",
            "digits": "2",
        },
        follow=True,
    )
    assert "A/07 sampai A/09" in done.text
    refused = admin_client.post(
        url,
        {
            "action": "give_certificate_numbers",
            "_selected_action": [str(participants[3].pk)],
            "apply": "1",
            "prefix": "A/",
            "start": "1",
            "digits": "3",
        },
    )
    assert "hanya untuk peserta yang lulus" in refused.text


def test_program_page_shows_the_cohort_at_a_glance(admin_client, program, participants):
    page = admin_client.get(f"/admin/programs/program/{program.pk}/change/").text
    assert 'id="cohort-count">3/4<' in page
    assert "Petir" in page and "Kragilan" in page


def test_the_program_page_links_to_its_participants_for_bulk_changes(admin_client, program, participants, kecamatan):
    other = ProgramFactory(title="Pelatihan Lain")
    outsider = Person.objects.create(full_name="Orang Lain", sex="L", kecamatan=kecamatan["Anyar"])
    Participant.objects.create(program=other, person=outsider)
    page = admin_client.get(f"/admin/programs/program/{program.pk}/change/").text
    assert f"/admin/programs/participant/?program={program.pk}" in page
    listing = admin_client.get("/admin/programs/participant/", {"program": program.pk}).text
    assert "Ani" in listing and "Orang Lain" not in listing
