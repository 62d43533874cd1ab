import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.agency import clean_social_links, clean_whatsapp, emblem_digest, profile_from_settings


class TimeStampedModel(models.Model):
    """Every record of the portal knows when it was created and last changed."""

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class ExportLog(models.Model):
    """One list that left the portal: who took it, when, what, how many rows, and whether it
    carried personal identifiers (UU 27/2022 asks that such transfers can be accounted for)."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    username = models.CharField(_("nama pengguna"), max_length=150, help_text=_("Disimpan agar tetap terbaca."))
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    what = models.CharField(_("daftar"), max_length=50, db_index=True)
    description = models.CharField(_("keterangan"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices, db_index=True)
    filters = models.JSONField(_("filter/pilihan"), default=dict, blank=True)
    personal_included = models.BooleanField(_("memuat data pribadi"), default=False, db_index=True)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    finished = models.BooleanField(
        _("selesai"), default=False, help_text=_("Tidak selesai bila unduhan terputus di tengah jalan.")
    )

    class Meta:
        db_table = "umkm_portal_exportlog"  # the table the log was created in before the base app split off
        verbose_name = _("catatan ekspor")
        verbose_name_plural = _("catatan ekspor")
        ordering = ["-created_at", "-id"]
        permissions = [("export_lists", _("Dapat mengekspor daftar (CSV/XLSX)"))]

    def __str__(self):
        return f"{self.what} {self.created_at:%Y-%m-%d %H:%M} {self.username}"


class ImportMapping(models.Model):
    """How one user last mapped a list with these headings (common.column_mapping): which column
    fills which field and what the everyday words of its choice columns mean, so next month's list
    from the same office maps itself."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("pengguna")
    )
    purpose = models.CharField(_("impor"), max_length=30)
    heading_key = models.CharField(_("kunci baris judul"), max_length=64)
    headings = models.JSONField(_("baris judul"), default=list)
    mapping = models.JSONField(_("pemetaan"), default=dict)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pemetaan kolom impor")
        verbose_name_plural = _("pemetaan kolom impor")
        constraints = [
            models.UniqueConstraint(fields=["user", "purpose", "heading_key"], name="import_mapping_once_per_headings")
        ]

    def __str__(self):
        return f"{self.purpose} {self.heading_key[:8]}"


class StagedUpload(models.Model):
    """An uploaded list waiting between its preview and the confirmation (common/spreadsheets.py).

    In the database, so the preview may run on one app server and the confirmation on another
    with nothing shared but the database. Never shown anywhere; deleted on confirm, on cancel and
    after STAGING_MAX_AGE (manage.py purge_staged_imports)."""

    # The file holds whatever the list holds, NIKs and phones included.
    PERSONAL_FIELDS = ("data",)

    token = models.CharField(max_length=64, primary_key=True)
    data = models.BinaryField()
    # Stamped from the portal's clock (the sweep compares with the same clock).
    staged_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("unggahan impor yang menunggu")
        verbose_name_plural = _("unggahan impor yang menunggu")

    def __str__(self):
        return self.token


class BackgroundExport(models.Model):
    """A large export built by a worker process (common/background_exports.py) instead of in the
    request: its progress, and the finished file in the database (BackgroundExportChunk), so any
    app server can hand it to its owner, and only to them."""

    class Status(models.TextChoices):
        QUEUED = "antre", _("menunggu giliran")
        RUNNING = "berjalan", _("sedang dibuat")
        DONE = "selesai", _("siap diunduh")
        FAILED = "gagal", _("gagal")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    log = models.OneToOneField(ExportLog, on_delete=models.CASCADE, related_name="+")
    definition = models.CharField(max_length=200)  # dotted path of the ExportDefinition
    query = models.BinaryField()  # the queryset's pickled Query (Django's documented way)
    personal = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=200)
    title_lines = models.JSONField(default=list, blank=True)  # an XLSX's title block, as streamed
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ekspor di latar belakang")
        verbose_name_plural = _("ekspor di latar belakang")

    def __str__(self):
        return self.filename


class BackgroundExportChunk(models.Model):
    """One piece (about 1 MB) of a finished background export, in order."""

    # The file may hold personal columns (when its owner may see them).
    PERSONAL_FIELDS = ("data",)

    export = models.ForeignKey(BackgroundExport, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["export", "number"], name="export_chunk_once")]

    def __str__(self):
        return f"{self.export_id} #{self.number}"


class AgencyProfile(models.Model):
    """The agency's identity and how to reach it, kept by its staff in the back office: one row
    (id 1). Until it is first saved, the installation's settings (PORTAL_AGENCY_*) stand in.
    Read through common.agency, which caches it; the emblem is served by common.views."""

    SINGLETON_ID = 1

    name = models.CharField(_("nama dinas"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60, help_text=_("Di judul setiap halaman."))
    address = models.TextField(_("alamat kantor"))
    phone = models.CharField(_("telepon"), max_length=40)
    whatsapp = models.CharField(
        _("nomor WhatsApp"), max_length=20, help_text=_("Boleh ditulis 0812… atau 62812…; disimpan sebagai 62812….")
    )
    email = models.EmailField(_("e-mail"))
    office_hours = models.CharField(_("jam layanan"), max_length=120)
    social_links = models.TextField(
        _("media sosial"),
        blank=True,
        help_text=_("Satu per baris: nama | alamat https://…, misalnya Instagram | https://instagram.com/dinas."),
    )
    emblem = models.BinaryField(_("lambang"), null=True, blank=True, editable=False)
    emblem_type = models.CharField(_("jenis berkas lambang"), max_length=40, blank=True, editable=False)
    # The emblem's address changes with its content, so browsers may keep it for a year.
    emblem_digest = models.CharField(max_length=16, blank=True, editable=False)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["emblem"])

    class Meta:
        verbose_name = _("identitas dan kontak dinas")
        verbose_name_plural = _("identitas dan kontak dinas")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="agency_profile_one_row")]

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        """The saved row, or an unsaved one holding the installation's settings."""
        return cls.objects.filter(pk=cls.SINGLETON_ID).first() or profile_from_settings()

    def clean(self):
        errors = {}
        try:
            self.whatsapp = clean_whatsapp(self.whatsapp)
        except ValidationError as error:
            errors["whatsapp"] = error
        try:
            clean_social_links(self.social_links)
        except ValidationError as error:
            errors["social_links"] = error
        if errors:
            raise ValidationError(errors)

    def set_emblem(self, data, content_type):
        """A checked emblem (common.agency.read_emblem), or None to go back to the installation's."""
        self.emblem = data
        self.emblem_type = content_type if data else ""
        self.emblem_digest = emblem_digest(data) if data else ""
