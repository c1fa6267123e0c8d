"""Each status rule names the words it cannot match without (``Rule.needs``),
so that a sentence without them is not searched with it. That is only right
if every match holds one of them: checked here on every sentence of the
labelled statements, the fixture pages and (where it is beside the
repository) the real-page development set, read in place.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from casewatch.case.status import SENTENCE_RULES, find_statements

sys.path.insert(0, str(Path(__file__).parent))
from corpus_sentences import SENTENCES


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
