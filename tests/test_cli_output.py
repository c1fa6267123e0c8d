"""The plain table the query commands print: aligned, one line per row."""

from __future__ import annotations

from casewatch.cli.output import display_width, print_table


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
