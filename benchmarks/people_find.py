"""How fast PeopleIndex.find reads a large page with many watched people.

    python benchmarks/people_find.py

Prints the median time of ``find`` over a 100 KB page of random words with
three real mentions, with 52 watched people (caches warm, as in a daemon).
Moved here from the tests: a timing bound fails on a busy machine.
"""

from __future__ import annotations

import random
import statistics
import string
import time

from casewatch.case.people import PeopleIndex, Person

ROSTER = [
    Person("Maryia Kalesnikava", ("Maria Kolesnikova",)),
    Person("Ales Bialiatski"),
    Person("Uladzimir Labkovich"),
    Person("Viktor Babaryka"),
    Person("Eduard Babaryka"),
]


def _word(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))


def main() -> None:
    rng = random.Random(7)
    index = PeopleIndex([*ROSTER, *(Person(f"Ivan {_word(rng, 9).title()}") for _ in range(47))])
    words = [_word(rng, rng.randint(2, 10)) for _ in range(3000)]
    words += ["Maryia Kalesnikava", "Алеся Бяляцкага", "lawyer Labkovich"]
    text = " ".join(rng.choice(words) for _ in range(16_000))[:100_000]
    found = index.find(text)  # warms the per-word caches
    times = []
    for _ in range(9):
        started = time.perf_counter()
        index.find(text)
        times.append(time.perf_counter() - started)
    print(
        f"PeopleIndex.find: {len(text):,} chars, 52 "
        f"people, {len(found)} mentions: median {statistics.median(times) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
