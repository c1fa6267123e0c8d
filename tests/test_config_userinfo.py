"""A ``${VARIABLE}`` in a URL's user:password is percent-encoded by the
loader (RFC 3986 §3.2.1 reserves ``@ : / ? # %`` there), elsewhere kept as
it is; the password is masked in both forms. Through ``casewatch alerts
test`` to an aiosmtpd that checks the password it receives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import make_url

from casewatch.config import load_config

PASSWORDS = [
    "abc@def123",
    "abc#def123",
    "abc/def123",
    "abc?def123",
    "abc:def123",
    "abc%def123",
    "p@ss:w/o?r#d%41",
]


class Inbox:
    """Accepts mail only from the user ``alerts`` with ``password``."""

    def __init__(self, password: str) -> None:
        self.password = password
        self.received: list[str] = []  # the passwords AUTH brought
        self.subjects: list[str] = []

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        password = auth_data.password.decode("utf-8")
        self.received.append(password)
        return AuthResult(success=(auth_data.login, password) == (b"alerts", self.password))

    async def handle_DATA(self, server: object, session: object, envelope) -> str:
        text = envelope.content.decode("utf-8", "replace")
        self.subjects += [line for line in text.splitlines() if line.startswith("Subject:")]
        return "250 OK"


@pytest.fixture
def inbox(request: pytest.FixtureRequest, closed_port: int) -> Iterator[tuple[Inbox, int]]:
    box = Inbox(request.param)
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=closed_port,
        authenticator=box.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield box, closed_port
    finally:
        controller.stop()


@pytest.mark.parametrize("inbox", PASSWORDS, indirect=True)
def test_a_password_with_reserved_characters_reaches_the_mail_server_whole(
    workspace, tmp_path, inbox, alerts_config
):
    box, port = inbox
    workspace.env["SMTP_PASSWORD"] = box.password
    url = (
        f"mailto://alerts:${{SMTP_PASSWORD}}@127.0.0.1:{port}"
        "?from=casewatch@example.org&to=staff@example.org"
    )
    alerts_config(workspace, f"sqlite:///{tmp_path / 'casewatch.db'}", {"mail": url})
    check = workspace.cli("config", "check")
    assert check.returncode == 0, check.stderr
    assert f"mail: mailto://alerts:***@127.0.0.1:{port}?from=" in check.stdout

    sent = workspace.cli("alerts", "test")
    assert (sent.returncode, sent.stdout.strip()) == (0, "mail: delivered"), sent.stderr
    assert box.received == [box.password]
    assert len(box.subjects) == 1
    shown = check.stdout + check.stderr + sent.stdout + sent.stderr
    assert box.password not in shown and quote(box.password, safe="") not in shown


def write(tmp_path: Path, toml: str) -> Path:
    path = tmp_path / "casewatch.toml"
    path.write_text(toml, encoding="utf-8")
    return path


def test_only_the_userinfo_is_encoded_and_both_forms_are_masked(tmp_path: Path) -> None:
    password = "p@ss:w/o?r#d%41"
    encoded = quote(password, safe="")
    environ = {
        "SMTP_USER": "alerts@example.org",
        "SMTP_PASSWORD": password,
        "SLACK_TOKENS": "T0AAAAAAAAA/B0BBBBBBBBB/XXxxXXxxXXxxXXxxXXxxXXxx",
        "HOOK_TOKEN": "tok/en?with&chars",
        "PGPASSWORD": password,
    }
    config = load_config(
        write(
            tmp_path,
            """
            [database]
            url = "postgresql+psycopg://casewatch:${PGPASSWORD}@127.0.0.1:5432/casewatch"
            [[channels]]
            name = "mail"
            url = "mailtos://${SMTP_USER}:${SMTP_PASSWORD}@smtp.example.org?to=staff@example.org"
            [[channels]]
            name = "slack"
            url = "slack://${SLACK_TOKENS}/#cases"
            [[channels]]
            name = "hook"
            url = "json://127.0.0.1:8080/alerts?token=${HOOK_TOKEN}"
            """.replace("\n            ", "\n"),
        ),
        environ=environ,
    )
    mail, slack, hook = (c.url for c in config.settings.channels)
    assert mail == f"mailtos://alerts%40example.org:{encoded}@smtp.example.org?to=staff@example.org"
    assert slack == f"slack://{environ['SLACK_TOKENS']}/#cases"  # slashes on purpose
    assert hook == "json://127.0.0.1:8080/alerts?token=tok/en?with&chars"  # as written
    database = make_url(config.settings.database.url)
    assert (database.username, database.password, database.host) == (
        "casewatch",
        password,
        "127.0.0.1",
    )
    for secret in (password, encoded):
        said = config.redact(f"login failed for {secret} on {mail}")
        assert (
            said
            == "login failed for *** on mailtos://alerts%40example.org:***@smtp.example.org?to=staff@example.org"
        )
        assert config.redact(f"database: {secret}") == "database: ***"
