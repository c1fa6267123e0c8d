"""Item pipeline: each fetched page leaves the reactor for the recorder thread."""

from __future__ import annotations

from scrapy.crawler import Crawler

from casewatch.spiders.items import FetchedPage


class RecordPipeline:
    """Hands items to the spider's ``sink`` (the recorder thread's queue, see
    casewatch.spiders.crawl); a full queue makes the crawl wait, on purpose."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordPipeline:
        return cls(crawler)

    def process_item(self, item: FetchedPage) -> FetchedPage:
        self.crawler.spider.sink(item)  # type: ignore[union-attr]
        return item
