from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from common.exports import csv_chunks, in_file_language
from programs.models import Program
from umkm_portal import figures


def home(request):
    today = timezone.localdate()
    context = {
        "headline": figures.headline(today),
        "programs": Program.objects.for_public().coming(today)[:6],
        "recent": Program.objects.for_public().held(today)[:3],
    }
    return render(request, "home.html", context)


def figures_page(request):
    tables = [build() for build in figures.FIGURES.values()]
    return render(request, "figures.html", {"tables": tables, "district_name": figures.district_name()})


def figures_csv(request, slug):
    """One figure as CSV, written by the export writer (UTF-8 BOM, formulas defused) and, like
    every list the portal hands out, in the portal's own language whatever the screen language."""
    if slug not in figures.FIGURES:
        raise Http404
    with translation.override(settings.LANGUAGE_CODE):
        table = figures.FIGURES[slug]()
    keys = [key for key, _heading in table.columns]
    chunks = csv_chunks(
        [heading for _key, heading in table.columns],
        ([row[key] for key in keys] for row in table.rows),
        identifier_flags=[False] * len(keys),
    )
    response = StreamingHttpResponse(in_file_language(chunks), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    return response
