"""``casewatch run`` shows a progress bar on a terminal and nothing in cron."""

from __future__ import annotations

import os
import pty
import subprocess

PAGE = "<html><body><article><p>{text}</p></article></body></html>"


def _config(workspace, site) -> None:
    sources = "".join(
        f'[[sources]]\nname = "page {n}"\nurl = "{site.url(f"/p{n}")}"\n' for n in range(3)
    )
    workspace.write_config(f'[crawl]\ndelay = "0s"\nretries = 0\n{sources}')
    for n in range(3):
        site.put(f"/p{n}", PAGE.format(text=f"Page {n}."))


def test_run_shows_progress_on_a_terminal(workspace, site) -> None:
    _config(workspace, site)
    leader, follower = pty.openpty()
    run = subprocess.Popen(
        workspace.command("run"),
        env={**workspace.env, "TERM": "xterm", "COLUMNS": "80"},
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the run ended and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    assert run.wait(timeout=120) == 0
    os.close(leader)
    text = shown.decode("utf-8", "replace")
    assert "checking sources" in text and "3/3" in text
    assert "checked 3 sources, 0 failed" in text


def test_run_in_cron_shows_no_progress(workspace, site) -> None:
    _config(workspace, site)
    result = workspace.cli("run")
    assert result.returncode == 0
    assert "checking sources" not in result.stdout + result.stderr
    quiet = workspace.cli("-q", "run", "--all")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
