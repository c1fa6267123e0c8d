"""The served dashboard speaks to people: counts in words ("1 failed check"),
outcomes said once (no "HTTP 500 HTTP 500"), event facts under the labels
alerts give them ("Was", "Now")."""

from __future__ import annotations

import json
import re


def _text(html: str) -> str:
    """The page's words, tags dropped and spaces folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_board_counts_in_words(served_dashboard, http_get) -> None:
    _, url = served_dashboard
    status, page = http_get(url)
    assert status == 200
    assert "Broken : 1 failed check in a row" in _text(page)


def test_a_failed_source_says_its_http_status_once(served_dashboard, http_get) -> None:
    _, url = served_dashboard
    status, page = http_get(url + "sources")
    assert status == 200
    [broken] = [row for row in page.split("<tr") if ">Broken<" in row]
    assert _text(broken).count("HTTP 500") == 1, _text(broken)


def test_an_event_page_labels_its_facts_as_alerts_do(served_dashboard, http_get) -> None:
    _, url = served_dashboard
    events = json.loads(http_get(url + "api/events?kind=status_changed")[1])
    [change] = [e for e in events if e["person"] == "Maryia Kalesnikava"]
    status, page = http_get(url + f"events/{change['id']}")
    assert status == 200
    shown = _text(page)
    assert "Was detained" in shown and "Now sentenced" in shown, shown
    labels = re.findall(r"<dt>(.*?)</dt>", page)
    assert labels == ["kind", "when", "person", "source", "Was", "Now"], labels


def test_the_board_counts_attempts_and_days_in_words(served_dashboard, http_get) -> None:
    """The board's counts are written by casewatch.text.plural, as the CLI's are."""
    _, url = served_dashboard
    status, page = http_get(url)
    assert status == 200
    text = _text(page)
    attempts = re.findall(r"after (\d+) (attempts?):", text)
    assert attempts and all((n == "1") == (word == "attempt") for n, word in attempts), attempts
    assert "(in 20 days)" in text
