"""Reading faults, through the real path: a page served on 127.0.0.1, crawled
by ``casewatch run``, read, recorded; then the events in the database.

Every page text here is invented for the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from casewatch.db.models import Event, Snapshot


def _config(
    workspace, site, tmp_path: Path, kind: str = "page", people: str = "", select: str = ""
) -> None:
    select_line = f"select = {json.dumps(select)}" if select else ""  # a TOML string
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
        {select_line}
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


def _latest(workspace) -> Snapshot:
    with workspace.app().sessions() as session:
        return session.scalars(select(Snapshot).order_by(Snapshot.id.desc())).first()


def _latest_facts(workspace) -> dict:
    return _latest(workspace).facts


def _statuses(workspace) -> dict[str, str]:
    return {p["person"]: p["status"] for p in _latest_facts(workspace)["people"]}


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


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` in Helvetica (Latin text only)."""
    text = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for line in lines
    )
    stream = text.encode("latin-1") + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_pdf_urgent_action_yields_its_deadline_and_number(workspace, site, tmp_path):
    """Issue 8: Urgent Actions are often PDFs; one is read like a page."""
    _config(workspace, site, tmp_path, kind="amnesty_ua")
    site.put(
        "/news",
        _pdf(
            [
                "URGENT ACTION",
                "UA 61/24 Index: EUR 49/1234/2024",
                "ACTIVIST SENTENCED TO TEN YEARS",
                "Maryia Kalesnikava was sentenced to 10 years in a penal colony.",
                "Please take action before 14 March 2027.",
            ]
        ),
        content_type="application/pdf",
    )
    _run(workspace)
    facts = _latest_facts(workspace)
    assert facts["ua_number"] == "61.24"
    assert [(d["label"], d["date"]) for d in facts["deadlines"]] == [
        ("action deadline", "2027-03-14")
    ]
    [person] = facts["people"]
    assert (person["status"], person["status_detail"]) == ("sentenced", "10 years, penal colony")


XHTML = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Viasna</title></head>
<body><table><tr><td>Мария Колесникова</td><td>ст. 361</td><td>{status}</td></tr></table>
</body></html>"""


def test_an_xhtml_page_with_an_xml_declaration_is_read(workspace, site, tmp_path):
    """Issue 7, fault 2: the XML declaration made lxml refuse the text, and a
    list page read as empty lost every person."""
    _config(workspace, site, tmp_path, kind="viasna_list")
    site.put(
        "/news",
        XHTML.format(status="задержана 12.05.2021"),
        content_type="application/xhtml+xml; charset=utf-8",
    )
    _run(workspace)
    [person] = _latest_facts(workspace)["people"]
    assert (person["person"], person["status"]) == ("Maryia Kalesnikava", "detained")


def test_a_list_row_gives_its_people_in_the_order_it_names_them(workspace, site, tmp_path):
    """People a list row names by other spellings than their config names
    came out in the order of a set of strings, which changes with each
    process's hash seed: the stored facts, and the order of the events,
    differed from run to run (and between the run and its reading processes)."""
    _config(workspace, site, tmp_path, kind="viasna_list")
    site.put("/news", _page("Виктор Сергель, Мария Колесникова — задержаны 12.05.2021"))
    for seed in map(str, range(6)):
        (tmp_path / "casewatch.db").unlink(missing_ok=True)
        workspace.env["PYTHONHASHSEED"] = seed
        _run(workspace)
        people = [p["person"] for p in _latest_facts(workspace)["people"]]
        assert people == ["Viktar Serhil", "Maryia Kalesnikava"], f"hash seed {seed}"


def test_markup_without_text_is_a_failed_check_not_an_empty_page(workspace, site, tmp_path):
    """Issue 7, fault 2 (text side): a page whose markup yields no text is
    unreadable: the last snapshot stays, and no one is "no longer listed"."""
    _config(workspace, site, tmp_path, kind="viasna_list")
    site.put("/news", XHTML.format(status="задержана 12.05.2021"))
    _run(workspace)
    site.put("/news", "<html><body><div>   </div></body></html>")
    done = workspace.cli("run", "--all")
    assert done.returncode == 1  # a failed check
    assert _events(workspace, "status_changed") == []
    assert _events(workspace, "page_changed") == []
    [person] = _latest_facts(workspace)["people"]
    assert person["status"] == "detained"


@pytest.mark.parametrize(
    ("encoding", "header"),
    [
        ("cp1251", "utf-8"),  # a server's default label over a windows-1251 page
        ("utf-8", "windows-1251"),  # an old label over a page saved as UTF-8
        ("koi8-r", "utf-8"),
    ],
)
def test_a_page_whose_http_charset_lies_is_read(workspace, site, tmp_path, encoding, header):
    """The QA pass, item 6: the page was stored as mojibake, nobody was
    found, and the check counted as a success."""
    _config(workspace, site, tmp_path)
    page = _page("Мария Колесникова приговорена к 11 годам колонии.")
    site.put("/news", page.encode(encoding), content_type=f"text/html; charset={header}")
    _run(workspace)
    facts = _latest_facts(workspace)
    [person] = facts["people"]
    assert (person["person"], person["status"]) == ("Maryia Kalesnikava", "sentenced")
    with workspace.app().sessions() as session:
        text = session.scalars(select(Snapshot)).one().text
    assert "Мария Колесникова приговорена" in text


def test_a_select_cssselect_could_not_read_watches_only_that_part(workspace, site, tmp_path):
    """``select`` is soupsieve's CSS (Beautiful Soup's engine): ``:has()``
    and ``:-soup-contains()``, which cssselect (used before) refused. Only
    the chosen card is watched, its text in lines and cells as always, its
    share bar left out."""
    _config(workspace, site, tmp_path, select=".card:has(h2:-soup-contains('Kalesnikava'))")
    site.put(
        "/news",
        "<html><body><div class='card'><h2>Maryia Kalesnikava</h2>"
        "<p>She was sentenced to 11 years.</p>"
        "<table><tr><th>Prison</th><td>Penal colony No. 4</td></tr></table>"
        "<div class='share-bar'>Share 12</div></div>"
        "<div class='card'><h2>Viktar Serhil</h2><p>He was released.</p></div></body></html>",
    )
    _run(workspace)
    assert _latest(workspace).text == (
        "Maryia Kalesnikava\nShe was sentenced to 11 years.\nPrison | Penal colony No. 4"
    )
    assert _statuses(workspace) == {"Maryia Kalesnikava": "sentenced"}


def test_a_page_nested_deeper_than_libxml2_goes_is_read_whole(workspace, site, tmp_path):
    """libxml2 stops at depth 2,048 even with huge_tree: lxml kept the lines
    above the cut (here "News"), or nothing ("the page has no readable
    text"). Such a page is read with Python's html.parser."""
    _config(workspace, site, tmp_path)
    deep = "<div>" * 2100 + "<p>Maryia Kalesnikava was sentenced to 11 years.</p>" + "</div>" * 2100
    body = f"<h1>News</h1>{deep}<p>Viktar Serhil was released.</p>"
    site.put("/news", f"<html><body>{body}</body></html>")
    _run(workspace)
    assert _latest(workspace).text.splitlines() == [
        "News",
        "Maryia Kalesnikava was sentenced to 11 years.",
        "Viktar Serhil was released.",
    ]
    assert _statuses(workspace) == {"Maryia Kalesnikava": "sentenced", "Viktar Serhil": "released"}
    site.put("/news", f"<html><body>{deep}</body></html>")
    _run(workspace)
    assert _latest(workspace).text == "Maryia Kalesnikava was sentenced to 11 years."


def test_an_invalid_selector_is_one_config_line_and_exit_2(workspace, site, tmp_path):
    """soupsieve's message goes on with the selector and a caret on more
    lines: the config error is its first line, naming the source."""
    _config(workspace, site, tmp_path, select="article:has(> p")
    for command in (("config", "check"), ("run", "--all")):
        result = workspace.cli(*command)
        assert result.returncode == 2, result.stderr
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("casewatch: error: ")
        assert "[[sources]] #1 \"news\" → select: invalid CSS selector 'article:has(> p': " in line
        assert "Traceback" not in result.stderr
