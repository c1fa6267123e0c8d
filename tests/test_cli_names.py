"""Names typed on the command line (casewatch/names.py): a part of a
person's name finds them when it fits only them, and every name that
cannot be told says which were meant (``run --source``, ``history
--person``/``--source``)."""

from __future__ import annotations

import json

import pytest

PAGE = "<html><body><article><p>{text}</p></article></body></html>"


@pytest.fixture
def crawled(workspace, site):
    """Three people, two of them named Maryia, on two sources; one run."""
    workspace.write_local_config(
        f"""
        [[people]]
        name = "Maryia Kalesnikava"
        aliases = ["Мария Колесникова"]
        [[people]]
        name = "Maryia Rabkova"
        [[people]]
        name = "Maksim Znak"
        [[sources]]
        name = "UA 147.20"
        url = "{site.url("/ua")}"
        [[sources]]
        name = "Viasna list"
        url = "{site.url("/list")}"
        """
    )
    site.put("/ua", PAGE.format(text="Maryia Kalesnikava was detained."))
    site.put("/list", PAGE.format(text="Maryia Rabkova was detained. Maksim Znak too."))
    assert workspace.cli("run").returncode == 0
    return workspace


def people_in(workspace, *options: str) -> set[str]:
    result = workspace.cli("history", "--format", "json", *options)
    assert result.returncode == 0, result.stderr
    return {row["person"] for row in json.loads(result.stdout)}


FITS = [
    ("Kalesnikava", "Maryia Kalesnikava"),  # the surname, as before
    ("Kalesn", "Maryia Kalesnikava"),  # the start of a word
    ("Maksim", "Maksim Znak"),  # the given name, where only one has it
    ("Мария", "Maryia Kalesnikava"),  # a word of an alias
    ("maryia rab", "Maryia Rabkova"),
]


def test_a_part_of_a_name_that_fits_one_person_finds_them(crawled) -> None:
    for typed, person in FITS:
        assert people_in(crawled, "--person", typed) == {person}, typed


def test_names_that_cannot_be_told_say_what_was_meant(crawled) -> None:
    both = crawled.cli("history", "--person", "Maryia")
    assert both.returncode == 2
    assert (
        "person 'Maryia' could be any of 'Maryia Kalesnikava', 'Maryia Rabkova': say which"
        in both.stderr
    )
    typo = crawled.cli("history", "--person", "Znck")
    assert typo.returncode == 2
    assert "matches no watched person (did you mean 'Maksim Znak'?)" in typo.stderr
    nobody = crawled.cli("history", "--person", "Xyzzy")
    assert "(the people are 'Maryia Kalesnikava', 'Maryia Rabkova', 'Maksim Znak')" in (
        nobody.stderr
    )
    source = crawled.cli("history", "--source", "147.20")
    assert source.returncode == 2 and "did you mean 'UA 147.20'?" in source.stderr
    for command in (("run", "--source", "nope"), ("history", "--source", "nope")):
        result = crawled.cli(*command)
        assert result.returncode == 2
        assert "no source named 'nope'" in result.stderr
        assert "(the sources are 'UA 147.20', 'Viasna list')" in result.stderr
    assert (
        crawled.cli("run", "--source", "viasna lsit")
        .stderr.strip()
        .endswith("(did you mean 'Viasna list'?)")
    )
