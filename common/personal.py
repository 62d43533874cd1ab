"""Which data is personal, read from the one declaration on the models.

A model names its personal fields in a class attribute, `PERSONAL_FIELDS` (enterprises.Person:
NIK, phone, home address, birth date and year), and among them the ones a clerk may find a
record by when typing the complete value, `FINDABLE_BY_COMPLETE_VALUE` (the NIK on the KTP in
hand). Everything else here follows from that: the admin (common.admin_tools), the history
pages and the exports (common.exports) ask whether a lookup path such as `person__nik__startswith`
reaches a personal field, so a new personal field, or a new model related to one, is covered
without listing it anywhere else.

common imports no app of ours: the models are reached through the paths, never imported.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

from common.permissions import PERSONAL_IDENTIFIERS


def can_see_personal_data(user):
    return user.has_perm(PERSONAL_IDENTIFIERS)


def _declared(model, attribute):
    # A django-simple-history model (HistoricalPerson) holds the fields of the model it records.
    model = getattr(model, "instance_type", model)
    return frozenset(getattr(model, attribute, ()))


def personal_fields_of(model):
    return _declared(model, "PERSONAL_FIELDS")


def _steps(model, path):
    """(model, field) for each field a lookup path walks through, following relations both
    ways; stops at the first part that is not a field (a lookup or transform such as
    `startswith`, `year`, `unaccent`), or at an annotation."""
    steps = []
    for part in str(path).lstrip("-^=@").split(LOOKUP_SEP):
        if model is None:
            break
        try:
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            break
        steps.append((model, field))
        model = field.related_model if field.is_relation else None
    return steps


def reaches_personal_field(model, path):
    """True when any step of `path` (from `model`) is a personal field: `nik`,
    `owner__phone__contains`, `participations__person__birth_date__year`, `-person__address`."""
    return any(field.name in personal_fields_of(step_model) for step_model, field in _steps(model, path))


def is_complete_value_search(model, search_field):
    """An admin search field such as `=person__nik`: an exact match on a personal field that
    may be found by its complete value, reached through no other personal field."""
    if not str(search_field).startswith("="):
        return False
    steps = _steps(model, search_field)
    if not steps:
        return False
    *through, (last_model, last_field) = steps
    return (
        last_field.name in _declared(last_model, "FINDABLE_BY_COMPLETE_VALUE")
        and len(steps) == len(str(search_field)[1:].split(LOOKUP_SEP))
        and not any(field.name in personal_fields_of(step_model) for step_model, field in through)
    )
