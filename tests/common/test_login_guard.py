"""Failed back-office logins are throttled per account and per address (django-axes, counted in
the database), with a page that says when to try again and whom to ask."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.test import Client

from tests.logins import confirmed_device, current_code

pytestmark = pytest.mark.django_db

PASSWORD = "kata-sandi-yang-benar-123"


def log_in(client, username, password, address, code="", **headers):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "otp_token": code, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


@pytest.fixture
def admin_user(django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    return user, confirmed_device(user)


@pytest.fixture
def clerk(django_user_model):
    """Staff who need no second factor (no personal data, no exports)."""
    return django_user_model.objects.create_user("juru-tulis", password=PASSWORD, is_staff=True)


def assert_logged_in(client, response):
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_thirty_wrong_passwords_then_the_right_one_is_refused(admin_user):
    user, device = admin_user
    client = Client()
    for _attempt in range(30):
        assert log_in(client, "admin", "tebakan-salah", "203.0.113.7").status_code in (200, 429)

    response = log_in(client, "admin", PASSWORD, "203.0.113.7", current_code(device))

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Terlalu banyak percobaan masuk" in response.text
    assert "Coba lagi setelah pukul" in response.text
    assert settings.ADMIN_CONTACT in response.text
    assert 'class="site-header"' in response.text  # the portal's own page
    # The lock holds for the account from any address, and for the address with any account.
    assert log_in(Client(), "admin", PASSWORD, "198.51.100.20", current_code(device)).status_code == 429


def test_the_lockout_page_speaks_english_to_an_english_reader(admin_user):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "admin", "tebakan-salah", "203.0.113.7")
    reader = Client()
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # English chosen with the language switch
    response = log_in(reader, "admin", PASSWORD, "203.0.113.7")
    assert response.status_code == 429
    assert "Try again after" in response.text and settings.ADMIN_CONTACT in response.text


def test_another_account_from_another_address_is_unaffected(admin_user, clerk):
    for _attempt in range(30):
        log_in(Client(), "admin", "tebakan-salah", "203.0.113.7")
    client = Client()
    assert_logged_in(client, log_in(client, "juru-tulis", PASSWORD, "198.51.100.20"))


def test_an_address_that_guesses_many_accounts_is_locked_for_all(admin_user, clerk):
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), f"tebakan-{number}", "tebakan-salah", "203.0.113.7")
    assert log_in(Client(), "juru-tulis", PASSWORD, "203.0.113.7").status_code == 429
    client = Client()
    assert_logged_in(client, log_in(client, "juru-tulis", PASSWORD, "198.51.100.20"))


def test_the_count_lives_in_the_database_not_in_one_process_cache(admin_user):
    """Several app processes agree: the failures are rows, so an empty cache does not forget them."""
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "admin", "tebakan-salah", "203.0.113.7")
    cache.clear()
    assert AccessAttempt.objects.filter(username="admin").exists()
    assert log_in(Client(), "admin", PASSWORD, "203.0.113.7").status_code == 429


def test_wrong_codes_count_like_wrong_passwords(admin_user):
    _user, device = admin_user
    wrong = f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(Client(), "admin", PASSWORD, "203.0.113.7", wrong)
        assert response.status_code in (200, 429) and "_auth_user_id" not in response.client.session
    assert log_in(Client(), "admin", PASSWORD, "203.0.113.7", current_code(device)).status_code == 429


def test_the_lock_lifts_after_the_cool_off(admin_user):
    _user, device = admin_user
    for _attempt in range(30):
        log_in(Client(), "admin", "tebakan-salah", "203.0.113.7")
    assert log_in(Client(), "admin", PASSWORD, "203.0.113.7", current_code(device)).status_code == 429

    # Time passes (the attempts are moved back rather than the clock forward): just before the
    # cool-off ends the lock holds, just after it lifts.
    almost = settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - almost)
    assert log_in(Client(), "admin", PASSWORD, "203.0.113.7", current_code(device)).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME)

    client = Client()
    assert_logged_in(client, log_in(client, "admin", PASSWORD, "203.0.113.7", current_code(device)))
