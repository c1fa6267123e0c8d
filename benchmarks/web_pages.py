"""How fast the dashboard answers with 10,000 events in the database.

    python benchmarks/web_pages.py [--events 10000]

Builds a throwaway SQLite database (20 people, 40 sources, snapshots, diffs
and the given number of events, spread over a year), starts ``casewatch
serve`` on it, and prints the median and 95th-percentile time of 30 GETs of
each page and API address over loopback. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from casewatch.case.events import EVENT_KINDS
from casewatch.db import migrate
from casewatch.db.engine import make_engine, make_sessionmaker
from casewatch.db.models import Check, Diff, Event, Snapshot, Source

PEOPLE = [f"Person{n} Surname{n}" for n in range(20)]
SOURCES = 40
STATUSES = ["detained", "charged", "on_trial", "sentenced", "released"]
REPEAT = 30


def build(folder: Path, events: int) -> Path:
    """The config and database; returns the config's path."""
    database = folder / "bench.db"
    config = folder / "casewatch.toml"
    people = "".join(f'[[people]]\nname = "{p}"\n' for p in PEOPLE)
    sources = "".join(
        f'[[sources]]\nname = "source {n}"\nurl = "https://example.org/{n}"\n'
        for n in range(SOURCES)
    )
    config.write_text(f'[database]\nurl = "sqlite:///{database}"\n{people}{sources}')
    engine = make_engine(f"sqlite:///{database}")
    migrate.upgrade(engine)
    rng = random.Random(7)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=365)
    with make_sessionmaker(engine).begin() as session:
        rows = [
            Source(name=f"source {n}", url=f"https://example.org/{n}", kind="page")
            for n in range(SOURCES)
        ]
        session.add_all(rows)
        session.flush()
        texts = {}
        for source in rows:
            snapshots = []
            for version in range(2):
                text = "\n".join(
                    f"Line {i} of {source.name}, version {version if i % 7 == 0 else 0}."
                    for i in range(200)
                )
                snapshot = Snapshot(
                    source_id=source.id,
                    content_hash=f"{source.id}-{version}",
                    text_z=Snapshot.compress(text),
                    facts={},
                    created_at=start,
                )
                snapshots.append(snapshot)
            session.add_all(snapshots)
            session.flush()
            diff = Diff(
                source_id=source.id,
                old_snapshot_id=snapshots[0].id,
                new_snapshot_id=snapshots[1].id,
                unified="(benchmark)",
            )
            check = Check(
                source_id=source.id,
                started_at=start,
                duration_ms=100,
                outcome="changed",
                snapshot_id=snapshots[1].id,
            )
            session.add_all([diff, check])
            session.flush()
            source.last_checked_at = start
            texts[source.id] = (diff.id, check.id)
        for n in range(events):
            source = rng.choice(rows)
            kind = rng.choice(EVENT_KINDS)
            person = rng.choice(PEOPLE)
            details: dict[str, object] = {}
            if kind == "new_mention":
                details = {"status": rng.choice(STATUSES), "status_detail": ""}
            elif kind == "status_changed":
                old, new = rng.sample(STATUSES, 2)
                details = {
                    "old": old,
                    "old_detail": "",
                    "new": new,
                    "new_detail": "",
                    "source_status": new,
                }
            diff_id, check_id = texts[source.id]
            session.add(
                Event(
                    kind=kind,
                    source_id=source.id,
                    person=person,
                    summary=f"{kind} number {n}",
                    details=details,
                    occurred_at=start + dt.timedelta(minutes=52 * n * 10_000 // events),
                    diff_id=diff_id if kind == "page_changed" else None,
                    check_id=check_id,
                )
            )
    engine.dispose()
    return config


def time_get(url: str, pid: int) -> tuple[float, float, float]:
    """Median and 95th percentile of REPEAT GETs' wall time, and the server's
    CPU time per GET (user + system, from /proc), in milliseconds."""
    times = []
    cpu_before = _cpu_ms(pid)
    for _ in range(REPEAT):
        begin = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as answer:
            answer.read()
        times.append((time.perf_counter() - begin) * 1000)
    cpu = (_cpu_ms(pid) - cpu_before) / REPEAT
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], cpu


def _cpu_ms(pid: int) -> float:
    """The process's user + system CPU time so far (Linux /proc), in milliseconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        config = build(Path(folder), args.events)
        command = [
            sys.executable,
            "-m",
            "casewatch",
            "--config",
            str(config),
            "serve",
            "--port",
            "0",
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWATCH_")}
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
        try:
            line = server.stdout.readline() if server.stdout else ""
            base = re.search(r"http://\S+/", line).group()  # type: ignore[union-attr]
            with urllib.request.urlopen(base + "api/events?kind=page_changed") as answer:
                event_id = re.search(rb'"id":\s*(\d+)', answer.read()).group(1).decode()  # type: ignore[union-attr]
            paths = [
                "",
                "people/person3-surname3",
                f"events/{event_id}",
                "events",
                "events?person=Person3+Surname3&kind=status_changed",
                "sources",
                "api/cases",
                "api/events?person=Person3+Surname3",
                f"api/events/{event_id}",
                "api/sources",
                "api/events",
            ]
            load = os.getloadavg()[0]
            print(f"{args.events} events; {REPEAT} GETs each over loopback; load {load:.1f}")
            print(f"{'address':56} {'median':>8} {'p95':>8} {'CPU':>8}")
            for path in paths:
                median, p95, cpu = time_get(base + path, server.pid)
                print(f"/{path:55} {median:6.1f}ms {p95:6.1f}ms {cpu:6.1f}ms")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
