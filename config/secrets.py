"""Keeping the secrets of channel, database and source URLs out of every log
line and output, and of source URLs out of the database too.

A source URL's user:password is sent as HTTP Basic auth
(:func:`split_credentials`), never in the URL requested; what is shown and
stored of it is :func:`mask_credentials`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, unquote_plus, urlsplit, urlunsplit

MASK = "***"
# A path segment, host or query value that looks like a key rather than a word.
_TOKENISH = re.compile(
    r"^(?=.*\d)[\w\-.~:+/=]{6,}$|^[\w\-.~:+/=]{16,}$|^(?=.*[a-z])(?=.*[A-Z])\w{8,}$"
)
# Query keys whose values are secret whatever they look like.
_SECRET_KEYS = re.compile(r"pass|pwd|token|secret|key|auth|sig|cred|webhook", re.IGNORECASE)
# Query keys whose values are addresses or settings, never secrets.
_PLAIN_KEYS = frozenset(
    {
        "to",
        "from",
        "cc",
        "bcc",
        "name",
        "format",
        "overflow",
        "mode",
        "smtp",
        "port",
        "lang",
        "language",
        "priority",
        "title",
        "channel",
        "channels",
        "user",
        "reply",
        "image",
        "verify",
    }
)


def secrets_in_url(url: str) -> set[str]:
    """The parts of a URL that grant access: the password, key-like host and
    path segments (Slack, Telegram and webhook tokens), and secret query values.

    Both the written (percent-encoded) and the decoded form are returned. Hosts
    with dots (smtp.example.org) and plain words (channel names) are kept, so
    that masked URLs stay readable.
    """
    return _secrets(url, keylike_parts=True)


def credentials_in_url(url: str) -> set[str]:
    """The credentials of a web page's or a database's URL: the password and
    the values of secret-named query keys (``?token=…``), as written and
    decoded. Its host and path are the page's or the file's name, never masked
    (an SQLite path or a long page slug is not a key)."""
    return _secrets(url, keylike_parts=False)


def mask_credentials(url: str) -> str:
    """``url`` with the credentials :func:`credentials_in_url` finds masked
    where they are written: the password of its user:password and the values
    of secret-named query keys; the rest as written
    (``http://reader:***@host/p?apikey=***&lang=en``).

    Masked by position, not by value, so a short password is masked too and
    the same page gives the same masked URL whatever its credentials: it is
    what is shown and stored of a source's address."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    userinfo, at, hostport = parts.netloc.rpartition("@")
    user, colon, password = userinfo.partition(":")
    netloc = f"{user}{colon}{MASK if password else ''}{at}{hostport}"
    query = "&".join(_masked_pair(pair) for pair in parts.query.split("&"))
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def _masked_pair(pair: str) -> str:
    """A query's ``key=value``, its value masked if the key names a secret (as in _secrets)."""
    key, equals, value = pair.partition("=")
    if value and _SECRET_KEYS.search(unquote_plus(key)):
        return f"{key}{equals}{MASK}"
    return pair


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """``url`` without its user:password, and them, percent-decoded (None
    when it has none): what is requested, and what goes as HTTP Basic auth."""
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if not at:
        return url, None
    user, _, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=hostport)), (unquote(user), unquote(password))


def _secrets(url: str, keylike_parts: bool) -> set[str]:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return {url}
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    found = {password} if password else set()
    if keylike_parts:
        # The host keeps its case (parts.hostname would not): tokens are case-sensitive.
        candidates = [user, *hostport.split(":"), *parts.path.split("/")]
        found.update(c for c in candidates if _TOKENISH.match(c) and not _looks_like_host(c))
    for pair in parts.query.split("&"):
        key, _, value = (unquote_plus(p) for p in pair.partition("="))
        key = key.strip(" +-:").lower()
        secret_key = bool(_SECRET_KEYS.search(key))
        keylike = keylike_parts and key not in _PLAIN_KEYS and _TOKENISH.match(value)
        if value and (secret_key or keylike):
            found.add(pair.partition("=")[2])  # as written, and decoded below
            found.add(value)
    return found | {unquote(s) for s in found}


def _looks_like_host(text: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", text, re.IGNORECASE))


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
