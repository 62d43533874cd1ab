"""What the public pages keep in Django's cache, and the one rule that refreshes it.

Every cached public value (figures, the home page's lists, the filter forms' choices, rendered
fragments) is keyed by `data_version()`. Saving or deleting a public record one at a time (admin,
forms, the public application) calls `bump_data_version()` through the signals connected in
`umkm_portal.apps`, so the next request recomputes; writes that send no signal (bulk imports,
`QuerySet.update`, the demo loader's SQL) call it themselves, and every entry also expires after
`PUBLIC_CACHE_SECONDS` whatever happens. The cache is Django's: shared by every worker when a
shared backend is configured, per process otherwise (then only the timeout bounds staleness
across processes).
"""

import hashlib
import uuid

from django.core.cache import cache
from django.utils import translation

PUBLIC_CACHE_SECONDS = 60
VERSION_KEY = "portal:data-version"


def data_version():
    """The current version token of the public data (created on first use)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex[:12]
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_data_version(**_signal_kwargs):
    """Makes every cached public value stale at once (a signal receiver as well as a function)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex[:12], timeout=None)


def public_key(name, *parts):
    """A cache key for `name` under the current data version and language; `parts` (any text)
    are hashed so free text from a query string cannot make an invalid key."""
    digest = hashlib.blake2b("\x1f".join(str(part) for part in parts).encode(), digest_size=12).hexdigest()
    return f"portal:{data_version()}:{translation.get_language() or ''}:{name}:{digest}"


def cached(name, build, *parts, timeout=PUBLIC_CACHE_SECONDS):
    """`build()`'s value, kept under `public_key(name, *parts)` for `timeout` seconds."""
    key = public_key(name, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=timeout)
    return value
