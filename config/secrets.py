"""Keeping the secrets of channel URLs out of every log line and output."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

MASK = "***"
_TOKENISH = re.compile(r"^(?=.*\d)[A-Za-z0-9_\-]{8,}$")


def secrets_in_url(url: str) -> set[str]:
    """The parts of an Apprise URL that grant access: password and token segments.

    Hosts with dots (smtp.example.org) and short words (channel names) are kept,
    so redacted URLs stay useful to read.
    """
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return {url}
    found = {unquote(password)} if password else set()
    # Not parts.hostname: it is lower-cased, and tokens are case-sensitive.
    host = re.sub(r":\d+$", "", parts.netloc.rpartition("@")[2])
    segments = [host, *parts.path.split("/")]
    found.update(s for s in segments if "." not in s and _TOKENISH.match(s))
    return found


class Redactor:
    """Replaces known secret strings with ``***``; longest first, so that a
    secret containing another is masked whole."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(re.escape(s) for s in self._secrets)) if self._secrets else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(MASK, text)

    def __bool__(self) -> bool:
        return self._pattern is not None
