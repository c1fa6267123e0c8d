"""A failed check is retried sooner than the interval, a run after failures
never says all is well (nor one that checked nothing: it says when
the next check is), and ``casewatch sources`` shows each source's last
check, outcome, error, next due time and what its page says (SPEC §2)."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

from sqlalchemy import update

from casewatch.db.models import Source

PAGE = "<html><body><article><p>{text}</p></article></body></html>"


def sources(workspace) -> dict[str, dict]:
    result = workspace.cli("sources", "--json")
    assert result.returncode == 0, result.stderr
    return {s["name"]: s for s in json.loads(result.stdout)}


def test_a_failed_source_is_retried_soon_and_shown(workspace, database_url, site) -> None:
    workspace.write_config(
        f"""
        [database]
        url = "{database_url}"
        [crawl]
        delay = "0s"
        retries = 0
        interval = "1d"
        [alerts]
        timezone = "Europe/Minsk"
        [[people]]
        name = "Maryia Kalesnikava"
        [[sources]]
        name = "UA"
        url = "{site.url("/ua")}"
        """
    )
    site.put("/ua", "down for maintenance", status=503)
    first = workspace.cli("run")
    assert first.returncode == 1
    failed = sources(workspace)["UA"]
    assert (failed["outcome"], failed["failures"], failed["says"]) == ("failed", 1, None)
    assert "503" in failed["error"]
    checked = dt.datetime.fromisoformat(failed["last_checked_at"])
    due = dt.datetime.fromisoformat(failed["next_due_at"])
    assert dt.timedelta(minutes=1) <= due - checked <= dt.timedelta(minutes=15)

    # status knows the same retry time, and shows it in the configured zone.
    status = workspace.cli("status", "--json")
    assert status.returncode == 0, status.stderr  # one failure is not yet "failing"
    [health] = json.loads(status.stdout)["sources"]
    assert health["next_due_at"] == failed["next_due_at"]
    shown = workspace.cli("status").stdout
    minsk = zoneinfo.ZoneInfo("Europe/Minsk")
    assert f"{due.astimezone(minsk):%Y-%m-%d %H:%M}" in shown
    assert "times in Europe/Minsk" in shown and "UTC" not in shown

    # Not due yet: the run says the source is still failing, not that all is well.
    again = workspace.cli("run")
    assert again.returncode == 1
    assert "checked 0 sources, 0 failed, 1 still failing" in again.stdout
    # ... and why it checked nothing: when the next check is, in the configured zone.
    assert (
        f"nothing due: next check {due.astimezone(minsk):%Y-%m-%d %H:%M} Europe/Minsk (UA)\n"
        in (again.stdout)
    )
    assert "still failing: UA: " in again.stderr and "Europe/Minsk" in again.stderr

    # Once its short backoff has passed (not its day-long interval), it is checked.
    with workspace.app().sessions.begin() as session:
        session.execute(update(Source).values(last_checked_at=checked - (due - checked)))
    site.put("/ua", PAGE.format(text="Maryia Kalesnikava was sentenced to 11 years."))
    recovered = workspace.cli("run")
    assert recovered.returncode == 0, recovered.stderr
    assert "checked 1 source, 0 failed" in recovered.stdout
    ok = sources(workspace)["UA"]
    assert ok["failures"] == 0 and ok["error"] is None
    checked = dt.datetime.fromisoformat(ok["last_checked_at"])
    assert dt.datetime.fromisoformat(ok["next_due_at"]) - checked == dt.timedelta(days=1)
    [said] = ok["says"]["people"]
    assert said["person"] == "Maryia Kalesnikava" and said["status"] == "sentenced"
    assert set(said) == {"person", "status", "status_detail", "stated_on"}
    assert set(ok["says"]) >= {"people", "deadlines", "ua_number", "signatures", "signature_goal"}

    table = workspace.cli("sources")
    assert table.returncode == 0
    assert "times in Europe/Minsk" in table.stdout
    assert "Maryia Kalesnikava: sentenced" in " ".join(table.stdout.split())


def test_a_page_read_that_names_no_one_yet_says_so(workspace, database_url, site) -> None:
    """A page watched for a person before it names anyone: once read, it
    says nothing (an empty statement, not null, which means never read), and
    ``cases`` lists it among that person's sources."""
    person = '[[people]]\nname = "Maryia Kalesnikava"\n'
    source = f'[[sources]]\nname = "UA"\nurl = "{site.url("/ua")}"\npeople = ["Maryia Kalesnikava"]'
    workspace.write_local_config(person + source, database_url)
    site.put("/ua", PAGE.format(text="Nothing about anyone here yet."))
    assert workspace.cli("run").returncode == 0
    says = sources(workspace)["UA"]["says"]
    assert says is not None and says["people"] == [] and says["deadlines"] == []
    cases = workspace.cli("cases", "--json")
    assert cases.returncode == 0, cases.stderr
    [case] = json.loads(cases.stdout)
    assert case["sources"] == ["UA"]
