"""The outbox in process, against real services on 127.0.0.1 and a
controlled clock: backoff and dead alerts, Slack payloads, daily digests."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import apprise.plugins.slack
import pytest
from sqlalchemy import select

from casewatch.alerts.digest import DigestPolicy, render_digest
from casewatch.alerts.message import sample_event
from casewatch.alerts.outbox import Outbox, retry_wait
from casewatch.alerts.templates import BODY_LIMIT, Renderer
from casewatch.app import App
from casewatch.config import Settings
from casewatch.config.durations import parse_duration
from casewatch.db.models import Alert

T0 = dt.datetime(2024, 3, 10, 10, 0, tzinfo=dt.UTC)  # 13:00 in Minsk
SLACK_URL = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#cases"


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def outbox(app: App, clock: Clock) -> Outbox:
    return Outbox(app.config, app.sessions, app.renderer, now=clock)


def alerts(app: App) -> dict[int, Alert]:
    with app.sessions() as session:
        return {a.id: a for a in session.scalars(select(Alert))}


def test_backoff_is_honoured_by_the_daemon_not_by_run_then_dead(
    workspace, database_url, down_mailbox, alerts_config, alerted_event
):
    alerts_config(
        workspace,
        database_url,
        {"mail": down_mailbox.url(password="pw-0000")},
        extra='[alerts]\ngive_up_after = "1h"\nretry_backoff = "1m"',
    )
    app, clock = workspace.app(), Clock(T0)
    [alert_id] = alerted_event(app, ["mail"], when=T0)
    box = outbox(app, clock)

    assert box.deliver(respect_backoff=True).failed == [alert_id]
    assert alerts(app)[alert_id].next_attempt_at == T0 + dt.timedelta(minutes=1)
    assert alerts(app)[alert_id].failing_since == T0

    clock.now = T0 + dt.timedelta(seconds=59)
    report = box.deliver(respect_backoff=True)  # the daemon waits out the backoff
    assert (report.failed, report.dead) == ([], [])
    assert alerts(app)[alert_id].attempts == 1

    assert box.deliver(respect_backoff=False).failed == [alert_id]  # `run` retries now
    assert alerts(app)[alert_id].next_attempt_at == clock.now + dt.timedelta(minutes=2)

    # Many quick runs count attempts, but a count never kills an alert.
    for _ in range(30):
        assert box.deliver(respect_backoff=False).failed == [alert_id]
    pending = alerts(app)[alert_id]
    assert (pending.status, pending.attempts, pending.failing_since) == ("pending", 32, T0)
    assert pending.next_attempt_at == clock.now + dt.timedelta(hours=1)  # the ceiling

    clock.now = T0 + dt.timedelta(hours=1)  # failing for exactly the period: not longer
    assert box.deliver().failed == [alert_id]
    clock.now += dt.timedelta(seconds=1)
    assert box.deliver().dead == [alert_id]
    dead = alerts(app)[alert_id]
    assert (dead.status, dead.attempts) == ("dead", 34)
    assert "Connection error" in dead.last_error
    assert "pw-0000" not in dead.last_error

    report = box.deliver(respect_backoff=False)  # dead is final
    assert (report.delivered, report.failed, report.dead) == ([], [], [])


@pytest.mark.parametrize(
    ("first", "attempts", "wait"),
    [
        ("1m", 1, dt.timedelta(minutes=1)),
        ("1m", 4, dt.timedelta(minutes=8)),
        ("1m", 7, dt.timedelta(hours=1)),
        ("1m", 10_000, dt.timedelta(hours=1)),  # no overflow after a week of runs
        ("2h", 3, dt.timedelta(hours=2)),  # a first wait past the ceiling is kept
    ],
)
def test_retry_wait_doubles_up_to_a_ceiling(first: str, attempts: int, wait: dt.timedelta):
    assert retry_wait(parse_duration(first), attempts) == wait


class StatusSequence:
    """An HTTP endpoint answering POSTs with the given statuses in turn
    (the last one repeats), keeping each JSON body."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.posts: list[tuple[str, Any]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                endpoint.posts.append((self.path, json.loads(raw)))
                status = endpoint.statuses[min(len(endpoint.posts), len(endpoint.statuses)) - 1]
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def slack_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[StatusSequence]:
    """Apprise's real Slack plugin, posting to 127.0.0.1 instead of hooks.slack.com."""
    endpoint = StatusSequence([500, 200])
    thread = threading.Thread(target=endpoint.server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(apprise.plugins.slack.NotifySlack, "webhook_url", endpoint.url("/services"))
    yield endpoint
    endpoint.server.shutdown()
    endpoint.server.server_close()


def test_slack_gets_escaped_text_after_a_server_error(
    workspace, database_url, slack_endpoint, alerts_config, alerted_event
):
    alerts_config(workspace, database_url, {"slack": SLACK_URL})
    app, clock = workspace.app(), Clock(T0)
    [alert_id] = alerted_event(
        app, ["slack"], summary="Sentenced to 11 years <!channel> @here see <b>this</b>", when=T0
    )
    box = outbox(app, clock)

    assert box.deliver().failed == [alert_id]  # Slack answered 500
    assert alerts(app)[alert_id].status == "pending"
    assert box.deliver().delivered == [alert_id]
    assert box.deliver().delivered == []  # delivered means never again

    assert len(slack_endpoint.posts) == 2
    path, payload = slack_endpoint.posts[-1]
    assert path == "/services/T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"
    assert payload["channel"] == "#cases"
    text = json.dumps(payload, ensure_ascii=False)
    assert "Sentenced to 11 years" in text
    assert "Kalesnikava" in text
    for ping in ("<!channel>", "@here", "<b>"):
        assert ping not in text
    delivered = alerts(app)[alert_id]
    assert (delivered.status, delivered.attempts, delivered.last_error) == ("delivered", 2, None)


def body_of(mail: EmailMessage) -> str:
    return mail.get_body(("html", "plain")).get_content()


def summary_of(mail: EmailMessage) -> str:
    """Which test event a mail is about (each is summarised "event NAME")."""
    return re.search(r"event [a-z_]+( \dd)?", body_of(mail)).group()


DIGEST_CONFIG = """
[alerts]
timezone = "Europe/Minsk"
remind_before = ["3d", "1d"]
digest = "daily"
digest_hour = 8
"""


def test_digest_holds_routine_alerts_until_the_hour_and_sends_one_message(
    workspace, database_url, smtp, alerts_config, alerted_event
):
    chat_url = smtp.url().replace("to=staff@", "to=chat@")
    alerts_config(workspace, database_url, {"mail": smtp.url()}, extra=DIGEST_CONFIG)
    # A channel that opts out of the digest gets everything at once.
    workspace.config_path.write_text(
        workspace.config_path.read_text()
        + f'[[channels]]\nname = "chat"\nurl = "{chat_url}"\ndigest = "off"\n'
    )
    app, clock = workspace.app(), Clock(T0)
    events = {
        "page_changed": {},
        "new_mention": {},
        "deadline_near 3d": {"threshold": "3d"},
        "status_changed": {},
        "deadline_near 1d": {"threshold": "1d"},  # the last reminder: urgent
    }
    ids = {
        name: alerted_event(
            app, ["mail", "chat"], summary=f"event {name}", kind=name.split()[0], details=d, when=T0
        )[0]
        for name, d in events.items()
    }
    box = outbox(app, clock)

    box.deliver()
    to_mail = [m for m in smtp.messages if m["To"] == "staff@example.org"]
    assert len(smtp.messages) - len(to_mail) == 5
    assert sorted(summary_of(m) for m in to_mail) == [
        "event deadline_near 1d",
        "event status_changed",
    ]
    next_digest = dt.datetime(2024, 3, 11, 5, 0, tzinfo=dt.UTC)  # 08:00 in Minsk
    held = {ids[n] for n in ("page_changed", "new_mention", "deadline_near 3d")}
    rows = alerts(app)
    assert {i for i, a in rows.items() if a.status == "held"} == held
    assert {rows[i].next_attempt_at for i in held} == {next_digest}

    clock.now = next_digest - dt.timedelta(seconds=1)
    assert box.deliver(respect_backoff=False).delivered == []  # `run` waits for the hour too

    clock.now = next_digest
    assert sorted(box.deliver(respect_backoff=True).delivered) == sorted(held)
    digest = smtp.messages[-1]
    assert digest["Subject"] == "casewatch digest: 3 alerts"
    body = body_of(digest)
    for name in ("page_changed", "new_mention", "deadline_near 3d"):
        assert f"event {name}" in body
    assert len(smtp.messages) == 8
    assert {rows.delivered_at for rows in alerts(app).values() if rows.id in held} == {next_digest}
    assert box.deliver().delivered == []


@pytest.mark.parametrize(
    ("local_time", "expected"),
    [
        ("2024-03-10T07:59:00+03:00", "2024-03-10T08:00:00+03:00"),
        ("2024-03-10T08:00:00+03:00", "2024-03-10T08:00:00+03:00"),
        ("2024-03-10T08:00:01+03:00", "2024-03-11T08:00:00+03:00"),
        ("2024-03-10T23:30:00+03:00", "2024-03-11T08:00:00+03:00"),
    ],
)
def test_next_digest_time_is_the_next_local_hour(local_time: str, expected: str):
    settings = Settings.model_validate({"alerts": {"timezone": "Europe/Minsk", "digest_hour": 8}})
    policy = DigestPolicy(settings)
    got = policy.next_time(dt.datetime.fromisoformat(local_time))
    assert got == dt.datetime.fromisoformat(expected)
    assert got.tzinfo == dt.UTC


def test_digest_next_time_keeps_the_local_hour_across_dst():
    settings = Settings.model_validate(
        {"alerts": {"timezone": "Europe/Berlin", "digest_hour": 8, "digest": "daily"}}
    )
    before_switch = dt.datetime(2024, 3, 30, 12, 0, tzinfo=dt.UTC)  # CET; next day is CEST
    assert DigestPolicy(settings).next_time(before_switch) == dt.datetime(
        2024, 3, 31, 6, 0, tzinfo=dt.UTC
    )


def test_a_large_digest_is_bounded_and_says_how_many_more() -> None:
    views = [sample_event("page_changed")] * 200
    message = render_digest(Renderer(), views, "html", "UTC")
    assert message.title == "casewatch digest: 200 alerts"
    assert len(message.body) <= BODY_LIMIT + 300  # separators and the "more" line
    shown = message.body.count("<h3>")
    assert 0 < shown < 200
    assert f"and {200 - shown} more" in message.body


class HeldMailbox:
    """Holds every message at the SMTP server until ``release`` is set."""

    def __init__(self, box) -> None:
        self.store = box.handle_DATA
        self.arrived = threading.Event()
        self.release = threading.Event()
        box.handle_DATA = self.handle_DATA

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.arrived.set()
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
        return await self.store(server, session, envelope)


def test_channels_are_sent_to_in_parallel_each_alert_once(
    workspace, database_url, down_mailbox, start_smtp, smtp, alerts_config, alerted_event
):
    """A slow mail server holds its channel's send; the other channel's
    alerts are delivered meanwhile, not after it."""
    slow = HeldMailbox(down_mailbox)
    start_smtp(down_mailbox)
    alerts_config(workspace, database_url, {"slow": down_mailbox.url(), "fast": smtp.url()})
    app = workspace.app()
    ids = [alerted_event(app, ["slow", "fast"], summary=f"event {n}") for n in range(3)]
    box = Outbox(app.config, app.sessions, app.renderer)
    fast_done, store = threading.Event(), smtp.handle_DATA

    async def count(server: object, session: object, envelope: object) -> str:
        answer = await store(server, session, envelope)
        if len(smtp.messages) == 3:
            fast_done.set()
        return answer

    smtp.handle_DATA = count
    delivering = threading.Thread(target=lambda: reports.append(box.deliver()))
    reports: list = []
    delivering.start()
    try:
        assert slow.arrived.wait(60), "the slow channel was never sent to"
        # The fast channel finishes while the slow one still waits.
        assert fast_done.wait(60), "the fast channel waited for the slow one"
        assert len(smtp.messages) == 3 and not down_mailbox.messages
    finally:
        slow.release.set()
        delivering.join(60)
    assert sorted(reports[0].delivered) == sorted(i for pair in ids for i in pair)
    assert len(down_mailbox.messages) == 3
    assert box.deliver().delivered == []
    assert {(a.status, a.attempts) for a in alerts(app).values()} == {("delivered", 1)}
