"""The selection desk in the admin: facts per applicant, fixed queries, filters, actions, spread page."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.models import AnnualReport
from programs.models import Participant
from tests.factories import (
    ApplicantFactory,
    EnterpriseFactory,
    OpenProgramFactory,
    PersonFactory,
)
from tests.logins import login_verified

pytestmark = pytest.mark.django_db
S = Participant.Status
CHANGELIST = reverse("admin:programs_applicant_changelist")


@pytest.fixture
def earlier_program(serang):
    return OpenProgramFactory(
        title="Pelatihan Tas Anyaman",
        start_date=datetime.date(2024, 10, 15),
        end_date=datetime.date(2024, 10, 19),
        registration_open=False,
        registration_closes_on=None,
    )


def add_applicants(program, kecamatan, earlier_program, count):
    """`count` applicants; every other one trained before in the earlier program."""
    made = []
    names = list(kecamatan)
    for i in range(count):
        person = PersonFactory(kecamatan=kecamatan[names[i % len(names)]])
        if i % 2:
            ApplicantFactory(program=earlier_program, person=person, status=S.COMPLETED)
        made.append(ApplicantFactory(program=program, person=person, turnover_band="lt2m"))
    return made


def test_the_list_shows_the_facts_for_selection(admin_client, open_program, kecamatan, earlier_program):
    veteran = PersonFactory(kecamatan=kecamatan["Petir"], full_name="Ibu Veteran")
    ApplicantFactory(program=earlier_program, person=veteran, status=S.COMPLETED)
    enterprise = EnterpriseFactory(owner=veteran, sector="kriya")
    AnnualReport.objects.create(enterprise=enterprise, year=2025, annual_turnover=5_000_000_000)
    ApplicantFactory(program=open_program, person=veteran, enterprise=enterprise, reference_code="K7QM3XPA")
    newcomer = PersonFactory(kecamatan=kecamatan["Cinangka"], full_name="Pak Pendatang Baru")
    ApplicantFactory(program=open_program, person=newcomer, turnover_band="lt300jt")

    response = admin_client.get(CHANGELIST, {"program__id__exact": open_program.pk})
    assert response.status_code == 200
    rows = {r.person.full_name: r for r in response.context["cl"].result_list}
    text = response.text
    assert "Ibu Veteran" in text and "Pak Pendatang Baru" in text
    assert "K7QM-3XPA" in text
    assert "Petir" in text and "Cinangka" in text
    assert "kriya dan kerajinan tangan" in text
    assert "Pelatihan Tas Anyaman (2024)" in text
    assert rows["Ibu Veteran"].scale == "kecil"  # from the annual report
    assert rows["Pak Pendatang Baru"].scale == "mikro"  # from the declared turnover band
    assert rows["Ibu Veteran"].first_timer is False and rows["Pak Pendatang Baru"].first_timer is True
    assert "icon-no.svg" in text and "icon-yes.svg" in text
    assert veteran.nik not in text  # no personal identifiers on the selection desk
    # the spread button appears once the list is narrowed to one program
    assert reverse("admin:programs_applicant_spread", args=[open_program.pk]) in text


def test_the_list_costs_the_same_queries_for_one_or_many_rows(admin_client, open_program, kecamatan, earlier_program):
    add_applicants(open_program, kecamatan, earlier_program, 1)
    admin_client.get(CHANGELIST)  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(CHANGELIST, {"program__id__exact": open_program.pk}).status_code == 200
    add_applicants(open_program, kecamatan, earlier_program, 40)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(CHANGELIST, {"program__id__exact": open_program.pk})
    assert len(response.context["cl"].result_list) == 41
    assert len(one) == len(many), [q["sql"] for q in many.captured_queries]
    assert len(many) <= 12


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status__exact": "terpilih"}, {"Terpilih Anyar"}),
        ({"kecamatan": "KEC_BAROS"}, {"Pelamar Baros"}),
        ({"pertama": "ya"}, {"Pelamar Baros"}),  # awaiting selection only, unless asked
        ({"pertama": "ya", "status__exact": "semua"}, {"Terpilih Anyar", "Pelamar Baros"}),
        ({"pertama": "tidak"}, {"Alumni Ciomas"}),
        ({"program__id__exact": "OTHER"}, {"Di Program Lain"}),
    ],
)
def test_filters(admin_client, open_program, kecamatan, earlier_program, params, expected):
    ApplicantFactory(
        program=open_program,
        person=PersonFactory(kecamatan=kecamatan["Anyar"], full_name="Terpilih Anyar"),
        status=S.SELECTED,
    )
    ApplicantFactory(
        program=open_program, person=PersonFactory(kecamatan=kecamatan["Baros"], full_name="Pelamar Baros")
    )
    alumnus = PersonFactory(kecamatan=kecamatan["Ciomas"], full_name="Alumni Ciomas")
    ApplicantFactory(program=earlier_program, person=alumnus, status=S.COMPLETED)
    ApplicantFactory(program=open_program, person=alumnus)
    other = OpenProgramFactory()
    ApplicantFactory(program=other, person=PersonFactory(kecamatan=kecamatan["Petir"], full_name="Di Program Lain"))

    params = {k: {"KEC_BAROS": kecamatan["Baros"].code, "OTHER": str(other.pk)}.get(v, v) for k, v in params.items()}
    if "program__id__exact" not in params:
        params["program__id__exact"] = str(open_program.pk)
    response = admin_client.get(CHANGELIST, params)
    assert response.status_code == 200
    assert {r.person.full_name for r in response.context["cl"].result_list} == expected


def test_the_desk_opens_on_the_applications_awaiting_selection(admin_client, open_program, kecamatan, earlier_program):
    """Not on every participant of past programs: "mendaftar" by default, any other status or all
    of them from the same filter."""
    ApplicantFactory(program=open_program, person=PersonFactory(full_name="Menunggu Seleksi"))
    ApplicantFactory(program=open_program, person=PersonFactory(full_name="Sudah Terpilih"), status=S.SELECTED)
    ApplicantFactory(program=earlier_program, person=PersonFactory(full_name="Alumni Lama"), status=S.COMPLETED)

    def listed(**params):
        response = admin_client.get(CHANGELIST, params)
        assert response.status_code == 200
        return {r.person.full_name for r in response.context["cl"].result_list}, response.text

    names, text = listed()
    assert names == {"Menunggu Seleksi"}
    assert '<li class="selected">\n    <a href="?status__exact=mendaftar">mendaftar</a>' in text
    assert '<a href="?status__exact=semua">semua status</a>' in text
    assert listed(status__exact="semua")[0] == {"Menunggu Seleksi", "Sudah Terpilih", "Alumni Lama"}
    assert listed(status__exact="lulus")[0] == {"Alumni Lama"}
    assert listed(status__exact="terpilih", program__id__exact=open_program.pk)[0] == {"Sudah Terpilih"}
    assert listed(status__exact="bukan-status")[0] == set()


def run_action(client, action, participants, **params):
    data = {"action": action, "_selected_action": [p.pk for p in participants], "index": 0}
    return client.post(CHANGELIST + "?" + "&".join(f"{k}={v}" for k, v in params.items()), data, follow=True)


def test_select_and_reject_actions(admin_client, open_program, kecamatan, earlier_program):
    first, second = add_applicants(open_program, kecamatan, earlier_program, 2)
    response = run_action(admin_client, "select_applicants", [first])
    assert "1 pendaftar dipilih." in response.text
    response = run_action(admin_client, "reject_applicants", [second])
    assert "1 pendaftar ditandai tidak terpilih." in response.text
    assert [Participant.objects.get(pk=p.pk).status for p in (first, second)] == [S.SELECTED, S.REJECTED]


def test_selecting_beyond_the_quota_in_the_admin_is_refused_with_a_message(
    admin_client, open_program, kecamatan, earlier_program
):
    four = add_applicants(open_program, kecamatan, earlier_program, 4)  # quota 3
    response = run_action(admin_client, "select_applicants", four)
    assert "Kuota Pelatihan Desain Kemasan Uji tinggal 3 tempat; 4 peserta dipilih." in response.text
    assert "Tidak ada yang disimpan." in response.text
    assert not Participant.objects.filter(status=S.SELECTED).exists()


def test_the_spread_action_leads_to_the_proposal_and_confirming_selects(
    admin_client, open_program, kecamatan, earlier_program
):
    chosen = add_applicants(open_program, kecamatan, earlier_program, 5)
    response = run_action(admin_client, "propose_spread", chosen[:1])
    assert response.redirect_chain[-1][0] == reverse("admin:programs_applicant_spread", args=[open_program.pk])
    proposal = response.context["proposal"]
    assert len(proposal.picks) == 3 and proposal.waiting == 2
    assert 'id="spread-proposal"' in response.text

    picked = [pick.participant.pk for pick in proposal.picks][:2]  # staff untick one
    confirmed = admin_client.post(
        reverse("admin:programs_applicant_spread", args=[open_program.pk]), {"participant": picked}, follow=True
    )
    assert "2 pendaftar dipilih dari usulan sebaran" in confirmed.text
    assert set(Participant.objects.filter(status=S.SELECTED).values_list("pk", flat=True)) == set(picked)


def test_the_spread_action_needs_one_program(admin_client, open_program, kecamatan, earlier_program, serang):
    here = add_applicants(open_program, kecamatan, earlier_program, 1)
    there = add_applicants(OpenProgramFactory(), kecamatan, earlier_program, 1)
    response = run_action(admin_client, "propose_spread", here + there)
    assert "pilih pendaftar dari satu pelatihan" in response.text


def test_an_application_page_is_read_only(admin_client, open_program, kecamatan, earlier_program):
    (applicant,) = add_applicants(open_program, kecamatan, earlier_program, 1)
    url = reverse("admin:programs_applicant_change", args=[applicant.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.text
    admin_client.post(url, {"status": S.SELECTED})
    assert Participant.objects.get(pk=applicant.pk).status == S.APPLIED
    assert admin_client.get(reverse("admin:programs_applicant_add")).status_code == 403


def test_nik_search_needs_the_personal_identifiers_permission(client, django_user_model, open_program, kecamatan):
    person = PersonFactory(kecamatan=kecamatan["Petir"], full_name="Dicari Lewat NIK")
    ApplicantFactory(program=open_program, person=person)
    staff = django_user_model.objects.create_user("seleksi", password="x", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_applicant", "change_applicant"], content_type__app_label="programs"
        )
    )
    login_verified(client, staff)
    assert "Dicari Lewat NIK" not in client.get(CHANGELIST, {"q": person.nik}).text
    staff.user_permissions.add(Permission.objects.get(codename="view_personal_identifiers"))
    assert "Dicari Lewat NIK" in client.get(CHANGELIST, {"q": person.nik}).text


def test_staff_without_change_permission_cannot_open_the_spread_page(client, django_user_model, open_program):
    viewer = django_user_model.objects.create_user("lihat", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_applicant"))
    login_verified(client, viewer)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(reverse("admin:programs_applicant_spread", args=[open_program.pk])).status_code == 403


def test_a_reference_code_read_out_with_a_dash_is_found(admin_client, open_program, kecamatan):
    person = PersonFactory(kecamatan=kecamatan["Petir"], full_name="Penelepon")
    ApplicantFactory(program=open_program, person=person, reference_code="K7QM3XPA")
    ApplicantFactory(program=open_program, person=PersonFactory(kecamatan=kecamatan["Petir"], full_name="Orang Lain"))
    response = admin_client.get(CHANGELIST, {"q": "k7qm-3xpa"})
    assert {r.person.full_name for r in response.context["cl"].result_list} == {"Penelepon"}


def test_selected_and_rejected_applicants_are_told_by_email_and_by_a_prepared_whatsapp(
    admin_client, client, django_user_model, open_program, kecamatan
):
    from urllib.parse import unquote

    from django.core import mail

    ApplicantFactory(
        program=open_program,
        person=PersonFactory(kecamatan=kecamatan["Petir"], email="terpilih@example.org", phone="0812 3333 4444"),
        status=S.SELECTED,
        reference_code="K7QM3XPA",
    )
    ApplicantFactory(
        program=open_program,
        person=PersonFactory(kecamatan=kecamatan["Petir"], email="ditolak@example.org"),
        status=S.REJECTED,
    )
    waiting = ApplicantFactory(
        program=open_program, person=PersonFactory(kecamatan=kecamatan["Petir"], email="x@example.org")
    )
    everyone = {"program__id__exact": open_program.pk, "status__exact": "semua"}  # the list staff are looking at
    response = run_action(
        admin_client, "email_results", list(Participant.objects.filter(program=open_program)), **everyone
    )
    assert "2 e-mail hasil seleksi dikirim." in response.text and "1 pendaftar tanpa e-mail" in response.text
    assert sorted(m.to[0] for m in mail.outbox) == ["ditolak@example.org", "terpilih@example.org"]
    chosen_mail = next(m for m in mail.outbox if m.to == ["terpilih@example.org"])
    assert "selamat, Anda terpilih" in chosen_mail.body and "K7QM-3XPA" in chosen_mail.body
    assert Participant.objects.get(pk=waiting.pk).status == S.APPLIED

    text = admin_client.get(CHANGELIST, everyone).text
    link = next(href for href in re.findall(r'href="(https://wa\.me/[^"]+)"', text) if "6281233334444" in href)
    assert "selamat" in unquote(link) and open_program.title in unquote(link)

    # staff who may not read phone numbers get no message column (it carries the number)
    staff = django_user_model.objects.create_user("seleksi2", password="x", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_applicant", "change_applicant"], content_type__app_label="programs"
        )
    )
    login_verified(client, staff)
    assert "wa.me/62" not in client.get(CHANGELIST, everyone).text
