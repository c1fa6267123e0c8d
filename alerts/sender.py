"""The one place that calls Apprise: one :class:`Channel` per channel URL.

A failed send is one of two kinds, and the outbox treats them differently.
Apprise answers only True or False, so the kind is read from the lines it
logs during the send (captured per send, see ``Channel.send``):

- **The service may have received the message**: the next attempt is marked
  as a possible repeat (``Outcome.maybe_received``). This is the case when
  the failure came after the message was handed over:

  - HTTP services: requests' ``ReadTimeout`` ("Read timed out. (read
    timeout=N)", the request was sent and no answer came within N s),
    urllib3's ``ProtocolError`` ("Connection aborted.", the connection
    dropped while the request was sent or its answer awaited) and its
    ``"Connection broken:"`` errors (the answer was cut off while read).
    Apprise's plugins log these as ``Socket Exception: <requests' error>``
    (a few in their warning), after "A Connection error occurred ...".
  - SMTP: Apprise's warning ``Sending email to "…" failed.`` comes from
    smtplib's ``sendmail`` (connect and login are behind it). When its
    exception is a lost connection, not a reply (``SMTPServerDisconnected``:
    "Connection unexpectedly closed[: timed out]" from ``getreply``, "Server
    not connected" from ``send``), the server stopped answering during the
    mail transaction, typically while it scanned the message after DATA
    (RFC 1047's duplicate-message problem). smtplib does not say which
    command it was waiting for, so a server that hangs at MAIL FROM counts
    the same: a needless label costs less than an unmarked repeat.
  - Any service: a plugin's "Sent …" line in a failed send (a message to
    several recipients that reached some).

- **The service cannot have it**: everything else, the retry goes unmarked.
  Connection refused, DNS failure, a connect timeout or a TLS error
  ("Max retries exceeded … Caused by NewConnectionError / NameResolutionError /
  ConnectTimeoutError / SSLError"), an HTTP error status (the service
  answered and refused), SMTP's "Connection error while submitting email"
  (connect, STARTTLS or login refused: no message was sent), smtplib's
  refusals with a reply code (``SMTPSenderRefused``, ``SMTPRecipientsRefused``,
  ``SMTPDataError``: "(554, b'…')") and its "please run connect() first" (no
  connection was ever made: a URL whose host Apprise could not find).

Channels wait ``READ_TIMEOUT`` seconds for an HTTP service's answer (Apprise's
default is 4), unless their URL sets its own ``rto``; ``cto`` (connect
timeout; for email Apprise's whole SMTP socket timeout, 15 s) is left as
Apprise or the URL sets it.
"""

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
_EXCEPTION = "Socket Exception"  # how Apprise's plugins log the error they caught

# A channel's read timeout when its URL has no ``rto``: a busy webhook
# (a Mattermost or Slack proxy) often needs more than Apprise's 4 s.
READ_TIMEOUT = 15
_OWN_READ_TIMEOUT = re.compile(r"[?&]rto=", re.IGNORECASE)
# The service may have the message (see the module docstring).
_HTTP_READ_TIMEOUT = re.compile(r"Read timed out\. \(read timeout=([\d.]+)\)")
_HTTP_DROPPED = re.compile(r"Connection aborted\.|Connection broken:")
_SMTP_IN_TRANSACTION = re.compile(r'^Sending email to ".*" failed\.$')
_SMTP_CONNECTION_LOST = re.compile(r"Connection unexpectedly closed|Server not connected")
_SENT = re.compile(r"^Sent\b")


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
    # The send failed after the service may have received the message: the
    # next attempt is a possible repeat (see the module docstring).
    maybe_received: bool = False
    too_large: bool = False  # the service refused it for its size


class Channel:
    """One channel URL's Apprise object, built once and reused for every
    message to it; sends to one channel are made one at a time."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.format = message_format(url)
        self._notifier = apprise.Apprise()
        self.valid = _add_quietly(self._notifier, with_read_timeout(url))
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
        if unknown := self._unknown_outcome(logs, warnings):
            return Outcome(unknown, maybe_received=True)
        if any(e.level == "INFO" and _SENT.match(e.message) for e in logs):
            return Outcome(f"{error.removesuffix('.')}; some recipients got it", True)
        return Outcome(error, too_large=bool(_TOO_LARGE.search(error)))

    def _unknown_outcome(self, logs: list, warnings: list[str]) -> str | None:
        """What went wrong, said plainly, when the service may have received
        the message; None when it cannot have (the rules and their sources
        are in the module docstring)."""
        # Apprise's warnings, and the exceptions its plugins caught: never a
        # payload or a response body, which hold page text.
        said = [*warnings, *(e.message for e in logs if e.message.startswith(_EXCEPTION))]
        maybe = "the service may have received it"
        for line in said:
            if timeout := _HTTP_READ_TIMEOUT.search(line):
                return f"no answer within {float(timeout.group(1)):g} s; {maybe}"
        if any(_HTTP_DROPPED.search(line) for line in said):
            return f"the connection dropped before the service answered; {maybe}"
        if any(_SMTP_IN_TRANSACTION.match(w) for w in warnings):
            lost = [e for e in said if e.startswith(_EXCEPTION) and _SMTP_CONNECTION_LOST.search(e)]
            if any("timed out" in e for e in lost):
                seconds = self._notifier[0].socket_connect_timeout  # smtplib's socket timeout
                return f"no answer within {seconds:g} s from the mail server; {maybe}"
            if lost:
                return f"the mail server dropped the connection during the message; {maybe}"
        return None


def with_read_timeout(url: str) -> str:
    """``url`` with ``rto=READ_TIMEOUT`` added, unless it sets its own ``rto``."""
    if _OWN_READ_TIMEOUT.search(url):
        return url
    return f"{url}{'&' if '?' in url else '?'}rto={READ_TIMEOUT}"


def _answer(logged: str) -> str:
    """The start of a service's response body, on one line."""
    body = logged.removeprefix(_RESPONSE).strip()
    body = re.sub(r"^b(['\"])(.*)\1$", r"\2", body, flags=re.DOTALL)  # bytes repr
    return " ".join(body.split())[:200]


def send(url: str, message: Message) -> str | None:
    """Send ``message`` to the Apprise ``url`` once; None on success, else the
    error (which may contain secrets: redact it before showing it)."""
    return Channel(url).send(message).error
