"""The demo is development-only: production never installs it and no app of the portal imports it,
so the portal runs without demo/ (and without the development requirements it builds with)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
NOT_APPS = {"demo", "tests", "bench", "scripts", "locale", "templates", ".venv", ".git"}


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_demo_no_app_imports_it():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for folder in sorted(ROOT.iterdir())
        if folder.is_dir() and folder.name not in NOT_APPS and (folder / "__init__.py").exists()
        for path in folder.rglob("*.py")
        for module in imported_modules(path)
        if module == "demo" or module.startswith("demo.")
    ]
    assert offenders == []


def test_demo_installed_for_tests_and_development_only():
    assert "demo" in settings.INSTALLED_APPS
    env = {**os.environ, "DJANGO_SECRET_KEY": "x" * 50}
    code = "from portal.settings import {} as s; print('demo' in s.INSTALLED_APPS)"
    answers = {
        module: subprocess.run(
            [sys.executable, "-c", code.format(module)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for module in ("dev", "production")
    }
    assert answers == {"dev": "True", "production": "False"}
