"""Lists of people and enterprises out of the portal: the columns and the admin actions.

Enterprise headings are the ones the enterprise import reads (enterprises.imports)."""

from django.utils.translation import gettext_lazy as _

from common.exports import ExportDefinition, export_actions
from enterprises.models import Enterprise, Person

PEOPLE = ExportDefinition(
    name="pelaku-usaha",
    model=Person,
    columns=[
        ("full_name", _("Nama lengkap")),
        ("nik", _("NIK")),
        ("sex", _("Jenis kelamin")),
        ("birth_date", _("Tanggal lahir")),
        ("birth_year", _("Tahun lahir")),
        ("phone", _("Nomor telepon")),
        ("address", _("Alamat")),
        ("kecamatan__name", _("Kecamatan")),
        ("desa__name", _("Desa/kelurahan")),
    ],
    identifiers=frozenset({"nik", "phone"}),
    personal=frozenset({"nik", "phone", "address", "birth_date"}),
)

ENTERPRISES = ExportDefinition(
    name="umkm",
    model=Enterprise,
    columns=[
        ("name", _("Nama usaha")),
        ("nib", _("NIB")),
        ("sector", _("Sektor")),
        ("products", _("Produk")),
        ("scale_class", _("Skala usaha")),
        ("owner__full_name", _("Nama pemilik")),
        ("owner__nik", _("NIK pemilik")),
        ("owner__sex", _("Jenis kelamin pemilik")),
        ("owner__birth_date", _("Tanggal lahir pemilik")),
        ("owner__phone", _("Nomor telepon pemilik")),
        ("owner__address", _("Alamat pemilik")),
        ("kecamatan__name", _("Kecamatan")),
        ("desa__name", _("Desa/kelurahan")),
        ("address", _("Alamat usaha")),
        ("pirt_number", _("Nomor SPP-IRT")),
        ("halal_certificate_number", _("Nomor sertifikat halal")),
        ("employees", _("Jumlah tenaga kerja")),
        ("catalogue_consent", _("Setuju tampil di katalog")),
        ("public_contact", _("Kontak publik")),
    ],
    identifiers=frozenset({"nib", "owner__nik", "owner__phone", "pirt_number", "halal_certificate_number"}),
    # A home business's address is its owner's home: treated as personal too.
    personal=frozenset({"owner__nik", "owner__phone", "owner__address", "owner__birth_date", "address"}),
)

person_export_actions = export_actions(PEOPLE, description=_("pelaku usaha"))
enterprise_export_actions = export_actions(ENTERPRISES, description=_("UMKM"))
