from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.models import Cooperative
from enterprises.models import Enterprise, Person
from umkm_portal.models import TimeStampedModel


class Bidang(models.TextChoices):
    KOPERASI = "koperasi", _("Bidang Koperasi")
    UMKM = "umkm", _("Bidang UMKM")
    PERINDUSTRIAN = "perindustrian", _("Bidang Perindustrian")
    PERDAGANGAN = "perdagangan", _("Bidang Perdagangan")


class Theme(models.TextChoices):
    PRODUCTION = "kapasitas_produksi", _("kapasitas produksi")
    MARKETING = "pemasaran", _("strategi pemasaran")
    PACKAGING = "kemasan", _("kemasan dan desain produk")
    DIGITAL = "digital", _("pemasaran digital")
    FINANCE = "keuangan", _("manajemen keuangan")
    MANAGEMENT = "manajerial", _("manajerial usaha")
    CRAFT = "kriya", _("keterampilan kriya")
    HALAL = "halal", _("sertifikasi halal")
    COOPERATIVE = "koperasi", _("pengelolaan koperasi")


class FundingSource(models.TextChoices):
    APBD = "apbd", _("APBD")
    APBN = "apbn", _("APBN")
    PARTNER = "mitra", _("mitra")


class TargetGroup(models.TextChoices):
    UMKM = "umkm", _("pelaku UMKM")
    ARTISANS = "perajin", _("perajin")
    COOPERATIVE_MANAGERS = "pengelola_koperasi", _("pengurus/pengelola koperasi")


class Partner(TimeStampedModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "pemerintah", _("instansi pemerintah")
        TRAINING_CENTRE = "balai", _("balai diklat")
        COMPANY = "perusahaan", _("perusahaan")
        COMMUNITY = "komunitas", _("komunitas")
        UNIVERSITY = "perguruan_tinggi", _("perguruan tinggi")
        OTHER = "lainnya", _("lainnya")

    name = models.CharField(_("nama mitra"), max_length=200, unique=True)
    kind = models.CharField(_("jenis mitra"), max_length=20, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mitra")
        verbose_name_plural = _("mitra")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"], name="partner_kind_idx")]

    def __str__(self):
        return self.name


class ProgramQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_state=Program.PublicationState.PUBLISHED)

    def open_for_registration(self, today=None):
        today = today or timezone.localdate()
        return self.published().filter(
            Q(registration_closes_on__isnull=True) | Q(registration_closes_on__gte=today),
            registration_open=True,
            start_date__gt=today,
        )


class Program(TimeStampedModel):
    class PublicationState(models.TextChoices):
        DRAFT = "draf", _("draf")
        PUBLISHED = "terbit", _("terbit")

    class Phase(models.TextChoices):
        UPCOMING = "akan_datang", _("akan datang")
        OPEN = "pendaftaran_dibuka", _("pendaftaran dibuka")
        RUNNING = "berlangsung", _("berlangsung")
        FINISHED = "selesai", _("selesai")

    title = models.CharField(_("judul"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    theme = models.CharField(_("tema"), max_length=30, choices=Theme.choices, db_index=True)
    description = models.TextField(_("uraian"), blank=True)
    bidang = models.CharField(_("bidang penyelenggara"), max_length=20, choices=Bidang.choices)
    partners = models.ManyToManyField(Partner, blank=True, related_name="programs", verbose_name=_("mitra"))
    venue = models.CharField(_("tempat"), max_length=200)
    city = models.CharField(_("kota"), max_length=100)
    start_date = models.DateField(_("tanggal mulai"), db_index=True)
    end_date = models.DateField(_("tanggal selesai"))
    quota = models.PositiveIntegerField(_("kuota peserta"), validators=[MinValueValidator(1)])
    funding_source = models.CharField(_("sumber dana"), max_length=10, choices=FundingSource.choices)
    target_group = models.CharField(_("sasaran"), max_length=20, choices=TargetGroup.choices)
    publication_state = models.CharField(
        _("status publikasi"), max_length=10, choices=PublicationState.choices, default=PublicationState.DRAFT
    )
    registration_open = models.BooleanField(
        _("pendaftaran dibuka"), default=False, help_text=_("Sakelar petugas untuk membuka atau menutup pendaftaran.")
    )
    registration_closes_on = models.DateField(_("pendaftaran ditutup tanggal"), null=True, blank=True)

    objects = ProgramQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pelatihan")
        verbose_name_plural = _("pelatihan")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["publication_state", "start_date"], name="program_public_date_idx"),
            # back-office filters and orderings
            models.Index(fields=["bidang"], name="program_bidang_idx"),
            models.Index(fields=["target_group"], name="program_target_group_idx"),
            models.Index(fields=["registration_open"], name="program_registration_idx"),
            models.Index(fields=["title"], name="program_title_idx"),
            models.Index(fields=["end_date"], name="program_end_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="program_ends_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(condition=Q(quota__gte=1), name="program_quota_positive"),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_date:%Y})" if self.start_date else self.title

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
        if self.registration_closes_on and self.start_date and self.registration_closes_on >= self.start_date:
            raise ValidationError({"registration_closes_on": _("Pendaftaran harus ditutup sebelum pelatihan dimulai.")})

    def is_registration_open(self, today=None):
        today = today or timezone.localdate()
        return (
            self.publication_state == self.PublicationState.PUBLISHED
            and self.registration_open
            and self.start_date > today
            and (self.registration_closes_on is None or self.registration_closes_on >= today)
        )

    def phase(self, today=None):
        today = today or timezone.localdate()
        if self.end_date < today:
            return self.Phase.FINISHED
        if self.start_date <= today:
            return self.Phase.RUNNING
        if self.is_registration_open(today):
            return self.Phase.OPEN
        return self.Phase.UPCOMING


class Participant(TimeStampedModel):
    """A person's place in one program."""

    class Status(models.TextChoices):
        APPLIED = "mendaftar", _("mendaftar")
        SELECTED = "terpilih", _("terpilih")
        REJECTED = "ditolak", _("tidak terpilih")
        ATTENDED = "hadir", _("hadir")
        COMPLETED = "lulus", _("selesai/lulus")
        DROPPED = "mundur", _("mundur")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="participants", verbose_name=_("pelatihan")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="participations", verbose_name=_("peserta")
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("UMKM"),
    )
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("koperasi"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True)
    attendance_days = models.PositiveSmallIntegerField(_("hari hadir"), null=True, blank=True)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        ordering = ["program", "person__full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "person"],
                name="participant_once_per_program",
                violation_error_message=_("Orang ini sudah terdaftar di pelatihan ini."),
            ),
            models.UniqueConstraint(
                fields=["program", "certificate_number"],
                condition=~Q(certificate_number=""),
                name="certificate_number_unique_in_program",
                violation_error_message=_("Nomor sertifikat ini sudah dipakai di pelatihan ini."),
            ),
            models.CheckConstraint(
                condition=Q(enterprise__isnull=True) | Q(cooperative__isnull=True),
                name="participant_enterprise_or_cooperative",
                violation_error_message=_("Peserta mewakili satu UMKM atau satu koperasi, bukan keduanya."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.program}"
