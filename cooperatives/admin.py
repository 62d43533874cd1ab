from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin_tools import DesaOfChosenKecamatanFilter, PortalHistoryAdmin, PortalKecamatanFilter
from cooperatives.exports import cooperative_export_actions
from cooperatives.models import Cooperative, RatRecord
from cooperatives.rules import Status
from cooperatives.services import refresh_last_rat_book_years


class StatusFilter(admin.SimpleListFilter):
    """By the derived status (cooperatives/rules.py), computed in SQL."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.filter(status=self.value())
        return queryset


class RatOverdueFilter(admin.SimpleListFilter):
    title = _("RAT")
    parameter_name = "rat"

    def lookups(self, request, model_admin):
        return [("terlambat", _("RAT tahun buku terakhir belum dilaksanakan"))]

    def queryset(self, request, queryset):
        if self.value() == "terlambat":
            return queryset.rat_overdue()
        return queryset


class RatRecordInline(admin.TabularInline):
    model = RatRecord
    extra = 1
    fields = ["book_year", "held_on", "attendees", "notes"]


@admin.register(Cooperative)
class CooperativeAdmin(PortalHistoryAdmin):
    list_display = ["name", "kind", "kecamatan", "last_rat_book_year", "status_display", "is_merah_putih"]
    list_select_related = ["kecamatan"]
    list_filter = [
        StatusFilter,
        RatOverdueFilter,
        ("kecamatan", PortalKecamatanFilter),
        ("desa", DesaOfChosenKecamatanFilter),
        "kind",
        "is_merah_putih",
        "runs_business",
        "last_rat_book_year",
    ]
    search_fields = ["name", "=nik_koperasi", "legal_entity_number", "chair_name"]
    sortable_by = ["name", "last_rat_book_year"]
    autocomplete_fields = ["kecamatan", "desa"]
    readonly_fields = ["last_rat_book_year", "status_with_reason"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "kind",
                    "is_merah_putih",
                    "legal_entity_number",
                    "founded_on",
                    "nik_koperasi",
                    "kecamatan",
                    "desa",
                    "members",
                    "chair_name",
                ]
            },
        ),
        (
            _("Status"),
            {
                "fields": [
                    "runs_business",
                    "last_rat_book_year",
                    "status_with_reason",
                    "status_override",
                    "status_override_reason",
                ]
            },
        ),
    ]
    inlines = [RatRecordInline]
    actions = [*cooperative_export_actions]
    history_children = [(RatRecord, "cooperative", "book_year")]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("kecamatan").with_status()

    def autocomplete_label(self, cooperative):
        return f"{cooperative.name} — {cooperative.kecamatan.name}"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Each RAT record's save() refreshes the year already; once more for the whole form, so
        # the page is right whatever way the inline rows were written.
        refresh_last_rat_book_years([form.instance.pk])

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return Status(obj.status).label

    @admin.display(description=_("status dan alasannya"))
    def status_with_reason(self, obj):
        if obj.pk is None:
            return "–"
        status, reason = obj.derived_status(timezone.localdate())
        return format_html("<strong>{}</strong> — {}", status.label, reason)
