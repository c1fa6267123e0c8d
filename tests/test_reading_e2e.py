"""Reading faults, through the real path: a page served on 127.0.0.1, crawled
by ``casewatch run``, read, recorded; then the events in the database.

Every page text here is invented for the test.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from casewatch.db.models import Event, Snapshot


def _config(workspace, site, tmp_path: Path, kind: str = "page", people: str = "") -> None:
    workspace.write_config(
        f"""
        [database]
        url = "sqlite:///{tmp_path / "casewatch.db"}"
        [crawl]
        delay = "0s"
        retries = 0
        timeout = "5s"
        [alerts]
        timezone = "Europe/Minsk"
        [[people]]
        name = "Maryia Kalesnikava"
        aliases = ["Мария Колесникова"]
        [[people]]
        name = "Viktar Serhil"
        aliases = ["Виктор Сергель"]
        [[sources]]
        name = "news"
        url = "{site.url("/news")}"
        kind = "{kind}"
        {people}
        """
    )


def _events(workspace, kind: str | None = None) -> list[Event]:
    with workspace.app().sessions() as session:
        query = select(Event).order_by(Event.id)
        if kind:
            query = query.where(Event.kind == kind)
        return list(session.scalars(query))


def _run(workspace) -> None:
    done = workspace.cli("run", "--all")
    assert done.returncode == 0, done.stderr


def _latest_facts(workspace) -> dict:
    with workspace.app().sessions() as session:
        return session.scalars(select(Snapshot).order_by(Snapshot.id.desc())).first().facts


def _page(*paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><body><article>{body}</article></body></html>"


def test_relative_time_stamps_are_not_changes(workspace, site, tmp_path):
    """Issue 7, fault 9: "Posted 2 hours ago" and its Russian and Belarusian
    forms move with the clock, not with the page."""
    _config(workspace, site, tmp_path)
    news = "Maryia Kalesnikava was sentenced to 11 years."
    stamps = ("Posted 2 hours ago", "Опубликовано 3 часа назад", "Абноўлена 5 хвілін таму")
    site.put("/news", _page(news, *stamps))
    _run(workspace)
    later = ("Posted 5 hours ago", "Опубликовано 6 часов назад", "Абноўлена 1 гадзіну таму")
    site.put("/news", _page(news, *later))
    _run(workspace)
    assert _events(workspace, "page_changed") == []


def test_one_sentence_states_one_deadline(workspace, site, tmp_path):
    """Issue 7, fault 11: "appeal hearing ... set for" is one deadline, not an
    appeal and a hearing."""
    _config(workspace, site, tmp_path)
    site.put(
        "/news",
        _page(
            "Maryia Kalesnikava was sentenced.", "The appeal hearing is set for 12 January 2027."
        ),
    )
    _run(workspace)
    deadlines = _latest_facts(workspace)["deadlines"]
    assert [(d["label"], d["date"]) for d in deadlines] == [("appeal", "2027-01-12")]
    assert len(_events(workspace, "deadline_added")) == 1


def test_a_yearless_deadline_is_read_against_the_page_date(workspace, site, tmp_path):
    """Issue 8: "will begin on 17 December" on a page dated 5 December 2024."""
    _config(workspace, site, tmp_path)
    site.put(
        "/news",
        _page(
            "Published: 5 December 2024",
            "The trial of Maryia Kalesnikava will begin on 17 December.",
        ),
    )
    _run(workspace)
    deadlines = _latest_facts(workspace)["deadlines"]
    assert [(d["label"], d["date"]) for d in deadlines] == [("hearing", "2024-12-17")]


def test_background_does_not_outrank_the_news(workspace, site, tmp_path):
    """Issue 8: the page's news (a release) wins over its history (an old
    sentence), and the person's facts say when it was stated."""
    _config(workspace, site, tmp_path)
    site.put(
        "/news",
        _page(
            "12.12.2025 10:00",
            "Maryia Kalesnikava has been released from prison.",
            "In 2021 she was sentenced to 11 years in a penal colony.",
            "Viktar Serhil was sentenced to 20 years, and his brother to 10.",
        ),
    )
    _run(workspace)
    people = {p["person"]: p for p in _latest_facts(workspace)["people"]}
    assert people["Maryia Kalesnikava"]["status"] == "released"
    assert people["Maryia Kalesnikava"]["stated_on"] == "2025-12-12"
    assert people["Viktar Serhil"]["status"] == "sentenced"
    assert people["Viktar Serhil"]["status_detail"].startswith("20 years")


def test_viasna_person_page_status_goes_to_the_pages_own_person(workspace, site, tmp_path):
    """Issue 7, fault 3: the page's fields describe the page's own person (the
    source's ``people``), not the first watched name in its prose."""
    _config(workspace, site, tmp_path, kind="viasna_person", people='people = ["Viktar Serhil"]')
    site.put(
        "/news",
        "<html><body><article><h1>Viktar Serhil</h1>"
        "<p>He shared a cell with Maryia Kalesnikava's former lawyer.</p>"
        "<p>Maryia Kalesnikava wrote to him.</p>"
        "<dl><dt>Date of detention</dt><dd>12 May 2021</dd>"
        "<dt>Sentence</dt><dd>8 years, penal colony</dd></dl>"
        "</article></body></html>",
    )
    _run(workspace)
    people = {p["person"]: p for p in _latest_facts(workspace)["people"]}
    assert people["Viktar Serhil"]["status"] == "sentenced"
    assert people["Viktar Serhil"]["status_detail"] == "8 years, penal colony"
    assert people["Maryia Kalesnikava"]["status"] == "unknown"
