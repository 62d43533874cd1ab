"""Twelve writers at once against a quota of three, on every path that gives places: the places
held never pass the quota and every loser got the sentence. PostgreSQL only (SQLite serialises
writers, so there is no race to lose); threads with their own connections, as in
tests/programs/test_services_concurrency.py."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from common.imports import ImportRejected
from programs import services
from programs.imports import import_participants
from programs.models import Participant
from regions.models import Desa
from tests.factories import ApplicantFactory, OpenProgramFactory, PersonFactory, nik_for
from tests.programs.helpers import run_together
from tests.programs.places_helpers import (
    import_table,
    inline_post,
    participant_post,
    participant_url,
    people,
    places_held,
    program_url,
    select_action,
    sentence,
    staff_clients,
)

pytestmark = [
    pytest.mark.postgresql_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: SQLite serialises writers, so concurrent transactions cannot race there.",
    ),
    pytest.mark.django_db(transaction=True),
]
WRITERS, QUOTA = 12, 3
S = Participant.Status


@pytest.fixture
def program(serang):
    return OpenProgramFactory(title="Pelatihan Rebutan", slug="pelatihan-rebutan", quota=QUOTA)


@pytest.fixture
def waiting(program, kecamatan):
    return [
        ApplicantFactory(program=program, person=PersonFactory(kecamatan=kecamatan["Petir"])) for _ in range(WRITERS)
    ]


def assert_quota_held(program, winners, losers_texts):
    assert places_held(program) == QUOTA
    assert winners == QUOTA
    assert len(losers_texts) == WRITERS - QUOTA
    for text in losers_texts:
        assert sentence(program, 0, 1) in text


def test_the_participant_page(program, waiting):
    clients = staff_clients(WRITERS)
    jobs = [
        (lambda c=c, p=p: c.post(participant_url(p), participant_post(p, S.SELECTED)))
        for c, p in zip(clients, waiting, strict=True)
    ]
    responses = run_together(*jobs)
    winners = sum(r.status_code == 302 for r in responses)
    assert_quota_held(program, winners, [r.text for r in responses if r.status_code == 200])


def test_the_cohort_inline_on_the_program_page(program, kecamatan):
    clients = staff_clients(WRITERS)
    new = people(kecamatan, WRITERS)
    jobs = [
        (lambda c=c, p=p: c.post(program_url(program), inline_post(program, [(p, S.SELECTED)])))
        for c, p in zip(clients, new, strict=True)
    ]
    responses = run_together(*jobs)
    winners = sum(r.status_code == 302 for r in responses)
    assert_quota_held(program, winners, [r.text for r in responses if r.status_code == 200])


def test_the_select_action(program, waiting):
    clients = staff_clients(WRITERS)
    jobs = [(lambda c=c, p=p: select_action(c, [p])) for c, p in zip(clients, waiting, strict=True)]
    texts = [r.text for r in run_together(*jobs)]
    winners = sum("1 pendaftar dipilih." in t for t in texts)
    assert_quota_held(program, winners, [t for t in texts if "1 pendaftar dipilih." not in t])


def test_the_selection_desk_service(program, waiting):
    jobs = [(lambda p=p: services.select(participant_ids=[p.pk]).selected) for p in waiting]
    results = run_together(*jobs)
    refused = [r for r in results if isinstance(r, services.QuotaExceeded)]
    assert_quota_held(program, results.count(1), [r.message for r in refused])


def test_the_participant_import(program, kecamatan):
    jobs = [
        (lambda i=i: import_participants(program=program, table=import_table(kecamatan, [9200 + i])))
        for i in range(WRITERS)
    ]
    results = run_together(*jobs)
    refused = [r for r in results if isinstance(r, ImportRejected)]
    winners = sum(not isinstance(r, Exception) for r in results)
    assert_quota_held(program, winners, [r.message for r in refused])


def test_the_public_form_only_applies(program, kecamatan):
    cache.clear()
    desa = Desa.objects.filter(kecamatan=kecamatan["Kragilan"]).order_by("code").first()

    def submit(i):
        data = {
            "full_name": f"Pelamar {i}", "nik": nik_for(kecamatan["Kragilan"], 9300 + i), "sex": "P",
            "birth_date": "1990-08-15", "phone": "081234567890", "kecamatan": kecamatan["Kragilan"].code,
            "desa": desa.code, "enterprise_name": f"Usaha {i}", "sector": "kuliner", "products": "emping",
            "nib": "", "turnover_band": "lt300jt", "consent": "on", "website": "",
            "motivation": "Ingin memperbaiki kemasan emping agar bisa masuk minimarket.",
        }  # fmt: skip
        return lambda: Client(REMOTE_ADDR=f"10.1.0.{i}").post(f"/pelatihan/{program.slug}/daftar/", data).status_code

    assert run_together(*(submit(i) for i in range(WRITERS))) == [302] * WRITERS
    assert Participant.objects.filter(program=program, status=S.APPLIED).count() == WRITERS
    assert places_held(program) == 0
