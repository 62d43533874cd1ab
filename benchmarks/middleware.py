"""Benchmarks only (benchmarks/settings.py)."""

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache


class RenderAfreshMiddleware:
    """A request with `render-afresh` in its query string finds no rendered fragment in the
    cache and stores none: every such request renders its whole page, as the first visitor of a
    page does. (The portal ignores parameters its filters do not know, so an unused one no longer
    misses the cache.) The cached data (keys, figures) is read as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "render-afresh" not in request.GET:
            return self.get_response(request)
        fragments = caches["fragments"]
        caches["fragments"] = DummyCache("render-afresh", {})
        try:
            return self.get_response(request)
        finally:
            caches["fragments"] = fragments
