"""How much CPU the daemon uses while nothing is due, and how it keeps time.

    python benchmarks/daemon_idle.py [--seconds 60]

Serves two pages on 127.0.0.1 and starts ``casewatch daemon`` on a fresh
SQLite database with a 10 s source and a 1 h source. It first counts the
checks of each over 40 s (the 10 s source about every 10 s, the 1 h source
once), then turns the 10 s source into a 1 h one (the daemon reads the
changed config) and, once the daemon is idle, measures the CPU time of the
daemon process (from /proc: user + system) over ``--seconds``, as a share of
one core. Linux only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from casewatch.demo.server import Site

PAGE = "<html><body><p>Maryia Kalesnikava was detained.</p></body></html>"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (not its children), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def checks(database: Path) -> dict[str, int]:
    """Checks per source so far (none before the first cycle makes the schema)."""
    query = (
        "SELECT s.name, count(*) FROM sources AS s JOIN checks AS c ON c.source_id = s.id "
        "GROUP BY s.name"
    )
    with contextlib.closing(sqlite3.connect(database)) as connection:
        try:
            return dict(connection.execute(query).fetchall())
        except sqlite3.OperationalError:
            return {}


def config(site: Site, database: Path, fast: str) -> str:
    return (
        f'[database]\nurl = "sqlite:///{database}"\n[crawl]\ndelay = "0s"\n'
        f'[[sources]]\nname = "fast"\nurl = "{site.url("/fast")}"\ninterval = "{fast}"\n'
        f'[[sources]]\nname = "slow"\nurl = "{site.url("/slow")}"\ninterval = "1h"\n'
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="idle window (default 60)")
    args = parser.parse_args()
    with Site() as site, tempfile.TemporaryDirectory() as folder:
        site.put("/fast", PAGE)
        site.put("/slow", PAGE)
        path = Path(folder) / "casewatch.toml"
        database = Path(folder) / "casewatch.db"
        path.write_text(config(site, database, "10s"))
        command = [sys.executable, "-m", "casewatch", "--config", str(path), "daemon"]
        daemon = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        try:
            while not checks(database).get("fast"):
                time.sleep(0.2)
            time.sleep(40)
            counts = checks(database)
            print(
                f"in 40 s after the first check: {counts.get('fast', 0) - 1} more checks of "
                f"the 10 s source, {counts.get('slow', 0)} of the 1 h source in all"
            )
            path.write_text(config(site, database, "1h"))
            time.sleep(15)  # the config is read again, and a cycle in flight ends
            before, start = cpu_seconds(daemon.pid), time.monotonic()
            time.sleep(args.seconds)
            used, elapsed = cpu_seconds(daemon.pid) - before, time.monotonic() - start
            print(
                f"idle daemon: {used:.3f} s of CPU in {elapsed:.0f} s = "
                f"{100 * used / elapsed:.3f}% of one core"
            )
        finally:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(timeout=120)


if __name__ == "__main__":
    main()
