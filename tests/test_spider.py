"""The crawler's own behaviour: polite settings, nothing listening, and the
spider's verdict on each kind of answer (served by a real local site)."""

from __future__ import annotations

import datetime as dt
import gc
import gzip
import json
import socket
import subprocess
import sys

import pytest
from scrapy.crawler import CrawlerProcess

from casewatch.case.people import PeopleIndex
from casewatch.case.reading import Unreadable, read_page
from casewatch.config.schema import CrawlConfig
from casewatch.spiders.crawl import crawl
from casewatch.spiders.items import FetchedPage, FetchTarget
from casewatch.spiders.settings import crawl_settings
from casewatch.spiders.sources import SourcesSpider


def test_no_telnet_console_and_no_remote_control() -> None:
    settings = crawl_settings(CrawlConfig())
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SourcesSpider)
    crawler._apply_settings()
    enabled = crawler.settings.getwithbase("EXTENSIONS")
    assert crawler.settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert crawler.settings.getbool("REMOTE_CONTROL_ENABLED") is False
    assert "scrapy.extensions.telnet.TelnetConsole" not in enabled
    assert "scrapy.extensions.remote_control.RemoteControl" not in enabled


def test_a_crawl_does_not_load_the_unused_extensions() -> None:
    """Scrapy imports every listed extension, even a disabled one: listing the
    remote-control server would import aiohttp (~0.4 s per run) for nothing."""
    script = (
        "import sys, scrapy\n"
        "from scrapy.crawler import CrawlerProcess\n"
        "from casewatch.config.schema import CrawlConfig\n"
        "from casewatch.spiders.settings import crawl_settings\n"
        "class Idle(scrapy.Spider):\n"
        "    name = 'idle'\n"
        "    async def start(self):\n"
        "        return\n"
        "        yield\n"
        "process = CrawlerProcess(crawl_settings(CrawlConfig()))\n"
        "process.crawl(Idle)\n"
        "process.start()\n"
        "print(sorted(m for m in ('aiohttp', 'scrapy.extensions.telnet') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_scrapy_tls_modules_are_imported_as_scrapy_imports_them() -> None:
    """casewatch imports Scrapy's TLS modules with the caller's module looked
    up directly instead of by inspect.stack(): the classes they make under old
    names get the same __module__ as by a plain import, and inspect is put back."""
    script = (
        "import inspect, json, sys\n"
        "from casewatch.spiders.scrapy_tls_import import TLS_MODULES, import_tls_modules\n"
        "from scrapy.utils import deprecate\n"
        "if sys.argv[1] == 'casewatch':\n"
        "    import_tls_modules()\n"
        "    import_tls_modules()  # a second call does nothing\n"
        "    assert deprecate.inspect is inspect\n"
        "for name in TLS_MODULES:\n"
        "    __import__(name)\n"
        "print(json.dumps({f'{name}.{attr}': value.__module__\n"
        "    for name in TLS_MODULES for attr, value in vars(sys.modules[name]).items()\n"
        "    if type(value).__name__ == 'DeprecatedClass'}))\n"
    )
    made = {}
    for how in ("casewatch", "plain"):
        done = subprocess.run([sys.executable, "-c", script, how], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        made[how] = json.loads(done.stdout)
    assert len(made["plain"]) == 3, made  # ScrapyClientTLSOptions and two context factories
    assert made["casewatch"] == made["plain"]
    assert "scrapy.utils.deprecate" not in made["plain"].values()


def test_crawl_settings_follow_the_config() -> None:
    config = CrawlConfig(
        user_agent="casewatch-test (+mailto:a@b.org)",
        obey_robots=False,
        timeout=dt.timedelta(seconds=7),
        per_host_concurrency=2,
        delay=dt.timedelta(seconds=0),
        retries=1,
        max_page_size=50_000,
    )
    settings = crawl_settings(config)
    assert settings["USER_AGENT"] == "casewatch-test (+mailto:a@b.org)"
    assert settings["ROBOTSTXT_OBEY"] is False
    assert settings["DOWNLOAD_TIMEOUT"] == 7
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 2
    assert settings["RETRY_TIMES"] == 1
    assert settings["DOWNLOAD_MAXSIZE"] == 50_000


def test_hosts_are_not_throttled_by_a_global_cap() -> None:
    """Politeness is per host: twenty hosts at the default four connections
    each must all be served at once, not share Scrapy's default of 16."""
    settings = crawl_settings(CrawlConfig())
    assert settings["CONCURRENT_REQUESTS"] >= 20 * CrawlConfig().per_host_concurrency


def read(page: FetchedPage, select: str | None = None) -> str:
    """The watched text of a fetched page, as the recorder will read it."""
    return read_page(
        page.body, page.content_type, page.encoding, select, "page", (), PeopleIndex(())
    ).text


class Collector:
    def __init__(self) -> None:
        self.pages: dict[str, FetchedPage] = {}

    def read_ahead(self, page: FetchedPage) -> None:
        return None

    def record_group(self, pages: list[tuple[FetchedPage, None]]) -> None:
        self.pages.update((page.source, page) for page, _reading in pages)


def test_spider_verdicts(site, closed_port) -> None:
    """One crawl (the reactor runs once per process, so this is the only
    in-process crawl of the suite) over every kind of answer."""
    site.put("/robots.txt", "User-agent: *\nDisallow: /private\n", content_type="text/plain")
    site.put(
        "/ok", "<html><body><nav>menu</nav><main><p>Hello <b>world</b></p></main></body></html>"
    )
    site.put(
        "/cp1251",
        "<html><body><p>Мария Колесникова</p></body></html>".encode("cp1251"),
        content_type="text/html; charset=windows-1251",
    )
    site.put("/gone", "gone", status=410)
    site.put("/broken", "oops", status=503)
    site.put("/moved", "", status=301, headers={"Location": "/"})
    site.put("/", "<html><body>Front page</body></html>")
    site.put("/private", "<html><body>secret</body></html>")
    undeclared = "<p>Мария Колесникова задержана в Минске 7 сентября 2020 года.</p>"
    site.put("/cp1251-undeclared", undeclared.encode("cp1251"), content_type="text/html")
    site.put("/pdf", b"%PDF-1.4", content_type="application/pdf")
    site.put("/big", "<html><body>" + "x" * 60_000 + "</body></html>")
    bomb = gzip.compress(b"<html><body>" + b"x" * 200_000 + b"</body></html>")
    site.put("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    site.put("/empty-select", "<html><body><p>no article here</p></body></html>")
    targets = [
        FetchTarget("ok", site.url("/ok")),
        FetchTarget("cp1251", site.url("/cp1251")),
        FetchTarget("cp1251-undeclared", site.url("/cp1251-undeclared")),
        FetchTarget("gone", site.url("/gone")),
        FetchTarget("missing", site.url("/missing")),
        FetchTarget("broken", site.url("/broken")),
        FetchTarget("moved", site.url("/moved")),
        FetchTarget("robots", site.url("/private")),
        FetchTarget("pdf", site.url("/pdf")),
        FetchTarget("big", site.url("/big")),
        FetchTarget("bomb", site.url("/bomb")),
        FetchTarget("empty-select", site.url("/empty-select")),
        FetchTarget("refused", f"http://127.0.0.1:{closed_port}/x"),
    ]
    # A server that takes the connection and never answers.
    silent = socket.create_server(("127.0.0.1", 0))
    silent_host = f"127.0.0.1:{silent.getsockname()[1]}"
    targets.append(FetchTarget("silent", f"http://{silent_host}/x"))
    collector = Collector()
    config = CrawlConfig(
        delay=dt.timedelta(0), retries=1, max_page_size=50_000, timeout=dt.timedelta(seconds=2)
    )
    with silent:
        crawl(targets, config, collector)
    assert gc.isenabled()  # off only while Scrapy is imported and set up
    pages = collector.pages
    assert set(pages) == {t.source for t in targets}  # every source gets a verdict
    assert pages["ok"].outcome == "ok" and b"Hello <b>world</b>" in pages["ok"].body
    assert read(pages["ok"], select="main") == "Hello world"
    assert pages["ok"].etag
    assert read(pages["cp1251"]) == "Мария Колесникова"
    assert read(pages["cp1251-undeclared"]).startswith("Мария Колесникова задержана")
    assert (pages["gone"].outcome, pages["gone"].http_status) == ("removed", 410)
    assert (pages["missing"].outcome, pages["missing"].http_status) == ("removed", 404)
    assert (pages["broken"].outcome, pages["broken"].error) == ("failed", "HTTP 503")
    assert pages["moved"].outcome == "removed" and "redirected to" in pages["moved"].error
    assert pages["robots"].outcome == "failed", pages["robots"]
    assert "robots.txt" in pages["robots"].error
    # The spider only fetches: the body and its type travel to the reader.
    assert (pages["pdf"].outcome, pages["pdf"].body) == ("ok", b"%PDF-1.4")
    assert pages["pdf"].content_type == "application/pdf"
    # Too large, said in the config's words: the same for every way of being so.
    assert pages["big"].outcome == "failed"
    assert pages["big"].error == "the page is larger than [crawl] max_page_size"
    assert pages["bomb"].outcome == "failed"
    assert pages["bomb"].error == (
        "the page, once decompressed, is larger than [crawl] max_page_size"
    )
    with pytest.raises(Unreadable, match="matched nothing"):
        read(pages["empty-select"], select="article")
    # Network failures in plain words, naming the host.
    refused = pages["refused"]
    assert (refused.outcome, refused.error) == (
        "failed",
        f"connection refused by 127.0.0.1:{closed_port}",
    )
    assert pages["silent"].outcome == "failed"
    no_answer = f"no answer from {silent_host} within the timeout ([crawl] timeout)"
    assert pages["silent"].error == no_answer
    retried = [p for m, p, _ in site.requests if p == "/broken"]
    assert len(retried) == 2  # one retry of a 5xx within the check
    agents = {h.get("User-Agent") for _, p, h in site.requests if p == "/ok"}
    assert agents == {CrawlConfig().user_agent}
