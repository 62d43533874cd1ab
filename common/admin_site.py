"""The portal's admin site: Django's, with autocomplete labels that tell people apart.

"Siti Aminah" is a common name; staff picking a participant need to see "Siti Aminah — Tegalmaja,
Kragilan". A ModelAdmin that defines `autocomplete_label(obj)` gives that text.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class PortalAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = str(label(obj))
        return result


class PortalAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return PortalAutocompleteJsonView.as_view(admin_site=self)(request)


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's site, for INSTALLED_APPS."""

    default_site = "common.admin_site.PortalAdminSite"
