"""Page text quoted in alerts cannot ping, link, inject markup or formatting."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from apprise import NotifyFormat
from apprise.conversion import convert_between

from casewatch.alerts.escape import (
    WORD_JOINER,
    clean_text,
    defuse_mentions,
    escape_code_block,
    escape_html,
    escape_markdown,
    escape_title,
    one_line,
)

MENTIONS = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!here|here>",
    "<@U123ABC>",
    "<#C123ABC>",
    "@channel",
    "@here",
    "@everyone",
    "hi @U123",
]
# What Slack or Discord would act on: a mention, or a link with hidden target.
_LIVE = re.compile(r"<[!@#]|(?<![\w.+-])@(channel|here|everyone|U\d)|<https?://")


class _Tags(HTMLParser):
    """Collects the tags and attributes an HTML fragment really contains."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(name for name, _ in attrs)


@pytest.mark.parametrize("text", MENTIONS)
@pytest.mark.parametrize("escape", [clean_text, escape_html, escape_markdown, escape_code_block])
def test_mentions_are_defused_in_every_format(escape, text: str) -> None:
    assert not _LIVE.search(escape(text))


def test_defused_text_reads_the_same() -> None:
    assert defuse_mentions("@channel").replace(WORD_JOINER, "") == "@channel"


def test_email_addresses_are_left_alone() -> None:
    assert clean_text("write to info@amnesty.org") == "write to info@amnesty.org"


def test_clean_text_strips_control_characters() -> None:
    text = "a\x00b\x1b[31mc\x7fd\x85e\u202eevil\u2066f\ud800g\r\nh\ri\tj"
    assert clean_text(text) == "ab[31mcd\neevilfg\nh\ni\tj"


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '"><svg onload=alert(1)>',
        "<a href='javascript:alert(1)'>x</a>",
    ],
)
def test_html_cannot_inject_tags_or_attributes(text: str) -> None:
    escaped = escape_html(text)
    assert _Tags(f"<p>{escaped}</p>").tags == ["p"]
    assert _Tags(f'<a title="{escaped}">x</a>').attrs == ["title"]


def test_markdown_special_characters_are_literal() -> None:
    assert escape_markdown("*b* _i_ ~s~ `c` [l](u) # h \\") == (
        r"\*b\* \_i\_ \~s\~ \`c\` \[l\](u) \# h \\"
    )


@pytest.mark.parametrize(
    "text",
    [
        "<http://evil.example|click here>",
        "[click](http://evil.example)",
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "*bold* _italic_ ~strike~ `code`",
    ],
)
def test_markdown_prose_stays_text_when_apprise_makes_html(text: str) -> None:
    # Apprise turns markdown into HTML for email: nothing may become markup.
    html = convert_between(NotifyFormat.MARKDOWN, NotifyFormat.HTML, escape_markdown(text))
    assert set(_Tags(html).tags) <= {"p"}


def test_code_block_text_cannot_close_the_fence() -> None:
    hostile = "before\n```\n*now bold* <!channel>\n````\n``"
    escaped = escape_code_block(hostile)
    assert "``" not in escaped
    assert escaped.replace("\u200b", "").replace(WORD_JOINER, "") == hostile


def test_title_is_one_bounded_line_without_markup() -> None:
    title = escape_title("Kalesnikava:\n<b>status</b>\t" + "x" * 500, 200)
    assert len(title) == 200
    assert "\n" not in title and "<" not in title and ">" not in title
    assert title.startswith("Kalesnikava: \u2039b\u203astatus")
    assert title.endswith("…")


def test_one_line_keeps_short_text() -> None:
    assert one_line("  a \n b  ", 10) == "a b"
