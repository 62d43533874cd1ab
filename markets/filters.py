import django_filters
from django.utils.translation import gettext_lazy as _

from common.lists import ALL, UNKNOWN_CHOICE, ExplainedChoiceFilter, WhitelistOrderingFilter
from markets.models import Market, OperatingStatus
from regions.models import Kecamatan


class MarketFilter(django_filters.FilterSet):
    kecamatan = django_filters.ModelChoiceFilter(
        label=_("Kecamatan"),
        queryset=Kecamatan.objects.of_portal_district().only("code", "name"),
        empty_label=ALL,
        error_messages={"invalid_choice": UNKNOWN_CHOICE},
    )
    revitalised = ExplainedChoiceFilter(
        label=_("Revitalisasi"),
        choices=[("ya", _("sudah direvitalisasi")), ("belum", _("belum direvitalisasi"))],
        method="filter_revitalised",
    )
    operating_status = ExplainedChoiceFilter(label=_("Status operasional"), choices=OperatingStatus.choices)
    order = WhitelistOrderingFilter(
        label=_("Urutkan"),
        fields=(("name", "nama"), ("trader_count", "pedagang"), ("revitalised_year", "revitalisasi")),
        choices=[
            ("nama", _("Nama A–Z")),
            ("-nama", _("Nama Z–A")),
            ("-pedagang", _("Pedagang terbanyak dulu")),
            ("pedagang", _("Pedagang paling sedikit dulu")),
            ("-revitalisasi", _("Revitalisasi terbaru dulu")),
            ("revitalisasi", _("Revitalisasi terlama dulu")),
        ],
    )

    class Meta:
        model = Market
        fields = []

    def filter_revitalised(self, queryset, name, value):
        return queryset.filter(revitalised_year__isnull=value == "belum")
