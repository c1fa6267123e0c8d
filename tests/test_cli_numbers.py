"""Whole-number arguments (ports, ids, counts) are checked by the parser:
out of range is a usage error naming the range (exit 2), never a traceback."""

from __future__ import annotations

import pytest

from casewatch.cli.parser import ID_MAX

PAGE = "<html><body><article><p>{text}</p></article></body></html>"


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_serve_port_out_of_range_is_a_usage_error(workspace, port) -> None:
    workspace.write_local_config("")
    result = workspace.cli("serve", "--port", port)
    assert result.returncode == 2, result.stderr
    assert "argument --port" in result.stderr and "Traceback" not in result.stderr
    if port != "http":
        assert f"{port} is not in 0..65535" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("worker", "--concurrency", "0"),
        ("scheduler", "--batch", "-5"),
        ("scheduler", "--poll", "0"),  # would look for due sources without pause
    ],
)
def test_counts_out_of_range_are_usage_errors(workspace, args) -> None:
    workspace.write_local_config("")
    result = workspace.cli(*args)
    assert result.returncode == 2, result.stderr
    assert "is not in 1.." in result.stderr and "Traceback" not in result.stderr


def test_ids_beyond_the_database_range_are_missing(workspace, site) -> None:
    workspace.write_local_config(
        f"""
        [[sources]]
        name = "ua"
        url = "{site.url("/ua")}"
        """
    )
    site.put("/ua", PAGE.format(text="Nothing yet."))
    assert workspace.cli("run").returncode == 0
    # The largest id the database can hold reaches the database, and is absent.
    for event_id in (str(ID_MAX), str(ID_MAX + 1), "99999999999999999999", "-1"):
        result = workspace.cli("diff", event_id)
        assert result.returncode == 2, result.stderr
        assert f"no event {event_id}" in result.stderr and "Traceback" not in result.stderr
    for command in ("retry", "dismiss"):
        result = workspace.cli("alerts", command, "99999999999999999999")
        assert result.returncode == 2, result.stderr
        assert "no alert 99999999999999999999" in result.stderr
        assert "Traceback" not in result.stderr
