"""Being a good citizen on small servers (SPEC §5): Retry-After and cookies.

``Retry-After`` on a 429 or 503 is a server telling us when to come back. A
short wait is waited out within the check and the page asked for again; a
long one ends the check, and the time goes with the answer
(``retry_after_until`` in the request's meta) so that the source is not
checked again before it. A host that keeps saying it is busy
(:data:`BUSY_ANSWERS` 429s or 503s in a row) is asked nothing more in the
cycle: each of its sources still to check fails at once, instead of waiting
its turn behind ever longer waits while every other host's alerts wait for
the cycle to end.

Cookies are kept within one check, never across checks: each source gets its
own cookie jar, and the jars live as long as the crawl (one cycle), so a site
that sets a cookie and redirects to itself until it comes back is read, and
no session follows a source from one check to the next.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task
from twisted.python.failure import Failure

log = logging.getLogger(__name__)

# Waits up to this long are sat out within the check; longer ones postpone it.
SHORT_WAIT = dt.timedelta(seconds=60)
# How often one check waits for the same server before it gives up.
MAX_WAITS = 2
RETRY_AFTER_STATUSES = (429, 503)
POSTPONED_UNTIL = "retry_after_until"  # request meta: no check before this UTC time
# Busy answers in a row after which a host is asked nothing more this cycle.
BUSY_ANSWERS = 4


def retry_after(value: str | None, now: dt.datetime) -> dt.timedelta | None:
    """How long a ``Retry-After`` header value asks us to wait (RFC 9110 §10.2.3:
    delay-seconds or an HTTP-date); None when absent or unreadable. Never negative."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        try:
            return dt.timedelta(seconds=int(value))
        except OverflowError:  # beyond any date: not a time to come back at
            return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # an HTTP-date is always GMT
        when = when.replace(tzinfo=dt.UTC)
    return max(when - now, dt.timedelta(0))


class RetryAfterMiddleware:
    """Downloader middleware, placed before Scrapy's RetryMiddleware sees the
    answer (a higher priority number), so that an answer with ``Retry-After``
    is never retried at once."""

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in RETRY_AFTER_STATUSES:
            return response
        now = dt.datetime.now(dt.UTC)
        wait = retry_after(_header(response, b"Retry-After"), now)
        if wait is None:
            return response  # a plain 503: RetryMiddleware's ordinary retries
        waits = request.meta.get("retry_after_waits", 0)
        request.meta["dont_retry"] = True  # RetryMiddleware must not hammer it now
        if wait <= SHORT_WAIT and waits < MAX_WAITS:
            log.info("%s asks to wait %ss; waiting", request.url, wait.total_seconds())
            from twisted.internet import reactor

            await maybe_deferred_to_future(task.deferLater(reactor, wait.total_seconds()))
            again = request.replace(dont_filter=True)
            again.meta["retry_after_waits"] = waits + 1
            again.meta.pop("dont_retry", None)
            return again
        request.meta[POSTPONED_UNTIL] = now + wait
        return response


class HostBusy(Exception):
    """A request not sent: its host said it is busy too often this cycle."""


class BusyHostMiddleware:
    """Downloader middleware, nearer the network than RetryAfterMiddleware
    (it sees every answer first, retries included): counts each host's busy
    answers in a row. Once a host gave :data:`BUSY_ANSWERS` of them, its
    requests waiting in Scrapy's downloader slot fail at once, and so does
    every later one (:class:`HostBusy`: a failed check, tried again by the
    usual backoff). The waiting requests are taken from the slot's queue
    (``Downloader.slots[key].queue``, Scrapy 2.13+), where the host's growing
    delay would otherwise hold each one. One instance lives as long as the
    crawl: a cycle."""

    def __init__(self, crawler: Crawler) -> None:
        self._crawler = crawler
        self._busy: dict[str, tuple[int, int]] = {}  # host: (answers in a row, last status)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BusyHostMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        refusal = self._refusal(urlsplit(request.url).netloc)
        if refusal is not None:
            raise refusal

    def process_response(self, request: Request, response: Response) -> Response:
        host = urlsplit(request.url).netloc
        if response.status not in RETRY_AFTER_STATUSES:
            self._busy.pop(host, None)
            return response
        count, _ = self._busy.get(host, (0, 0))
        self._busy[host] = (count + 1, response.status)
        refusal = self._refusal(host)
        if refusal is not None:
            self._fail_waiting(request, refusal)
        return response

    def _refusal(self, host: str) -> HostBusy | None:
        count, status = self._busy.get(host, (0, 0))
        if count < BUSY_ANSWERS:
            return None
        return HostBusy(
            f"{host} said it is busy (HTTP {status}) {count} times in a row: "
            "not asked again in this cycle"
        )

    def _fail_waiting(self, request: Request, refusal: HostBusy) -> None:
        engine = self._crawler.engine
        slots = engine.downloader.slots if engine is not None else {}
        slot = slots.get(request.meta.get("download_slot", ""))
        while slot is not None and slot.queue:
            _waiting, deferred = slot.queue.popleft()
            deferred.errback(Failure(refusal))


class CheckCookiesMiddleware:
    """Downloader middleware, before Scrapy's CookiesMiddleware: one cookie
    jar per source (keyed by its name), so sources never share a session."""

    def process_request(self, request: Request) -> None:
        target = request.meta.get("target")
        if target is not None:
            request.meta.setdefault("cookiejar", target.source)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
