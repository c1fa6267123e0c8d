"""Real parts for the tests: a web site and an SMTP server on 127.0.0.1,
SQLite and PostgreSQL databases, and the casewatch CLI in a subprocess."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import html
import os
import socket
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
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
from casewatch.spiders.items import FetchedPage

POSTGRES_URL = os.environ.get(
    "CASEWATCH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# CI sets this so that a missing server fails the run instead of skipping.
POSTGRES_REQUIRED = os.environ.get("CASEWATCH_REQUIRE_POSTGRES") == "1"


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as running:
        yield running


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

    def command(self, *args: str) -> list[str]:
        """The argv of ``casewatch --config THIS ARGS...``."""
        return [sys.executable, "-m", "casewatch", "--config", str(self.config_path), *args]

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args),
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
            check=False,
        )

    def app(self) -> App:
        return App(load_config(self.config_path, environ=self.env))

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
