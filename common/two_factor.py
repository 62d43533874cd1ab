"""The second factor (TOTP, django-otp) at the back-office door.

Who must give one is decided here and nowhere else (`second_factor_required`): superusers
always; other staff by the setting TWO_FACTOR_REQUIRED_FOR:

- "superusers": superusers only;
- "personal_data" (the default): also staff who may see personal identifiers
  (`enterprises.view_personal_identifiers`) or export lists (`common.export_lists`);
- "all_staff": every staff login.

The portal's admin site (`common.admin_site.PortalAdminSite`) lets such a user in only once the
session is verified by a confirmed device. A user who has no device yet logs in with the password
and lands on the enrolment page (QR code and secret, confirmed by a first code); nothing else of
the back office opens before that.
"""

import segno
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.permissions import EXPORT_LISTS, PERSONAL_IDENTIFIERS

SUPERUSERS, PERSONAL_DATA, ALL_STAFF = "superusers", "personal_data", "all_staff"
SCOPES = (SUPERUSERS, PERSONAL_DATA, ALL_STAFF)
DEVICE_NAME = "Aplikasi autentikator"


def second_factor_required(user):
    """Whether this back-office user must prove a second factor before the admin opens."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    scope = settings.TWO_FACTOR_REQUIRED_FOR
    if scope == ALL_STAFF:
        return user.is_staff
    if scope == PERSONAL_DATA:
        return user.is_staff and (user.has_perm(PERSONAL_IDENTIFIERS) or user.has_perm(EXPORT_LISTS))
    return False


def is_verified(user):
    """Verified in this session by a confirmed device (django_otp.middleware.OTPMiddleware)."""
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def passes_second_factor(user):
    return not second_factor_required(user) or is_verified(user)


def needs_enrolment(user):
    return second_factor_required(user) and not user_has_device(user, confirmed=True)


def check_token(*, request, user, token):
    """The confirmed device that accepts `token`, else None. A wrong code counts as a failed login
    for the login throttle (django-axes), like a wrong password."""
    device = match_token(user, (token or "").strip()) if token else None
    if device is None:
        user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
    return device


def _enrolment_device(user):
    """The user's unconfirmed device, made once, so reloading the page keeps the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _base32(device):
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


@never_cache
def enrol_view(request, admin_site):
    """Set up an authenticator app: the QR code and the secret, confirmed by the first code."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return redirect("admin:login")
    if user_has_device(user, confirmed=True):
        return redirect("admin:index")
    device = _enrolment_device(user)
    error = ""
    if request.method == "POST":
        token = request.POST.get("otp_token", "").strip()
        allowed, _details = device.verify_is_allowed()
        if token and device.verify_token(token):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect("admin:index")
        if allowed:
            error = _("Kode itu tidak cocok. Masukkan kode 6 angka yang sedang tampil di aplikasi autentikator.")
        else:  # django-otp makes each further try after a wrong code wait longer (1 s, 2 s, 4 s, ...)
            error = _("Terlalu cepat setelah kode yang salah. Tunggu beberapa detik, lalu masukkan kode yang baru.")
    secret = _base32(device)
    context = {
        **admin_site.each_context(request),
        "title": _("Pasang verifikasi dua langkah"),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#1a1a1a"),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "error": error,
    }
    return render(request, "admin/two_factor/enrol.html", context, status=400 if error else 200)


@require_POST
def logout_view(request):
    """Leave before enrolling: the admin's own logout only answers users the admin lets in."""
    auth.logout(request)
    return redirect("admin:login")
