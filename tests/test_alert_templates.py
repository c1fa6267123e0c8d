"""Rendering events as alert messages: defaults, hostile page text, overrides."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
from html.parser import HTMLParser
from typing import Any
from unittest import mock

import apprise
import pytest
from apprise import NotifyFormat
from apprise.conversion import convert_between

from casewatch.alerts.message import (
    FORMATS,
    RENDERABLE_KINDS,
    EventView,
    Message,
    sample_event,
)
from casewatch.alerts.templates import (
    BODY_LIMIT,
    TITLE_LIMIT,
    InvalidTemplates,
    Renderer,
    validate_overrides,
)
from casewatch.event_kinds import kind_of

MINSK = "Europe/Minsk"
URL = "https://www.amnestyusa.org/urgent-actions/ua-85-21/"
HOSTILE = (
    "<!channel> <!here|here> <!everyone> <@U123ABC> <#C123ABC> @channel @here "
    "@everyone <http://evil.example|click> [click](http://evil.example) "
    '<script>alert(1)</script> <img src=x onerror="alert(1)"> *b* _i_ ~s~ '
    "\n```\n</pre></div> ``` `"
)
HOSTILE_DIFF = "\n".join(f"+{line}" for line in HOSTILE.splitlines()) + "\n"
# What Slack would act on: a mention, or a link whose target is not the source.
_LIVE_SLACK = re.compile(
    r"<[!@#]|(?<![\w.+-])@(channel|here|everyone|U\d)|<https?://(?!www\.amnesty)"
)
_ALLOWED_TAGS = {"div", "p", "strong", "em", "table", "tr", "th", "td", "a", "pre"}
_ALLOWED_TAGS |= {"span", "code", "br", "ul", "li"}  # from Apprise's conversions


def event(kind: str = "status_changed", **changes: Any) -> EventView:
    return dataclasses.replace(sample_event(kind), **changes)


def hostile_event(kind: str) -> EventView:
    details = {key: HOSTILE for key in ("old_detail", "new_detail", "action", "error")}
    details |= {"label": HOSTILE, "date": HOSTILE}
    return event(kind, summary=HOSTILE, details=details, diff=HOSTILE_DIFF)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


class _Html(HTMLParser):
    """The tags, attributes and links an HTML body really contains."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.hrefs: set[str | None] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs |= {name for name, _ in attrs}
        self.hrefs |= {value for name, value in attrs if name == "href"}


def assert_inert_html(html: str) -> None:
    found = _Html(html)
    assert found.tags <= _ALLOWED_TAGS
    assert found.attrs <= {"style", "href"}
    assert found.hrefs <= {URL}


def slack_text(message: Message) -> str:
    """What Apprise would post to Slack for the message."""
    notifier = apprise.Apprise()
    notifier.add("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#cases")
    with mock.patch("requests.request") as request:
        request.return_value.status_code = 200
        request.return_value.content = b"ok"
        assert notifier.notify(
            body=message.body,
            title=message.title,
            body_format=NotifyFormat(message.body_format),
        )
    payload = json.loads(request.call_args.kwargs["data"])
    return json.dumps(payload["attachments"][0], ensure_ascii=False)


# --- defaults ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", RENDERABLE_KINDS)
def test_every_kind_renders_in_every_format(renderer: Renderer, kind: str, fmt: str) -> None:
    message = renderer.render(sample_event(kind), fmt, MINSK)
    assert message.body_format == fmt
    assert message.title.startswith(f"Kalesnikava: {kind_of(kind).title}")
    assert "\n" not in message.title
    assert len(message.title) <= TITLE_LIMIT
    for expected in ("Maryia Kalesnikava", "AIUSA UA 85.21", URL):
        assert expected in message.body
    # Only kinds that carry the check's diff show it.
    assert ("+sentenced to 11 years" in message.body) == kind_of(kind).carries_diff


@pytest.mark.parametrize("kind", RENDERABLE_KINDS)
def test_every_title_names_its_event_by_the_registry(renderer: Renderer, kind: str) -> None:
    """Issue 7, fault 15: the title says what happened in plain words."""
    title = renderer.render(sample_event(kind), "text", MINSK).title
    assert kind_of(kind).title in title
    plain = {
        "status_changed": "status changed",
        "page_removed": "page removed",
        "source_recovered": "source recovered",
        "source_failing": "source failing",
    }
    assert plain.get(kind, kind_of(kind).title) in title


@pytest.mark.parametrize("kind", ["deadline_added", "deadline_changed", "deadline_near"])
def test_every_deadline_is_written_one_way(renderer: Renderer, kind: str) -> None:
    early_october = {**sample_event(kind).details, "date": "2021-10-03", "old_date": "2021-09-07"}
    message = renderer.render(event(kind, details=early_october), "text", MINSK)
    assert "3 Oct 2021 (in 8 days)" in message.title
    assert "3 Oct 2021 (in 8 days)" in message.body
    assert not re.search(r"\b0\d [A-Z][a-z]{2} ", message.title + message.body)


@pytest.mark.parametrize("fmt", FORMATS)
def test_status_change(renderer: Renderer, fmt: str) -> None:
    changed = event(summary="status detained → sentenced (11 years)")
    message = renderer.render(changed, fmt, MINSK)
    assert message.title == "Kalesnikava: status changed: detained → sentenced (11 years)"
    assert "detained" in message.body
    assert "sentenced (11 years)" in message.body


@pytest.mark.parametrize("fmt", FORMATS)
def test_deadline_near(renderer: Renderer, fmt: str) -> None:
    message = renderer.render(sample_event("deadline_near"), fmt, MINSK)
    assert message.title == (
        "Kalesnikava: deadline near: UA 85.21 action deadline 28 Sep 2021 (in 3 days)"
    )
    assert "action deadline, 28 Sep 2021 (in 3 days)" in message.body
    assert "Write to the Prosecutor General" in message.body


def test_deadline_changed_shows_old_and_new_dates(renderer: Renderer) -> None:
    message = renderer.render(sample_event("deadline_changed"), "text", MINSK)
    assert "action deadline, 21 Sep 2021 → 28 Sep 2021 (in 3 days)" in message.body
    assert message.title.endswith("action deadline moved to 28 Sep 2021 (in 3 days)")


def test_signatures_are_counted(renderer: Renderer) -> None:
    message = renderer.render(sample_event("signatures_changed"), "text", MINSK)
    assert "Signatures: 712 → 1,003" in message.body
    assert "Goal: 1,000" in message.body
    assert message.title == "Kalesnikava: petition goal reached: 1,003 signatures (goal 1,000)"


def test_without_a_person_the_title_names_the_source(renderer: Renderer) -> None:
    failing = event("source_failing", person=None, summary="3 failed checks")
    message = renderer.render(failing, "text", MINSK)
    assert message.title == "AIUSA UA 85.21: source failing: 3 failed checks in a row"
    assert "Person:" not in message.body
    assert "Last error: timeout after 30s" in message.body


def test_times_are_shown_in_the_configured_time_zone(renderer: Renderer) -> None:
    late = event(occurred_at=dt.datetime(2021, 9, 27, 23, 30, tzinfo=dt.UTC))
    assert "28 Sep 2021, 02:30 (Europe/Minsk)" in (renderer.render(late, "text", MINSK).body)
    assert "27 Sep 2021, 23:30 (UTC)" in renderer.render(late, "text", "UTC").body
    naive = event(occurred_at=dt.datetime(2021, 9, 27, 23, 30))
    assert "28 Sep 2021, 02:30" in renderer.render(naive, "text", MINSK).body


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_possible_repeat_says_so(renderer: Renderer, fmt: str) -> None:
    message = renderer.render(event(possible_repeat=True), fmt, MINSK)
    assert message.title.startswith("[possible repeat] Kalesnikava: ")
    assert "may have arrived already" in message.body


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_long_diff_is_cut_with_a_note(renderer: Renderer, fmt: str) -> None:
    diff = "--- before\n+++ after\n" + "".join(f"+line {n}\n" for n in range(100))
    body = renderer.render(event(diff=diff), fmt, MINSK).body
    assert "+line 39" in body
    assert "+line 40" not in body
    assert "60 more lines" in body
    assert "+++ after" not in body


def test_html_diff_is_preformatted_and_coloured(renderer: Renderer) -> None:
    body = renderer.render(sample_event("status_changed"), "html", MINSK).body
    assert '<span style="color: #cf222e">-detained</span>' in body
    assert '<span style="color: #1a7f37">+sentenced to 11 years</span>' in body
    assert re.search(r"<pre[^>]*>.*</pre>", body, re.DOTALL)
    assert_inert_html(body)


def test_html_has_a_readable_text_alternative(renderer: Renderer) -> None:
    # Apprise mails HTML with a text part made by this conversion.
    body = renderer.render(sample_event("deadline_near"), "html", MINSK).body
    text = convert_between(NotifyFormat.HTML, NotifyFormat.TEXT, body)
    assert "<" not in text
    assert "Write to the Prosecutor General" in text
    assert "28 Sep 2021 (in 3 days)" in text


def test_only_web_links_are_clickable(renderer: Renderer) -> None:
    message = renderer.render(event(url="javascript:alert(1)"), "html", MINSK)
    assert "<a " not in message.body
    assert "javascript" not in message.body


def test_unknown_format_is_an_error(renderer: Renderer) -> None:
    with pytest.raises(ValueError, match="unknown format 'rtf'"):
        renderer.render(sample_event("test"), "rtf", MINSK)


# --- hostile page text ------------------------------------------------------


@pytest.mark.parametrize("kind", ["status_changed", "deadline_near", "page_changed"])
def test_hostile_text_is_inert_in_html(renderer: Renderer, kind: str) -> None:
    message = renderer.render(hostile_event(kind), "html", MINSK)
    assert_inert_html(message.body)
    assert "&lt;script&gt;" in message.body


@pytest.mark.parametrize("kind", ["status_changed", "deadline_near", "page_changed"])
def test_hostile_markdown_is_inert_when_mailed(renderer: Renderer, kind: str) -> None:
    message = renderer.render(hostile_event(kind), "markdown", MINSK)
    assert_inert_html(convert_between(NotifyFormat.MARKDOWN, NotifyFormat.HTML, message.body))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", ["status_changed", "deadline_near", "page_changed"])
def test_hostile_text_cannot_ping_or_link_on_slack(renderer: Renderer, kind: str, fmt: str) -> None:
    text = slack_text(renderer.render(hostile_event(kind), fmt, MINSK))
    assert not _LIVE_SLACK.search(text)


def test_hostile_text_cannot_close_the_markdown_code_block(renderer: Renderer) -> None:
    body = renderer.render(hostile_event("page_changed"), "markdown", MINSK).body
    assert body.count("```") == 2
    assert body.endswith("```")


def test_hostile_text_stays_out_of_the_title(renderer: Renderer) -> None:
    title = renderer.render(hostile_event("status_changed"), "html", MINSK).title
    assert not re.search(r"[<>\n]", title)
    assert not _LIVE_SLACK.search(title)
    assert len(title) <= TITLE_LIMIT


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_megabyte_of_page_text_gives_a_bounded_message(renderer: Renderer, fmt: str) -> None:
    huge = "<!channel> <b>" * 80_000
    one_line = event(summary=huge, diff="+" + huge, details={"new_detail": huge})
    many_lines = event(diff="".join(f"+{n} <x>\n" for n in range(100_000)))
    for hostile in (one_line, many_lines):
        message = renderer.render(hostile, fmt, MINSK)
        assert len(message.title) <= TITLE_LIMIT
        assert len(message.body) <= BODY_LIMIT
    assert "more lines" in renderer.render(many_lines, fmt, MINSK).body


# --- user overrides ---------------------------------------------------------


def test_overrides_replace_the_defaults() -> None:
    renderer = Renderer(
        {
            "default": {"title": "[casewatch] {{ subject }}: {{ summary }}"},
            "status_changed": {"body": "{{ person }} is now {{ details.new }}."},
        }
    )
    changed = renderer.render(sample_event("status_changed"), "text", MINSK)
    assert changed.title == "[casewatch] Kalesnikava: sample status changed event"
    assert changed.body == "Maryia Kalesnikava is now sentenced."
    removed = renderer.render(sample_event("page_removed"), "text", MINSK)
    assert removed.title.startswith("[casewatch] Kalesnikava")
    assert "HTTP status: 404" in removed.body


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("html", "&lt;script&gt; <b>ok</b>\n<pre> x</pre>"),
        ("markdown", "\\<script\\> <b>ok</b>\n```\n x\n```"),
        ("text", "<script> <b>ok</b>\n x"),
    ],
)
def test_override_values_are_escaped_for_the_format(fmt: str, expected: str) -> None:
    renderer = Renderer({"page_changed": {"body": "{{ summary }} <b>ok</b>\n{{ diff }}"}})
    body = renderer.render(event("page_changed", summary="<script>", diff=" x"), fmt, MINSK).body
    assert re.sub(r"<pre[^>]*>", "<pre>", body) == expected


def test_escape_filters_follow_the_format() -> None:
    renderer = Renderer({"test": {"body": "{{ summary|e }} {{ '<i>'|safe }}"}})
    body = renderer.render(event("test", summary="*x*"), "markdown", MINSK).body
    assert body == "\\*x\\* <i>"


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ event.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ facts.append(('Now', 'released')) }}",
    ],
)
def test_sandbox_escapes_are_rejected(source: str) -> None:
    errors = validate_overrides({"status_changed": {"body": source}})
    assert len(errors) == 1
    assert errors[0].startswith("status_changed.body: fails on a sample")
    assert "alert templates may not access" in errors[0]
    with pytest.raises(InvalidTemplates, match=r"status_changed\.body"):
        Renderer({"status_changed": {"body": source}})


def test_a_failing_override_falls_back_to_the_default(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Fine on the sample event, but this event has no failures to divide by.
    renderer = Renderer({"source_failing": {"body": "{{ 6 / details.failures }}"}})
    broken = event("source_failing", details={"failures": 0, "error": "DNS"})
    with caplog.at_level(logging.WARNING):
        message = renderer.render(broken, "text", MINSK)
    assert "Last error: DNS" in message.body
    assert "template source_failing.body failed for event 0" in caplog.text


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"status_changed": {"title": "{{ person "}}, "status_changed.title: line 1:"),
        ({"status_changed": {"body": "{% if %}"}}, "status_changed.body: line 1:"),
        ({"status_chnged": {"title": "x"}}, "status_chnged: unknown event kind"),
        ({"test": {"subject": "x"}}, "test.subject: unknown key"),
        ({"test": {"body": 3}}, "test.body: must be a string"),
        ({"test": "x"}, "test: must be a table"),
        ({"test": {"body": "{{ persn }}"}}, "test.body: unknown name(s) persn"),
        (["test"], "alert templates must be a table"),
    ],
)
def test_invalid_overrides_are_explained(overrides: Any, error: str) -> None:
    errors = validate_overrides(overrides)
    assert len(errors) == 1
    assert errors[0].startswith(error)


def test_valid_overrides_have_no_errors() -> None:
    assert validate_overrides({}) == []
    assert (
        validate_overrides(
            {
                "default": {"title": "{{ subject }}: {{ summary }}"},
                "deadline_near": {
                    "body": "{% for label, value in facts %}{{ label }}={{ value }}\n"
                    "{% endfor %}{{ link }} {{ due_in }} {{ details.days_left }}"
                },
            }
        )
        == []
    )
