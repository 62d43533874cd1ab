import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from programs.models import Participant, Program
from tests.factories import ParticipantFactory, PartnerFactory, PersonFactory, ProgramFactory
from tests.languages import unmarked

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
LIST = "/pelatihan/"


def programs_in_every_phase():
    return {
        "finished": ProgramFactory(start_date=TODAY - 10 * DAY, end_date=TODAY - 8 * DAY),
        "running": ProgramFactory(start_date=TODAY - DAY, end_date=TODAY + DAY),
        "running_today": ProgramFactory(start_date=TODAY, end_date=TODAY),
        "open": ProgramFactory(start_date=TODAY + 20 * DAY, registration_open=True, registration_closes_on=TODAY),
        "open_no_close": ProgramFactory(start_date=TODAY + 20 * DAY, registration_open=True),
        "closed_by_date": ProgramFactory(
            start_date=TODAY + 20 * DAY, registration_open=True, registration_closes_on=TODAY - DAY
        ),
        "upcoming": ProgramFactory(start_date=TODAY + 5 * DAY, registration_open=False),
    }


def test_phase_querysets_match_program_phase(serang):
    programs = programs_in_every_phase()
    for phase in Program.Phase:
        in_sql = set(Program.objects.in_phase(phase).values_list("pk", flat=True))
        in_python = {p.pk for p in programs.values() if p.phase() == phase}
        assert in_sql == in_python, phase
    assert programs["open"].phase() == Program.Phase.OPEN
    assert programs["closed_by_date"].phase() == Program.Phase.UPCOMING
    assert programs["running_today"].phase() == Program.Phase.RUNNING


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("selesai", {"finished"}),
        ("berlangsung", {"running", "running_today"}),
        ("pendaftaran_dibuka", {"open", "open_no_close"}),
        ("akan_datang", {"closed_by_date", "upcoming"}),
    ],
)
def test_status_filter(client, serang, status, expected):
    programs = programs_in_every_phase()
    response = client.get(LIST, {"status": status})
    shown = {name for name, program in programs.items() if program.title in response.text}
    assert shown == expected


def test_drafts_are_never_public(client, serang):
    draft = ProgramFactory(publication_state=Program.PublicationState.DRAFT)
    assert draft.title not in client.get(LIST).text
    assert client.get(reverse("programs:detail", args=[draft.slug])).status_code == 404


def test_year_theme_and_search_filters(client, serang):
    a = ProgramFactory(title="Kemasan Emping", start_date=datetime.date(2024, 3, 1), theme="kemasan")
    b = ProgramFactory(title="Pemasaran Digital", start_date=datetime.date(2025, 3, 1), theme="digital")
    c = ProgramFactory(title="Kemasan Lanjutan", start_date=datetime.date(2025, 12, 31), theme="kemasan")
    text = client.get(LIST, {"year": "2025"}).text
    assert b.title in text and c.title in text and a.title not in text
    text = client.get(LIST, {"year": "2025", "theme": "kemasan"}).text
    assert c.title in text and a.title not in text and b.title not in text
    text = client.get(LIST, {"q": "kemasan emping"}).text
    assert a.title in text and c.title not in text


def test_kecamatan_reached_filter_uses_participants_who_take_part(client, kecamatan):
    petir, kopo = kecamatan["Petir"], kecamatan["Kopo"]
    reached = ParticipantFactory(person=PersonFactory(kecamatan=petir)).program
    only_applied = ParticipantFactory(person=PersonFactory(kecamatan=petir), status=Participant.Status.APPLIED).program
    elsewhere = ParticipantFactory(person=PersonFactory(kecamatan=kopo)).program
    text = client.get(LIST, {"kecamatan": petir.code}).text
    assert reached.title in text
    assert only_applied.title not in text
    assert elsewhere.title not in text
    assert list(Program.objects.reaching_kecamatan(petir)) == [reached]


def test_ordering_is_whitelisted(client, serang):
    ProgramFactory(title="Alpha", start_date=datetime.date(2025, 1, 1))
    ProgramFactory(title="Zulu", start_date=datetime.date(2024, 1, 1))
    text = client.get(LIST, {"order": "judul"}).text
    assert text.index("Alpha") < text.index("Zulu")
    text = client.get(LIST, {"order": "-judul"}).text
    assert text.index("Zulu") < text.index("Alpha")
    response = client.get(LIST, {"order": "person__nik"})
    assert response.status_code == 200
    assert "tidak dikenal" in response.text
    assert "Alpha" not in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1800"},
        {"status": "nonsense"},
        {"kecamatan": "zzz"},
        {"theme": "<script>"},
        {"order": "-;drop"},
        {"page": "999"},
        {"page": "abc"},
        {"page": "-1"},
        {"year": "abc", "status": "nonsense", "page": "999", "kecamatan": "zzz"},
    ],
)
def test_bad_input_gives_an_explained_empty_result(client, serang, query):
    program = ProgramFactory()
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert program.title not in response.text
    assert 'class="notice error"' in response.text
    assert "<script>" not in response.text.split("</header>", 1)[1]


def test_pagination_keeps_the_filters(client, serang):
    for n in range(25):
        ProgramFactory(theme="digital", title=f"Digital {n:02d}")
    ProgramFactory(theme="halal", title="Halal saja")
    first = client.get(LIST, {"theme": "digital"}).text
    assert "theme=digital&amp;page=2" in first
    second = client.get(LIST, {"theme": "digital", "page": "2"}).text
    assert second.count("Digital ") == 5
    assert "Halal saja" not in first + second


def list_queries(client, django_assert_num_queries, url):
    # years offered, kecamatan offered, the list's keys (its count too), page rows, the agency's
    # identity (common.agency): the same for one row or many (cold: nothing in the cache)
    cache.clear()
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_list_runs_a_fixed_number_of_queries(client, serang, django_assert_num_queries):
    ProgramFactory()
    list_queries(client, django_assert_num_queries, LIST)
    for n in range(40):
        program = ProgramFactory(start_date=datetime.date(2019 + n % 7, 1, 1))
        program.partners.add(PartnerFactory())
        ParticipantFactory(program=program)
    response = list_queries(client, django_assert_num_queries, LIST)
    assert response.text.count('<li>\n    <h2 class="h3">') == 20
    list_queries(client, django_assert_num_queries, LIST + "?year=2020&status=selesai&q=Uji&order=judul")


def test_detail_shows_facts_and_participants_only_as_figures(client, kecamatan):
    partner = PartnerFactory(name="Balai Uji")
    program = ProgramFactory(
        venue="Aula Besar", start_date=TODAY + 30 * DAY, registration_open=True, quota=10, theme="halal"
    )
    program.partners.add(partner)
    people = [
        PersonFactory(kecamatan=kecamatan["Petir"], sex="P"),
        PersonFactory(kecamatan=kecamatan["Petir"], sex="L"),
        PersonFactory(kecamatan=kecamatan["Kopo"], sex="P"),
    ]
    for person in people:
        ParticipantFactory(program=program, person=person, status=Participant.Status.SELECTED)
    applicant = ParticipantFactory(program=program, status=Participant.Status.APPLIED).person
    response = client.get(reverse("programs:detail", args=[program.slug]))
    text = response.text
    assert "Aula Besar" in text and "Balai Uji" in text and "sertifikasi halal" in text
    assert "7 orang" in text  # places left: quota 10 minus 3 selected (the applicant holds no place)
    assert "Petir" in text and "Kopo" in text and "perempuan" in text
    assert ">2<" in text  # two from Petir, two women
    for person in [*people, applicant]:
        for secret in (person.full_name, person.nik, person.phone, person.address):
            assert secret not in text


def test_detail_links_to_registration_only_while_open(client, serang):
    open_program = ProgramFactory(
        start_date=TODAY + 30 * DAY, registration_open=True, registration_closes_on=TODAY + 10 * DAY
    )
    text = client.get(reverse("programs:detail", args=[open_program.slug])).text
    assert f'href="{reverse("programs:apply", args=[open_program.slug])}"' in text
    assert "Daftar pelatihan ini" in text
    assert (TODAY + 10 * DAY).strftime("%Y") in text
    closed = ProgramFactory(start_date=TODAY - 30 * DAY)
    text = client.get(reverse("programs:detail", args=[closed.slug])).text
    assert "/daftar/" not in text
    assert "sudah ditutup" in text


def test_detail_runs_a_fixed_number_of_queries(client, serang, django_assert_num_queries):
    program = ProgramFactory()
    url = reverse("programs:detail", args=[program.slug])
    # program with places taken, partners, then figures by kecamatan, by sex, by group; the first
    # page also reads the agency's identity (common.agency)
    with django_assert_num_queries(6):
        client.get(url)
    for _ in range(15):
        ParticipantFactory(program=program)
        program.partners.add(PartnerFactory())
    with django_assert_num_queries(5):
        client.get(url)


def test_unknown_program_is_404(client, serang):
    assert client.get("/pelatihan/tidak-ada/").status_code == 404


def test_with_english_chosen_place_partners_and_contact_are_marked_indonesian(client, serang, settings):
    program = ProgramFactory(venue="Aula Dinas Uji", contact_person="Ibu Rina, bidang industri")
    program.partners.add(PartnerFactory(name="Balai Diklat Industri Uji"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("programs:detail", args=[program.slug])).text
    assert '<html lang="en">' in text and "Balai Diklat Industri Uji" in text
    indonesian = (program.title, "Aula Dinas Uji", "Balai Diklat Industri Uji", "Ibu Rina, bidang industri")
    assert unmarked(text, *indonesian) == []
