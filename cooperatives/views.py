from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from common.lists import lazy_filtered_page, query_without_page
from cooperatives.filters import CooperativeFilter
from cooperatives.models import Cooperative
from cooperatives.rules import Status


def cooperative_list(request):
    filterset = CooperativeFilter(request.GET, queryset=Cooperative.objects.for_public())
    page, problem = lazy_filtered_page(request, filterset)
    query = query_without_page(request, filterset)
    counts = SimpleLazyObject(lambda: _status_counts(filterset, query))
    context = {"filter": filterset, "page": page, "problem": problem, "status_counts": counts, "query": query}
    return render(request, "cooperatives/cooperative_list.html", context)


def _status_counts(filterset, query):
    """(status, count, link to the list with the other filters and that status) per status."""
    counts = filterset.queryset_without_status().status_counts() if filterset.is_valid() else {}
    others = QueryDict(query, mutable=True)
    others.pop("status", None)
    prefix = f"?{others.urlencode()}&" if others else "?"
    return [(Status(value), n, f"{prefix}status={value}") for value, n in counts.items()]


def cooperative_detail(request, pk):
    cooperative = get_object_or_404(
        Cooperative.objects.for_public().select_related("desa").prefetch_related("rat_records"), pk=pk
    )
    status, reason = cooperative.derived_status()
    context = {"cooperative": cooperative, "status": status, "status_reason": reason}
    return render(request, "cooperatives/cooperative_detail.html", context)
