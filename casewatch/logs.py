"""Logging to stderr, as text or JSON lines, with secrets masked in every line."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Callable
from typing import Literal

LogFormat = Literal["text", "json"]
LOG_FORMATS = ("text", "json")

_handler: logging.Handler | None = None


def setup_logging(
    verbosity: int = 0,
    redact: Callable[[str], str] | None = None,
    log_format: LogFormat = "text",
) -> None:
    """-q: errors only; default: warnings; -v: info; -vv: debug (Scrapy included).
    ``log_format`` "json": one JSON object per line (for journald, Loki, ELK)."""
    global _handler
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    root = logging.getLogger()
    if _handler is None:
        _handler = logging.StreamHandler(sys.stderr)
        root.addHandler(_handler)
    _handler.setFormatter(
        JsonFormatter()
        if log_format == "json"
        else TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    _handler.filters.clear()
    if redact:
        _handler.addFilter(RedactingFilter(redact))
    # The handler's level is the one that counts: Scrapy resets logger levels.
    _handler.setLevel(level)
    root.setLevel(level)
    _handler.addFilter(_ScrapyFilter(verbosity))


def to_stderr(line: str, level: int = logging.ERROR) -> None:
    """A line a command prints for the operator on stderr ("source failed:
    …", "casewatch: error: …"): as it is, or, under ``--log-format json``, as
    a JSON object like the log lines, so that a collector reading stderr
    (journald, the daemon's log) gets JSON lines only. ``level`` is the
    logging level the object names. The line must be masked already."""
    formatter = _handler.formatter if _handler is not None else None
    if isinstance(formatter, JsonFormatter):
        record = logging.LogRecord("casewatch", level, __file__, 0, line.strip(), None, None)
        line = formatter.format(record)
    print(line, file=sys.stderr)


class _ScrapyFilter(logging.Filter):
    """The libraries' own lines: casewatch reports each failed source and
    each failed alert in one line, so Scrapy's and Apprise's errors are for
    -v (without tracebacks), and their and Alembic's chatter for -vv."""

    def __init__(self, verbosity: int) -> None:
        super().__init__()
        self.verbosity = verbosity

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(("scrapy", "twisted", "py.warnings", "alembic", "apprise")):
            return True
        if self.verbosity > 1:
            return True
        if self.verbosity == 1 and record.levelno >= logging.WARNING:
            record.exc_info = record.exc_text = None  # the line says enough
            return True
        return False


class RedactingFilter(logging.Filter):
    """A handler filter that masks secrets in the fully formatted message."""

    def __init__(self, redact: Callable[[str], str]) -> None:
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class TextFormatter(logging.Formatter):
    """Plain lines whose time says its zone: ISO 8601 in UTC, to the
    millisecond, with the offset ("2026-11-30T22:45:01.123+00:00")."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message,
    and the traceback as ``error`` when there is one. Runs after the handler's
    filters, so the message is already masked."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["error"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)
