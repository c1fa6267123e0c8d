"""Printing rows as a table, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from casewatch.cli.layout import Column, fit, lines_of, rows_as_text
from casewatch.text import local_minutes, visible_controls


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_csv(rows: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                for k, v in row.items()
            }
        )


def print_table(
    rows: Sequence[Sequence[Any]],
    headers: Sequence[str | Column],
    empty: str,
    *,
    note: str | None = None,
) -> None:
    """Rows under their headers in columns two spaces apart, then ``note``
    (e.g. the time zone of the times shown) in brackets.

    Plain text, written at once: ``history`` prints 10,000 rows in a few
    milliseconds (a rich table took seconds), and ``grep``/``cut`` read it as
    it looks, one row per line. On a terminal, or with ``$CASEWATCH_COLUMNS``
    set (the demo sets it), a table wider than the screen is fitted to it
    (:mod:`casewatch.cli.layout`: short forms, fewer columns, wrapped and
    cut cells; the note says which columns were left out). The header is
    bold on a terminal only.
    """
    if not rows:
        print(empty)
        return
    columns = [h if isinstance(h, Column) else Column(h) for h in headers]
    width = _width()
    layout = fit(columns, [[_cell(v) for v in row] for row in rows], width)
    kept = [columns[i] for i in layout.kept]
    limits = [c.lines for c in kept] if width else [0] * len(kept)
    header = "\n".join(lines_of([c.header for c in kept], layout.widths, limits))
    if sys.stdout.isatty():
        header = f"\x1b[1m{header}\x1b[0m"
    body = rows_as_text(layout.rows, layout.widths, limits)
    notes = [note] if note else []
    if layout.dropped:
        notes.append(f"{', '.join(layout.dropped)} left out to fit {width} columns")
    sys.stdout.write("\n".join([header, *body, *([f"({'; '.join(notes)})"] if notes else [])]))
    sys.stdout.write("\n")


# The width to fit when stdout is not a terminal: the demo sets it for the
# commands it shows. (Not $COLUMNS: shells and test runners export it, and
# piped output is read by tools, which want one row per line.)
WIDTH_VARIABLE = "CASEWATCH_COLUMNS"


def _width() -> int:
    """The columns to fit: the terminal's, or $CASEWATCH_COLUMNS; 0 for no limit."""
    if os.environ.get(WIDTH_VARIABLE, "").isdigit():
        return int(os.environ[WIDTH_VARIABLE])
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else 0


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # One row, one line: page text may carry line breaks and tabs, and
    # controls that would act on the terminal (none of them is printable:
    # checking is much cheaper than splitting every cell).
    return text if text.isprintable() else visible_controls(" ".join(text.split()))


def date_only(shown: str) -> str:
    """ "2026-11-30 18:05" → "2026-11-30": a table's short form of a time."""
    return shown[:10] if len(shown) > 10 and shown[:4].isdigit() else shown


def local_time(iso: str, tz: dt.tzinfo) -> str:
    """An ISO 8601 moment as a person reads it: minutes, in the configured zone."""
    return local_minutes(dt.datetime.fromisoformat(iso), tz)
