"""`casewatch cases`: every watched person's current state, from all sources."""

from __future__ import annotations

import datetime as dt
import json

PERSON_PAGE = """<html><body><article><h1>Marfa Rabkova</h1>
<table><tr><th>Date of detention</th><td>17.09.2020</td></tr>
<tr><th>{label}</th><td>{value}</td></tr></table></article></body></html>"""
UA_PAGE = """<html><body><article><h1>URGENT ACTION: Free Marfa Rabkova</h1>
<p>Marfa Rabkova remains in detention.</p>
<p>PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: {deadline:%d %B %Y}</p></article></body></html>"""


def cases(workspace) -> dict[str, dict]:
    result = workspace.cli("cases", "--json")
    assert result.returncode == 0, result.stderr
    return {case["person"]: case for case in json.loads(result.stdout)}


def test_cases_follow_status_and_deadlines(workspace, database_url, site) -> None:
    today = dt.date.today()
    workspace.write_config(
        f"""
        [database]
        url = "{database_url}"
        [crawl]
        delay = "0s"
        [[people]]
        name = "Marfa Rabkova"
        aliases = ["Марфа Рабкова"]
        [[people]]
        name = "Viktar Serhil"
        [[sources]]
        name = "viasna"
        url = "{site.url("/rabkova")}"
        kind = "viasna_person"
        [[sources]]
        name = "ua"
        url = "{site.url("/ua")}"
        kind = "amnesty_ua"
        """
    )
    site.put("/rabkova", PERSON_PAGE.format(label="Charges", value="Article 342"))
    site.put("/ua", UA_PAGE.format(deadline=today + dt.timedelta(days=30)))
    assert workspace.cli("run").returncode == 0
    first = cases(workspace)
    assert set(first) == {"Marfa Rabkova", "Viktar Serhil"}
    assert first["Viktar Serhil"]["status"] == "unknown"
    assert first["Viktar Serhil"]["sources"] == []
    rabkova = first["Marfa Rabkova"]
    assert rabkova["sources"] == ["ua", "viasna"]
    assert rabkova["deadlines"] == [
        {
            "date": (today + dt.timedelta(days=30)).isoformat(),
            "label": "action deadline",
            "source": "ua",
        }
    ]

    site.put("/rabkova", PERSON_PAGE.format(label="Sentence", value="15 years in a penal colony"))
    site.put("/ua", UA_PAGE.format(deadline=today + dt.timedelta(days=10)))
    assert workspace.cli("run", "--all").returncode == 0
    rabkova = cases(workspace)["Marfa Rabkova"]
    assert (rabkova["status"], rabkova["status_source"]) == ("sentenced", "viasna")
    assert "15 years" in rabkova["status_detail"]
    assert dt.datetime.fromisoformat(rabkova["status_since"]).tzinfo is not None
    # The moved deadline replaces the old one.
    assert [d["date"] for d in rabkova["deadlines"]] == [
        (today + dt.timedelta(days=10)).isoformat()
    ]
    assert rabkova["last_event_at"] is not None

    table = workspace.cli("cases").stdout
    assert "Marfa Rabkova" in table and "sentenced" in table and "Viktar Serhil" in table


def test_an_urgent_actions_deadline_is_its_subjects_not_every_name_on_it(workspace, site) -> None:
    """The QA pass: a person named in an Urgent Action's background was shown
    the action's deadline as their own."""
    deadline = dt.date.today() + dt.timedelta(days=30)
    background = "<p>She had worked on the campaign of Viktar Serhil.</p></article>"
    workspace.write_local_config(
        f"""
        [[people]]
        name = "Marfa Rabkova"
        [[people]]
        name = "Viktar Serhil"
        [[sources]]
        name = "ua"
        url = "{site.url("/ua")}"
        kind = "amnesty_ua"
        """
    )
    site.put("/ua", UA_PAGE.format(deadline=deadline).replace("</article>", background))
    assert workspace.cli("run").returncode == 0
    found = cases(workspace)
    assert [d["date"] for d in found["Marfa Rabkova"]["deadlines"]] == [deadline.isoformat()]
    assert found["Viktar Serhil"]["sources"] == ["ua"]  # named there...
    assert found["Viktar Serhil"]["deadlines"] == []  # ...but it is not his action
