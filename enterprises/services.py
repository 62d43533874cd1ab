"""Writes that keep the registry's derived columns in step with the rows they come from."""

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from common.imports import LOOKUP_CHUNK
from enterprises.models import AnnualReport, Enterprise
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
    if enterprise_ids is None:
        return Enterprise.objects.update(scale_class=value)
    ids = sorted({pk for pk in enterprise_ids if pk is not None})
    return sum(
        Enterprise.objects.filter(pk__in=ids[start : start + LOOKUP_CHUNK]).update(scale_class=value)
        for start in range(0, len(ids), LOOKUP_CHUNK)
    )
