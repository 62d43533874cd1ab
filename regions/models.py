"""Kemendagri region codes: the reference every registry of the portal points at.

Codes are the primary keys: they are official, stable and readable in exports
(`36.04.11` is Kragilan in every system of the government).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kabupaten(models.Model):
    code = models.CharField(_("kode"), max_length=5, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    province_name = models.CharField(_("provinsi"), max_length=100)

    class Meta:
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = pgettext_lazy("jamak", "kabupaten/kota")
        ordering = ["code"]

    def __str__(self):
        return self.name


class KecamatanQuerySet(models.QuerySet):
    def of_portal_district(self):
        return self.filter(kabupaten_id=settings.PORTAL_DISTRICT)


class Kecamatan(models.Model):
    code = models.CharField(_("kode"), max_length=8, primary_key=True)
    name = models.CharField(_("nama"), max_length=100, db_index=True)
    kabupaten = models.ForeignKey(
        Kabupaten, on_delete=models.PROTECT, related_name="kecamatan", verbose_name=_("kabupaten")
    )

    objects = KecamatanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = pgettext_lazy("jamak", "kecamatan")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def nik_prefix(self):
        """The six digits a NIK registered in this kecamatan starts with."""
        return self.code.replace(".", "")


class Desa(models.Model):
    class Kind(models.TextChoices):
        DESA = "desa", _("desa")
        KELURAHAN = "kelurahan", _("kelurahan")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100, db_index=True)
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="desa", verbose_name=_("kecamatan"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = pgettext_lazy("jamak", "desa/kelurahan")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"], name="desa_kind_idx")]

    def __str__(self):
        return f"{self.name}, {self.kecamatan.name}"

    @staticmethod
    def kind_for_code(code):
        # Kepmendagri: the four-digit part starts with 1 for a kelurahan, 2 for a desa.
        return Desa.Kind.KELURAHAN if code.split(".")[3].startswith("1") else Desa.Kind.DESA


def validate_desa_in_kecamatan(desa_code, kecamatan_code):
    """Every record with both a kecamatan and a desa must name a desa of that kecamatan."""
    if desa_code and kecamatan_code and not desa_code.startswith(kecamatan_code + "."):
        raise ValidationError({"desa": _("Desa/kelurahan ini tidak berada di kecamatan yang dipilih.")})


class LocatedModel(models.Model):
    """A record placed in a kecamatan and, optionally, a desa/kelurahan of that same kecamatan."""

    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan"))
    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("desa/kelurahan")
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        validate_desa_in_kecamatan(self.desa_id, self.kecamatan_id)
