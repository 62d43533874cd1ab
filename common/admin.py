from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.admin_tools import PersonalDataAdmin
from common.models import ExportLog


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
