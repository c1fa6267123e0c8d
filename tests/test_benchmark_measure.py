"""The benchmarks' memory figure is the watcher's own, not the benchmark's.

``benchmarks/measure.py`` samples ``/proc``: on Linux ``wait4``'s
``ru_maxrss`` gives a forked child the high-water mark of its parent (the
benchmark holds the whole generated site), which made every watcher look as
large as the benchmark itself."""

from __future__ import annotations

import ctypes
import importlib.util
import sys
from pathlib import Path

import pytest

MEASURE = Path(__file__).parents[1] / "benchmarks" / "measure.py"

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="memory is sampled from Linux's /proc"
)


def _measure():
    spec = importlib.util.spec_from_file_location("bench_measure", MEASURE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_a_childs_peak_is_its_own_and_its_childrens_sum(tmp_path):
    measure = _measure()
    ballast = bytearray(300 * 2**20)  # the benchmark's own size: must not count
    ballast[:: 2**12] = b"x" * len(ballast[:: 2**12])  # touch every page: resident
    # A parent holding 60 MB that starts a child holding 60 MB, both alive
    # together for a second.
    holder = (
        "import time; b = bytearray(60 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep({})"
    )
    script = (
        "import subprocess, sys; "
        f"child = subprocess.Popen([sys.executable, '-c', {holder.format(1.5)!r}]); "
        f"exec({holder.format(1.0)!r}); child.wait()"
    )
    usage = measure.run_measured([sys.executable, "-c", script], tmp_path, tmp_path / "log", 60)
    assert usage.exit_code == 0
    assert 60 <= usage.peak_rss_mb < 150
    assert 120 <= usage.peak_tree_mb < 250
    del ballast


def _is_subreaper() -> bool:
    flag = ctypes.c_int()
    ctypes.CDLL(None, use_errno=True).prctl(
        37, ctypes.byref(flag), 0, 0, 0
    )  # PR_GET_CHILD_SUBREAPER
    return bool(flag.value)


def test_orphans_are_waited_for_and_counted_then_no_longer_adopted(tmp_path):
    """A run's orphan (a fork server's process outliving the run) is the
    measure's to wait for; afterwards this process adopts none: a subreaper
    for good kept the orphans of later tests (killed workers) as zombies."""
    measure = _measure()
    burn = "import time; end = time.process_time() + 0.5\nwhile time.process_time() < end: pass"
    script = f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {burn!r}])"
    usage = measure.run_measured([sys.executable, "-c", script], tmp_path, tmp_path / "log", 60)
    assert usage.exit_code == 0
    assert usage.cpu >= 0.5  # the orphan's CPU, counted after the run exited
    assert not _is_subreaper()
