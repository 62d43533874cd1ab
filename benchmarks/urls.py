"""The portal's URLs plus /reference/: the simplest Django list page, as the yardstick of
benchmarks/load.py — 50 participants a page (of 50,000) with select_related and a paginator
that COUNTs them all, in the portal's base template."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from programs.models import Participant
from umkm_portal.urls import urlpatterns as portal_urlpatterns

TEMPLATE = engines["django"].from_string(
    """{% extends "base.html" %}{% block content %}<h1>Reference</h1>
<p>{{ page.paginator.count }} rows</p><table>{% for p in page %}
<tr><td>{{ p.person.full_name }}</td><td>{{ p.program.title }}</td><td>{{ p.get_status_display }}</td></tr>
{% endfor %}</table>{% endblock %}"""
)


def reference(request):
    rows = Participant.objects.select_related("person", "program").order_by("pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return HttpResponse(TEMPLATE.render({"page": page}, request))


urlpatterns = [path("reference/", reference), *portal_urlpatterns]
