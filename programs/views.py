from django.shortcuts import get_object_or_404, render

from common.lists import lazy_filtered_page, query_without_page
from programs.filters import ProgramFilter
from programs.models import Program


def program_list(request):
    filterset = ProgramFilter(request.GET, queryset=Program.objects.for_public().by_what_visitors_can_do())
    page, problem = lazy_filtered_page(request, filterset)
    context = {"filter": filterset, "page": page, "problem": problem, "query": query_without_page(request, filterset)}
    return render(request, "programs/program_list.html", context)


def program_detail(request, slug):
    program = get_object_or_404(
        Program.objects.for_public().with_places_taken().prefetch_related("partners"), slug=slug
    )
    context = {"program": program, "figures": program.public_figures()}
    return render(request, "programs/program_detail.html", context)
