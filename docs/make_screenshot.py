"""Takes docs/dashboard.png: the board of `casewatch demo`'s database, in
Debian's headless Chromium (the same browser and flags as the tests).

    python docs/make_screenshot.py
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from casewatch.web.headless import launch

OUT = Path(__file__).parent / "dashboard.png"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo"
        casewatch = [sys.executable, "-m", "casewatch"]
        subprocess.run([*casewatch, "demo", "--dir", str(demo)], check=True, capture_output=True)
        config = demo / "casewatch-demo.toml"
        server = subprocess.Popen(
            [*casewatch, "--config", str(config), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            line = server.stdout.readline() if server.stdout else ""
            url = re.search(r"http://\S+/", line).group()  # type: ignore[union-attr]
            with sync_playwright() as playwright:
                browser = launch(playwright)
                page = browser.new_page(viewport={"width": 1200, "height": 330})
                page.goto(url)
                page.screenshot(path=str(OUT))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
