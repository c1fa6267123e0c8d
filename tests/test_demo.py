"""`casewatch demo` runs the real pipeline offline and shows alerts and history,
laid out for an 80-column terminal."""

from __future__ import annotations

import os
import subprocess
import sys


def test_demo_tour(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "casewatch", "demo", "--dir", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    baseline, _, rest = out.partition("2. The pages change")
    assert "no alerts sent: a first check is a" in baseline  # the first check is silent
    alerts, _, history = rest.partition("3. The history")
    assert "4 alerts sent to the demo's channel" in alerts
    assert "Now: sentenced (11 years, penal colony)" in alerts
    assert "▸ Serhil: page removed: HTTP 404" in alerts
    assert alerts.count("page removed (HTTP 404)") == 1  # the title is not repeated
    assert "goal 1,000 reached" in alerts
    # The moved deadline and its reminder are one alert, not two.
    assert "action deadline moved" in alerts and "(in 2 days)" in alerts
    assert "News (Russian)" not in alerts  # only its day counter changed
    assert "· ·" not in alerts and "@@" not in alerts
    assert "page_removed" in history and "deadline_near" in history
    assert "sentenced to death" in " ".join(history.split())  # a label, not a code
    assert "death_sentence" not in history
    assert "The sample server has stopped" in out
    assert "cp config/casewatch.example.toml casewatch.toml" in out
    # 80 columns: nothing wider, except commands and paths (they vary).
    assert [
        line
        for line in out.splitlines()
        if len(line) > 80 and "casewatch" not in line and str(tmp_path) not in line
    ] == []
    assert (tmp_path / "demo" / "casewatch-demo.db").exists()
    assert str(tmp_path / "demo") in out


def test_a_dir_that_cannot_be_a_folder_is_one_line_and_exit_2(tmp_path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("a file of that name\n")
    for folder in (taken, tmp_path / "taken" / "below"):
        result = subprocess.run(
            [sys.executable, "-m", "casewatch", "demo", "--dir", str(folder)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2, result.stderr
        [line] = result.stderr.splitlines()
        assert line.startswith(f"casewatch: error: --dir {folder}: cannot make the demo's folder")
