"""The first prison term a status detail states, in months (for the tests)."""

from __future__ import annotations

import re

_WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}


def months_of(detail: str) -> int | None:
    """ "7 years and 6 months" -> 90, "4.5 years" -> 54, "life imprisonment" -> None."""
    text = detail.lower()
    for word, n in _WORDS.items():
        text = re.sub(rf"\b{word}\b", str(n), text)
    years = re.search(r"(\d+(?:\.\d+)?) years?(?: and (\d+) months?)?", text)
    if years:
        return round(float(years.group(1)) * 12) + int(years.group(2) or 0)
    months = re.search(r"(\d+) months?", text)
    return int(months.group(1)) if months else None
