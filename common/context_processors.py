from django.conf import settings

from common.caching import data_version


def portal(request):
    return {
        "portal_agency_name": settings.PORTAL_AGENCY_NAME,
        "portal_agency_short_name": settings.PORTAL_AGENCY_SHORT_NAME,
        # called only by templates that cache a fragment (one cache read)
        "public_cache_version": data_version,
    }
