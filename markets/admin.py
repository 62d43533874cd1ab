from django.contrib import admin
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.admin_imports import ImportFlow
from common.admin_tools import PortalHistoryAdmin, PortalKecamatanFilter
from common.exports import export_actions
from common.history import import_change_reason
from markets import imports
from markets.exports import PRICES
from markets.models import Commodity, Market, PriceObservation, ReferencePrice, Relocation


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
        "code",
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


class ReferencePriceInline(admin.TabularInline):
    model = ReferencePrice
    extra = 0


@admin.register(Commodity)
class CommodityAdmin(PortalHistoryAdmin):
    list_display = ["name", "unit", "position", "retired_on"]
    list_filter = [("retired_on", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
    sortable_by = ["name", "position"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ReferencePriceInline]
    history_children = [(ReferencePrice, "commodity", "valid_from")]

    def has_delete_permission(self, request, obj=None):
        # Retire a commodity (retired_on) instead: its prices stay.
        return False


class PriceImportFlow(ImportFlow):
    purpose = "harga-pasar"
    fields = imports.PRICE_FIELDS
    required = imports.PRICE_REQUIRED
    labels = imports.PRICE_LABELS
    template = imports.PRICE_TEMPLATE
    permissions = ("markets.add_priceobservation", "markets.change_priceobservation")
    upload_template = "admin/markets/price_import_upload.html"
    preview_template = "admin/markets/price_import_preview.html"

    def title(self, target):
        return _("Impor harga pasar sepekan")

    def plan(self, target, table):
        return imports.plan_price_import(table=table, today=timezone.localdate())

    def save(self, target, table, *, user, source):
        reason = import_change_reason(source=source, user=user)
        return imports.import_prices(table=table, today=timezone.localdate(), user=user, reason=reason)

    def done_url(self, target):
        return reverse("admin:markets_priceobservation_changelist")

    def urls(self, target):
        return {
            "upload": reverse("admin:markets_priceobservation_import"),
            "mapping": lambda token: reverse("admin:markets_priceobservation_import_mapping", args=[token]),
            "preview": lambda token: reverse("admin:markets_priceobservation_import_preview", args=[token]),
            "template_csv": reverse("admin:markets_priceobservation_template", args=["csv"]),
            "template_xlsx": reverse("admin:markets_priceobservation_template", args=["xlsx"]),
            "back": reverse("admin:markets_priceobservation_changelist"),
        }


@admin.register(PriceObservation)
class PriceObservationAdmin(PortalHistoryAdmin):
    list_display = ["observed_on", "market", "commodity", "price", "entered_by"]
    list_select_related = ["market", "commodity", "entered_by"]
    list_filter = ["market", "commodity", "observed_on"]
    date_hierarchy = "observed_on"
    sortable_by = ["observed_on"]
    autocomplete_fields = ["market"]
    fields = ["market", "commodity", "observed_on", "price"]
    readonly_fields = []
    actions = export_actions(PRICES, description=gettext_lazy("harga pasar"))
    change_list_template = "admin/markets/priceobservation/change_list.html"

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        flow = PriceImportFlow(self)
        wrap = self.admin_site.admin_view
        return [
            path("impor/", wrap(flow.upload_view), name="markets_priceobservation_import"),
            path("impor/<str:token>/", wrap(flow.preview_view), name="markets_priceobservation_import_preview"),
            path("impor/<str:token>/kolom/", wrap(flow.mapping_view), name="markets_priceobservation_import_mapping"),
            path(
                "templat.<str:file_format>",
                wrap(lambda request, file_format: flow.template_view(request, file_format)),
                name="markets_priceobservation_template",
            ),
        ] + super().get_urls()
