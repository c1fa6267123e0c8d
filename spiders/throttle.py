"""Waiting between requests only where a host needs it (issue 9).

A fast host gets ``per_host_concurrency`` requests in flight and no wait
beyond ``[crawl] delay``: a cycle of hundreds of pages on one site takes
seconds, not minutes. A slow host, one whose answers take
:data:`SLOW_LATENCY` or more (a small server struggling), gets about one
request at a time: the wait before its next request approaches its latency.
Error answers (4xx, 5xx) never shorten the wait, and a 429 or 503 (the host
says it is busy) doubles it, to :data:`BUSY_DELAY` at least and
``AUTOTHROTTLE_MAX_DELAY`` at most; it shortens again, halving answer by
answer, once the host answers quickly and without error.

This is Scrapy's AutoThrottle with another rule: AutoThrottle spaces every
host's requests by latency ÷ target concurrency and lets only 200 answers
shorten the wait, so an unchanged cycle (all 304) only ever slowed down.
"""

from __future__ import annotations

from scrapy.core.downloader import Slot
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response

SLOW_LATENCY = 1.0  # seconds to answer from which a host is treated as slow
BUSY_DELAY = 1.0  # seconds between requests, at least, to a host that said it is busy
BUSY_STATUSES = (429, 503)


class HostThrottle(AutoThrottle):
    """AutoThrottle's plumbing with the rule above (``_adjust_delay`` is the
    policy hook AutoThrottle calls after each download)."""

    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        # Called as soon as an answer is in, before the host's next request
        # is sent (a downloader middleware would see the answer too late).
        if response.status in BUSY_STATUSES:
            slot.delay = min(max(2 * slot.delay, BUSY_DELAY), self.maxdelay)
            return
        target = latency if latency >= SLOW_LATENCY else self.mindelay
        new_delay = min(max(self.mindelay, (slot.delay + target) / 2), self.maxdelay)
        if response.status >= 400 and new_delay <= slot.delay:
            return  # an error answer never shortens the wait
        slot.delay = new_delay
