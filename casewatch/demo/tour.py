"""``casewatch demo``: an offline tour of the real pipeline.

Serves the bundled sample pages (built from the seed Urgent Actions and the
Viasna petition) on 127.0.0.1, writes a config for them, runs a baseline
cycle, changes the pages (a status update, a deadline moved close enough
for a reminder, a removed page, a petition reaching its goal, a day counter
that must be ignored), runs again, and shows the alerts that arrived and the recorded history.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from casewatch.demo.server import Site

PAGES = resources.files("casewatch.demo") / "pages"

CONFIG = """\
[database]
url = "sqlite:///casewatch-demo.db"

[crawl]
user_agent = "casewatch demo"
delay = "0s"
timeout = "10s"
retries = 0

[alerts]
timezone = "Europe/Minsk"
remind_before = ["7d", "3d", "1d"]

[[people]]
name = "Maryia Kalesnikava"
aliases = ["Maria Kolesnikova", "Мария Колесникова", "Марыя Калеснікава"]
tags = ["viasna"]

[[people]]
name = "Viktar Serhil"
aliases = ["Виктор Сергель"]
tags = ["death-row"]

[[people]]
name = "Ales Bialiatski"
aliases = ["Алесь Бяляцкі", "Алесь Беляцкий"]
tags = ["viasna"]

[[sources]]
name = "UA 147.20 Kalesnikava"
url = "{base}/ua-147-20"
kind = "amnesty_ua"
select = "article"
people = ["Maryia Kalesnikava"]

[[sources]]
name = "UA 24.20 Serhil"
url = "{base}/ua-24-20"
kind = "amnesty_ua"
select = "main"

[[sources]]
name = "Viasna petition"
url = "{base}/petition"
kind = "petition"

[[sources]]
name = "News (Russian)"
url = "{base}/news"
kind = "page"
select = "article"
ignore = ['[\\d,]+ days behind bars']

[[channels]]
name = "console"
url = "json://{host}/alerts"
events = ["*"]
"""


def run_tour(folder: Path, say: Callable[[str], None] = print) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("casewatch-demo.db*"):
        stale.unlink()
    with Site() as site:
        config = folder / "casewatch-demo.toml"
        host = site.base_url.removeprefix("http://")
        config.write_text(CONFIG.format(base=site.base_url, host=host), encoding="utf-8")
        casewatch = [sys.executable, "-m", "casewatch", "--config", str(config)]

        say(f"Serving sample pages on {site.base_url}; config and database in {folder}\n")
        today = dt.date.today()
        _publish(site, "v1", deadline=today + dt.timedelta(days=20))
        say("1. Baseline: the first check of each source records facts, alerts nothing.")
        _step([*casewatch, "run", "--all"], say)
        _show_alerts(site, say)

        say("2. The pages change: Kalesnikava is sentenced and her UA's deadline moves")
        say("   to two days from now (a reminder comes due), the Serhil page is taken")
        say("   down, the petition reaches its goal, and the news page's day counter")
        say("   ticks (noise, ignored).")
        _publish(site, "v2", deadline=today + dt.timedelta(days=2))
        site.remove("/ua-24-20")
        code = _step([*casewatch, "run", "--all"], say)
        _show_alerts(site, say)

        say("3. The history an analyst sees (casewatch history):")
        _step([*casewatch, "history"], say)
        say("4. The cases (casewatch cases):")
        _step([*casewatch, "cases"], say)
        say(f"Explore further with: casewatch --config {config} history --format json")
        say(f"See it in a browser: casewatch --config {config} serve → http://127.0.0.1:8080/")
    return 0 if code in (0, 1) else code


def _publish(site: Site, version: str, deadline: dt.date) -> None:
    """Put up one version of the sample pages; their action deadline is set
    relative to today, so that the tour can show a reminder coming due."""
    for page in PAGES.iterdir():
        name, _, suffix = page.name.partition(".")
        if suffix == f"{version}.html":
            html = page.read_text(encoding="utf-8")
            site.put(f"/{name}", html.replace("{{DEADLINE}}", f"{deadline:%d %B %Y}"))


def _step(command: list[str], say: Callable[[str], None]) -> int:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in (result.stdout + result.stderr).splitlines():
        say("   " + line)
    say("")
    return result.returncode


def _show_alerts(site: Site, say: Callable[[str], None]) -> None:
    alerts = [payload for path, payload in site.posts if path == "/alerts"]
    site.posts.clear()
    if not alerts:
        say("   (no alerts sent)\n")
        return
    say(f"   {len(alerts)} alerts arrived:")
    for alert in alerts:
        say(f"   ▸ {alert.get('title', '')}")
        body = textwrap.shorten(str(alert.get("message", "")).replace("\n", " · "), 300)
        say(textwrap.indent(textwrap.fill(body, 76), "     "))
    say("")
