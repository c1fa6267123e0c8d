"""Each service's size limits: a long change goes to Slack (blocks) within
3,000 characters per section, showing what is new first, and a service that
still refuses a message as too large gets a shorter one, not the same again.

The CLI runs as a user would; Apprise's real Slack plugin posts to a local
stand-in that answers like Slack does (400 ``invalid_blocks``)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from casewatch.alerts.limits import SLACK_HEADER_TEXT, SLACK_SECTION_TEXT, Limits, fit
from casewatch.alerts.message import Message, sample_event
from casewatch.alerts.sender import Channel
from casewatch.alerts.templates import Renderer
from casewatch.db.models import Alert

SLACK_URL = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#cases?blocks=yes"
REDIRECT = Path(__file__).parent / "fixtures" / "slack_redirect"


class SlackStandIn:
    """Answers webhook posts as Slack does: 400 ``invalid_blocks`` when a
    section's text is longer than ``section_limit`` or the header than 150."""

    def __init__(self, section_limit: int = SLACK_SECTION_TEXT) -> None:
        self.section_limit = section_limit
        self.posts: list[tuple[dict[str, Any], bool]] = []  # payload, accepted
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/services"

    def accepts(self, payload: dict[str, Any]) -> bool:
        blocks = [b for a in payload.get("attachments", []) for b in a.get("blocks", [])]
        for block in blocks:
            text = block.get("text", {}).get("text", "")
            if block["type"] == "section" and len(text) > self.section_limit:
                return False
            if block["type"] == "header" and len(text) > SLACK_HEADER_TEXT:
                return False
        return True

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                payload = json.loads(raw)
                accepted = stand_in.accepts(payload)
                stand_in.posts.append((payload, accepted))
                answer = b"ok" if accepted else b"invalid_blocks"
                self.send_response(200 if accepted else 400)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    stand_in = SlackStandIn()
    thread = threading.Thread(target=stand_in.server.serve_forever, daemon=True)
    thread.start()
    yield stand_in
    stand_in.server.shutdown()
    stand_in.server.server_close()


def section_text(payload: dict[str, Any]) -> str:
    [attachment] = payload["attachments"]
    return "\n".join(b["text"]["text"] for b in attachment["blocks"] if b["type"] == "section")


def page(lines: list[str]) -> str:
    return (
        "<html><body><article>" + "".join(f"<p>{x}</p>" for x in lines) + "</article></body></html>"
    )


@pytest.mark.parametrize("section_limit", [SLACK_SECTION_TEXT, 900])
def test_a_long_change_reaches_slack_within_its_limits(
    workspace, database_url, site, slack, alerts_config, watched_page, section_limit
):
    """900: a service stricter than any documented limit still gets the
    alert, shortened again after each refusal."""
    slack.section_limit = section_limit
    old = [
        f"Old record {n}: Maryia Kalesnikava <b>detained</b> in Minsk, case {n}" for n in range(80)
    ]
    new = [f"New record {n}: Maryia Kalesnikava sentenced, colony {n} @here" for n in range(80)]
    site.put("/list", page(old))
    workspace.env.update(PYTHONPATH=str(REDIRECT), SLACK_STAND_IN_URL=slack.url)
    extra = watched_page(site.url("/list"), name="Prisoner list", person=None)
    alerts_config(workspace, database_url, {"slack": SLACK_URL}, extra=extra)
    assert workspace.cli("run").returncode == 0  # the baseline: no alert
    site.put("/list", page(new))
    run = workspace.cli("run", "--all")
    assert run.returncode == 0, run.stderr

    with workspace.app().sessions() as session:
        assert [a.status for a in session.scalars(select(Alert))] == ["delivered"]
    *refused, (payload, accepted) = slack.posts
    assert accepted and not any(ok for _, ok in refused)
    sizes = [len(section_text(p)) for p, _ in slack.posts]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == len(sizes)
    assert (len(refused) > 0) == (section_limit < SLACK_SECTION_TEXT)
    text = section_text(payload)
    assert "New record 0: Maryia Kalesnikava sentenced" in text  # what is new comes first
    assert "@here" not in text and "<b>" not in text


def test_limits_come_from_the_service():
    assert Channel(SLACK_URL).limits.body == SLACK_SECTION_TEXT
    assert Channel(SLACK_URL).limits.title == SLACK_HEADER_TEXT
    assert Channel(SLACK_URL.replace("yes", "no")).limits.body == 35_000
    telegram = Channel("tgram://123456789:abcdefg_hijklmnop/12315544/").limits
    assert (telegram.body, telegram.title) == (4096, 0)  # no title field: it joins the body
    assert Channel("discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js").limits.body == 2000


def test_fit_counts_the_text_as_the_service_receives_it():
    """Slack's mrkdwn turns each escaped \\< into &lt;: the body is fitted
    after that growth, and the title to the header's limit."""
    limits = Channel(SLACK_URL).limits

    def render(limit: int) -> Message:
        return Message("T" * 400, ("\\<" * 3000)[:limit], "markdown")

    message = fit(render, limits, 8000)
    body_size, title_size = limits.sizes(message)
    assert body_size <= SLACK_SECTION_TEXT and title_size <= SLACK_HEADER_TEXT
    assert body_size > SLACK_SECTION_TEXT * 0.9  # shortened, not gutted
    plain = Limits(body=500, title=0)
    merged = fit(lambda limit: Message("A title", "x" * limit, "text"), plain, 8000)
    assert plain.sizes(merged)[0] <= 500


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_long_diff_quotes_what_is_new_first(fmt: str):
    removed = "".join(f"-old line {n}\n" for n in range(60))
    added = "".join(f"+new line {n}\n" for n in range(60))
    long_diff = replace(sample_event("page_changed"), diff=f"@@ -1,60 +1,60 @@\n{removed}{added}")
    body = Renderer().render(long_diff, fmt, "UTC").body
    assert "new line 0" in body and body.index("new line 0") < body.index("new line 39")
    assert "old line 0" not in body  # 40 lines fit: all of them new
    short = replace(sample_event("page_changed"), diff="@@ -1 +1 @@\n-old line\n+new line\n")
    body = Renderer().render(short, fmt, "UTC").body
    assert body.index("old line") < body.index("new line")  # whole: in page order
    limit = 2500 if fmt == "html" else 600  # mail's markup is bulky; mail has room
    small = Renderer().render(long_diff, fmt, "UTC", limit=limit).body
    assert len(small) <= limit and "new line 0" in small and "more lines" in small
