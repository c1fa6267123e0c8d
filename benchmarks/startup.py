"""Command latency (issue 9): how long each command takes on a warm machine
with a database of about 10,000 events.

    python benchmarks/startup.py [--events 10000] [--runs 10] [--keep DIR]

Builds the database the real way, ``casewatch run`` over generated pages on
loopback (no latency): a baseline and two cycles with every page changed; then
copies those events (as older ones) until the events table holds ``--events``
rows. Then times ``--help``,
``history``, ``cases``, ``alerts pending``, ``status`` (where the command
exists), ``config check`` and ``run`` with nothing due, with hyperfine when
it is installed (``apt-get install hyperfine``), else by running each command
``--runs`` times; prints medians. Output goes to /dev/null, so printing
costs what it costs into a pipe.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from cycle import describe_machine, free_port
from loopsite import LoopbackSite
from measure import compile_casewatch, run_measured
from watchers import Casewatch

COMMANDS = {
    "--help": ["--help"],
    "history": ["history"],
    "cases": ["cases"],
    "alerts pending": ["alerts", "pending"],
    "status": ["status"],
    "config check": ["config", "check"],
    "run (nothing due)": ["-q", "run"],
}
GOALS = {"run (nothing due)": 0.5}  # seconds; every other command: 0.3
REAL_CYCLES = 3  # a baseline, then two cycles with every page changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000, help="events to build (10000)")
    parser.add_argument("--pages", type=int, default=400, help="sources in the config (400)")
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command (10)")
    parser.add_argument("--keep", help="build in (and reuse) this folder")
    parser.add_argument(
        "--no-hyperfine", action="store_true", help="time by repeated runs even with hyperfine"
    )
    args = parser.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="casewatch-startup-"))
    work.mkdir(parents=True, exist_ok=True)
    print(describe_machine(), flush=True)
    compile_casewatch()
    casewatch = Casewatch(
        "casewatch", crawl={"per_host_concurrency": "16", "delay": "0s", "obey_robots": "false"}
    )
    port = free_port()
    with LoopbackSite(args.pages, 4, 0.0, (20_000, 40_000), port) as site:
        casewatch.channel = site.alerts_url()
        casewatch.prepare(work, site.urls())
        build(site, casewatch, work, args.events)
        # Nothing is due now (every source was just checked, interval 6h).
        base = [str(casewatch.binary), "--config", str(work / "casewatch.toml")]
        available = {
            name: [*base, *extra]
            for name, extra in COMMANDS.items()
            if name != "status" or _has_command(base, "status")
        }
        timings = time_commands(available, work, args.runs, not args.no_hyperfine)
    print(f"\n{count_events(work):,} events, {args.pages} sources; medians of {args.runs} runs")
    for name, (wall, cpu) in timings.items():
        goal = GOALS.get(name, 0.3)
        verdict = "met" if wall <= goal else "MISSED"
        print(f"  {name:20} {wall:6.3f} s wall {cpu:6.3f} s CPU   goal {goal} s: {verdict}")
    return 0


def build(site: LoopbackSite, casewatch: Casewatch, work: Path, events: int) -> None:
    if count_events(work):
        return  # --keep: built before
    log = work / "build.log"
    for cycle in range(REAL_CYCLES):
        if cycle:
            site.change(1.0, round_seed=cycle)
        usage = run_measured([*casewatch.command()], work, log, timeout=900)
        print(f"  build cycle {cycle + 1}: {usage.wall:.1f} s", flush=True)
    with sqlite3.connect(work / "casewatch.db") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(events)")]
        copied = [c for c in columns if c not in ("id", "dedupe_key", "occurred_at")]
        names = ", ".join(copied)
        for _ in range(20):  # doubling: 2**20 times the real events is plenty
            have = db.execute("SELECT count(*) FROM events").fetchone()[0]
            if have >= events:
                break
            db.execute(
                f"INSERT INTO events (occurred_at, {names}) "
                f"SELECT datetime(occurred_at, '-{have} minutes'), {names} FROM events "
                f"ORDER BY id LIMIT {events - have}"
            )


def count_events(work: Path) -> int:
    db = work / "casewatch.db"
    if not db.exists():
        return 0
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM events").fetchone()[0]


def _has_command(base: list[str], name: str) -> bool:
    done = subprocess.run([*base, name, "--help"], capture_output=True)
    return done.returncode == 0


def time_commands(
    commands: dict[str, list[str]], work: Path, runs: int, hyperfine: bool = True
) -> dict[str, tuple[float, float]]:
    """Per command: median wall seconds and CPU seconds (user + system)."""
    if hyperfine and shutil.which("hyperfine"):
        out = work / "hyperfine.json"
        subprocess.run(
            [
                "hyperfine",
                "-N",
                "--warmup",
                "2",
                "--runs",
                str(runs),
                "--ignore-failure",
                "--export-json",
                str(out),
                *(" ".join(c) for c in commands.values()),
            ],
            cwd=work,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        results = json.loads(out.read_text())["results"]
        # hyperfine gives the mean CPU time only.
        return {
            name: (r["median"], r["user"] + r["system"])
            for name, r in zip(commands, results, strict=True)
        }
    timings = {}
    log = work / "timing.log"
    for name, command in commands.items():
        usages = [run_measured(command, work, log, timeout=120) for _ in range(runs + 2)]
        kept = usages[2:]  # the first two warm the caches
        timings[name] = (
            statistics.median(u.wall for u in kept),
            statistics.median(u.cpu for u in kept),
        )
    return timings


if __name__ == "__main__":
    sys.exit(main())
