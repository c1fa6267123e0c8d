"""``casewatch serve``: where it may listen, the token, and read-only access."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from casewatch.config import load_config
from casewatch.web.database import readonly_engine

TOKEN = "serve-token-0123456789abcdef"


def _with_token(crawled: Any, workspace: Any, token: str = TOKEN) -> None:
    config = crawled.workspace.config_path.read_text(encoding="utf-8")
    workspace.write_config(config + f'\n[web]\ntoken = "{token}"\n')


def test_a_public_address_without_a_token_is_refused(served_dashboard) -> None:
    crawled, _ = served_dashboard
    for host in ("0.0.0.0", "::", "192.0.2.7", "dashboard.example.org"):
        result = crawled.workspace.cli("serve", "--host", host, "--port", "0")
        assert result.returncode == 2, result
        [line] = [x for x in result.stderr.splitlines() if x.startswith("casewatch: error:")]
        assert line.startswith(f"casewatch: error: serving on {host} needs a token")
        assert "[web] token" in line and result.stdout == ""


def test_with_a_token_every_request_needs_it(served_dashboard, serve, workspace, http_get) -> None:
    crawled, _ = served_dashboard
    _with_token(crawled, workspace)
    with serve(workspace, "--host", "0.0.0.0") as url:
        local = url.replace("0.0.0.0", "127.0.0.1")
        for path in ("", "sources", "events", "api/cases", "api/events", "openapi.json"):
            status, _ = http_get(local + path)
            assert status == 401, path
            status, _ = http_get(local + path, {"Authorization": "Bearer wrong-token-0123456789"})
            assert status == 401, path
            status, body = http_get(local + path, {"Authorization": f"Bearer {TOKEN}"})
            assert status == 200, path
            assert TOKEN not in body
        status, body = http_get(local + "api/cases")
        assert json.loads(body)["error"].startswith("this dashboard needs its token")


def test_a_short_token_is_a_config_error(served_dashboard, workspace) -> None:
    crawled, _ = served_dashboard
    _with_token(crawled, workspace, token="short")
    result = workspace.cli("serve", "--port", "0")
    assert result.returncode == 2
    [line] = [x for x in result.stderr.splitlines() if x.startswith("casewatch: error:")]
    assert "web → token" in line and "16 characters" in line


def test_a_database_without_schema_is_not_created(workspace, tmp_path: Path) -> None:
    workspace.write_config('[database]\nurl = "sqlite:///nothing-here.db"\n')
    result = workspace.cli("serve", "--port", "0")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "does not exist yet" in line
    assert not (tmp_path / "nothing-here.db").exists()


def test_pages_show_no_secret_and_write_nothing(served_dashboard, http_get) -> None:
    crawled, url = served_dashboard
    database = crawled.workspace.folder / "casewatch.db"
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    events = json.loads(http_get(url + "api/events")[1])
    paths = ["", "sources", "events", "api/cases", "api/sources", "api/events"]
    paths += [f"events/{e['id']}" for e in events] + [f"api/events/{e['id']}" for e in events]
    paths += ["people/maryia-kalesnikava", "people/ales-bialiatski", "people/ihar-losik"]
    for path in paths:
        status, body = http_get(url + path)
        assert status == 200, path
        assert "hunter2-channel-secret" not in body, path
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_the_connection_cannot_write(crawled) -> None:
    config = load_config(crawled.workspace.config_path, environ=crawled.workspace.env)
    engine = readonly_engine(config.settings.database.url, config.redact)
    with pytest.raises(DBAPIError, match=r"(?i)read-?only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM alerts"))
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM alerts")) > 0
    engine.dispose()
