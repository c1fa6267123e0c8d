"""End to end, the faults of issue 7 that the source's state and decide()
fix: real pages on 127.0.0.1 → ``casewatch run`` → database → mail.

Unreadable pages are failed checks (2), petition counts (4), people added
while the page answers 304 (5), sources broken from their first check (7),
reordered rows (10) and the facts of a reused snapshot (14).
"""

from __future__ import annotations

from sqlalchemy import select

from casewatch.db.models import Alert, Check, Event, Snapshot, Source

KALESNIKAVA = """
[[people]]
name = "Maryia Kalesnikava"
"""
RABKOVA = """
[[people]]
name = "Marfa Rabkova"
"""
LIST = """<html><body><h1>Political prisoners</h1><table>
{rows}
</table></body></html>"""
ROWS = {
    "kalesnikava": "<tr><td>Maryia Kalesnikava</td><td>sentenced to 11 years</td></tr>",
    "rabkova": "<tr><td>Marfa Rabkova</td><td>sentenced to 15 years</td></tr>",
    "other": "<tr><td>Ihar Losik</td><td>sentenced to 15 years</td></tr>",
}


def configure(workspace, database_url, smtp, sources: str, people: str = KALESNIKAVA) -> None:
    workspace.write_config(
        f"""
        [database]
        url = "{database_url}"
        [crawl]
        delay = "0s"
        retries = 0
        timeout = "5s"
        failures_before_alert = 3
        [[channels]]
        name = "staff-email"
        url = "{smtp.url()}"
        events = ["*"]
        {people}
        {sources}
        """
    )


def source(name: str, url: str, kind: str = "page") -> str:
    return f'[[sources]]\nname = "{name}"\nurl = "{url}"\nkind = "{kind}"\n'


def run(workspace, expect: int = 0) -> None:
    result = workspace.cli("run", "--all")
    assert result.returncode == expect, result.stderr


def recorded(workspace, after: int = 0) -> list[tuple[str, str | None, bool]]:
    """(kind, person, alerted) of the events with an id above ``after``."""
    with workspace.app().sessions() as session:
        alerted = set(session.scalars(select(Alert.event_id)))
        rows = session.scalars(select(Event).where(Event.id > after).order_by(Event.id))
        return [(e.kind, e.person, e.id in alerted) for e in rows]


def last_event_id(workspace) -> int:
    with workspace.app().sessions() as session:
        return max(session.scalars(select(Event.id)), default=0)


def test_an_unreadable_list_is_a_failed_check_never_a_change(
    workspace, database_url, site, smtp
) -> None:
    configure(workspace, database_url, smtp, source("list", site.url("/list"), "viasna_list"))
    page = LIST.format(rows=ROWS["kalesnikava"] + ROWS["other"])
    site.put("/list", page)
    run(workspace)
    baseline = last_event_id(workspace)
    # An empty body, an empty <body>, markup with no text: three failed checks.
    for broken in ("", "<html><body></body></html>", "<html><body><script>1</script></body>"):
        site.put("/list", broken)
        run(workspace, expect=1)
    with workspace.app().sessions() as session:
        assert len(session.scalars(select(Snapshot)).all()) == 1
        outcomes = [c.outcome for c in session.scalars(select(Check).order_by(Check.id))]
    assert outcomes == ["baseline", "failed", "failed", "failed"]
    site.put("/list", page)  # back as before: unchanged
    run(workspace)
    assert [(kind, alerted) for kind, _, alerted in recorded(workspace, baseline)] == [
        ("source_failing", True),
        ("source_recovered", True),
    ]


def test_petition_counts_are_recorded_and_the_old_goal_reached_is_alerted(
    workspace, database_url, site, smtp
) -> None:
    configure(workspace, database_url, smtp, source("petition", site.url("/p"), "petition"))
    petition = "<html><body><h1>Free them</h1><p>Signatures: {n}</p><p>Goal: {goal}</p></body>"
    site.put("/p", petition.format(n="712", goal="1,000"))
    run(workspace)
    site.put("/p", petition.format(n="800", goal="1,000"))
    run(workspace)
    assert recorded(workspace) == [("signatures_changed", None, False)] * 2
    assert smtp.messages == []  # a count alone is never news
    # The site raises the goal the moment it is met.
    site.put("/p", petition.format(n="1,003", goal="1,500"))
    run(workspace)
    [*_, (kind, _, alerted)] = recorded(workspace)
    assert (kind, alerted) == ("signatures_changed", True)
    with workspace.app().sessions() as session:
        reached = session.scalars(select(Event).order_by(Event.id.desc())).first()
    assert reached.details["goal_reached"] is True and reached.details["goal"] == 1000
    assert len(smtp.messages) == 1


def test_a_person_added_while_the_page_answers_304_is_known_quietly(
    workspace, database_url, site, smtp
) -> None:
    news = (
        "<html><body><p>Maryia Kalesnikava was detained.</p>"
        "<p>Marfa Rabkova was detained.</p>{more}</body></html>"
    )
    sources = source("news", site.url("/news"))
    configure(workspace, database_url, smtp, sources)
    site.put("/news", news.format(more=""))
    run(workspace)
    configure(workspace, database_url, smtp, sources, people=KALESNIKAVA + RABKOVA)
    run(workspace)
    with workspace.app().sessions() as session:
        assert session.scalars(select(Check.http_status).order_by(Check.id)).all() == [200, 304]
    assert recorded(workspace) == [
        ("new_mention", "Maryia Kalesnikava", False),
        ("new_mention", "Marfa Rabkova", False),  # read again from the stored text
    ]
    before = last_event_id(workspace)
    site.put("/news", news.format(more="<p>A vigil is planned for Sunday.</p>"))
    run(workspace)
    assert [kind for kind, _, _ in recorded(workspace, before)] == ["page_changed"]


def test_a_source_that_cannot_be_watched_from_its_first_check_is_reported_once(
    workspace, database_url, site, smtp
) -> None:
    site.put("/robots.txt", "User-agent: *\nDisallow: /private\n", content_type="text/plain")
    site.put("/private", "<html><body><p>Maryia Kalesnikava</p></body></html>")
    site.put("/blank", "<html><body></body></html>")
    site.put("/moved", "", status=301, headers={"Location": "/"})
    site.put("/", "<html><body><p>Front page</p></body></html>")
    sources = "".join(
        source(name, site.url(path))
        for name, path in (
            ("typo", "/no-such-page"),
            ("private", "/private"),
            ("blank", "/blank"),
            ("moved", "/moved"),
        )
    )
    configure(workspace, database_url, smtp, sources)
    run(workspace, expect=1)
    with workspace.app().sessions() as session:
        failing = session.execute(
            select(Source.name, Event.baseline)
            .join(Event, Event.source_id == Source.id)
            .where(Event.kind == "source_failing")
        ).all()
    assert sorted(failing) == [(n, False) for n in ("blank", "moved", "private", "typo")]
    assert {kind for kind, _, alerted in recorded(workspace) if alerted} == {"source_failing"}
    before = last_event_id(workspace)
    run(workspace, expect=1)
    assert recorded(workspace, before) == []  # reported once


def test_reordered_rows_are_not_a_change(workspace, database_url, site, smtp) -> None:
    configure(
        workspace,
        database_url,
        smtp,
        source("list", site.url("/list"), "viasna_list"),
        people=KALESNIKAVA + RABKOVA,
    )
    site.put("/list", LIST.format(rows=ROWS["kalesnikava"] + ROWS["rabkova"] + ROWS["other"]))
    run(workspace)
    before = last_event_id(workspace)
    site.put("/list", LIST.format(rows=ROWS["other"] + ROWS["rabkova"] + ROWS["kalesnikava"]))
    run(workspace)
    assert recorded(workspace, before) == []
    # The new order is the current text: a later edit diffs against it.
    released = ROWS["kalesnikava"].replace("sentenced to 11 years", "released")
    site.put("/list", LIST.format(rows=ROWS["other"] + ROWS["rabkova"] + released))
    run(workspace)
    assert [(k, a) for k, _, a in recorded(workspace, before)] == [
        ("page_changed", False),  # the status alert carries the diff
        ("status_changed", True),
    ]
    shown = workspace.cli("diff", str(last_event_id(workspace)))
    assert shown.returncode == 0, shown.stderr
    changed = [line for line in shown.stdout.splitlines() if line[:1] in "+-"]
    assert [line for line in changed if "Rabkova" in line or "Losik" in line] == []


def test_a_reverted_page_keeps_the_facts_its_snapshot_was_stored_with(
    workspace, database_url, site, smtp
) -> None:
    page = (
        "<html><body><p>Maryia Kalesnikava was detained.</p>"
        "<p>Marfa Rabkova {news}</p></body></html>"
    )
    sources = source("news", site.url("/news"))
    configure(workspace, database_url, smtp, sources)
    site.put("/news", page.format(news="was detained."))
    run(workspace)
    site.put("/news", page.format(news="was sentenced to 15 years."))
    run(workspace)
    configure(workspace, database_url, smtp, sources, people=KALESNIKAVA + RABKOVA)
    site.put("/news", page.format(news="was detained."))  # back to the first text
    run(workspace)
    with workspace.app().sessions() as session:
        first, _ = session.scalars(select(Snapshot).order_by(Snapshot.id)).all()
        source_row = session.scalar(select(Source))
        reverted = session.scalars(select(Check).order_by(Check.id.desc())).first()
    assert reverted.snapshot_id == first.id  # the snapshot is reused...
    # ...and keeps what the page said when it was stored: one watched person.
    assert [p["person"] for p in first.facts["people"]] == ["Maryia Kalesnikava"]
    assert {p["person"] for p in source_row.facts["people"]} == {
        "Maryia Kalesnikava",
        "Marfa Rabkova",
    }
