"""Staff roles, one group per bidang of the agency, created (and brought up to date) by
`manage.py setup_roles`, which `make setup` runs.

Everyone on staff may read every registry; personal identifiers (NIK, phone, address) need
enterprises.view_personal_identifiers, which only the administrators get. Exporting lists
needs common.export_lists, given to the groups below that export; it is granted as soon as
that permission exists (run the command again after the migration that adds it).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.permissions import EXPORT_LISTS, PERSONAL_IDENTIFIERS

PORTAL_APPS = ("common", "regions", "enterprises", "cooperatives", "markets", "programs")
EDIT = ("add", "change", "delete", "view")
# Who exported which list is for administrators to audit, not for every reader.
ADMINISTRATORS_ONLY = {"common.view_exportlog"}


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    edits: tuple = ()  # "app_label.model" whose rows the group adds, changes and deletes
    adds: tuple = ()  # "app_label.model" the group may only add (and read)
    extra: tuple = ()  # "app_label.codename"
    everything: bool = False


ROLES = [
    Role(
        "Bidang Koperasi",
        _("Mengelola data koperasi dan RAT."),
        edits=("cooperatives.cooperative", "cooperatives.ratrecord"),
        extra=(EXPORT_LISTS,),
    ),
    Role(
        "Bidang UMKM",
        _("Mengelola data pelaku usaha, UMKM dan laporan tahunannya."),
        edits=("enterprises.person", "enterprises.enterprise", "enterprises.annualreport"),
        extra=(EXPORT_LISTS,),
    ),
    Role(
        "Bidang Perindustrian",
        _("Mengelola pelatihan, mitra dan peserta; dapat mendaftarkan pelaku usaha baru sebagai peserta."),
        edits=("programs.program", "programs.participant", "programs.partner"),
        adds=("enterprises.person", "enterprises.enterprise"),
        extra=(EXPORT_LISTS,),
    ),
    Role(
        "Bidang Perdagangan",
        _("Mengelola data pasar rakyat dan relokasinya, komoditas, HET dan harga pasar (pencatatan harga)."),
        edits=(
            "markets.market",
            "markets.relocation",
            "markets.commodity",
            "markets.referenceprice",
            "markets.priceobservation",
        ),
        extra=(EXPORT_LISTS,),
    ),
    Role("Pimpinan (hanya baca)", _("Membaca semua data kecuali data pribadi.")),
    Role(
        "Administrator",
        _("Semua data portal, termasuk data pribadi dan pengelolaan akun petugas."),
        extra=(PERSONAL_IDENTIFIERS, EXPORT_LISTS, *(f"auth.{a}_{m}" for m in ("user", "group") for a in EDIT)),
        everything=True,
    ),
]
ROLE_NAMES = [role.name for role in ROLES]


def _permissions_for(role, by_key):
    wanted = set()
    for key in by_key:
        app_label, codename = key.split(".", 1)
        if app_label in PORTAL_APPS and (codename.startswith("view_") or role.everything):
            if key not in ADMINISTRATORS_ONLY or role.everything:
                wanted.add(key)
    for model in role.edits:
        app_label, name = model.split(".")
        wanted |= {f"{app_label}.{action}_{name}" for action in EDIT}
    for model in role.adds:
        app_label, name = model.split(".")
        wanted |= {f"{app_label}.add_{name}", f"{app_label}.view_{name}"}
    wanted |= set(role.extra)
    # The personal-identifier permission is never part of "everything" by accident.
    if PERSONAL_IDENTIFIERS not in role.extra:
        wanted.discard(PERSONAL_IDENTIFIERS)
    return [by_key[key] for key in sorted(wanted) if key in by_key]  # a permission not there yet is skipped


@transaction.atomic
def ensure_roles():
    """Creates the groups and sets their permissions exactly; safe to run again. Returns
    {group name: number of permissions}."""
    by_key = {f"{p.content_type.app_label}.{p.codename}": p for p in Permission.objects.select_related("content_type")}
    result = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.name)
        permissions = _permissions_for(role, by_key)
        group.permissions.set(permissions)
        result[role.name] = len(permissions)
    return result
