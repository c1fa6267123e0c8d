"""Neutralise page text before it is quoted in an alert.

Page text is hostile input: it must not ping a chat channel, inject links,
tags or formatting, or smuggle control characters into a message.

"markdown" here is CommonMark, the input Apprise expects for
``NotifyFormat.MARKDOWN``: Apprise itself translates it to each service's
dialect (Slack mrkdwn, Discord, Telegram, or HTML for email). Slack's own
``&lt;`` entities would be escaped a second time on that path, so markdown
text is protected with CommonMark backslash escapes instead, which Apprise
turns into ``&lt;`` for Slack and into literal characters for email.
"""

from __future__ import annotations

import html
import re

# Invisible joiner that splits "@channel" / "<!here>" so no service sees a
# mention, while the text still reads the same.
WORD_JOINER = "\u2060"
_ZERO_WIDTH_SPACE = "\u200b"

# C0/C1 controls (tab and newline are kept), DEL, bidi overrides that can
# disguise text direction, and lone surrogates that cannot be encoded.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x85]")
# "@here" at the start of a word; "info@example.org" is left alone.
_AT_MENTION = re.compile(r"(?<![\w.+-])@(?=\w)")
# Slack/Discord control sequences: <!channel>, <@U123>, <#C123>.
_ANGLE_MENTION = re.compile(r"<(?=[!@#])")
# CommonMark punctuation that would start formatting, links, HTML or headings.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]<>#])")
_BACKTICK_PAIR = re.compile(r"`(?=`)")
# Titles go out as plain text, but some services blend them into a marked-up
# body; lookalike angle brackets keep them inert there too.
_TITLE_BRACKETS = str.maketrans("<>", "\u2039\u203a")


def defuse_mentions(text: str) -> str:
    text = _AT_MENTION.sub("@" + WORD_JOINER, text)
    return _ANGLE_MENTION.sub("<" + WORD_JOINER, text)


def clean_text(text: str) -> str:
    """Plain text: normalised newlines, no control characters, no mentions."""
    text = _NEWLINES.sub("\n", text)
    return defuse_mentions(_CONTROL.sub("", text))


def escape_html(text: str) -> str:
    """Text for an HTML element or quoted attribute value."""
    return html.escape(clean_text(text), quote=True)


def escape_markdown(text: str) -> str:
    """Text for CommonMark prose: every formatting character is literal."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clean_text(text))


def escape_code_block(text: str) -> str:
    """Text for the inside of a ``` fenced block.

    Backslash escapes do not work inside code, so backtick runs are split
    with a zero-width space: no line of the text can close the fence.
    """
    return _BACKTICK_PAIR.sub("`" + _ZERO_WIDTH_SPACE, clean_text(text))


def one_line(text: str, limit: int) -> str:
    """Clean text folded to a single line of at most ``limit`` characters."""
    line = " ".join(clean_text(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def escape_title(text: str, limit: int) -> str:
    """A plain-text title: one line, bounded, without angle brackets."""
    return one_line(text, limit).translate(_TITLE_BRACKETS)
