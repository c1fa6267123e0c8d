"""The run lock (exit 75) is released after every use, on SQLite and on
PostgreSQL, so the daemon's alert retries never leave later runs locked out."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import func, select, text

from casewatch.daemon import Daemon
from casewatch.db.lock import _ADVISORY_KEY, LockHeld
from casewatch.db.models import Alert, Check

PAGE = "<html><body><article><h1>Maryia Kalesnikava</h1><p>{news}</p></article></body></html>"


def advisory_locks(app) -> int:
    """Advisory locks on casewatch's key held by any session in this
    database (PostgreSQL; pg_locks lists every database's)."""
    query = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :key"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
    with app.engine.connect() as connection:
        return connection.scalar(query, {"key": _ADVISORY_KEY})


def test_lock_is_released_after_every_use_and_on_errors(workspace, database_url):
    workspace.write_config(f'[database]\nurl = "{database_url}"\n')
    app = workspace.app()
    app.sessions  # noqa: B018 - the schema exists before a second process looks
    for _ in range(5):
        with app.lock(), pytest.raises(LockHeld), app.lock():  # a second taker is refused
            pass
    with pytest.raises(RuntimeError), app.lock():
        raise RuntimeError("a cycle that fails half way")
    if app.engine.dialect.name == "postgresql":
        assert advisory_locks(app) == 0
    other_process = workspace.cli("run")
    assert other_process.returncode == 0, other_process.stderr
    with app.lock():
        locked_out = workspace.cli("run")
    assert locked_out.returncode == 75 and "nothing done" in locked_out.stderr


def test_runs_crawl_after_each_alert_retry_of_the_daemon(
    workspace, database_url, site, smtp, alerts_config, watched_page
):
    """The daemon's retry between cycles takes and drops the lock in its own
    process; every later `run` child must still get it and crawl."""
    site.put("/ua", PAGE.format(news="She was detained on 7 September."))
    alerts_config(
        workspace, database_url, {"staff-email": smtp.url()}, extra=watched_page(site.url("/ua"))
    )
    app = workspace.app()
    daemon = Daemon(app, argparse.Namespace(verbose=0, quiet=False, log_format="text"))
    news = ["sentenced to 11 years", "moved to a penal colony", "released"]
    for cycle, new in enumerate(["", *news]):
        if new:
            site.put("/ua", PAGE.format(news=f"She was {new}."))
        run = workspace.cli("run", "--all")
        assert run.returncode == 0, f"cycle {cycle}: exit {run.returncode}: {run.stderr}"
        daemon.retry_alerts()
    with app.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Check)) == 4
        assert {a.status for a in session.scalars(select(Alert))} == {"delivered"}
    assert len(smtp.messages) >= len(news)
    if app.engine.dialect.name == "postgresql":
        assert advisory_locks(app) == 0
