"""TLS certificates are verified, with a per-source opt-out (SPEC §5).

Scrapy does not verify certificates unless ``DOWNLOAD_VERIFY_CERTIFICATES``
is set; without verification anyone on the path could forge an NGO's page
and trigger a false "released" or "executed" alert. casewatch sets it, and a
source with ``verify_tls = false`` is the explicit exception.

Connections are pooled per host and port, so the exception is one for the
source's host and port: a connection opened without verification must not
carry another source's request that expects it. Redirects to another host
are verified as usual.
"""

from __future__ import annotations

import copy
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from twisted.internet.interfaces import IOpenSSLClientConnectionCreator
from twisted.web.iweb import IPolicyForHTTPS
from zope.interface import implementer


def unverified_netlocs(targets: list) -> set[tuple[str, int]]:
    """(host, port) of the targets whose source opted out of verification."""
    found = set()
    for target in targets:
        if getattr(target, "verify_tls", True):
            continue
        parts = urlsplit(target.url)
        if parts.scheme == "https" and parts.hostname:
            found.add((parts.hostname, parts.port or 443))
    return found


@implementer(IPolicyForHTTPS)
class PerSourcePolicy:
    """Scrapy's verifying context factory, except for the opted-out hosts."""

    def __init__(self, verifying: IPolicyForHTTPS, crawler: Crawler) -> None:
        self.verifying = verifying
        # The same factory with verification off (Scrapy's own lenient path).
        self.lenient = copy.copy(verifying)
        self.lenient._verify_certificates = False  # type: ignore[attr-defined]
        self.crawler = crawler
        self._exempt: set[tuple[str, int]] | None = None

    def creatorForNetloc(self, hostname: bytes, port: int) -> IOpenSSLClientConnectionCreator:
        if self._exempt is None:  # the spider exists once requests flow
            self._exempt = unverified_netlocs(getattr(self.crawler.spider, "targets", []))
        exempt = (hostname.decode("ascii").lower(), port) in self._exempt
        factory = self.lenient if exempt else self.verifying
        return factory.creatorForNetloc(hostname, port)


class VerifyingDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with :class:`PerSourcePolicy` for HTTPS."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._contextFactory = PerSourcePolicy(self._contextFactory, crawler)
