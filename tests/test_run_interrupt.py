"""Ctrl-C (SIGINT) or SIGTERM during `casewatch run`, against real servers on
127.0.0.1: an interrupted check is no failure of its site. The checks in
flight are not recorded (nor counted towards failures_before_alert), those
recorded before stay, their alerts go exactly once with the next run, and
the run exits 128 + the signal's number (130, 143)."""

from __future__ import annotations

import signal
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest
from sqlalchemy import func, select

from casewatch.db.models import Alert, Check, Event, Source

DETAINED = "<html><body><p>Maryia Kalesnikava was detained in Minsk.</p></body></html>"
SENTENCED = (
    "<html><body><p>Maryia Kalesnikava was sentenced to 11 years "
    "in a penal colony.</p></body></html>"
)
DRIP = b"<html><body><p>Viktar Babaryka is held in a penal colony.</p></body></html>"


class Drip:
    """``/drip`` answers at once, or, while ``slow``, sends its headers and
    then a few bytes at a time for a minute (a server that drip-feeds)."""

    def __init__(self, loopback) -> None:
        self.slow = False
        self.started = threading.Event()  # a slow answer has begun
        self.server = loopback(self.answer)

    def url(self) -> str:
        return self.server.url("/drip")

    def answer(self, request: BaseHTTPRequestHandler) -> None:
        if request.path != "/drip":
            self.server.respond(request, 404, headers={"Content-Length": "0"})
            return
        slow = self.slow
        length = 100_000 if slow else len(DRIP)
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(length)}
        self.server.respond(request, 200, b"" if slow else DRIP, headers)
        if not slow:
            return
        self.started.set()
        try:
            for _ in range(300):
                request.wfile.write(b"<p>.</p>")
                request.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # the client went away


@pytest.fixture
def drip(loopback) -> Drip:
    return Drip(loopback)


def _count(workspace, what, *where) -> int:
    with workspace.app().sessions() as session:
        return session.scalar(select(func.count()).select_from(what).where(*where)) or 0


def _ua_checks(workspace) -> int:
    return _count(workspace, Check, Check.source_id == Source.id, Source.name == "ua")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_run_records_no_failure_and_loses_nothing(
    workspace, site, drip, signum
) -> None:
    site.put("/ua", DETAINED)
    workspace.write_local_config(
        f"""
        [[people]]
        name = "Maryia Kalesnikava"
        [[sources]]
        name = "ua"
        url = "{site.url("/ua")}"
        [[sources]]
        name = "drip"
        url = "{drip.url()}"
        [[channels]]
        name = "staff"
        url = "json://127.0.0.1:{site.base_url.rsplit(":", 1)[1]}/alerts"
        """,
        crawl="failures_before_alert = 1",
    )
    assert workspace.cli("run").returncode == 0  # the baseline of both

    site.put("/ua", SENTENCED)
    drip.slow = True
    run = workspace.start("run", "--all")
    try:
        assert drip.started.wait(60), "the slow answer never began"
        deadline = time.monotonic() + 60
        while _ua_checks(workspace) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)  # the quick page, checked and recorded first
        run.send_signal(signum)
        out, err = run.communicate(timeout=30)
    finally:
        run.kill()

    assert run.returncode == 128 + signum, (out, err)
    assert f"interrupted by {signal.Signals(signum).name}: 1 check recorded" in err
    assert "Traceback" not in err
    # The check in flight is not on record, and nothing counts against its site.
    drip_checks = [Check.source_id == Source.id, Source.name == "drip"]
    assert _count(workspace, Check, *drip_checks, Check.outcome == "failed") == 0
    assert _count(workspace, Source, Source.consecutive_failures > 0) == 0
    assert _count(workspace, Event, Event.kind == "source_failing") == 0
    # The check recorded before the signal stays, its alert waits for the next run.
    assert _count(workspace, Event, Event.kind == "status_changed") == 1
    assert _count(workspace, Alert, Alert.status == "pending") == 1
    assert site.posts == []

    drip.slow = False
    again = workspace.cli("run", "--all")
    assert again.returncode == 0, again.stderr
    assert len(site.posts) == 1 and "sentenced" in str(site.posts[0][1])  # exactly once
    assert _count(workspace, Event, Event.kind == "source_failing") == 0
    assert _count(workspace, Check, *drip_checks) == 2  # baseline, then unchanged
