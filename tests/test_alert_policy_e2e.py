"""The alert policy end to end: pages served on 127.0.0.1, crawled by
``casewatch run``, recorded, and mailed to a real SMTP server.

One change, one alert, titled plainly by the event-kind registry (issue 7,
faults 4, 8 and 15).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from sqlalchemy import select

from casewatch.db.models import Alert, Event
from casewatch.event_kinds import REGISTRY

PAGE = "<html><body><article><h1>{title}</h1><p>{text}</p></article></body></html>"


def write_config(workspace, database_url, site, smtp, sources: dict[str, str], extra="") -> None:
    """A config watching these sources (name → path on ``site``), mailing all events."""
    tables = "".join(
        f'[[sources]]\nname = "{name}"\nurl = "{site.url(path)}"\n{extra}\n'
        for name, path in sources.items()
    )
    workspace.write_config(
        f"""
[database]
url = "{database_url}"
[crawl]
delay = "0s"
retries = 0
timeout = "5s"
failures_before_alert = 2
[[people]]
name = "Maryia Kalesnikava"
{tables}
[[channels]]
name = "staff-email"
url = "{smtp.url()}"
events = ["*"]
"""
    )


def run(workspace) -> int:
    result = workspace.cli("run", "--all")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode


def subjects(smtp) -> list[str]:
    return [str(m["Subject"]) for m in smtp.messages]


def alerted_kinds(workspace) -> list[str]:
    """The kinds of the events that have an alert, oldest first."""
    with workspace.app().sessions() as session:
        query = select(Event.kind).join(Alert, Alert.event_id == Event.id).order_by(Event.id)
        return list(session.scalars(query))


def test_one_status_change_from_two_sources_is_one_alert_whatever_their_details(
    workspace, database_url, site, smtp
) -> None:
    """Fault 8: the repeat window compares person and status, not the detail
    text each source happens to give ("11 years, penal colony" / "11 years")."""
    write_config(workspace, database_url, site, smtp, {"news": "/news", "ua": "/ua"})
    site.put("/news", PAGE.format(title="News", text="Maryia Kalesnikava was detained."))
    site.put("/ua", PAGE.format(title="UA", text="Maryia Kalesnikava was detained."))
    assert run(workspace) == 0
    assert smtp.messages == []  # baselines

    site.put(
        "/news",
        PAGE.format(
            title="News", text="Maryia Kalesnikava was sentenced to 11 years in a penal colony."
        ),
    )
    site.put("/ua", PAGE.format(title="UA", text="Maryia Kalesnikava was sentenced to 11 years."))
    assert run(workspace) == 0

    [subject] = subjects(smtp)
    assert "status changed" in subject and "sentenced" in subject
    with workspace.app().sessions() as session:
        changes = session.scalars(select(Event).where(Event.kind == "status_changed")).all()
    assert len(changes) == 2  # both recorded for history
    [repeat] = [e for e in changes if "repeats_event" in e.details]
    assert repeat.baseline
    assert alerted_kinds(workspace) == ["status_changed"]


def test_every_alert_title_names_its_event_plainly(workspace, database_url, site, smtp) -> None:
    """Fault 15: a skimming reader (or a mail filter) sees what happened from
    the title alone: "status changed", "page removed", "source recovered"..."""
    write_config(workspace, database_url, site, smtp, {"UA 147.20": "/ua"})
    site.put("/ua", PAGE.format(title="UA", text="Maryia Kalesnikava was detained."))
    assert run(workspace) == 0

    site.put("/ua", PAGE.format(title="UA", text="Maryia Kalesnikava was sentenced to 9 years."))
    assert run(workspace) == 0
    site.put("/ua", "<h1>Gone</h1>", status=410)
    assert run(workspace) == 0
    site.put("/ua", PAGE.format(title="UA", text="Maryia Kalesnikava was sentenced to 9 years."))
    assert run(workspace) == 0
    site.put("/ua", "oops", status=500)
    assert [run(workspace) for _ in range(2)] == [1, 1]
    site.put("/ua", PAGE.format(title="UA", text="Maryia Kalesnikava was sentenced to 9 years."))
    assert run(workspace) == 0

    kinds = alerted_kinds(workspace)
    assert kinds == [
        "status_changed",
        "page_removed",
        "page_restored",
        "source_failing",
        "source_recovered",
    ]
    for kind, subject in zip(kinds, subjects(smtp), strict=True):
        assert REGISTRY[kind].title in subject, (kind, subject)
    assert "failed" not in subjects(smtp)[-1]  # a recovery does not read as a failure


def petition(count: int, goal: int) -> str:
    return PAGE.format(
        title="Free Maryia Kalesnikava",
        text=f"{count:,} signatures of {goal:,} signatures. Sign for Maryia Kalesnikava.",
    )


def test_petition_counts_are_quiet_until_the_goal_is_reached(
    workspace, database_url, site, smtp
) -> None:
    """Fault 4: a count that moves is recorded, never alerted, and sends no
    bare "page changed"; reaching the goal is one alert that says so."""
    write_config(
        workspace, database_url, site, smtp, {"petition": "/petition"}, extra='kind = "petition"'
    )
    site.put("/petition", petition(512, 1000))
    assert run(workspace) == 0
    site.put("/petition", petition(712, 1000))
    assert run(workspace) == 0
    assert smtp.messages == []  # recorded, not alerted
    with workspace.app().sessions() as session:
        kinds = session.scalars(select(Event.kind).where(Event.baseline.is_(False))).all()
    assert sorted(kinds) == ["signatures_changed"]  # a count alone is no page change

    site.put("/petition", petition(1003, 1000))
    assert run(workspace) == 0
    [subject] = subjects(smtp)
    assert REGISTRY["signatures_changed"].title in subject
    assert "1,003" in subject


def test_one_signature_is_counted_in_the_singular(workspace, database_url, site, smtp) -> None:
    """A count is written with its noun one way (casewatch.text.plural): the
    alert's title and ``casewatch sources`` say "1 signature", not "1 signatures"."""
    write_config(
        workspace, database_url, site, smtp, {"petition": "/petition"}, extra='kind = "petition"'
    )
    counted = "<p>Signatures: {count}</p><p>{goal}</p><p>Sign for Maryia Kalesnikava.</p>"
    page = PAGE.format(title="Free Maryia Kalesnikava", text=counted)
    site.put("/petition", page.format(count=0, goal="Goal: 1"))
    assert run(workspace) == 0
    site.put("/petition", page.format(count=1, goal="Goal: 5"))  # the goal of 1 reached
    assert run(workspace) == 0
    [subject] = subjects(smtp)
    assert subject.endswith("petition goal reached: 1 signature (goal 1)"), subject
    assert "; 1 of 5 signatures" in workspace.cli("sources").stdout
    site.put("/petition", page.format(count=1, goal=""))
    assert run(workspace) == 0
    table = workspace.cli("sources").stdout
    assert "1 signature" in table and "1 signatures" not in table


UA = """<html><body><article><h1>URGENT ACTION</h1>
<p>Maryia Kalesnikava was detained and charged under Article 361.</p>
<p>Write to the Prosecutor General urging him to release Maryia Kalesnikava.</p>
<p>PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: {date}</p>
</article></body></html>"""
MINSK = "Europe/Minsk"


def written(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_a_deadline_moved_close_is_one_alert_with_the_one_date_format(
    workspace, database_url, site, smtp
) -> None:
    """A deadline moved into a reminder's window is one alert, and every date
    in it is written one way, counted in the configured time zone."""
    write_config(
        workspace,
        database_url,
        site,
        smtp,
        {"UA 147.20": "/ua"},
        extra='kind = "amnesty_ua"\npeople = ["Maryia Kalesnikava"]',
    )
    workspace.config_path.write_text(
        workspace.config_path.read_text()
        + f'[alerts]\ntimezone = "{MINSK}"\nremind_before = ["7d", "3d", "1d"]\n'
    )
    today = dt.datetime.now(ZoneInfo(MINSK)).date()
    far, near = today + dt.timedelta(days=60), today + dt.timedelta(days=2)
    site.put("/ua", UA.format(date=written(far)))
    assert run(workspace) == 0
    site.put("/ua", UA.format(date=written(near)))
    assert run(workspace) == 0

    [mail] = smtp.messages
    subject = str(mail["Subject"])
    assert f"deadline changed: action deadline moved to {near.day} {near:%b %Y} (in 2 days)" in (
        subject
    )
    body = mail.get_body(("plain", "html")).get_content()
    dates = re.findall(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b", subject + body)
    assert dates and all(not d.startswith("0") for d in dates), dates
    assert f"{far.day} {far:%b %Y} → {near.day} {near:%b %Y} (in 2 days)" in body
    assert alerted_kinds(workspace) == ["deadline_changed"]  # the reminder joined it
