"""A slow web site on loopback: N generated pages over several 127.0.0.x hosts.

Every response waits ``latency`` seconds without blocking the others (asyncio),
pages carry ETag and Last-Modified and answer conditional requests with 304,
and ``change(fraction)`` gives a share of the pages a new version. The site
counts requests and body bytes, so that every watcher is measured the same way.
It listens only on 127.0.0.0/8 (Linux routes all of it to ``lo``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import random
import threading
from collections import Counter
from dataclasses import dataclass, field

from aiohttp import web
from sitegen import Page, generate

ROBOTS = b"User-agent: *\nAllow: /\n"


@dataclass
class Traffic:
    requests: int = 0
    body_bytes: int = 0
    statuses: Counter = field(default_factory=Counter)


class LoopbackSite:
    """Serves pages ``/case/<index>.html``; page i lives on host ``i % hosts``."""

    def __init__(
        self,
        pages: int,
        hosts: int,
        latency: float,
        size: tuple[int, int],
        port: int,
        seed: int = 1,
    ) -> None:
        if not 1 <= hosts <= 250:
            raise ValueError("hosts must be 1..250 (127.0.0.2 onwards)")
        self.pages, self.hosts, self.latency, self.size = pages, hosts, latency, size
        self.port, self.seed = port, seed
        self.traffic = Traffic()
        self.alerts_received = 0
        self._versions = [0] * pages
        self._born = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=1)
        self._pages: list[Page] = [self._make(i) for i in range(pages)]
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def host(self, index: int) -> str:
        return f"127.0.0.{2 + index % self.hosts}"

    def url(self, index: int) -> str:
        return f"http://{self.host(index)}:{self.port}/case/{index}.html"

    def urls(self) -> list[str]:
        return [self.url(i) for i in range(self.pages)]

    def alerts_url(self) -> str:
        """An Apprise URL that delivers to this site."""
        return f"json://{self.host(0)}:{self.port}/alerts"

    def _make(self, index: int, changed_at: dt.datetime | None = None) -> Page:
        return generate(
            self.seed, index, self._versions[index], self.size, changed_at or self._born
        )

    def reset(self) -> None:
        """Every page back to its first version, as before the first cycle."""
        self._versions = [0] * self.pages
        self._pages = [self._make(i) for i in range(self.pages)]

    def change(self, fraction: float, round_seed: int) -> int:
        """Give ``fraction`` of the pages (chosen by ``round_seed``) a new version."""
        count = max(1, round(fraction * self.pages)) if fraction > 0 else 0
        chosen = random.Random(round_seed).sample(range(self.pages), count)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        for index in chosen:
            self._versions[index] += 1
            self._pages[index] = self._make(index, now)
        return len(chosen)

    def take_traffic(self) -> Traffic:
        traffic, self.traffic = self.traffic, Traffic()
        return traffic

    async def _page(self, request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(self.latency)
        try:
            index = int(request.match_info["index"])
        except ValueError:
            index = -1
        host = request.host.rsplit(":", 1)[0]
        if not 0 <= index < self.pages or self.host(index) != host:
            return self._count(web.Response(status=404, text="no such page"))
        page = self._pages[index]
        headers = {
            "ETag": page.etag,
            "Last-Modified": email.utils.format_datetime(page.last_modified, usegmt=True),
            "Cache-Control": "no-cache",
        }
        if _not_modified(request, page):
            return self._count(web.Response(status=304, headers=headers))
        response = web.Response(body=page.body, headers=headers, content_type="text/html")
        response.charset = "utf-8"
        return self._count(response, len(page.body))

    async def _robots(self, request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(self.latency)
        return self._count(web.Response(body=ROBOTS, content_type="text/plain"), len(ROBOTS))

    async def _alert(self, request: web.Request) -> web.StreamResponse:
        """A notification endpoint (Apprise ``json://``): accepts and counts."""
        await request.read()
        self.alerts_received += 1
        return web.Response(text="ok")

    def _count(self, response: web.Response, size: int = 0) -> web.Response:
        self.traffic.requests += 1
        self.traffic.body_bytes += size
        self.traffic.statuses[response.status] += 1
        return response

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/case/{index}.html", self._page)
        app.router.add_get("/robots.txt", self._robots)
        app.router.add_post("/alerts", self._alert)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        for h in range(min(self.hosts, self.pages)):
            site = web.TCPSite(self._runner, self.host(h), self.port, backlog=1024)
            await site.start()

    def __enter__(self) -> LoopbackSite:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=30)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)


def _not_modified(request: web.Request, page: Page) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins; else If-Modified-Since."""
    tags = request.headers.get("If-None-Match")
    if tags is not None:
        return page.etag in {t.strip() for t in tags.split(",")} or tags.strip() == "*"
    since = request.headers.get("If-Modified-Since")
    if since:
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return page.last_modified <= when
    return False
