"""A page's bytes against its label (casewatch.case.charset): the label is
kept while the bytes agree with it."""

from __future__ import annotations

import pytest

from casewatch.case.charset import decode_page

RUSSIAN = "<p>Мария Колесникова приговорена к 11 годам колонии.</p>"
BELARUSIAN = "<p>Марыя Калеснікава асуджана да 11 гадоў калоніі.</p>"
FRENCH = "<p>Café au lait, naïve résumé</p>"


@pytest.mark.parametrize(
    ("text", "encoding", "label"),
    [
        # Labels that agree with the bytes are kept.
        (RUSSIAN, "cp1251", "windows-1251"),
        (RUSSIAN, "koi8-r", "koi8-r"),
        (RUSSIAN, "utf-16", "utf-16"),
        (FRENCH, "latin-1", "iso-8859-1"),
        (RUSSIAN, "utf-8", None),
        # Labels the bytes contradict.
        (RUSSIAN, "utf-8", "windows-1251"),
        (BELARUSIAN, "utf-8", "koi8-u"),
        (RUSSIAN, "cp1251", "utf-8"),
        (BELARUSIAN, "cp1251", "utf-8"),
        (RUSSIAN, "koi8-r", "utf-8"),
        (FRENCH, "cp1252", "utf-8"),
        (RUSSIAN, "cp1251", "no-such-charset"),
    ],
)
def test_the_text_is_read_whatever_the_label(text: str, encoding: str, label: str | None) -> None:
    assert decode_page(text.encode(encoding), label) == text


def test_the_markups_own_charset_beats_detection() -> None:
    page = '<meta charset="koi8-r">' + RUSSIAN
    assert decode_page(page.encode("koi8-r"), "utf-8") == page


def test_any_bytes_give_text() -> None:
    """Never an exception: a check fails on what the text says, not on its bytes."""
    for label in ("utf-8", "utf-16-le", "cp1251", None):
        assert len(decode_page(bytes(range(256)) * 4, label)) >= 256
