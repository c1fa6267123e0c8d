"""A failed fetch in plain words, for ``sources``, ``run`` and alerts.

Scrapy (2.13 and later) wraps Twisted's network errors in its own classes
(``scrapy.exceptions.DownloadConnectionRefusedError`` and kin); their text
is Twisted's ("Connection was refused by other side: 111: Connection
refused."), which tells staff little. The known kinds get a short sentence
naming the host; anything else keeps its class name and message.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from twisted.internet.error import ConnectionRefusedError as TwistedRefused
from twisted.internet.error import DNSLookupError, TCPTimedOutError
from twisted.internet.error import TimeoutError as TwistedTimeout
from twisted.python.failure import Failure

from casewatch.spiders.politeness import HostBusy

_PLAIN: list[tuple[tuple[type[BaseException], ...], str]] = [
    ((DownloadConnectionRefusedError, TwistedRefused), "connection refused by {host}"),
    ((CannotResolveHostError, DNSLookupError), "host not found: {host}"),
    (
        (DownloadTimeoutError, TwistedTimeout, TCPTimedOutError),
        "no answer from {host} within the timeout ([crawl] timeout)",
    ),
    ((ResponseDataLossError,), "the answer from {host} was cut off before its end"),
    # Scrapy cancels a download past DOWNLOAD_MAXSIZE (its Content-Length, or
    # the bytes received so far); casewatch cancels no download otherwise.
    ((DownloadCancelledError,), "the page is larger than [crawl] max_page_size"),
]
# HttpCompressionMiddleware's IgnoreRequest for a body that decompresses
# past DOWNLOAD_MAXSIZE ("... exceeded DOWNLOAD_MAXSIZE (N B) during
# decompression"): Scrapy's setting named, not the user's.
_DECOMPRESSED_TOO_LARGE = "exceeded DOWNLOAD_MAXSIZE"

LIMIT = 500  # characters: the error is stored on the check and shown in tables


def describe_failure(failure: Failure, url: str) -> str:
    """What went wrong fetching ``url``, in a short sentence (at most
    ``LIMIT`` characters): "connection refused by 127.0.0.1:8099", "host not
    found: example.org", "no answer from … within the timeout"; a refusal of
    our own (robots.txt, an address casewatch does not fetch, a host busy
    too often) is its reason;
    any other error is "ClassName: message"."""
    error = failure.value
    host = urlsplit(url).netloc or url
    for kinds, sentence in _PLAIN:
        if isinstance(error, kinds):
            return sentence.format(host=host)[:LIMIT]
    message = str(error).strip()
    if isinstance(error, IgnoreRequest) and _DECOMPRESSED_TOO_LARGE in message:
        return "the page, once decompressed, is larger than [crawl] max_page_size"
    if isinstance(error, IgnoreRequest | HostBusy) and message:
        return message[:LIMIT]
    return f"{error.__class__.__name__}: {message or 'no details'}"[:LIMIT]
