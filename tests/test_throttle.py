"""When casewatch waits between requests to a host (spiders/throttle.py): a
fast host is not held up, a slow one gets about one request at a time, and
an error answer never shortens the wait. The rule is applied to Scrapy's own
download slot, as the crawl does after each answer."""

from __future__ import annotations

import pytest
from scrapy.core.downloader import Slot
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from casewatch.config.schema import CrawlConfig
from casewatch.spiders.settings import crawl_settings
from casewatch.spiders.throttle import HostThrottle


@pytest.fixture
def throttle() -> HostThrottle:
    crawler = get_crawler(settings_dict=crawl_settings(CrawlConfig()))
    extension = HostThrottle.from_crawler(crawler)
    extension.mindelay, extension.maxdelay = extension._min_delay(), extension._max_delay()
    return extension


def answers(throttle: HostThrottle, *seen: tuple[float, int]) -> list[float]:
    """The slot's wait after each (latency in seconds, HTTP status)."""
    slot = Slot(concurrency=4, delay=throttle.mindelay, jitter=0)
    waits = []
    for latency, status in seen:
        throttle._adjust_delay(slot, latency, Response("http://127.0.0.1/", status=status))
        waits.append(slot.delay)
    return waits


def test_a_fast_host_is_not_waited_for(throttle) -> None:
    assert answers(throttle, (0.15, 200), (0.3, 304), (0.9, 304)) == [throttle.mindelay] * 3


def test_a_slow_host_is_waited_for_about_its_latency(throttle) -> None:
    waits = answers(throttle, *[(2.0, 304)] * 8)
    assert waits[0] >= 1.0 and 1.9 <= waits[-1] <= 2.0
    # It is fast again: the wait shrinks answer by answer, back to nothing.
    assert answers(throttle, (2.0, 200), *[(0.1, 304)] * 20)[-1] < 0.01


def test_an_error_answer_never_shortens_the_wait(throttle) -> None:
    waits = answers(throttle, (3.0, 200), (0.1, 500), (0.1, 404), (0.1, 200))
    assert waits[0] == waits[1] == waits[2] > waits[3]


def test_the_crawl_uses_this_rule_in_autothrottles_place() -> None:
    settings = crawl_settings(CrawlConfig())
    assert settings["AUTOTHROTTLE_ENABLED"]
    assert "casewatch.spiders.throttle.HostThrottle" in settings["EXTENSIONS_BASE"]
    assert "scrapy.extensions.throttle.AutoThrottle" not in settings["EXTENSIONS_BASE"]


def test_a_host_that_says_it_is_busy_is_waited_for_longer_each_time(throttle) -> None:
    assert answers(throttle, (0.1, 429), (0.1, 503), (0.1, 429)) == [1.0, 2.0, 4.0]
    assert answers(throttle, *[(0.1, 429)] * 10)[-1] == throttle.maxdelay == 60.0
