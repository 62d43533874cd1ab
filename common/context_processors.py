from django.utils.functional import SimpleLazyObject, lazy

from common.agency import current_agency
from common.caching import data_version


def portal(request):
    # Lazy: an answer that renders no page (a file, a redirect) never reads the agency.
    agency = SimpleLazyObject(current_agency)
    return {
        "portal_agency_name": lazy(lambda: agency.name, str)(),
        "portal_agency_short_name": lazy(lambda: agency.short_name, str)(),
        # called only by templates that cache a fragment (one cache read)
        "public_cache_version": data_version,
        "agency": agency,
    }
