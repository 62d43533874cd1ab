"""Finding the person and the enterprise a row or a form speaks of, the same way everywhere: the
public application form (programs.services), the participant import (programs.imports) and the
UMKM import (enterprises.imports).

A person is matched by NIK. An enterprise by its NIB or, failing that, by its owner and its name
folded once (`fold_name`: casefold, spaces collapsed), so "Emping  BU SITI" is "emping bu siti".
Bulk: an `EnterpriseIndex` reads the enterprises of thousands of rows in a few queries (chunks of
`common.imports.in_chunks`) and then answers each row from memory.
"""

from dataclasses import dataclass

from common.imports import in_chunks
from enterprises.models import Enterprise, Person
from enterprises.rules import normalize_name, normalize_phone


def fold_name(text):
    """An enterprise name as matching compares it: casefolded, runs of spaces made one."""
    return " ".join((text or "").casefold().split())


def people_by_nik(niks):
    """{nik: Person} for the NIKs already registered."""
    return {person.nik: person for person in in_chunks(Person.objects.all(), "nik", niks)}


@dataclass(frozen=True)
class EnterpriseMatch:
    enterprise_id: int | None = None
    nib_registered: bool = False  # the NIB given is in the registry (to this owner or another)
    nib_of_other_owner: bool = False  # ... and the enterprise with it belongs to someone else


class EnterpriseIndex:
    """The registry's enterprises with the given NIBs or owned by the given people, loaded once."""

    def __init__(self, *, nibs=(), owner_ids=()):
        self.by_nib = {
            nib: (pk, owner_id)
            for nib, pk, owner_id in in_chunks(Enterprise.objects.values_list("nib", "pk", "owner_id"), "nib", nibs)
        }
        self.by_owner = {}
        owned = in_chunks(
            Enterprise.objects.values_list("pk", "owner_id", "name").order_by("pk"), "owner_id", owner_ids
        )
        for pk, owner_id, name in owned:
            self.by_owner.setdefault((owner_id, fold_name(name)), pk)  # the oldest of namesakes

    def match(self, *, nib, owner_id, name, nib_of_any_owner=False):
        """The enterprise for a NIB, else for (owner, name). A NIB that belongs to another owner's
        enterprise is linked only with `nib_of_any_owner` (staff imports, whose participants may
        represent a business they do not own); the public form leaves it unlinked and flags it."""
        found = self.by_nib.get(nib) if nib else None
        other = found is not None and found[1] != owner_id
        if found is not None and (not other or nib_of_any_owner):
            return EnterpriseMatch(enterprise_id=found[0], nib_registered=True, nib_of_other_owner=other)
        by_name = self.by_owner.get((owner_id, fold_name(name))) if owner_id and name else None
        return EnterpriseMatch(enterprise_id=by_name, nib_registered=found is not None, nib_of_other_owner=other)


def match_enterprise(*, nib, owner, name, nib_of_any_owner=False):
    """One enterprise for one form (two queries at most); see EnterpriseIndex.match."""
    owner_id = owner.pk if owner is not None else None
    index = EnterpriseIndex(nibs=[nib] if nib else [], owner_ids=[owner_id] if owner_id else [])
    return index.match(nib=nib, owner_id=owner_id, name=name, nib_of_any_owner=nib_of_any_owner)


class LikelyDuplicates:
    """People already registered who are probably the person of a new row although its NIK is
    not theirs (a NIK mistyped here or in the registry): the same name and birth date, or the
    same phone. Loaded for all rows at once, in chunks; `find` answers each row from memory."""

    def __init__(self, *, birth_dates=(), phones=()):
        people = Person.objects.select_related("kecamatan").only("full_name", "nik", "birth_date", "phone", "kecamatan")
        self.by_name_and_date, self.by_phone = {}, {}
        for person in in_chunks(people, "birth_date", birth_dates):
            self.by_name_and_date.setdefault((normalize_name(person.full_name), person.birth_date), []).append(person)
        phones = {normalize_phone(phone) for phone in phones} - {""}
        for person in in_chunks(people, "phone", phones):
            self.by_phone.setdefault(normalize_phone(person.phone), []).append(person)

    def find(self, *, full_name, birth_date, phone, nik):
        """[(person, "birth_date" or "phone")], the person with `nik` itself left out."""
        found = {}
        if birth_date:
            for person in self.by_name_and_date.get((normalize_name(full_name), birth_date), []):
                found.setdefault(person.pk, (person, "birth_date"))
        for person in self.by_phone.get(normalize_phone(phone), []) if normalize_phone(phone) else []:
            found.setdefault(person.pk, (person, "phone"))
        return [(person, reason) for person, reason in found.values() if person.nik != nik]
