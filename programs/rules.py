"""Small rules of the programs app: reference codes, the per-client limit on public forms, places
left in a quota, what may be recorded before a training starts, and reading a simple Q on one row."""

import hashlib
import hmac
import math
import operator
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

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
    """Count one attempt by `client` (an address, or a subject such as a hashed NIK) at `scope`;
    True once it exceeds `limit` attempts in the current fixed window of `window` seconds. A limit
    of 0 turns the check off.

    Uses Django's cache: with the default local-memory cache each server process counts on its
    own; the shared cache (CACHE_URL) makes the limit hold across processes.
    """
    if not limit:
        return False
    return count_attempt(scope=scope, subject=client, window=window) > limit


def count_attempt(*, scope, subject, window=3600):
    """Add one to the count of `subject` at `scope` in the current window; returns the new count."""
    key = _key(scope, subject, window)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def limit_reached(*, scope, subject, limit, window=3600):
    """Whether `subject` already used its `limit` at `scope` in this window, counting nothing."""
    if not limit:
        return False
    return (cache.get(_key(scope, subject, window)) or 0) >= limit


def seconds_until_reset(window=3600, now=None):
    """Seconds until the current fixed window ends: when a refused visitor may try again."""
    now = time.time() if now is None else now
    return max(1, int(window - now % window))


def minutes_until_reset(window=3600, now=None):
    return math.ceil(seconds_until_reset(window, now) / 60)


def subject_key(value):
    """A NIK or reference code as a cache key: a keyed hash, so personal identifiers are not
    written in clear into the cache."""
    return hmac.new(settings.SECRET_KEY.encode(), str(value).encode(), hashlib.sha256).hexdigest()[:32]


def _key(scope, subject, window):
    return f"rate:{scope}:{subject}:{int(time.time() // window)}"


def places_left(*, quota, taken):
    """Free places in a quota when `taken` are held; None when there is no quota (None or 0): unlimited."""
    if not quota:
        return None
    return max(0, quota - taken)


# Participant statuses that say the training took place for the person: hadir, selesai/lulus.
STATUSES_AFTER_START = {"hadir", "lulus"}


def before_start_problem(*, start_date, status, certificate_number="", status_label="", today=None):
    """A sentence when a participant's `status` (hadir, selesai/lulus) or a certificate number
    records a training that has not started yet (`start_date` after today); "" when it may be so.
    The one rule every path that sets a status or a certificate number asks (the participant's
    admin form, the program page's rows, the bulk actions, the participant import and, through
    the import's validator, the cohort-entry screen)."""
    today = today or timezone.localdate()
    if start_date is None or start_date <= today:
        return ""
    start = formats.date_format(start_date, "DATE_FORMAT")
    if status in STATUSES_AFTER_START:
        return _("Status “%(status)s” baru dapat diberikan setelah pelatihan dimulai (%(start)s).") % {
            "status": status_label or status,
            "start": start,
        }
    if certificate_number:
        return _("Nomor sertifikat baru dapat diberikan setelah pelatihan dimulai (%(start)s).") % {"start": start}
    return ""


def attendance_days_so_far(*, start_date, end_date, today=None):
    """The days a training has been held by `today` (all of them once it has ended): what marking
    a participant "hadir" records when staff have not counted the days themselves. None before the start."""
    today = today or timezone.localdate()
    if start_date is None or start_date > today:
        return None
    last = min(today, end_date or today)
    return max(1, (last - start_date).days + 1)


_LOOKUPS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "isnull": lambda value, wanted: (value is None) == wanted,
}


def q_holds(q, obj):
    """Whether `obj` (a model instance) satisfies `q`, read in Python without a query, so one Q can
    define a rule for both the database filter and a single row. Only plain fields and the lookups
    exact, gt, gte, lt, lte and isnull; anything else raises ValueError rather than guessing. (A
    negated comparison with a NULL differs from SQL's three-valued logic; the rules here have none.)"""
    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(q_holds(child, obj))
            continue
        path, wanted = child
        field, _, lookup = path.partition("__")
        if lookup == "":
            lookup = "exact"
        if "__" in lookup or lookup not in _LOOKUPS:
            raise ValueError(f"q_holds cannot read the lookup {path!r}")
        value = getattr(obj, field)
        if lookup == "isnull":
            results.append(_LOOKUPS[lookup](value, wanted))
        else:
            results.append(value is not None and _LOOKUPS[lookup](value, wanted))  # NULL compares false
    held = any(results) if q.connector == Q.OR else all(results)
    return not held if q.negated else held
