"""The agency's identity and contact, kept in the back office (issue 13): an administrator edits
the one form, uploads the emblem, and every public page, refusal, error page and e-mail shows the
new values; bad input gets a sentence and saves nothing; other staff may read it, not change it."""

import io

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common.agency import agency_for_error_pages, current_agency
from common.errors import server_error
from common.models import AgencyProfile
from tests.logins import login_verified

pytestmark = pytest.mark.django_db

FORM = "/admin/common/agencyprofile/1/change/"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>'


def png(size=(64, 64), colour=(11, 83, 148)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def filled(**changes):
    data = {
        "name": "Dinas Koperasi, UMKM, Perindustrian dan Perdagangan Kabupaten Serang",
        "short_name": "Diskoumperindag",
        "address": "Jl. Veteran No. 1, Serang",
        "phone": "(0254) 200123",
        "whatsapp": "0812 1111 2222",
        "email": "layanan@diskoumperindag.example.org",
        "office_hours": "Senin–Kamis 08.00–15.30 WIB",
        "social_links": "Instagram | https://instagram.com/diskoumperindag\r\nYouTube | https://youtube.com/@dinas",
    }
    return {**data, **changes}


@pytest.fixture
def administrator(roles, staff_in, client):
    login_verified(client, staff_in("Administrator"))
    return client


def test_the_form_opens_on_the_installations_settings_and_the_list_leads_to_it(administrator, serang):
    response = administrator.get("/admin/common/agencyprofile/")
    assert response.status_code == 302 and response["Location"] == FORM
    form = administrator.get(FORM).context["adminform"].form
    assert form.initial["phone"] == "(0254) 000000" and form.initial["whatsapp"] == "6281200000000"
    assert not AgencyProfile.objects.exists()  # opening the form writes nothing


def test_what_the_administrator_saves_is_on_every_public_page(administrator, client, serang):
    emblem = png()
    response = administrator.post(
        FORM, {**filled(), "emblem_file": SimpleUploadedFile("lambang-serang.png", emblem, "image/png")}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    profile = AgencyProfile.objects.get()
    assert profile.whatsapp == "6281211112222"  # kept as wa.me wants it
    assert profile.history.count() == 1 and profile.history.get().history_user.username == "administrator"

    for url in ("/", "/pelatihan/", "/pelatihan/cek-status/", "/tidak-ada/"):
        text = client.get(url).text
        assert 'href="tel:0254200123"' in text and "https://wa.me/6281211112222" in text, url
        assert "Jl. Veteran No. 1, Serang" in text and "Senin–Kamis 08.00–15.30 WIB" in text, url
        assert 'href="https://instagram.com/diskoumperindag"' in text, url
        emblem_url = f"/lambang/{profile.emblem_digest}/"
        assert f'src="{emblem_url}"' in text and f'rel="icon" href="{emblem_url}" type="image/png"' in text, url
        assert f'<meta property="og:image" content="http://testserver{emblem_url}">' in text, url

    served = client.get(f"/lambang/{profile.emblem_digest}/")
    assert served.content == emblem and served["Content-Type"] == "image/png"
    assert "immutable" in served["Cache-Control"] and "sandbox" in served["Content-Security-Policy"]
    assert client.get("/lambang/0000000000000000/").status_code == 404
    assert client.get("/favicon.ico")["Location"] == f"/lambang/{profile.emblem_digest}/"


def test_error_pages_and_emails_use_the_saved_contact(administrator, client, serang, rf):
    assert administrator.post(FORM, filled(name="Dinas KUKMPP Kabupaten Serang")).status_code == 302
    client.get("/")  # this process reads the saved identity …
    page = server_error(rf.get("/")).content.decode()  # … and its error page needs no database for it
    assert "(0254) 200123" in page and "wa.me/6281211112222" in page

    from programs import notify
    from tests.factories import ApplicantFactory, PersonFactory

    applicant = ApplicantFactory(person=PersonFactory(email="siti@example.org"))
    mail.outbox.clear()
    assert notify.send_reference_code(participant=applicant, status_url="https://portal.example/cek/")
    assert "Dinas KUKMPP Kabupaten Serang" in mail.outbox[0].body


def test_an_error_page_before_any_read_falls_back_to_the_settings(serang):
    AgencyProfile(id=1, **filled(whatsapp="6281211112222")).save()
    assert agency_for_error_pages().phone == "(0254) 000000"  # nothing read yet in this process
    assert current_agency().phone == "(0254) 200123"
    assert agency_for_error_pages().phone == "(0254) 200123"


@pytest.mark.parametrize(
    ("changes", "upload", "field", "sentence"),
    [
        ({"whatsapp": "nomor kantor"}, None, "whatsapp", "Tulis nomor WhatsApp Indonesia"),
        ({"social_links": "Instagram instagram.com/dinas"}, None, "social_links", "tidak terbaca"),
        ({"social_links": "Jahat | javascript:alert(1)"}, None, "social_links", "tidak terbaca"),
        ({}, ("lambang.gif", b"GIF89a\x01\x00\x01\x00"), "emblem_file", "PNG, JPEG atau SVG"),
        ({}, ("lambang.png", b"not a picture at all"), "emblem_file", "PNG, JPEG atau SVG"),
        ({}, ("besar.png", png() + b"\0" * 600_000), "emblem_file", "paling besar 512 KB"),
        (
            {},
            ("bom.svg", b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'),
            "emblem_file",
            "PNG, JPEG atau SVG",
        ),
    ],
)
def test_bad_input_gets_a_sentence_and_saves_nothing(administrator, serang, changes, upload, field, sentence):
    data = filled(**changes)
    if upload:
        data["emblem_file"] = SimpleUploadedFile(upload[0], upload[1])
    response = administrator.post(FORM, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert sentence in " ".join(errors[field]), errors
    assert not AgencyProfile.objects.exists()


def test_an_svg_emblem_is_taken_and_can_be_removed_again(administrator, client, serang):
    upload = SimpleUploadedFile("lambang.svg", SVG, "image/svg+xml")
    assert administrator.post(FORM, {**filled(), "emblem_file": upload}).status_code == 302
    profile = AgencyProfile.objects.get()
    assert profile.emblem_type == "image/svg+xml" and bytes(profile.emblem) == SVG
    assert administrator.post(FORM, {**filled(), "remove_emblem": "on"}).status_code == 302
    profile.refresh_from_db()
    assert profile.emblem is None and profile.emblem_digest == ""
    text = client.get("/").text
    assert 'src="/static/img/emblem.svg"' in text and 'rel="icon" href="/static/img/favicon.svg"' in text


def test_a_link_shared_on_whatsapp_shows_a_png_even_with_an_svg_emblem(administrator, client, serang):
    upload = SimpleUploadedFile("lambang.svg", SVG, "image/svg+xml")
    assert administrator.post(FORM, {**filled(), "emblem_file": upload}).status_code == 302
    text = client.get("/pelatihan/").text
    assert '<meta property="og:image" content="http://testserver/static/img/share.png">' in text
    with Image.open(finders.find("img/share.png")) as image:
        assert image.format == "PNG" and image.size == (1200, 630)  # the size WhatsApp and Facebook ask for


def test_other_staff_read_the_identity_but_cannot_change_it(roles, staff_in, client, serang):
    login_verified(client, staff_in("Bidang UMKM"))
    assert client.get(FORM).status_code == 200  # read-only: every staff member may see whom the public calls
    assert client.post(FORM, filled()).status_code == 403
    assert not AgencyProfile.objects.exists()
