"""``casewatch alerts test`` and ``casewatch alerts pending`` as a user runs them."""

from __future__ import annotations

import datetime as dt

from casewatch.db.models import Alert

PASSWORD = "s3cr3tPass4242"


def test_alerts_test_says_per_channel_whether_it_arrived(
    workspace, tmp_path, smtp, down_mailbox, alerts_config
):
    alerts_config(
        workspace,
        f"sqlite:///{tmp_path / 'casewatch.db'}",
        {"good": smtp.url(), "down": down_mailbox.url(password=PASSWORD)},
    )
    both = workspace.cli("alerts", "test")
    assert both.returncode == 1
    assert "good: delivered" in both.stdout.splitlines()
    [down] = [line for line in both.stdout.splitlines() if line.startswith("down: ")]
    assert down.startswith("down: FAILED: ") and "Connection error" in down
    assert PASSWORD not in both.stdout + both.stderr
    [mail] = smtp.messages
    assert "test alert" in mail.get_body(("html", "plain")).get_content()
    # The plain-text part (made from the HTML by the mail library) reads as
    # the text format does: each label on the line of its value.
    plain = mail.get_body(("plain",)).get_content().splitlines()
    assert any(line.startswith("Source: casewatch") for line in plain), plain
    assert any(line.startswith("Detected: ") and line[len("Detected: ") :] for line in plain)
    assert "Source" not in plain and "Detected" not in plain

    one = workspace.cli("alerts", "test", "--channel", "good")
    assert (one.returncode, one.stdout.strip()) == (0, "good: delivered")
    assert len(smtp.messages) == 2

    unknown = workspace.cli("alerts", "test", "--channel", "nope")
    assert unknown.returncode == 2
    assert "no channel named 'nope'" in unknown.stderr


def test_pending_lists_every_undelivered_state(
    workspace, database_url, alerts_config, alerted_event
):
    alerts_config(
        workspace,
        database_url,
        {"mail": "mailto://a:pw-0000@127.0.0.1:1?to=s@x.org&from=c@example.org"},
    )
    app = workspace.app()
    states = {
        "delivered": dict(attempts=1),
        "pending": dict(attempts=2, last_error="Connection error while submitting"),
        "dead": dict(attempts=8, last_error="550 rejected"),
        "held": dict(attempts=0),
        "sending": dict(attempts=1, possible_repeat=True),
    }
    ids = {name: alerted_event(app, ["mail"], summary=name)[0] for name in states}
    soon = dt.datetime(2030, 1, 2, 8, 0, tzinfo=dt.UTC)
    with app.sessions.begin() as session:
        for name, fields in states.items():
            alert = session.get(Alert, ids[name])
            alert.status, alert.next_attempt_at = name, soon
            for key, value in fields.items():
                setattr(alert, key, value)

    listed = workspace.cli("alerts", "pending")
    assert listed.returncode == 0, listed.stderr
    rows = {int(line.split()[0]): line for line in listed.stdout.splitlines() if line[:1].isdigit()}
    assert sorted(rows) == sorted(ids[n] for n in ("pending", "dead", "held", "sending"))
    assert "2030-01-02 08:00" in rows[ids["pending"]] and "Connection error" in rows[ids["pending"]]
    assert "dead" in rows[ids["dead"]] and "550 rejected" in rows[ids["dead"]]
    assert "held for digest" in rows[ids["held"]] and "2030-01-02 08:00" in rows[ids["held"]]
    assert "sending (possible repeat)" in rows[ids["sending"]]
