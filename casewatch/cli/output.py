"""Printing rows as a table, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

# Below U+1100 only the combining diacritics are not one column wide.
_WIDE_OR_COMBINING = re.compile("[\u0300-\u036f\u1100-\U0010ffff]")


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
    headers: Sequence[str],
    empty: str,
    *,
    note: str | None = None,
) -> None:
    """Rows under their headers in columns two spaces apart, one row per line,
    then ``note`` (e.g. the time zone of the times shown).

    Plain text, written at once: ``history`` prints 10,000 rows in a few
    milliseconds (a rich table took seconds), and ``grep``/``cut`` read it as
    it looks. On a terminal, or with ``$COLUMNS`` set (the demo sets it), the
    last column wraps at words within the width, under itself; piped output
    is not folded. The header is bold on a terminal only.
    """
    if not rows:
        print(empty)
        return
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(map(display_width, column)) for column in zip(headers, *cells, strict=True)]
    room = _width() - sum(w + 2 for w in widths[:-1])
    lines = [line for row in cells for line in _lines(row, widths, room)]
    header = _line(list(headers), widths)
    if sys.stdout.isatty():
        header = f"\x1b[1m{header}\x1b[0m"
    sys.stdout.write("\n".join([header, *lines, *([f"({note})"] if note else [])]) + "\n")


def _width() -> int:
    """The columns to fit: the terminal's, or $COLUMNS; 0 for no limit."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else 0


def _lines(row: list[str], widths: Sequence[int], room: int) -> list[str]:
    """One row; its last cell wrapped at words into ``room`` columns, if the
    width is known and leaves it a useful space."""
    last = row[-1]
    if room < 20 or display_width(last) <= room:
        return [_line(row, widths)]
    parts = textwrap.wrap(last, room, break_long_words=False, break_on_hyphens=False)
    indent = " " * sum(w + 2 for w in widths[:-1])
    return [_line([*row[:-1], parts[0]], widths), *(indent + p for p in parts[1:])]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters take two,
    combining marks none (Unicode East Asian Width, UAX #11)."""
    if text.isascii() or not _WIDE_OR_COMBINING.search(text):
        return len(text)  # most text: Latin, Cyrillic
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # One row, one line: page text may carry line breaks and tabs (which are
    # not printable; checking is much cheaper than splitting every cell).
    return text if text.isprintable() else " ".join(text.split())


def _line(row: Sequence[str], widths: Sequence[int]) -> str:
    padded = [c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)]
    return "  ".join([*padded[:-1], row[-1]]).rstrip()


def local_time(iso: str, tz: dt.tzinfo) -> str:
    """An ISO 8601 moment as a person reads it: minutes, in the configured zone."""
    return dt.datetime.fromisoformat(iso).astimezone(tz).strftime("%Y-%m-%d %H:%M")
