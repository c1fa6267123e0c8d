"""``casewatch demo``: an offline tour of the real pipeline.

Serves the bundled sample pages (built from the seed Urgent Actions and the
Viasna petition) on 127.0.0.1, writes a config for them, runs a baseline
cycle, changes the pages (a status update, a deadline moved close enough
for a reminder, a removed page, a petition reaching its goal, a day counter
that must be ignored), runs again, and shows the alerts that arrived and the recorded history.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from casewatch.cli.output import WIDTH_VARIABLE
from casewatch.deadlines import local_today
from casewatch.demo.server import Site
from casewatch.errors import UsageError
from casewatch.text import plural

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
timezone = "{zone}"
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


INDENT = "   "
# The demo's zone: its deadlines are set relative to the day there, not on
# the host clock's day, so the tour reads the same at any hour.
ZONE = "Europe/Minsk"


def run_tour(folder: Path, say: Callable[[str], None] = print) -> int:
    """The demo's tour in ``folder`` (created if need be); its exit code.
    Raises UsageError when ``folder`` cannot be a folder to write in."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a file of that name, a read-only or missing place
        why = error.strerror
        raise UsageError(f"--dir {folder}: cannot make the demo's folder there ({why})") from None
    for stale in folder.glob("casewatch-demo.db*"):
        stale.unlink()
    width = shutil.get_terminal_size().columns
    config = (folder / "casewatch-demo.toml").resolve()
    with Site() as site:
        host = site.base_url.removeprefix("http://")
        config.write_text(CONFIG.format(base=site.base_url, host=host, zone=ZONE), encoding="utf-8")
        casewatch = [sys.executable, "-m", "casewatch", "--config", str(config)]
        tour = _Tour(casewatch, site, say, width)

        say(f"Serving sample pages on {site.base_url} (this machine only).")
        say(f"The demo's config and database are in {config.parent}.\n")
        today = local_today(dt.datetime.now(dt.UTC), ZONE)
        _publish(site, "v1", deadline=today + dt.timedelta(days=20))
        say("1. Baseline: the first check of each source records facts, alerts nothing.")
        tour.step("run", "--all")
        tour.show_alerts(baseline=True)

        say("2. The pages change: Kalesnikava is sentenced and her UA's deadline moves")
        say("   to two days from now (a reminder comes due), the Serhil page is taken")
        say("   down, the petition reaches its goal, and the news page's day counter")
        say("   ticks (noise, ignored).")
        _publish(site, "v2", deadline=today + dt.timedelta(days=2))
        site.remove("/ua-24-20")
        code = tour.step("run", "--all")
        tour.show_alerts(baseline=False)

        say("3. The history an analyst sees (casewatch history):")
        tour.step("history")
        say("4. The cases (casewatch cases):")
        tour.step("cases")
    say(f"The sample server has stopped. The demo's config and database stay in {config.parent}")
    say("(casewatch-demo.toml, casewatch-demo.db); look around with, for example:")
    command = _command_name()
    say(f"{INDENT}{command} --config {_short(config)} history --format json")
    say("or in a browser (then open http://127.0.0.1:8080/):")
    say(f"{INDENT}{command} --config {_short(config)} serve")
    say("To watch real pages, copy the example config and edit it:")
    say(f"{INDENT}cp config/casewatch.example.toml casewatch.toml")
    say(f"{INDENT}{command} config check")
    say(f"{INDENT}{command} run")
    return 0 if code in (0, 1) else code


def _command_name() -> str:
    """How the user can type casewatch: its name when it is on PATH (an
    activated venv), else the path of the script beside this Python."""
    script = Path(sys.executable).with_name("casewatch")
    on_path = shutil.which("casewatch")
    if on_path and Path(on_path).resolve() == script.resolve():
        return "casewatch"
    return str(_short(script))


def _short(path: Path) -> Path:
    """``path`` relative to the current folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


class _Tour:
    """Runs casewatch commands against the demo's config and tells what happened."""

    def __init__(
        self, casewatch: list[str], site: Site, say: Callable[[str], None], width: int
    ) -> None:
        self.casewatch, self.site, self.say, self.width = casewatch, site, say, width
        self.events_seen = 0

    def step(self, *args: str) -> int:
        """Run one command, its output indented and laid out for the terminal."""
        env = {**os.environ, WIDTH_VARIABLE: str(max(40, self.width - len(INDENT)))}
        result = subprocess.run(
            [*self.casewatch, *args], capture_output=True, text=True, env=env, check=False
        )
        for line in (result.stdout + result.stderr).splitlines():
            self.say(INDENT + line)
        self.say("")
        return result.returncode

    def show_alerts(self, *, baseline: bool) -> None:
        alerts = [payload for path, payload in self.site.posts if path == "/alerts"]
        self.site.posts.clear()
        events = self._new_events()
        if baseline:
            self.say(f"   {plural(events, 'event')} recorded, no alerts sent: a first check is a")
            self.say("   silent baseline (only a deadline reminder could alert).\n")
            return
        self.say(
            f"   {plural(events, 'event')} recorded, {plural(len(alerts), 'alert')} sent to the "
            "demo's channel"
        )
        self.say("   (an Apprise json:// URL on the sample server; email or Slack in real use).")
        self.say("   Fewer alerts than events: a status or deadline change is one alert with")
        self.say("   the diff, not also a bare 'page changed'; a moved deadline and its")
        self.say("   reminder are one alert; a petition's count is only recorded until it")
        self.say("   reaches its goal. The alerts as they arrived:")
        for alert in alerts:
            self.say("")
            for line in alert_preview(alert, self.width - 5):
                self.say("   " + line)
        self.say("")

    def _new_events(self) -> int:
        result = subprocess.run(
            [*self.casewatch, "history", "--format", "json"],
            capture_output=True,
            text=True,
            check=False,
        )
        total = len(json.loads(result.stdout)) if result.returncode == 0 else 0
        new, self.events_seen = total - self.events_seen, total
        return new


def alert_preview(alert: dict[str, Any], width: int, lines: int = 6) -> list[str]:
    """An alert as a person skims it: its title, then the body's lines that
    say something new (no repeated title, no blank lines, no diff hunk
    headers), each cut to ``width``."""
    title = str(alert.get("title", ""))
    # The diff is for the mail; the preview stops where it starts.
    text, _, _ = str(alert.get("message", "")).partition("\nChanges:")
    body = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith("@@") and line.strip() not in title
    ]
    shown = [textwrap.shorten(line, width, placeholder=" …") for line in body[:lines]]
    more = ["  …"] if len(body) > lines else []
    return (
        ["▸ " + textwrap.shorten(title, width, placeholder=" …")]
        + ["  " + line for line in shown]
        + more
    )


def _publish(site: Site, version: str, deadline: dt.date) -> None:
    """Put up one version of the sample pages; their action deadline is set
    relative to today, so that the tour can show a reminder coming due."""
    for page in PAGES.iterdir():
        name, _, suffix = page.name.partition(".")
        if suffix == f"{version}.html":
            html = page.read_text(encoding="utf-8")
            site.put(f"/{name}", html.replace("{{DEADLINE}}", f"{deadline:%d %B %Y}"))
