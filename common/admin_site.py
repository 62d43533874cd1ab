"""The portal's admin site: Django's, with autocomplete labels that tell people apart, and a
door that asks for a second factor.

"Siti Aminah" is a common name; staff picking a participant need to see "Siti Aminah — Tegalmaja,
Kragilan". A ModelAdmin that defines `autocomplete_label(obj)` gives that text.

The door: failed logins are throttled per account and per address by django-axes (settings
AXES_*; its backend sits first in AUTHENTICATION_BACKENDS, the answer is
`common.login_guard.lockout_response`), and staff who must give a second factor
(`common.two_factor.second_factor_required`) are let in only with a session verified by their
authenticator app; the login form asks for its code.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.shortcuts import redirect
from django.urls import path


class PortalAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = str(label(obj))
        return result


class PortalAdminSite(admin.AdminSite):
    # Imported when first used: this module is loaded with INSTALLED_APPS, before any model.
    @property
    def login_form(self):
        from common.admin_login import PortalAuthenticationForm

        return PortalAuthenticationForm

    def has_permission(self, request):
        from common import two_factor

        return super().has_permission(request) and two_factor.passes_second_factor(request.user)

    def login(self, request, extra_context=None):
        from common import two_factor

        # Logged in by password, but a second factor is due and no device is set up yet: enrol.
        if request.method == "GET" and request.user.is_active and request.user.is_staff:
            if two_factor.needs_enrolment(request.user):
                return redirect("admin:two_factor_enrol")
        return super().login(request, extra_context)

    def get_urls(self):
        from common import two_factor

        return [
            path("verifikasi-dua-langkah/", self.two_factor_enrol, name="two_factor_enrol"),
            path("verifikasi-dua-langkah/keluar/", two_factor.logout_view, name="two_factor_logout"),
            *super().get_urls(),
        ]

    def two_factor_enrol(self, request):
        from common import two_factor

        return two_factor.enrol_view(request, self)

    def autocomplete_view(self, request):
        return PortalAutocompleteJsonView.as_view(admin_site=self)(request)


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's site, for INSTALLED_APPS."""

    default_site = "common.admin_site.PortalAdminSite"
