"""What a crawl hands to the rest of casewatch: one item per checked source.

The spider only fetches: an answer travels as raw bytes with its content type
and the encoding Scrapy detected, and is read (HTML or PDF to text, facts)
outside the reactor by :func:`casewatch.case.reading.read_page`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

# "ok" means "answered with a body to read"; whether it can be read is the
# reader's verdict, not the spider's.
Outcome = Literal["ok", "not_modified", "removed", "failed"]


@dataclass(frozen=True)
class FetchTarget:
    """A source to fetch, with what the last check left for conditional GET."""

    source: str
    url: str  # never with a user:password: that is ``credentials``
    etag: str | None = None
    last_modified: str | None = None
    verify_tls: bool = True  # False: the source's ``verify_tls = false`` (spiders/tls.py)
    # (user, password) of the source URL's user:password, sent as HTTP Basic
    # auth to the URL's own host and port only (spiders/auth.py); kept out of reprs.
    credentials: tuple[str, str] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class FetchedPage:
    source: str
    url: str  # where the page ended up, after redirects
    outcome: Outcome
    started_at: dt.datetime
    duration_ms: int
    http_status: int | None = None
    body: bytes = b""  # the answer as received, for outcome "ok"
    content_type: str | None = None  # the Content-Type header, as sent
    encoding: str | None = None  # Scrapy's detected encoding (None: not text)
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None  # for "failed" and "removed": why
    # The server's Retry-After, when too long to wait within the check: no
    # check of the source before this time (spiders/politeness.py).
    not_before: dt.datetime | None = None
    # The failure will recur as the source is configured, and retrying will
    # not help: the fetch was refused before it was sent (robots.txt forbids
    # it), or the server answers 304 to a request that held no copy.
    permanent: bool = False
