"""``--log-format json``: a collector reading stderr gets JSON lines only,
the lines a command prints for the operator included ("source failed", an
alert not delivered, "casewatch: error")."""

from __future__ import annotations

import json


def _json_lines(stderr: str) -> list[dict]:
    lines = stderr.splitlines()
    assert lines, "nothing on stderr"
    return [json.loads(line) for line in lines]  # each line is one JSON object


def test_every_stderr_line_of_a_troubled_run_is_json(workspace, site, closed_port) -> None:
    site.put("/ua", "<html><body><p>Maryia Kalesnikava was detained.</p></body></html>")
    site.put("/broken", "oops", status=500)
    workspace.write_local_config(
        f"""
        [[people]]
        name = "Maryia Kalesnikava"
        [[sources]]
        name = "ua"
        url = "{site.url("/ua")}"
        [[sources]]
        name = "broken"
        url = "{site.url("/broken")}"
        [[channels]]
        name = "team"
        url = "json://127.0.0.1:{closed_port}/"
        """,
        crawl='timeout = "5s"',
    )
    first = workspace.cli("--log-format", "json", "run")
    assert first.returncode == 1
    site.put("/ua", "<html><body><p>Maryia Kalesnikava was released.</p></body></html>")
    for quiet in ([], ["-q"]):
        again = workspace.cli("--log-format", "json", *quiet, "run", "--all")
        assert again.returncode == 1
        said = {line["message"].split(":")[0] for line in _json_lines(again.stderr)}
        assert {"source failed", "alert not delivered"} <= said, again.stderr
    error = workspace.cli("--log-format", "json", "history", "--person", "Nobody Atall")
    assert error.returncode == 2
    [line] = _json_lines(error.stderr)
    assert line["level"] == "ERROR" and "matches no watched person" in line["message"]
