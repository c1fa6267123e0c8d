"""Item pipeline: each fetched page goes to the recorder, one transaction each."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from casewatch.spiders.items import FetchedPage

log = logging.getLogger(__name__)


class RecordPipeline:
    """Hands items to the spider's ``recorder`` (a casewatch.recorder.Recorder)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordPipeline:
        return cls(crawler)

    def process_item(self, item: FetchedPage) -> FetchedPage:
        recorder = self.crawler.spider.recorder  # type: ignore[union-attr]
        try:
            recorder.record(item)
        except Exception:
            # One source's bad result must not stop the others; the run's
            # exit code still reports it.
            log.exception("could not record the check of %r", item.source)
            recorder.errors.append(item.source)
        return item
