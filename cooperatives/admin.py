from django.contrib import admin

from cooperatives.exports import cooperative_export_actions
from cooperatives.models import Cooperative, RatRecord


class RatRecordInline(admin.TabularInline):
    model = RatRecord
    extra = 1


@admin.register(Cooperative)
class CooperativeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "kecamatan", "last_rat_book_year", "is_merah_putih"]
    list_select_related = ["kecamatan"]
    list_filter = ["kind", "is_merah_putih", "runs_business"]
    search_fields = ["name", "=nik_koperasi", "legal_entity_number"]
    autocomplete_fields = ["kecamatan", "desa"]
    readonly_fields = ["last_rat_book_year"]
    inlines = [RatRecordInline]
    show_full_result_count = False
    actions = [*cooperative_export_actions]
