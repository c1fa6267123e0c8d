"""How fast casewatch reads pages: a 1 MB page, end to end, per kind.

    python benchmarks/extraction.py [--repeat N]

For one fixture page of each kind, builds two 1 MB HTML pages and reads each
with :func:`casewatch.case.reading.read_page` (HTML to text, noise, the kind's
reader, its names, statements, dates and deadlines), and prints the median
wall and CPU time:

- *dense*: the page repeated: every paragraph is case news, the worst case;
- *sparse*: the page once per ~25 KB of neutral prose, as on a long archive
  or list page where watched people are named now and then.

It also prints how long the Russian morphology model (pymorphy3) takes to load,
once per process, and the ratio of reading 1 MB to reading 250 KB in CPU
time (linear reading keeps it near 4); then the CPU time per page of 100
generated pages of 36-44 KB (``sitegen.py``, the pages of ``cycle.py
--preset one-host``), and of a 200 KB page that is one paragraph (the news
fixture's text without its markup: many sentences on one line). The goal
(issue 8) is 1 MB in under 1 s; on a shared machine read the CPU columns,
which other processes inflate far less than the wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import sitegen  # beside this script

from casewatch.case import morphology
from casewatch.case.people import PeopleIndex, Person
from casewatch.case.reading import read_page

FIXTURES = Path(__file__).parents[1] / "tests" / "fixtures"
PAGES = (
    "amnesty_ua/ua_ru_kolesnikova",
    "page/news_en_labkovich",
    "page/news_be_bialiatski",
    "petition/count_en",
    "viasna_list/list_be",
)
SIZE = 1_000_000
# Neutral prose, written for this benchmark: no names, no statuses.
FILLER = (
    "<p>The city council met on Tuesday to discuss the new bus timetable and the repair of "
    "the old bridge over the river. Residents asked for more benches in the park, and the "
    "library announced longer opening hours for the summer months.</p>\n"
)


def median_s(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process, in seconds (on a
    shared machine the CPU time is the steadier figure)."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def body_of(html: str) -> str:
    start, end = html.find("<body"), html.rfind("</body>")
    start = html.find(">", start) + 1 if start >= 0 else 0
    return html[start : end if end >= 0 else len(html)]


def page_of(inner: str, size: int, sparse: bool) -> bytes:
    unit = inner + (FILLER * max(1, 25_000 // len(FILLER)) if sparse else "")
    copies = max(1, size // len(unit.encode("utf-8")))
    return f"<html><body>{unit * copies}</body></html>".encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args()
    load = morphology.load_seconds()
    print(f"pymorphy3 model load (once per process): {load * 1000:.0f} ms")
    roster = json.loads((FIXTURES / "roster.json").read_text(encoding="utf-8"))
    people = PeopleIndex(Person(p["name"], tuple(p.get("aliases", ()))) for p in roster)
    print(
        f"{'page (1 MB of HTML)':32} {'dense wall':>10} {'dense CPU':>10} {'sparse wall':>11}"
        f" {'sparse CPU':>10} {'1MB/250KB':>10}"
    )
    for name in PAGES:
        kind = name.split("/")[0]
        inner = body_of((FIXTURES / "pages" / f"{name}.html").read_text(encoding="utf-8"))

        def read(body: bytes, kind: str = kind) -> object:
            return read_page(body, "text/html", "utf-8", None, kind, (), people)

        dense_page, sparse_page = page_of(inner, SIZE, False), page_of(inner, SIZE, True)
        quarter_page = page_of(inner, SIZE // 4, False)
        dense = median_s(lambda page=dense_page: read(page), args.repeat)
        sparse = median_s(lambda page=sparse_page: read(page), args.repeat)
        quarter = median_s(lambda page=quarter_page: read(page), args.repeat)
        print(
            f"{name:32} {dense[0]:9.2f}s {dense[1]:9.2f}s {sparse[0]:10.2f}s {sparse[1]:9.2f}s"
            f" {dense[1] / quarter[1]:10.1f}"
        )
    generated_people = PeopleIndex(Person(name, (alias,)) for name, alias in sitegen.PEOPLE)
    when = dt.datetime(2026, 1, 1)
    generated = [sitegen.generate(1, i, 0, (36_000, 44_000), when).body for i in range(100)]

    def read_generated() -> None:
        for body in generated:
            read_page(body, "text/html", "utf-8", None, "page", (), generated_people)

    read_generated()  # the words' first readings (pymorphy3) are not what is measured
    cpu = median_s(read_generated, args.repeat)[1]
    print(f"100 generated pages of 36-44 KB: {cpu * 10:.2f} ms of CPU per page")
    news = body_of((FIXTURES / "pages" / "page/news_en_labkovich.html").read_text(encoding="utf-8"))
    paragraph = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", news))
    one_line = f"<html><body><p>{paragraph * (200_000 // len(paragraph))}</p></body></html>"
    cpu = median_s(
        lambda: read_page(one_line.encode(), "text/html", "utf-8", None, "page", (), people),
        args.repeat,
    )[1]
    print(f"one paragraph of 200 KB: {cpu:.2f} s of CPU")


if __name__ == "__main__":
    main()
