"""A newcomer's first mistakes get help, not walls: no command shows the
commands, a misspelt one gets a suggestion, a global option after the
command is told where it goes, a directory given as the config is called
one. All exit 2 (usage or config error)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(("args", "commands"), [((), "history"), (("alerts",), "pending")])
def test_no_command_shows_the_commands(workspace, args, commands) -> None:
    result = workspace.cli(*args)
    assert result.returncode == 2, result.stderr
    assert "required" not in result.stderr
    assert commands in result.stderr and "usage: casewatch" in result.stderr


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (("histroy",), "history"),
        (("alerts", "pendng"), "pending"),
        (("history", "--kind", "page_chnged"), "page_changed"),
    ],
)
def test_a_misspelt_choice_gets_a_suggestion(workspace, args, meant) -> None:
    result = workspace.cli(*args)
    assert result.returncode == 2, result.stderr
    assert f"did you mean '{meant}'?" in result.stderr


def test_nothing_close_gets_no_suggestion(workspace) -> None:
    result = workspace.cli("zzzzzz")
    assert result.returncode == 2 and "did you mean" not in result.stderr


@pytest.mark.parametrize("late", [("--config", "other.toml"), ("-vv",), ("--log-format=json",)])
def test_a_global_option_after_the_command_says_where_it_goes(workspace, late) -> None:
    workspace.write_local_config("")
    result = workspace.cli("status", *late)
    assert result.returncode == 2, result.stderr
    assert f"unrecognized arguments: {' '.join(late)}" in result.stderr
    assert "global options (--config, -v, -q, --log-format) go between" in result.stderr


def test_an_unknown_option_gets_no_global_hint(workspace) -> None:
    result = workspace.cli("status", "--jsn")
    assert result.returncode == 2 and "global options" not in result.stderr


def test_a_directory_given_as_config_is_named_a_directory(workspace) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "casewatch", "--config", str(workspace.folder), "status"],
        capture_output=True,
        text=True,
        env=workspace.env,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert f"{workspace.folder}: is a directory, not a config file" in result.stderr
    assert "not found" not in result.stderr
