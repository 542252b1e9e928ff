"""The apps depend one way (pyproject.toml's import-linter contracts): an import that makes a cycle
or points the wrong way fails the suite, not only `make lint`."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(*args):
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_import_contracts_are_kept():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_catch_an_import_the_wrong_way(tmp_path):
    """The same check with core declared above liaison_pages (which imports it) must fail."""
    config = (ROOT / "pyproject.toml").read_text()
    order = '    "liaison_pages",\n    "core",\n'
    assert order in config
    swapped = tmp_path / "pyproject.toml"
    swapped.write_text(config.replace(order, '    "core",\n    "liaison_pages",\n'))
    result = lint_imports(str(swapped), "--contract", "layers")
    assert result.returncode == 1
    assert "liaison_pages is not allowed to import core" in result.stdout
