"""`casewatch status`: exit 1 while something is wrong, 0 once it is well;
cycles on record; a source silent for three intervals raises source_failing."""

from __future__ import annotations

import datetime as dt
import json
import re

from sqlalchemy import update

from casewatch.db.models import Check, Cycle, Source
from casewatch.health import overdue

PAGE = "<html><body><p>Maryia Kalesnikava was detained.</p></body></html>"


def test_status_is_degraded_while_a_source_fails_and_healthy_after(workspace, site) -> None:
    site.put("/ua", "<h1>down</h1>", status=500)
    workspace.write_config(
        '[crawl]\ndelay = "0s"\nretries = 0\nfailures_before_alert = 1\n'
        f'[[sources]]\nname = "ua"\nurl = "{site.url("/ua")}"\n'
    )
    assert workspace.cli("status").returncode == 2  # no schema yet: "run casewatch db upgrade"
    assert workspace.cli("run").returncode == 1
    failing = workspace.cli("status", "--json")
    assert failing.returncode == 1, failing.stderr
    report = json.loads(failing.stdout)
    assert report["healthy"] is False
    assert report["problems"] == ["source failing: ua: 1 failed check in a row"]
    assert report["last_cycle"]["checked"] == 1 and report["last_cycle"]["failed"] == 1
    (source,) = report["sources"]
    assert source["failing"] and source["last_success_at"] is None

    site.put("/ua", PAGE)
    assert workspace.cli("run", "--all").returncode == 0
    well = workspace.cli("status")
    assert well.returncode == 0, well.stdout + well.stderr
    assert well.stdout.startswith("casewatch: healthy")
    with workspace.app().sessions() as session:
        assert session.query(Cycle).count() == 2

    # The timer has stopped: no cycle for more than twice the 6 h interval.
    with workspace.app().sessions.begin() as session:
        day_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        session.execute(update(Cycle).values(started_at=day_ago, ended_at=day_ago))
    stopped = workspace.cli("status")
    assert stopped.returncode == 1
    assert "(more than twice the shortest interval, 6h)" in stopped.stdout
    assert "UTC" in stopped.stdout  # the configured zone, named
    # Every time in one way, as the tables write them, the zone named once per line.
    minute = r"\d{4}-\d\d-\d\d \d\d:\d\d"
    assert re.search(rf"^last cycle: {minute} to {minute} UTC:$", stopped.stdout, re.M)
    assert re.search(rf"^  no cycle completed since {minute} UTC ", stopped.stdout, re.M)


def test_a_source_unread_for_three_intervals_is_failing(workspace, site) -> None:
    """Failures below failures_before_alert, but for longer than three intervals."""
    site.put("/ua", "<h1>down</h1>", status=500)
    workspace.write_config(
        '[crawl]\ndelay = "0s"\nretries = 0\nfailures_before_alert = 100\n'
        f'[[sources]]\nname = "ua"\nurl = "{site.url("/ua")}"\ninterval = "10m"\n'
    )
    workspace.cli("run")
    assert workspace.cli("status").returncode == 0  # one failure: not yet a problem
    with workspace.app().sessions.begin() as session:  # as if it failed for an hour
        hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        session.execute(update(Check).values(started_at=hour_ago))
    status = workspace.cli("status")
    assert status.returncode == 1 and "not checked successfully since" in status.stdout
    assert re.search(r"since \d{4}-\d\d-\d\d \d\d:\d\d UTC", status.stdout), status.stdout
    workspace.cli("run", "--all")
    site.put("/ua", PAGE)
    workspace.cli("run", "--all")
    history = json.loads(workspace.cli("history", "--format", "json").stdout)
    kinds = [e["kind"] for e in history]
    assert kinds.count("source_failing") == 1 and kinds[-1] == "source_recovered", kinds
    assert workspace.cli("status").returncode == 0
    # The event's summary is alert text (alerts quote it): a moment as alerts write one.
    [failing] = [e["summary"] for e in history if e["kind"] == "source_failing"]
    assert re.fullmatch(
        r"source failing: not checked successfully since \d{1,2} \w{3} \d{4}, \d\d:\d\d \(UTC\)",
        failing,
    ), failing


def test_a_source_left_unchecked_for_three_intervals_is_failing(workspace, site) -> None:
    """Its last check succeeded, but long ago: the cycles that ran since
    checked other sources only (``run --source``, or workers that stopped)."""
    site.put("/old", PAGE)
    site.put("/new", PAGE)
    workspace.write_config(
        '[crawl]\ndelay = "0s"\n'
        + "".join(
            f'[[sources]]\nname = "{name}"\nurl = "{site.url("/" + name)}"\ninterval = "10m"\n'
            for name in ("old", "new")
        )
    )
    assert workspace.cli("run").returncode == 0
    with workspace.app().sessions.begin() as session:  # as if checked an hour ago
        hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        session.execute(update(Source).where(Source.name == "old").values(last_checked_at=hour_ago))
    assert workspace.cli("run", "--source", "new").returncode == 0
    history = json.loads(workspace.cli("history", "--format", "json").stdout)
    failing = [e["source"] for e in history if e["kind"] == "source_failing"]
    assert failing == ["old"], history


def test_overdue_rule() -> None:
    now = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    hour = dt.timedelta(hours=1)
    assert not overdue(None, None, hour, now)  # never checked: a new source
    assert not overdue(now - 3 * hour, now - 9 * hour, hour, now)
    assert overdue(now - 3 * hour - dt.timedelta(seconds=1), None, hour, now)
    assert overdue(None, now - 4 * hour, hour, now)  # never a success
