"""`casewatch status` counts in words: "1 alert", "2 alerts", "1 event"."""

from __future__ import annotations

PAGE = "<html><body><article><p>{text}</p></article></body></html>"


def test_status_counts_one_and_many(
    workspace, database_url, site, down_mailbox, alerts_config, watched_page, alerted_event
) -> None:
    alerts_config(
        workspace, database_url, {"mail": down_mailbox.url()}, watched_page(site.url("/ua"))
    )
    site.put("/ua", PAGE.format(text="Maryia Kalesnikava was detained."))
    workspace.cli("run")
    site.put("/ua", PAGE.format(text="Maryia Kalesnikava was sentenced."))
    assert workspace.cli("run", "--all").returncode == 1  # the mail server is down
    one = workspace.cli("status")
    assert one.returncode == 1
    assert "\n  1 alert not yet delivered\n" in one.stdout
    alerted_event(workspace.app(), ["mail"])
    two = workspace.cli("status")
    assert "\n  2 alerts not yet delivered\n" in two.stdout
