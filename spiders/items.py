"""What a crawl hands to the rest of casewatch: one item per checked source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Outcome = Literal["ok", "not_modified", "removed", "failed"]


@dataclass(frozen=True)
class FetchTarget:
    """A source to fetch, with what the last check left for conditional GET."""

    source: str
    url: str
    select: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchedPage:
    source: str
    url: str  # where the page ended up, after redirects
    outcome: Outcome
    started_at: dt.datetime
    duration_ms: int
    http_status: int | None = None
    text: str = ""  # watched text (``select`` applied), for outcome "ok"
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None  # for "failed" and "removed": why
