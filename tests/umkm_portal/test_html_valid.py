"""Every public page is valid HTML by the Nu HTML Checker (vnu.jar from the npm package vnu-jar), in
Indonesian and English: the pages of tests/public_pages.py, the answers to forms sent with
mistakes, and the 500 and 503 pages.

Starts Java (`subprocess`). Skips only where Java is absent; with Java present it needs vnu.jar:
VNU_JAR=/path/to/vnu.jar, or `npm install --prefix /tmp/umkm-vnu vnu-jar` (what .ci/run does).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from common.errors import server_error
from tests.public_pages import Page, every_page, open_with_client, prepare_with_client, public_names, public_pages

pytestmark = [pytest.mark.subprocess, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [
    os.environ.get("VNU_JAR", ""),
    "/tmp/umkm-vnu/node_modules/vnu-jar/build/dist/vnu.jar",
    str(ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"),
]


def vnu_jar():
    if not shutil.which("java"):
        pytest.skip("The HTML check needs Java (apt-get install default-jre-headless).")
    for candidate in CANDIDATES:
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail("vnu.jar not found: run  npm install --prefix /tmp/umkm-vnu vnu-jar  or set VNU_JAR.")


def form_answers(pages):
    """Forms sent with mistakes or for nobody, and the pages that answer them."""
    apply_url = pages["programs:apply"][0].url
    status_url = reverse("programs:application_status")
    recover_url = reverse("programs:recover_code")
    return [
        Page("apply-errors", apply_url, data={"nik": "123", "birth_date": "31/02/1990"}),
        Page("status-not-found", status_url, data={"reference_code": "AAAA2222", "nik": "1"}),
        Page("recover-done", recover_url, data={"nik": "3604115508900001", "birth_date": "15/08/1990"}),
    ]


def server_error_pages():
    """templates/500.html and 503.html as common.errors renders them: while an error is handled."""
    request = RequestFactory().get("/")
    try:
        raise ZeroDivisionError
    except ZeroDivisionError:
        broken = server_error(request)
    try:
        raise OperationalError("connection timeout expired")
    except OperationalError:
        unavailable = server_error(request)
    assert (broken.status_code, unavailable.status_code) == (500, 503)
    return {"server-error": broken, "database-unavailable": unavailable}


class TestOnTheDemo:
    @pytest.fixture(scope="class")
    @classmethod
    def demo(cls, shared_demo):
        return None

    def test_every_public_page_is_valid_html(self, client, demo, tmp_path):
        jar = vnu_jar()
        cache.clear()
        pages = public_pages()
        assert set(pages) == public_names(), "give the new public page a URL in tests/public_pages.py"
        prepare_with_client(client, pages)
        answers = {}
        for language in ("id", "en"):
            client.cookies["django_language"] = language
            for page in [*every_page(pages), *form_answers(pages)]:
                answers[f"{page.label}-{language}"] = open_with_client(client, page)
        answers.update(server_error_pages())
        files = []
        for name, response in answers.items():
            path = tmp_path / f"{name}.html"
            path.write_bytes(response.content)
            files.append(str(path))
        result = subprocess.run(
            ["java", "-jar", jar, "--errors-only", "--format", "json", *files],
            capture_output=True,
            text=True,
            timeout=240,
        )
        messages = json.loads(result.stderr or '{"messages": []}')["messages"]
        errors = [
            f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"
        ]
        assert not errors, "\n".join(errors)
