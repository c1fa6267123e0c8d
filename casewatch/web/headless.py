"""How casewatch's own tools (the browser tests, docs/make_screenshot.py)
drive a headless Chromium: Debian's package, never a downloaded build."""

from __future__ import annotations

import os
from typing import Any

CHROMIUM = os.environ.get("CASEWATCH_CHROMIUM", "/usr/bin/chromium")
# Headless, and quiet on the network: no updates, sync or QUIC probes.
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def launch(playwright: Any) -> Any:
    """A Playwright Browser on :data:`CHROMIUM` (Playwright's sync API object in, browser out)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(ARGS))
