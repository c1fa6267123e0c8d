"""Crash safety: a run killed by SIGKILL at each point of the record →
claim → send → settle path loses nothing, and repeats at most the one alert
caught mid-send, marked as a possible repeat. Two runs never both send."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from casewatch.db.models import Alert
from casewatch.failpoints import ENV_VARIABLE, PAUSE_VARIABLE

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


def wait_for(path: Path, process: subprocess.Popen) -> None:
    """Until ``path`` exists (the run reached its pause point) or the run ended."""
    while not path.exists():
        assert process.poll() is None, process.communicate()[1]
        time.sleep(0.01)


def test_second_run_exits_75_while_the_first_sends(
    workspace, database_url, smtp, alerts_config, alerted_event, tmp_path
):
    alerts_config(workspace, database_url, {"staff-email": smtp.url()})
    alerted_event(workspace.app(), ["staff-email"])

    gate = tmp_path / "gate"
    first = subprocess.Popen(
        workspace.command("run"),
        env={**workspace.env, PAUSE_VARIABLE: f"before_send:{gate}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(Path(f"{gate}.reached"), first)  # the first run holds the lock, mid-send
        second = workspace.cli("run")
        assert second.returncode == 75, second.stderr
        assert "nothing done" in second.stderr
    finally:
        Path(f"{gate}.go").touch()
        _, first_stderr = first.communicate(timeout=120)
    assert first.returncode == 0, first_stderr
    assert len(smtp.messages) == 1
    assert [(a.status, a.attempts) for a in alert_rows(workspace)] == [("delivered", 1)]
