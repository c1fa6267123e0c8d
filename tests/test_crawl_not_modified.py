"""A 304 Not Modified counts as a healthy check only as the answer to our
own conditional request with a stored snapshot behind it (RFC 9110
§15.4.5), through ``casewatch run`` against a real server on 127.0.0.1."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import pytest
from sqlalchemy import select, update

from casewatch.db.models import Check, Event, Source

PAGE = b"<html><body><p>Maryia Kalesnikava is held in a penal colony.</p></body></html>"
ETAG = '"v1"'


class Server:
    """``/stale``: 304 to everything, with no validators (a broken cache);
    ``/cdn``: the same, unless asked with ``Cache-Control: no-cache``;
    ``/honest``: 200 with an ETag, 304 to a matching ``If-None-Match``;
    ``/flaky``: 200 without validators, then 304 to everything."""

    def __init__(self, loopback) -> None:
        self.asked: list[tuple[str, dict[str, str]]] = []
        self.server = loopback(self.answer)
        self.url = self.server.url

    def headers_of(self, path: str) -> list[dict[str, str]]:
        return [headers for asked, headers in self.asked if asked == path]

    def answer(self, request: BaseHTTPRequestHandler) -> None:
        path, headers, respond = request.path, dict(request.headers), self.server.respond
        self.asked.append((path, headers))
        uncached = headers.get("Cache-Control") == "no-cache"
        page = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(PAGE))}
        if path == "/honest" and headers.get("If-None-Match") == ETAG:
            respond(request, 304, headers={"ETag": ETAG})
        elif path == "/honest":
            respond(request, 200, PAGE, {**page, "ETag": ETAG})
        elif (path == "/cdn" and uncached) or (path == "/flaky" and self._first(path)):
            respond(request, 200, PAGE, page)
        elif path == "/robots.txt":
            respond(request, 404, headers={"Content-Length": "0"})
        else:
            respond(request, 304)

    def _first(self, path: str) -> bool:
        return len(self.headers_of(path)) == 1


@pytest.fixture
def server(loopback) -> Server:
    return Server(loopback)


def _configure(workspace, server: Server, *paths: str) -> None:
    tables = "".join(
        f'[[sources]]\nname = "{path.strip("/")}"\nurl = "{server.url(path)}"\n' for path in paths
    )
    workspace.write_local_config(
        f'[[people]]\nname = "Maryia Kalesnikava"\n{tables}', crawl="failures_before_alert = 2"
    )


def _checks(workspace) -> dict[str, list[tuple[str, str | None]]]:
    with workspace.app().sessions() as session:
        rows = session.execute(
            select(Source.name, Check.outcome, Check.error)
            .join(Check, Check.source_id == Source.id)
            .order_by(Check.id)
        )
        found: dict[str, list[tuple[str, str | None]]] = {}
        for name, outcome, error in rows:
            found.setdefault(name, []).append((outcome, error))
        return found


def _failing_events(workspace) -> dict[str, int]:
    with workspace.app().sessions() as session:
        rows = session.execute(
            select(Source.name)
            .join(Event, Event.source_id == Source.id)
            .where(Event.kind == "source_failing")
        )
        names = [name for (name,) in rows]
        return {name: names.count(name) for name in set(names)}


def test_a_304_to_a_request_without_conditions_is_no_healthy_check(workspace, server) -> None:
    _configure(workspace, server, "/stale", "/cdn", "/honest")
    first = workspace.cli("run")

    assert first.returncode == 1, first.stderr  # /stale failed
    checks = _checks(workspace)
    # Asked once more past the caches, then failed, saying what the server did.
    stale = server.headers_of("/stale")
    assert len(stale) == 2 and "If-None-Match" not in stale[0]
    assert stale[1].get("Cache-Control") == "no-cache"
    [(outcome, error)] = checks["stale"]
    assert outcome == "failed" and "304 Not Modified to a request without conditions" in error
    assert "source failed: stale: HTTP 304 Not Modified" in first.stderr
    # A page that cannot be watched at all is reported on its first check.
    assert _failing_events(workspace) == {"stale": 1}
    # A cache that lets no-cache through: the page is read.
    assert checks["cdn"] == [("baseline", None)]
    assert checks["honest"] == [("baseline", None)]

    second = workspace.cli("run", "--all")
    assert second.returncode == 1, second.stderr
    checks = _checks(workspace)
    assert [o for o, _ in checks["stale"]] == ["failed", "failed"]
    assert _failing_events(workspace) == {"stale": 1}  # said once
    # Our own conditional request, a snapshot behind it: healthy.
    assert server.headers_of("/honest")[-1].get("If-None-Match") == ETAG
    assert checks["honest"][-1] == ("not_modified", None)


def test_a_304_after_the_page_was_read_without_validators_fails_the_check(
    workspace, server
) -> None:
    """Validators lost (the server never gave any): the stored snapshot stays,
    the failures count towards source_failing like any others."""
    _configure(workspace, server, "/flaky")
    assert workspace.cli("run").returncode == 0
    for _ in range(2):
        assert workspace.cli("run", "--all").returncode == 1
    outcomes = [outcome for outcome, _error in _checks(workspace)["flaky"]]
    assert outcomes == ["baseline", "failed", "failed"]
    assert _failing_events(workspace) == {"flaky": 1}  # failures_before_alert = 2
    with workspace.app().sessions() as session:
        assert session.scalar(select(Source.snapshot_id)) is not None


def test_no_conditional_request_without_a_stored_snapshot(workspace, server) -> None:
    """Validators kept, snapshot gone: a 304 would leave nothing to read, so
    the page is asked for in full."""
    _configure(workspace, server, "/honest")
    assert workspace.cli("run").returncode == 0
    with workspace.app().sessions.begin() as session:
        session.execute(update(Source).values(snapshot_id=None, snapshot_hash=None))
    assert workspace.cli("run", "--all").returncode == 0
    assert "If-None-Match" not in server.headers_of("/honest")[-1]
    assert [o for o, _ in _checks(workspace)["honest"]] == ["baseline", "baseline"]
