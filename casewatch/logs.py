"""Logging to stderr, with channel secrets masked in every line."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

_handler: logging.Handler | None = None


def setup_logging(verbosity: int = 0, redact: Callable[[str], str] | None = None) -> None:
    """-q: errors only; default: warnings; -v: info; -vv: debug (Scrapy included)."""
    global _handler
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    root = logging.getLogger()
    if _handler is None:
        _handler = logging.StreamHandler(sys.stderr)
        _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(_handler)
    _handler.filters.clear()
    if redact:
        _handler.addFilter(RedactingFilter(redact))
    # The handler's level is the one that counts: Scrapy resets logger levels.
    _handler.setLevel(level)
    root.setLevel(level)
    _handler.addFilter(_ScrapyFilter(verbosity))


class _ScrapyFilter(logging.Filter):
    """The libraries' own lines: casewatch reports each failed source in one
    line, so Scrapy's errors are for -v (without tracebacks), and Scrapy's and
    Alembic's chatter for -vv."""

    def __init__(self, verbosity: int) -> None:
        super().__init__()
        self.verbosity = verbosity

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(("scrapy", "twisted", "py.warnings", "alembic")):
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
