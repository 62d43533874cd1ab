import django_filters
from django.utils.translation import gettext_lazy as _

from common.lists import ALL, UNKNOWN_CHOICE, ExplainedChoiceFilter, SearchFilter, WhitelistOrderingFilter
from enterprises.models import Enterprise, Sector
from regions.models import Kecamatan


class CatalogueFilter(django_filters.FilterSet):
    """Filters over the consenting enterprises only; searches the public columns only."""

    q = SearchFilter(label=_("Cari usaha atau produk"), fields=["name", "products"], lookup="folded_contains")
    sector = ExplainedChoiceFilter(label=_("Sektor"), choices=Sector.choices)
    kecamatan = django_filters.ModelChoiceFilter(
        label=_("Kecamatan"),
        queryset=Kecamatan.objects.of_portal_district().only("code", "name"),
        empty_label=ALL,
        error_messages={"invalid_choice": UNKNOWN_CHOICE},
    )
    order = WhitelistOrderingFilter(
        label=_("Urutkan"),
        fields=(("name", "nama"),),
        choices=[
            ("nama", _("Nama A–Z")),
            ("-nama", _("Nama Z–A")),
        ],
    )

    class Meta:
        model = Enterprise
        fields = []
