from django.shortcuts import get_object_or_404, render

from common.lists import lazy_filtered_page, query_without_page
from markets.filters import MarketFilter
from markets.models import Market


def market_list(request):
    filterset = MarketFilter(request.GET, queryset=Market.objects.for_public())
    page, problem = lazy_filtered_page(request, filterset)
    context = {"filter": filterset, "page": page, "problem": problem, "query": query_without_page(request)}
    return render(request, "markets/market_list.html", context)


def market_detail(request, slug):
    market = get_object_or_404(
        Market.objects.for_public().select_related("desa").prefetch_related("relocations"), slug=slug
    )
    return render(request, "markets/market_detail.html", {"market": market})
