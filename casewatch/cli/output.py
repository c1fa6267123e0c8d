"""Printing rows as a table, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import os
import re
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from casewatch.text import local_minutes

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
    """Rows under their headers in columns two spaces apart, then ``note``
    (e.g. the time zone of the times shown).

    Plain text, written at once: ``history`` prints 10,000 rows in a few
    milliseconds (a rich table took seconds), and ``grep``/``cut`` read it as
    it looks, one row per line. On a terminal, or with ``$CASEWATCH_COLUMNS``
    set (the demo sets it), a table wider than the screen has its widest columns
    wrapped at words, never inside one. The header is bold on a terminal only.
    """
    if not rows:
        print(empty)
        return
    cells = [[_cell(v) for v in row] for row in rows]
    columns = list(zip(headers, *cells, strict=True))
    widths = _fit([max(map(display_width, c)) for c in columns], columns, _width())
    header = "\n".join(_lines(list(headers), widths))
    if sys.stdout.isatty():
        header = f"\x1b[1m{header}\x1b[0m"
    body = ["\n".join(_lines(row, widths)) for row in cells]
    sys.stdout.write("\n".join([header, *body, *([f"({note})"] if note else [])]) + "\n")


# The width to fit when stdout is not a terminal: the demo sets it for the
# commands it shows. (Not $COLUMNS: shells and test runners export it, and
# piped output is read by tools, which want one row per line.)
WIDTH_VARIABLE = "CASEWATCH_COLUMNS"


def _width() -> int:
    """The columns to fit: the terminal's, or $CASEWATCH_COLUMNS; 0 for no limit."""
    if os.environ.get(WIDTH_VARIABLE, "").isdigit():
        return int(os.environ[WIDTH_VARIABLE])
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else 0


def _fit(widths: list[int], columns: Sequence[Sequence[str]], limit: int) -> list[int]:
    """Column widths within ``limit``: the widest columns give up space first,
    none below its longest word."""
    excess = sum(widths) + 2 * (len(widths) - 1) - limit
    if not limit or excess <= 0:
        return widths
    least = [max(display_width(w) for cell in c for w in cell.split() or [""]) for c in columns]
    fitted = list(widths)
    while excess > 0:
        shrinkable = [i for i in range(len(fitted)) if fitted[i] > least[i]]
        if not shrinkable:
            break  # every column is down to its longest word
        widest = max(shrinkable, key=lambda i: fitted[i])
        fitted[widest] -= 1
        excess -= 1
    return fitted


def _lines(row: Sequence[str], widths: Sequence[int]) -> list[str]:
    """One row as lines: each cell wrapped at words into its width."""
    if all(display_width(c) <= w for c, w in zip(row, widths, strict=True)):
        return [_line(row, widths)]
    wrapped = [
        textwrap.wrap(c, w, break_long_words=False, break_on_hyphens=False) or [""]
        for c, w in zip(row, widths, strict=True)
    ]
    return [
        _line([part or "" for part in parts], widths) for parts in itertools.zip_longest(*wrapped)
    ]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters take two,
    combining marks none (Unicode East Asian Width, UAX #11)."""
    width = len(text)
    if text.isascii():
        return width  # most text
    # Only the few characters that may not be one column are looked up (an
    # arrow in every summary must not cost a lookup per character).
    for found in _WIDE_OR_COMBINING.finditer(text):
        c = found.group()
        if unicodedata.combining(c):
            width -= 1
        elif unicodedata.east_asian_width(c) in "WF":
            width += 1
    return width


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
    return local_minutes(dt.datetime.fromisoformat(iso), tz)
