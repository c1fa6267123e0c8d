"""Analysts' view: history as table, JSON and CSV with filters; diff EVENT_ID."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

PAGE = "<html><body><article><p>{text}</p></article></body></html>"


@pytest.fixture
def recorded(workspace, database_url, site):
    """Two sources, a baseline and one change on each."""
    workspace.write_config(
        f"""
        [database]
        url = "{database_url}"
        [crawl]
        delay = "0s"
        retries = 0
        [[people]]
        name = "Maryia Kalesnikava"
        aliases = ["Maria Kolesnikova", "Мария Колесникова"]
        [[people]]
        name = "Ales Bialiatski"
        [[sources]]
        name = "ua"
        url = "{site.url("/ua")}"
        [[sources]]
        name = "news"
        url = "{site.url("/news")}"
        """
    )
    site.put("/ua", PAGE.format(text="Maryia Kalesnikava was detained."))
    site.put("/news", PAGE.format(text="No news yet."))
    assert workspace.cli("run").returncode == 0
    site.put("/ua", PAGE.format(text="Maryia Kalesnikava was sentenced."))
    site.put("/news", PAGE.format(text="Ales Bialiatski was detained."))
    assert workspace.cli("run", "--all").returncode == 0
    return workspace


def history(workspace, *args: str) -> list[dict]:
    result = workspace.cli("history", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_history_json_has_the_documented_fields(recorded) -> None:
    rows = history(recorded)
    assert {"id", "occurred_at", "kind", "person", "source", "url", "summary", "details"} <= set(
        rows[0]
    )
    assert dt.datetime.fromisoformat(rows[0]["occurred_at"]).tzinfo is not None
    kinds = [(r["source"], r["kind"]) for r in rows]
    assert ("ua", "page_changed") in kinds
    assert ("news", "new_mention") in kinds
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)


def test_history_filters_by_any_spelling_source_kind_and_time(recorded) -> None:
    cyrillic = history(recorded, "--person", "Мария Колесникова")
    assert cyrillic and {r["person"] for r in cyrillic} == {"Maryia Kalesnikava"}
    assert {r["source"] for r in history(recorded, "--source", "news")} == {"news"}
    assert {r["kind"] for r in history(recorded, "--kind", "page_changed")} == {"page_changed"}
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert history(recorded, "--since", tomorrow) == []
    assert len(history(recorded, "--until", tomorrow)) == len(history(recorded))
    unknown = recorded.cli("history", "--person", "Nobody Atall")
    assert unknown.returncode == 2 and "matches no watched person" in unknown.stderr
    naive = recorded.cli("history", "--since", "2026-01-01T10:00")
    assert naive.returncode == 2 and "no UTC offset" in naive.stderr


def test_a_renamed_person_is_found_under_the_new_name_and_the_old(recorded) -> None:
    """The QA pass: events keep the name a person had when they were recorded;
    after the spelling was corrected (the old one kept as an alias), neither
    name found them."""
    before = history(recorded, "--person", "Maryia Kalesnikava")
    config = recorded.config_path.read_text(encoding="utf-8")
    renamed = config.replace(
        'name = "Maryia Kalesnikava"', 'name = "Maria Kalesnikava"', 1
    ).replace(
        'aliases = ["Maria Kolesnikova"', 'aliases = ["Maryia Kalesnikava", "Maria Kolesnikova"'
    )
    assert renamed.count("Maryia Kalesnikava") == 1
    recorded.config_path.write_text(renamed, encoding="utf-8")
    for name in ("Maria Kalesnikava", "Maryia Kalesnikava", "Мария Колесникова"):
        assert history(recorded, "--person", name) == before, name


def test_history_until_before_since_is_a_usage_error(recorded) -> None:
    """Nothing can match: a silent empty answer would read as "no events"."""
    backwards = recorded.cli("history", "--since", "2026-03-01", "--until", "2026-02-01")
    assert backwards.returncode == 2, backwards.stdout
    assert backwards.stdout == ""
    assert "until 2026-02-01 is earlier than since 2026-03-01" in backwards.stderr
    moments = ("--since", "2026-03-01T12:00+03:00", "--until", "2026-03-01T10:00+03:00")
    assert recorded.cli("history", *moments).returncode == 2
    # One day, or one instant, is a range: since and until may be the same.
    assert history(recorded, "--since", "2026-03-01", "--until", "2026-03-01") == []
    instant = "2026-03-01T10:00+03:00"
    assert history(recorded, "--since", instant, "--until", instant) == []


def test_history_csv_and_table(recorded) -> None:
    result = recorded.cli("history", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and list(rows[0]) == [
        "id",
        "occurred_at",
        "kind",
        "person",
        "source",
        "url",
        "summary",
        "details",
    ]
    assert json.loads(rows[0]["details"]) is not None
    table = recorded.cli("history").stdout
    assert "page_changed" in table and "Maryia Kalesnikava" in table


def test_diff_shows_before_after_and_unified_diff(recorded) -> None:
    [changed] = [r for r in history(recorded, "--source", "ua") if r["kind"] == "page_changed"]
    result = recorded.cli("diff", str(changed["id"]))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "=== before" in out and "=== after" in out and "=== diff" in out
    # Times as every command line writes them: the zone named, no brackets in brackets.
    minute = r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"
    assert re.match(rf"event {changed['id']} · page_changed · ua · {minute}\n", out), out
    assert len(re.findall(rf"^=== (?:before|after) \(snapshot \d+, {minute}\)$", out, re.M)) == 2
    assert "-Maryia Kalesnikava was detained." in out
    assert "+Maryia Kalesnikava was sentenced." in out
    missing = recorded.cli("diff", "99999")
    assert missing.returncode == 2 and "no event 99999" in missing.stderr


def test_page_text_cannot_act_on_the_terminal(workspace, database_url, site) -> None:
    """A hostile page's escape sequences (colour, the window title), an 8-bit
    CSI and an RTL override reach ``diff`` and the tables as code points."""
    workspace.write_local_config(
        f"""
        [[people]]
        name = "Maryia Kalesnikava"
        [[sources]]
        name = "ua"
        url = "{site.url("/ua")}"
        """,
        database_url,
    )
    site.put("/ua", PAGE.format(text="Maryia Kalesnikava was detained."))
    assert workspace.cli("run").returncode == 0
    hostile = "sentenced to \x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x9b2J \u202eexe.txt"
    site.put("/ua", PAGE.format(text=f"Maryia Kalesnikava was {hostile}."))
    assert workspace.cli("run", "--all").returncode == 0
    [changed] = [r for r in history(workspace) if r["kind"] == "page_changed"]
    shown = workspace.cli("diff", str(changed["id"])).stdout
    shown += workspace.cli("history").stdout + workspace.cli("sources").stdout
    assert not set(shown) & {"\x1b", "\x07", "\x9b", "\u202e"}
    assert "+Maryia Kalesnikava was sentenced to ⟨U+001B⟩[31mred⟨U+001B⟩[0m" in shown
    assert "⟨U+0007⟩ ⟨U+009B⟩2J ⟨U+202E⟩exe.txt" in shown
