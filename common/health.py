"""`/healthz` and `/readyz` for the reverse proxy, a load balancer or an orchestrator.

- `/healthz`: the process is up and answering (no database, no cache).
- `/readyz`: the database and the cache answer within READYZ_TIMEOUT seconds; 503 otherwise.

Answered by a middleware placed first, before host checks, the HTTPS redirect, sessions and
languages: a probe speaks plain HTTP to the app server's own address. The answers carry nothing
but the names of the parts and "ok" or what failed.

The check runs in a thread of its own with its own database connection, and the request waits
for it at most READYZ_TIMEOUT seconds: a database that accepts connections but never answers (a
paused server, a broken network path) would otherwise hold the probe until TCP gives up, far
longer than any proxy waits. Only one check runs at a time; while an earlier one is still stuck,
the answer is 503 at once, so probes cannot pile up threads.
"""

import threading

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

PATHS = {"/healthz", "/readyz"}

_lock = threading.Lock()
_running = None  # the thread of a check that has not finished yet


def check_parts():
    """{"database": "ok" | what failed, "cache": …}; run in the probe's own thread."""
    parts = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        parts["database"] = "ok"
    except Exception as error:  # any failure is "not ready", named by its type only
        parts["database"] = f"failed ({error.__class__.__name__})"
    finally:
        connection.close()
    try:
        cache.get("readyz-probe")
        parts["cache"] = "ok"
    except Exception as error:
        parts["cache"] = f"failed ({error.__class__.__name__})"
    finally:
        connection.close()  # the database cache reads through a connection of this thread
    return parts


def readiness(timeout=None):
    """(ready, {part: state}) within `timeout` seconds (READYZ_TIMEOUT)."""
    global _running
    timeout = settings.READYZ_TIMEOUT if timeout is None else timeout
    with _lock:
        if _running is not None and _running.is_alive():
            return False, {"database": "an earlier check is still waiting"}
        result = {}
        _running = threading.Thread(target=lambda: result.update(check_parts()), name="readyz", daemon=True)
        _running.start()
        thread = _running
    thread.join(timeout)
    if thread.is_alive():
        return False, {"database": f"no answer within {timeout:g} s"}
    return all(state == "ok" for state in result.values()), result


def _plain(text, status):
    response = HttpResponse(text, content_type="text/plain; charset=utf-8", status=status)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in PATHS or request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        if request.path == "/healthz":
            return _plain("ok\n", 200)
        ready, parts = readiness()
        lines = "".join(f"{part}: {state}\n" for part, state in parts.items())
        return _plain(("ready\n" if ready else "not ready\n") + lines, 200 if ready else 503)
