"""Lighthouse's four scores (mobile profile) for the home page, /pelatihan/ and an open program.

    npm install --prefix /tmp/lh lighthouse
    DATABASE_URL=sqlite:////tmp/lighthouse.sqlite3 .venv/bin/python benchmarks/lighthouse.py

Sets up the database as `make setup` does (migrate, regions, demo data, roles) when it has no
programs, collects the static files, starts gunicorn with DEBUG off (as `make serve` runs it),
and runs Lighthouse with the system's Chromium (CHROME_PATH=/usr/bin/chromium, headless) against
each page, printing performance, accessibility, best practices and SEO (0–100).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _setup import served_environment

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8170)
    parser.add_argument("--lighthouse", default="/tmp/lh/node_modules/.bin/lighthouse")
    options = parser.parse_args()
    env = served_environment()
    manage = [str(ROOT / ".venv/bin/python"), "manage.py"]

    def shell(code):  # the last line `manage.py shell -c` prints (it may announce its imports first)
        printed = subprocess.run([*manage, "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        return printed.stdout.strip().splitlines()[-1]

    has_programs = shell("from programs.models import Program; print(Program.objects.exists())")
    if has_programs != "True":
        for command in (["migrate", "--noinput", "-v0"], ["load_regions"], ["load_demo_data"], ["setup_roles"]):
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    open_program = shell(
        "from programs.models import Program; "
        "print(Program.objects.published().open_for_registration().order_by('start_date')[0].slug)"
    )
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "umkm_portal.wsgi", "-c", "deploy/gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{options.port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{options.port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(base + "/", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        print(f"{'page':50} " + " ".join(f"{name:>14}" for name in CATEGORIES))
        for path in ["/", "/pelatihan/", f"/pelatihan/{open_program}/"]:
            urllib.request.urlopen(base + path, timeout=30).read()  # warm the cache, as a visited page is
            with tempfile.NamedTemporaryFile(suffix=".json") as report:
                subprocess.run(
                    [
                        options.lighthouse,
                        base + path,
                        "--quiet",
                        "--output=json",
                        f"--output-path={report.name}",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                        f"--only-categories={','.join(CATEGORIES)}",
                    ],
                    env=dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium")),
                    check=True,
                )
                scores = json.load(open(report.name))["categories"]
            print(f"{path:50} " + " ".join(f"{round(scores[name]['score'] * 100):>14}" for name in CATEGORIES))
    finally:
        server.terminate()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
