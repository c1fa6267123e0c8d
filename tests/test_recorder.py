"""The recorder in process, on real databases: what is news and what is ours.

A config change (people, select, ignore, address, a renamed source) changes
what casewatch reads, not what the page says: it is recorded for history and
never alerted as news.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import event, select

from casewatch.cases import case_overview
from casewatch.db.models import Alert, Check, Event, Source
from casewatch.recorder import Recorder
from casewatch.spiders.items import FetchedPage

T0 = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
T1 = T0 + dt.timedelta(hours=1)
PEOPLE = """
[[people]]
name = "Maryia Kalesnikava"
"""
RABKOVA = """
[[people]]
name = "Marfa Rabkova"
"""


class Desk:
    """A config on disk and a recorder for it, fed pages by hand."""

    def __init__(self, workspace, database_url: str) -> None:
        self.workspace, self.database_url = workspace, database_url

    def configure(self, people: str = PEOPLE, source: str = "") -> None:
        self.workspace.write_config(
            f"""
            [database]
            url = "{self.database_url}"
            [[channels]]
            name = "mail"
            url = "mailto://a:pw-0000@127.0.0.1:1?to=s@example.org&from=c@example.org"
            {people}
            [[sources]]
            name = "{source or "news"}"
            url = "https://example.org/news"
            """
        )
        self.app = self.workspace.app()

    def page(self, text: str, source: str = "news") -> list[tuple[str, bool]]:
        """Record a fetch of ``text``; the (kind, alerted) of its events."""
        recorder = Recorder(self.app.config, self.app.current_engine, now=lambda: T0)
        page = self.workspace.answer(source, "https://example.org/news", text, T0)
        recorder.record(page)
        with self.app.sessions() as session:
            alerted = set(session.scalars(select(Alert.event_id)))
            events = session.scalars(select(Event).order_by(Event.id)).all()
        seen, self.seen = getattr(self, "seen", 0), len(events)
        return [(e.kind, e.id in alerted) for e in events[seen:]]


def test_a_person_added_to_the_config_is_read_quietly_from_an_unchanged_page(
    workspace, database_url
) -> None:
    desk = Desk(workspace, database_url)
    desk.configure()
    text = "Maryia Kalesnikava was detained.\nMarfa Rabkova was sentenced to 15 years."
    assert desk.page(text) == [("new_mention", False)]  # baseline
    desk.configure(people=PEOPLE + RABKOVA)
    assert desk.page(text) == [("new_mention", False)]  # Rabkova: known now, not news
    assert desk.page(text.replace("detained", "released")) == [
        ("page_changed", False),  # covered by the status alert
        ("status_changed", True),
    ]


def test_a_person_added_to_the_config_is_known_from_the_stored_text(
    workspace, database_url
) -> None:
    desk = Desk(workspace, database_url)
    desk.configure()
    a = "Marfa Rabkova was sentenced to 15 years."
    desk.page(a)
    desk.configure(people=PEOPLE + RABKOVA)
    # She was on the stored text already: read again quietly, then the edit.
    assert desk.page("Marfa Rabkova was sentenced to 15 years. Appeal lost.") == [
        ("new_mention", False),
        ("page_changed", True),
    ]
    assert desk.page(a) == [("page_changed", True)]  # back to A: she is not new
    assert desk.page(a + " More.") == [("page_changed", True)]


def test_changing_select_ignore_or_address_is_not_news(workspace, database_url) -> None:
    desk = Desk(workspace, database_url)
    desk.configure()
    desk.page("Maryia Kalesnikava was detained.\nMenu. Footer.")
    config = workspace.config_path.read_text()
    workspace.config_path.write_text(config + 'select = "p:first-child"\n')
    desk.app = workspace.app()
    assert desk.page("Maryia Kalesnikava was detained.\nMenu. Footer.") == [("page_changed", False)]
    assert desk.page("Maryia Kalesnikava was detained. News!\nMenu. Footer.") == [
        ("page_changed", True)
    ]


def test_a_renamed_source_keeps_its_history(workspace, database_url) -> None:
    desk = Desk(workspace, database_url)
    desk.configure(source="news")
    desk.page("Maryia Kalesnikava was detained.", source="news")
    desk.configure(source="Belarus news")
    assert desk.page("Maryia Kalesnikava was detained.", source="Belarus news") == []
    with desk.app.sessions() as session:
        sources = {e.source.name for e in session.scalars(select(Event))}
    assert sources == {"Belarus news"}


def test_a_newly_added_source_does_not_overrule_news(workspace, database_url) -> None:
    desk = Desk(workspace, database_url)
    desk.configure()
    desk.page("Maryia Kalesnikava was detained.")
    desk.page("Maryia Kalesnikava was sentenced to 11 years.")  # news
    config = workspace.config_path.read_text()
    workspace.config_path.write_text(
        config + '[[sources]]\nname = "archive"\nurl = "https://example.org/2020"\n'
    )
    desk.app = workspace.app()
    desk.page("Maryia Kalesnikava was detained in 2020.", source="archive")  # its baseline
    with desk.app.sessions() as session:
        [case] = case_overview(session, desk.app.config)
    assert (case["status"], case["status_source"]) == ("sentenced", "news")
    assert case["sources"] == ["archive", "news"]


def test_the_same_status_change_from_a_second_source_is_not_alerted_again(
    workspace, database_url
) -> None:
    desk = Desk(workspace, database_url)
    desk.configure()
    config = workspace.config_path.read_text()
    workspace.config_path.write_text(
        config + '[[sources]]\nname = "other"\nurl = "https://example.org/other"\n'
    )
    desk.app = workspace.app()
    for source in ("news", "other"):
        desk.page("Maryia Kalesnikava was detained.", source=source)
    sentenced = "Maryia Kalesnikava was sentenced to 11 years."
    assert ("status_changed", True) in desk.page(sentenced, source="news")
    assert desk.page(sentenced, source="other") == [
        ("page_changed", False),
        ("status_changed", False),  # recorded for history, not a second alert
    ]


def test_a_source_moved_to_a_new_address_forgets_its_validators(workspace, database_url) -> None:
    desk = Desk(workspace, database_url)
    desk.configure()
    recorder = Recorder(desk.app.config, desk.app.current_engine, now=lambda: T0)
    page = workspace.answer("news", "https://example.org/news", "Maryia Kalesnikava.", T0)
    recorder.record(replace(page, etag='"v1"', last_modified="Sun, 01 Nov 2026 12:00:00 GMT"))
    workspace.config_path.write_text(
        workspace.config_path.read_text().replace("example.org/news", "example.org/moved")
    )
    desk.app = workspace.app()
    recorder = Recorder(desk.app.config, desk.app.current_engine, now=lambda: T0)
    recorder.record(FetchedPage("news", "https://example.org/moved", "failed", T1, 5))
    with desk.app.sessions() as session:
        [source] = session.scalars(select(Source)).all()
    assert (source.url, source.etag, source.last_modified) == (
        "https://example.org/moved",
        None,
        None,
    )


def test_an_unchanged_check_moves_the_state_on_and_keeps_what_the_page_says(
    workspace, database_url
) -> None:
    desk = Desk(workspace, database_url)
    desk.configure()
    desk.page("Maryia Kalesnikava was sentenced to 11 years.")
    with desk.app.sessions() as session:
        before = session.scalars(select(Source)).one()
    recorder = Recorder(desk.app.config, desk.app.current_engine, now=lambda: T1)
    recorder.record(
        FetchedPage("news", "https://example.org/news", "not_modified", T1, 5, 304, etag='"v2"')
    )
    with desk.app.sessions() as session:
        after = session.scalars(select(Source)).one()
        [check] = session.scalars(select(Check).order_by(Check.id.desc()).limit(1)).all()
    assert (after.facts, after.said, after.snapshot_id) == (
        before.facts,
        before.said,
        before.snapshot_id,
    )
    assert after.last_checked_at == T1 and after.next_due_at > before.next_due_at
    assert after.etag is None  # only a 200 answer's validators are kept, not a 304's
    assert (check.outcome, check.snapshot_id) == ("not_modified", before.snapshot_id)


def _three_sources(workspace, database_url) -> Desk:
    desk = Desk(workspace, database_url)
    desk.configure()
    more = "".join(
        f'[[sources]]\nname = "{name}"\nurl = "https://example.org/{name}"\n'
        for name in ("bad", "late")
    )
    workspace.config_path.write_text(workspace.config_path.read_text() + more)
    desk.app = workspace.app()
    return desk


def _group(workspace, names: list[str]) -> list[tuple[FetchedPage, None]]:
    text = "Maryia Kalesnikava was detained."
    return [(workspace.answer(n, f"https://example.org/{n}", text, T0), None) for n in names]


def test_pages_that_waited_together_are_recorded_together(workspace, database_url) -> None:
    desk = _three_sources(workspace, database_url)
    recorder = Recorder(desk.app.config, desk.app.current_engine, now=lambda: T0)
    commits = []
    event.listen(desk.app.engine, "commit", commits.append)
    recorder.record_group(_group(workspace, ["news", "bad", "late"]))
    assert len(commits) == 1
    assert recorder.recorded == {"news", "bad", "late"} and not recorder.errors
    with desk.app.sessions() as session:
        checked = set(session.scalars(select(Source.name).join(Check)))
    assert checked == {"news", "bad", "late"}


def test_a_check_that_cannot_be_written_loses_only_itself(
    workspace, database_url, monkeypatch
) -> None:
    """The group's transaction fails; each page is written again alone, and
    only the bad one fails, leaving nothing of itself (its check row was
    written before the failure and rolled back)."""
    desk = _three_sources(workspace, database_url)
    recorder = Recorder(desk.app.config, desk.app.current_engine, now=lambda: T0)
    persist = Recorder._persist

    def failing(self, connection, source, *rest):
        events = persist(self, connection, source, *rest)
        if source.name == "bad":
            raise RuntimeError("disk on fire")
        return events

    monkeypatch.setattr(Recorder, "_persist", failing)
    recorder.record_group(_group(workspace, ["news", "bad", "late"]))
    assert recorder.errors == ["bad"]
    assert recorder.recorded == {"news", "late"}
    with desk.app.sessions() as session:
        checked = set(session.scalars(select(Source.name).join(Check)))
        alerted = {e.source.name for e in session.scalars(select(Event).join(Alert))}
    assert checked == {"news", "late"}
    assert alerted <= {"news", "late"}


def test_a_group_whose_commit_may_have_landed_is_not_written_again(
    workspace, database_url, monkeypatch
) -> None:
    """The group's COMMIT reaches the database but its answer does not (the
    connection is lost just then): the checks may be committed, so writing
    each again alone could record every check twice. They are listed as
    not recorded instead (the run's exit code says so), and no source has
    two checks of one fetch."""
    desk = _three_sources(workspace, database_url)
    recorder = Recorder(desk.app.config, desk.app.current_engine, now=lambda: T0)
    dialect = desk.app.engine.dialect
    commit, commits = dialect.do_commit, []

    def lost_after_commit(dbapi_connection) -> None:
        commit(dbapi_connection)
        commits.append(dbapi_connection)
        if len(commits) == 1:
            raise dialect.loaded_dbapi.OperationalError("server closed the connection")

    monkeypatch.setattr(dialect, "do_commit", lost_after_commit)
    recorder.record_group(_group(workspace, ["news", "bad", "late"]))
    with desk.app.sessions() as session:
        checks = list(session.scalars(select(Source.name).join(Check)))
        events = list(session.scalars(select(Event.kind)))
    assert sorted(checks) == ["bad", "late", "news"]
    assert events == ["new_mention"] * 3
    assert sorted(recorder.errors) == ["bad", "late", "news"]


def test_a_304_for_a_source_with_no_snapshot_is_a_failed_check(workspace, database_url) -> None:
    """Our conditional request, answered 304, but no copy is stored by the time
    it is recorded (casewatch.cycle.fetch_targets asks without conditions then):
    "your copy is current" with no copy is no healthy check."""
    desk = Desk(workspace, database_url)
    desk.configure()
    recorder = Recorder(desk.app.config, desk.app.current_engine, now=lambda: T0)
    page = FetchedPage("news", "https://example.org/news", "not_modified", T0, 5, 304)
    recorder.record(page)
    assert "no copy of the page is stored" in recorder.failed["news"]
    with desk.app.sessions() as session:
        check = session.scalars(select(Check)).one()
        assert (check.outcome, check.snapshot_id) == ("failed", None)
        assert "HTTP 304 Not Modified" in (check.error or "")
        assert session.scalars(select(Source)).one().consecutive_failures == 1
