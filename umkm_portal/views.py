from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.agency import current_agency
from common.caching import cached
from common.exports import csv_chunks, in_file_language
from programs.models import Program
from umkm_portal import figures


def _home_data(today):
    return {
        "headline": figures.headline(today),
        # open for registration first, then coming soonest first
        "programs": list(Program.objects.for_public().coming(today).by_what_visitors_can_do(today)[:6]),
        "recent": list(Program.objects.for_public().held(today)[:3]),
    }


def home(request):
    """Figures and program lists from the cache (common.caching: refreshed on writes, 60 s at most)."""
    today = timezone.localdate()
    return render(request, "home.html", cached("home", lambda: _home_data(today), today))


def _figure_tables():
    return cached("figure-tables", lambda: [build() for build in figures.FIGURES.values()])


def figures_page(request):
    # `tables` is a callable: the template calls it only when its cached fragment is stale.
    context = {"tables": _figure_tables, "district_name": cached("district-name", figures.district_name)}
    return render(request, "figures.html", context)


def figures_csv(request, slug):
    """One figure as CSV, written by the export writer (UTF-8 BOM, formulas defused) and, like
    every list the portal hands out, in the portal's own language whatever the screen language."""
    if slug not in figures.FIGURES:
        raise Http404
    # Headings are lazy translations: turned into text here, inside the override, so the CSV's
    # headings are the same whatever language the visitor's screen is in.
    with translation.override(settings.LANGUAGE_CODE):
        table = cached("figure-table", figures.FIGURES[slug], slug)
        headings = [str(heading) for _key, heading in table.columns] + [str(_("Data per"))]
        totals = table.totals()
    keys = [key for key, _heading in table.columns]
    as_of = table.as_of.isoformat()
    rows = [*([row[key] for key in keys] + [as_of] for row in table.rows), [*totals, as_of]]
    chunks = csv_chunks(headings, iter(rows), identifier_flags=[False] * len(headings))
    response = StreamingHttpResponse(in_file_language(chunks), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    return response


def favicon(request):
    """/favicon.ico, which some browsers and crawlers ask for whatever the page says: the icon the
    pages name (the agency's uploaded emblem, else the portal's). Not permanent: staff may change it."""
    response = redirect(current_agency().icon_url)
    response["Cache-Control"] = "public, max-age=86400"
    return response
