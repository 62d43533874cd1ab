"""The public verification page of a certificate, the address its QR code holds.

It answers for any certificate — valid or revoked (and when) — with the holder's name, the
program, its dates, the number and the agency: nothing else of the person. The code is random
(programs.certificates.new_code), and lookups per client address are rate limited, so the codes
cannot be walked.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from common.agency import current_agency
from common.network import client_address
from programs.models import Certificate
from programs.refusals import refused
from programs.rules import rate_limited

TEMPLATE = "programs/certificate_verify.html"
HOUR = 3600
TOO_MANY_CHECKS = _("Terlalu banyak percobaan dari jaringan ini dalam satu jam.")


@never_cache
def verify(request, code):
    response = _verify(request, code)
    # A holder's name is on the page for whoever has the code, not for search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _verify(request, code):
    limit = settings.CERTIFICATE_CHECK_RATE_LIMIT
    if rate_limited(scope="certificate", client=client_address(request), limit=limit, window=HOUR):
        # when to try again (and Retry-After), and whom to call to check a certificate meanwhile
        return refused(request, TEMPLATE, {}, message=TOO_MANY_CHECKS, window=HOUR)
    certificate = Certificate.objects.for_verification().filter(code=code.strip().lower()[:40]).first()
    if certificate is None:
        return render(request, TEMPLATE, {"not_found": True}, status=404)
    # "issuer", not "agency": that name is the portal's contact and emblem (base.html, the footer).
    context = {"certificate": certificate, "program": certificate.program, "issuer": current_agency().name}
    return render(request, TEMPLATE, context)
