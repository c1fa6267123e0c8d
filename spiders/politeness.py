"""Being a good citizen on small servers (SPEC §5): Retry-After and cookies.

``Retry-After`` on a 429 or 503 is a server telling us when to come back. A
short wait is waited out within the check and the page asked for again; a
long one ends the check, and the time goes with the answer
(``retry_after_until`` in the request's meta) so that the source is not
checked again before it.

Cookies are kept within one check, never across checks: each source gets its
own cookie jar, and the jars live as long as the crawl (one cycle), so a site
that sets a cookie and redirects to itself until it comes back is read, and
no session follows a source from one check to the next.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

log = logging.getLogger(__name__)

# Waits up to this long are sat out within the check; longer ones postpone it.
SHORT_WAIT = dt.timedelta(seconds=60)
# How often one check waits for the same server before it gives up.
MAX_WAITS = 2
RETRY_AFTER_STATUSES = (429, 503)
POSTPONED_UNTIL = "retry_after_until"  # request meta: no check before this UTC time


def retry_after(value: str | None, now: dt.datetime) -> dt.timedelta | None:
    """How long a ``Retry-After`` header value asks us to wait (RFC 9110 §10.2.3:
    delay-seconds or an HTTP-date); None when absent or unreadable. Never negative."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return dt.timedelta(seconds=int(value))
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
