"""Small rules of the programs app: reference codes and the per-client limit on public forms."""

import secrets
import time

from django.core.cache import cache

# No 0/O, 1/I/L: a code read aloud over the phone or copied from a screenshot stays unambiguous.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_reference_code():
    """Eight random characters (31^8, about 8.5 x 10^11 codes); uniqueness is the database's job."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference_code(text):
    """What an applicant types ('k7qm 3xpa', 'K7QM-3XPA') as it is stored ('K7QM3XPA')."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def rate_limited(*, scope, client, limit, window=3600):
    """Count one attempt by `client` (an IP address) at `scope`; True once it exceeds `limit`
    attempts in the current fixed window of `window` seconds. A limit of 0 turns the check off.

    Uses Django's cache: with the default local-memory cache each server process counts on its
    own; a shared cache (Redis, Memcached, database) makes the limit hold across processes.
    """
    if not limit:
        return False
    bucket = int(time.time() // window)
    key = f"rate:{scope}:{client}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
