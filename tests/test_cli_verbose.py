"""-v shows casewatch's own account of a cycle (which sources are due, each
check's outcome, each alert), the default shows none of it, and the daemon
says it has started without -v."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess

PAGE = "<html><body><article><p>{text}</p></article></body></html>"


def test_verbose_run_tells_what_it_checks(workspace, site) -> None:
    workspace.write_local_config(
        f"""
        [[people]]
        name = "Maryia Kalesnikava"
        [[sources]]
        name = "UA 147.20"
        url = "{site.url("/ua")}"
        [[sources]]
        name = "Gone"
        url = "{site.url("/gone")}"
        interval = "1w"
        [[channels]]
        name = "nowhere"
        url = "json://127.0.0.1:1/alerts"
        """
    )
    site.put("/ua", PAGE.format(text="Maryia Kalesnikava was detained."))
    site.put("/gone", PAGE.format(text="Quiet."))
    quiet = workspace.cli("run")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""  # the default shows no log lines
    site.put("/ua", PAGE.format(text="Maryia Kalesnikava was sentenced to 11 years."))
    verbose = workspace.cli("-v", "run", "--source", "UA 147.20")
    assert verbose.returncode == 1  # the alert cannot go
    log = verbose.stderr
    assert "checking 1 of 2 sources (named with --source): UA 147.20" in log
    # Each line starts with its time in UTC, ISO 8601 with the offset.
    first = log.splitlines()[0].split(" ", 1)[0]
    assert first.endswith("+00:00") and "T" in first, first
    assert dt.datetime.fromisoformat(first).utcoffset() == dt.timedelta(0)
    assert "checked UA 147.20: changed (HTTP 200) in " in log
    assert "status_changed" in log
    assert "alert 1 to nowhere failed: " in log
    assert "not due: Gone" not in log  # that is for -vv
    assert "not due: Gone" in workspace.cli("-vv", "run").stderr


def test_the_daemon_says_it_has_started(workspace, site, tmp_path) -> None:
    workspace.write_config(
        f"""
        [database]
        url = "sqlite:///{tmp_path / "casewatch.db"}"
        [[sources]]
        name = "UA"
        url = "{site.url("/ua")}"
        """
    )
    site.put("/ua", PAGE.format(text="Quiet."))
    daemon = subprocess.Popen(
        workspace.command("daemon"),
        env=workspace.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = daemon.stderr.readline() if daemon.stderr else ""
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.communicate(timeout=90)
    assert line.startswith("casewatch daemon: watching 1 source (config ")
    assert str(workspace.config_path) in line and "SIGTERM" in line
