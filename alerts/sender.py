"""The one place that calls Apprise."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import apprise

from casewatch.alerts.message import Message

# Apprise logs URLs with their tokens at DEBUG: never let it get that low.
_apprise_log = logging.getLogger("apprise")
_apprise_log.setLevel(logging.INFO)

_FORMATS = {
    "text": apprise.NotifyFormat.TEXT,
    "html": apprise.NotifyFormat.HTML,
    "markdown": apprise.NotifyFormat.MARKDOWN,
}


INVALID_URL = "not a valid Apprise URL (unknown service or missing fields)"


def message_format(url: str) -> str:
    """The body format a channel reads best: HTML mail, Slack markdown, else text."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("mailto", "mailtos"):
        return "html"
    if scheme == "slack":
        return "markdown"
    return "text"


def is_valid_url(url: str) -> bool:
    """Whether Apprise knows the service and finds every field it needs."""
    # Apprise logs why it refuses (with the URL); the caller says it better.
    _apprise_log.disabled = True
    try:
        return apprise.Apprise().add(url)
    finally:
        _apprise_log.disabled = False


def send(url: str, message: Message) -> str | None:
    """Send ``message`` to the Apprise ``url``; None on success, else the error.

    The error may contain secrets: callers redact it before showing or storing it.
    """
    notifier = apprise.Apprise()
    if not notifier.add(url):
        return INVALID_URL
    with _collect_warnings() as warnings:
        ok = notifier.notify(
            body=message.body,
            title=message.title,
            body_format=_FORMATS[message.body_format],
        )
    if ok:
        return None
    return "; ".join(dict.fromkeys(warnings)) or "the service did not accept the message"


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _collect_warnings() -> Iterator[list[str]]:
    """Apprise reports why a send failed only in its log: keep those lines."""
    handler = _ListHandler()
    _apprise_log.addHandler(handler)
    try:
        yield handler.messages
    finally:
        _apprise_log.removeHandler(handler)
