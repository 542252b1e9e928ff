"""Which Chromium the browser tests drive (read by tests/conftest.py too, to name it at the top of
the run, so it imports nothing from Playwright)."""

import os
from pathlib import Path


def debian_chromium():
    """Debian's Chromium: its headless shell where installed (package chromium-headless-shell, the
    same Blink build without the browser's windowing layer; Playwright runs headless tests in a
    headless shell too), else the browser itself. The shell used a third less CPU for the same
    journeys (74 s against 110 s for tests/browser, measured on 2 cores). CHROMIUM_PATH picks
    another binary."""
    if os.environ.get("CHROMIUM_PATH"):
        return Path(os.environ["CHROMIUM_PATH"])
    installed = [Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium")]
    return next((path for path in installed if path.exists()), installed[-1])


CHROMIUM = debian_chromium()
MISSING_BROWSER = (
    "Debian's Chromium is not installed: apt-get install -y chromium chromium-headless-shell"
)


def report_line():
    """The line naming the browser (or what to install) at the top of a run."""
    if not CHROMIUM.exists():
        return f"browser tests: {MISSING_BROWSER}"
    if CHROMIUM.name == "chromium":
        return (
            f"browser tests: {CHROMIUM} (apt-get install -y chromium-headless-shell runs them"
            " on a third less CPU)"
        )
    return f"browser tests: {CHROMIUM}"
