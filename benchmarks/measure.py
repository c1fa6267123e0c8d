"""Measuring one process: wall time, CPU (its waited-for children included) and
peak resident memory, from ``wait4``'s resource usage."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Usage:
    wall: float  # seconds
    cpu: float  # user + system seconds, children included
    peak_rss_mb: float  # the largest resident set of the process or a child
    exit_code: int


def run_measured(
    command: Sequence[str],
    cwd: Path,
    log: Path,
    timeout: float,
    env: dict[str, str] | None = None,
) -> Usage:
    """Run ``command`` to its end (killed after ``timeout`` seconds, which is
    then reported as exit code -9); stdout is dropped, stderr goes to ``log``."""
    with log.open("ab") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # already reaped
    return Usage(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
        exit_code=process.returncode,
    )


def files_size(*paths: Path) -> int:
    """Bytes on disk of these files (missing ones count 0): a SQLite database
    is its file plus its write-ahead log."""
    return sum(p.stat().st_size for p in paths if p.exists())


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def compile_casewatch() -> None:
    """Write the bytecode of casewatch's own modules, as ``pip install`` does.

    An editable install (``pip install -e .``) has none, and with
    ``PYTHONDONTWRITEBYTECODE`` set (as on shared CI machines) every run would
    compile casewatch's ~100 modules again: a cost no installed casewatch
    pays, and urlwatch and Scrapy, installed from wheels, never do."""
    import casewatch

    root = Path(casewatch.__file__).resolve().parent.parent
    names = ("casewatch", "config", "db", "alerts", "spiders")  # the editable layout
    folders = [root / name for name in names if (root / name).is_dir()]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *map(str, folders)], env=env, check=True
    )
