from django.conf import settings


def portal(request):
    return {
        "portal_agency_name": settings.PORTAL_AGENCY_NAME,
        "portal_agency_short_name": settings.PORTAL_AGENCY_SHORT_NAME,
    }
