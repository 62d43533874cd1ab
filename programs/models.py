import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.choices import FundingSource
from common.models import TimeStampedModel
from cooperatives.models import Cooperative
from enterprises.models import Enterprise, Person, Sex
from programs.rules import places_left, q_holds


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
        verbose_name_plural = pgettext_lazy("jamak", "mitra")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"], name="partner_kind_idx")]

    def __str__(self):
        return self.name


def registration_window(today=None):
    """The registration window, defined once: a program takes applications on `today` when it is
    published, staff have switched registration open, it has not started and its closing date (if
    any) has not passed. Lists filter with this Q (`ProgramQuerySet.open_for_registration`,
    `in_phase`); `Program.is_registration_open` evaluates the same Q on one row without a query,
    and the views, forms and services ask that."""
    today = today or timezone.localdate()
    return Q(publication_state=Program.PublicationState.PUBLISHED, registration_open=True, start_date__gt=today) & (
        Q(registration_closes_on__isnull=True) | Q(registration_closes_on__gte=today)
    )


class ProgramQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_state=Program.PublicationState.PUBLISHED)

    def open_for_registration(self, today=None):
        return self.filter(registration_window(today))

    def for_public(self):
        """What the public site lists: published programs, newest first."""
        return self.published().order_by("-start_date", "title")

    def coming(self, today=None):
        """Not yet started (upcoming or open for registration), soonest first."""
        return self.filter(start_date__gt=today or timezone.localdate()).order_by("start_date", "title")

    def held(self, today=None):
        """Started or finished, most recent first."""
        return self.filter(start_date__lte=today or timezone.localdate()).order_by("-start_date", "title")

    def in_phase(self, phase, today=None):
        """The programs whose `Program.phase(today)` is `phase`, as one SQL filter."""
        today = today or timezone.localdate()
        open_now = registration_window(today)
        conditions = {
            Program.Phase.FINISHED: Q(end_date__lt=today),
            Program.Phase.RUNNING: Q(start_date__lte=today, end_date__gte=today),
            Program.Phase.OPEN: Q(start_date__gt=today) & open_now,
            Program.Phase.UPCOMING: Q(start_date__gt=today) & ~open_now,
        }
        return self.filter(conditions[Program.Phase(phase)])

    def in_year(self, year):
        """Programs starting in `year`, as a date range so the start_date index serves it."""
        return self.filter(start_date__gte=datetime.date(year, 1, 1), start_date__lte=datetime.date(year, 12, 31))

    def reaching_kecamatan(self, kecamatan):
        """Programs with at least one participant taking part from `kecamatan` (EXISTS subquery)."""
        return self.filter(
            Exists(Participant.objects.taking_part().filter(program=OuterRef("pk"), person__kecamatan=kecamatan))
        )

    def with_places_taken(self):
        """Annotates `places_taken`: the participants holding a place (`ParticipantQuerySet.taking_part`),
        as a correlated subquery, so it adds no GROUP BY to the list it annotates."""
        held = (
            Participant.objects.taking_part()
            .filter(program=OuterRef("pk"))
            .order_by()
            .values("program")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(places_taken=Coalesce(Subquery(held, output_field=models.IntegerField()), 0))

    def public_years(self):
        """The years in which published programs start, newest first (one query)."""
        return [day.year for day in self.published().dates("start_date", "year", order="DESC")]


class Program(TimeStampedModel):
    class PublicationState(models.TextChoices):
        DRAFT = "draf", _("draf")
        PUBLISHED = "terbit", _("terbit")

    class Phase(models.TextChoices):
        UPCOMING = "akan_datang", _("akan datang")
        OPEN = "pendaftaran_dibuka", _("pendaftaran dibuka")
        RUNNING = "berlangsung", _("berlangsung")
        FINISHED = "selesai", _("selesai")

    title = models.CharField(_("judul"), max_length=200, db_index=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    theme = models.CharField(_("tema"), max_length=30, choices=Theme.choices, db_index=True)
    description = models.TextField(_("uraian"), blank=True)
    bidang = models.CharField(_("bidang penyelenggara"), max_length=20, choices=Bidang.choices)
    partners = models.ManyToManyField(Partner, blank=True, related_name="programs", verbose_name=_("mitra"))
    venue = models.CharField(_("tempat"), max_length=200)
    city = models.CharField(_("kota"), max_length=100)
    start_date = models.DateField(_("tanggal mulai"), db_index=True)
    end_date = models.DateField(_("tanggal selesai"), db_index=True)
    quota = models.PositiveIntegerField(_("kuota peserta"), validators=[MinValueValidator(1)])
    funding_source = models.CharField(_("sumber dana"), max_length=20, choices=FundingSource.choices)
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
        verbose_name_plural = pgettext_lazy("jamak", "pelatihan")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["publication_state", "start_date"], name="program_public_date_idx"),
            models.Index(fields=["registration_open", "registration_closes_on"], name="program_registration_idx"),
            # back-office filters and orderings (title and end date are indexed on their fields)
            models.Index(fields=["bidang"], name="program_bidang_idx"),
            models.Index(fields=["target_group"], name="program_target_group_idx"),
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
        """`registration_window` evaluated on this row (no query)."""
        return q_holds(registration_window(today), self)

    @property
    def places_left(self):
        """Free places (None: no quota, unlimited); uses `with_places_taken()` or counts once."""
        taken = getattr(self, "places_taken", None)
        if taken is None:
            taken = self.participants.taking_part().count()
        return places_left(quota=self.quota, taken=taken)

    def public_figures(self):
        """Who took part, as counts only (three grouped queries): never a participant's row."""
        taking_part = self.participants.taking_part()
        sex_labels = dict(Sex.choices)
        groups = taking_part.aggregate(
            umkm=Count("pk", filter=Q(enterprise__isnull=False)),
            koperasi=Count("pk", filter=Q(cooperative__isnull=False)),
            perorangan=Count("pk", filter=Q(enterprise__isnull=True, cooperative__isnull=True)),
        )
        group_labels = {
            "umkm": _("mewakili UMKM"),
            "koperasi": _("mewakili koperasi"),
            "perorangan": _("perorangan"),
        }
        return {
            "total": sum(groups.values()),
            "by_kecamatan": taking_part.figures_by("person__kecamatan__name"),
            "by_sex": [(sex_labels.get(value, value), n) for value, n in taking_part.figures_by("person__sex")],
            "by_group": [(group_labels[key], n) for key, n in groups.items() if n],
        }

    def phase(self, today=None):
        today = today or timezone.localdate()
        if self.end_date < today:
            return self.Phase.FINISHED
        if self.start_date <= today:
            return self.Phase.RUNNING
        if self.is_registration_open(today):
            return self.Phase.OPEN
        return self.Phase.UPCOMING


class TurnoverBand(models.TextChoices):
    """The yearly turnover an applicant declares, in bands that follow the PP 7/2021 ceilings, so a
    scale class can be read from it before any annual report is on file."""

    UNDER_300M = "lt300jt", _("sampai Rp300 juta")
    UNDER_2B = "lt2m", _("di atas Rp300 juta sampai Rp2 miliar")
    UNDER_15B = "lt15m", _("di atas Rp2 miliar sampai Rp15 miliar")
    UNDER_50B = "lt50m", _("di atas Rp15 miliar sampai Rp50 miliar")
    OVER_50B = "gt50m", _("di atas Rp50 miliar")


# The PP 7/2021 class each declared band falls in (enterprises.rules.ScaleClass values).
TURNOVER_BAND_SCALE = {
    TurnoverBand.UNDER_300M: "mikro",
    TurnoverBand.UNDER_2B: "mikro",
    TurnoverBand.UNDER_15B: "kecil",
    TurnoverBand.UNDER_50B: "menengah",
    TurnoverBand.OVER_50B: "besar",
}


class ParticipantQuerySet(models.QuerySet):
    def taking_part(self):
        """Participants holding a place: selected, attended or completed (not applicants, rejected or dropped)."""
        return self.filter(status__in=Participant.TAKING_PART)

    def figures_by(self, field):
        """[(value, count)] of participants grouped by one column, largest first; never a person's row."""
        return list(self.values_list(field).annotate(n=Count("pk")).order_by("-n", field))


class Participant(TimeStampedModel):
    """A person's place in one program."""

    class Status(models.TextChoices):
        APPLIED = "mendaftar", _("mendaftar")
        SELECTED = "terpilih", _("terpilih")
        REJECTED = "ditolak", _("tidak terpilih")
        ATTENDED = "hadir", _("hadir")
        COMPLETED = "lulus", _("selesai/lulus")
        DROPPED = "mundur", _("mundur")

    # Everyday words for the statuses (the imports' mapping step, common.column_mapping.ChoiceSet).
    STATUS_SYNONYMS = {
        "daftar": Status.APPLIED,
        "pendaftar": Status.APPLIED,
        "calon": Status.APPLIED,
        "lolos": Status.SELECTED,
        "diterima": Status.SELECTED,
        "lolos seleksi": Status.SELECTED,
        "tidak lolos": Status.REJECTED,
        "ditolak": Status.REJECTED,
        "gagal": Status.REJECTED,
        "datang": Status.ATTENDED,
        "selesai": Status.COMPLETED,
        "lulus": Status.COMPLETED,
        "tamat": Status.COMPLETED,
        "batal": Status.DROPPED,
        "mengundurkan diri": Status.DROPPED,
        "undur diri": Status.DROPPED,
    }

    # Statuses that hold one of the program's places and count as taking part in public figures.
    TAKING_PART = [Status.SELECTED, Status.ATTENDED, Status.COMPLETED]

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
    # Filled when the person applied through the public form (programs.services.apply).
    reference_code = models.CharField(
        _("kode referensi"),
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Kode yang diterima pendaftar untuk mengecek status pendaftarannya."),
    )
    applied_at = models.DateTimeField(_("waktu mendaftar"), null=True, blank=True, editable=False, db_index=True)
    consent_given_at = models.DateTimeField(
        _("persetujuan data pribadi diberikan"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Saat pendaftar menyetujui pemrosesan data pribadinya (UU 27/2022)."),
    )
    motivation = models.TextField(_("motivasi"), blank=True)
    # The NIB as the applicant typed it: linked only when it is the applicant's own enterprise's,
    # so the selection desk can show a NIB that belongs to another owner (programs.services).
    nib_given = models.CharField(_("NIB yang diisi pendaftar"), max_length=13, blank=True, editable=False)
    turnover_band = models.CharField(
        _("omzet setahun (menurut pendaftar)"), max_length=10, choices=TurnoverBand.choices, blank=True
    )

    objects = ParticipantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = pgettext_lazy("jamak", "peserta")
        ordering = ["program", "person__full_name", "id"]
        indexes = [
            models.Index(fields=["program", "applied_at"], name="participant_applied_idx"),
            # covers counting the places taken per program (list of figures, places left)
            models.Index(fields=["program", "status"], name="participant_program_status_idx"),
        ]
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

    @property
    def reference_display(self):
        """The reference code as the applicant sees it: two groups of four (K7QM-3XPA)."""
        code = self.reference_code or ""
        return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


class Applicant(Participant):
    """Participants seen from the selection desk: who applied, and the facts that decide who is chosen.

    A proxy so the selection screen (programs/admin_selection.py) has its own admin, permissions
    and menu entry beside the plain participant list.
    """

    class Meta:
        proxy = True
        verbose_name = _("pendaftar")
        verbose_name_plural = pgettext_lazy("jamak", "pendaftar")
