"""Real parts for the tests: a web site and an SMTP server on 127.0.0.1,
SQLite and PostgreSQL databases, and the casewatch CLI in a subprocess."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import html
import json
import os
import random
import re
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from casewatch.app import App
from casewatch.config import load_config
from casewatch.db import store
from casewatch.db.models import Alert, Event
from casewatch.demo.server import Site
from casewatch.failpoints import PAUSE_VARIABLE
from casewatch.spiders.items import FetchedPage
from casewatch.web.headless import CHROMIUM, launch

POSTGRES_URL = os.environ.get(
    "CASEWATCH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# CI sets this so that a missing server fails the run instead of skipping.
POSTGRES_REQUIRED = os.environ.get("CASEWATCH_REQUIRE_POSTGRES") == "1"
REDIS_REQUIRED = os.environ.get("CASEWATCH_REQUIRE_REDIS") == "1"  # CI: never skip


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as running:
        yield running


class Loopback:
    """A web server on 127.0.0.1 for answers the demo Site cannot give (by
    a request header, drip-fed): ``handle(request)`` answers each GET, with
    the request's BaseHTTPRequestHandler (:meth:`respond` writes an answer)."""

    def __init__(self, handle: Callable[[BaseHTTPRequestHandler], None]) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                handle(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @staticmethod
    def respond(
        request: BaseHTTPRequestHandler,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Write an answer to ``request``: status, headers, body."""
        request.send_response(status)
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body)


@pytest.fixture
def loopback() -> Iterator[Callable[[Callable[[BaseHTTPRequestHandler], None]], Loopback]]:
    """``loopback(handle)``: a :class:`Loopback` server, stopped at teardown."""
    running: list[Loopback] = []

    def start(handle: Callable[[BaseHTTPRequestHandler], None]) -> Loopback:
        running.append(Loopback(handle))
        return running[-1]

    yield start
    for server in running:
        server.close()


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        raw = envelope.content  # type: ignore[attr-defined]
        self.messages.append(
            email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[arg-type]
        )
        return "250 OK"

    def url(self, user: str = "alerts", password: str = "mail-pass-0000") -> str:
        return (
            f"mailto://{user}:{password}@{self.host}:{self.port}"
            "?from=casewatch@example.org&to=staff@example.org"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connections are refused)."""
    return free_port()


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    box = Mailbox("127.0.0.1", free_port())

    def accept(server, session, envelope, mechanism, auth_data):
        box.logins.append(mechanism)
        return AuthResult(success=True)

    controller = Controller(
        box, hostname=box.host, port=box.port, authenticator=accept, auth_require_tls=False
    )
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def _postgres_database() -> Iterator[str]:
    admin_url = make_url(POSTGRES_URL)
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            name = f"casewatch_test_{uuid.uuid4().hex[:12]}"
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no server, no driver, no rights: all mean "absent"
        if POSTGRES_REQUIRED:
            raise
        pytest.skip(
            f"PostgreSQL not reachable at {admin_url.render_as_string()} "
            f"({exc.__class__.__name__}); set CASEWATCH_TEST_POSTGRES to its URL"
        )
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database of its own (distributed mode needs one)."""
    yield from _postgres_database()


@pytest.fixture
def other_postgres_url() -> Iterator[str]:
    """A second throwaway database on the same PostgreSQL server."""
    yield from _postgres_database()


REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A Redis database (1-15) no other test run uses now, emptied afterwards;
    the test is skipped, with the reason, when no Redis answers on 127.0.0.1:6379."""
    import redis

    claim = uuid.uuid4().hex
    for number in random.sample(range(1, 16), 15):
        client = redis.Redis(REDIS_HOST, REDIS_PORT, db=number, socket_timeout=5)
        try:
            mine = client.set("casewatch-test-claim", claim, nx=True, ex=3600)
        except redis.exceptions.ConnectionError as exc:
            if REDIS_REQUIRED:
                raise
            pytest.skip(f"Redis not reachable at {REDIS_HOST}:{REDIS_PORT} ({exc})")
        if mine:
            break
        client.close()
    else:
        pytest.skip("every Redis database 1-15 is in use by other test runs")
    try:
        yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}"
    finally:
        client.flushdb()
        client.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'casewatch.db'}"
    else:
        yield from _postgres_database()


@dataclass
class Workspace:
    """A folder with a casewatch.toml, and ways to run casewatch on it."""

    folder: Path
    env: dict[str, str]

    @property
    def config_path(self) -> Path:
        return self.folder / "casewatch.toml"

    def write_config(self, toml: str) -> Path:
        self.config_path.write_text(textwrap.dedent(toml), encoding="utf-8")
        return self.config_path

    def write_local_config(self, toml: str, database_url: str = "", crawl: str = "") -> Path:
        """``toml`` after the usual test header: ``database_url`` (default: a
        SQLite file in this folder), and a crawl of local pages with no delay
        and no retries, plus the ``crawl`` lines given."""
        url = database_url or f"sqlite:///{self.folder / 'casewatch.db'}"
        header = f'[database]\nurl = "{url}"\n[crawl]\ndelay = "0s"\nretries = 0\n{crawl}\n'
        return self.write_config(header + textwrap.dedent(toml))

    def command(self, *args: str) -> list[str]:
        """The argv of ``casewatch --config THIS ARGS...``."""
        return [sys.executable, "-m", "casewatch", "--config", str(self.config_path), *args]

    def start(self, *args: str) -> subprocess.Popen[str]:
        """``casewatch ARGS...`` started, not waited for (stdout, stderr: pipes)."""
        return subprocess.Popen(
            self.command(*args),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
        )

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args),
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
            check=False,
        )

    def start_paused(self, point: str, gate: Path, *args: str) -> subprocess.Popen[str]:
        """``casewatch ARGS`` started in a process group of its own, as in a
        terminal, and held where one of its processes reaches the pause point
        ``point`` (casewatch.failpoints): returned once one has, until
        ``GATE.go`` exists."""
        process = subprocess.Popen(
            self.command(*args),
            env={**self.env, PAUSE_VARIABLE: f"{point}:{gate}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        while not Path(f"{gate}.reached").exists():
            assert process.poll() is None, process.communicate()[1]
            time.sleep(0.01)
        return process

    def app(self) -> App:
        """The app on this config, its schema brought up to date (as an
        operator's ``casewatch db upgrade`` would)."""
        app = App(load_config(self.config_path, environ=self.env))
        app.upgrade()
        return app

    @staticmethod
    def answer(source: str, url: str, text: str, at: dt.datetime) -> FetchedPage:
        """A 200 answer whose watched text is ``text``, line for line (to
        feed a recorder by hand)."""
        body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
        return FetchedPage(source, url, "ok", at, 5, 200, body.encode(), "text/html", "utf-8")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWATCH_")}
    return Workspace(tmp_path, env)


# --- alert delivery helpers (outbox, crash-recovery and alerts CLI tests) ---


@pytest.fixture
def start_smtp() -> Iterator[Callable[[Mailbox], Mailbox]]:
    """Starts an SMTP server for a mailbox on its own port, e.g. a port that
    refused connections earlier in the test; every server stops at teardown."""
    controllers: list[Controller] = []

    def start(box: Mailbox) -> Mailbox:
        controller = Controller(
            box,
            hostname=box.host,
            port=box.port,
            authenticator=lambda *_: AuthResult(success=True),
            auth_require_tls=False,
        )
        controller.start()
        controllers.append(controller)
        return box

    yield start
    for controller in controllers:
        controller.stop()


def _write_alerts_config(
    workspace: Workspace, database_url: str, channels: dict[str, str], extra: str = ""
) -> None:
    channel_tables = "".join(
        f'[[channels]]\nname = "{name}"\nurl = "{url}"\n' for name, url in channels.items()
    )
    workspace.write_config(f'[database]\nurl = "{database_url}"\n{extra}\n{channel_tables}')


def _watched_page(url: str, name: str = "UA", person: str | None = "Maryia Kalesnikava") -> str:
    """More TOML for ``alerts_config``: one source at ``url`` (about
    ``person``, if given), crawled without delays or retries."""
    about = f'[[people]]\nname = "{person}"\n' if person else ""
    people = f'people = ["{person}"]\n' if person else ""
    return (
        f'[crawl]\ndelay = "0s"\nretries = 0\n{about}'
        f'[[sources]]\nname = "{name}"\nurl = "{url}"\n{people}'
    )


@pytest.fixture
def watched_page() -> Callable[..., str]:
    return _watched_page


@pytest.fixture
def alerts_config() -> Callable[..., None]:
    """Writes a config with these channels (name → Apprise URL); ``extra`` is
    more TOML, placed before the channels."""
    return _write_alerts_config


def _add_alerted_event(
    app: App,
    channels: Sequence[str],
    summary: str = "Maryia Kalesnikava: status detained → sentenced",
    kind: str = "page_changed",
    details: dict[str, Any] | None = None,
    when: dt.datetime | None = None,
) -> list[int]:
    """Records an event as the recorder does, with one pending alert per
    channel; returns the alert ids, in the order of ``channels``."""
    event = Event(
        kind=kind,
        person="Maryia Kalesnikava",
        summary=summary,
        details=details or {},
        occurred_at=when or dt.datetime.now(dt.UTC),
    )
    with app.sessions.begin() as session:
        store.add_event(session, event, channels)
        session.flush()
        rows = session.execute(select(Alert.channel, Alert.id).where(Alert.event_id == event.id))
        ids = {channel: alert_id for channel, alert_id in rows}
    return [ids[channel] for channel in channels]


@pytest.fixture
def alerted_event() -> Callable[..., list[int]]:
    return _add_alerted_event


@pytest.fixture
def down_mailbox(closed_port: int) -> Mailbox:
    """A mailbox whose SMTP server is down until ``start_smtp(down_mailbox)``."""
    return Mailbox("127.0.0.1", closed_port)


# --- the dashboard's tests (tests/test_web_*.py): a database built by a real crawl ---

WEB_PAGE = "<html><body><nav>Menu</nav><article>{body}</article></body></html>"
# Page text that must reach the dashboard as text: markup, a Slack ping and an
# RTL override that would turn the rest of its line around.
HOSTILE = "<script>window.pwned = 1</script> <!channel> file\u202etxt.exe"
# The alert channel's password: no page or API answer may show it.
WEB_SECRET = "hunter2-channel-secret"


@dataclass
class Crawled:
    """A workspace whose database holds two cycles over the pages of ``site``."""

    workspace: Workspace
    site: Site

    def cli_json(self, *args: str) -> Any:
        result = self.workspace.cli(*args)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


def crawl_for_dashboard(workspace: Workspace, database_url: str, site: Site, port: int) -> Crawled:
    """Three people (one named in Cyrillic, one never mentioned), four sources
    (one failing, one quoting hostile text), an alert channel that is down;
    a baseline cycle, then the pages change and a second cycle runs."""
    workspace.write_config(
        f"""
        [database]
        url = "{database_url}"
        [crawl]
        delay = "0s"
        retries = 0
        timeout = "5s"
        failures_before_alert = 1
        [alerts]
        max_attempts = 1
        [[people]]
        name = "Maryia Kalesnikava"
        aliases = ["Maria Kolesnikova", "Мария Колесникова"]
        [[people]]
        name = "Алесь Бяляцкі"
        aliases = ["Ales Bialiatski"]
        [[people]]
        name = "Ihar Losik"
        [[sources]]
        name = "UA 147.20"
        url = "{site.url("/ua")}"
        kind = "amnesty_ua"
        select = "article"
        people = ["Maryia Kalesnikava"]
        [[sources]]
        name = "Навіны"
        url = "{site.url("/be")}"
        select = "article"
        [[sources]]
        name = "Forum"
        url = "{site.url("/forum")}"
        select = "article"
        [[sources]]
        name = "Broken"
        url = "{site.url("/broken")}"
        [[channels]]
        name = "staff"
        url = "json://casewatch:{WEB_SECRET}@127.0.0.1:{port}/alerts"
        """
    )
    deadline = dt.date.today() + dt.timedelta(days=20)
    site.put(
        "/ua",
        WEB_PAGE.format(
            body="<h1>Free Maryia Kalesnikava</h1><p>Maryia Kalesnikava was detained "
            "in Minsk.</p><p>PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: "
            f"{deadline:%d %B %Y}</p>"
        ),
    )
    site.put("/be", WEB_PAGE.format(body="<p>Алесь Бяляцкі быў затрыманы ў Мінску.</p>"))
    site.put("/forum", WEB_PAGE.format(body="<p>Quiet so far.</p>"))
    site.put("/broken", WEB_PAGE.format(body="<p>Up.</p>"))
    first = workspace.cli("run")
    assert first.returncode in (0, 1), first.stderr
    site.put(
        "/ua",
        WEB_PAGE.format(
            body="<h1>Free Maryia Kalesnikava</h1><p>Maryia Kalesnikava was sentenced "
            "to 11 years in a penal colony.</p><p>PLEASE TAKE ACTION AS SOON AS POSSIBLE "
            f"UNTIL: {deadline:%d %B %Y}</p>"
        ),
    )
    site.put(
        "/be",
        WEB_PAGE.format(body="<p>Суд прысудзіў Алеся Бяляцкага да 10 гадоў калоніі.</p>"),
    )
    site.put("/forum", WEB_PAGE.format(body=f"<p>{html.escape(HOSTILE)}</p>"))
    site.put("/broken", "oops", status=500)
    second = workspace.cli("run", "--all")
    assert second.returncode == 1, second.stderr  # Broken fails, the alerts cannot go
    return Crawled(workspace, site)


def _http_get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """GET ``url`` (a served dashboard's page): (HTTP status, body text), errors too."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture
def http_get() -> Callable[..., tuple[int, str]]:
    """``http_get(url, headers=None)``: (HTTP status, body text) of a GET."""
    return _http_get


@contextmanager
def serving(workspace: Workspace, *args: str) -> Iterator[str]:
    """``casewatch serve`` on a free loopback port; yields its base URL once it
    says it listens (the line is printed after the socket is bound)."""
    process = workspace.start("serve", "--port", "0", *args)
    try:
        line = process.stdout.readline() if process.stdout else ""
        found = re.search(r"http://\S+/", line)
        if found is None:
            process.kill()
            raise AssertionError(f"serve did not start: {line}{process.communicate()[1]}")
        yield found.group()
    finally:
        process.terminate()
        process.wait(timeout=30)


ARTEFACTS = Path(
    os.environ.get("CASEWATCH_ARTEFACTS", Path(__file__).parent.parent / "tmp" / "artefacts")
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright; the test is skipped,
    with the reason, where either is missing."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(
            f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CASEWATCH_CHROMIUM)"
        )
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed"
    )
    with playwright_api.sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def crawled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Crawled]:
    """The dashboard's test database, on SQLite and on PostgreSQL: one crawl
    per test module and backend (the tests only read it)."""
    folder = tmp_path_factory.mktemp("crawled")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWATCH_")}
    urls = (
        iter([f"sqlite:///{folder / 'casewatch.db'}"])
        if request.param == "sqlite"
        else _postgres_database()
    )
    url = next(urls)
    try:
        with Site() as site:
            yield crawl_for_dashboard(Workspace(folder, env), url, site, free_port())
    finally:
        next(urls, None)  # drops the PostgreSQL database


@pytest.fixture(scope="module")
def served_dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Crawled, str]]:
    """One crawl per test module (SQLite), served by ``casewatch serve``: (crawl, base URL)."""
    folder = tmp_path_factory.mktemp("web")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWATCH_")}
    workspace = Workspace(folder, env)
    with Site() as site:
        crawled = crawl_for_dashboard(
            workspace, f"sqlite:///{folder / 'casewatch.db'}", site, free_port()
        )
        with serving(workspace) as url:
            yield crawled, url


@pytest.fixture
def serve() -> Callable[..., Any]:
    """``serving``: ``with serve(workspace, *args) as url: ...``."""
    return serving


@pytest.fixture
def artefacts() -> Path:
    """Where tests leave screenshots for people to look at (not committed)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS
