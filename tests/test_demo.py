"""`casewatch demo` runs the real pipeline offline and shows alerts and history."""

from __future__ import annotations

import subprocess
import sys


def test_demo_tour(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "casewatch", "demo", "--dir", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    baseline, _, rest = out.partition("2. The pages change")
    assert "(no alerts sent)" in baseline  # the first check is silent
    alerts, _, history = rest.partition("3. The history")
    assert "4 alerts arrived" in alerts
    assert (
        "Kalesnikava: status changed: charged (Article 361) → sentenced (11 years, penal colony)"
        in alerts
    )
    assert "page removed (HTTP 404)" in alerts
    assert "goal 1,000 reached" in alerts
    # The moved deadline and its reminder are one alert, not two.
    assert "action deadline moved" in alerts and "(in 2 days)" in alerts
    assert "News (Russian)" not in alerts  # only its day counter changed
    assert "page_removed" in history and "deadline_near" in history
    assert (tmp_path / "demo" / "casewatch-demo.db").exists()
