"""Every public page is valid HTML by the Nu HTML Checker (vnu.jar from the npm package vnu-jar).

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

from cooperatives.models import Cooperative
from enterprises.models import Enterprise
from markets.models import Market
from programs.models import Program
from tests.factories import OpenProgramFactory

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


def public_pages():
    program = Program.objects.get(slug="pelatihan-tas-anyaman-dan-kulit-bdi-denpasar-2024")
    opened = OpenProgramFactory(title="Pelatihan Terbuka Uji HTML", slug="pelatihan-terbuka-uji-html")
    return [
        ("home", "get", "/", None),
        ("programs", "get", "/pelatihan/", None),
        ("programs-filtered", "get", "/pelatihan/?status=selesai&kecamatan=36.04.11", None),
        ("programs-bad-filter", "get", "/pelatihan/?year=abc&status=nonsense", None),
        ("program-finished", "get", f"/pelatihan/{program.slug}/", None),
        ("program-open", "get", f"/pelatihan/{opened.slug}/", None),
        ("apply", "get", f"/pelatihan/{opened.slug}/daftar/", None),
        ("apply-errors", "post", f"/pelatihan/{opened.slug}/daftar/", {"nik": "123", "birth_date": "31/02/1990"}),
        ("cooperatives", "get", "/koperasi/?kind=simpan_pinjam", None),
        ("cooperative", "get", f"/koperasi/{Cooperative.objects.order_by('pk').first().pk}/", None),
        ("markets", "get", "/pasar/", None),
        ("market", "get", f"/pasar/{Market.objects.get(name='Pasar Padarincang').slug}/", None),
        ("catalogue", "get", "/umkm/", None),
        ("catalogue-entry", "get", f"/umkm/{Enterprise.objects.filter(catalogue_consent=True).first().pk}/", None),
        ("figures", "get", "/data/", None),
        ("status", "get", "/pelatihan/cek-status/", None),
        ("status-not-found", "post", "/pelatihan/cek-status/", {"reference_code": "AAAA2222", "nik": "1"}),
        ("recover", "get", "/pelatihan/kode-hilang/", None),
        ("recover-done", "post", "/pelatihan/kode-hilang/", {"nik": "3604115508900001", "birth_date": "15/08/1990"}),
        ("privacy", "get", "/privasi/", None),
        ("not-found", "get", "/tidak-ada/", None),
    ]


class TestOnTheDemo:
    @pytest.fixture(scope="class")
    @classmethod
    def demo(cls, shared_demo):
        return None

    def test_every_public_page_is_valid_html(self, client, demo, tmp_path):
        jar = vnu_jar()
        cache.clear()
        files, pages = [], public_pages()
        for language in ("id", "en"):
            client.cookies["django_language"] = language
            for name, method, url, data in pages:
                response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
                assert response.status_code in (200, 404), url
                path = tmp_path / f"{name}-{language}.html"
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
