"""The district in figures: aggregates only, never a person's row.

Each figure is a `Table` with declared columns; the page draws it as a table with CSS bars and the
CSV download writes the very same rows. Every function runs a fixed, small number of queries.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.choices import FundingSource
from cooperatives.models import Cooperative
from cooperatives.rules import Status
from enterprises.models import Enterprise
from enterprises.rules import ScaleClass
from markets.models import Market
from programs.models import Participant, Program, Theme
from regions.models import Kabupaten, Kecamatan


@dataclass
class Table:
    slug: str
    title: str
    description: str
    # [(key, heading)]; the first column names the row, the others are numbers
    columns: list
    rows: list = field(default_factory=list)
    # the column drawn as a bar, and the rows' largest value in it
    bar_column: str = "total"
    # how many leading columns are labels (shown as text), the rest are counts
    labels: int = 1
    # the count columns whose sum means something (None: all of them); the rest get no total
    summable: list | None = None
    # the day the figures were read (they are computed live)
    as_of: object = field(default_factory=timezone.localdate)

    def totals(self):
        """The totals row, in column order: "Jumlah", blanks under the other labels and under
        columns whose sum would mislead, and the sums."""
        cells = []
        for index, (key, _heading) in enumerate(self.columns):
            if index == 0:
                cells.append(str(_("Jumlah")))
            elif index < self.labels or (self.summable is not None and key not in self.summable):
                cells.append("")
            else:
                cells.append(sum(row[key] for row in self.rows))
        return cells

    @property
    def bar_max(self):
        return max((row[self.bar_column] for row in self.rows), default=0) or 1

    def cells(self):
        """Rows as lists of (value, is_number, bar percentage or None), in column order."""
        out = []
        for row in self.rows:
            cells = []
            for index, (key, _heading) in enumerate(self.columns):
                value = row[key]
                bar = round(100 * value / self.bar_max) if key == self.bar_column else None
                cells.append((value, index >= self.labels, bar))
            out.append(cells)
        return out


def _district_kecamatan():
    return list(Kecamatan.objects.of_portal_district().order_by("name").values_list("code", "name"))


def umkm_by_kecamatan_and_scale():
    scales = [(value, label) for value, label in ScaleClass.choices]
    counts = {}
    for kecamatan_id, scale, n in (
        Enterprise.objects.filter(verified=True)
        .values_list("kecamatan_id", "scale_class")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[(kecamatan_id, scale)] = n
    rows = []
    for code, name in _district_kecamatan():
        row = {"kecamatan": name}
        for value, _label in scales:
            row[value] = counts.get((code, value), 0)
        row["unknown"] = counts.get((code, ""), 0)
        row["total"] = sum(row[key] for key in row if key != "kecamatan")
        rows.append(row)
    return Table(
        slug="umkm-per-kecamatan",
        title=_("UMKM menurut kecamatan dan skala usaha"),
        description=_(
            "UMKM terdata dan terverifikasi petugas, per kecamatan; skala menurut PP 7/2021 dari laporan "
            "tahunan terakhir. Pendaftar pelatihan yang belum diverifikasi tidak dihitung."
        ),
        columns=[("kecamatan", _("Kecamatan"))]
        + [(value, label) for value, label in scales]
        + [("unknown", _("skala belum diketahui")), ("total", _("Jumlah"))],
        rows=rows,
    )


def programs_by_year_and_theme():
    # Two grouped queries on indexed columns, summed here: grouping by an extracted year in SQL
    # would run SQLite's date function once per participant.
    themes = dict(Theme.choices)
    places = dict(
        Participant.objects.taking_part()
        .filter(program__publication_state=Program.PublicationState.PUBLISHED)
        .values_list("program_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals = {}
    for pk, start_date, theme in Program.objects.published().values_list("pk", "start_date", "theme"):
        key = (start_date.year, theme)
        programs, participants = totals.get(key, (0, 0))
        totals[key] = (programs + 1, participants + places.get(pk, 0))
    rows = [
        {"year": year, "theme": str(themes.get(theme, theme)), "programs": programs, "participants": participants}
        for (year, theme), (programs, participants) in sorted(
            totals.items(), key=lambda item: (-item[0][0], item[0][1])
        )
    ]
    return Table(
        slug="pelatihan-per-tahun",
        title=_("Pelatihan dan peserta menurut tahun dan tema"),
        description=_("Pelatihan yang diterbitkan; peserta = terpilih, hadir atau lulus."),
        columns=[
            ("year", _("Tahun")),
            ("theme", _("Tema")),
            ("programs", _("Pelatihan")),
            ("participants", _("Peserta")),
        ],
        rows=rows,
        bar_column="participants",
        labels=2,
    )


def kecamatan_reached():
    taking_part = Participant.objects.taking_part().filter(
        program__publication_state=Program.PublicationState.PUBLISHED
    )
    counts, programs = {}, {}
    for code, n, program_count in (
        taking_part.values_list("person__kecamatan_id")
        .annotate(n=Count("pk"), programs=Count("program", distinct=True))
        .order_by()
    ):
        counts[code], programs[code] = n, program_count
    rows = [
        {
            "kecamatan": name,
            "reached": str(_("sudah") if counts.get(code) else _("belum")),
            "programs": programs.get(code, 0),
            "participants": counts.get(code, 0),
        }
        for code, name in _district_kecamatan()
    ]
    rows.sort(key=lambda row: (-row["participants"], row["kecamatan"]))
    return Table(
        slug="kecamatan-terjangkau",
        title=_("Kecamatan yang sudah dan belum terjangkau pelatihan"),
        description=_("Kecamatan asal peserta (terpilih, hadir atau lulus) pelatihan yang diterbitkan."),
        columns=[
            ("kecamatan", _("Kecamatan")),
            ("reached", _("Terjangkau")),
            ("programs", _("Pelatihan")),
            ("participants", _("Peserta")),
        ],
        rows=rows,
        bar_column="participants",
        labels=2,
        summable=["participants"],
    )


def cooperatives_by_status_and_kecamatan(today=None):
    counts = {}
    for kecamatan_id, status, n in (
        Cooperative.objects.with_status(today).values_list("kecamatan_id", "status").annotate(n=Count("pk")).order_by()
    ):
        counts[(kecamatan_id, status)] = n
    rows = []
    for code, name in _district_kecamatan():
        row = {"kecamatan": name}
        for status in Status.values:
            row[status] = counts.get((code, status), 0)
        row["total"] = sum(row[status] for status in Status.values)
        rows.append(row)
    return Table(
        slug="koperasi-per-kecamatan",
        title=_("Koperasi menurut status dan kecamatan"),
        description=_("Status dihitung dari RAT dan kegiatan usaha, atau ditetapkan petugas dengan alasan."),
        columns=[("kecamatan", _("Kecamatan"))] + list(Status.choices) + [("total", _("Jumlah"))],
        rows=rows,
    )


def markets_by_revitalisation():
    funding = dict(FundingSource.choices)
    rows = []
    for year, source, markets, kiosks, los, traders in sorted(
        Market.objects.values_list("revitalised_year", "revitalisation_funding")
        .annotate(markets=Count("pk"), kiosks=Sum("kiosk_count"), los=Sum("los_count"), traders=Sum("trader_count"))
        .order_by(),
        key=lambda row: (row[0] is None, row[0] or 0, row[1]),
    ):
        rows.append(
            {
                "year": year if year is not None else str(_("belum direvitalisasi")),
                "funding": str(funding.get(source, "")) if source else "–",
                "markets": markets,
                "kiosks": kiosks or 0,
                "los": los or 0,
                "traders": traders or 0,
            }
        )
    return Table(
        slug="pasar-revitalisasi",
        title=_("Pasar rakyat menurut revitalisasi"),
        description=_("Tahun dan sumber dana revitalisasi, dengan jumlah kios, los dan pedagang."),
        columns=[
            ("year", _("Tahun revitalisasi")),
            ("funding", _("Sumber dana")),
            ("markets", _("Pasar")),
            ("kiosks", _("Kios")),
            ("los", _("Los")),
            ("traders", _("Pedagang")),
        ],
        rows=rows,
        bar_column="markets",
        labels=2,
    )


FIGURES = {
    "umkm-per-kecamatan": umkm_by_kecamatan_and_scale,
    "pelatihan-per-tahun": programs_by_year_and_theme,
    "kecamatan-terjangkau": kecamatan_reached,
    "koperasi-per-kecamatan": cooperatives_by_status_and_kecamatan,
    "pasar-revitalisasi": markets_by_revitalisation,
}


def headline(today=None):
    """The home page's figures: a handful of counts, five queries. Trainings and participants are
    those of the latest year in which a published training has started (not this year's zeros in
    January); UMKM are the verified ones."""
    today = today or timezone.localdate()
    latest = (
        Program.objects.published()
        .filter(start_date__lte=today)
        .order_by("-start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    year = latest.year if latest else today.year
    in_year = Program.objects.published().in_year(year).filter(start_date__lte=today)
    markets = Market.objects.aggregate(
        total=Count("pk"), revitalised=Count("pk", filter=Q(revitalised_year__isnull=False))
    )
    return {
        "year": year,
        "enterprises": Enterprise.objects.filter(verified=True).count(),
        "programs_this_year": in_year.count(),
        "participants_this_year": Participant.objects.taking_part()
        .filter(Exists(in_year.filter(pk=OuterRef("program"))))
        .count(),
        "cooperative_status": [(Status(value), n) for value, n in Cooperative.objects.status_counts(today).items()],
        "markets": markets["total"],
        "markets_revitalised": markets["revitalised"],
    }


def district_name():
    return Kabupaten.objects.filter(code=settings.PORTAL_DISTRICT).values_list("name", flat=True).first() or ""
