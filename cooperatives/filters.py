import django_filters
from django.utils.translation import gettext_lazy as _

from common.lists import ALL, UNKNOWN_CHOICE, ExplainedChoiceFilter, SearchFilter, WhitelistOrderingFilter
from cooperatives.models import Cooperative, CooperativeKind
from cooperatives.rules import Status
from regions.models import Kecamatan


class CooperativeFilter(django_filters.FilterSet):
    """Filters the `with_status()` queryset; the status is the SQL form of the rule in rules.py."""

    q = SearchFilter(label=_("Cari nama"), fields=["name"])
    status = ExplainedChoiceFilter(label=_("Status"), choices=Status.choices)
    kind = ExplainedChoiceFilter(label=_("Jenis koperasi"), choices=CooperativeKind.choices)
    kecamatan = django_filters.ModelChoiceFilter(
        label=_("Kecamatan"),
        queryset=Kecamatan.objects.of_portal_district().only("code", "name"),
        empty_label=ALL,
        error_messages={"invalid_choice": UNKNOWN_CHOICE},
    )
    merah_putih = ExplainedChoiceFilter(
        label=_("Koperasi Desa/Kelurahan Merah Putih"),
        choices=[("ya", _("ya")), ("bukan", _("bukan"))],
        method="filter_merah_putih",
    )
    order = WhitelistOrderingFilter(
        label=_("Urutkan"),
        fields=(("name", "nama"), ("kecamatan__name", "kecamatan"), ("last_rat_book_year", "rat")),
        choices=[
            ("nama", _("Nama A–Z")),
            ("-nama", _("Nama Z–A")),
            ("kecamatan", _("Kecamatan A–Z")),
            ("-kecamatan", _("Kecamatan Z–A")),
            ("-rat", _("RAT terakhir, terbaru dulu")),
            ("rat", _("RAT terakhir, terlama dulu")),
        ],
    )

    class Meta:
        model = Cooperative
        fields = []

    def filter_merah_putih(self, queryset, name, value):
        return queryset.filter(is_merah_putih=value == "ya")

    def queryset_without_status(self):
        """The current filter minus the status, to count each status for the links above the list."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in ("status", "order"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset
