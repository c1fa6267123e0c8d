"""The plain table the query commands print: aligned, one line per row."""

from __future__ import annotations

import random
import re

from casewatch.cli import layout
from casewatch.cli.layout import display_width, lines_of, rows_as_text
from casewatch.cli.output import Column, print_table


def test_columns_line_up_whatever_the_script(capsys) -> None:
    print_table(
        [(1, "Мария Колесникова", "detained"), (12, "Ales Bialiatski", "中文 text")],
        ("id", "person", "status"),
        empty="no events",
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    words = ("status", "detained", "中文")
    starts = {line.index(word) for line, word in zip(lines, words, strict=True)}
    assert len(starts) == 1  # every third column starts at the same place
    assert all(line == line.rstrip() for line in lines)


def test_a_cell_with_line_breaks_stays_on_its_row(capsys) -> None:
    print_table([("a", "first line\nsecond\tline")], ("k", "summary"), empty="-")
    assert capsys.readouterr().out.splitlines()[1] == "a  first line second line"


def test_no_rows_prints_the_empty_message(capsys) -> None:
    print_table([], ("id",), empty="no undelivered alerts")
    assert capsys.readouterr().out == "no undelivered alerts\n"


def test_display_width_counts_wide_and_combining_characters() -> None:
    assert display_width("abc") == 3
    assert display_width("Калеснікава") == 11
    assert display_width("中文") == 4
    assert display_width("e\u0301") == 1


def test_a_narrow_table_gives_way_column_by_column(capsys, monkeypatch) -> None:
    monkeypatch.setenv("CASEWATCH_COLUMNS", "60")
    summary = "status detained → sentenced (11 years, penal colony), moved from the list"
    print_table(
        [(9, "2026-11-30 21:05", "Maryia Kalesnikava", "UA 147.20 Kalesnikava", summary)],
        (
            Column("id"),
            Column("when", whole=True, short=lambda t: t[:10]),
            Column("person"),
            Column("source", drop=1),
            Column("summary", least=24, lines=2),
        ),
        empty="-",
        note="times in UTC",
    )
    lines = capsys.readouterr().out.splitlines()
    assert max(map(len, lines)) <= 60
    assert lines[0].split() == ["id", "when", "person", "summary"]
    assert lines[1].startswith("9   2026-11-30  Maryia ")
    assert lines[2].rstrip().endswith("…") and len(lines) == 4  # two lines, then the note
    assert lines[3] == "(times in UTC; source left out to fit 60 columns)"


def test_the_characters_looked_up_for_their_width_are_the_same_set() -> None:
    """The pattern is written by what it leaves out (quicker to compile):
    over every code point it finds what [U+0300-U+036F U+1100-U+10FFFF] finds."""
    every = "".join(map(chr, range(0x110000)))
    written_out = re.compile("[\u0300-\u036f\u1100-\U0010ffff]")
    assert layout._WIDE_OR_COMBINING.findall(every) == written_out.findall(every)


def test_rows_laid_out_by_column_read_as_row_by_row() -> None:
    """rows_as_text (a column at a time, for history's 10,000 rows) prints
    each row as lines_of does: padded, or wrapped and cut where a cell is
    wider than its column; wide, combining and Cyrillic characters."""
    words = ["a", "detained", "Калеснікава", "中文", "e\u0301", "→", "x" * 30, "(11 years)"]
    rng = random.Random(9)
    for _ in range(500):
        count = rng.randint(1, 4)
        rows = [
            [" ".join(rng.choices(words, k=rng.randint(0, 5))) for _ in range(count)]
            for _ in range(rng.randint(1, 8))
        ]
        natural = [max(display_width(row[i]) for row in rows) for i in range(count)]
        widths = [max(1, n - rng.choice([0, 0, 1, 5, 20])) for n in natural]
        limits = [rng.choice([0, 1, 2]) for _ in range(count)]
        expected = ["\n".join(lines_of(row, widths, limits)) for row in rows]
        assert rows_as_text(rows, widths, limits) == expected, (rows, widths, limits)
