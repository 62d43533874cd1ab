from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.admin_tools import PersonalDataAdmin, PortalHistoryAdmin
from common.agency import EMBLEM_MAX_BYTES, from_profile, read_emblem
from common.models import AgencyProfile, ExportLog


class AgencyProfileForm(forms.ModelForm):
    emblem_file = forms.FileField(
        label=_("ganti lambang"),
        required=False,
        help_text=_("Gambar PNG, JPEG atau SVG, paling besar 512 KB; sebaiknya persegi."),
    )
    remove_emblem = forms.BooleanField(
        label=_("kembali ke lambang bawaan portal"), required=False, help_text=_("Menghapus lambang yang diunggah.")
    )

    class Meta:
        model = AgencyProfile
        fields = ["name", "short_name", "address", "phone", "whatsapp", "email", "office_hours", "social_links"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "social_links": forms.Textarea(attrs={"rows": 4})}

    def clean_emblem_file(self):
        upload = self.cleaned_data.get("emblem_file")
        if not upload:
            return None
        try:
            return read_emblem(upload.read(EMBLEM_MAX_BYTES + 1))  # enough to tell it is too big
        finally:
            upload.close()

    def save(self, commit=True):
        profile = super().save(commit=False)
        if self.cleaned_data.get("emblem_file"):
            profile.set_emblem(*self.cleaned_data["emblem_file"])
        elif self.cleaned_data.get("remove_emblem"):
            profile.set_emblem(None, "")
        if commit:
            profile.save()
        return profile


@admin.register(AgencyProfile)
class AgencyProfileAdmin(PortalHistoryAdmin):
    """One form, no list: the agency's name, contact and emblem as the public pages show them.
    Before its first save it holds the installation's settings (common.agency)."""

    form = AgencyProfileForm
    fieldsets = [
        (None, {"fields": ["name", "short_name", "address"]}),
        (_("Kontak"), {"fields": ["phone", "whatsapp", "email", "office_hours", "social_links"]}),
        (_("Lambang"), {"fields": ["emblem_preview", "emblem_file", "remove_emblem"]}),
    ]
    readonly_fields = ["emblem_preview"]

    @admin.display(description=_("lambang sekarang"))
    def emblem_preview(self, obj):
        return format_html('<img src="{}" alt="" class="agency-emblem-preview">', from_profile(obj).emblem_url)

    def get_object(self, request, object_id, from_field=None):
        if str(object_id) != str(AgencyProfile.SINGLETON_ID):
            return None
        return AgencyProfile.current()

    def changelist_view(self, request, extra_context=None):
        url = reverse("admin:common_agencyprofile_change", args=[AgencyProfile.SINGLETON_ID])
        return redirect(url)

    def has_add_permission(self, request):
        return False  # one row, written by the change form

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExportLog)
class ExportLogAdmin(PersonalDataAdmin):
    """Read-only record of every list that left the portal; visible to administrators (holders of
    common.view_exportlog), written only by the exports themselves."""

    list_display = ["created_at", "username", "what", "file_format", "row_count", "personal_included", "finished"]
    list_filter = ["what", "file_format", "personal_included"]
    search_fields = ["username", "description"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in ExportLog._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-otp's own admin shows each device's secret and QR code, and its extra views answer an
# unknown id with a 500; ours lists the authenticators and lets an administrator delete one.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(PersonalDataAdmin):
    """Staff's authenticator apps (common.two_factor). The secret never shows here: for a lost
    phone an administrator deletes the device, and the user's next login enrols a new one."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = readonly_fields = ["user", "name", "confirmed", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # staff enrol their own phone, at login

    def has_change_permission(self, request, obj=None):
        return False


# The task queue's own admin (django_tasks_db) shows every task's arguments and results; staff
# follow their exports on the progress page instead, and operators read the queue from the worker's
# log. Not a screen of the back office.
def _unregister_task_results():
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)


_unregister_task_results()


# django-axes' own screens (lockouts, the log of logins) with the portal's changelist guard: a
# hostile date-hierarchy year there ended in a 500 (found by tests/test_fuzz.py).
def _guard_login_throttle_admins():
    from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model, screen in (
        (AccessAttempt, AccessAttemptAdmin),
        (AccessLog, AccessLogAdmin),
        (AccessFailureLog, AccessFailureLogAdmin),
    ):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
            admin.site.register(model, type(screen.__name__, (PersonalDataAdmin, screen), {}))


_guard_login_throttle_admins()
