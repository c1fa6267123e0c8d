"""Reading pages in other processes (casewatch/reading_pool.py), through
``casewatch run`` on pages served on 127.0.0.1 and real SQLite databases.

What the pool reads is recorded exactly as the run's own process records it;
a page that kills the process reading it is a failed check, and every other
page is recorded; Ctrl-C, SIGTERM and SIGKILL of the run leave no reading
process behind.

The pages are fetched one at a time (``per_host_concurrency = 1``), in order,
so the pages from :data:`START_AFTER` on are the ones the pool reads.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from casewatch.db.models import Check, Event, Snapshot, Source
from casewatch.failpoints import ENV_VARIABLE
from casewatch.reading_pool import START_AFTER

PAGES = START_AFTER + 20
IN_POOL = START_AFTER + 10  # a page the pool reads
# Each page the pool reads is about a person of its own: which of two pages
# about one person is recorded first depends on the network, and decides
# which one's status change is the news and which repeats it.
SURNAMES = [
    "Abramchyk",
    "Bialiatski",
    "Charniauskaya",
    "Dubavik",
    "Ermalenka",
    "Fiadotava",
    "Hardzienka",
    "Ivashkevich",
    "Jurkova",
    "Kuzniatsou",
    "Lapko",
    "Malinouski",
    "Navumchyk",
    "Ostrouskaya",
    "Prakapovich",
    "Ruban",
    "Stankevich",
    "Tsimashenka",
    "Uskova",
]
PEOPLE = '[[people]]\nname = "Maryia Kalesnikava"\naliases = ["Мария Колесникова"]\n' + "".join(
    f'[[people]]\nname = "{"Hanna" if s.endswith("a") else "Ales"} {s}"\n' for s in SURNAMES
)
NEWS = [
    "{who} was detained on 7 September 2020.",
    "{who} was sentenced to 11 years in a penal colony on 6 September 2021.",
    "{who} was released on 12 February 2024.",
    "The appeal hearing of {who} is set for 3 March 2027.",
]
NEWS_RU = ["{who} задержана 7 сентября 2020 года.", "{who} приговорена к 11 годам колонии."]


def _put_pages(site, cycle: int) -> None:
    """The pages' text at ``cycle``: the pool's pages each name their person
    with news that moves on, the run's name no one; pages 4 and 5 (read by
    the run) and their twins in the pool are unreadable in two ways."""
    for n in range(PAGES):
        if n % START_AFTER == 4:
            site.put(f"/p{n}", b"\x89PNG...", content_type="image/png")
            continue
        if n == START_AFTER:
            news = NEWS_RU[cycle % 2].format(who="Мария Колесникова")
        elif n > START_AFTER:
            surname = SURNAMES[n - START_AFTER - 1]
            who = f"{'Hanna' if surname.endswith('a') else 'Ales'} {surname}"
            news = NEWS[(n + cycle) % 4].format(who=who)
        else:
            news = f"The court held {n + cycle} hearings on 3 March 2026."
        # Pages the size of real ones: small answers are always read by the run.
        filler = "<p>Letters and parcels reach the colony with delays.</p>" * 300
        body = f"<h1>Case {n}</h1><p>{news}</p><p>Letters: {n * 7 + cycle}.</p>{filler}"
        # Page 5 and its twin have no <article> for their select to find.
        tag = "div" if n % START_AFTER == 5 else "article"
        site.put(f"/p{n}", f"<html><body><{tag}>{body}</{tag}></body></html>")


def _configure(workspace, site, processes: int, database: Path) -> None:
    sources = "".join(
        f'[[sources]]\nname = "page-{n:02}"\nurl = "{site.url(f"/p{n}")}"\nselect = "article"\n'
        for n in range(PAGES)
    )
    workspace.write_local_config(
        PEOPLE + sources,
        database_url=f"sqlite:///{database}",
        crawl=f"per_host_concurrency = 1\nreading_processes = {processes}",
    )


def _recorded(database: Path) -> dict[str, list[tuple]]:
    """Each source's checks, snapshots and events, without times and ids."""
    recorded: dict[str, list[tuple]] = {}
    with Session(create_engine(f"sqlite:///{database}")) as session:
        for source in session.scalars(select(Source)):
            checks = session.scalars(select(Check).where(Check.source_id == source.id))
            snapshots = session.scalars(select(Snapshot).where(Snapshot.source_id == source.id))
            events = session.scalars(select(Event).where(Event.source_id == source.id))
            recorded[source.name] = [
                *((c.outcome, c.http_status, c.error) for c in checks.all()),
                *((s.content_hash, s.text, s.facts) for s in snapshots.all()),
                *((e.kind, e.person, e.summary, e.details, e.baseline) for e in events.all()),
            ]
    return recorded


def test_pages_read_by_other_processes_are_recorded_as_the_run_reads_them(workspace, site) -> None:
    recorded = {}
    for processes in (0, 2):
        database = workspace.folder / f"read-by-{processes}.db"
        _put_pages(site, cycle=0)
        _configure(workspace, site, processes, database)
        for cycle in (0, 1):  # every page new, then every page changed
            _put_pages(site, cycle)
            run = workspace.cli("-v", "run", "--all")
            assert run.returncode == 1, run.stderr  # the unreadable pages
            started = f"reading pages in 2 processes from page {START_AFTER} on"
            assert (started in run.stderr) == (processes == 2), run.stderr
        recorded[processes] = _recorded(database)
    assert recorded[2] == recorded[0]
    by_pool = recorded[2][f"page-{START_AFTER + 4:02}"]
    assert by_pool[:2] == [("failed", 200, "not a web page (image/png)")] * 2
    changed = recorded[2][f"page-{IN_POOL:02}"]
    assert [c[0] for c in changed[:2]] == ["baseline", "changed"]
    pool_rows = [row for n in range(START_AFTER, PAGES) for row in recorded[2][f"page-{n:02}"]]
    assert any(row[0] == "status_changed" for row in pool_rows)
    for twin in (5, START_AFTER + 5):  # Unreadable from either process
        error = recorded[2][f"page-{twin:02}"][0][2]
        assert "selector 'article' matched nothing" in error


def test_a_page_that_kills_its_reading_process_is_a_failed_check(workspace, site) -> None:
    _put_pages(site, cycle=0)
    database = workspace.folder / "casewatch.db"
    _configure(workspace, site, 2, database)
    workspace.env[ENV_VARIABLE] = f"reading/page-{IN_POOL}"
    run = workspace.cli("run", "--all")
    assert run.returncode == 1, run.stderr
    recorded = _recorded(database)
    assert len(recorded) == PAGES
    killer = recorded[f"page-{IN_POOL}"]
    assert killer == [
        ("failed", 200, "the process reading the page died (a crash or out of memory), twice")
    ]
    unreadable = {f"page-{n:02}" for n in range(PAGES) if n % START_AFTER in (4, 5)}
    for name, rows in recorded.items():
        if name not in unreadable | {f"page-{IN_POOL}"}:
            assert rows[0][0] == "baseline", (name, rows)  # one check each, read


def _tree(pid: int) -> set[int]:
    """``pid`` and its descendants now (Linux /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has stopped: it only waits to be reaped


@pytest.mark.parametrize("stop", ["ctrl-c", "sigterm", "sigkill"])
def test_stopping_the_run_leaves_no_reading_process(workspace, site, stop) -> None:
    _put_pages(site, cycle=0)
    _configure(workspace, site, 2, workspace.folder / "casewatch.db")
    gate = workspace.folder / "gate"
    # Held while a reading process holds the page.
    run = workspace.start_paused(f"reading/page-{IN_POOL}", gate, "run", "--all")
    try:
        processes = _tree(run.pid) - {run.pid}
        assert len(processes) >= 3, processes  # fork server, 2 readers (+ resource tracker)
        if stop == "ctrl-c":
            os.killpg(run.pid, signal.SIGINT)  # the terminal signals the whole group
        else:
            os.kill(run.pid, signal.SIGTERM if stop == "sigterm" else signal.SIGKILL)
        Path(f"{gate}.go").touch()
        run.communicate(timeout=120)
        waited = 0.0
        while any(_alive(p) for p in processes) and waited < 60:
            time.sleep(0.05)
            waited += 0.05
        assert not [p for p in processes if _alive(p)]
    finally:
        if run.poll() is None:
            run.kill()
