"""Requests per second of each public page against the reference list page, under gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/umkm_bench .venv/bin/python benchmarks/load.py \
        --enterprises 100000 --participants 50000 --port 8160

Builds the data set with `load_demo_data` if the database has fewer enterprises than asked,
starts gunicorn (2 sync workers, DEBUG off, as `make serve` runs it) with the benchmark URLconf
(benchmarks/urls.py: the portal plus /reference/), then runs `wrk -c16` against the reference
page and each public page in turn, interleaved, for --rounds rounds, and prints req/s, p50, p99
and the ratio to the reference page's req/s in the same round (median over rounds).
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _setup import served_environment

ROOT = Path(__file__).resolve().parent.parent
# "{n400}": a random number 1–400 for each request (wrk Lua script). A random page number reads
# the list's cached keys and, the first time each worker sees that page, renders it.
# `render-afresh` (benchmarks/middleware.py) makes every request render its page afresh.
PAGES = [
    "/",
    "/data/",
    "/data/umkm-per-kecamatan.csv",
    "/umkm/",
    "/umkm/?page=400",
    "/umkm/?sector=kuliner&kecamatan=36.04.11&page=5",
    "/umkm/?q=emping",
    "/umkm/?page={n400}",
    "/umkm/?q=usaha&page={n400}",
    # a shared link's tracking parameter: no filter, so the same cached page
    "/umkm/?page={n400}&fbclid={n1000000}",
    # every request rendered afresh: as if no rendered fragment were cached
    "/umkm/?page={n400}&render-afresh",
    "/pelatihan/?page={n50}",
    "/pelatihan/",
    "/pelatihan/?year=2025&page=3",
    "/koperasi/",
    "/koperasi/?status=kurang_aktif&kind=jasa",
    "/koperasi/?page={n40}",
    "/pasar/",
]


LUA = """
math.randomseed(os.time())
request = function()
  return wrk.format("GET", {path})
end
"""
RANDOM_PAGE = re.compile(r"\{n(\d+)\}")


def lua_path(page):
    """`page` as a Lua expression with each {nN} a random number 1–N for each request."""
    parts, last = [], 0
    for match in RANDOM_PAGE.finditer(page):
        parts += [f'"{page[last : match.start()]}"', f"math.random(1, {match.group(1)})"]
        last = match.end()
    return " .. ".join([*parts, f'"{page[last:]}"'])


def wrk(base, page, seconds):
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    random_page = RANDOM_PAGE.search(page)
    if random_page:
        script = Path(tempfile.mkdtemp()) / "random_page.lua"
        script.write_text(LUA.replace("{path}", lua_path(page)))
        command += ["-s", str(script)]
    out = subprocess.run([*command, base + page.split("?")[0]], capture_output=True, text=True, check=True).stdout

    def ms(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), ms("50"), ms("99"), errors


def wait_until_idle(base):
    """Until the server answers /healthz at once: a slow page's requests that wrk gave up on are
    still queued at the workers when its run ends, and would be counted against the next page."""
    for _ in range(600):
        started = time.perf_counter()
        urllib.request.urlopen(base + "/healthz", timeout=30).read()
        if time.perf_counter() - started < 0.02:
            return
        time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100000)
    parser.add_argument("--participants", type=int, default=50000)
    parser.add_argument("--port", type=int, default=8160)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", action="append", default=[], help="only the pages containing this text (repeatable)")
    options = parser.parse_args()
    pages = [page for page in PAGES if not options.only or any(text in page for text in options.only)]

    env = served_environment()
    python = str(ROOT / ".venv/bin/python")
    manage = [python, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    count = subprocess.run(
        [*manage, "shell", "-c", "from enterprises.models import Enterprise; print(Enterprise.objects.count())"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]
    if int(count) < options.enterprises:
        subprocess.run([*manage, "load_regions"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [
                *manage,
                "load_demo_data",
                "--enterprises",
                str(options.enterprises),
                "--participants",
                str(options.participants),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    if "postgres" in env.get("DATABASE_URL", ""):
        subprocess.run(
            [*manage, "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')"],
            cwd=ROOT,
            env=env,
            check=True,
        )

    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "umkm_portal.wsgi", "--bind", f"127.0.0.1:{options.port}", "--workers", "2"],
        cwd=ROOT,
        env=dict(env, DJANGO_SETTINGS_MODULE="benchmarks.settings"),
    )
    base = f"http://127.0.0.1:{options.port}"
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped: stop the server too (finally)
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(base + "/reference/", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        # "alone": one request at a time, each rendered afresh (`render-afresh`; the figures' data
        # may still come from the cache): the cold cost.
        print(f"{'alone, cold (median of 5)':56} {'ms':>7}")
        for page in ["/reference/", *pages]:
            page = RANDOM_PAGE.sub("7", page)
            timings = []
            for _attempt in range(6):
                started = time.perf_counter()
                separator = "&" if "?" in page else "?"
                urllib.request.urlopen(f"{base}{page}{separator}render-afresh", timeout=30).read()
                timings.append((time.perf_counter() - started) * 1000)
            print(f"{page:56} {statistics.median(timings[1:]):7.1f}", flush=True)
        results = {page: [] for page in pages}
        references = {"/reference/": [], "/reference/?page={n1000}": []}
        for _round in range(options.rounds):
            for page in pages:
                # a page read at random pages is compared with the reference read at random pages
                reference_page = "/reference/?page={n1000}" if RANDOM_PAGE.search(page) else "/reference/"
                wait_until_idle(base)
                reference = wrk(base, reference_page, options.seconds)
                wait_until_idle(base)
                measured = wrk(base, page, options.seconds)
                references[reference_page].append(reference)
                results[page].append((measured, measured[0] / (reference[0] or 0.001)))
        database = os.environ.get("DATABASE_URL", "").split("@")[-1]
        print(f"\n{database}, wrk -c16 {options.seconds}s x {options.rounds} rounds")
        print(f"{'page':50} {'req/s':>7} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7}")
        for reference_page, runs in references.items():
            if runs:
                rps, p50, p99 = (statistics.median(run[i] for run in runs) for i in range(3))
                print(f"{reference_page + ' (reference)':50} {rps:7.1f} {1.0:6.2f} {p50:7.1f} {p99:7.1f}")
        for page, runs in results.items():
            rps, p50, p99 = (statistics.median(m[i] for m, _ in runs) for i in range(3))
            ratio = statistics.median(r for _, r in runs)
            failed = "  NON-2xx" if any(m[3] for m, _ in runs) else ""
            print(f"{page:50} {rps:7.1f} {ratio:6.2f} {p50:7.1f} {p99:7.1f}{failed}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
