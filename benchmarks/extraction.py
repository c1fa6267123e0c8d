"""How fast the case logic reads pages: names, facts, noise, on big pages.

    python benchmarks/extraction.py

Prints the median time of PeopleIndex.find and of a whole observe() (noise
removal + the kind's reader) over each fixture page repeated to ~100 KB,
with the 14-person test roster.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from casewatch.case.people import PeopleIndex, Person
from casewatch.case.reading import observe
from casewatch.case.text import html_to_text

FIXTURES = Path(__file__).parents[1] / "tests" / "fixtures"
TARGET_SIZE = 100_000


def median_ms(work: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    roster = json.loads((FIXTURES / "roster.json").read_text(encoding="utf-8"))
    people = PeopleIndex(Person(p["name"], tuple(p.get("aliases", ()))) for p in roster)
    print(f"{'page (repeated to ~100 KB)':45} {'find':>9} {'observe':>9}")
    for page in sorted((FIXTURES / "pages").glob("*/*.html")):
        kind = page.parent.name
        text = html_to_text(page.read_text(encoding="utf-8"))
        big = "\n".join([text] * max(1, TARGET_SIZE // max(len(text), 1)))
        find = median_ms(lambda big=big: people.find(big))
        whole = median_ms(lambda big=big, kind=kind: observe(big, kind, (), people))
        print(f"{kind + '/' + page.stem:45} {find:7.1f}ms {whole:7.1f}ms")


if __name__ == "__main__":
    main()
