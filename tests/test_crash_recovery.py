"""Crash safety: a run killed by SIGKILL at each point of the record →
claim → send → settle path loses nothing, and repeats at most the one alert
caught mid-send, marked as a possible repeat. Two runs never both send."""

from __future__ import annotations

import asyncio
import subprocess
import threading

import pytest
from sqlalchemy import select

from casewatch.db.models import Alert
from casewatch.failpoints import ENV_VARIABLE

PAGE = "<html><body><article><h1>Maryia Kalesnikava</h1><p>{news}</p></article></body></html>"


def alert_rows(workspace) -> list[Alert]:
    with workspace.app().sessions() as session:
        return list(session.scalars(select(Alert).order_by(Alert.id)))


@pytest.mark.parametrize("point", ["after_record", "before_send", "after_send"])
def test_killed_run_loses_nothing_and_flags_the_repeat(
    workspace, database_url, site, smtp, alerts_config, point
):
    site.put("/ua", PAGE.format(news="She was detained on 7 September."))
    alerts_config(
        workspace,
        database_url,
        {"staff-email": smtp.url()},
        extra=f'[crawl]\ndelay = "0s"\nretries = 0\n'
        f'[[people]]\nname = "Maryia Kalesnikava"\n'
        f'[[sources]]\nname = "UA"\nurl = "{site.url("/ua")}"\npeople = ["Maryia Kalesnikava"]',
    )
    assert workspace.cli("run").returncode == 0  # silent baseline
    site.put("/ua", PAGE.format(news="She was sentenced to 11 years."))

    workspace.env[ENV_VARIABLE] = point
    killed = workspace.cli("run", "--all")
    assert killed.returncode == -9, killed.stderr
    del workspace.env[ENV_VARIABLE]
    sent_before_rerun = len(smtp.messages)
    assert sent_before_rerun == (1 if point == "after_send" else 0)
    assert alert_rows(workspace), "the change's events and alerts were committed"

    rerun = workspace.cli("run")
    assert rerun.returncode == 0, rerun.stderr
    rows = alert_rows(workspace)
    assert {a.status for a in rows} == {"delivered"}
    # Only the alert cut off mid-send can arrive twice, and the copy says so.
    assert len(smtp.messages) == len(rows) + sent_before_rerun
    subjects = [m["Subject"] for m in smtp.messages]
    if point == "after_record":
        assert not any(a.possible_repeat for a in rows)
        assert not any(s.startswith("[possible repeat]") for s in subjects)
    else:
        # Killed after the claim: the outbox cannot know whether the service
        # got the alert, so the one resent copy is flagged (a false alarm
        # for before_send, the real thing for after_send).
        [first, *others] = rows
        assert first.possible_repeat and first.attempts == 2
        assert not any(a.possible_repeat for a in others)
        repeated = [s for s in subjects if s.startswith("[possible repeat] ")]
        assert len(repeated) == 1
        if point == "after_send":
            assert subjects[0] == repeated[0].removeprefix("[possible repeat] ")


class Gate:
    """Makes a mailbox hold each message until ``release`` is set, to keep a
    run busy mid-send."""

    def __init__(self, box) -> None:
        self.store = box.handle_DATA
        self.arrived = threading.Event()
        self.release = threading.Event()
        box.handle_DATA = self.handle_DATA  # what the SMTP server calls

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.arrived.set()
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
        return await self.store(server, session, envelope)


def test_second_run_exits_75_while_the_first_sends(
    workspace, database_url, down_mailbox, start_smtp, alerts_config, alerted_event
):
    slow = Gate(down_mailbox)
    start_smtp(down_mailbox)
    # The held send must outlast the second run, however loaded the machine:
    # Apprise's SMTP timeout (15 s) is raised.
    alerts_config(workspace, database_url, {"staff-email": down_mailbox.url() + "&cto=120"})
    alerted_event(workspace.app(), ["staff-email"])

    first = subprocess.Popen(
        workspace.command("run"),
        env=workspace.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert slow.arrived.wait(60), "the first run never reached the mail server"
        second = workspace.cli("run")
        assert second.returncode == 75, second.stderr
        assert "nothing done" in second.stderr
    finally:
        slow.release.set()
        _, first_stderr = first.communicate(timeout=60)
    assert first.returncode == 0, first_stderr
    assert len(down_mailbox.messages) == 1
    assert [(a.status, a.attempts) for a in alert_rows(workspace)] == [("delivered", 1)]
