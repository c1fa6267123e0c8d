"""Reading fetched pages in other processes, so that a cycle with many pages
to read uses every core.

Reading a page (:func:`casewatch.case.reading.read_page`) is pure CPU work,
about 8 ms for a 40 KB page: in the run's own process it holds the GIL, and
a first cycle of thousands of pages is bound to one core. So once a cycle has
:data:`START_AFTER` answers to read (of :data:`SMALLEST` bytes or more: a small
page is read sooner than sent), the next ones are read by a pool of
processes (one per core by default, ``[crawl] reading_processes``), while
the recorder thread writes the checks in the order the answers came
(casewatch.recorder). A small cycle never starts the pool: a handful of
changed pages is read sooner here than a pool starts.

The pool is a :class:`~concurrent.futures.ProcessPoolExecutor` of
processes forked from a fork server (or started afresh where there is none),
never forked from the run itself, whose reactor and recorder threads may hold
locks. Each process gets the people index once. What a reader logs is
logged by the run, under its settings (-q, --log-format). Ctrl-C reaches
the processes too and is left to the run; a process whose run died (even by
SIGKILL) exits. A page whose process dies is read again alone in a process of
its own; if that one dies too, the page is :class:`ReaderDied`: a failed
check, never a lost one.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import logging.handlers
import multiprocessing
import multiprocessing.connection
import os
import re
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casewatch.case.observation import Observation
from casewatch.failpoints import failpoint
from casewatch.text import plural

if TYPE_CHECKING:
    from casewatch.case.people import PeopleIndex

log = logging.getLogger(__name__)

# The answer to read from which a cycle reads in the pool (the ones before it
# are read in the run's own process). Starting the pool costs about 0.8 s of
# CPU (the fork server importing the readers, each process loading the
# Russian dictionary) and 75-90 MB. Measured on an idle 2-core machine with
# pages of 36-44 KB (about 8 ms each to read), the pool starting at the 64th:
# 100 pages took 5.05 s instead of 4.13 s read in the run, 200 pages 4.56 s
# instead of 6.91 s, 300 pages 5.81 s instead of 7.28 s; so a cycle's first
# 100 such pages are read here (docs/benchmarks.md "Cycle speed").
START_AFTER = 100
# Answers smaller than this are read in the run's own process and not counted:
# sending a page and its reading between processes costs about 1 ms of CPU,
# as much as reading 5 KB. 10,000 pages of 2-4 KB took 6% longer and 10% more
# CPU through the pool (docs/benchmarks.md "Cycle speed").
SMALLEST = 16_000  # bytes


@dataclass(frozen=True)
class ReadSettings:
    """How a source's page is read on the day of a check, besides the people
    index: for a fetched answer (:func:`read`) and for the stored text read
    again (:func:`read_again`) alike."""

    kind: str
    select: str | None
    ignore: tuple[re.Pattern[str], ...]
    today: dt.date  # the day of the check, in [alerts] timezone
    subject: str | None  # the source's one configured person


@dataclass(frozen=True)
class ReadTask:
    """What reading one answer needs besides the people index: the answer
    (FetchedPage fields) and its source's reading settings."""

    source: str
    body: bytes
    content_type: str | None
    encoding: str | None
    settings: ReadSettings


def read(task: ReadTask, people: PeopleIndex) -> Observation:
    """What ``task``'s page says (:func:`casewatch.case.reading.read_page`),
    in whatever process runs this. Raises
    :class:`~casewatch.case.reading.Unreadable` as read_page does."""
    # The readers load with the first page to read: an unchanged cycle has none.
    from casewatch.case.reading import read_page

    failpoint("reading", task.source)  # crash tests: a page that kills its reader
    how = task.settings
    return read_page(
        task.body,
        task.content_type,
        task.encoding,
        how.select,
        how.kind,
        how.ignore,
        people,
        today=how.today,
        subject=how.subject,
    )


def read_again(text: str, how: ReadSettings, people: PeopleIndex) -> Observation:
    """What a stored snapshot's ``text`` (the watched part already: ``select``
    was applied when it was fetched) says when read with ``how``, e.g. for
    people added to the config since (no refetch). Raises
    :class:`~casewatch.case.reading.Unreadable` as ``observe`` does."""
    from casewatch.case.reading import observe  # loaded with the first page read

    return observe(text, how.kind, how.ignore, people, today=how.today, subject=how.subject)


class ReaderDied(Exception):
    """The process reading a page died, and so did a second one reading it
    alone: a crash in a parser or an out-of-memory kill. The check fails."""


@dataclass(frozen=True)
class Reading:
    """A page being read in the pool."""

    task: ReadTask
    future: Future[Observation]


def processes_for(setting: int | None) -> int:
    """Reading processes for ``[crawl] reading_processes``: the setting, else
    one per core this process may use; 0 (also on one core) reads in the run's
    own process."""
    if setting is not None:
        return setting
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores if cores and cores > 1 else 0


class ReadingPool:
    """The reading processes of one cycle, started on its
    :data:`START_AFTER`-th answer to read. :meth:`submit` is called by the
    thread that receives the answers (the reactor's), :meth:`result` by the
    one that records them; :meth:`close` once both are done."""

    def __init__(self, people: Callable[[], PeopleIndex], processes: int) -> None:
        # The index is asked for when the pool starts: the run's own, built
        # on first use (an unchanged cycle never needs it).
        self.people, self.processes = people, processes
        self._answers = 0  # answers of SMALLEST bytes or more to read so far
        self._pool: ProcessPoolExecutor | None = None
        self._alone: ProcessPoolExecutor | None = None  # one process, for a suspect page
        self._logs: Any = None  # a multiprocessing queue of the readers' log records
        self._relay: _Relay | None = None
        self._failed = False  # processes cannot be started here: read in this one

    def submit(self, task: ReadTask) -> Reading | None:
        """``task`` being read in the pool, or None: the caller reads it (a
        small page, a small cycle so far, no pool wanted, or none can be
        started)."""
        if self.processes == 0 or len(task.body) < SMALLEST or self._failed:
            return None
        self._answers += 1
        if self._answers < START_AFTER:
            return None
        try:
            pool = self._executor()
            try:
                future = pool.submit(_read_here, task)
            except BrokenProcessPool:  # a process died since the last page: a fresh pool
                pool.shutdown(wait=False)
                self._pool = None
                future = self._executor().submit(_read_here, task)
        except OSError as error:  # no processes, pipes or semaphores to be had
            log.warning("cannot start processes to read pages (%s): reading them here", error)
            self._failed = True
            return None
        return Reading(task, future)

    def result(self, reading: Reading) -> Observation:
        """What the page says, once read (waits for it). Raises what the
        reader raised (:class:`~casewatch.case.reading.Unreadable`), or
        :class:`ReaderDied`."""
        try:
            return reading.future.result()
        except BrokenProcessPool:
            # Every page the pool had was lost with it, the one that killed it
            # among them: each is read again alone, to tell which.
            return self._read_alone(reading.task)

    def close(self) -> None:
        """Stops the processes (after the pages given to them are read) and
        the log relay."""
        for pool in (self._pool, self._alone):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._alone = None
        if self._relay is not None:
            self._relay.stop()
            self._relay = None

    def _read_alone(self, task: ReadTask) -> Observation:
        if self._alone is None:
            self._alone = self._start(1)
        try:
            return self._alone.submit(_read_here, task).result()
        except BrokenProcessPool:
            self._alone = None
            raise ReaderDied(
                "the process reading the page died (a crash or out of memory), twice"
            ) from None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            processes = plural(self.processes, "process", "processes")
            log.info("reading pages in %s from page %d on", processes, self._answers)
            self._pool = self._start(self.processes)
        return self._pool

    def _start(self, processes: int) -> ProcessPoolExecutor:
        context = _context()
        if self._logs is None:
            self._logs = context.Queue()
            self._relay = _Relay(self._logs)
            self._relay.start()
        return ProcessPoolExecutor(
            processes,
            mp_context=context,
            initializer=_start_reader,
            initargs=(self.people(), self._logs, logging.getLogger().getEffectiveLevel()),
        )


def _context() -> multiprocessing.context.BaseContext:
    """Fork server where there is one: its processes share the readers'
    imported code, and none is forked from a process with threads."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # "__main__" first, as by default: its processes then skip re-running
    # the casewatch script each; the readers, which this module loads only
    # when a page is read, so that its processes share their code.
    context.set_forkserver_preload(["__main__", __name__, "casewatch.case.reading"])
    return context


class _Relay(logging.handlers.QueueListener):
    """Logs the readers' records in the run, through the logger they were
    sent to (so the run's level, filters and format apply)."""

    def handle(self, record: logging.LogRecord) -> None:
        logging.getLogger(record.name).handle(record)


class _ToRun(logging.handlers.QueueHandler):
    """Sends a reader's records to the run, the traceback as text."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        record = copy.copy(record)
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
        return record


_people: PeopleIndex | None = None  # in a reading process: the run's index


def _start_reader(people: PeopleIndex, records: Any, level: int) -> None:
    """Sets up a reading process (the pool's initializer)."""
    global _people
    _people = people
    # Ctrl-C reaches the whole process group: the run decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    root = logging.getLogger()
    root.handlers = [_ToRun(records)]
    root.setLevel(level)
    parent = multiprocessing.parent_process()
    if parent is not None:  # the pool never stops a process whose run was killed
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _read_here(task: ReadTask) -> Observation:
    assert _people is not None, "a reading process is set up by _start_reader"
    return read(task, _people)
