"""Shared by the quota tests (test_places.py, test_places_concurrency.py): what each path that
gives places posts or calls, and running writers at the same moment."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from common.spreadsheets import read_table
from enterprises.models import Person
from programs.imports import PARTICIPANT_FIELDS, PARTICIPANT_LABELS, PARTICIPANT_REQUIRED
from programs.models import Participant
from tests.factories import nik_for
from tests.files import csv_bytes
from tests.logins import login_verified

APPLICANT_CHANGELIST = reverse("admin:programs_applicant_changelist")
IMPORT_HEADER = ["Nama", "NIK", "L/P", "Kecamatan", "Status"]


def sentence(program, left, asked):
    return f"Kuota {program.title} tinggal {left} tempat; {asked} peserta dipilih. Tidak ada yang disimpan."


def places_held(program):
    return Participant.objects.filter(program=program, status__in=Participant.TAKING_PART).count()


def staff_clients(count):
    """`count` logged-in superuser clients (sessions saved before any thread starts)."""
    user = get_user_model().objects.create_superuser("kuota", "kuota@example.org", "kata-sandi-uji")
    clients = []
    for _ in range(count):
        client = Client()
        login_verified(client, user)
        clients.append(client)
    return clients


def people(kecamatan, count, start=0):
    return [
        Person.objects.create(full_name=f"Peserta Kuota {i}", sex="L", kecamatan=kecamatan["Petir"])
        for i in range(start, start + count)
    ]


def participant_post(participant, status):
    """The participant change page, as the browser posts it."""
    return {
        "program": participant.program_id,
        "person": participant.person_id,
        "status": status,
        "certificate_number": "",
    }


def inline_post(program, people_statuses, initial=()):
    """The program page with its cohort inline: `initial` are existing participants sent back as
    (participant, status, delete); `people_statuses` are new rows (person, status)."""
    data = {
        "title": program.title, "slug": program.slug, "theme": program.theme, "bidang": program.bidang,
        "venue": program.venue, "city": program.city, "start_date": program.start_date.isoformat(),
        "end_date": program.end_date.isoformat(), "quota": program.quota, "target_group": program.target_group,
        "funding_source": program.funding_source, "publication_state": program.publication_state,
        "description": program.description, "fee": program.fee,
        "participants-TOTAL_FORMS": len(initial) + len(people_statuses), "participants-INITIAL_FORMS": len(initial),
        "participants-MIN_NUM_FORMS": 0, "participants-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    if program.registration_open:
        data["registration_open"] = "on"
    if program.registration_closes_on:
        data["registration_closes_on"] = program.registration_closes_on.isoformat()
    rows = [(p.person_id, status, p.pk, delete) for p, status, delete in initial]
    rows += [(person.pk, status, None, False) for person, status in people_statuses]
    for i, (person_id, status, pk, delete) in enumerate(rows):
        data[f"participants-{i}-person"] = person_id
        data[f"participants-{i}-status"] = status
        data[f"participants-{i}-program"] = program.pk
        if pk:
            data[f"participants-{i}-id"] = pk
        if delete:
            data[f"participants-{i}-DELETE"] = "on"
    return data


def program_url(program):
    return reverse("admin:programs_program_change", args=[program.pk])


def participant_url(participant):
    return reverse("admin:programs_participant_change", args=[participant.pk])


def select_action(client, participants):
    data = {"action": "select_applicants", "_selected_action": [p.pk for p in participants], "index": 0}
    return client.post(APPLICANT_CHANGELIST, data, follow=True)


def import_table(kecamatan, serials, status="terpilih"):
    rows = [[f"Peserta Impor {s}", nik_for(kecamatan["Kragilan"], s), "P", "Kragilan", status] for s in serials]
    return read_table(
        csv_bytes([IMPORT_HEADER, *rows]),
        "peserta.csv",
        fields=PARTICIPANT_FIELDS,
        required=PARTICIPANT_REQUIRED,
        labels=PARTICIPANT_LABELS,
    )
