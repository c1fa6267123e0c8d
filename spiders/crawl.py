"""Running one Scrapy crawl over the due sources.

Twisted's reactor cannot be restarted in one process, so a process crawls at
most once: ``casewatch run`` is that process, and the daemon and the demo
start one per cycle.

The reactor thread only fetches. Each answer goes on a bounded queue that one
recorder thread drains (reading the page and writing the database are CPU and
I/O work that would stall every other download). The bound keeps memory flat
however many sources are crawled: when the recorder falls behind, the spider
waits for it. As an answer arrives, the recorder may start reading it in
another process (``read_ahead``): pages wait on the queue being read while
the recorder thread writes the ones before them, in order.
"""

from __future__ import annotations

import logging
import queue
import signal
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

from casewatch.config.schema import CrawlConfig
from casewatch.errors import Interrupted
from casewatch.loading import collector_paused
from casewatch.spiders.items import FetchedPage, FetchTarget

if TYPE_CHECKING:
    from scrapy.crawler import CrawlerProcess

log = logging.getLogger(__name__)

QUEUE_SIZE = 16  # fetched pages waiting to be recorded, at most
_DONE = None  # put on the queue after the crawl: the recorder thread ends


class PageRecorder(Protocol):
    def read_ahead(self, page: FetchedPage) -> object: ...

    def record_group(self, pages: list[tuple[FetchedPage, Any]]) -> None:
        """Record these pages (with what read_ahead gave for each); a page
        that cannot be recorded must not stop the others."""


def crawl(
    targets: Iterable[FetchTarget], crawl_config: CrawlConfig, recorder: PageRecorder
) -> None:
    """Fetch every target once; each result is recorded, in a thread of its
    own, as it arrives. Returns when the crawl is over and all is recorded.

    Raises :class:`~casewatch.errors.Interrupted` when SIGINT or SIGTERM
    stopped the crawl (:func:`_start`): the pages that had arrived are
    recorded first; the fetches in flight are dropped."""
    targets = list(targets)
    if not targets:
        return
    pages: queue.Queue[tuple[FetchedPage, object] | None] = queue.Queue(maxsize=QUEUE_SIZE)
    process = _set_up(
        targets, crawl_config, sink=lambda page: pages.put((page, recorder.read_ahead(page)))
    )
    worker = threading.Thread(
        target=_record_each, args=(pages, recorder), name="casewatch-recorder", daemon=True
    )
    worker.start()
    try:
        stopped_by = _start(process)
    finally:
        pages.put(_DONE)
        worker.join()
    if stopped_by is not None:
        raise Interrupted(stopped_by)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _start(process: CrawlerProcess) -> int | None:
    """Run the crawl to its end, or until SIGINT or SIGTERM: then the number
    of that signal.

    Scrapy's own handlers stop a crawl gracefully: no new requests, but the
    reactor's "before shutdown" trigger (``CrawlerProcess._stop_dfd``) waits
    for the requests in flight, up to ``[crawl] timeout`` (a slow page kept
    Ctrl-C waiting 30 s), and a check ended so is recorded as a failure of its
    site. Ours stop the reactor at once with ``reactor.crash()``, which fires
    no shutdown triggers (Twisted's IReactorCore): the fetches in flight are
    dropped with the process. While the crawl runs a second signal does
    nothing more; after it, the handlers that were there before are back
    (Python's: Ctrl-C raises KeyboardInterrupt).

    Returns None when the crawl ended by itself."""
    from twisted.internet import reactor

    caught: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        if not caught:
            caught.append(signum)
            # From a signal handler: the reactor's own thread-safe way in.
            reactor.callFromThread(reactor.crash)  # type: ignore[attr-defined]

    # Only the main thread may set signal handlers (a crawl in another thread
    # leaves them as they are).
    main = threading.current_thread() is threading.main_thread()
    before = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS if main}
    try:
        process.start(install_signal_handlers=False)
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
    if caught:
        # The shutdown triggers that did not fire would have stopped the
        # reactor's thread pool (DNS lookups), whose threads keep a process
        # from exiting.
        reactor.getThreadPool().stop()  # type: ignore[attr-defined]
    return caught[0] if caught else None


def _set_up(
    targets: list[FetchTarget], crawl_config: CrawlConfig, sink: Callable[[FetchedPage], None]
) -> CrawlerProcess:
    """Scrapy imported and the crawl set up (its engine, download handlers,
    middlewares and spider), ready to start.

    What this imports and builds lives as long as the process (the reactor
    runs once per process), so the garbage collector is off while it is
    made: Scrapy's imports set off a full collection of all that is loaded
    (40-60 ms, finding a few hundred objects) and a few young ones, where
    the first collection after looks through the new objects once (30 ms).
    (Freezing them too would spare that and the interpreter's last
    collection at exit, 0.1 s, but that last one is what closes the
    database engine's connections: SQLite's write-ahead log, 4 MB, was left.)"""
    # Scrapy and Twisted take a second to import: a run with nothing due
    # (cron every 15 minutes) never pays for them.
    with collector_paused():
        from scrapy.crawler import CrawlerProcess

        from casewatch.spiders.scrapy_tls_import import import_tls_modules
        from casewatch.spiders.settings import crawl_settings
        from casewatch.spiders.sources import SourcesSpider
        from casewatch.spiders.suffixes import use_bundled_suffix_list

        import_tls_modules()
        use_bundled_suffix_list()  # cookies: no Public Suffix List download
        process = CrawlerProcess(crawl_settings(crawl_config))
        process.crawl(SourcesSpider, targets=targets, sink=sink)
        return process


def _record_each(
    pages: queue.Queue[tuple[FetchedPage, object] | None], recorder: PageRecorder
) -> None:
    # The pages waiting on the queue are recorded together, in one
    # transaction (the recorder's group commit): the queue fills exactly when
    # the recorder falls behind. This thread alone takes from the queue.
    done = False
    while not done:
        waiting = [pages.get()]
        # At most a full queue: pages keep arriving while these are taken.
        while len(waiting) < QUEUE_SIZE and not pages.empty():
            waiting.append(pages.get_nowait())
        done = waiting[-1] is _DONE
        group = [item for item in waiting if item is not _DONE]
        try:
            recorder.record_group(group)
        except Exception:
            # The recorder lists a source whose check failed; anything else
            # is a bug, and the crawl must not wait on a dead thread.
            log.exception("could not record %d checks", len(group))
