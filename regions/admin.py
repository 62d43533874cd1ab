from django.contrib import admin

from regions.models import Desa, Kabupaten, Kecamatan


@admin.register(Kabupaten)
class KabupatenAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province_name"]
    search_fields = ["code", "name"]


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kabupaten"]
    list_select_related = ["kabupaten"]
    search_fields = ["code", "name"]
    list_filter = ["kabupaten"]


@admin.register(Desa)
class DesaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "kecamatan"]
    list_select_related = ["kecamatan"]
    search_fields = ["code", "name", "kecamatan__name"]
    list_filter = ["kind"]
    autocomplete_fields = ["kecamatan"]
