"""The back office of the papers: signing officials per bidang, and certificates (revoking one)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from common.admin_tools import PortalHistoryAdmin
from programs import certificates
from programs.models import Certificate, Official


class OfficialForm(forms.ModelForm):
    class Meta:
        model = Official
        fields = ["bidang", "name", "position", "nip", "active", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "nip" in self.fields:
            self.fields["nip"].validators = []  # checked by the model once the spaces are gone

    def clean_nip(self):
        # People write a NIP in groups: 19700101 199003 1 002.
        return "".join(self.cleaned_data.get("nip", "").split())


@admin.register(Official)
class OfficialAdmin(PortalHistoryAdmin):
    form = OfficialForm
    list_display = ["name", "position", "bidang", "nip", "active", "order"]
    list_filter = ["bidang", "active"]
    search_fields = ["name", "position"]
    sortable_by = ["name"]


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("alasan pencabutan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


@admin.register(Certificate)
class CertificateAdmin(PortalHistoryAdmin):
    list_display = ["number", "holder_name", "program", "issued_on", "revoked_at"]
    list_select_related = ["program"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["=number", "holder_name"]
    sortable_by = ["number", "issued_on"]
    ordering = ["-id"]
    fields = ["program", "holder_name", "number", "issued_on", "verification", "revoked_at", "revoked_reason"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # given on the program's papers page (programs.certificates.issue_certificates)

    def has_delete_permission(self, request, obj=None):
        return False  # a number is never reused: the row stays, revoked if need be

    @admin.display(description=_("halaman verifikasi"))
    def verification(self, obj):
        url = reverse("certificate_verify", args=[obj.code])
        return format_html('<a href="{}">{}</a>', url, url)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:certificate_id>/cabut/", wrap(self.revoke_view), name="programs_certificate_revoke"),
        ] + super().get_urls()

    def revoke_view(self, request, certificate_id):
        certificate = get_object_or_404(Certificate, pk=certificate_id)
        if not self.has_change_permission(request, certificate):
            raise PermissionDenied
        form = RevokeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                certificates.revoke_certificate(certificate=certificate, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _gettext("Sertifikat %(number)s dicabut.") % {"number": certificate.number})
                return redirect("admin:programs_certificate_change", certificate.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _gettext("Cabut sertifikat %(number)s") % {"number": certificate.number},
            "certificate": certificate,
            "form": form,
        }
        return TemplateResponse(request, "admin/programs/certificate/revoke.html", context)
