"""What history costs a check (issue 7): one cycle over unchanged sources with
an empty history and with a long one, and the SQL statements per check.

    python benchmarks/state_cost.py                  # 40 sources, 150,000 events, 5 runs
    python benchmarks/state_cost.py --sources 40 --events 150000 --repeats 3

Serves the sources' pages on 127.0.0.1: half answer 304 (conditional GET),
half answer 200 with the same watched text (a changing HTML comment defeats
the ETag, so those pages are read again). Per history size, a fresh SQLite
database gets a baseline ``casewatch run --all``; for the long history,
events (new_mention, status_changed, page_changed) and checks are then
inserted directly; after one warm-up cycle, ``--repeats`` cycles are measured
(wall and CPU of the ``casewatch run`` process, medians). The statements per
check are counted in process with an SQLAlchemy ``before_cursor_execute``
hook while a recorder records one 304 and one unchanged 200.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import urllib.request
from pathlib import Path

from measure import median, run_measured
from sqlalchemy import event, insert, select

from casewatch.app import App
from casewatch.config import load_config
from casewatch.db.models import Check, Event, Source
from casewatch.demo.server import Site
from casewatch.recorder import Recorder
from casewatch.spiders.items import FetchedPage

PEOPLE = ("Maryia Kalesnikava", "Marfa Rabkova", "Ihar Losik", "Ales Bialiatski")
STATUSES = ("detained", "charged", "on_trial", "sentenced", "released")
PAGE = """<html><body><!-- {stamp} --><article><h1>Case file {n}</h1>
<p>{person} was detained in Minsk on 7 September 2020.</p>
<p>{other} was sentenced to 5 years in a penal colony.</p>
<p>The appeal hearing is set for 12 January 2027.</p>
</article></body></html>"""


def page(n: int, stamp: int) -> str:
    return PAGE.format(n=n, stamp=stamp, person=PEOPLE[n % 4], other=PEOPLE[(n + 1) % 4])


def write_config(folder: Path, site: Site, sources: int) -> Path:
    people = "".join(f'[[people]]\nname = "{p}"\n' for p in PEOPLE)
    listed = "".join(
        f'[[sources]]\nname = "s{n}"\nurl = "{site.url(f"/p{n}")}"\n' for n in range(sources)
    )
    path = folder / "casewatch.toml"
    path.write_text(
        f'[database]\nurl = "sqlite:///{folder / "cw.db"}"\n'
        '[crawl]\ndelay = "0s"\nper_host_concurrency = 8\n'
        f"{people}{listed}",
        encoding="utf-8",
    )
    return path


def serve(site: Site, sources: int, cycle: int) -> None:
    """Odd pages change their HTML comment each cycle (200, same text); even
    pages never change (304)."""
    for n in range(sources):
        site.put(f"/p{n}", page(n, cycle if n % 2 else 0))


def add_history(app: App, events: int) -> None:
    """``events`` events over all sources (and a check per ten of them)."""
    rng = random.Random(7)
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    with app.sessions.begin() as session:
        sources = list(session.scalars(select(Source.id)))
        rows, checks = [], []
        for i in range(events):
            kind = ("new_mention", "status_changed", "page_changed")[i % 3]
            person = rng.choice(PEOPLE)
            status = rng.choice(STATUSES)
            details = (
                {"status": status, "status_detail": ""}
                if kind == "new_mention"
                else {"old": "detained", "new": status, "old_detail": "", "new_detail": ""}
            )
            when = start + dt.timedelta(minutes=i)
            rows.append(
                {
                    "occurred_at": when,
                    "kind": kind,
                    "source_id": sources[i % len(sources)],
                    "person": person,
                    "summary": f"{kind} {i}",
                    "details": details,
                    "baseline": True,
                }
            )
            if i % 10 == 0:
                checks.append(
                    {
                        "source_id": sources[i % len(sources)],
                        "started_at": when,
                        "duration_ms": 5,
                        "http_status": 200,
                        "outcome": "unchanged",
                    }
                )
        session.execute(insert(Event), rows)
        session.execute(insert(Check), checks)


def statements_per_check(config_path: Path, site: Site) -> dict[str, int]:
    """SQL statements one recorder runs for a 304 and for an unchanged 200."""
    app = App(load_config(config_path))
    counted: list[str] = []
    engine = app.engine
    event.listen(engine, "before_cursor_execute", lambda *args: counted.append(args[2]))
    recorder = Recorder(app.config, app.current_engine)
    now = dt.datetime.now(dt.UTC)
    body = urllib.request.urlopen(site.url("/p1"), timeout=10).read()
    answers = {
        "304": FetchedPage("s0", site.url("/p0"), "not_modified", now, 1, 304),
        "200, same text": FetchedPage(
            "s1", site.url("/p1"), "ok", now, 1, 200, body, "text/html", "utf-8"
        ),
    }
    counts = {}
    for label, answer in answers.items():
        counted.clear()
        recorder.record(answer)
        counts[label] = len(counted)
    engine.dispose()
    return counts


def measure(history: int, sources: int, repeats: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp, Site() as site:
        folder = Path(tmp)
        config_path = write_config(folder, site, sources)
        command = [sys.executable, "-m", "casewatch", "--config", str(config_path), "run", "--all"]
        log = folder / "stderr.log"
        serve(site, sources, 0)
        run_measured(command, folder, log, timeout=600)  # the baseline
        if history:
            add_history(App(load_config(config_path)), history)
        cycle = 1
        serve(site, sources, cycle)
        run_measured(command, folder, log, timeout=600)  # warm-up
        samples = []
        for _ in range(repeats):
            cycle += 1
            serve(site, sources, cycle)
            samples.append(run_measured(command, folder, log, timeout=600))
        failed = [s.exit_code for s in samples if s.exit_code != 0]
        if failed:
            sys.exit(f"casewatch run failed ({failed}); see {log.read_text()[-2000:]}")
        return {
            "wall": median([s.wall for s in samples]),
            "cpu": median([s.cpu for s in samples]),
            "statements": statements_per_check(config_path, site),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=40)
    parser.add_argument("--events", type=int, default=150_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    results = {n: measure(n, args.sources, args.repeats) for n in (0, args.events)}
    print(f"{args.sources} unchanged sources, medians of {args.repeats} cycles")
    print(f"{'history (events)':>18} {'wall s':>8} {'CPU s':>8}  statements per check")
    for history, result in results.items():
        print(
            f"{history:>18,} {result['wall']:>8.2f} {result['cpu']:>8.2f}  {result['statements']}"
        )
    empty, long = results[0], results[args.events]
    print(
        f"ratio long/empty: wall {long['wall'] / empty['wall']:.2f}x, "
        f"CPU {long['cpu'] / empty['cpu']:.2f}x"
    )


if __name__ == "__main__":
    main()
