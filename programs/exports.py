"""Participant lists out of the portal: the columns, and the admin actions that use them.

The headings are the ones the participants import reads, so an exported list goes back in
unchanged (programs.imports.PARTICIPANT_FIELDS)."""

from django.utils.translation import gettext_lazy as _

from common.exports import ExportDefinition, export_actions
from programs.models import Participant

PARTICIPANTS = ExportDefinition(
    name="peserta",
    model=Participant,
    columns=[
        ("program__title", _("Pelatihan")),
        ("person__full_name", _("Nama lengkap")),
        ("person__nik", _("NIK")),
        ("person__sex", _("Jenis kelamin")),
        ("person__birth_date", _("Tanggal lahir")),
        ("person__phone", _("Nomor telepon")),
        ("person__address", _("Alamat")),
        ("person__kecamatan__name", _("Kecamatan")),
        ("person__desa__name", _("Desa/kelurahan")),
        ("enterprise__name", _("Nama usaha")),
        ("enterprise__nib", _("NIB")),
        ("enterprise__sector", _("Sektor")),
        ("cooperative__name", _("Koperasi")),
        ("cooperative__nik_koperasi", _("Nomor Induk Koperasi")),
        ("status", _("Status")),
        ("attendance_days", _("Hari hadir")),
        ("certificate_number", _("Nomor sertifikat")),
    ],
    identifiers=frozenset({"person__nik", "person__phone", "enterprise__nib", "cooperative__nik_koperasi"}),
    personal=frozenset({"person__nik", "person__phone", "person__address", "person__birth_date"}),
)


def participants_of(programs):
    return Participant.objects.filter(program__in=programs)


# Admin actions: `actions = [..., *participant_export_actions]` on ParticipantAdmin, and
# `*program_export_actions` on ProgramAdmin (the selected programs' participants).
participant_export_actions = export_actions(PARTICIPANTS, description=_("peserta"))
program_export_actions = export_actions(PARTICIPANTS, description=_("peserta pelatihan"), queryset_for=participants_of)
