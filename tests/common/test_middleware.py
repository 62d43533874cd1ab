"""Control characters in a request get the portal's 400 page, in the reader's language, before
any view runs; the application form counts its rate limit before it reads the submission."""

import pytest
from django.conf import settings
from django.test import Client, override_settings

from programs import views_applications
from programs.models import Participant
from regions.models import Desa
from tests.factories import OpenProgramFactory, nik_for
from tests.logins import login_verified

pytestmark = pytest.mark.django_db

EXPLANATION_ID = "karakter kendali"
EXPLANATION_EN = "control characters"


@pytest.fixture
def open_program(serang):
    return OpenProgramFactory()


@pytest.fixture
def application(kecamatan):
    kragilan = kecamatan["Kragilan"]
    return {
        "full_name": "Siti Uji Pendaftar",
        "nik": nik_for(kragilan, 9001),
        "sex": "P",
        "birth_date": "1990-08-15",
        "phone": "0812 3456 7890",
        "kecamatan": kragilan.code,
        "desa": Desa.objects.filter(kecamatan=kragilan).order_by("code").first().code,
        "enterprise_name": "Emping Bu Siti",
        "sector": "kuliner",
        "products": "emping melinjo",
        "turnover_band": "lt300jt",
        "motivation": "Ingin belajar.\r\nTerima kasih.",
        "consent": "on",
    }


@pytest.fixture
def superuser_client(django_user_model):
    client = Client()
    login_verified(client, django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    return client


def test_a_nul_in_the_application_form_gets_the_400_page_and_saves_nothing(client, open_program, application):
    response = client.post(f"/pelatihan/{open_program.slug}/daftar/", {**application, "kecamatan": "\x00"})
    assert response.status_code == 400
    assert EXPLANATION_ID in response.text
    assert "Permintaan tidak dapat diproses" in response.text
    assert 'class="site-header"' in response.text
    assert Participant.objects.count() == 0


def test_the_400_page_speaks_english_to_an_english_reader(client, open_program, application):
    """English is the visitor's explicit choice (the language switch's cookie), not the browser's."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(f"/pelatihan/{open_program.slug}/daftar/", {**application, "full_name": "Siti\x07"})
    assert response.status_code == 400
    assert EXPLANATION_EN in response.text


@pytest.mark.parametrize(
    "query",
    ["q=%00", "q=abc%00def", "%00=1", "q=a%09b", "q=line%0Abreak", "kecamatan=%1B", "order=%7F", "q=%01&page=2"],
)
def test_control_characters_in_a_public_query_string_get_a_400(client, serang, query):
    response = client.get(f"/koperasi/?{query}")
    assert response.status_code == 400
    assert EXPLANATION_ID in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/admin/programs/participant/?q=%00",
        "/admin/programs/participant/?tahun=%00",
        "/admin/programs/participant/?person__kecamatan__code__exact=%00",
        "/admin/autocomplete/?term=%00&app_label=programs&model_name=participant&field_name=person",
        "/admin/regions/kecamatan/36.04.01%00/change/",
    ],
)
def test_control_characters_in_admin_urls_get_a_400(superuser_client, serang, url):
    response = superuser_client.get(url)
    assert response.status_code == 400
    assert EXPLANATION_ID in response.text


def test_a_control_character_in_an_admin_form_gets_a_400(superuser_client, serang):
    response = superuser_client.post("/admin/programs/partner/add/", {"name": "Mitra\x00", "kind": "perusahaan"})
    assert response.status_code == 400


def test_line_breaks_and_tabs_in_form_fields_are_ordinary_text(client, open_program, application):
    response = client.post(
        f"/pelatihan/{open_program.slug}/daftar/", {**application, "motivation": "Satu\tdua\r\ntiga\nempat"}
    )
    assert response.status_code == 302
    assert Participant.objects.get().motivation.startswith("Satu\tdua")


def test_ordinary_unicode_passes(client, serang):
    assert client.get("/koperasi/?q=Jos%C3%A9+%E2%80%94+%F0%9F%98%80").status_code == 200


@override_settings(APPLICATION_RATE_LIMIT=1)
def test_the_rate_limit_is_counted_before_the_submission_is_read(client, open_program, application, monkeypatch):
    url = f"/pelatihan/{open_program.slug}/daftar/"
    address = {"REMOTE_ADDR": "10.9.8.7"}
    assert client.post(url, {**application, "nik": "123"}, **address).status_code == 200

    bound = []

    class Watched(views_applications.ApplicationForm):
        def __init__(self, *args, **kwargs):
            bound.append(bool(args) or "data" in kwargs)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(views_applications, "ApplicationForm", Watched)
    limited = client.post(url, application, **address)
    assert limited.status_code == 429
    assert bound == [False]  # one form, unbound: nothing of the submission was validated
    assert 'value="Emping Bu Siti"' in limited.text  # what was typed comes back
    assert Participant.objects.count() == 0


# --- SecurityHeadersMiddleware ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/pelatihan/", "/tidak-ada/", "/admin/login/"])
def test_every_answer_carries_the_csp_and_the_permissions_policy(client, serang, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_templates_carry_no_inline_script_handler_or_style():
    """The CSP refuses them; the browser test (tests/browser/test_csp.py) proves it page by page."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|<style", re.IGNORECASE)
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in [*root.glob("templates/**/*.html"), *root.glob("*/templates/**/*.html")]
        if ".venv" not in path.parts
        for match in inline.finditer(path.read_text())
    ]
    assert not found, found
