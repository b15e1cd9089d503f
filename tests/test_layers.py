"""The one-way layers hold (policykb > web > indexer > kb; blueprints independent), and a wrong import is caught.

Runs import-linter with the contracts in pyproject.toml ([tool.importlinter]):
once on the real tree, then on throwaway copies of the .py files with one
deliberately wrong import each, to show the check fails and names it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kb", "indexer", "web", "policykb")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    # the tree first on the path, so its packages shadow the editable install of the real ones
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([str(exe), "--no-cache", "--no-logo"], cwd=tree, env=env, capture_output=True,
                          text=True, timeout=120)


def copy_tree(dest: Path) -> Path:
    """The packages' .py files and pyproject.toml: all import-linter reads."""
    for pkg in PACKAGES:
        shutil.copytree(ROOT / pkg, dest / pkg, ignore=_not_python)
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def _not_python(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir() or n == "__pycache__"}


def test_the_tree_keeps_its_layers():
    out = lint_imports(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


@pytest.mark.parametrize("module, wrong_import, named", [
    ("kb/models.py", "import web", ["kb is not allowed to import web", "kb.models -> web"]),
    ("indexer/__init__.py", "from policykb.cli import main", ["indexer is not allowed to import policykb",
                                                              "indexer -> policykb.cli"]),
    ("web/views/upload.py", "from web.api import bp", ["web.views.upload is not allowed to import web.api",
                                                       "web.views.upload -> web.api"]),
])
def test_a_wrong_import_fails_and_is_named(tmp_path, module, wrong_import, named):
    tree = copy_tree(tmp_path)
    with open(tree / module, "a", encoding="utf-8") as fh:
        fh.write(f"\n{wrong_import}  # deliberately wrong\n")
    out = lint_imports(tree)
    report = out.stdout + out.stderr
    assert out.returncode != 0, report
    assert "BROKEN" in report
    for line in named:
        assert line in report, report
