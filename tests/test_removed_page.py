"""A removed page (404/410) is shown as gone, not as current: ``cases`` marks
the status it last gave with "page removed since", and its deadlines are no
longer listed; when the page is back, ``page_restored`` carries the status
it really answered (asked without validators, not a 304)."""

from __future__ import annotations

import datetime as dt
import json

PAGE = "<html><body><article><p>{text}</p></article></body></html>"


def test_a_removed_page_is_shown_as_gone_until_it_is_back(workspace, database_url, site) -> None:
    workspace.write_local_config(
        f"""
        [alerts]
        timezone = "Europe/Minsk"
        [[people]]
        name = "Viktar Serhil"
        [[sources]]
        name = "UA 24.20 Serhil"
        url = "{site.url("/ua")}"
        kind = "amnesty_ua"
        people = ["Viktar Serhil"]
        """,
        database_url,
    )
    deadline = dt.date.today() + dt.timedelta(days=30)
    page = PAGE.format(
        text="Viktar Serhil was sentenced to death. PLEASE TAKE ACTION AS SOON AS POSSIBLE "
        f"UNTIL: {deadline:%d %B %Y}"
    )
    site.put("/ua", page)
    assert workspace.cli("run").returncode == 0
    [case] = json.loads(workspace.cli("cases", "--json").stdout)
    assert case["status"] == "death_sentence" and case["status_source_removed_at"] is None
    assert [d["date"] for d in case["deadlines"]] == [deadline.isoformat()]

    site.put("/ua", "Not Found", status=404)
    assert workspace.cli("run", "--all").returncode == 0
    [case] = json.loads(workspace.cli("cases", "--json").stdout)
    assert case["status"] == "death_sentence"  # its last word, marked as gone
    removed_at = dt.datetime.fromisoformat(case["status_source_removed_at"])
    assert dt.datetime.now(dt.UTC) - removed_at < dt.timedelta(minutes=10)
    assert case["deadlines"] == []
    table = workspace.cli("cases").stdout
    assert "UA 24.20 Serhil (page removed since " in " ".join(table.split())
    assert deadline.isoformat() not in table

    site.put("/ua", page)  # the same page, at the same ETag
    assert workspace.cli("run", "--all").returncode == 0
    events = json.loads(workspace.cli("history", "--format", "json").stdout)
    [restored] = [e for e in events if e["kind"] == "page_restored"]
    assert restored["details"]["http_status"] == 200
    [case] = json.loads(workspace.cli("cases", "--json").stdout)
    assert case["status_source_removed_at"] is None
    assert [d["date"] for d in case["deadlines"]] == [deadline.isoformat()]
