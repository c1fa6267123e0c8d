"""robots.txt, obeyed for every request.

Scrapy 2.19's RobotsTxtMiddleware lets requests through unchecked when three
or more requests to one host wait for its robots.txt at once: the waiters
share one Deferred, and only the first of them is handed the parser (the
others get None, which means "allowed"). casewatch starts all its requests
together, so this matters. Once the Deferred has fired, the parser is stored
for the host: read it from there.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class EveryRequestRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        await super().robot_parser(request)
        parser = self._parsers[urlparse_cached(request).netloc]
        return None if isinstance(parser, Deferred) else parser
