import csv

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

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


class _Echo:
    def write(self, value):
        return value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def figures_csv(request, slug):
    if slug not in figures.FIGURES:
        raise Http404
    table = figures.FIGURES[slug]()
    writer = csv.writer(_Echo())
    keys = [key for key, _heading in table.columns]

    def lines():
        yield writer.writerow([str(heading) for _key, heading in table.columns])
        for row in table.rows:
            yield writer.writerow([_safe(row[key]) for key in keys])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    return response
