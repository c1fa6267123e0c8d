"""Every table fits an 80-column terminal (casewatch/cli/layout.py), on the
dashboard's test database (a real crawl, an alert channel that is down):
no line wider than the screen, no time split over two lines, prose wrapped
into readable lines rather than a word a line, and the note says what was
left out. Unlimited (piped, as tools read it), a row stays one line."""

from __future__ import annotations

import dataclasses
import re

import pytest

COMMANDS = [("history",), ("cases",), ("sources",), ("status",), ("alerts", "pending")]


def at_width(crawled, width: int | None, *command: str) -> list[str]:
    env = dict(crawled.workspace.env)
    if width is not None:
        env["CASEWATCH_COLUMNS"] = str(width)
    result = dataclasses.replace(crawled.workspace, env=env).cli(*command)
    assert result.returncode in (0, 1), result.stderr  # status: 1, a source is failing
    return result.stdout.splitlines()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_tables_fit_80_columns(crawled, command) -> None:
    wide = at_width(crawled, None, *command)
    narrow = at_width(crawled, 80, *command)
    assert max(map(len, wide)) > 80  # or the test shows nothing
    assert max(map(len, narrow)) <= 80, "\n".join(narrow)
    # A date and its time stay on one line.
    assert not re.search(r"\d{4}-\d\d-\d\d *\n *\d\d:\d\d", "\n".join(narrow))
    words = [len(line.split()) for line in narrow]
    assert sum(words) / len(words) >= 2.5, "\n".join(narrow)


def test_history_at_80_columns_reads_as_rows(crawled) -> None:
    wide = at_width(crawled, None, "history")
    narrow = at_width(crawled, 80, "history")
    assert len(wide) == len(crawled.cli_json("history", "--format", "json")) + 2  # one line a row
    # The day without its time; each summary whole, in lines of several words.
    assert re.match(r"1 +\d{4}-\d\d-\d\d  +new_mention", narrow[1])
    summary_at = narrow[0].index("summary")
    summaries = " ".join(line[summary_at:].strip() for line in narrow[1:-1])
    for row in wide[1:-1]:
        assert row[wide[0].index("summary") :] in summaries


def test_pending_alerts_at_80_columns(crawled) -> None:
    narrow = at_width(crawled, 80, "alerts", "pending")
    assert narrow[0].split()[:4] == ["alert", "status", "channel", "event"]
    assert "next run" in "\n".join(narrow)
    errors = narrow[0].index("last error")
    # An error is cut after two lines, with "…", not printed whole.
    assert any(line.rstrip().endswith("…") for line in narrow if len(line) > errors)
