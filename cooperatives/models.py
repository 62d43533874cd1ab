from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel
from cooperatives.rules import Status, derive_status, rat_overdue_condition, status_expression
from regions.models import LocatedModel


class CooperativeKind(models.TextChoices):
    # UU 25/1992
    SIMPAN_PINJAM = "simpan_pinjam", _("simpan pinjam (KSP)")
    KONSUMEN = "konsumen", _("konsumen")
    PRODUSEN = "produsen", _("produsen")
    PEMASARAN = "pemasaran", _("pemasaran")
    JASA = "jasa", _("jasa")


class CooperativeQuerySet(models.QuerySet):
    def with_status(self, today=None):
        return self.annotate(status=status_expression(today or timezone.localdate()))

    def for_public(self, today=None):
        """With status and kecamatan, in name order, for the public lists."""
        return self.with_status(today).select_related("kecamatan").order_by("name", "id")

    def rat_overdue(self, today=None):
        """Cooperatives that have not held the RAT of the latest due book year."""
        return self.filter(rat_overdue_condition(today or timezone.localdate()))

    def status_counts(self, today=None):
        """{status: count} in one query."""
        rows = self.with_status(today).values("status").annotate(n=Count("pk")).order_by()
        counts = {status: 0 for status in Status.values}
        counts.update({row["status"]: row["n"] for row in rows})
        return counts


class Cooperative(TimeStampedModel, LocatedModel):
    name = models.CharField(_("nama koperasi"), max_length=200, db_index=True)
    kind = models.CharField(_("jenis koperasi"), max_length=20, choices=CooperativeKind.choices, db_index=True)
    is_merah_putih = models.BooleanField(
        _("Koperasi Desa/Kelurahan Merah Putih"), default=False, db_index=True, help_text=_("Inpres 9/2025.")
    )
    legal_entity_number = models.CharField(_("nomor badan hukum"), max_length=100, blank=True)
    founded_on = models.DateField(_("tanggal badan hukum"), null=True, blank=True)
    nik_koperasi = models.CharField(_("Nomor Induk Koperasi"), max_length=20, unique=True, null=True, blank=True)
    members = models.PositiveIntegerField(_("jumlah anggota"), default=0)
    chair_name = models.CharField(_("nama ketua"), max_length=150, blank=True)
    runs_business = models.BooleanField(
        _("menjalankan usaha"), default=True, help_text=_("Koperasi masih menjalankan kegiatan usaha.")
    )
    # The latest book year of the RAT records, kept by cooperatives.services.refresh_last_rat_book_years
    # (which every write of RAT records calls) so status can be computed in SQL for lists.
    last_rat_book_year = models.PositiveSmallIntegerField(
        _("tahun buku RAT terakhir"), null=True, blank=True, editable=False, db_index=True
    )
    status_override = models.CharField(
        _("status ditetapkan petugas"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("Kosongkan agar status dihitung dari RAT dan kegiatan usaha."),
    )
    status_override_reason = models.TextField(_("alasan penetapan status"), blank=True)

    objects = CooperativeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("koperasi")
        verbose_name_plural = pgettext_lazy("jamak", "koperasi")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["runs_business"], name="cooperative_business_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status_override="") | ~Q(status_override_reason=""),
                name="cooperative_override_needs_reason",
                violation_error_message=_("Status yang ditetapkan petugas harus disertai alasan."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.nik_koperasi == "":
            self.nik_koperasi = None
        if self.status_override and not self.status_override_reason.strip():
            raise ValidationError(
                {"status_override_reason": _("Status yang ditetapkan petugas harus disertai alasan.")}
            )
        super().clean()

    @property
    def status_label(self):
        """The label of the `status` annotated by `with_status()`."""
        return Status(self.status).label

    def derived_status(self, today=None):
        """(status, reason) by the rule in cooperatives/rules.py."""
        return derive_status(
            last_rat_book_year=self.last_rat_book_year,
            founded_on=self.founded_on,
            runs_business=self.runs_business,
            today=today or timezone.localdate(),
            override=self.status_override,
        )


def _refresh_last_rat_book_years(cooperative_ids):
    from cooperatives.services import refresh_last_rat_book_years  # services imports this module

    refresh_last_rat_book_years(cooperative_ids)


class RatRecordQuerySet(models.QuerySet):
    """Bulk writes of RAT records keep their cooperatives' last_rat_book_year too (save() does
    that for one record); what `cooperatives.services.refresh_last_rat_book_years` keeps."""

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        _refresh_last_rat_book_years(record.cooperative_id for record in created)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        updated = super().bulk_update(objs, fields, *args, **kwargs)
        _refresh_last_rat_book_years(record.cooperative_id for record in objs)
        return updated

    def update(self, **kwargs):
        cooperative_ids = set(self.values_list("cooperative_id", flat=True))
        updated = super().update(**kwargs)
        if "cooperative" in kwargs or "cooperative_id" in kwargs:
            cooperative_ids.add(kwargs.get("cooperative_id") or getattr(kwargs.get("cooperative"), "pk", None))
        _refresh_last_rat_book_years(cooperative_ids)
        return updated

    update.alters_data = True

    def delete(self):
        cooperative_ids = set(self.values_list("cooperative_id", flat=True))
        result = super().delete()
        _refresh_last_rat_book_years(cooperative_ids)
        return result

    delete.alters_data = True
    delete.queryset_only = True


class RatRecord(TimeStampedModel):
    """A Rapat Anggota Tahunan held for one book year."""

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="rat_records", verbose_name=_("koperasi")
    )
    book_year = models.PositiveSmallIntegerField(_("tahun buku"), validators=[MinValueValidator(1945)])
    held_on = models.DateField(_("tanggal RAT"))
    attendees = models.PositiveIntegerField(_("anggota hadir"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    history = HistoricalRecords()

    objects = RatRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("RAT")
        verbose_name_plural = pgettext_lazy("jamak", "RAT")
        ordering = ["cooperative", "-book_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "book_year"],
                name="rat_once_per_book_year",
                violation_error_message=_("RAT untuk tahun buku ini sudah dicatat."),
            ),
        ]

    def __str__(self):
        return f"RAT {self.book_year}"

    def clean(self):
        if self.held_on and self.book_year and self.held_on.year <= self.book_year:
            raise ValidationError({"held_on": _("RAT diadakan setelah tahun bukunya berakhir.")})

    def save(self, *args, **kwargs):
        old_cooperative_id = None
        if self.pk is not None:
            old_cooperative_id = RatRecord.objects.filter(pk=self.pk).values_list("cooperative_id", flat=True).first()
        super().save(*args, **kwargs)
        _refresh_last_rat_book_years({self.cooperative_id, old_cooperative_id})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _refresh_last_rat_book_years([self.cooperative_id])
        return result
