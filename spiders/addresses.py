"""Never be led to an internal address (SPEC §5).

A page on the web can redirect, or meta-refresh, to ``http://127.0.0.1:…``,
``http://10.0.0.5/admin`` or ``http://169.254.169.254/`` (a cloud's metadata
service); casewatch would fetch it and quote its text into alerts. Such a hop
is refused unless the source's own URL is on such an address (an intranet
page may redirect within the intranet).

The rule is :func:`hop_allowed`, a pure function over resolved addresses;
:class:`InternalRedirectMiddleware` resolves names and applies it to every
request that is a redirect or meta refresh of another.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_internal(address: Address) -> bool:
    """Loopback, private (RFC 1918, unique local), link-local, unspecified or
    otherwise not a public internet address (per Python's ``ipaddress``)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
        or address.is_multicast
        or not address.is_global
    )


def hop_allowed(source: Iterable[Address], target: Iterable[Address]) -> bool:
    """May a source whose own host resolves to ``source`` be redirected to a
    host that resolves to ``target``? Not to an internal address, unless the
    source itself is internal. A name that resolves to nothing is left to
    fail on its own (no address, no request)."""
    if any(is_internal(a) for a in source):
        return True
    return not any(is_internal(a) for a in target)


async def resolve(url: str) -> list[Address]:
    """The addresses the host of ``url`` resolves to (an IP literal is itself);
    empty when the name does not resolve."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        # getaddrinfo blocks: in a worker thread, not in the reactor.
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, parts.port or 80, type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


class InternalRedirectMiddleware:
    """Downloader middleware: refuses a redirect or meta-refresh hop that
    :func:`hop_allowed` forbids; the check then fails, naming the address."""

    async def process_request(self, request: Request) -> None:
        target = request.meta.get("target")
        if target is None or not request.meta.get("redirect_urls"):
            return  # the source's own URL: the user chose it
        source, there = await resolve(target.url), await resolve(request.url)
        if not hop_allowed(source, there):
            raise IgnoreRequest(f"redirect to an internal address refused: {request.url}")
