from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.choices import FundingSource
from common.models import TimeStampedModel
from regions.models import LocatedModel

WEEKDAYS = [
    ("1", _("Senin")),
    ("2", _("Selasa")),
    ("3", _("Rabu")),
    ("4", _("Kamis")),
    ("5", _("Jumat")),
    ("6", _("Sabtu")),
    ("7", _("Minggu")),
]
WEEKDAY_NAMES = dict(WEEKDAYS)


class OperatingStatus(models.TextChoices):
    OPERATING = "beroperasi", _("beroperasi")
    UNDER_CONSTRUCTION = "pembangunan", _("dalam pembangunan/revitalisasi")
    TEMPORARILY_CLOSED = "tutup_sementara", _("tutup sementara")
    CLOSED = "tidak_beroperasi", _("tidak beroperasi")


def validate_market_days(value):
    codes = [code for code in value.split(",") if code]
    if any(code not in WEEKDAY_NAMES for code in codes) or len(set(codes)) != len(codes):
        raise ValidationError(_("Hari pasaran ditulis sebagai nomor hari 1–7 dipisah koma, tanpa pengulangan."))


class MarketQuerySet(models.QuerySet):
    def for_public(self):
        return self.select_related("kecamatan").order_by("name")


class Market(TimeStampedModel, LocatedModel):
    """A pasar rakyat overseen by the agency's Perdagangan bidang."""

    name = models.CharField(_("nama pasar"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    address = models.CharField(_("alamat pasar"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    kiosk_count = models.PositiveIntegerField(_("jumlah kios"), default=0)
    los_count = models.PositiveIntegerField(_("jumlah los"), default=0)
    trader_count = models.PositiveIntegerField(_("jumlah pedagang"), default=0, db_index=True)
    market_days = models.CharField(
        _("hari pasaran"),
        max_length=20,
        blank=True,
        validators=[validate_market_days],
        help_text=_("Nomor hari dipisah koma, 1 = Senin … 7 = Minggu; kosong bila buka setiap hari."),
    )
    operating_status = models.CharField(
        _("status operasional"),
        max_length=20,
        choices=OperatingStatus.choices,
        default=OperatingStatus.OPERATING,
        db_index=True,
    )
    revitalised_year = models.PositiveSmallIntegerField(
        _("tahun revitalisasi"), null=True, blank=True, db_index=True, validators=[MinValueValidator(1945)]
    )
    revitalisation_funding = models.CharField(
        _("sumber dana revitalisasi"), max_length=20, choices=FundingSource.choices, blank=True
    )
    history = HistoricalRecords()

    objects = MarketQuerySet.as_manager()

    class Meta:
        verbose_name = _("pasar rakyat")
        verbose_name_plural = pgettext_lazy("jamak", "pasar rakyat")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revitalised_year__isnull=False) | Q(revitalisation_funding=""),
                name="market_funding_needs_revitalisation_year",
                violation_error_message=_("Sumber dana revitalisasi diisi bersama tahun revitalisasi."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def market_day_names(self):
        return [WEEKDAY_NAMES[code] for code in self.market_days.split(",") if code]


class Relocation(TimeStampedModel):
    """Traders moved from one site to another (e.g. Pasar Padarincang, old to new market)."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="relocations", verbose_name=_("pasar"))
    moved_on = models.DateField(_("tanggal pindah"))
    from_location = models.CharField(_("dari lokasi"), max_length=255)
    to_location = models.CharField(_("ke lokasi"), max_length=255)
    traders_moved = models.PositiveIntegerField(_("pedagang yang pindah"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("relokasi")
        verbose_name_plural = _("riwayat relokasi")
        ordering = ["market", "-moved_on"]

    def __str__(self):
        return f"{self.market}: {self.moved_on}"
