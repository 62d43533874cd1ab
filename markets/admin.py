from django.contrib import admin

from common.admin_tools import PortalHistoryAdmin, PortalKecamatanFilter
from markets.models import Market, Relocation


class RelocationInline(admin.TabularInline):
    model = Relocation
    extra = 0


@admin.register(Market)
class MarketAdmin(PortalHistoryAdmin):
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
    list_filter = [("kecamatan", PortalKecamatanFilter), "operating_status", "revitalised_year"]
    search_fields = ["name"]
    sortable_by = ["name", "revitalised_year"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["kecamatan", "desa"]
    # Listed so the form reads name first: the inherited region fields would otherwise come first.
    fields = [
        "name",
        "slug",
        "kecamatan",
        "desa",
        "address",
        "latitude",
        "longitude",
        "kiosk_count",
        "los_count",
        "trader_count",
        "market_days",
        "operating_status",
        "revitalised_year",
        "revitalisation_funding",
    ]
    inlines = [RelocationInline]
    history_children = [(Relocation, "market", "moved_on")]
