"""How large a message each service takes, and shortening a message to fit.

The limits are the service's own, read from its Apprise plugin
(``body_maxlen``, ``title_maxlen``: a title limit of 0 means the service has
no title and Apprise puts it at the top of the body), and sizes are measured
on the text the service receives: after Apprise's format conversion and the
plugin's own dialect (Slack's mrkdwn turns ``\\<`` into ``&lt;``). Where a
service mode has a tighter limit than the plugin knows, it is added here:

- Slack with ``?blocks=yes``: a section block's text holds at most 3,000
  characters and a header block's 150 (Slack Block Kit reference, "Section
  block" and "Header block"); Slack answers 400 ``invalid_blocks`` past them.

A service may still refuse a message as too large (a limit nobody wrote
down, or text that grows on the way): :func:`fit` is then called again with
a smaller budget, and the shorter message is sent (see ``outbox``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apprise import NotifyFormat
from apprise.conversion import convert_between
from apprise.plugins.slack import NotifySlack

from casewatch.alerts.escape import one_line
from casewatch.alerts.message import Message

SLACK_SECTION_TEXT = 3000  # characters of one section block's text
SLACK_HEADER_TEXT = 150  # characters of a header block's plain text
MIN_BODY = 200  # shortening stops here: a shorter alert says too little
_FIT_ROUNDS = 4  # re-renders to converge on the limit; a hard cut follows


@dataclass(frozen=True)
class Limits:
    """A service's limits, in characters as the service receives them."""

    body: int
    title: int  # 0: no title field; the title is sent at the top of the body
    plugin: Any = None  # the Apprise plugin that converts the text, if known

    def sizes(self, message: Message) -> tuple[int, int]:
        """(body, title) sizes as the service sees them; a title the service
        has no room for counts in the body, with its line break."""
        body = len(self._as_sent(message.body, message.body_format))
        if self.title <= 0 and message.title:
            return body + len(message.title) + 2, 0
        if isinstance(self.plugin, NotifySlack):  # Slack's header gets &amp; entities
            return body, len(html.escape(message.title, quote=False))
        return body, len(message.title)

    def _as_sent(self, body: str, fmt: str) -> str:
        plugin = self.plugin
        if plugin is None:
            return body
        try:
            source = NotifyFormat(fmt)
            target = plugin.resolve_format(source)
            return plugin.dialect_convert(convert_between(source, target, body), target)
        except Exception:  # a measuring aid only: never stop a send over it
            return body


def limits_of(plugin: Any) -> Limits:
    """The limits of one Apprise plugin instance (one channel URL)."""
    body, title = int(plugin.body_maxlen), int(plugin.title_maxlen)
    if isinstance(plugin, NotifySlack) and plugin.use_blocks and not plugin.template:
        body, title = min(body, SLACK_SECTION_TEXT), min(title, SLACK_HEADER_TEXT)
    return Limits(body=max(body, MIN_BODY), title=max(title, 0), plugin=plugin)


def fit(render: Callable[[int], Message], limits: Limits, budget: int) -> Message:
    """The message ``render(limit)`` gives for a limit whose result the
    service takes, as large as a few tries find (at most ``budget``).

    ``render`` must return a body of at most ``limit`` characters; the text
    the service receives can be longer (escapes grow), so the limit is
    lowered in proportion and the message rendered again; the title is
    shortened to the service's title limit.
    """
    target = max(min(budget, limits.body), MIN_BODY)
    limit = target
    message = render(limit)
    for _ in range(_FIT_ROUNDS):
        body_size, _title_size = limits.sizes(message)
        if body_size <= target or limit <= MIN_BODY:
            break
        # Text grows in proportion to its escapes: shrink in proportion.
        limit = max(min(limit - 1, limit * target // body_size), MIN_BODY)
        message = render(limit)
    title = message.title
    for _ in range(_FIT_ROUNDS):
        _body_size, title_size = limits.sizes(Message(title, "", message.body_format))
        if limits.title <= 0 or title_size <= limits.title:
            break
        title = one_line(title, len(title) - (title_size - limits.title))
    return Message(title, message.body, message.body_format)
