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
# The validators of a conditional GET (RFC 9110 §13.1.2, §13.1.3).
CONDITIONS = (b"If-None-Match", b"If-Modified-Since")
UNCACHED = "asked_uncached"  # request meta: the page asked for again, past caches
UNASKED_304 = (
    "HTTP 304 Not Modified to a request without conditions (asked again with "
    "Cache-Control: no-cache, the same): the server sent no page to read"
)


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

    def parse_page(self, response: Response) -> Iterable[FetchedPage | scrapy.Request]:
        target: FetchTarget = response.meta["target"]
        status = response.status
        header = response.headers.get
        common = {
            "http_status": status,
            "etag": _decode(header(b"ETag")),
            "last_modified": _decode(header(b"Last-Modified")),
        }
        if status == 304:
            yield self._not_modified(response, common)
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

    def _not_modified(
        self, response: Response, common: dict[str, Any]
    ) -> FetchedPage | scrapy.Request:
        """A 304 answer: "not modified" only when it answers our conditional
        request, or the page once more, or a failed check.

        A 304 says that the copy a conditional request holds is current (RFC
        9110 §15.4.5): casewatch sends ``If-None-Match``/``If-Modified-Since``
        only with a stored snapshot behind them (casewatch.cycle.fetch_targets).
        To a request without them (a first check, or validators the server
        never gave) it says nothing, and no page came: a cache in front of the
        site (a misconfigured CDN) does this, so the page is asked for once
        more with ``Cache-Control: no-cache`` (RFC 9111 §5.2.1.4: a cache must
        ask the origin server). A second 304 is a failed check, ``permanent``:
        on a first check it is reported at once, as an unreadable page is
        (SPEC §3: a source that cannot be watched is never silent)."""
        request = response.request
        assert request is not None  # an answer always has its request
        if any(request.headers.get(name) for name in CONDITIONS):
            return self._page(response, "not_modified", **common)
        if not request.meta.get(UNCACHED):
            again = request.replace(dont_filter=True)
            again.headers[b"Cache-Control"] = b"no-cache"
            again.headers[b"Pragma"] = b"no-cache"  # for HTTP/1.0 caches (RFC 9111 §5.4)
            again.meta[UNCACHED] = True
            return again
        return self._page(response, "failed", error=UNASKED_304, permanent=True, **common)

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
            permanent=failure.check(IgnoreRequest) is not None,
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
