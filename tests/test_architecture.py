"""The layers in pyproject.toml hold on main, and `lint-imports` really refuses an import that
crosses them: proved on a scratch copy of the project with one upward import added."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["common", "regions", "enterprises", "cooperatives", "markets", "programs", "umkm_portal"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.subprocess


def lint_imports(directory):
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(directory / "pyproject.toml"), "--no-cache"],
        cwd=directory,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(directory), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


@pytest.fixture
def scratch(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_main_keeps_the_layers(scratch):
    result = lint_imports(scratch)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward_import"),
    [
        ("common/lists.py", "from enterprises.models import Person"),  # the base importing a domain app
        ("enterprises/rules.py", "import programs.models"),  # a registry importing programs
        ("markets/models.py", "from cooperatives.rules import Status"),  # one registry importing another
        ("programs/services.py", "from umkm_portal import figures"),  # a domain app importing the project
    ],
)
def test_an_import_across_the_layers_fails_the_lint(scratch, module, upward_import):
    path = scratch / module
    path.write_text(path.read_text() + f"\n{upward_import}  # noqa\n")
    result = lint_imports(scratch)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout or "broken" in result.stdout, result.stdout
