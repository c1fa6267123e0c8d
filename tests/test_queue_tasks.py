"""How the scheduler cuts due sources into tasks (casewatch/queue/scheduler.py):
every source once, hosts kept whole unless larger than a task."""

from __future__ import annotations

from collections import Counter

from casewatch.queue.check import host_of
from casewatch.queue.scheduler import pack


def _due(sizes: dict[str, int]) -> dict[str, dict[str, str | None]]:
    return {host: {f"{host}/{i}": None for i in range(n)} for host, n in sizes.items()}


def _hosts(task: dict[str, str | None]) -> set[str]:
    return {name.split("/")[0] for name in task}


def test_small_hosts_share_a_task_and_are_never_split() -> None:
    tasks = pack(_due({"a": 30, "b": 30, "c": 30, "d": 5}), batch=100)
    assert len(tasks) == 1 and _hosts(tasks[0]) == {"a", "b", "c", "d"}
    tasks = pack(_due({"a": 30, "b": 30, "c": 30, "d": 30}), batch=60)
    assert len(tasks) == 2
    assert sorted(len(_hosts(t)) for t in tasks) == [2, 2]  # no host in two tasks
    assert not _hosts(tasks[0]) & _hosts(tasks[1])


def test_a_host_larger_than_a_task_is_cut_and_every_source_goes_once() -> None:
    due = _due({"big": 250, "small": 10})
    tasks = pack(due, batch=100)
    assert len(tasks) == 3
    assert all(len(t) <= 100 for t in tasks)
    assert Counter(name for t in tasks for name in t) == Counter(
        name for sources in due.values() for name in sources
    )


def test_nothing_due_makes_no_task() -> None:
    assert pack({}, batch=100) == []


def test_hosts_are_named_as_scrapy_slots_name_them() -> None:
    assert host_of("https://WWW.Example.org:8443/a?b") == "www.example.org"
    assert host_of("http://127.0.0.3:8000/case/1.html") == "127.0.0.3"
