# ruff: noqa: RUF001 -- Cyrillic letters are the data here
"""The quick searches of the readers find what their plain searches find.

- The word searches (:mod:`casewatch.case.words`) lower a text and search it
  in lower case: only right where lowering keeps the length and the word
  characters and gives each letter as ``re.IGNORECASE`` compares it, checked
  over every code point. Then the quick and the plain searches are compared on
  every sentence of the labelled statements, the fixture pages and the
  real-page development set (read in place, where it is beside the
  repository), and on generated texts holding the words in odd cases and odd
  letters.
- An alternation grouped by first letter (people.find) matches as the plain one.
- A text's words read from its blank-separated tokens are the word pattern's.
- An abbreviation before a sentence's dot is looked for just before the dot.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casewatch.case import dates, mentions, people
from casewatch.case.mentions import _VERDICT, _VERDICT_NEEDS
from casewatch.case.people import words_of
from casewatch.case.terms import find_terms
from casewatch.case.words import Words, by_first_letter, lowers_simply

sys.path.insert(0, str(Path(__file__).parent))
from corpus_sentences import SENTENCES

SEARCHES = {
    "points back": mentions._POINTS_BACK,
    "they": mentions._THEY,
    "now": dates._NOW_WORDS,
}


# Every character the quick searches compare in lower case.
COMPARED = sorted(
    {c for search in SEARCHES.values() for c in search.pattern.pattern if c.isalpha()}
    | {c for word in _VERDICT_NEEDS for c in word}
)


def _every_code_point() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)


def test_lowering_keeps_length_word_characters_and_case_insensitive_letters() -> None:
    every = _every_code_point()
    simple = [c for c in every if lowers_simply(c)]
    assert len(every) - len(simple) < 20
    for c in simple:
        lowered = c.lower()
        assert len(lowered) == 1, hex(ord(c))
        assert (lowered.isalnum() or lowered == "_") == (c.isalnum() or c == "_"), hex(ord(c))
    for x in COMPARED:
        insensitive = {m.group() for m in re.finditer(re.escape(x), every, re.IGNORECASE)}
        assert {c for c in insensitive if lowers_simply(c)} == {
            c for c in simple if c.lower() == x
        }, x


def _agree(search: Words, text: str) -> None:
    assert search.search(text) == (search.pattern.search(text) is not None), text
    assert list(search.spans(text)) == [m.span() for m in search.pattern.finditer(text)], text


def test_the_corpus_is_large_enough_to_mean_something() -> None:
    assert len(SENTENCES) > 500
    for name, search in SEARCHES.items():
        assert sum(bool(search.pattern.search(s)) for s in SENTENCES) > 5, name


@pytest.mark.parametrize("name", SEARCHES)
def test_quick_and_plain_searches_agree_on_every_sentence(name: str) -> None:
    for sentence in SENTENCES:
        _agree(SEARCHES[name], sentence)


_PIECES = (
    "He",
    "SHE",
    "hIs",
    "the Political Prisoner",
    "the  prisoner",
    "Они",
    "ЯНА",
    "палітвязня",
    "Политзаключенного",
    "They",
    "THEIR",
    "today",
    "On Monday",
    "сёння",
    "Ўчора",
    "the",
    "other",
    "shed",
    "hes",
    "oн",
    "_he",
    "he_",
    "1he",
    "ıt",
    "hİs",
    "ſhe",
    "ᲂна",
    "K",
    "-",
    "'",
    " ",
    "\n",
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_quick_and_plain_searches_agree_on_odd_texts(text: str) -> None:
    for search in SEARCHES.values():
        _agree(search, text)


def _plain_verdict_for_nobody(sentence: str) -> bool:
    lowered = sentence.lower()
    if not any(word in lowered for word in mentions._VERDICT_WORDS):
        return False
    return bool(_VERDICT.search(sentence) and find_terms(sentence))


def test_a_verdict_for_nobody_is_found_as_by_its_pattern() -> None:
    verdicts = 0
    for sentence in SENTENCES:
        plain = _plain_verdict_for_nobody(sentence)
        verdicts += plain
        assert mentions._Reader._verdict_for_nobody(sentence) == plain, sentence
        for match in _VERDICT.finditer(sentence):
            assert any(word in match.group(0).lower() for word in _VERDICT_NEEDS), match.group(0)
    assert verdicts


def test_a_word_list_must_start_each_word_with_a_lower_case_letter() -> None:
    with pytest.raises(ValueError):
        Words("He")


_LETTERS = st.sampled_from(("a", "b", "A", "я", "Я", "'", "’", "ʼ", "_", "1", " ", "\n", "."))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.text(st.sampled_from("abAя'’"), min_size=1).filter(lambda w: w[0].isalpha()), min_size=1
    ),
    st.lists(_LETTERS, max_size=30).map("".join),
)
def test_an_alternation_by_first_letter_matches_as_the_plain_one(words, text) -> None:
    # As people.find searches for the words that may be surnames.
    escaped = [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    edge = r"[\w'’ʼ]"
    plain = re.compile(f"(?<!{edge})(?:{'|'.join(escaped)})(?!{edge})")
    grouped = re.compile(f"(?:{by_first_letter(escaped, edge)})(?!{edge})")
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_no_blank_is_a_letter() -> None:
    # people.words_of reads the words of a text from its blank-separated tokens.
    assert not [c for c in _every_code_point() if c.isspace() and re.match(r"[^\W\d_]", c)]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(("Ab", "я", "’", "'", "ʼ", "_", "1", "²", " ", "\n", "\xa0", ".", "-"))
    ).map("".join)
)
def test_the_words_of_a_text_are_what_the_word_pattern_finds(text: str) -> None:
    assert words_of(text) == set(people._WORD.findall(text))


def test_the_words_of_every_sentence_are_what_the_word_pattern_finds() -> None:
    for sentence in SENTENCES:
        assert words_of(sentence) == set(people._WORD.findall(sentence)), sentence


def _abbreviation_agrees(line: str) -> None:
    for dot in range(len(line) + 1):
        near = max(0, dot - mentions._ABBREVIATION_REACH)
        whole = mentions._ABBREVIATION.search(line, 0, dot) is not None
        assert (mentions._ABBREVIATION.search(line, near, dot) is not None) == whole, (line, dot)


def test_an_abbreviation_before_a_dot_is_found_as_from_the_start_of_the_line() -> None:
    # mentions.sentences looks for it only just before the dot.
    for sentence in SENTENCES[:3000]:
        _abbreviation_agrees(sentence)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(("Mrs", "Mr", "St", "vs", "ул", "г", "A", "x", "1", "_", " ", "."))
    ).map("".join)
)
def test_an_abbreviation_is_found_as_from_the_start_of_any_line(line: str) -> None:
    _abbreviation_agrees(line)


def _clause_of_by_scan(spans: list[tuple[int, int]], position: int) -> int:
    return next((i for i, (_, end) in enumerate(spans) if position < end), len(spans) - 1)


@given(st.text(alphabet="ab ,;", max_size=60), st.integers(0, 70))
def test_the_clause_of_a_position_is_found_as_by_a_scan(sentence: str, position: int) -> None:
    spans = mentions._clauses(sentence)
    assert mentions._clause_of(spans, position) == _clause_of_by_scan(spans, position)


@given(st.sets(st.integers(0, 30), max_size=8), st.integers(0, 30))
def test_the_nearest_clause_with_statements_is_found_as_by_a_scan(
    with_statements: set[int], clause: int
) -> None:
    """Its own clause's statements, else the nearest clause's before it, else after it."""
    by_clause = {number: [f"said in {number}"] for number in sorted(with_statements)}
    scan = by_clause.get(clause) or next(
        (
            by_clause[c]
            for c in (*range(clause - 1, -1, -1), *range(clause + 1, 31))
            if c in by_clause
        ),
        [],
    )
    assert mentions._nearest(by_clause, sorted(by_clause), clause) == scan  # type: ignore[arg-type]
