"""The back office's login form: username, password and the authenticator app's code."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from common import two_factor


class PortalAuthenticationForm(AdminAuthenticationForm):
    """Username, password and, for staff who have set up an authenticator app, its 6-digit code."""

    otp_token = forms.CharField(
        label=_("Kode verifikasi"),
        required=False,
        max_length=8,
        help_text=_("6 angka dari aplikasi autentikator; kosongkan bila belum memasangnya."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()  # checks the password (and the throttle) first
        user = self.get_user()
        if user is not None and two_factor.second_factor_required(user) and user_has_device(user, confirmed=True):
            device = two_factor.check_token(request=self.request, user=user, token=cleaned.get("otp_token"))
            if device is None:
                raise forms.ValidationError(
                    _(
                        "Kode verifikasi salah atau kosong. "
                        "Masukkan 6 angka yang sedang tampil di aplikasi autentikator."
                    ),
                    code="invalid_token",
                )
            user.otp_device = device  # django_otp verifies the session when Django logs the user in
        return cleaned
