"""The agency's uploaded emblem, served from the database so that every app server has it."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from common.models import AgencyProfile


@require_safe
def agency_emblem(request, digest):
    row = (
        AgencyProfile.objects.filter(pk=AgencyProfile.SINGLETON_ID, emblem_digest=digest)
        .values_list("emblem", "emblem_type")
        .first()
    )
    if row is None or not row[0]:
        raise Http404
    response = HttpResponse(bytes(row[0]), content_type=row[1])
    # The address holds the content's digest: a new emblem gets a new address.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    # An SVG opened on its own is a document: it may not run script or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
