"""The one place that calls Apprise: one :class:`Channel` per channel URL."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import apprise

from casewatch.alerts.limits import MIN_BODY, Limits, limits_of
from casewatch.alerts.message import Message
from casewatch.alerts.urlcheck import INVALID_URL

# Apprise logs URLs with their tokens at DEBUG. Its DEBUG lines are captured
# per send (the service's answer says why a message was refused) but never
# reach casewatch's log: only INFO and above are passed on.
_apprise_log = logging.getLogger("apprise")
_apprise_log.setLevel(logging.DEBUG)
_apprise_log.propagate = False


class _PassOn(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        logging.getLogger("casewatch.alerts.apprise").handle(record)


_apprise_log.addHandler(_PassOn(logging.INFO))

_FORMATS = {
    "text": apprise.NotifyFormat.TEXT,
    "html": apprise.NotifyFormat.HTML,
    "markdown": apprise.NotifyFormat.MARKDOWN,
}
# What services say when a message is too large: HTTP 413, Slack's
# invalid_blocks / msg_too_long, Telegram's "message is too long", Discord's
# "Must be 2000 or fewer in length", and the like.
_TOO_LARGE = re.compile(
    r"error=413\b|too (?:long|large|big)|too_(?:long|large)|invalid_blocks|"
    r"or fewer in length|maximum (?:length|size)",
    re.IGNORECASE,
)
_RESPONSE = "Response Details:"


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
    return _add_quietly(apprise.Apprise(), url)


def _add_quietly(notifier: apprise.Apprise, url: str) -> bool:
    # Apprise logs why it refuses (with the URL); the caller says it better.
    _apprise_log.disabled = True
    try:
        return notifier.add(url)
    finally:
        _apprise_log.disabled = False


@dataclass(frozen=True)
class Outcome:
    """What one send came to. ``error`` may contain secrets: callers redact
    it before showing or storing it."""

    error: str | None  # None: the service accepted the message
    too_large: bool = False  # the service refused it for its size


class Channel:
    """One channel URL's Apprise object, built once and reused for every
    message to it; sends to one channel are made one at a time."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.format = message_format(url)
        self._notifier = apprise.Apprise()
        self.valid = _add_quietly(self._notifier, url)
        # An invalid channel sends nothing; its limits are never used.
        self.limits = limits_of(self._notifier[0]) if self.valid else Limits(MIN_BODY, 0)

    def send(self, message: Message) -> Outcome:
        if not self.valid:
            return Outcome(INVALID_URL)
        result = self._notifier.notify(
            body=message.body,
            title=message.title,
            body_format=_FORMATS[message.body_format],
            log_level=logging.DEBUG,
        )
        if result:
            return Outcome(None)
        logs = list(result.logs())
        warnings = [e.message for e in logs if e.level in ("WARNING", "ERROR")]
        answers = [_answer(e.message) for e in logs if e.message.startswith(_RESPONSE)]
        error = "; ".join(dict.fromkeys(warnings)) or "the service did not accept the message"
        if answers := [a for a in answers if a]:
            error += f" (the service said: {answers[-1]})"
        return Outcome(error, too_large=bool(_TOO_LARGE.search(error)))


def _answer(logged: str) -> str:
    """The start of a service's response body, on one line."""
    body = logged.removeprefix(_RESPONSE).strip()
    body = re.sub(r"^b(['\"])(.*)\1$", r"\2", body, flags=re.DOTALL)  # bytes repr
    return " ".join(body.split())[:200]


def send(url: str, message: Message) -> str | None:
    """Send ``message`` to the Apprise ``url`` once; None on success, else the
    error (which may contain secrets: redact it before showing it)."""
    return Channel(url).send(message).error
