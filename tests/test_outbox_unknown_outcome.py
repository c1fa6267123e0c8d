"""A send whose outcome is unknown (the service read the alert, then did not
answer in time or dropped the connection) is retried as a possible repeat,
by the next ``casewatch run`` process too, and ``alerts pending`` says what
happened; a send that cannot have arrived (connection refused, an HTTP error
status, an SMTP refusal with a reply code) is retried unmarked.

Real receivers on 127.0.0.1: a JSON webhook and aiosmtpd. The channels set
short timeouts (``rto``/``cto`` of 2 s) and the slow receivers answer after
4 s, as the QA pass's 40 s receiver did after Apprise's 4 s."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import select

from casewatch.alerts.sender import READ_TIMEOUT, with_read_timeout
from casewatch.db.models import Alert

SLOW = 4  # seconds a slow receiver takes to answer, after reading the alert
TIMEOUT = 2  # the channels' read (HTTP) or socket (SMTP) timeout in these tests
MAYBE = "the service may have received it"


class Webhook:
    """A JSON webhook on 127.0.0.1 that reads each POST (kept in ``posts``),
    then acts as ``behaviours`` says in turn (the last one repeats): ``slow``
    answers 200 after ``SLOW`` seconds, ``drop`` closes the connection
    unanswered, a number is the HTTP status to answer at once."""

    def __init__(self, behaviours: list[str | int], port: int = 0) -> None:
        self.behaviours = behaviours
        self.posts: list[dict[str, Any]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _WebhookHandler)
        self.server.daemon_threads = True
        self.server.hook = self  # type: ignore[attr-defined]

    def url(self, query: str = "") -> str:
        host, port = self.server.server_address[:2]
        return f"json://{host}:{port}/alerts{query}"

    def next_behaviour(self, body: bytes) -> str | int:
        self.posts.append(json.loads(body))
        return self.behaviours[min(len(self.posts), len(self.behaviours)) - 1]

    def __enter__(self) -> Webhook:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class _WebhookHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        behaviour = self.server.hook.next_behaviour(self.rfile.read(length))  # type: ignore[attr-defined]
        if behaviour == "drop":
            self.close_connection = True
            return
        if behaviour == "slow":
            time.sleep(SLOW)
        try:
            self.send_response(200 if behaviour == "slow" else int(behaviour))
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        except OSError:
            pass  # the client gave up waiting

    def log_message(self, format: str, *args: Any) -> None:
        pass


def alert_rows(workspace) -> list[Alert]:
    with workspace.app().sessions() as session:
        return list(session.scalars(select(Alert).order_by(Alert.id)))


def pending_row(workspace, channel: str) -> str:
    listed = workspace.cli("alerts", "pending")
    assert listed.returncode == 0, listed.stderr
    [row] = [line for line in listed.stdout.splitlines() if channel in line]
    return row


@pytest.mark.parametrize(
    ("behaviour", "said"),
    [
        ("slow", f"no answer within {TIMEOUT} s; {MAYBE}"),
        ("drop", f"the connection dropped before the service answered; {MAYBE}"),
    ],
)
def test_a_webhook_that_read_the_alert_but_did_not_answer_gets_a_marked_repeat(
    workspace, database_url, alerts_config, alerted_event, behaviour: str, said: str
):
    with Webhook([behaviour, 200]) as hook:
        alerts_config(workspace, database_url, {"hook": hook.url(f"?rto={TIMEOUT}")})
        alerted_event(workspace.app(), ["hook"])

        first = workspace.cli("run")
        assert first.returncode == 1, first.stderr
        assert said in pending_row(workspace, "hook")
        [alert] = alert_rows(workspace)
        assert (alert.status, alert.possible_repeat, alert.last_error) == ("pending", True, said)

        second = workspace.cli("run")  # another process: the mark was stored
        assert second.returncode == 0, second.stderr
        assert workspace.cli("run").returncode == 0
    assert [p["title"].startswith("[possible repeat] ") for p in hook.posts] == [False, True]
    assert hook.posts[0]["title"] in hook.posts[1]["title"]
    [alert] = alert_rows(workspace)
    assert (alert.status, alert.attempts) == ("delivered", 2)


@pytest.mark.parametrize("failure", ["refused", 503])
def test_a_webhook_that_cannot_have_the_alert_gets_it_again_unmarked(
    workspace, tmp_path, closed_port, alerts_config, alerted_event, failure
):
    url = f"json://127.0.0.1:{closed_port}/alerts"
    alerts_config(workspace, f"sqlite:///{tmp_path / 'casewatch.db'}", {"hook": url})
    alerted_event(workspace.app(), ["hook"])
    behaviours: list[str | int] = [200]
    if failure == "refused":  # nothing listens on the port yet
        assert workspace.cli("run").returncode == 1
        assert "Connection error" in pending_row(workspace, "hook")
    else:
        behaviours.insert(0, failure)
    with Webhook(behaviours, port=closed_port) as hook:
        if failure != "refused":
            assert workspace.cli("run").returncode == 1
        assert MAYBE not in pending_row(workspace, "hook")
        assert workspace.cli("run").returncode == 0
    assert hook.posts and not any("possible repeat" in p["title"] for p in hook.posts)
    [alert] = alert_rows(workspace)
    assert (alert.status, alert.possible_repeat, alert.attempts) == ("delivered", False, 2)


class ScanningMailbox:
    """An SMTP server that reads each message, then answers DATA as
    ``answers`` says in turn (the last one repeats): ``slow`` is 250 after
    ``SLOW`` seconds (content scanning), else the reply to give at once."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = answers
        self.subjects: list[str] = []
        self.refused: set[str] = set()  # recipients refused at RCPT TO

    async def handle_RCPT(
        self, server: object, session: object, envelope: Any, address: str, options: list
    ) -> str:
        if address in self.refused:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        text = envelope.content.decode("utf-8", "replace")
        self.subjects.append(next(line for line in text.splitlines() if line.startswith("Subj")))
        answer = self.answers[min(len(self.subjects), len(self.answers)) - 1]
        if answer == "slow":
            await asyncio.sleep(SLOW)
            return "250 OK"
        return answer


@pytest.fixture
def scanning_smtp(closed_port: int) -> Iterator[tuple[ScanningMailbox, str]]:
    """(the server, a channel URL for it) with a ``TIMEOUT`` s socket timeout."""
    box = ScanningMailbox(["slow", "250 OK"])
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=closed_port,
        authenticator=lambda *_: AuthResult(success=True),
        auth_require_tls=False,
    )
    controller.start()
    url = (
        f"mailto://alerts:pw-0000@127.0.0.1:{closed_port}"
        f"?from=casewatch@example.org&to=staff@example.org&cto={TIMEOUT}"
    )
    try:
        yield box, url
    finally:
        controller.stop()


def test_a_mail_server_slow_to_answer_data_gets_a_marked_repeat(
    workspace, database_url, scanning_smtp, alerts_config, alerted_event
):
    box, url = scanning_smtp
    alerts_config(workspace, database_url, {"mail": url})
    alerted_event(workspace.app(), ["mail"])

    assert workspace.cli("run").returncode == 1
    said = f"no answer within {TIMEOUT} s from the mail server; {MAYBE}"
    assert said in pending_row(workspace, "mail")
    assert workspace.cli("run").returncode == 0
    assert workspace.cli("run").returncode == 0
    assert len(box.subjects) == 2
    assert "[possible repeat]" not in box.subjects[0]
    assert "[possible repeat]" in box.subjects[1]


def test_a_mail_server_that_refuses_the_message_gets_it_again_unmarked(
    workspace, tmp_path, scanning_smtp, alerts_config, alerted_event
):
    box, url = scanning_smtp
    box.answers = ["554 5.7.1 looks like spam", "250 OK"]
    alerts_config(workspace, f"sqlite:///{tmp_path / 'casewatch.db'}", {"mail": url})
    alerted_event(workspace.app(), ["mail"])

    assert workspace.cli("run").returncode == 1
    assert MAYBE not in pending_row(workspace, "mail")
    assert workspace.cli("run").returncode == 0
    assert len(box.subjects) == 2
    assert not any("[possible repeat]" in s for s in box.subjects)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("json://127.0.0.1/x", f"json://127.0.0.1/x?rto={READ_TIMEOUT}"),
        ("mailto://a:b@h?to=s@x.org", f"mailto://a:b@h?to=s@x.org&rto={READ_TIMEOUT}"),
        ("slack://T/B/X/#cases?blocks=yes", f"slack://T/B/X/#cases?blocks=yes&rto={READ_TIMEOUT}"),
        ("json://127.0.0.1/x?RTO=60", "json://127.0.0.1/x?RTO=60"),  # the user's own
        ("json://127.0.0.1/x?cto=9&rto=2", "json://127.0.0.1/x?cto=9&rto=2"),
    ],
)
def test_channels_wait_longer_than_apprise_unless_their_url_says(url: str, expected: str):
    assert with_read_timeout(url) == expected


def test_a_message_that_reached_some_recipients_is_a_possible_repeat(
    workspace, tmp_path, scanning_smtp, alerts_config, alerted_event
):
    box, url = scanning_smtp
    box.answers, box.refused = ["250 OK"], {"gone@example.org"}
    url = url.replace("to=staff@example.org", "to=staff@example.org,gone@example.org")
    alerts_config(workspace, f"sqlite:///{tmp_path / 'casewatch.db'}", {"mail": url})
    alerted_event(workspace.app(), ["mail"])

    assert workspace.cli("run").returncode == 1
    row = pending_row(workspace, "mail")
    assert 'Sending email to "gone@example.org" failed; some recipients got it' in row
    box.refused.clear()
    assert workspace.cli("run").returncode == 0
    assert ["[possible repeat]" in s for s in box.subjects] == [False, True, True]
