"""Running one Scrapy crawl over the due sources.

Twisted's reactor cannot be restarted in one process, so a process crawls at
most once: ``casewatch run`` is that process, and the daemon and the demo
start one per cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.crawler import CrawlerProcess

from casewatch.config.schema import CrawlConfig
from casewatch.spiders.items import FetchTarget
from casewatch.spiders.settings import crawl_settings
from casewatch.spiders.sources import SourcesSpider


def crawl(targets: Iterable[FetchTarget], crawl_config: CrawlConfig, recorder: Any) -> None:
    """Fetch every target once; each result is recorded as it arrives."""
    targets = list(targets)
    if not targets:
        return
    process = CrawlerProcess(crawl_settings(crawl_config))
    process.crawl(SourcesSpider, targets=targets, recorder=recorder)
    process.start()
