"""Measuring one process: wall time and CPU (its waited-for children included)
from ``wait4``'s resource usage, and peak resident memory sampled from ``/proc``.

Memory is not taken from ``wait4``: on Linux a child's ``ru_maxrss`` keeps the
high-water mark of the process it was forked from (the benchmark, which holds
the whole site), so every watcher would look as large as the benchmark.

A process may leave descendants that it does not wait for: casewatch's reading
processes are forked by a fork server that outlives the run by a moment. On
Linux this process is their "subreaper" while it measures: they are handed to
it when the run exits, and it waits for them and counts their CPU too."""

from __future__ import annotations

import ctypes
import os
import signal
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
    cpu: float  # user + system seconds, every descendant included
    peak_rss_mb: float  # the largest resident set of the process or a child
    exit_code: int
    peak_tree_mb: float = float("nan")  # the most the process and its children held at once


def run_measured(
    command: Sequence[str],
    cwd: Path,
    log: Path,
    timeout: float,
    env: dict[str, str] | None = None,
) -> Usage:
    """Run ``command`` to its end (killed after ``timeout`` seconds, which is
    then reported as exit code -9); stdout is dropped, stderr goes to ``log``."""
    _adopt_orphans(True)
    try:
        return _measure(command, cwd, log, timeout, env)
    finally:
        # A subreaper for good would keep every later orphan of this process
        # (a test's killed workers) as an unreaped zombie.
        _adopt_orphans(False)


def _measure(
    command: Sequence[str],
    cwd: Path,
    log: Path,
    timeout: float,
    env: dict[str, str] | None,
) -> Usage:
    before = _children()
    with log.open("ab") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        memory = PeakMemory(process.pid)
        memory.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
            memory.stop()
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # already reaped
    usages = [usage, *_reap_orphans(before, start + timeout)]
    return Usage(
        wall=wall,
        cpu=sum(u.ru_utime + u.ru_stime for u in usages),
        peak_rss_mb=memory.largest_kb / 1024 if memory.sampled else usage.ru_maxrss / 1024,
        exit_code=process.returncode,
        peak_tree_mb=memory.tree_kb / 1024 if memory.sampled else float("nan"),
    )


_PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def _adopt_orphans(adopt: bool) -> None:
    """Whether descendants orphaned from now on become this process's children."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, int(adopt), 0, 0, 0)


def _children(pid: int | str = "self") -> set[int]:
    """The children of process ``pid`` now, from the kernel's lists of each of
    its threads (Linux; elsewhere, or once the process is gone, none)."""
    found: set[int] = set()
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # gone meanwhile, or no /proc
        return found
    for task in tasks:
        try:
            found.update(map(int, (task / "children").read_text().split()))
        except OSError:  # a thread that ended meanwhile
            continue
    return found


def _reap_orphans(before: set[int], deadline: float) -> list[os.struct_rusage]:
    """Waits for the children this process was handed (not those in
    ``before``), killing any left at ``deadline``; their resource usage
    (each with its own waited-for children's)."""
    usages: list[os.struct_rusage] = []
    while orphans := _children() - before:
        for pid in orphans:
            if time.perf_counter() > deadline:
                os.kill(pid, signal.SIGKILL)
            done, _, usage = os.wait4(pid, os.WNOHANG)
            if done:
                usages.append(usage)
        time.sleep(0.01)
    return usages


class PeakMemory(threading.Thread):
    """Samples a process tree's memory from ``/proc`` (Linux) until stopped.

    ``largest_kb`` is the largest ``VmHWM`` (the kernel's own high-water mark
    of one process, exact); ``tree_kb`` the largest sum of ``VmRSS`` over the
    process and its descendants seen at one sample (every ``interval``
    seconds, so a short peak can be missed). Without ``/proc``, ``sampled``
    stays False."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.largest_kb = self.tree_kb = 0
        self.sampled = False
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(self.interval):
            self._sample()

    def stop(self) -> None:
        self._stopped.set()
        self.join()

    def _sample(self) -> None:
        total = 0
        for pid in _tree(self.pid):
            fields = _status(pid)
            if fields:
                self.sampled = True
                self.largest_kb = max(self.largest_kb, fields.get("VmHWM", 0))
                total += fields.get("VmRSS", 0)
        self.tree_kb = max(self.tree_kb, total)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from the kernel's children lists."""
    found, pending = [], [pid]
    while pending:
        parent = pending.pop()
        found.append(parent)
        pending.extend(_children(parent))
    return found


def _status(pid: int) -> dict[str, int]:
    """The kB fields of ``/proc/PID/status`` ({} once the process is gone, or
    while it is a zombie, whose memory is already freed)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {
        key: int(value.split()[0])
        for key, _, value in (line.partition(":") for line in lines)
        if value.strip().endswith("kB")
    }


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
