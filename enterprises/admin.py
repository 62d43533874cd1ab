from django.contrib import admin

from enterprises.admin_views import EnterpriseImportMixin
from enterprises.exports import enterprise_export_actions, person_export_actions
from enterprises.models import AnnualReport, Enterprise, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "sex", "kecamatan", "desa"]
    list_select_related = ["kecamatan", "desa__kecamatan"]
    list_filter = ["sex"]
    search_fields = ["full_name", "=nik", "=phone"]
    autocomplete_fields = ["kecamatan", "desa"]
    show_full_result_count = False
    actions = [*person_export_actions]


class AnnualReportInline(admin.TabularInline):
    model = AnnualReport
    extra = 1


@admin.register(Enterprise)
class EnterpriseAdmin(EnterpriseImportMixin, admin.ModelAdmin):
    list_display = ["name", "owner", "sector", "scale_class", "kecamatan"]
    list_select_related = ["owner", "kecamatan"]
    list_filter = ["sector", "scale_class", "catalogue_consent"]
    search_fields = ["name", "=nib", "owner__full_name"]
    autocomplete_fields = ["owner", "kecamatan", "desa"]
    readonly_fields = ["scale_class"]
    inlines = [AnnualReportInline]
    show_full_result_count = False
    actions = [*enterprise_export_actions]
