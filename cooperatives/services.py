"""Writes that keep the cooperative registry's derived columns in step with the rows they come from."""

from django.db.models import Max, OuterRef, Subquery

from common.imports import update_in_chunks
from cooperatives.models import Cooperative, RatRecord


def refresh_last_rat_book_years(cooperative_ids=None):
    """Set `Cooperative.last_rat_book_year` to the latest book year with a RAT record, in SQL,
    for the given cooperative ids or, with None, for all of them. Every path that writes RAT
    records calls this: the model's save and delete, the bulk querysets, the admin and the
    demo. Returns the number of rows updated."""
    latest = (
        RatRecord.objects.filter(cooperative=OuterRef("pk"))
        .order_by()
        .values("cooperative")
        .annotate(year=Max("book_year"))
        .values("year")
    )
    value = Subquery(latest)
    if cooperative_ids is None:
        return Cooperative.objects.update(last_rat_book_year=value)
    return update_in_chunks(Cooperative.objects.all(), cooperative_ids, last_rat_book_year=value)
