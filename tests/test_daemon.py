"""`casewatch daemon` keeps time: each source at its own interval, the config
read again when it changes, alerts retried with the current channels, and a
clean stop on SIGTERM, across many cycles on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
import schedule
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from casewatch.config import load_config
from casewatch.daemon import (
    HOUSEKEEPING_EVERY,
    MAX_JITTER,
    REPLAN_EVERY,
    jitter,
    plan,
    run_jobs,
)
from casewatch.db.engine import make_engine
from casewatch.db.models import HELD, Alert, Check, Source

PAGE = "<html><body><p>Maryia Kalesnikava was detained.</p></body></html>"


@contextmanager
def running_daemon(workspace, *options: str) -> Iterator[Callable[[], str]]:
    """Starts the daemon (with these global options); yields a function that
    stops it with SIGTERM (then calls ``then``) and returns its stderr,
    asserting a clean exit."""
    log = workspace.folder / "daemon.log"
    with open(log, "w") as stderr:
        daemon = subprocess.Popen(
            workspace.command(*options, "daemon"),
            env=workspace.env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )

        def stop(then: Callable[[], object] = lambda: None) -> str:
            daemon.send_signal(signal.SIGTERM)
            then()  # while the daemon is stopping
            assert daemon.wait(timeout=90) == 0, log.read_text()
            return log.read_text()

        try:
            yield stop
        finally:
            daemon.kill()
            daemon.wait()


def wait_for(condition: Callable[[], bool], timeout: float = 120) -> None:
    """Polls until ``condition`` holds (a generous bound: the machine may be busy)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.5)


def checks(database_url: str) -> dict[str, int]:
    """Checks per source, read with a bare engine (the daemon's cycles create
    the schema, not this test)."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(Source.name, func.count(Check.id))
                .join(Check, Check.source_id == Source.id)
                .group_by(Source.name)
            )
            return {name: value for name, value in rows}
    except SQLAlchemyError:  # no tables yet
        return {}
    finally:
        engine.dispose()


def source(name: str, url: str, interval: str) -> str:
    return f'[[sources]]\nname = "{name}"\nurl = "{url}"\ninterval = "{interval}"\n'


def test_daemon_keeps_each_sources_interval_and_follows_the_config(
    workspace, site, database_url
) -> None:
    site.put("/fast", PAGE)
    site.put("/slow", PAGE)
    site.put("/new", PAGE)
    head = f'[database]\nurl = "{database_url}"\n[crawl]\ndelay = "0s"\n'
    workspace.write_config(
        head + source("fast", site.url("/fast"), "10s") + source("slow", site.url("/slow"), "1h")
    )
    with running_daemon(workspace, "-v") as stop:  # the start line is INFO
        # At least three cycles: the 10 s source about every 10 s, the 1 h one once.
        wait_for(lambda: checks(database_url).get("fast", 0) >= 3)
        assert checks(database_url)["slow"] == 1
        # A source added to the running daemon's config is checked, no restart needed.
        workspace.write_config(
            head
            + source("fast", site.url("/fast"), "1h")
            + source("slow", site.url("/slow"), "1h")
            + source("new", site.url("/new"), "1h")
        )
        wait_for(lambda: checks(database_url).get("new", 0) == 1)
        stderr = stop()
    assert "received SIGTERM" in stderr and "daemon stopped" in stderr
    # Ordinary paths are not secrets.
    assert f"daemon started (config {workspace.config_path})" in stderr
    assert checks(database_url)["slow"] == 1


def test_a_broken_config_edit_leaves_the_previous_config_in_use(workspace, site) -> None:
    """The daemon says the previous config stays in use: so do its cycles,
    which would otherwise read the broken file and check nothing."""
    site.put("/ua", PAGE)
    config = f'[crawl]\ndelay = "0s"\n{source("ua", site.url("/ua"), "10s")}'
    workspace.write_config(config)
    database = f"sqlite:///{workspace.folder / 'casewatch.db'}"
    with running_daemon(workspace) as stop:
        wait_for(lambda: checks(database).get("ua") == 1)
        workspace.write_config(config + "[crawl\n")  # a half-typed edit
        wait_for(lambda: checks(database).get("ua", 0) >= 3)
        stderr = stop()
    assert "config not reloaded, the previous one stays in use" in stderr
    assert "not valid TOML" in stderr
    assert "cycle ended with exit code" not in stderr, stderr


def test_alert_retries_use_the_current_channels(workspace, site, smtp, alerted_event) -> None:
    """Issue 7, fault 6: an alert for a channel added after the daemon started
    is delivered, not declared dead for want of the channel."""
    site.put("/ua", PAGE)
    head = source("ua", site.url("/ua"), "1h")
    workspace.write_config(head)
    with running_daemon(workspace, "--log-format", "json") as stop:
        database = f"sqlite:///{workspace.folder / 'casewatch.db'}"
        wait_for(lambda: checks(database).get("ua") == 1)
        # Recorded for a channel the daemon's first config lacks; due once the
        # daemon has seen the new config (it looks every 5 s).
        when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=8)
        (alert_id,) = alerted_event(workspace.app(), ["staff"], when=when)
        channel = f'[[channels]]\nname = "staff"\nurl = "{smtp.url()}"\n'
        workspace.write_config(head + channel)
        wait_for(lambda: len(smtp.messages) == 1)
        stderr = stop()
    # --log-format json: every line is one JSON object.
    lines = [json.loads(line) for line in stderr.splitlines()]
    assert any(line["message"].startswith("config reloaded") for line in lines), lines
    assert "mail-pass-0000" not in stderr
    with workspace.app().sessions() as session:
        assert session.get(Alert, alert_id).status == "delivered"


def cycle_running(workspace) -> bool:
    """Whether a daemon's cycle is running: its ``run`` child, given the config
    on stdin (Linux: the command lines in /proc)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with suppress(OSError):
            args = cmdline.read_bytes().split(b"\0")
            if b"--config-on-stdin" in args and bytes(workspace.config_path) in args:
                return True
    return False


@pytest.mark.parametrize("digest", [False, True])
def test_an_alert_another_process_records_is_sent_within_a_replan(
    workspace, site, smtp, alerted_event, digest
) -> None:
    """The daemon plans again every REPLAN_EVERY (its schedule job), not only
    after a cycle or a config edit: an alert that another process (a ``run``
    from cron, ``alerts retry``) records while the daemon sleeps for an hour
    is sent within the minute; so is a digest whose hour comes (it waited
    for the hourly housekeeping cycle, up to an hour late)."""
    site.put("/ua", PAGE)
    channel = f'[[channels]]\nname = "staff"\nurl = "{smtp.url()}"\n'
    channel += 'digest = "daily"\n' if digest else ""
    workspace.write_config(source("ua", site.url("/ua"), "1h") + channel)
    database = f"sqlite:///{workspace.folder / 'casewatch.db'}"
    with running_daemon(workspace, "-v") as stop:
        wait_for(lambda: checks(database).get("ua") == 1)
        wait_for(lambda: not cycle_running(workspace))
        time.sleep(1)  # the daemon has planned: nothing for an hour
        app = workspace.app()
        [alert_id] = alerted_event(app, ["staff"])
        if digest:  # held for the channel's digest, whose hour is in a few seconds
            soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
            with app.sessions.begin() as session:
                alert = session.get(Alert, alert_id)
                alert.status, alert.next_attempt_at = HELD, soon
        wait_for(lambda: len(smtp.messages) == 1, timeout=REPLAN_EVERY.total_seconds() + 60)
        stderr = stop()
    assert stderr.count("cycle: due") == 1, stderr  # sent by the daemon's retry
    assert "alerts: 1 delivered, 0 dead" in stderr, stderr
    assert "config reloaded" not in stderr, stderr


class SlowPage(BaseHTTPRequestHandler):
    """Answers after the test says so: a cycle held in flight."""

    asked = threading.Event()
    answer = threading.Event()

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        type(self).asked.set()
        type(self).answer.wait(timeout=60)
        body = PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_sigterm_lets_the_cycle_in_flight_finish(workspace) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowPage)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/ua"
        workspace.write_config(source("ua", url, "1h"))
        database = f"sqlite:///{workspace.folder / 'casewatch.db'}"
        with running_daemon(workspace) as stop:
            assert SlowPage.asked.wait(timeout=120)  # the cycle is fetching
            stderr = stop(then=SlowPage.answer.set)  # SIGTERM mid-fetch, then the page answers
        assert "received SIGTERM: stopping once the cycle in flight ends" in stderr
        assert checks(database) == {"ua": 1}  # recorded before the daemon exited
    finally:
        server.shutdown()
        server.server_close()


def times(
    last: dt.datetime, not_before: dt.datetime | None = None, failures: int = 0
) -> SimpleNamespace:
    """A source's check times as the daemon reads them from its state row."""
    return SimpleNamespace(
        last_checked_at=last, consecutive_failures=failures, not_before=not_before
    )


def test_plan_wakes_for_the_next_due_source(workspace) -> None:
    workspace.write_config(
        source("a", "https://example.org/a", "10s") + source("b", "https://example.org/b", "6h")
    )
    config = load_config(workspace.config_path)
    now = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    never = plan(config, {}, None, None, {}, now)
    assert never.cycle_at == now and never.due == {"a", "b"}
    checked = {"a": times(now), "b": times(now)}
    after = plan(config, checked, None, now, {}, now)
    ten = dt.timedelta(seconds=10)
    assert now + ten <= after.cycle_at <= now + ten + jitter("a", now, ten) and after.due == {"a"}
    # A cycle that takes 3 s to start starts 3 s early.
    three = dt.timedelta(seconds=3)
    early = plan(config, checked, None, now, {}, now, lead=three)
    assert early.cycle_at == after.cycle_at - three
    # A source the last cycle left unchecked waits its turn; an alert retry
    # does not move the cycle.
    later = plan(config, checked, now + ten, now, {"a": now + 4 * ten}, now)
    assert later.cycle_at == now + 4 * ten and later.retry_at == now + ten
    # With nothing due for hours, the housekeeping cycle (reminders) still comes.
    # A server's Retry-After: not before the time it asked for.
    hour = dt.timedelta(hours=1)
    asked = plan(config, {"a": times(now, now + 2 * hour), "b": times(now)}, None, now, {}, now)
    assert asked.cycle_at == now + HOUSEKEEPING_EVERY and asked.due == frozenset()
    # ...and checked right after it.
    half = hour / 2
    soon = plan(config, {"a": times(now, now + half), "b": times(now)}, None, now, {}, now)
    assert soon.cycle_at == now + half and soon.due == {"a"}
    # With nothing due for hours, the housekeeping cycle (reminders) still comes.
    quiet = plan(config, {"a": times(now + 5 * hour), "b": times(now)}, None, now, {}, now)
    assert quiet.cycle_at == now + HOUSEKEEPING_EVERY and quiet.due == frozenset()


def test_plan_retries_a_failed_source_sooner_than_its_interval(workspace) -> None:
    """The daemon keeps the same retry backoff as ``run`` (casewatch/due.py):
    a 6-hourly source that failed is looked at again after 5 minutes, then 10."""
    workspace.write_config(source("b", "https://example.org/b", "6h"))
    config = load_config(workspace.config_path)
    now = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    five = dt.timedelta(minutes=5)
    for failures, wait in [(1, five), (2, 2 * five), (4, 8 * five)]:
        planned = plan(config, {"b": times(now, failures=failures)}, None, now, {}, now)
        assert now + wait <= planned.cycle_at <= now + wait + jitter("b", now, wait)
        assert planned.due == {"b"}


@pytest.mark.parametrize("interval", [dt.timedelta(seconds=10), dt.timedelta(days=7)])
def test_jitter_is_bounded_and_stable(interval: dt.timedelta) -> None:
    now = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    spread = {jitter(f"s{i}", now, interval) for i in range(20)}
    assert len(spread) > 1  # sources drift apart
    assert all(dt.timedelta(0) <= j <= min(interval / 10, MAX_JITTER) for j in spread)
    assert jitter("s1", now, interval) == jitter("s1", now, interval)


def test_the_schedule_jobs_run_when_the_local_clock_goes_back() -> None:
    """Schedule counts in naive local time: when DST ends, the 5 s config
    watch would next run in an hour and 5 s. It runs at once instead, and
    from then on at its period."""
    clock = schedule.Scheduler()
    ran: list[str] = []
    clock.every(5).seconds.do(ran.append, "config")
    clock.every(60).seconds.do(ran.append, "replan")
    run_jobs(clock)
    assert ran == []  # nothing due yet
    for job in clock.jobs:  # as if the clock had gone back an hour since
        job.next_run += dt.timedelta(hours=1)
    run_jobs(clock)
    assert ran == ["config", "replan"]
    assert 4 < (clock.idle_seconds or 0) <= 5
    run_jobs(clock)
    assert ran == ["config", "replan"]
