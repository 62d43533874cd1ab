from django.conf import settings

from common.caching import data_version


def agency():
    """The agency's name and how to reach it, from settings (see .env.example)."""
    social = []
    for item in settings.PORTAL_AGENCY_SOCIAL:
        label, _sep, url = item.partition("|")
        if url.startswith("https://"):
            social.append((label.strip(), url.strip()))
    return {
        "name": settings.PORTAL_AGENCY_NAME,
        "short_name": settings.PORTAL_AGENCY_SHORT_NAME,
        "address": settings.PORTAL_AGENCY_ADDRESS,
        "phone": settings.PORTAL_AGENCY_PHONE,
        "phone_link": "".join(ch for ch in settings.PORTAL_AGENCY_PHONE if ch.isdigit() or ch == "+"),
        "whatsapp": settings.PORTAL_AGENCY_WHATSAPP,
        "whatsapp_display": "+" + settings.PORTAL_AGENCY_WHATSAPP,
        "email": settings.PORTAL_AGENCY_EMAIL,
        "hours": settings.PORTAL_AGENCY_HOURS,
        "social": social,
        "emblem": settings.PORTAL_AGENCY_EMBLEM,
    }


def portal(request):
    return {
        "portal_agency_name": settings.PORTAL_AGENCY_NAME,
        "portal_agency_short_name": settings.PORTAL_AGENCY_SHORT_NAME,
        # called only by templates that cache a fragment (one cache read)
        "public_cache_version": data_version,
        "agency": agency(),
    }
