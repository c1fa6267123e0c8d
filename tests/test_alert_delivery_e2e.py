"""End to end through the CLI: alerts survive a mail server outage, are
delivered exactly once, die visibly, and never leak the channel's secret."""

from __future__ import annotations

import time

from sqlalchemy import select

from casewatch.db.models import Alert, Base

PASSWORD = "s3cr3tPass4242"


def statuses(workspace) -> list[tuple[str, int]]:
    with workspace.app().sessions() as session:
        return [(a.status, a.attempts) for a in session.scalars(select(Alert).order_by(Alert.id))]


def test_mail_server_down_then_back_delivers_exactly_once(
    workspace, database_url, down_mailbox, start_smtp, alerts_config, alerted_event
):
    alerts_config(workspace, database_url, {"staff-email": down_mailbox.url(password=PASSWORD)})
    alerted_event(workspace.app(), ["staff-email"])

    down = workspace.cli("run")
    assert down.returncode == 1, down.stderr
    assert "1 undelivered" in down.stdout
    pending = workspace.cli("alerts", "pending")
    assert pending.returncode == 0, pending.stderr
    [row] = [line for line in pending.stdout.splitlines() if "staff-email" in line]
    assert "pending" in row and " 1 " in row  # one attempt so far
    assert "Connection error" in row
    assert PASSWORD not in pending.stdout + down.stdout + down.stderr

    # The daemon's cycles wait out the backoff (1 minute by default).
    assert workspace.cli("run", "--respect-backoff").returncode == 1
    assert statuses(workspace) == [("pending", 1)]

    start_smtp(down_mailbox)
    back = workspace.cli("run")
    assert back.returncode == 0, back.stderr
    assert len(down_mailbox.messages) == 1
    assert "Kalesnikava" in down_mailbox.messages[0]["Subject"]
    again = workspace.cli("run")
    assert again.returncode == 0
    assert len(down_mailbox.messages) == 1
    assert statuses(workspace) == [("delivered", 2)]
    assert "no undelivered alerts" in workspace.cli("alerts", "pending").stdout


PAGE = "<html><body><article><h1>Maryia Kalesnikava</h1><p>{news}</p></article></body></html>"


def test_many_quick_runs_during_an_outage_lose_nothing(
    workspace, database_url, site, down_mailbox, start_smtp, alerts_config, watched_page
):
    """Ten quick runs against a dead mail server count attempts, but an
    alert dies only after failing for give_up_after (24h): nothing is lost."""
    site.put("/ua", PAGE.format(news="She was detained on 7 September."))
    alerts_config(
        workspace,
        database_url,
        {"staff-email": down_mailbox.url()},
        extra=watched_page(site.url("/ua")),
    )
    assert workspace.cli("run").returncode == 0  # the first reading is the baseline
    site.put("/ua", PAGE.format(news="She was sentenced to 11 years."))
    runs = [workspace.cli("run", "--all").returncode for _ in range(11)]
    assert runs == [1] * 11
    waiting = statuses(workspace)
    assert waiting and all(status == "pending" and n == 11 for status, n in waiting)

    start_smtp(down_mailbox)
    assert workspace.cli("run").returncode == 0
    assert workspace.cli("run").returncode == 0
    assert len(down_mailbox.messages) == len(waiting)  # each alert exactly once
    assert {status for status, _ in statuses(workspace)} == {"delivered"}


def test_alert_is_dead_after_failing_for_give_up_after(
    workspace, database_url, down_mailbox, start_smtp, alerts_config, alerted_event
):
    alerts_config(
        workspace,
        database_url,
        {"staff-email": down_mailbox.url()},
        extra='[alerts]\ngive_up_after = "1s"',
    )
    [first] = alerted_event(workspace.app(), ["staff-email"], summary="first event")

    assert workspace.cli("run").returncode == 1
    assert statuses(workspace) == [("pending", 1)]  # failing for 0 s so far
    time.sleep(1.1)  # let the give-up period pass
    assert workspace.cli("run").returncode == 1
    assert statuses(workspace) == [("dead", 2)]
    pending = workspace.cli("alerts", "pending")
    [row] = [line for line in pending.stdout.splitlines() if "staff-email" in line]
    assert "dead" in row and " 2 " in row and "Connection error" in row

    # The server comes back: a newer alert arrives once, the dead one stays
    # dead (and keeps failing runs) until someone acts.
    [second] = alerted_event(workspace.app(), ["staff-email"], summary="second event")
    start_smtp(down_mailbox)
    assert workspace.cli("run").returncode == 1
    assert workspace.cli("run").returncode == 1
    assert len(down_mailbox.messages) == 1
    assert statuses(workspace) == [("dead", 2), ("delivered", 1)]
    assert "requeued 1 dead alert: " in workspace.cli("alerts", "retry").stdout
    assert workspace.cli("run").returncode == 0
    assert len(down_mailbox.messages) == 2 and statuses(workspace) == [
        ("delivered", 1),
        ("delivered", 1),
    ]
    not_dead = workspace.cli("alerts", "dismiss", str(first), str(second))
    assert not_dead.returncode == 2 and f"alert {second} was delivered already" in not_dead.stderr


def test_dismissed_dead_alert_stops_failing_runs(
    workspace, database_url, down_mailbox, alerts_config, alerted_event
):
    alerts_config(
        workspace,
        database_url,
        {"mail": down_mailbox.url()},
        extra='[alerts]\ngive_up_after = "1s"',
    )
    [alert_id] = alerted_event(workspace.app(), ["mail"])
    assert workspace.cli("run").returncode == 1
    time.sleep(1.1)  # let the give-up period pass
    assert workspace.cli("run").returncode == 1
    dismissed = workspace.cli("alerts", "dismiss", str(alert_id))
    assert dismissed.returncode == 0 and "dismissed 1 dead alert: " in dismissed.stdout
    assert workspace.cli("run").returncode == 0
    assert "no undelivered alerts" in workspace.cli("alerts", "pending").stdout
    assert statuses(workspace) == [("dismissed", 2)]


def test_retired_max_attempts_is_accepted_with_a_warning(workspace, alerts_config, tmp_path):
    alerts_config(
        workspace, f"sqlite:///{tmp_path / 'c.db'}", {}, extra="[alerts]\nmax_attempts = 8"
    )
    check = workspace.cli("config", "check")
    assert check.returncode == 0, check.stderr
    assert "max_attempts is no longer used" in check.stderr
    assert "give_up_after" in check.stderr


def test_secret_in_channel_url_never_appears(
    workspace, database_url, site, down_mailbox, alerts_config, alerted_event
):
    workspace.env["SMTP_PASSWORD"] = PASSWORD
    site.put("/ua", "<html><body><article>Maryia Kalesnikava detained.</article></body></html>")
    alerts_config(
        workspace,
        database_url,
        {"staff-email": down_mailbox.url(password="${SMTP_PASSWORD}")},
        extra=f'[[sources]]\nname = "UA"\nurl = "{site.url("/ua")}"\n'
        '[[people]]\nname = "Maryia Kalesnikava"',
    )
    alerted_event(workspace.app(), ["staff-email"])

    outputs = [
        workspace.cli("-vv", "run"),
        workspace.cli("alerts", "pending"),
        workspace.cli("config", "check"),
    ]
    assert [r.returncode for r in outputs] == [1, 0, 0]
    assert "DEBUG" in outputs[0].stderr  # the run really logged at debug level
    assert "Connection error" in outputs[1].stdout  # the error is shown, redacted
    for result in outputs:
        assert PASSWORD not in result.stdout + result.stderr
    with workspace.app().engine.connect() as connection:
        stored = [
            repr(row)
            for table in Base.metadata.sorted_tables
            for row in connection.execute(table.select())
        ]
    assert any("Connection error" in row for row in stored)
    assert not [row for row in stored if PASSWORD in row]
