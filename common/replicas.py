"""An optional read replica for the public pages (DATABASE_REPLICA_URL).

A PostgreSQL streaming replica may lag the primary by a second or so. That is harmless where an
anonymous visitor reads published data (the catalogue, the lists, the figures, programme and price
pages) and harmful wherever someone could read their own write: the admin, any POST, any
logged-in request, the application, status and code-recovery forms and certificate verification.
So reads go to the replica only for the URL names in PUBLIC_READ_PAGES, requested with GET or HEAD
by an anonymous visitor; everything else, and every write, uses the primary ("default").

ReplicaMiddleware marks such a request in a context variable (so it holds per thread and per
async task); PrimaryReplicaRouter.db_for_read consults it. Without a "replica" database in
settings.DATABASES nothing changes.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"

# URL names (namespace:name) whose reads may come from a replica a second behind.
PUBLIC_READ_PAGES = frozenset(
    {
        "home",
        "privacy",
        "figures",
        "figures_csv",
        "programs:list",
        "programs:detail",
        "cooperatives:list",
        "cooperatives:detail",
        "markets:list",
        "markets:detail",
        "markets:prices",
        "markets:commodity_prices",
        "markets:market_prices",
        "enterprises:catalogue",
        "enterprises:catalogue_detail",
    }
)

# The database cache (rate limits, cached counts) and sessions are read where they are written.
ALWAYS_PRIMARY = frozenset({"django_cache", "sessions"})

_read_from_replica = ContextVar("read_from_replica", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


def may_read_replica(request, view_name):
    """Whether this request's reads may come from the replica: an anonymous GET or HEAD of a
    public page. The user is looked up (on the primary) before the mark is set."""
    if request.method not in ("GET", "HEAD") or view_name not in PUBLIC_READ_PAGES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class ReplicaMiddleware:
    """Marks an anonymous public page request so its reads go to the replica. Sits after
    AuthenticationMiddleware; the mark is set once the URL is resolved (process_view) and cleared
    when the response leaves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_from_replica.set(False)
        try:
            return self.get_response(request)
        finally:
            _read_from_replica.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if replica_configured() and request.resolver_match is not None:
            _read_from_replica.set(may_read_replica(request, request.resolver_match.view_name))
        return None


class PrimaryReplicaRouter:
    """Reads from "replica" for requests ReplicaMiddleware marked; all else on "default"."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in ALWAYS_PRIMARY:
            return None
        if _read_from_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
