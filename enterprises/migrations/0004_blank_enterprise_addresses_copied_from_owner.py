"""An enterprise address that is its owner's home address is not a business address.

The UMKM and participant imports used to fill Enterprise.address with the owner's home address
when the file gave none (708 of 710 records in one district). The home address is personal data
(Person.PERSONAL_FIELDS), hidden from staff without the permission, and it stays on the Person;
the copy showed it to every reader of the UMKM pages. Copies are blanked, in the audit trail too
(a historical UMKM row whose address is one of the addresses its owner has had), so no page keeps
showing them. Addresses compared ignoring case and spacing. Nothing to undo: the address is kept
on the person.
"""

from django.db import migrations

CHUNK = 1000


def _normal(text):
    return " ".join((text or "").split()).casefold()


def _owner_addresses(Person, HistoricalPerson, owner_ids):
    addresses = {}
    owner_ids = sorted(owner_ids)
    for start in range(0, len(owner_ids), CHUNK):
        chunk = owner_ids[start : start + CHUNK]
        for model, key in ((Person, "pk"), (HistoricalPerson, "id")):
            rows = model.objects.filter(**{f"{key}__in": chunk}).exclude(address="").values_list(key, "address")
            for owner_id, address in rows:
                addresses.setdefault(owner_id, set()).add(_normal(address))
    return addresses


def _blank(model, key, pks):
    pks = sorted(pks)
    for start in range(0, len(pks), CHUNK):
        model.objects.filter(**{f"{key}__in": pks[start : start + CHUNK]}).update(address="")


def blank_copied_addresses(apps, schema_editor):
    Person = apps.get_model("enterprises", "Person")
    HistoricalPerson = apps.get_model("enterprises", "HistoricalPerson")
    Enterprise = apps.get_model("enterprises", "Enterprise")
    HistoricalEnterprise = apps.get_model("enterprises", "HistoricalEnterprise")

    current = list(Enterprise.objects.exclude(address="").values_list("pk", "owner_id", "address"))
    past = list(HistoricalEnterprise.objects.exclude(address="").values_list("history_id", "owner_id", "address"))
    addresses = _owner_addresses(Person, HistoricalPerson, {owner for _pk, owner, _a in current + past})

    def copies(rows):
        return [pk for pk, owner, address in rows if _normal(address) in addresses.get(owner, ())]

    _blank(Enterprise, "pk", copies(current))
    _blank(HistoricalEnterprise, "history_id", copies(past))


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0003_merge_history_and_figures_index"),
    ]

    operations = [
        migrations.RunPython(blank_copied_addresses, migrations.RunPython.noop, elidable=True),
    ]
