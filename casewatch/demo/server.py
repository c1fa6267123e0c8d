"""A small web site on 127.0.0.1 whose pages can be changed while it runs.

The demo serves its sample pages with it, and the tests their fixtures. It
answers conditional GETs (ETag) like a real server, serves any status code,
redirects and pages behind HTTP Basic auth, and keeps the JSON bodies POSTed to it (Apprise ``json://``
alerts in the demo).
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    # "user:password": answered 401 unless the request has them as Basic auth.
    auth: str | None = None


class Site:
    """Serves on ``host`` (any 127.x.y.z address is this machine: tests use
    several to stand for several web hosts), on a free port."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.pages: dict[str, Page] = {}
        self.posts: list[tuple[str, Any]] = []
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # method, path, headers
        self.latency = 0.0  # seconds each GET waits before it is answered
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def put(self, path: str, body: str | bytes, status: int = 200, **kwargs: Any) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self.pages[path] = Page(data, status, **kwargs)

    def remove(self, path: str) -> None:
        with self._lock:
            self.pages.pop(path, None)

    def page(self, path: str) -> Page | None:
        with self._lock:
            return self.pages.get(path)

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


_CHALLENGE = {"WWW-Authenticate": 'Basic realm="casewatch test"'}


def _authorized(headers: Any, auth: str) -> bool:
    """Does the request carry ``auth`` ("user:password") as HTTP Basic auth?"""
    expected = "Basic " + base64.b64encode(auth.encode("utf-8")).decode("ascii")
    return headers.get("Authorization") == expected


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            time.sleep(site.latency)
            site.requests.append(("GET", self.path, dict(self.headers)))
            page = site.page(self.path)
            if page is None:
                page = Page(b"<h1>Not found</h1>", 404)
            elif page.auth is not None and not _authorized(self.headers, page.auth):
                page = Page(b"<h1>Unauthorized</h1>", 401, headers=_CHALLENGE)
            etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
            if page.status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            if page.status == 200:
                self.send_header("ETag", etag)
            for name, value in page.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(page.body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                payload: Any = json.loads(raw)
            except ValueError:
                payload = raw.decode("utf-8", "replace")
            site.requests.append(("POST", self.path, dict(self.headers)))
            site.posts.append((self.path, payload))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the demo prints its own story

    return Handler
