"""Scrapy settings: the polite defaults, then the config's [crawl] on top."""

from __future__ import annotations

from typing import Any

from scrapy.settings import default_settings as scrapy_defaults

from casewatch.config.schema import CrawlConfig

BOT_NAME = "casewatch"
SPIDER_MODULES = ["casewatch.spiders"]
# Politeness is per host ([crawl] per_host_concurrency). Scrapy's global cap
# (16) would make 20 hosts share 16 connections: 2,000 pages at 150 ms then
# take 19 s instead of 4. This bound only limits pages in memory at once.
CONCURRENT_REQUESTS = 128
ITEM_PIPELINES = {"casewatch.spiders.pipelines.RecordPipeline": 100}
# Nothing may listen on a port: no telnet console, no remote-control endpoint
# (Scrapy 2.19 starts an HTTP code-execution server by default).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Scrapy imports every component its EXTENSIONS_BASE lists, even one that is
# switched off or set to None (the remote-control server alone imports aiohttp,
# ~0.4 s of every run), so the unused ones are left out of the list instead.
_UNUSED_EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole",
    "scrapy.extensions.remote_control.RemoteControl",
    "scrapy.extensions.memdebug.MemoryDebugger",  # a debugging aid, off by default
}
_AUTOTHROTTLE = "scrapy.extensions.throttle.AutoThrottle"
EXTENSIONS_BASE = {
    # Our waiting rule in AutoThrottle's place: casewatch.spiders.throttle.
    ("casewatch.spiders.throttle.HostThrottle" if path == _AUTOTHROTTLE else path): order
    for path, order in scrapy_defaults.EXTENSIONS_BASE.items()
    if path not in _UNUSED_EXTENSIONS
}
DOWNLOADER_MIDDLEWARES = {
    # A source's user:password, to its own site alone; before robots.txt's
    # middleware, whose request for the site's robots.txt passes here too.
    "casewatch.spiders.auth.SourceAuthMiddleware": 90,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "casewatch.spiders.robots.EveryRequestRobotsTxtMiddleware": 100,
    # Every hop of a redirect or meta refresh passes here (before the download).
    "casewatch.spiders.addresses.InternalRedirectMiddleware": 150,
    # Before CookiesMiddleware (700) picks the jar.
    "casewatch.spiders.politeness.CheckCookiesMiddleware": 650,
    # Sees an answer before RetryMiddleware (550) would retry it at once.
    "casewatch.spiders.politeness.RetryAfterMiddleware": 560,
    # Sees every answer first, retries included: a host busy again and again.
    "casewatch.spiders.politeness.BusyHostMiddleware": 570,
}
# casewatch keeps its own state (ETag, Last-Modified) for conditional GETs.
HTTPCACHE_ENABLED = False
# Within one check only: see casewatch.spiders.politeness.
COOKIES_ENABLED = True
DOWNLOAD_VERIFY_CERTIFICATES = True  # with a per-source opt-out: spiders/tls.py
DOWNLOAD_HANDLERS = {"https": "casewatch.spiders.tls.VerifyingDownloadHandler"}
DOWNLOAD_DELAY_JITTER = 0.5  # ±50% around DOWNLOAD_DELAY
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
LOG_LEVEL = "WARNING"
LOG_INSTALL_ROOT_HANDLER = False  # casewatch logs through its own, redacting handler
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
# Each answer gives the spider one item, and Scrapy starts CONCURRENT_ITEMS
# asyncio tasks per answer to process its items (100 by default: a sixth of
# the reactor's CPU on an unchanged cycle).
CONCURRENT_ITEMS = 1
# Scrapy re-parses the callback's source for every answer to warn about a
# generator returning a value (its cache misses bound methods): 3% of a cycle.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy 2.19 on the asyncio reactor ignores CONCURRENT_REQUESTS_PER_DOMAIN
# when DOWNLOAD_DELAY is 0: Downloader._process_queue pops every queued
# request of a slot in one loop, and each counts as transferring only once
# its coroutine starts, later. A delay above 0 makes it take one request per
# pass, so the limit holds; a millisecond costs nothing.
MIN_DOWNLOAD_DELAY = 0.001  # seconds
# Politeness that costs a fast server nothing: a host is waited for only
# when it is slow or says it is busy (casewatch.spiders.throttle, politeness).
# [crawl] delay is the least wait.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_MAX_DELAY = 60.0  # seconds: the longest wait a slow host gets


def crawl_settings(crawl: CrawlConfig) -> dict[str, Any]:
    """This module's settings with the user's [crawl] section applied."""
    settings = {k: v for k, v in globals().items() if k.isupper()}
    settings.update(
        # The crawl is handed its spider class: importing every module of
        # casewatch.spiders to look for others (SPIDER_MODULES, kept for the
        # `scrapy` command of scrapy.cfg) is start-up time for nothing.
        SPIDER_MODULES=[],
        USER_AGENT=crawl.user_agent,
        ROBOTSTXT_OBEY=crawl.obey_robots,
        DOWNLOAD_TIMEOUT=crawl.timeout.total_seconds(),
        CONCURRENT_REQUESTS_PER_DOMAIN=crawl.per_host_concurrency,
        DOWNLOAD_DELAY=max(crawl.delay.total_seconds(), MIN_DOWNLOAD_DELAY),
        # The first requests go at once (Scrapy's 5 s start would make the
        # first answers of every host wait for nothing).
        AUTOTHROTTLE_START_DELAY=max(crawl.delay.total_seconds(), MIN_DOWNLOAD_DELAY),
        RETRY_TIMES=crawl.retries,
        DOWNLOAD_MAXSIZE=crawl.max_page_size,
        DOWNLOAD_WARNSIZE=crawl.max_page_size // 2,
    )
    return settings
