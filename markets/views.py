from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from common.lists import lazy_filtered_page, query_without_page
from markets.filters import MarketFilter
from markets.models import Market
from markets.prices import market_history


def market_list(request):
    filterset = MarketFilter(request.GET, queryset=Market.objects.for_public())
    page, problem = lazy_filtered_page(request, filterset)
    context = {"filter": filterset, "page": page, "problem": problem, "query": query_without_page(request, filterset)}
    return render(request, "markets/market_list.html", context)


def market_detail(request, slug):
    market = get_object_or_404(
        Market.objects.for_public().select_related("desa").prefetch_related("relocations"), slug=slug
    )
    prices = market_history(market, timezone.localdate())
    return render(request, "markets/market_detail.html", {"market": market, "prices": prices})
