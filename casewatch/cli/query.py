"""``casewatch history``, ``diff`` and ``cases``: reading the record."""

from __future__ import annotations

import argparse
import zoneinfo

from casewatch import views
from casewatch.case.facts import describe_status
from casewatch.cli.common import open_app
from casewatch.cli.output import Column, date_only, local_time, print_csv, print_json, print_table
from casewatch.db import queries
from casewatch.errors import UsageError
from casewatch.sources import source_objects
from casewatch.text import local_minutes, plural, visible_controls, zoned

# How each table gives way at narrow widths (casewatch/cli/layout.py): the
# summary, status and what a page says are what people read them for.
HISTORY_COLUMNS = (
    Column("id"),
    Column("when", whole=True, short=date_only),
    Column("kind"),
    Column("person"),
    Column("source", drop=1),
    Column("summary", least=24),
)
CASES_COLUMNS = (
    Column("person"),
    Column("status", least=16),
    Column("since", whole=True),
    Column("source", drop=1),
    Column("next deadline", least=12),
)
SOURCES_COLUMNS = (
    Column("source"),
    Column("last check", drop=1, whole=True),
    Column("outcome", least=16, lines=3),
    Column("next due", whole=True),
    Column("says", least=24, lines=4),
)


def cmd_history(args: argparse.Namespace) -> int:
    app = open_app(args)
    tz = zoneinfo.ZoneInfo(app.config.settings.alerts.timezone)
    asked = views.HistoryQuery(args.person, args.source, args.kind, args.since, args.until)
    people = app.people if asked.person else None  # its name rules load only when needed
    where = views.history_filter(app.config, people, asked)
    if args.format != "table":
        with app.reading() as connection:
            objects = views.history_objects(connection, where)
        if args.format == "json":
            print_json(objects)
        else:
            print_csv(objects, views.HISTORY_FIELDS)
        return 0
    # The table is made from the rows themselves: no event objects, no details.
    # Unpacked (queries.HISTORY_COLUMNS' order), not read by name: 60,000
    # lookups by name took 16 ms of CPU, unpacking 10,000 rows 2.5 ms.
    with app.reading() as connection:
        rows = queries.history(connection, where, details=False)
    print_table(
        [
            (event_id, local_minutes(when, tz), kind, person, source, summary)
            for event_id, when, kind, person, source, _url, summary in rows
        ],
        HISTORY_COLUMNS,
        empty="no events",
        note=f"times in {tz.key}",
    )
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from casewatch.db import loaded  # the ORM: only this command of the module needs it

    app = open_app(args)
    with app.sessions() as session:
        event = loaded.event(session, args.event_id)
        if event is None:
            raise UsageError(f"no event {args.event_id}")
        source = event.source.name if event.source else "-"
        tz = zoneinfo.ZoneInfo(app.config.settings.alerts.timezone)
        print(f"event {event.id} · {event.kind} · {source} · {zoned(event.occurred_at, tz)}")
        print(visible_controls(event.summary))
        if event.diff is None:
            print("(this event has no stored diff)")
            return 0
        # Page text: a control in it is shown, never sent to the terminal.
        for title, snapshot in (
            ("before", event.diff.old_snapshot),
            ("after", event.diff.new_snapshot),
        ):
            print(f"\n=== {title} (snapshot {snapshot.id}, {zoned(snapshot.created_at, tz)})")
            print(visible_controls(snapshot.text))
        print("\n=== diff")
        print(visible_controls(event.diff.unified))
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    app = open_app(args)
    tz = zoneinfo.ZoneInfo(app.config.settings.alerts.timezone)
    with app.reading() as connection:
        cases = views.case_objects(connection, app.config)
    if args.json:
        print_json(cases)
        return 0
    print_table(
        [
            (
                c["person"],
                describe_status(c["status"], c["status_detail"]),
                local_time(c["status_since"], tz)[:10] if c["status_since"] else "",
                _said_by(c, tz),
                next((f"{d['date']} {d['label']}" for d in c["deadlines"]), ""),
            )
            for c in cases
        ],
        CASES_COLUMNS,
        empty="no people configured",
        note=f"dates in {tz.key}",
    )
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    app = open_app(args)
    tz = zoneinfo.ZoneInfo(app.config.settings.alerts.timezone)
    with app.reading() as connection:
        sources = source_objects(connection, app.config)
    if args.json:
        print_json(sources)
        return 0
    print_table(
        [
            (
                s["name"],
                local_time(s["last_checked_at"], tz) if s["last_checked_at"] else "never",
                _outcome(s),
                local_time(s["next_due_at"], tz) if s["next_due_at"] else "next run",
                _says(s["says"]),
            )
            for s in sources
        ],
        SOURCES_COLUMNS,
        empty="no [[sources]] configured",
        note=f"times in {tz.key}",
    )
    return 0


def _said_by(case: dict, tz: zoneinfo.ZoneInfo) -> str:
    """The source of a person's status, and whether its page is gone."""
    if case["status_source_removed_at"] is None:
        return case["status_source"] or ""
    since = local_time(case["status_source_removed_at"], tz)[:10]
    return f"{case['status_source']} (page removed since {since})"


def _outcome(source: dict) -> str:
    if source["outcome"] is None:
        return ""
    failing = f", {plural(source['failures'], 'failure')} in a row" if source["failures"] else ""
    error = f": {source['error']}" if source["outcome"] == "failed" and source["error"] else ""
    return f"{source['outcome']}{failing}{error}"


def _says(says: dict | None) -> str:
    """A line of what a page says: who and their status, deadlines, counts."""
    if says is None:
        return ""
    parts = [
        f"{p['person']}: {describe_status(p['status'], p['status_detail'])}" for p in says["people"]
    ]
    parts += [f"{d['label']} {d['date']}" for d in says["deadlines"]]
    if says["ua_number"]:
        parts.append(f"UA {says['ua_number']}")
    if says["signatures"] is not None:
        goal = says["signature_goal"]
        signatures = says["signatures"]
        counted = f"{signatures:,} of {plural(goal, 'signature')}" if goal else None
        parts.append(counted or plural(signatures, "signature"))
    return "; ".join(parts)
