"""The channel URLs are checked by a forked child while the command goes on
(casewatch.alerts.urlcheck, issue 9): the verdict, its message and exit code
are the same as without it, also when the child dies, and no process is left
behind, Ctrl-C included."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest

from casewatch.failpoints import ENV_VARIABLE

BAD_URL = '[[channels]]\nname = "c"\nurl = "nosuchservice://x"\n'
GOOD_URL = '[[channels]]\nname = "c"\nurl = "json://127.0.0.1:9/"\n'
EXPECTED = '[[channels]] "c" → url: nosuchservice://***: not a valid Apprise URL'

# Runs casewatch in this process, then says whether Apprise was loaded here
# (else the child checked the URLs) and whether any child is left, reaped or not.
LEFT_BEHIND = (
    "import os, sys\n"
    "from casewatch.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "try:\n"
    "    os.waitpid(-1, os.WNOHANG)\n"
    "    left = True\n"
    "except ChildProcessError:\n"
    "    left = False\n"
    "print(code, 'apprise' in sys.modules, left)\n"
)


def left_behind(workspace, *args: str, env: dict[str, str] | None = None) -> str:
    """The last line LEFT_BEHIND prints, run as ``casewatch ARGS``."""
    done = subprocess.run(
        [sys.executable, "-c", LEFT_BEHIND, "--config", str(workspace.config_path), *args],
        capture_output=True,
        text=True,
        env={**workspace.env, **(env or {})},
        timeout=120,
        check=False,
    )
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("command", [["config", "check"], ["run"]])
def test_a_bad_url_is_the_same_one_line_error_when_the_child_dies(workspace, command) -> None:
    """SPEC §2: a bad channel URL is exit 2, one line, before anything runs;
    a child killed before it answers changes nothing (the URL is checked in
    the command's own process)."""
    workspace.write_config(BAD_URL)
    checked = workspace.cli(*command)
    workspace.env[ENV_VARIABLE] = "url_check"
    without_child = workspace.cli(*command)
    assert checked.returncode == without_child.returncode == 2
    [line] = checked.stderr.strip().splitlines()
    assert EXPECTED in line
    assert without_child.stderr == checked.stderr
    assert not (workspace.folder / "casewatch.db").exists()  # nothing ran


def test_a_good_url_passes_when_the_child_dies(workspace) -> None:
    workspace.write_config(GOOD_URL)
    workspace.env[ENV_VARIABLE] = "url_check"
    checked = workspace.cli("config", "check")
    assert checked.returncode == 0, checked.stderr
    assert "c: json://127.0.0.1:9/" in checked.stdout


@pytest.mark.parametrize(
    ("config", "env", "expected"),
    [
        (GOOD_URL, {}, "0 False False"),  # the child checked it
        (BAD_URL, {}, "2 False False"),
        (GOOD_URL + "colour = 'red'\n", {}, "2 False False"),  # invalid: the child is stopped
        (GOOD_URL, {ENV_VARIABLE: "url_check"}, "0 True False"),  # no answer: checked here
        (BAD_URL, {ENV_VARIABLE: "url_check"}, "2 True False"),
    ],
)
def test_the_child_is_always_reaped(workspace, config, env, expected) -> None:
    workspace.write_config(config)
    assert left_behind(workspace, "config", "check", env=env) == expected


def _group_ended(group: int, timeout: float = 30) -> bool:
    """Whether every process of ``group`` has ended (and been reaped) in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("to_group", [True, False], ids=["ctrl-c", "sigint-to-the-command"])
def test_ctrl_c_while_the_child_checks_leaves_no_process(workspace, tmp_path, to_group) -> None:
    """Ctrl-C (SIGINT to the terminal's process group, the child included) or
    SIGINT to the command alone while the child is still checking: exit 130,
    and neither process is left."""
    workspace.write_config(GOOD_URL)
    # Held while the child is about to load Apprise.
    process = workspace.start_paused("url_check", tmp_path / "gate", "config", "check")
    try:
        if to_group:
            os.killpg(process.pid, signal.SIGINT)
        else:
            os.kill(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 130, stderr
        assert _group_ended(process.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):  # a failed test leaves none either
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
