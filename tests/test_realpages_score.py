"""The real-page development set (``../shared/realpages``), scored end to end.

Runs the set's own ``score.py`` against the installed casewatch (a real crawl
of the pages served on 127.0.0.1) and checks that no field falls below the
figures reached so far: a ratchet, raised as reading improves, never lowered.
Skipped, with the reason, where the set is not beside the repository.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[1]
_CANDIDATES = (_ROOT.parent / "shared" / "realpages", _ROOT.parents[1] / "shared" / "realpages")
SET = next((p for p in _CANDIDATES if (p / "score.py").exists()), None)

# field -> (ratchet: the lowest share allowed, the goal of issue 8)
RATCHET = {
    "people.recall": (1.00, 0.98),
    "people.precision": (1.00, 1.00),
    "status": (0.97, 0.95),
    "status.term": (1.00, 0.95),
    "deadline.items": (1.00, 0.95),
    "signatures.petitions": (1.00, 1.00),
}
SPURIOUS_DEADLINES_ALLOWED = 0
_LINES = {
    "people.recall": r"people found\s+recall\s+(\d+)/(\d+)",
    "people.precision": r"precision\s+(\d+)/(\d+)",
    "status": r"status\s+(\d+)/(\d+)",
    "status.term": r"prison term in the detail.*?:\s+(\d+)/(\d+)",
    "deadline.items": r"stated deadlines found\s+(\d+)/(\d+)",
    "signatures.petitions": r"petition pages:\s+(\d+)/(\d+)",
}


def _casewatch() -> str | None:
    found = Path(sys.executable).with_name("casewatch")
    return str(found) if found.exists() else shutil.which("casewatch")


@pytest.mark.skipif(SET is None, reason="the real-page set ../shared/realpages is not here")
def test_real_pages_stay_at_or_above_the_ratchet(tmp_path: Path) -> None:
    exe = _casewatch()
    assert exe, "no casewatch executable beside this Python"
    run = subprocess.run(
        [
            sys.executable,
            str(SET / "score.py"),
            "--casewatch",
            exe,
            "--work",
            str(tmp_path / "work"),
            "--site",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    report = run.stdout
    below = []
    print()
    for field, pattern in _LINES.items():
        match = re.search(pattern, report)
        assert match, f"score.py printed no {field} figure:\n{report}"
        ok, total = map(int, match.groups())
        share = ok / total if total else 1.0
        ratchet, goal = RATCHET[field]
        print(f"{field:22} {ok}/{total} = {share:.0%}   ratchet {ratchet:.0%}   goal {goal:.0%}")
        if share < ratchet:
            below.append(f"{field} {share:.0%} < {ratchet:.0%}")
    spurious = int(re.search(r"spurious deadlines\s+(\d+)", report).group(1))
    print(f"{'spurious deadlines':22} {spurious}   allowed {SPURIOUS_DEADLINES_ALLOWED}")
    if spurious > SPURIOUS_DEADLINES_ALLOWED:
        below.append(f"spurious deadlines {spurious}")
    assert not below, "below the ratchet: " + "; ".join(below) + "\n" + report
