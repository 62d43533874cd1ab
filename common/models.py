from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
