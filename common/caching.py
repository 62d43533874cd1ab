"""What the public pages keep in Django's cache, and the one rule that refreshes it.

Every cached public value (figures, the home page's lists, the filter forms' choices, rendered
fragments) is keyed by `data_version()`. Saving or deleting a public record one at a time (admin,
forms, the public application) calls `bump_data_version()` through the signals connected in
`umkm_portal.apps`, so the next request recomputes. Writes that send no signal (imports, bulk
actions, `QuerySet.update`) are staff requests, and every staff write that succeeds calls it
(common.middleware.StaffWritesRefreshPublicPagesMiddleware), as does the demo loader; every entry
is also rebuilt after `PUBLIC_CACHE_SECONDS` whatever happens.

They live in the `public` cache (`TwoLevelCache`): the shared default cache (the database or
Redis, one for every worker and server), read through a per-process memory that keeps what it
read for `LOCAL_SECONDS`. A busy page then costs no cache query at all, and another worker sees a
new version at most `LOCAL_SECONDS` late (the worker that made the change sees it at once).
"""

import hashlib
import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections
from django.utils import translation

PUBLIC_CACHE_SECONDS = 60
# How long a value past its time may still be given while one request rebuilds it.
STALE_SECONDS = 600
LOCAL_SECONDS = 2
VERSION_KEY = "portal:data-version"
_MISSING = object()
logger = logging.getLogger(__name__)


class TwoLevelCache(BaseCache):
    """The default (shared) cache, read through a per-process memory kept `LOCAL_SECONDS`.

    For values that may be a moment old: the public pages' figures and fragments. Counters that
    must agree across workers (rate limits, login failures) use the default cache directly."""

    def __init__(self, location, params):
        super().__init__(params)
        self._local = LocMemCache(f"two-level-{location}", {"OPTIONS": {"MAX_ENTRIES": 5000}})

    @property
    def _shared(self):
        return caches["default"]

    def _local_timeout(self, timeout):
        timeout = self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout
        return LOCAL_SECONDS if timeout is None else min(timeout, LOCAL_SECONDS)

    def get(self, key, default=None, version=None):
        value = self._local.get(key, _MISSING, version=version)
        if value is _MISSING:
            value = self._shared.get(key, _MISSING, version=version)
            if value is _MISSING:
                return default
            self._local.set(key, value, LOCAL_SECONDS, version=version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._shared.set(key, value, timeout, version=version)
        self._local.set(key, value, self._local_timeout(timeout), version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self._shared.add(key, value, timeout, version=version)
        if added:
            self._local.set(key, value, self._local_timeout(timeout), version=version)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._shared.touch(key, timeout, version=version)

    def delete(self, key, version=None):
        self._local.delete(key, version=version)
        return self._shared.delete(key, version=version)

    def clear(self):
        self._local.clear()
        self._shared.clear()


def _public():
    return caches["public"]


def data_version():
    """The current version token of the public data (created on first use)."""
    public = _public()
    version = public.get(VERSION_KEY)
    if version is None:
        public.add(VERSION_KEY, uuid.uuid4().hex[:12], timeout=None)
        version = public.get(VERSION_KEY)  # ours, or the one another process added first
    return version


def bump_data_version(**_signal_kwargs):
    """Makes every cached public value stale at once (a signal receiver as well as a function)."""
    _public().set(VERSION_KEY, uuid.uuid4().hex[:12], timeout=None)


def public_key(name, *parts):
    """A cache key for `name` under the current data version and language; `parts` (any text)
    are hashed so free text from a query string cannot make an invalid key."""
    digest = hashlib.blake2b("\x1f".join(str(part) for part in parts).encode(), digest_size=12).hexdigest()
    return f"portal:{data_version()}:{translation.get_language() or ''}:{name}:{digest}"


def cached(name, build, *parts, timeout=PUBLIC_CACHE_SECONDS):
    """`build()`'s value, kept under `public_key(name, *parts)` and rebuilt after `timeout` seconds.

    Past its time, the next request takes the key's refresh lock (in the shared cache) and has
    the value rebuilt in a thread of its process (`_rebuild`), while it and every other request
    keep getting the old one (for up to `STALE_SECONDS`): an expensive value (the figures take a
    few hundred milliseconds at 100,000 enterprises) makes no visitor wait, nor the requests
    queued behind one at its worker. A new data version is a new key: nothing from before a
    change made through the portal is served after it. With
    `settings.PUBLIC_CACHE_REBUILD_IN_BACKGROUND` off (the tests), the request rebuilds it itself."""
    public = _public()
    key = public_key(name, *parts)
    entry = public.get(key)
    if entry is None:
        value = build()
        public.set(key, (value, time.time() + timeout), timeout=timeout + STALE_SECONDS)
        return value
    value, fresh_until = entry
    if time.time() < fresh_until or not public.add(f"{key}:refreshing", 1, timeout=30):
        return value
    if not settings.PUBLIC_CACHE_REBUILD_IN_BACKGROUND:
        return _rebuild(key, build, timeout)
    language = translation.get_language()
    threading.Thread(target=_rebuild_in_thread, args=(key, build, timeout, language), daemon=True).start()
    return value


def _rebuild(key, build, timeout):
    """Builds and stores the value under `key`, then gives up its refresh lock."""
    public = _public()
    try:
        value = build()
        public.set(key, (value, time.time() + timeout), timeout=timeout + STALE_SECONDS)
        return value
    finally:
        public.delete(f"{key}:refreshing")


def _rebuild_in_thread(key, build, timeout, language):
    """`_rebuild` in a thread: in the request's language, on the thread's own database
    connections (closed at the end). A failure is logged; the old value is served until a later
    request tries again."""
    try:
        with translation.override(language):
            _rebuild(key, build, timeout)
    except Exception:
        logger.exception("rebuilding the cached value %s failed", key)
    finally:
        connections.close_all()
