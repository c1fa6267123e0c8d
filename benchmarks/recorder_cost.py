"""What the recorder's database work costs per check (issue 9), without
Scrapy, the network or reading.

    python benchmarks/recorder_cost.py                          # SQLite, 500 sources
    python benchmarks/recorder_cost.py --database postgresql+psycopg://u@host/empty_db
    python benchmarks/recorder_cost.py --sources 300 --group 1  # one transaction per check

The benchmark site's pages (sitegen.py: 20-80 KB, 20 invented people) are
generated and read once, up front; then a ``casewatch.recorder.Recorder``
records them as a first check (new sources, snapshots, baseline events) and
as three unchanged checks (304), in groups of ``--group`` pages per call of
``record_group`` (16: the crawl's queue full; 1: one transaction each). The
figures are the recording thread's CPU (``time.thread_time``) and wall time
per check, medians of the unchanged rounds. ``--database`` must be an empty
database (its schema is created); by default a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sitegen import PEOPLE, generate, person_of

from casewatch import recorder as recording
from casewatch.app import App
from casewatch.config import load_config
from casewatch.reading_pool import read
from casewatch.recorder import Recorder
from casewatch.spiders.items import FetchedPage

T0 = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def write_config(folder: Path, database: str, sources: int) -> Path:
    lines = [f'[database]\nurl = "{database}"']
    lines += [f'\n[[people]]\nname = "{name}"\naliases = ["{alias}"]' for name, alias in PEOPLE]
    lines += [
        f'\n[[sources]]\nname = "case-{i}"\nurl = "https://example.org/case/{i}.html"\n'
        f'people = ["{person_of(i)[0]}"]'
        for i in range(sources)
    ]
    path = folder / "casewatch.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def measure(recorder: Recorder, pages: list[FetchedPage], group: int) -> tuple[float, float]:
    """Record ``pages`` in groups: (CPU ms, wall ms) per check."""
    cpu, wall = time.thread_time(), time.perf_counter()
    if group == 1:  # record(), which casewatch had before record_group: comparable
        for page in pages:
            recorder.record(page)
    else:
        for start in range(0, len(pages), group):
            recorder.record_group([(page, None) for page in pages[start : start + group]])
    if recorder.errors:
        raise SystemExit(f"could not record: {recorder.errors[:3]}")
    n = len(pages)
    return (time.thread_time() - cpu) * 1000 / n, (time.perf_counter() - wall) * 1000 / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=500, help="sources (500)")
    parser.add_argument("--group", type=int, default=16, help="pages per transaction (16)")
    parser.add_argument("--database", help="an empty database's URL (a temporary SQLite file)")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="casewatch-recorder-"))
    database = args.database or f"sqlite:///{folder / 'casewatch.db'}"
    config = load_config(str(write_config(folder, database, args.sources)))
    app = App(config, sends=False)
    app.upgrade()
    recorder = Recorder(config, app.current_engine, now=lambda: T0)
    first = []
    for i, source in enumerate(config.settings.sources):
        page = generate(1, i, 0, (20_000, 80_000), T0)
        first.append(
            FetchedPage(source.name, source.url, "ok", T0, 5, 200, page.body, "text/html", "utf-8")
        )
    # Read once, up front: only the recording is measured.
    readings = {p.source: read(recorder._task(p), recorder.people) for p in first}
    recording.read = lambda task, _people: readings[task.source]
    cpu, wall = measure(recorder, first, args.group)
    print(f"first check:     {cpu:6.3f} ms CPU  {wall:6.3f} ms wall per check")
    rounds = []
    for n in range(1, 4):
        at = T0 + dt.timedelta(hours=n)
        unchanged = [FetchedPage(p.source, p.url, "not_modified", at, 3, 304) for p in first]
        rounds.append(measure(recorder, unchanged, args.group))
    cpu = statistics.median(r[0] for r in rounds)
    wall = statistics.median(r[1] for r in rounds)
    print(f"unchanged check: {cpu:6.3f} ms CPU  {wall:6.3f} ms wall per check")
    recorder.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
