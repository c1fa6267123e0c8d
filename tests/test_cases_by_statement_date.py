"""``casewatch cases`` orders statuses by the sources' own dates (SPEC §3):
an old article checked after a new release does not undo the release.

The pages are invented for the test and served on 127.0.0.1.
"""

from __future__ import annotations

import json
from pathlib import Path

NEW = """<html><body><article><p>13.12.2025 09:30</p>
<p>Maryia Kalesnikava has been released from prison.</p></article></body></html>"""
OLD = """<html><body><article><p>06.09.2021 18:00</p>
<p>Maryia Kalesnikava was sentenced to 11 years in a penal colony.</p></article></body></html>"""


def _config(workspace, site, tmp_path: Path) -> None:
    workspace.write_local_config(
        f"""
        [[people]]
        name = "Maryia Kalesnikava"
        [[sources]]
        name = "release"
        url = "{site.url("/release")}"
        [[sources]]
        name = "archive"
        url = "{site.url("/archive")}"
        """
    )


def _case(workspace) -> dict:
    result = workspace.cli("cases", "--json")
    assert result.returncode == 0, result.stderr
    [case] = json.loads(result.stdout)
    return case


def test_an_old_article_checked_later_does_not_undo_a_release(workspace, site, tmp_path):
    _config(workspace, site, tmp_path)
    site.put("/release", NEW)
    site.put("/archive", OLD)
    first = workspace.cli("run", "--source", "release")
    assert first.returncode == 0, first.stderr
    assert _case(workspace)["status"] == "released"
    later = workspace.cli("run", "--source", "archive")
    assert later.returncode == 0, later.stderr
    case = _case(workspace)
    assert (case["status"], case["status_source"]) == ("released", "release")


def test_a_newer_statement_wins_whatever_the_order_of_checks(workspace, site, tmp_path):
    _config(workspace, site, tmp_path)
    site.put("/release", NEW)
    site.put("/archive", OLD)
    assert workspace.cli("run", "--source", "archive").returncode == 0
    assert _case(workspace)["status"] == "sentenced"
    assert workspace.cli("run", "--source", "release").returncode == 0
    case = _case(workspace)
    assert case["status"] == "released"
    # "Since" is the day the source dates the statement, not the day it was read.
    assert case["status_since"].startswith("2025-12-13T00:00:00")


UNDATED = """<html><body><article>
<p>Maryia Kalesnikava was sentenced to 11 years in a penal colony.</p></article></body></html>"""


def test_an_undated_page_added_later_does_not_undo_a_dated_release(workspace, site, tmp_path):
    """The QA pass: what a new source says undated on its first check may be
    years old; it was dated by the day it was read, and overrode the release."""
    _config(workspace, site, tmp_path)
    site.put("/release", NEW)
    site.put("/archive", UNDATED)
    assert workspace.cli("run", "--source", "release").returncode == 0
    assert workspace.cli("run", "--source", "archive").returncode == 0
    case = _case(workspace)
    assert (case["status"], case["status_source"]) == ("released", "release")
    # Alone, the undated statement is the status, with no "since" made up for it.
    site.put("/release", "<html><body><p>No news.</p></body></html>")
    workspace.write_local_config(
        f"""
        [[people]]
        name = "Maryia Kalesnikava"
        [[sources]]
        name = "archive"
        url = "{site.url("/archive")}"
        """
    )
    case = _case(workspace)
    assert (case["status"], case["status_source"], case["status_since"]) == (
        "sentenced",
        "archive",
        None,
    )
    assert "sentenced" in workspace.cli("cases").stdout
