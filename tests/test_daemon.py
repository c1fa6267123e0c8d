"""`casewatch daemon` runs a cycle at once, then stops cleanly on SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import time

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from casewatch.db.engine import make_engine
from casewatch.db.models import Check


def test_daemon_cycles_until_sigterm(workspace, site) -> None:
    site.put("/ua", "<html><body><p>Maryia Kalesnikava was detained.</p></body></html>")
    workspace.write_config(
        f"""
        [crawl]
        delay = "0s"
        [[people]]
        name = "Maryia Kalesnikava"
        [[sources]]
        name = "ua"
        url = "{site.url("/ua")}"
        """
    )
    daemon = subprocess.Popen(
        workspace.command("daemon"),
        env=workspace.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _checks(workspace):
            time.sleep(0.5)
        assert _checks(workspace) == 1
        daemon.send_signal(signal.SIGTERM)
        _, stderr = daemon.communicate(timeout=30)
    finally:
        daemon.kill()
    assert daemon.returncode == 0, stderr
    assert "received SIGTERM" in stderr and "daemon stopped" in stderr


def _checks(workspace) -> int:
    # A bare engine: the daemon's cycle, not this test, creates the schema.
    engine = make_engine(f"sqlite:///{workspace.folder / 'casewatch.db'}")
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(Check))
    except OperationalError:  # no tables yet
        return 0
    finally:
        engine.dispose()
