"""A program's places: how many are taken, and the one locking service that gives them.

A place is held by a participant whose status is in `Participant.TAKING_PART` (selected, attended,
completed); `ParticipantQuerySet.taking_part()` is that set, `places_taken` counts it for one
program and `ProgramQuerySet.with_places_taken()` for a list. A program's quota caps the places;
without a quota (None or 0; the model asks for at least 1 today) the places are unlimited.

Every path that can give a place goes through `give_places`: the participant page and the inline
on the program page (their forms' clean, inside the admin's transaction), the bulk status actions
(programs.cohort.set_status), the selection desk (programs.services.select) and the participant
import. It locks the program's row, counts, and refuses with `QuotaExceeded` or writes, so
simultaneous writers queue on the lock and cannot together pass the quota. The public form only
records applications ("mendaftar"), which hold no place.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from programs.models import Participant, Program
from programs.rules import places_left


class QuotaExceeded(Exception):
    """Giving the places asked would pass the program's quota; nothing was written."""

    def __init__(self, *, program, places_left, asked):
        self.program, self.places_left, self.asked = program, places_left, asked
        super().__init__(str(self.message))

    @property
    def message(self):
        return _("Kuota %(program)s tinggal %(left)s tempat; %(asked)s peserta dipilih. Tidak ada yang disimpan.") % {
            "program": self.program.title,
            "left": self.places_left,
            "asked": self.asked,
        }


def holds_place(status):
    return status in Participant.TAKING_PART


def places_taken(program):
    """The number of places held in `program` (one COUNT)."""
    return Participant.objects.taking_part().filter(program=program).count()


def give_places(*, program, changes, write=None, quota=None):
    """Lock `program`'s row, count its places and check that `changes` fit, then call `write`.

    `changes` is what the caller is about to write to this program's participants: (participant
    pk, or None for a new one; the status it will have, or None when it is deleted). Only changes
    that give a place to someone not holding one here count against the quota; a change that
    frees a place (dropped, rejected, deleted) makes room for the others in the same write.

    `quota` is the quota being saved in the same transaction (the program page posts its quota
    with its cohort); by default the locked row's. A program not saved yet has nothing to lock
    and no participants.

    Raises QuotaExceeded (naming the program, the places left and how many were asked) when they
    do not fit. Otherwise returns `write(program)`, run while the lock is held. With `write=None`
    the caller must already be inside the transaction that then writes (the admin's forms: Django
    runs their clean and save in one transaction), so the lock lasts until that write commits.
    """
    if write is None and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("give_places without `write` must run inside the transaction that writes.")
    changes = list(changes)
    with transaction.atomic():
        if program.pk is None:
            locked, current, taken = program, {}, 0
        else:
            locked = Program.objects.select_for_update().get(pk=program.pk)
            known = [pk for pk, _status in changes if pk is not None]
            # Read after the lock: what these participants hold now, in this program.
            current = dict(Participant.objects.filter(program=locked, pk__in=known).values_list("pk", "status"))
            taken = places_taken(locked)
        asked = sum(1 for pk, status in changes if holds_place(status) and not holds_place(current.get(pk)))
        freed = sum(1 for pk, status in changes if holds_place(current.get(pk)) and not holds_place(status))
        left = places_left(quota=locked.quota if quota is None else quota, taken=taken - freed)
        if asked and left is not None and asked > left:
            raise QuotaExceeded(program=locked, places_left=left, asked=asked)
        return write(locked) if write is not None else locked
