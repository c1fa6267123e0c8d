"""Distributed mode end to end (issue 11, docs/scale-out.md): real
``casewatch scheduler`` and ``casewatch worker`` processes on the local
Redis and a scratch PostgreSQL database, 300 sources on 5 loopback hosts.

Time passing is simulated by moving every source's last check back by one
interval, so that the scheduler finds them due again: no test waits an hour.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text

from casewatch.config import load_config
from casewatch.demo.server import Site
from casewatch.queue.app import CHECK, QUEUE, celery_app

pytestmark = pytest.mark.postgres

HOSTS, PER_HOST = 5, 60  # 300 sources
# Ten watched people, each on one page of their own; the other pages name no one.
PEOPLE = [
    "Alena Hrabouskaya",
    "Barys Kavalenka",
    "Dzmitry Lutsevich",
    "Halina Mikhnevich",
    "Ivan Novikau",
    "Kiryl Pashkevich",
    "Liudmila Ramanchuk",
    "Mikalai Sidarovich",
    "Natallia Tsikhanava",
    "Pavel Yanushkevich",
]
VISIBILITY = 20  # seconds: [queue] visibility_timeout
PAGE = "<html><body><article>{}</article></body></html>"
WAIT = 240  # seconds: the longest any stage may take on a busy 2-core machine


def _path(index: int) -> str:
    return f"/case/{index}.html"


@contextmanager
def _sites() -> Iterator[list[Site]]:
    with ExitStack() as stack:
        yield [stack.enter_context(Site(f"127.0.0.{2 + h}")) for h in range(HOSTS)]


def _person_page(person: str, sentenced: bool) -> str:
    said = (
        f"{person} was sentenced to 6 years in a penal colony."
        if sentenced
        else f"{person} was detained in Minsk."
    )
    return PAGE.format(f"<h1>{person}</h1><p>{said}</p>")


def _publish(sites: list[Site]) -> list[tuple[str, str]]:
    """Puts every page up; (source name, url) of each. Pages 0, 30, 60, …
    are the people's (two per host)."""
    sources = []
    for index in range(HOSTS * PER_HOST):
        site = sites[index % HOSTS]
        if index % 30 == 0:
            body = _person_page(PEOPLE[index // 30], sentenced=False)
        else:
            body = PAGE.format(f"<p>Notice {index}: nothing new today.</p>")
        site.put(_path(index), body)
        sources.append((f"page {index}", site.url(_path(index))))
    return sources


def _config(workspace, postgres_url: str, redis_url: str, sources, alerts_url: str) -> Path:
    people = "".join(f'[[people]]\nname = "{p}"\n' for p in PEOPLE)
    listed = "".join(f'[[sources]]\nname = "{name}"\nurl = "{url}"\n' for name, url in sources)
    return workspace.write_config(
        f"""
[database]
url = "{postgres_url}"
[queue]
url = "{redis_url}"
visibility_timeout = "{VISIBILITY}s"
[crawl]
interval = "1h"
delay = "0s"
retries = 0
timeout = "10s"
per_host_concurrency = 1
{people}{listed}
[[channels]]
name = "staff"
url = "json://{alerts_url}"
"""
    )


def _alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


class Cluster:
    """casewatch processes, each in its own process group (so that SIGKILL
    takes a worker with its check in flight, as a machine that dies would)."""

    def __init__(self, workspace, logs: Path) -> None:
        self.workspace, self.logs = workspace, logs
        self.processes: dict[str, subprocess.Popen] = {}
        self.killed: dict[str, dt.datetime] = {}

    def start(self, name: str, *args: str) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("w")
        process = subprocess.Popen(
            self.workspace.command("-v", *args),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=self.workspace.env,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def kill(self, name: str) -> None:
        """SIGKILL to the process and its children (its check in flight)."""
        group = self.processes[name].pid
        os.killpg(group, signal.SIGKILL)
        self.killed[name] = dt.datetime.now()  # local time, as the logs have it
        self.processes[name].wait(timeout=30)
        wait_for(lambda: not _alive(group), f"every process of {name} is gone", timeout=30)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text()

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def cluster(workspace, artefacts: Path, request: pytest.FixtureRequest) -> Iterator[Cluster]:
    """The processes of one test; their logs stay in tmp/artefacts/queue/TEST/."""
    logs = artefacts / "queue" / request.node.name
    logs.mkdir(parents=True, exist_ok=True)
    running = Cluster(workspace, logs)
    try:
        yield running
    finally:
        running.stop()


def wait_for(
    condition: Callable[[], object],
    what: str,
    timeout: float = WAIT,
    explain: Callable[[], object] = lambda: "",
) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting until {what} {explain()}")


def each_checked(postgres_url: str, names: set[str], times: int) -> Callable[[], bool]:
    return lambda: checks_per_source(postgres_url) == Counter(dict.fromkeys(names, times))


def not_checked(postgres_url: str, names: set[str], times: int) -> dict[str, int]:
    """The sources not checked exactly ``times`` times, with their count."""
    counts = checks_per_source(postgres_url)
    return {name: counts[name] for name in sorted(names) if counts[name] != times}


LOCK_LINE = re.compile(r"^(\S+) INFO casewatch\.queue\.check: hosts (locked|released): (.+)$")
Turn = tuple[dt.datetime, dt.datetime, str]  # a worker's hold on a host: from, to, worker


def host_turns(cluster: Cluster) -> dict[str, list[Turn]]:
    """Each host's turns with each worker, from the workers' logs; a killed
    worker's last turn ends when it was killed, a turn still on, now."""
    turns: dict[str, list[Turn]] = {}
    for name in cluster.processes:
        if not name.startswith("worker"):
            continue
        held: dict[str, dt.datetime] = {}
        for line in cluster.log(name).splitlines():
            if (found := LOCK_LINE.match(line)) is None:
                continue
            # Log times are UTC with offset; the test's other clocks are naive local.
            at = dt.datetime.fromisoformat(found[1]).astimezone().replace(tzinfo=None)
            for host in found[3].split():
                if found[2] == "locked":
                    held[host] = at
                else:
                    turns.setdefault(host, []).append((held.pop(host), at, name))
        end = cluster.killed.get(name, dt.datetime.now())
        for host, since in held.items():
            turns.setdefault(host, []).append((since, end, name))
    return turns


def overlapping(turns: list[Turn]) -> list[tuple[Turn, Turn]]:
    """Turns of different workers at the same time."""
    found: list[tuple[Turn, Turn]] = []
    longest: Turn | None = None  # of the turns begun so far, the one that ends last
    for turn in sorted(turns):
        if longest is not None and turn[0] < longest[1]:
            found.append((longest, turn))
        if longest is None or turn[1] > longest[1]:
            longest = turn
    return found


def queued_sources(redis_url: str) -> Counter[str]:
    """How often each source is in a check task waiting in the broker's queue
    (Celery's message format: base64 JSON ``[args, kwargs, embed]``)."""
    client = redis.Redis.from_url(redis_url)
    names: Counter[str] = Counter()
    for raw in client.lrange(QUEUE, 0, -1):
        message = json.loads(raw)
        if message["headers"]["task"] != CHECK:
            continue
        (tokens,), _, _ = json.loads(base64.b64decode(message["body"]))
        names.update(list(tokens))
    return names


def checks_per_source(postgres_url: str) -> Counter[str]:
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT s.name, count(c.id) FROM sources s "
                    "LEFT JOIN checks c ON c.source_id = s.id GROUP BY s.name"
                )
            )
            return Counter(dict(rows.all()))
    finally:
        engine.dispose()


def an_interval_passes(postgres_url: str) -> None:
    """Every source's last check an hour ([crawl] interval) earlier: all due."""
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE sources SET last_checked_at = last_checked_at - interval '1 hour'")
        )
    engine.dispose()


def test_two_schedulers_started_together_queue_each_source_once(
    workspace, postgres_url: str, redis_url: str, cluster: Cluster
) -> None:
    with _sites() as sites:
        sources = _publish(sites)
        _config(workspace, postgres_url, redis_url, sources, "127.0.0.1:9/alerts")
        assert workspace.cli("db", "upgrade").returncode == 0
        first = cluster.start("scheduler-1", "scheduler", "--poll", "1")
        second = cluster.start("scheduler-2", "scheduler", "--poll", "1")
        loser = wait_for(
            lambda: next((p for p in (first, second) if p.poll() is not None), None),
            "one scheduler exits",
        )
        assert loser.returncode == 75
        wait_for(lambda: sum(queued_sources(redis_url).values()) >= len(sources), "all queued")
        time.sleep(3)  # three more looks at what is due: nothing is queued again
        queued = queued_sources(redis_url)
        assert set(queued) == {name for name, _ in sources}
        assert set(queued.values()) == {1}
        winner = first if loser is second else second
        assert winner.poll() is None  # still queueing, holding the lock


def test_three_workers_check_each_source_once_alert_once_and_survive_a_sigkill(
    workspace, postgres_url: str, redis_url: str, cluster: Cluster
) -> None:
    with _sites() as sites, Site() as alerts:
        for site in sites:
            site.latency = 0.02
        sources = _publish(sites)
        names = {name for name, _ in sources}
        config = _config(workspace, postgres_url, redis_url, sources, alerts.url("/alerts")[7:])
        assert workspace.cli("db", "upgrade").returncode == 0
        # Tasks of 20 sources: three per host, so workers meet on hosts.
        cluster.start("scheduler", "scheduler", "--poll", "1", "--batch", "20")
        for number in (1, 2, 3):
            cluster.start(f"worker-{number}", "worker", "--name", f"w{number}")

        # First interval: a silent baseline, every source checked once.
        wait_for(
            each_checked(postgres_url, names, 1),
            "every source is checked once",
            explain=lambda: not_checked(postgres_url, names, 1),
        )
        wait_for(lambda: not queued_sources(redis_url), "the queue is empty")
        time.sleep(3)
        assert not not_checked(postgres_url, names, 1)
        assert alerts.posts == []
        # status: the queue as Redis and Celery report it.
        status = workspace.cli("status", "--json")
        queue = json.loads(status.stdout)["queue"]
        assert queue["scheduler"] is True and isinstance(queue["depth"], int), status.stdout
        assert sorted(w["name"] for w in queue["workers"]) == [
            "celery@w1",
            "celery@w2",
            "celery@w3",
        ]
        assert all(w["last_heartbeat"] for w in queue["workers"])
        shown = workspace.cli("status").stdout  # heartbeats written as every other time
        assert len(re.findall(r"^celery@w\d +\d{4}-\d\d-\d\d \d\d:\d\d$", shown, re.M)) == 3

        # Second interval: ten people's pages change; a worker dies mid-cycle.
        for index, person in enumerate(PEOPLE):
            sites[index * 30 % HOSTS].put(_path(index * 30), _person_page(person, sentenced=True))
        an_interval_passes(postgres_url)
        celery = celery_app(load_config(config, environ=workspace.env))

        def busy_worker() -> str | None:
            if sum(checks_per_source(postgres_url).values()) == len(names):
                return None  # the cycle has not begun
            active = celery.control.inspect(timeout=1.0).active() or {}
            return next((w for w, tasks in sorted(active.items()) if tasks), None)

        victim = wait_for(busy_worker, "a worker is checking sources mid-cycle")
        cluster.kill(f"worker-{victim.removeprefix('celery@w')}")
        wait_for(
            each_checked(postgres_url, names, 2),
            "every source is checked twice",
            explain=lambda: not_checked(postgres_url, names, 2),
        )
        wait_for(
            lambda: len(alerts.posts) >= len(PEOPLE),
            "the alerts arrive",
            explain=lambda: alerts.posts,
        )
        time.sleep(VISIBILITY + 5)  # a redelivered task would show by now
        assert not not_checked(postgres_url, names, 2)
        titles = [payload["title"] for _, payload in alerts.posts]
        assert len(titles) == len(PEOPLE), titles
        # Titles name people by surname: "Hrabouskaya: status changed: detained → sentenced …"
        said = Counter(p for t in titles for p in PEOPLE if t.startswith(p.split()[-1] + ":"))
        assert said == Counter(PEOPLE), titles
        assert all("detained → sentenced" in t for t in titles), titles
        # Politeness across workers: one worker at a time fetched from each
        # host (each holder said so in its log while it held the host's lock).
        turns = host_turns(cluster)
        assert set(turns) == {f"127.0.0.{2 + h}" for h in range(HOSTS)}
        assert not {host: t for host, t in turns.items() if overlapping(t)}, turns


def test_a_task_whose_child_fails_is_tried_again(
    workspace, postgres_url: str, redis_url: str, cluster: Cluster
) -> None:
    """A check's child that fails (here: the config file broken under a
    running worker) is tried again after a pause, not dropped; once the
    config is mended the retry checks each source once."""
    with Site("127.0.0.2") as site:
        sources = []
        for index in range(3):
            site.put(_path(index), PAGE.format(f"<p>Notice {index}.</p>"))
            sources.append((f"page {index}", site.url(_path(index))))
        path = _config(workspace, postgres_url, redis_url, sources, "127.0.0.1:9/alerts")
        good, config = path.read_text(), load_config(path)
        assert workspace.cli("db", "upgrade").returncode == 0
        cluster.start("worker", "worker", "--name", "w1")
        wait_for(lambda: "celery@w1 ready" in cluster.log("worker"), "the worker is ready")
        path.write_text("[database\n")  # the child reads the file anew, and fails
        tokens = {name: None for name, _ in sources}
        celery_app(config).send_task(CHECK, args=[tokens], queue=QUEUE)
        wait_for(
            lambda: "trying again" in cluster.log("worker"),
            "the worker says it will try the task again",
            explain=lambda: cluster.log("worker")[-2000:],
        )
        assert sum(checks_per_source(postgres_url).values()) == 0
        path.write_text(good)
        names = {name for name, _ in sources}
        wait_for(
            each_checked(postgres_url, names, 1),
            "the retry checks each source once",
            explain=lambda: cluster.log("worker")[-2000:],
        )
