"""Polite and safe fetching (SPEC §5), through ``casewatch run`` against real
servers on 127.0.0.1: per-host concurrency counted at the server, Retry-After,
cookies within a check, TLS verification and its opt-out, internal redirects."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select, update

from casewatch.db.models import Check, Source
from casewatch.spiders.addresses import hop_allowed, is_internal
from casewatch.spiders.politeness import retry_after

PAGE = "<html><body><p>Maryia Kalesnikava is held in a penal colony.</p></body></html>"
SLOW_PAGES = 6


class Server:
    """A site whose handler counts concurrent requests, gates a page behind a
    cookie, answers 429 with Retry-After once, and redirects."""

    def __init__(self, certificate: tuple[Path, Path] | None = None) -> None:
        self.lock = threading.Lock()
        self.active = self.peak = 0
        self.hits: dict[str, list[float]] = {}
        self.cookies_seen: list[str | None] = []
        self.crowded_once = False  # the first /crowded/ request was answered 429
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.scheme = "http"
        if certificate:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*certificate)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with server.lock:
                server.hits.setdefault(self.path, []).append(time.monotonic())
                calls = len(server.hits[self.path])
            if self.path.startswith("/slow/"):
                self._slow()
            elif self.path == "/gated":
                self._gated()
            elif self.path == "/busy" and calls == 1:
                self._answer(429, b"slow down", {"Retry-After": "2"})
            elif self.path.startswith("/crowded/") and not server.crowded_once:
                server.crowded_once = True
                self._answer(429, b"too many requests")  # no Retry-After
            elif self.path == "/closed":
                self._answer(503, b"maintenance", {"Retry-After": "7200"})
            elif self.path == "/hop":
                self._answer(302, b"", {"Location": "/busy-free"})
            elif self.path == "/robots.txt":
                self._answer(404, b"")
            else:
                self._answer(200, PAGE.encode())

        def _slow(self) -> None:
            with server.lock:
                server.active += 1
                server.peak = max(server.peak, server.active)
            time.sleep(0.3)
            with server.lock:
                server.active -= 1
            self._answer(200, PAGE.encode())

        def _gated(self) -> None:
            # Sets a cookie and redirects to itself until it comes back.
            cookie = self.headers.get("Cookie")
            server.cookies_seen.append(cookie)
            if cookie and "visitor=ok" in cookie:
                self._answer(200, PAGE.encode())
            else:
                self._answer(302, b"", {"Location": "/gated", "Set-Cookie": "visitor=ok; Path=/"})

        def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[Server, Server, Server]]:
    certificate = _self_signed(tmp_path)
    running = (Server(), Server(certificate), Server(certificate))
    yield running
    for server in running:
        server.close()


def test_one_polite_and_safe_check_of_many_sources(workspace, servers) -> None:
    web, strict_tls, lenient_tls = servers
    sources = {f"slow {i}": web.url(f"/slow/{i}") for i in range(SLOW_PAGES)}
    sources |= {
        "gated": web.url("/gated"),
        "busy": web.url("/busy"),
        "hop": web.url("/hop"),  # a loopback source may redirect within loopback
        "self-signed": strict_tls.url("/page"),
        "self-signed, opted out": lenient_tls.url("/page"),
    }
    tables = "".join(
        f'[[sources]]\nname = "{name}"\nurl = "{url}"\n'
        + ("verify_tls = false\n" if name.endswith("opted out") else "")
        for name, url in sources.items()
    )
    workspace.write_config(
        '[crawl]\ndelay = "0s"\nper_host_concurrency = 2\n'
        f'[[people]]\nname = "Maryia Kalesnikava"\n{tables}'
    )
    result = workspace.cli("run")
    outcomes = _outcomes(workspace)

    # per_host_concurrency holds with delay "0s" (Scrapy alone sends them all at once).
    assert web.peak <= 2, web.peak
    # The cookie came back within the check, and the page was read.
    assert outcomes["gated"][0] == "baseline", outcomes["gated"]
    assert web.cookies_seen[0] is None and "visitor=ok" in (web.cookies_seen[-1] or "")
    # The 429 window was waited out, then the page asked for once more and read.
    first, again = web.hits["/busy"]
    assert again - first >= 2 - 0.05 and outcomes["busy"][0] == "baseline"
    assert outcomes["hop"][0] == "baseline"
    # A certificate nobody vouches for fails the check, unless the source opts out.
    assert outcomes["self-signed"][0] == "failed"
    assert "certificate" in (outcomes["self-signed"][1] or "").lower()
    assert outcomes["self-signed, opted out"][0] == "baseline"
    assert result.returncode == 1, result.stderr  # the strict self-signed source failed
    assert all(outcomes[f"slow {i}"][0] == "baseline" for i in range(SLOW_PAGES))


def test_a_429_slows_down_every_request_to_the_host(workspace, servers) -> None:
    web = servers[0]
    tables = "".join(
        f'[[sources]]\nname = "crowded {i}"\nurl = "{web.url(f"/crowded/{i}")}"\n' for i in range(4)
    )
    workspace.write_config(
        '[crawl]\ndelay = "0s"\nper_host_concurrency = 1\n'
        f'[[people]]\nname = "Maryia Kalesnikava"\n{tables}'
    )
    assert workspace.cli("run").returncode == 0
    asked = sorted(
        t for path, times in web.hits.items() if path.startswith("/crowded/") for t in times
    )
    # Five requests: the one answered 429 (retried later) and four that were read.
    assert len(asked) == 5 and all(o[0] == "baseline" for o in _outcomes(workspace).values())
    # Without the 429 they go back to back; after it the host's next request
    # waits 1 s (±50%), however many connections it would be allowed.
    assert asked[1] - asked[0] >= 0.5 - 0.05, asked


def test_cookies_are_not_kept_across_checks(workspace, servers) -> None:
    web = servers[0]
    workspace.write_config(f'[[sources]]\nname = "gated"\nurl = "{web.url("/gated")}"\n')
    for _ in range(2):
        assert workspace.cli("run", "--all").returncode == 0
    # Each check starts without the cookie the last one was given.
    assert [c is None for c in web.cookies_seen] == [True, False, True, False]


def test_a_long_retry_after_postpones_the_next_check(workspace, servers) -> None:
    web = servers[0]
    workspace.write_config(
        '[alerts]\ntimezone = "Europe/Minsk"\n'
        f'[[sources]]\nname = "closed"\nurl = "{web.url("/closed")}"\ninterval = "1m"\n'
    )
    first = workspace.cli("run")
    assert first.returncode == 1
    assert "back after" in (_outcomes(workspace)["closed"][1] or "")
    with workspace.app().sessions.begin() as session:  # as if its interval had passed
        hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        session.execute(update(Source).values(last_checked_at=hour_ago))
    assert workspace.cli("run").stdout.startswith("checked 0 sources")
    assert len(web.hits["/closed"]) == 1  # asked once, then left alone for two hours
    status = json.loads(workspace.cli("status", "--json").stdout)
    due = dt.datetime.fromisoformat(status["sources"][0]["next_due_at"])
    assert due > dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    # When the site asked us back, as every time shown: in the configured zone.
    back = f"HTTP 503, back after {due.astimezone(ZoneInfo('Europe/Minsk')):%Y-%m-%d %H:%M}"
    assert f"closed: {back} Europe/Minsk" in first.stderr
    table = workspace.cli("sources").stdout
    assert f"1 failure in a row: {back} Europe/Minsk" in table and "UTC" not in table


def test_run_all_or_source_leaves_a_source_whose_server_asked_for_time(workspace, servers) -> None:
    """SPEC §5: a long Retry-After postpones the next check, "and no earlier",
    also for `run --all` and `run --source`, which say so."""
    web = servers[0]
    workspace.write_config(
        '[crawl]\ndelay = "0s"\n[alerts]\ntimezone = "Europe/Minsk"\n'
        f'[[sources]]\nname = "closed"\nurl = "{web.url("/closed")}"\n'
        f'[[sources]]\nname = "open"\nurl = "{web.url("/open")}"\n'
    )
    assert workspace.cli("run").returncode == 1  # closed: 503, Retry-After: 7200
    status = json.loads(workspace.cli("status", "--json").stdout)
    due = {s["name"]: s["next_due_at"] for s in status["sources"]}["closed"]
    until = dt.datetime.fromisoformat(due).astimezone(ZoneInfo("Europe/Minsk"))
    said = (
        "not checked: closed: its server asked (Retry-After) not to be asked "
        f"before {until:%Y-%m-%d %H:%M} Europe/Minsk"
    )
    for args in (["--all"], ["--source", "closed"], ["--source", "closed", "--source", "open"]):
        result = workspace.cli("run", *args)
        assert result.returncode == 1, result.stderr  # its last check failed
        assert said in result.stdout and "still failing" not in result.stderr, result
        assert "nothing due" not in result.stdout
    assert len(web.hits["/closed"]) == 1  # asked once, then left alone
    assert len(web.hits["/open"]) == 3  # the first run, --all, and named


def _outcomes(workspace) -> dict[str, tuple[str, str | None]]:
    with workspace.app().sessions() as session:
        rows = session.execute(
            select(Source.name, Check.outcome, Check.error).join(
                Check, Check.source_id == Source.id
            )
        )
        return {name: (outcome, error) for name, outcome, error in rows}


def _ips(*texts: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    return [ipaddress.ip_address(t) for t in texts]


@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        (["93.184.216.34"], ["127.0.0.1"], False),  # the web to loopback
        (["93.184.216.34"], ["10.1.2.3"], False),  # private
        (["93.184.216.34"], ["192.168.0.10"], False),
        (["93.184.216.34"], ["169.254.169.254"], False),  # link-local: cloud metadata
        (["93.184.216.34"], ["::1"], False),
        (["93.184.216.34"], ["fe80::1"], False),
        (["93.184.216.34"], ["::ffff:127.0.0.1"], False),  # IPv4 in IPv6 clothing
        (["93.184.216.34"], ["0.0.0.0"], False),
        (["93.184.216.34"], ["93.184.216.35", "10.0.0.1"], False),  # one bad answer is enough
        (["93.184.216.34"], ["151.101.1.69"], True),  # the web to the web
        (["127.0.0.1"], ["127.0.0.1"], True),  # an internal source stays internal
        (["10.0.0.5"], ["192.168.1.1"], True),
        (["93.184.216.34"], [], True),  # no address: it fails by itself
    ],
)
def test_redirect_rule(source: list[str], target: list[str], allowed: bool) -> None:
    assert hop_allowed(_ips(*source), _ips(*target)) is allowed


def test_internal_addresses() -> None:
    assert is_internal(ipaddress.ip_address("172.16.0.1"))
    assert not is_internal(ipaddress.ip_address("8.8.8.8"))


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("5", 5),
        ("0", 0),
        ("Wed, 21 Oct 2026 07:28:10 GMT", 10),
        ("Wed, 21 Oct 2026 07:27:00 GMT", 0),  # in the past: at once
        ("soon", None),
        (None, None),
        ("99999999999999999999", None),  # past any date: unreadable, not a crash
    ],
)
def test_retry_after_header(header: str | None, seconds: int | None) -> None:
    now = dt.datetime(2026, 10, 21, 7, 28, tzinfo=dt.UTC)
    wait = retry_after(header, now)
    assert (None if wait is None else wait.total_seconds()) == seconds


def test_credentials_in_source_urls_are_masked(workspace) -> None:
    url = "https://monitor:Pa55-word@intranet.example.org/cases/ua-147-20?token=q1w2e3r4t5&lang=en"
    workspace.write_config(f'[[sources]]\nname = "intranet"\nurl = "{url}"\n')
    result = workspace.cli("config", "check")
    assert result.returncode == 0, result.stderr
    assert "Pa55-word" not in result.stdout and "q1w2e3r4t5" not in result.stdout
    # The page's own address stays readable.
    assert "intranet.example.org/cases/ua-147-20" in result.stdout
