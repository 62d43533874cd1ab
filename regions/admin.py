from django.contrib import admin

from common.admin_tools import PersonalDataAdmin, PortalKecamatanFilter
from regions.models import Desa, Kabupaten, Kecamatan


@admin.register(Kabupaten)
class KabupatenAdmin(PersonalDataAdmin):
    list_display = ["code", "name", "province_name"]
    search_fields = ["code", "name"]
    sortable_by = ["code"]


@admin.register(Kecamatan)
class KecamatanAdmin(PersonalDataAdmin):
    list_display = ["code", "name", "kabupaten"]
    list_select_related = ["kabupaten"]
    search_fields = ["code", "name"]
    list_filter = ["kabupaten"]
    sortable_by = ["code", "name"]


@admin.register(Desa)
class DesaAdmin(PersonalDataAdmin):
    list_display = ["code", "name", "kind", "kecamatan"]
    list_select_related = ["kecamatan"]
    search_fields = ["code", "name", "kecamatan__name"]
    list_filter = [("kecamatan", PortalKecamatanFilter), "kind"]
    sortable_by = ["code", "name"]
    autocomplete_fields = ["kecamatan"]
    show_full_result_count = False

    def get_queryset(self, request):
        # "Tegalmaja, Kragilan": the autocomplete labels name the kecamatan too.
        return super().get_queryset(request).select_related("kecamatan")
