"""The spider: fetch each due source once, hand back one FetchedPage each.

It only fetches: reading the body (HTML or PDF to text, ``select``, facts) is
CPU work done outside Scrapy's reactor (casewatch.case.reading), so that one
big page never stalls the other downloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterable
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure

from casewatch.spiders.failures import describe_failure
from casewatch.spiders.items import FetchedPage, FetchTarget, Outcome
from casewatch.spiders.politeness import POSTPONED_UNTIL

REMOVED = (404, 410)
# Statuses the spider judges itself; redirects stay with RedirectMiddleware.
HANDLED = [304, *range(400, 600)]


class SourcesSpider(scrapy.Spider):
    name = "sources"

    def __init__(self, targets: Iterable[FetchTarget], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.targets = list(targets)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for target in self.targets:
            headers = {}
            if target.etag:
                headers["If-None-Match"] = target.etag
            if target.last_modified:
                headers["If-Modified-Since"] = target.last_modified
            yield scrapy.Request(
                target.url,
                headers=headers,
                callback=self.parse_page,
                errback=self.failed,
                dont_filter=True,
                meta={
                    "target": target,
                    "started_at": dt.datetime.now(dt.UTC),
                    "handle_httpstatus_list": HANDLED,
                },
            )

    def parse_page(self, response: Response) -> Iterable[FetchedPage]:
        target: FetchTarget = response.meta["target"]
        status = response.status
        header = response.headers.get
        common = {
            "http_status": status,
            "etag": _decode(header(b"ETag")),
            "last_modified": _decode(header(b"Last-Modified")),
        }
        if status == 304:
            yield self._page(response, "not_modified", **common)
        elif status in REMOVED:
            yield self._page(response, "removed", error=f"HTTP {status}", **common)
        elif status >= 400:
            # The recorder adds when the site asked us back (not_before), in the
            # configured time zone, which a spider does not know.
            not_before = response.meta.get(POSTPONED_UNTIL)
            error = f"HTTP {status}"
            yield self._page(response, "failed", error=error, not_before=not_before, **common)
        elif redirect := _redirected_away(target.url, response):
            yield self._page(response, "removed", error=redirect, **common)
        else:
            yield self._page(
                response,
                "ok",
                body=response.body,
                content_type=_decode(header(b"Content-Type")),
                # Only text responses have one; a PDF has none.
                encoding=getattr(response, "encoding", None),
                **common,
            )

    def failed(self, failure: Failure) -> Iterable[FetchedPage]:
        request = failure.request  # type: ignore[attr-defined]
        target: FetchTarget = request.meta["target"]
        started = request.meta["started_at"]
        yield FetchedPage(
            source=target.source,
            url=target.url,
            outcome="failed",
            started_at=started,
            duration_ms=_elapsed_ms(started),
            error=describe_failure(failure, target.url),
            refused=failure.check(IgnoreRequest) is not None,
        )

    @staticmethod
    def _page(response: Response, outcome: Outcome, **fields: Any) -> FetchedPage:
        target: FetchTarget = response.meta["target"]
        started = response.meta["started_at"]
        return FetchedPage(
            source=target.source,
            url=response.url,
            outcome=outcome,
            started_at=started,
            duration_ms=_elapsed_ms(started),
            **fields,
        )


def _redirected_away(requested: str, response: Response) -> str | None:
    """A redirect to the front page of a site is how many CMSs say "gone"."""
    if not response.meta.get("redirect_urls"):
        return None
    before, after = urlsplit(requested), urlsplit(response.url)
    if after.path.strip("/") == "" and before.path.strip("/") != "":
        return f"redirected to {response.url}"
    return None


def _elapsed_ms(started: dt.datetime) -> int:
    return int((dt.datetime.now(dt.UTC) - started).total_seconds() * 1000)


def _decode(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value else None
