"""Logging in to the back office in tests, second factor included.

The admin lets staff who must give a second factor (common.two_factor) in only with a session
verified by a confirmed TOTP device, in the tests as in production. `login_verified` does what a
correct code at the login form does; the login form and enrolment themselves are tested for real
in tests/common/test_two_factor.py with codes computed by `current_code`."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user):
    """The user's authenticator (made, confirmed, on first use)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Aplikasi uji", confirmed=True)


def login_verified(client, user):
    """client.force_login(user), with the session verified by the user's authenticator."""
    device = confirmed_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def current_code(device, *, steps_ahead=0):
    """The 6-digit code the authenticator app shows now (or `steps_ahead` 30-second steps later)."""
    counter = totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step, digits=device.digits)
    return f"{counter:0{device.digits}d}"


def log_in_to_back_office(page, username, password):
    """The back office's login form as staff fill it: username, password and the code their
    authenticator app shows (a confirmed device is made for the user if they have none)."""
    from django.contrib.auth import get_user_model

    device = confirmed_device(get_user_model().objects.get(username=username))
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.fill("#id_otp_token", current_code(device))
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    assert "/admin/login/" not in page.url, page.inner_text("#content")
