"""Each status rule names the words it cannot match without (``Rule.needs``),
so that a sentence without them is not searched with it. That is only right
if every match holds one of them: checked here on every sentence of the
labelled statements, the fixture pages and (where it is beside the
repository) the real-page development set, read in place.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from casewatch.case.mentions import sentences
from casewatch.case.status import SENTENCE_RULES, find_statements
from casewatch.case.text import html_to_text

_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = _ROOT / "tests" / "fixtures"
REAL = next(
    (
        p
        for p in (_ROOT.parent / "shared" / "realpages", _ROOT.parents[1] / "shared" / "realpages")
        if p.is_dir()
    ),
    None,
)


def _texts() -> list[str]:
    texts = []
    for table in (FIXTURES / "statements").glob("*.tsv"):
        texts += [line.split("\t")[0] for line in table.read_text(encoding="utf-8").splitlines()]
    pages = list((FIXTURES / "pages").glob("*/*.html"))
    pages += list((REAL / "pages").glob("*.html")) if REAL else []
    texts += [html_to_text(page.read_text(encoding="utf-8")) for page in pages]
    return [s.text for text in texts for s in sentences(text)]


SENTENCES = _texts()


def test_the_corpus_is_large_enough_to_mean_something() -> None:
    assert len(SENTENCES) > 500


@pytest.mark.parametrize("rule", SENTENCE_RULES, ids=lambda r: f"{r.status}-{r.rank}")
def test_every_match_of_a_rule_holds_a_word_it_needs(rule) -> None:
    assert rule.needs, "a sentence rule without needed words is tried on every sentence"
    matched = 0
    for sentence in SENTENCES:
        for match in rule.pattern.finditer(sentence):
            matched += 1
            assert any(word in match.group(0).lower() for word in rule.needs), match.group(0)
    assert matched, f"no sentence matches the {rule.status} rule of rank {rule.rank}"


def test_statements_are_the_same_as_with_every_rule_tried() -> None:
    every_rule = tuple(dataclasses.replace(rule, needs=()) for rule in SENTENCE_RULES)
    for sentence in SENTENCES:
        assert find_statements(sentence) == [
            dataclasses.replace(f, rule=SENTENCE_RULES[every_rule.index(f.rule)])
            for f in find_statements(sentence, every_rule)
        ], sentence
