"""Fitting a table into a width: which columns stay, how wide each is, and
how its cells are wrapped or cut.

A table wider than the screen is made to fit in steps, each only if the one
before did not suffice (issue 13: at 80 columns the history's summary came
out one word a line):

1. cells take their short form where the column has one (a date without its
   time; "next run" without the daemon's time);
2. columns that can go are left out, the least useful first (the table's
   note then says which);
3. every column that can wrap gets at least its ``least`` width (else its
   longest word), and the space left goes to the columns that want more,
   a column at a time, to the one shortest of its natural width by share;
4. a cell limited to ``lines`` lines ends in "…" where it is cut.

A column without ``least`` keeps whole words; with no room left at all the
widths fall to the longest word and the table is wider than asked, never
with a word split (``grep`` must still find it).
"""

from __future__ import annotations

import itertools
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

GAP = 2  # spaces between columns
ELLIPSIS = "…"

# Below U+1100 only the combining diacritics (U+0300-U+036F) are not one
# column wide. Written as the characters it does not match: the same set as
# [\u0300-\u036f\u1100-\U0010ffff], which took re 4-10 ms to compile at
# every table command's start (it walks a range up to U+FFFF in Python).
_WIDE_OR_COMBINING = re.compile("[^\x00-\u02ff\u0370-\u10ff]")


@dataclass(frozen=True)
class Column:
    """A column's header and how it may give way at narrow widths."""

    header: str
    # Left out when the table does not fit: 0 never, else the higher first.
    drop: int = 0
    # The narrowest a wrapped cell may be (columns of prose: summaries,
    # errors); 0 for the longest word of the column.
    least: int = 0
    # Never wrapped: a time's date and hour stay on one line.
    whole: bool = False
    # At most this many lines a cell, the last ending in "…"; 0: no limit.
    lines: int = 0
    # A cell's shorter form, used when the table does not fit as it is.
    short: Callable[[str], str] | None = None


@dataclass(frozen=True)
class Layout:
    """What :func:`fit` decided: the columns kept (their indexes), their
    widths, and the headers of the columns left out."""

    kept: list[int]
    widths: list[int]
    dropped: list[str]
    rows: list[list[str]]  # the cells of the kept columns, short forms applied


def fit(columns: Sequence[Column], rows: Sequence[Sequence[str]], limit: int) -> Layout:
    """The layout of ``rows`` under ``columns`` within ``limit`` columns
    (0: no limit), by the steps in this module's docstring."""
    everything = list(range(len(columns)))
    natural = _natural(columns, rows, everything)
    if not limit or _total(natural) <= limit:
        return Layout(everything, natural, [], [list(r) for r in rows])
    rows = [
        [c.short(cell) if c.short else cell for c, cell in zip(columns, row, strict=True)]
        for row in rows
    ]
    kept = everything
    droppable = sorted((i for i in everything if columns[i].drop), key=lambda i: -columns[i].drop)
    for column in droppable:
        if _total(_floors(columns, rows, kept)) <= limit:
            break
        kept = [i for i in kept if i != column]
    natural = _natural(columns, rows, kept)
    widths = _floors(columns, rows, kept)
    spare = limit - _total(widths)
    while spare > 0:
        wanting = [k for k in range(len(kept)) if widths[k] < natural[k]]
        if not wanting:
            break
        most = max(wanting, key=lambda k: (natural[k] - widths[k]) / natural[k])
        widths[most] += 1
        spare -= 1
    dropped = [columns[i].header for i in everything if i not in kept]
    return Layout(kept, widths, dropped, [[row[i] for i in kept] for row in rows])


def lines_of(row: Sequence[str], widths: Sequence[int], limits: Sequence[int]) -> list[str]:
    """One row as printed lines: each cell wrapped at words into its width,
    cut after its column's line limit (0: none) with "…"."""
    measured = widths_of(row)
    if all(m <= w for m, w in zip(measured, widths, strict=True)):
        return [_padded(row, measured, widths)]
    wrapped = [_wrap(c, w, n) for c, w, n in zip(row, widths, limits, strict=True)]
    return [
        _line([part or "" for part in parts], widths) for parts in itertools.zip_longest(*wrapped)
    ]


def rows_as_text(
    rows: Sequence[Sequence[str]], widths: Sequence[int], limits: Sequence[int]
) -> list[str]:
    """Each row as :func:`lines_of` prints it, its lines joined by newlines.

    Worked a column at a time (``history`` lays out 10,000 rows): a column's
    cells are measured together, and the rows whose every cell fits its
    width (all of them at natural widths) are padded and joined without a
    function call per cell; only a row with a cell wider than its column
    goes through :func:`lines_of` to be wrapped."""
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    measured = [_measured(column) for column in columns]
    padded = [
        [cell + " " * (width - m) for cell, m in zip(column, column_measured, strict=True)]
        for column, column_measured, width in zip(columns[:-1], measured, widths, strict=False)
    ]
    text = list(map(str.rstrip, map((" " * GAP).join, zip(*padded, columns[-1], strict=True))))
    too_wide = {
        i
        for column_measured, width in zip(measured, widths, strict=True)
        if max(column_measured) > width
        for i, m in enumerate(column_measured)
        if m > width
    }
    for i in too_wide:
        text[i] = "\n".join(lines_of(rows[i], widths, limits))
    return text


def _measured(cells: Sequence[str]) -> list[int]:
    """The display width of each cell: their lengths when the whole column is
    ASCII (one test for all of them)."""
    return list(map(len, cells)) if "".join(cells).isascii() else widths_of(cells)


def widths_of(cells: Iterable[str]) -> list[int]:
    """The :func:`display_width` of each cell. ASCII cells (nearly all) are
    measured inline: ``history`` measures 60,000 cells twice, and a function
    call per cell was a third of the table's time."""
    return [len(c) if c.isascii() else display_width(c) for c in cells]


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


def _natural(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], kept: list[int]
) -> list[int]:
    return [max(_measured([columns[i].header, *(r[i] for r in rows)])) for i in kept]


def _floors(columns: Sequence[Column], rows: Sequence[Sequence[str]], kept: list[int]) -> list[int]:
    """The narrowest each kept column may be: its ``least``, and never below
    its longest word (nor above its natural width); a ``whole`` column its
    natural width."""
    floors = []
    for i in kept:
        cells = [columns[i].header, *(r[i] for r in rows)]
        word = max(display_width(w) for cell in cells for w in cell.split() or [""])
        natural = max(map(display_width, cells))
        floors.append(natural if columns[i].whole else min(natural, max(word, columns[i].least)))
    return floors


def _total(widths: Sequence[int]) -> int:
    return sum(widths) + GAP * (len(widths) - 1)


def _wrap(cell: str, width: int, limit: int) -> list[str]:
    parts = textwrap.wrap(cell, width, break_long_words=False, break_on_hyphens=False) or [""]
    if not limit or len(parts) <= limit:
        return parts
    last = parts[limit - 1]
    while last and display_width(last) + 1 > width:
        last = last[:-1]
    return [*parts[: limit - 1], last.rstrip() + ELLIPSIS]


def _line(row: Sequence[str], widths: Sequence[int]) -> str:
    return _padded(row, widths_of(row), widths)


def _padded(row: Sequence[str], measured: Sequence[int], widths: Sequence[int]) -> str:
    """The cells of ``row`` (``measured`` wide) padded to ``widths``, on one line."""
    padded = [c + " " * (w - m) for c, m, w in zip(row, measured, widths, strict=True)]
    return (" " * GAP).join([*padded[:-1], row[-1]]).rstrip()
