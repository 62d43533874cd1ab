from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
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
    code = models.CharField(
        _("kode pasar"),
        max_length=20,
        blank=True,
        help_text=_("Kode pasar pada pemantauan harga Kementerian Perdagangan (SP2KP), bila ada."),
    )
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


# --- Prices of staples (barang kebutuhan pokok) -------------------------------------------------


class CommodityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired_on__isnull=True)


class Commodity(TimeStampedModel):
    """A staple whose price enumerators record, in one unit and one variety (beras medium, kg)."""

    name = models.CharField(_("komoditas"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=110, unique=True)
    unit = models.CharField(_("satuan"), max_length=20, default="kg")
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    retired_on = models.DateField(
        _("tidak dipantau sejak"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Isi untuk berhenti memantau komoditas ini; harga yang sudah tercatat tetap ada."),
    )
    history = HistoricalRecords()

    objects = CommodityQuerySet.as_manager()

    class Meta:
        verbose_name = _("komoditas")
        verbose_name_plural = pgettext_lazy("jamak", "komoditas")
        ordering = ["position", "name"]
        indexes = [models.Index(fields=["position", "name"], name="commodity_order_idx")]

    def __str__(self):
        return f"{self.name} ({self.unit})"


class ReferencePrice(TimeStampedModel):
    """A price the government sets for a commodity (HET or harga acuan), from a date on."""

    class Kind(models.TextChoices):
        HET = "het", _("HET (harga eceran tertinggi)")
        REFERENCE = "acuan", _("harga acuan")

    commodity = models.ForeignKey(
        Commodity, on_delete=models.PROTECT, related_name="reference_prices", verbose_name=_("komoditas")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.HET)
    price = models.PositiveIntegerField(_("harga (Rp per satuan)"), validators=[MinValueValidator(1)])
    valid_from = models.DateField(_("berlaku sejak"))
    basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("harga acuan/HET")
        verbose_name_plural = _("harga acuan/HET")
        ordering = ["commodity", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["commodity", "valid_from"], name="one_reference_price_per_day"),
        ]

    def __str__(self):
        return f"{self.commodity}: Rp{self.price} ({self.valid_from})"


class PriceObservationQuerySet(models.QuerySet):
    def for_public(self):
        return self.select_related("market", "commodity")


class PriceObservation(TimeStampedModel):
    """One market's price of one commodity on one day. A correction replaces it; the history
    keeps what it was and who changed it."""

    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="prices", verbose_name=_("pasar"))
    commodity = models.ForeignKey(
        Commodity, on_delete=models.PROTECT, related_name="prices", verbose_name=_("komoditas")
    )
    observed_on = models.DateField(_("tanggal"))
    price = models.PositiveIntegerField(_("harga (Rp per satuan)"), validators=[MinValueValidator(1)])
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    history = HistoricalRecords()

    objects = PriceObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("harga pasar")
        verbose_name_plural = _("harga pasar")
        ordering = ["-observed_on", "market", "commodity"]
        constraints = [
            models.UniqueConstraint(
                fields=["market", "commodity", "observed_on"],
                name="one_price_per_market_commodity_day",
                violation_error_message=_("Harga komoditas ini di pasar ini pada tanggal itu sudah dicatat."),
            ),
        ]
        indexes = [
            # per commodity over time (public pages, medians); the unique constraint serves
            # per-market lookups (market, commodity, day) and per-market history.
            models.Index(fields=["commodity", "observed_on"], name="price_commodity_day_idx"),
            models.Index(fields=["observed_on", "market"], name="price_day_market_idx"),
            models.Index(fields=["market", "observed_on"], name="price_market_day_idx"),
        ]

    def __str__(self):
        return f"{self.market} · {self.commodity.name} · {self.observed_on}: Rp{self.price}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _forget_cached_prices_on_commit()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _forget_cached_prices_on_commit()
        return result


def _forget_cached_prices_on_commit():
    """The public price pages are cached (markets.prices): whatever path writes a price, they
    show it once the transaction commits."""
    from markets.prices import forget_cached_prices

    transaction.on_commit(forget_cached_prices)
