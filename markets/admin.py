from django.contrib import admin

from markets.models import Market, Relocation


class RelocationInline(admin.TabularInline):
    model = Relocation
    extra = 0


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kecamatan",
        "kiosk_count",
        "los_count",
        "trader_count",
        "revitalised_year",
        "operating_status",
    ]
    list_select_related = ["kecamatan"]
    list_filter = ["operating_status", "revitalised_year"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["kecamatan", "desa"]
    inlines = [RelocationInline]
