from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel
from enterprises.rules import (
    ScaleClass,
    is_likely_duplicate,
    normalize_name,
    scale_class,
    validate_nik,
    validate_phone,
)
from regions.models import LocatedModel

validate_nib = RegexValidator(r"^[0-9]{13}$", _("NIB harus 13 digit angka."), code="nib")


class Sex(models.TextChoices):
    MALE = "L", _("laki-laki")
    FEMALE = "P", _("perempuan")


# Everyday words for the choices, as lists typed in offices write them (read by the imports'
# mapping step, common.column_mapping.ChoiceSet). Matched case- and punctuation-blind.
SEX_SYNONYMS = {
    "lk": Sex.MALE,
    "laki": Sex.MALE,
    "laki2": Sex.MALE,
    "pria": Sex.MALE,
    "male": Sex.MALE,
    "m": Sex.MALE,
    "pr": Sex.FEMALE,
    "pere": Sex.FEMALE,
    "wanita": Sex.FEMALE,
    "female": Sex.FEMALE,
    "f": Sex.FEMALE,
    "w": Sex.FEMALE,
}


class PersonQuerySet(models.QuerySet):
    def likely_duplicates(self, *, full_name, nik=None, phone="", desa_id=None, exclude_pk=None):
        """People who are probably the one described (enterprises.rules.is_likely_duplicate):
        one query narrowed by name, the rule applied to the few rows found."""
        name = normalize_name(full_name)
        if not name:
            return []
        candidates = self.filter(full_name__iexact=name).select_related("kecamatan", "desa")
        if exclude_pk is not None:
            candidates = candidates.exclude(pk=exclude_pk)
        new = {"full_name": name, "nik": nik, "phone": phone, "desa_id": desa_id}
        return [person for person in candidates[:50] if is_likely_duplicate(new, person)]


class Person(TimeStampedModel, LocatedModel):
    """A pelaku usaha: the person behind an enterprise, or a cooperative's member in a program.

    NIK, phone, home address and birth date are personal data (UU 27/2022): never public, and
    shown to staff only with the `view_personal_identifiers` permission.
    """

    # The portal's one declaration of personal data (common.personal): the admin, its history
    # pages and the exports hide these, and refuse to filter, sort or search by them, to staff
    # without the permission. Paths through relations (participant → person → nik) follow.
    PERSONAL_FIELDS = frozenset({"nik", "phone", "address", "birth_place", "birth_date", "birth_year", "email"})
    # Of those, what a clerk may still search by the complete value (exact match): the KTP in hand.
    FINDABLE_BY_COMPLETE_VALUE = frozenset({"nik"})
    # Searched by any part of a word on a trigram index (common.search; migration 0005).
    SEARCH_INDEXED_FIELDS = ("full_name",)

    full_name = models.CharField(_("nama lengkap"), max_length=150, db_index=True)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    nik = models.CharField(
        _("NIK"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_nik],
        help_text=_("Nomor Induk Kependudukan, 16 digit. Boleh kosong bila belum diketahui."),
    )
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("tahun lahir"), null=True, blank=True, help_text=_("Diisi bila tanggal lahir tidak diketahui.")
    )
    phone = models.CharField(_("nomor telepon"), max_length=20, blank=True, validators=[validate_phone])
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Untuk mengirim kode referensi dan hasil seleksi pendaftaran.")
    )
    verified = models.BooleanField(
        _("terverifikasi"),
        default=True,
        help_text=_("Dicatat lewat formulir pendaftaran publik: belum terverifikasi sampai petugas memeriksanya."),
    )
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("pelaku usaha")
        verbose_name_plural = pgettext_lazy("jamak", "pelaku usaha")
        ordering = ["full_name", "id"]
        permissions = [
            ("view_personal_identifiers", _("Dapat melihat data pribadi (NIK, telepon, alamat)")),
        ]
        indexes = [
            models.Index(fields=["sex"], name="person_sex_idx"),
            # Likely duplicates of a new participant: same name and birth date, or same phone.
            models.Index(fields=["birth_date"], name="person_birth_date_idx"),
            models.Index(fields=["phone"], name="person_phone_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nik__isnull=True) | Q(nik__regex=r"^[0-9]{16}$"),
                name="person_nik_sixteen_digits",
                violation_error_message=_("NIK harus 16 digit angka."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        if self.nik == "":
            self.nik = None
        if self.birth_date and not self.birth_year:
            self.birth_year = self.birth_date.year
        super().clean()


class Sector(models.TextChoices):
    KULINER = "kuliner", _("kuliner (makanan dan minuman)")
    KRIYA = "kriya", _("kriya dan kerajinan tangan")
    FESYEN = "fesyen", _("fesyen dan tekstil")
    PERTANIAN = "pertanian", _("pertanian, perikanan dan olahannya")
    PERDAGANGAN = "perdagangan", _("perdagangan")
    JASA = "jasa", _("jasa")
    LAINNYA = "lainnya", _("lainnya")


SECTOR_SYNONYMS = {
    "makanan": Sector.KULINER,
    "minuman": Sector.KULINER,
    "makanan dan minuman": Sector.KULINER,
    "makanan minuman": Sector.KULINER,
    "mamin": Sector.KULINER,
    "mamin olahan": Sector.KULINER,
    "olahan pangan": Sector.KULINER,
    "pangan": Sector.KULINER,
    "kue": Sector.KULINER,
    "catering": Sector.KULINER,
    "katering": Sector.KULINER,
    "kerajinan": Sector.KRIYA,
    "kerajinan tangan": Sector.KRIYA,
    "anyaman": Sector.KRIYA,
    "handicraft": Sector.KRIYA,
    "fashion": Sector.FESYEN,
    "konveksi": Sector.FESYEN,
    "jahit": Sector.FESYEN,
    "menjahit": Sector.FESYEN,
    "pakaian": Sector.FESYEN,
    "tekstil": Sector.FESYEN,
    "batik": Sector.FESYEN,
    "bordir": Sector.FESYEN,
    "tani": Sector.PERTANIAN,
    "perikanan": Sector.PERTANIAN,
    "peternakan": Sector.PERTANIAN,
    "perkebunan": Sector.PERTANIAN,
    "agribisnis": Sector.PERTANIAN,
    "dagang": Sector.PERDAGANGAN,
    "toko": Sector.PERDAGANGAN,
    "warung": Sector.PERDAGANGAN,
    "kelontong": Sector.PERDAGANGAN,
    "retail": Sector.PERDAGANGAN,
    "bengkel": Sector.JASA,
    "salon": Sector.JASA,
    "laundry": Sector.JASA,
    "servis": Sector.JASA,
    "lain lain": Sector.LAINNYA,
    "dll": Sector.LAINNYA,
}


class EnterpriseQuerySet(models.QuerySet):
    # The only columns the public catalogue may read: never the owner, NIB, address or figures.
    CATALOGUE_FIELDS = ("id", "name", "sector", "products", "kecamatan__code", "kecamatan__name", "public_contact")

    def for_catalogue(self):
        """Enterprises whose owners consented to the public catalogue, with only the public columns."""
        # `__in=[True]`, not `=True`: Django writes the latter as a bare column on SQLite, which
        # SQLite cannot match to enterprise_catalogue_idx (deep pages then walk the name index).
        return (
            self.filter(catalogue_consent__in=[True])
            .select_related("kecamatan")
            .only(*self.CATALOGUE_FIELDS)
            .order_by("name", "id")
        )


class Enterprise(TimeStampedModel, LocatedModel):
    # Searched by any part of a word on a trigram index (common.search; migration 0005).
    SEARCH_INDEXED_FIELDS = ("name", "products")

    name = models.CharField(_("nama usaha"), max_length=200, db_index=True)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("pemilik"))
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices, db_index=True)
    products = models.TextField(_("produk"), blank=True)
    address = models.CharField(_("alamat usaha"), max_length=255, blank=True)
    nib = models.CharField(
        _("NIB"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_nib],
        help_text=_("Nomor Induk Berusaha dari OSS, 13 digit."),
    )
    pirt_number = models.CharField(_("nomor SPP-IRT"), max_length=30, blank=True)
    halal_certificate_number = models.CharField(_("nomor sertifikat halal"), max_length=50, blank=True)
    employees = models.PositiveIntegerField(_("jumlah tenaga kerja"), default=0)
    # Kept in step with the latest annual report by enterprises.services.refresh_scale_classes,
    # which every write of annual reports calls, so that lists of 100,000 enterprises can filter
    # and count by class on an index.
    scale_class = models.CharField(
        _("skala usaha"), max_length=10, choices=ScaleClass.choices, blank=True, db_index=True, editable=False
    )
    catalogue_consent = models.BooleanField(
        _("setuju tampil di katalog publik"),
        default=False,
        help_text=_("Pemilik menyetujui nama usaha, produk, kecamatan dan kontak publik tampil di katalog UMKM."),
    )
    public_contact = models.CharField(
        _("kontak publik"),
        max_length=200,
        blank=True,
        help_text=_("Kontak yang dipilih pemilik untuk dipublikasikan (mis. akun toko daring atau nomor usaha)."),
    )
    # Records created by a public application wait for staff to confirm them; public figures count
    # verified records only, so spam or a mistaken application does not move official numbers.
    verified = models.BooleanField(
        _("terverifikasi"),
        default=True,
        help_text=_("Dicatat lewat formulir pendaftaran publik: belum terverifikasi sampai petugas memeriksanya."),
    )
    history = HistoricalRecords()

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("UMKM")
        verbose_name_plural = pgettext_lazy("jamak", "UMKM")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["catalogue_consent", "name"], name="enterprise_catalogue_idx"),
            # the catalogue filtered by sector or kecamatan, read in name order from the index
            models.Index(fields=["catalogue_consent", "sector", "name"], name="enterprise_catalogue_sect_idx"),
            models.Index(fields=["catalogue_consent", "kecamatan", "name"], name="enterprise_catalogue_kec_idx"),
            # covers the figures page's count of UMKM by kecamatan and scale
            models.Index(fields=["kecamatan", "scale_class"], name="enterprise_kecamatan_scale_idx"),
            # covers the public figures, which count verified UMKM only
            models.Index(fields=["verified", "kecamatan", "scale_class"], name="enterprise_verified_idx"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.nib == "":
            self.nib = None
        super().clean()


def _refresh_scale_classes(enterprise_ids):
    from enterprises.services import refresh_scale_classes  # services imports this module

    refresh_scale_classes(enterprise_ids)


class AnnualReportQuerySet(models.QuerySet):
    """Bulk writes of annual reports keep their enterprises' scale_class too (save() does that
    for one report); what `enterprises.services.refresh_scale_classes` keeps."""

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        _refresh_scale_classes(report.enterprise_id for report in created)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        updated = super().bulk_update(objs, fields, *args, **kwargs)
        # A report moved to another enterprise leaves its old one to be refreshed too: no
        # cheap way to know it, so moving reports goes through save() or update().
        _refresh_scale_classes(report.enterprise_id for report in objs)
        return updated

    def update(self, **kwargs):
        enterprise_ids = set(self.values_list("enterprise_id", flat=True))
        updated = super().update(**kwargs)
        if "enterprise" in kwargs or "enterprise_id" in kwargs:
            enterprise_ids.add(kwargs.get("enterprise_id") or getattr(kwargs.get("enterprise"), "pk", None))
        _refresh_scale_classes(enterprise_ids)
        return updated

    update.alters_data = True

    def delete(self):
        enterprise_ids = set(self.values_list("enterprise_id", flat=True))
        result = super().delete()
        _refresh_scale_classes(enterprise_ids)
        return result

    delete.alters_data = True
    delete.queryset_only = True


class AnnualReport(TimeStampedModel):
    """Turnover and capital as reported for one year: "naik kelas" shows as history."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="annual_reports", verbose_name=_("UMKM")
    )
    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(1945)])
    annual_turnover = models.BigIntegerField(
        _("omzet setahun (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    business_capital = models.BigIntegerField(
        _("modal usaha (Rp)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Di luar tanah dan bangunan tempat usaha."),
    )
    history = HistoricalRecords()

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan tahunan")
        verbose_name_plural = pgettext_lazy("jamak", "laporan tahunan")
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="annual_report_once_per_year",
                violation_error_message=_("Laporan untuk tahun ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(annual_turnover__isnull=False) | Q(business_capital__isnull=False),
                name="annual_report_has_a_figure",
                violation_error_message=_("Isi omzet atau modal usaha."),
            ),
            models.CheckConstraint(
                condition=(Q(annual_turnover__gte=0) | Q(annual_turnover__isnull=True))
                & (Q(business_capital__gte=0) | Q(business_capital__isnull=True)),
                name="annual_report_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}"

    @property
    def scale_class(self):
        return scale_class(annual_turnover=self.annual_turnover, business_capital=self.business_capital)

    def save(self, *args, **kwargs):
        old_enterprise_id = None
        if self.pk is not None:
            old_enterprise_id = AnnualReport.objects.filter(pk=self.pk).values_list("enterprise_id", flat=True).first()
        super().save(*args, **kwargs)
        _refresh_scale_classes({self.enterprise_id, old_enterprise_id})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _refresh_scale_classes([self.enterprise_id])
        return result
