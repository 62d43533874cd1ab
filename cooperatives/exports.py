"""Lists of cooperatives out of the portal: the columns and the admin actions."""

from django.utils.translation import gettext_lazy as _

from common.exports import ExportDefinition, export_actions
from cooperatives.models import Cooperative
from cooperatives.rules import Status

COOPERATIVES = ExportDefinition(
    name="koperasi",
    model=Cooperative,
    columns=[
        ("name", _("Nama koperasi")),
        ("nik_koperasi", _("Nomor Induk Koperasi")),
        ("kind", _("Jenis koperasi")),
        ("is_merah_putih", _("Koperasi Merah Putih")),
        ("legal_entity_number", _("Nomor badan hukum")),
        ("founded_on", _("Tanggal badan hukum")),
        ("kecamatan__name", _("Kecamatan")),
        ("desa__name", _("Desa/kelurahan")),
        ("members", _("Jumlah anggota")),
        ("chair_name", _("Nama ketua")),
        ("runs_business", _("Menjalankan usaha")),
        ("last_rat_book_year", _("Tahun buku RAT terakhir")),
        ("status", _("Status")),
    ],
    identifiers=frozenset({"nik_koperasi"}),
    labels={"status": dict(Status.choices)},
)


def with_status(cooperatives):
    return cooperatives.with_status()


cooperative_export_actions = export_actions(COOPERATIVES, description=_("koperasi"), queryset_for=with_status)
