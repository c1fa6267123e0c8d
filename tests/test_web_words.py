"""The served dashboard speaks to people: counts in words ("1 failed check"),
outcomes said once, event facts under people's labels."""

from __future__ import annotations

import re


def _text(html: str) -> str:
    """The page's words, tags dropped and spaces folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_board_counts_in_words(served_dashboard, http_get) -> None:
    _, url = served_dashboard
    status, page = http_get(url)
    assert status == 200
    assert "Broken : 1 failed check in a row" in _text(page)
