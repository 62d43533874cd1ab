"""gunicorn settings for the portal: `gunicorn -c deploy/gunicorn.conf.py umkm_portal.wsgi`.

Used by `make serve`, the systemd unit (deploy/systemd/umkm-portal.service) and deploy/smoke.sh.
Each value can be changed from the environment (GUNICORN_*, WEB_CONCURRENCY) without editing this file.

Why gthread: exports are streamed as they are read from the database, and a district's staff on a
slow line read a 30 MB list for minutes. The sync worker's `timeout` covers a whole request, so it
killed such downloads after 30 s (a client at 400 KB/s got 16 of 30 MB). A gthread worker serves
each request in a thread of its own while its main loop keeps telling the arbiter it is alive:
`timeout` then only catches a worker that is truly stuck, and a slow download takes as long as the
client needs. The threads also keep one slow reader from blocking every other request.
"""

import os


def _int(name, default):
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# Processes x threads = requests served at once. 2 processes of 8 threads suit a 2-core server;
# the database, not Python, is what most requests wait on.
workers = _int("WEB_CONCURRENCY", 2)
threads = _int("GUNICORN_THREADS", 8)
# A worker whose main loop has not reported for this long is killed and replaced. With gthread this
# is not a limit on a request or a download.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On stop or reload, requests in progress (a download included) get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 120)
# nginx keeps connections to the app servers open between requests.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Replace each worker now and then, so a slow leak cannot grow without end.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# Requests are small (an upload is at most 5 MB, checked again by the portal itself).
limit_request_line = 8190

# One line per request on stdout (the journal under systemd): the request id nginx gives it, the
# client address nginx saw, the path WITHOUT its query string (an admin search by NIK would put
# one there), the status, the size and the time in microseconds.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
access_log_format = (
    '%({x-request-id}i)s %({x-forwarded-for}i)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)sus "%({user-agent}i)s"'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Only the local nginx may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "umkm-portal"
