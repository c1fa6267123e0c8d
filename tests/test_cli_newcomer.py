"""The first hour with the CLI (issue 13): every --help page describes its
command, --version, labels not codes, dates in the configured zone that say
so, clear answers from ``alerts retry``, forgiving ``--source``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from importlib import metadata

import pytest
from sqlalchemy import update

from casewatch.cli import main
from casewatch.cli.parser import build_parser
from casewatch.db.models import Event

PAGE = "<html><body><article><p>{text}</p></article></body></html>"


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(build_parser()))


@pytest.mark.parametrize(
    ("path", "parser"), COMMANDS, ids=[" ".join(p) or "casewatch" for p, _ in COMMANDS]
)
def test_every_help_page_describes_its_command(path, parser, capsys) -> None:
    assert parser.description, f"casewatch {' '.join(path)} has no description"
    with pytest.raises(SystemExit) as done:
        main([*path, "--help"])
    assert done.value.code == 0
    # argparse folds lines (also after hyphens): compare without whitespace.
    shown = "".join(capsys.readouterr().out.split())
    assert "".join(parser.description.split()) in shown


def test_version(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"casewatch {metadata.version('casewatch')}"


@pytest.fixture
def sentenced(workspace, site):
    workspace.write_config(
        f"""
        [database]
        url = "sqlite:///casewatch.db"
        [crawl]
        delay = "0s"
        retries = 0
        [alerts]
        timezone = "Europe/Minsk"
        [[people]]
        name = "Viktar Serhil"
        [[sources]]
        name = "UA 24.20 Serhil"
        url = "{site.url("/ua")}"
        people = ["Viktar Serhil"]
        """
    )
    site.put("/ua", PAGE.format(text="Viktar Serhil was sentenced to death."))
    assert workspace.cli("run").returncode == 0
    return workspace


def test_cases_shows_labels_and_local_dates(sentenced) -> None:
    # Detected as a change at 22:30 UTC: already the next day in Minsk (UTC+3).
    # (Said undated on a first check, it would have no "since" at all.)
    with sentenced.app().sessions.begin() as session:
        moment = dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC)
        session.execute(update(Event).values(occurred_at=moment, baseline=False))
    [case] = json.loads(sentenced.cli("cases", "--json").stdout)
    assert case["status"] == "death_sentence"  # JSON keeps the code
    table = sentenced.cli("cases").stdout
    assert "sentenced to death" in table and "death_sentence" not in table
    assert "dates in Europe/Minsk" in table
    assert "2026-03-02" in table and "2026-03-01" not in table
    assert "times in Europe/Minsk" in sentenced.cli("history").stdout


def test_history_source_is_forgiving(sentenced) -> None:
    rows = json.loads(
        sentenced.cli("history", "--source", "ua 24.20 SERHIL", "--format", "json").stdout
    )
    assert rows and {r["source"] for r in rows} == {"UA 24.20 Serhil"}
    typo = sentenced.cli("history", "--source", "UA 24.2 Serhil")
    assert typo.returncode == 2
    assert "no source named 'UA 24.2 Serhil'" in typo.stderr
    assert "did you mean 'UA 24.20 Serhil'?" in typo.stderr


def test_alerts_retry_explains_what_it_cannot_do(workspace, tmp_path, alerts_config, alerted_event):
    alerts_config(
        workspace, f"sqlite:///{tmp_path / 'casewatch.db'}", {"mail": "json://127.0.0.1:1/x"}
    )
    [pending] = alerted_event(workspace.app(), ["mail"])
    result = workspace.cli("alerts", "retry", str(pending))
    assert result.returncode == 2
    assert "requeued 0" not in result.stdout
    assert f"alert {pending} is pending, not dead: the next run sends it" in result.stderr
    unknown = workspace.cli("alerts", "retry", "99")
    assert unknown.returncode == 2 and "no alert 99" in unknown.stderr
    nothing = workspace.cli("alerts", "retry")
    assert (nothing.returncode, nothing.stdout.strip()) == (0, "requeued 0 dead alerts")
    listed = workspace.cli("alerts", "pending").stdout
    assert "next run (daemon: " in listed


def test_a_failed_send_is_reported_once(
    workspace, tmp_path, alerts_config, alerted_event, down_mailbox
):
    alerts_config(workspace, f"sqlite:///{tmp_path / 'casewatch.db'}", {"mail": down_mailbox.url()})
    [alert_id] = alerted_event(workspace.app(), ["mail"])
    run = workspace.cli("run")
    assert run.returncode == 1
    [line] = run.stderr.strip().splitlines()  # no second line from the mail library
    assert line.startswith(f"alert not delivered: {alert_id} to mail: Connection error")
    test = workspace.cli("alerts", "test")
    assert test.returncode == 1 and test.stderr == ""
    assert test.stdout.count("FAILED") == 1


def test_failed_sends_are_reported_in_alert_order(
    workspace, tmp_path, alerts_config, alerted_event
):
    """Channels send in parallel: the run listed the alerts it failed to send
    as each channel's sends ended, interleaved differently from run to run."""
    down = "json://127.0.0.1:1/x"
    alerts_config(workspace, f"sqlite:///{tmp_path / 'casewatch.db'}", {"a": down, "b": down})
    app = workspace.app()
    ids = [i for _ in range(8) for i in alerted_event(app, ["a", "b"])]
    run = workspace.cli("run")
    assert run.returncode == 1
    lines = [line for line in run.stderr.splitlines() if "alert not delivered" in line]
    assert [int(line.split()[3]) for line in lines] == sorted(ids)
