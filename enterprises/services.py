"""Writes that keep the registry's derived columns in step with the rows they come from."""

from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from common.imports import update_in_chunks
from enterprises.models import AnnualReport, Enterprise, Person
from enterprises.rules import scale_class_expression


def refresh_scale_classes(enterprise_ids=None):
    """Set `Enterprise.scale_class` from each enterprise's latest annual report (PP 7/2021,
    enterprises.rules.scale_class), in SQL, for the given enterprise ids or, with None, for
    all of them. Every path that writes annual reports calls this: the model's save and delete,
    the bulk querysets, the admin, the imports and the demo. Returns the number of rows updated."""
    latest = (
        AnnualReport.objects.filter(enterprise=OuterRef("pk"))
        .order_by("-year")
        .annotate(computed=scale_class_expression())
        .values("computed")[:1]
    )
    value = Coalesce(Subquery(latest), Value(""))
    # Only rows whose class changes are written: rewriting a million unchanged rows (and their
    # search indexes) is most of the cost of a full refresh.
    stale = Enterprise.objects.exclude(scale_class=value)
    if enterprise_ids is None:
        return stale.update(scale_class=value)
    return update_in_chunks(stale, enterprise_ids, scale_class=value)


def confirm_verified(*, enterprise_ids):
    """Staff confirm enterprises (and their owners) recorded by public applications: from now on
    the public figures count them. Returns how many enterprises were not verified before."""
    with transaction.atomic():
        enterprises = Enterprise.objects.filter(pk__in=enterprise_ids)
        Person.objects.filter(pk__in=enterprises.values("owner_id"), verified=False).update(verified=True)
        return enterprises.filter(verified=False).update(verified=True)
