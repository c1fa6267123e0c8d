"""End to end: real pages on 127.0.0.1 → casewatch run → database → email.

Each test runs the CLI as a user would (a subprocess per cycle, as Scrapy's
reactor runs once per process), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from casewatch.db.models import Alert, Check, Diff, Event, Snapshot

PAGE = """<html><body><nav>Menu</nav><article>
<h1>Free Maryia Kalesnikava</h1>
<p>{news}</p>
<p class="counter">{days} days behind bars</p>
</article></body></html>"""


def config(workspace, database_url, site, smtp, failures: int = 3) -> None:
    workspace.write_config(
        f"""
        [database]
        url = "{database_url}"
        [crawl]
        delay = "0s"
        retries = 0
        timeout = "5s"
        failures_before_alert = {failures}
        [[people]]
        name = "Maryia Kalesnikava"
        aliases = ["Maria Kolesnikova"]
        [[sources]]
        name = "UA 147.20"
        url = "{site.url("/ua")}"
        select = "article"
        ignore = ['\\d+ days behind bars']
        people = ["Maryia Kalesnikava"]
        [[channels]]
        name = "staff-email"
        url = "{smtp.url()}"
        events = ["*"]
        """
    )


def events(workspace, kind: str | None = None) -> list[Event]:
    with workspace.app().sessions() as session:
        query = select(Event).order_by(Event.id)
        if kind:
            query = query.where(Event.kind == kind)
        return list(session.scalars(query))


def count(workspace, model) -> int:
    with workspace.app().sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_change_is_recorded_diffed_and_mailed_once(workspace, database_url, site, smtp):
    config(workspace, database_url, site, smtp)
    site.put("/ua", PAGE.format(news="She was detained on 7 September.", days=80))

    baseline = workspace.cli("run")
    assert baseline.returncode == 0, baseline.stderr
    assert smtp.messages == []  # the first check is a silent baseline
    assert [e.kind for e in events(workspace)] == ["new_mention"]
    assert all(e.baseline for e in events(workspace))

    site.put("/ua", PAGE.format(news="She was sentenced to 11 years.", days=81))
    changed = workspace.cli("run", "--all")
    assert changed.returncode == 0, changed.stderr
    [event] = events(workspace, "page_changed")
    assert event.person == "Maryia Kalesnikava"
    assert count(workspace, Diff) == 1
    with workspace.app().sessions() as session:
        diff = session.scalar(select(Diff))
        assert "-She was detained on 7 September." in diff.unified
        assert "+She was sentenced to 11 years." in diff.unified
        assert "days behind bars" not in diff.unified  # noise never stored as change
    [mail] = smtp.messages
    assert mail["To"] == "staff@example.org"
    body = mail.get_body(("plain", "html")).get_content()
    assert "She was sentenced to 11 years." in body
    assert "Kalesnikava" in mail["Subject"]

    unchanged = workspace.cli("run", "--all")
    assert unchanged.returncode == 0
    assert len(events(workspace, "page_changed")) == 1
    assert len(smtp.messages) == 1

    site.put("/ua", PAGE.format(news="She was sentenced to 11 years.", days=82))
    noise = workspace.cli("run", "--all")
    assert noise.returncode == 0
    assert len(events(workspace, "page_changed")) == 1
    assert len(smtp.messages) == 1
    assert count(workspace, Snapshot) == 2
    assert count(workspace, Check) == 4


def test_unchanged_page_costs_one_conditional_request(workspace, database_url, site, smtp):
    config(workspace, database_url, site, smtp)
    site.put("/ua", PAGE.format(news="Detained.", days=1))
    assert workspace.cli("run").returncode == 0
    assert workspace.cli("run", "--all").returncode == 0
    if database_url.startswith("sqlite:///"):
        # The run closed its connections as it ended, so SQLite folded its
        # write-ahead log back into the file: a copy of casewatch.db is whole.
        assert not Path(database_url.removeprefix("sqlite:///") + "-wal").exists()
    gets = [headers for method, path, headers in site.requests if path == "/ua"]
    assert "If-None-Match" not in gets[0]
    assert gets[1]["If-None-Match"]
    with workspace.app().sessions() as session:
        outcomes = session.scalars(select(Check.outcome).order_by(Check.id)).all()
    assert outcomes == ["baseline", "not_modified"]


def test_removed_then_restored(workspace, database_url, site, smtp):
    config(workspace, database_url, site, smtp)
    site.put("/ua", PAGE.format(news="Detained.", days=1))
    assert workspace.cli("run").returncode == 0

    site.put("/ua", "<h1>Gone</h1>", status=410)
    assert workspace.cli("run", "--all").returncode == 0
    site.put("/ua", PAGE.format(news="Detained.", days=1))
    assert workspace.cli("run", "--all").returncode == 0
    site.remove("/ua")  # 404
    assert workspace.cli("run", "--all").returncode == 0

    kinds = [e.kind for e in events(workspace) if not e.baseline]
    assert kinds == ["page_removed", "page_restored", "page_removed"]
    subjects = [m["Subject"] for m in smtp.messages]
    assert len(subjects) == 3


def test_three_server_errors_raise_one_source_failing(workspace, database_url, site, smtp):
    config(workspace, database_url, site, smtp, failures=3)
    site.put("/ua", PAGE.format(news="Detained.", days=1))
    assert workspace.cli("run").returncode == 0

    site.put("/ua", "oops", status=500)
    codes = [workspace.cli("run", "--all").returncode for _ in range(4)]
    assert codes == [1, 1, 1, 1]  # a failed source makes the cycle exit 1
    assert [e.kind for e in events(workspace) if not e.baseline] == ["source_failing"]

    site.put("/ua", PAGE.format(news="Detained.", days=1))
    assert workspace.cli("run", "--all").returncode == 0
    assert [e.kind for e in events(workspace) if not e.baseline] == [
        "source_failing",
        "source_recovered",
    ]
    assert len(smtp.messages) == 2
    assert count(workspace, Alert) == 2


def test_unreachable_source_fails_with_a_clear_error(
    workspace, database_url, site, smtp, closed_port
):
    config(workspace, database_url, site, smtp, failures=1)
    dead = f"http://127.0.0.1:{closed_port}/ua"
    workspace.config_path.write_text(
        workspace.config_path.read_text().replace(site.url("/ua"), dead)
    )
    result = workspace.cli("run")
    assert result.returncode == 1
    refused = f"connection refused by 127.0.0.1:{closed_port}"
    assert f"source failed: UA 147.20: {refused}" in result.stderr  # plain words, no class names
    assert "Traceback" not in result.stderr  # one line per failed source, no Scrapy noise
    [failing] = events(workspace, "source_failing")
    assert failing.details["error"] == refused
