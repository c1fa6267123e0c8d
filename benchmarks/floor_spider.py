"""The floor for any Scrapy-based watcher: a bare spider that only fetches.

    python benchmarks/floor_spider.py STATE.json URLS.txt PER_HOST

Sends conditional requests from the validators in STATE.json (ETag,
Last-Modified per URL, kept from the last run), reads nothing, stores
nothing but the new validators. Same per-host concurrency as casewatch, no
delay, no robots.txt: what Scrapy costs before casewatch does any work.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess


class FloorSpider(scrapy.Spider):
    name = "floor"

    def __init__(self, urls: list[str], state: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls, self.state = urls, state

    async def start(self):  # type: ignore[override]
        for url in self.urls:
            headers = {}
            known = self.state.get(url, {})
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
            yield scrapy.Request(
                url,
                headers=headers,
                dont_filter=True,
                callback=self.parse,
                meta={"handle_httpstatus_list": [304]},
            )

    def parse(self, response: scrapy.http.Response) -> None:
        if response.status == 200:
            header = response.headers.get
            self.state[response.url] = {
                "etag": (header(b"ETag") or b"").decode("latin-1"),
                "last_modified": (header(b"Last-Modified") or b"").decode("latin-1"),
            }


def main() -> None:
    state_file, urls_file, per_host = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    urls = urls_file.read_text().split()
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    hosts = len({u.split("/")[2] for u in urls})
    process = CrawlerProcess(
        {
            "LOG_LEVEL": "WARNING",
            "ROBOTSTXT_OBEY": False,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "CONCURRENT_REQUESTS": per_host * hosts,
            "CONCURRENT_REQUESTS_PER_DOMAIN": per_host,
        }
    )
    process.crawl(FloorSpider, urls=urls, state=state)
    process.start()
    state_file.write_text(json.dumps(state))


if __name__ == "__main__":
    main()
