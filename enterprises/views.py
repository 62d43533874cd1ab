from django.shortcuts import get_object_or_404, render

from common.lists import lazy_filtered_page, query_without_page
from enterprises.filters import CatalogueFilter
from enterprises.models import Enterprise


def catalogue_list(request):
    filterset = CatalogueFilter(request.GET, queryset=Enterprise.objects.for_catalogue())
    page, problem = lazy_filtered_page(request, filterset)
    context = {"filter": filterset, "page": page, "problem": problem, "query": query_without_page(request, filterset)}
    return render(request, "enterprises/catalogue_list.html", context)


def catalogue_detail(request, pk):
    enterprise = get_object_or_404(Enterprise.objects.for_catalogue(), pk=pk)
    return render(request, "enterprises/catalogue_detail.html", {"enterprise": enterprise})
