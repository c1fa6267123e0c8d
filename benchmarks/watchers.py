"""The watchers compared: casewatch, urlwatch and a bare Scrapy spider.

Each gets a fresh folder per repeat, is given the same URLs, and is run as
its own process once per round; its database (or state file) is measured
after each round.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from measure import files_size
from sitegen import PEOPLE, person_of

HERE = Path(__file__).resolve().parent
CASEWATCH = Path(sys.executable).with_name("casewatch")  # beside this Python
URLWATCH_VERSION = "2.29"  # the version issue 9 measured


@dataclass
class Watcher:
    name: str
    folder: Path = field(default_factory=Path)

    def prepare(self, folder: Path, urls: list[str]) -> None:
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def stored_bytes(self) -> int:
        raise NotImplementedError


@dataclass
class Casewatch(Watcher):
    """``casewatch run --all`` on a config watching every page."""

    binary: Path = CASEWATCH
    crawl: dict[str, str] = field(default_factory=dict)  # [crawl] keys to set
    channel: str | None = None  # an Apprise URL told of status changes

    def prepare(self, folder: Path, urls: list[str]) -> None:
        self.folder = folder
        lines = ['[database]\nurl = "sqlite:///casewatch.db"\n', "[crawl]"]
        lines += [f"{key} = {_toml(value)}" for key, value in self.crawl.items()]
        for name, cyrillic in PEOPLE:
            lines.append(f"\n[[people]]\nname = {_toml(name)}\naliases = [{_toml(cyrillic)}]")
        if self.channel:
            lines.append(
                f"\n[[channels]]\nname = 'bench'\nurl = {_toml(self.channel)}\n"
                "events = ['status_changed']"
            )
        for index, url in enumerate(urls):
            person = person_of(index)[0]
            lines.append(
                f"\n[[sources]]\nname = 'case-{index}'\nurl = {_toml(url)}\n"
                f"people = [{_toml(person)}]"
            )
        (folder / "casewatch.toml").write_text("\n".join(lines) + "\n")

    def command(self) -> list[str]:
        return [str(self.binary), "--config", "casewatch.toml", "-q", "run", "--all"]

    def stored_bytes(self) -> int:
        db = self.folder / "casewatch.db"
        return files_size(db, db.with_name("casewatch.db-wal"))


@dataclass
class Urlwatch(Watcher):
    """urlwatch with its defaults (10 threads, conditional requests), in its
    own virtual environment under ``venv``, installed on first use."""

    venv: Path = Path.home() / ".cache" / "casewatch-bench" / "urlwatch"

    def ensure_installed(self) -> None:
        binary = self.venv / "bin" / "urlwatch"
        if binary.exists():
            return
        subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)
        pip = [str(self.venv / "bin" / "pip"), "install", "-q"]
        subprocess.run([*pip, f"urlwatch=={URLWATCH_VERSION}"], check=True)

    def prepare(self, folder: Path, urls: list[str]) -> None:
        self.folder = folder
        jobs = "---\n".join(f"name: case-{i}\nurl: {url}\n" for i, url in enumerate(urls))
        (folder / "urls.yaml").write_text(jobs)

    def command(self) -> list[str]:
        return [
            str(self.venv / "bin" / "urlwatch"),
            "--urls",
            "urls.yaml",
            "--config",
            "urlwatch.yaml",
            "--hooks",
            "hooks.py",
            "--cache",
            "cache.db",
        ]

    def stored_bytes(self) -> int:
        db = self.folder / "cache.db"
        return files_size(db, db.with_name("cache.db-wal"))


@dataclass
class ScrapyFloor(Watcher):
    """The bare fetching spider of floor_spider.py, with casewatch's per-host
    concurrency."""

    per_host: int = 4

    def prepare(self, folder: Path, urls: list[str]) -> None:
        self.folder = folder
        (folder / "urls.txt").write_text("\n".join(urls))

    def command(self) -> list[str]:
        script = str(HERE / "floor_spider.py")
        return [sys.executable, script, "state.json", "urls.txt", str(self.per_host)]

    def stored_bytes(self) -> int:
        return files_size(self.folder / "state.json")


def _toml(value: str) -> str:
    """A TOML value: numbers and booleans as given, anything else a string."""
    if value in ("true", "false") or value.replace(".", "", 1).isdigit():
        return value
    return json.dumps(value, ensure_ascii=False)
