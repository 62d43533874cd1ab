"""The second factor at the back-office door (common.two_factor, common.admin_site): who must give
one, the login form that asks for the code, enrolment with a QR code, and where a login lands."""

import re

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.two_factor import second_factor_required
from tests.files import EXPORT_PERMS, PERSONAL, grant
from tests.logins import confirmed_device, current_code, login_verified

pytestmark = pytest.mark.django_db

PASSWORD = "kata-sandi-yang-benar-123"


def log_in(client, username, code="", next_url="/admin/"):
    return client.post(
        f"/admin/login/?next={next_url}",
        {"username": username, "password": PASSWORD, "otp_token": code, "next": next_url},
    )


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)


@pytest.fixture
def officer_with_personal_data(django_user_model):
    user = django_user_model.objects.create_user("petugas-data", password=PASSWORD, is_staff=True)
    return grant(user, PERSONAL)


@pytest.fixture
def exporter(django_user_model):
    user = django_user_model.objects.create_user("petugas-ekspor", password=PASSWORD, is_staff=True)
    return grant(user, EXPORT_PERMS)


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_user("juru-tulis", password=PASSWORD, is_staff=True)


# --- who -----------------------------------------------------------------------------------------


def test_by_default_superusers_and_holders_of_personal_data_or_exports_need_a_second_factor(
    superuser, officer_with_personal_data, exporter, clerk
):
    assert second_factor_required(superuser)
    assert second_factor_required(officer_with_personal_data)
    assert second_factor_required(exporter)
    assert not second_factor_required(clerk)


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("superusers", {"admin"}),
        ("personal_data", {"admin", "petugas-data", "petugas-ekspor"}),
        ("all_staff", {"admin", "petugas-data", "petugas-ekspor", "juru-tulis"}),
    ],
)
def test_the_setting_chooses_who_else(scope, expected, superuser, officer_with_personal_data, exporter, clerk):
    with override_settings(TWO_FACTOR_REQUIRED_FOR=scope):
        users = [superuser, officer_with_personal_data, exporter, clerk]
        assert {user.username for user in users if second_factor_required(user)} == expected


# --- the login form --------------------------------------------------------------------------------


def test_the_password_alone_does_not_open_the_back_office_to_a_superuser_with_a_device(superuser):
    confirmed_device(superuser)
    client = Client()
    response = log_in(client, "admin")
    assert response.status_code == 200
    assert "Kode verifikasi salah atau kosong" in response.text
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused(superuser):
    device = confirmed_device(superuser)
    wrong = f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"
    client = Client()
    assert "Kode verifikasi salah" in log_in(client, "admin", wrong).text
    assert "_auth_user_id" not in client.session


def test_password_and_the_current_code_open_the_back_office(superuser):
    device = confirmed_device(superuser)
    client = Client()
    response = log_in(client, "admin", current_code(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/enterprises/person/").status_code == 200


def test_a_code_is_good_once(superuser):
    device = confirmed_device(superuser)
    code = current_code(device)
    assert log_in(Client(), "admin", code).status_code == 302
    assert "Kode verifikasi salah" in log_in(Client(), "admin", code).text


def test_staff_who_need_no_second_factor_log_in_with_the_password(clerk):
    client = Client()
    response = log_in(client, "juru-tulis")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("fixture", ["superuser", "officer_with_personal_data", "exporter"])
def test_a_session_without_a_verified_device_is_kept_out(fixture, request):
    user = request.getfixturevalue(fixture)
    confirmed_device(user)
    client = Client()
    client.force_login(user)  # the password was right, the code was never given
    for url in ("/admin/", "/admin/enterprises/person/", "/admin/programs/program/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url


# --- enrolment -----------------------------------------------------------------------------------


def secret_on_the_page(text):
    return re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', text).group(1).replace(" ", "")


def test_staff_without_a_device_enrol_with_a_qr_code_and_a_first_code(officer_with_personal_data):
    client = Client()
    response = log_in(client, "petugas-data")
    assert response.status_code == 302
    # The back office stays shut; its door leads to enrolment.
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/verifikasi-dua-langkah/"
    page = response.text
    assert "<svg" in page and "Pasang verifikasi dua langkah" in page
    assert client.get("/admin/").status_code == 302

    device = TOTPDevice.objects.get(user=officer_with_personal_data)
    assert not device.confirmed
    from base64 import b32encode

    assert secret_on_the_page(page) == b32encode(device.bin_key).decode()
    # Reloading keeps the same secret (the app may already have it).
    assert secret_on_the_page(client.get("/admin/verifikasi-dua-langkah/").text) == secret_on_the_page(page)

    wrong = f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"
    response = client.post("/admin/verifikasi-dua-langkah/", {"otp_token": wrong})
    assert response.status_code == 400 and "tidak cocok" in response.text
    device.refresh_from_db()
    assert not device.confirmed
    # django-otp makes the next try wait after a wrong code; a few seconds pass.
    assert "Tunggu beberapa detik" in client.post("/admin/verifikasi-dua-langkah/", {"otp_token": "000000"}).text
    device.throttle_reset()

    response = client.post("/admin/verifikasi-dua-langkah/", {"otp_token": current_code(device)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_enrolment_is_offered_only_to_a_logged_in_staff_member_without_a_device(superuser):
    assert Client().get("/admin/verifikasi-dua-langkah/")["Location"] == "/admin/login/"
    client = Client()
    login_verified(client, superuser)  # a device is already confirmed: nothing to set up
    assert client.get("/admin/verifikasi-dua-langkah/")["Location"] == "/admin/"
    assert TOTPDevice.objects.filter(user=superuser).count() == 1


def test_a_staff_member_can_leave_instead_of_enrolling(officer_with_personal_data):
    client = Client()
    log_in(client, "petugas-data")
    response = client.post("/admin/verifikasi-dua-langkah/keluar/")
    assert response["Location"] == "/admin/login/"
    assert "_auth_user_id" not in client.session


# --- where a login lands -------------------------------------------------------------------------


@pytest.mark.parametrize("next_url", ["https://penipu.example/admin/", "//penipu.example/", ""])
def test_a_refused_next_lands_in_the_back_office_never_on_a_404(clerk, next_url):
    client = Client()
    response = client.post(
        "/admin/login/", {"username": "juru-tulis", "password": PASSWORD, "otp_token": "", "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


def test_a_safe_next_is_followed(clerk):
    client = Client()
    response = log_in(client, "juru-tulis", next_url="/admin/programs/program/")
    assert response["Location"] == "/admin/programs/program/"
