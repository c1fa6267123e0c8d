"""HTTP Basic auth for a source whose URL holds a user:password.

The user:password is taken out of the URL before the crawl
(:func:`casewatch.config.secrets.split_credentials`: Scrapy cannot request
such a URL, and would show it in every log line) and travels on the
:class:`~casewatch.spiders.items.FetchTarget`. :class:`SourceAuthMiddleware`
sends it as an ``Authorization`` header on every request of the check that
goes to the source's own site (:func:`same_site`), redirects within it
included, and takes the header off every other one: a redirect to another
host, or a downgrade to plain HTTP, never carries the credentials. The
site's robots.txt is asked for with them too, since a site behind Basic auth
answers 401 for it otherwise, which reads as "no rules".

Scrapy's own HttpAuthMiddleware knows one user for the whole crawl and
matches domains (any port, any scheme, subdomains), which is why it is not
used here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request
from w3lib.http import basic_auth_header

from casewatch.spiders.items import FetchTarget

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

_DEFAULT_PORTS = {"http": 80, "https": 443}
_AUTHORIZATION = b"Authorization"


def _origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of ``url``, the port written or the scheme's default."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme)


def same_site(source_url: str, url: str) -> bool:
    """May a request for ``url`` carry the credentials of ``source_url``? When
    both have the same scheme, host and port, or ``url`` is the same host
    moved from plain HTTP to HTTPS on the default ports (a site's usual
    redirect); never another host or port, never a downgrade to plain HTTP."""
    source, there = _origin(source_url), _origin(url)
    return source == there or (
        source == ("http", there[1], 80) and there[2:] == (443,) and there[0] == "https"
    )


class SourceAuthMiddleware:
    """Downloader middleware: the ``Authorization`` header of each request is
    its source's credentials where :func:`same_site` allows them, and absent
    everywhere else (it runs before robots.txt's, which asks with them)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceAuthMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        credentials = self._credentials(request)
        if credentials is None:
            request.headers.pop(_AUTHORIZATION, None)
        else:
            request.headers[_AUTHORIZATION] = basic_auth_header(*credentials)

    def _credentials(self, request: Request) -> tuple[str, str] | None:
        target: FetchTarget | None = request.meta.get("target")
        if target is not None:
            allowed = target.credentials and same_site(target.url, request.url)
            return target.credentials if allowed else None
        if urlsplit(request.url).path != "/robots.txt":
            return None
        # robots.txt (Scrapy's request, which names no source): the
        # credentials of a source on that site, if one has them.
        targets: list[FetchTarget] = getattr(self.crawler.spider, "targets", [])
        return next(
            (t.credentials for t in targets if t.credentials and same_site(t.url, request.url)),
            None,
        )
