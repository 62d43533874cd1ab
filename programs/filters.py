import django_filters
from django.utils.translation import gettext_lazy as _

from common.caching import cached
from common.lists import UNKNOWN_CHOICE, ExplainedChoiceFilter, SearchFilter, WhitelistOrderingFilter
from programs.models import Program, Theme
from regions.models import Kecamatan


class ProgramFilter(django_filters.FilterSet):
    """Public program list: every filter maps to an indexed column or an EXISTS on an indexed key."""

    q = SearchFilter(label=_("Cari"), fields=["title", "description", "venue", "city"])
    year = ExplainedChoiceFilter(label=_("Tahun"), method="filter_year")
    theme = ExplainedChoiceFilter(label=_("Tema"), choices=Theme.choices)
    status = ExplainedChoiceFilter(label=_("Status"), choices=Program.Phase.choices, method="filter_status")
    kecamatan = django_filters.ModelChoiceFilter(
        label=_("Kecamatan peserta"),
        queryset=Kecamatan.objects.of_portal_district().only("code", "name"),
        method="filter_kecamatan",
        empty_label=_("Semua"),
        error_messages={"invalid_choice": UNKNOWN_CHOICE},
    )
    order = WhitelistOrderingFilter(
        label=_("Urutkan"),
        fields=(("start_date", "mulai"), ("title", "judul")),
        empty_label=_("Yang bisa diikuti dulu (dibuka, akan datang, selesai)"),
        choices=[
            ("-mulai", _("Tanggal mulai, terbaru dulu")),
            ("mulai", _("Tanggal mulai, terlama dulu")),
            ("judul", _("Judul A–Z")),
            ("-judul", _("Judul Z–A")),
        ],
    )

    class Meta:
        model = Program
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The years that have programs (one query, cached with the public data), so ?year=abc or
        # ?year=1800 is a form error.
        years = cached("program-years", Program.objects.public_years)
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]

    def filter_year(self, queryset, name, value):
        return queryset.in_year(int(value))

    def filter_status(self, queryset, name, value):
        return queryset.in_phase(value)

    def filter_kecamatan(self, queryset, name, value):
        return queryset.reaching_kecamatan(value)
