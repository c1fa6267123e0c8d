"""Distributed mode: how throughput scales with 1, 2 and 3 workers (issue 11).

    python benchmarks/workers.py                  # 2,000 pages, 20 hosts, 150 ms; 1, 2, 3 workers
    python benchmarks/workers.py --workers 1,3 --pages 500 --crawl delay=1s

Serves the cycle benchmark's site (``loopsite.py``, ``sitegen.py``: pages of
20-80 KB on hosts 127.0.0.2…, each response after the latency). For each
number of workers: a fresh PostgreSQL database (on the server of
``$CASEWATCH_TEST_POSTGRES``) and a Redis database of its own (on
127.0.0.1:6379, emptied after); N ``casewatch worker`` processes are started
and answer Celery's ping; then ``casewatch scheduler --poll 1`` starts the
clock, which stops when every page has a check (the first round: all new).
Then every source's last check is moved back one interval and the clock runs
until every page has a second check (the unchanged round: all 304). Reports
wall time, pages per second and the load average. Loopback only.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import redis
from loopsite import LoopbackSite
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from watchers import Casewatch

from casewatch.config import load_config
from casewatch.queue.app import celery_app

CASEWATCH = Path(sys.executable).with_name("casewatch")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="casewatch-workers-"))
    size = tuple(int(kb) * 1000 for kb in args.size.split("-"))
    crawl = dict(item.split("=", 1) for item in args.crawl)
    print(machine(), flush=True)
    print(
        f"{args.pages} pages over {args.hosts} hosts, {args.latency * 1000:.0f} ms per "
        f"response, {args.size} KB; [crawl] {crawl}; scheduler --batch {args.batch}; "
        f"work in {work}",
        flush=True,
    )
    rows = []
    with LoopbackSite(args.pages, args.hosts, args.latency, size, free_port()) as site:  # type: ignore[arg-type]
        for count in args.workers:
            site.reset()
            folder = work / f"{count}-workers"
            folder.mkdir(parents=True, exist_ok=True)
            with scratch_database(args.postgres) as database, redis_database() as queue:
                config = write_config(folder, site.urls(), crawl, database, queue)
                rows.append((count, *measure(config, count, args)))
                print(f"  {count} workers: {rows[-1][1:]}", flush=True)
    print()
    print("| workers | first round (all new) | unchanged round (all 304) | load average |")
    print("|---|---|---|---|")
    for count, first, unchanged, load in rows:
        print(
            f"| {count} | {first:.0f} s, {args.pages / first:.1f} pages/s "
            f"| {unchanged:.0f} s, {args.pages / unchanged:.1f} pages/s | {load} |"
        )
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages watched (2000)")
    parser.add_argument("--hosts", type=int, default=20, help="hosts 127.0.0.2… (20)")
    parser.add_argument("--latency", type=float, default=0.15, help="seconds per response (0.15)")
    parser.add_argument("--size", default="20-80", help="page size range in KB (20-80)")
    parser.add_argument("--workers", default="1,2,3", help="worker counts to measure (1,2,3)")
    parser.add_argument("--batch", type=int, default=100, help="scheduler --batch (100)")
    parser.add_argument(
        "--crawl",
        action="append",
        default=["delay=0s"],
        metavar="KEY=VALUE",
        help="a [crawl] setting (repeatable; delay=0s unless given)",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "CASEWATCH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
        help="a PostgreSQL URL whose server may create databases ($CASEWATCH_TEST_POSTGRES)",
    )
    parser.add_argument("--workdir", help="where configs and logs go (a temp dir)")
    parser.add_argument("--timeout", type=float, default=1800, help="per round, seconds (1800)")
    args = parser.parse_args(argv)
    args.workers = [int(n) for n in args.workers.split(",")]
    return args


def write_config(folder: Path, urls: list[str], crawl: dict, database: str, queue: str) -> Path:
    """The cycle benchmark's config (every page, 20 people), on PostgreSQL and a queue."""
    watcher = Casewatch("casewatch", crawl=crawl)
    watcher.prepare(folder, urls)
    path = folder / "casewatch.toml"
    toml = path.read_text().replace(
        'url = "sqlite:///casewatch.db"',
        f'url = "{database}"\n[queue]\nurl = "{queue}"\nvisibility_timeout = "30m"',
    )
    path.write_text(toml)
    return path


def measure(config: Path, count: int, args: argparse.Namespace) -> tuple[float, float, str]:
    """(first round, unchanged round) wall seconds, and the load averages."""
    folder = config.parent
    database = load_config(config).settings.database.url
    run([str(CASEWATCH), "--config", str(config), "db", "upgrade"], folder)
    casewatch = [str(CASEWATCH), "--config", str(config), "-v"]
    processes = [start([*casewatch, "worker", "--name", f"w{n}"], folder) for n in range(count)]
    try:
        celery = celery_app(load_config(config))
        until(lambda: len(celery.control.ping(timeout=1.0)) >= count, args.timeout)
        started = time.perf_counter()
        scheduler = ["scheduler", "--poll", "1", "--batch", str(args.batch)]
        processes.append(start([*casewatch, *scheduler], folder))
        until(lambda: checks(database) >= args.pages, args.timeout)
        first = time.perf_counter() - started
        with create_engine(database).begin() as connection:
            connection.execute(
                text("UPDATE sources SET last_checked_at = last_checked_at - interval '6 hours'")
            )
        started = time.perf_counter()
        until(lambda: checks(database) >= 2 * args.pages, args.timeout)
        unchanged = time.perf_counter() - started
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=120)
    return first, unchanged, ", ".join(f"{x:.1f}" for x in os.getloadavg())


def checks(database: str) -> int:
    engine = create_engine(database)
    try:
        with engine.connect() as connection:
            return connection.scalar(text("SELECT count(*) FROM checks")) or 0
    finally:
        engine.dispose()


def until(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the round did not finish in time")
        time.sleep(0.5)


def start(command: list[str], folder: Path) -> subprocess.Popen:
    log = (folder / "processes.log").open("a")
    return subprocess.Popen(
        command, cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def run(command: list[str], folder: Path) -> None:
    subprocess.run(command, cwd=folder, check=True, capture_output=True)


@contextmanager
def scratch_database(server: str):
    admin_url = make_url(server)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"casewatch_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def redis_database():
    """A Redis database (1-15) that no one else claimed, emptied after."""
    claim = uuid.uuid4().hex
    for number in random.sample(range(1, 16), 15):
        client = redis.Redis("127.0.0.1", 6379, db=number)
        if client.set("casewatch-test-claim", claim, nx=True, ex=7200):
            break
    else:
        raise RuntimeError("every Redis database 1-15 is claimed")
    try:
        yield f"redis://127.0.0.1:6379/{number}"
    finally:
        client.flushdb()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.2", 0))
        return probe.getsockname()[1]


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"machine: {os.cpu_count()} cores, load {load}; Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


if __name__ == "__main__":
    sys.exit(main())
