"""Checking channel URLs with Apprise in a child process, while the command
goes on (issue 9).

Apprise is slow to start: ``import apprise`` and its first URL, which loads
every one of its ~190 plugins, cost about 0.3 s, as long as the rest of a
``casewatch run`` with nothing due. A command that sends checks its channel
URLs before it does anything (SPEC §2: a bad URL is exit 2); with
:meth:`UrlCheck.start` a forked child does that check while this process
validates the config and opens the database, and :meth:`UrlCheck.valid`
collects its answer.

The child inherits the URLs (nothing is sent to it) and answers one byte per
URL on a pipe. It never touches the database (none is open when it is
forked), logging (it is disabled) or the terminal (its stdout and stderr are
/dev/null), and leaves with ``os._exit``: nothing of this process is flushed
or cleaned up twice. Without an answer (no ``fork``, a process with threads,
a child that failed, died or took too long) the URL is checked here, so the
verdict is always Apprise's own. :meth:`UrlCheck.close` (the end of a
``with`` block) kills the child if it still runs and reaps it, whatever
happened in between (Ctrl-C included): it leaves no zombie.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import threading
import time
from collections.abc import Iterable
from types import TracebackType
from typing import NoReturn

from casewatch.failpoints import failpoint

INVALID_URL = "not a valid Apprise URL (unknown service or missing fields)"

# The longest wait for the child's answer: it takes 0.3 s; past this the
# URLs are checked here instead.
ANSWER_TIMEOUT = 30.0

log = logging.getLogger(__name__)


class UrlCheck:
    """Whether Apprise can use each of some channel URLs."""

    def __init__(self, urls: Iterable[str] = ()) -> None:
        self.urls = tuple(dict.fromkeys(urls))
        self._pid: int | None = None  # the child, until reaped
        self._answers: int | None = None  # the read end of its pipe
        self._verdict: dict[str, bool] | None = None  # None: not collected yet

    @classmethod
    def start(cls, urls: Iterable[str]) -> UrlCheck:
        """Start checking ``urls`` in a forked child, where this process can
        fork safely (it has ``os.fork`` and a single thread); else they are
        checked when :meth:`valid` asks."""
        check = cls(urls)
        if check.urls and hasattr(os, "fork") and threading.active_count() == 1:
            check._fork()
        return check

    def valid(self, url: str) -> bool:
        """Whether Apprise knows ``url``'s service and finds every field it
        needs: the child's answer (waited for), else Apprise asked here."""
        if self._verdict is None:
            self._verdict = dict(zip(self.urls, self._collect(), strict=False))
        if url in self._verdict:
            return self._verdict[url]
        from casewatch.alerts.sender import is_valid_url

        return is_valid_url(url)

    def close(self) -> None:
        """Kill the child if it still runs and reap it (idempotent)."""
        if self._answers is not None:
            os.close(self._answers)
            self._answers = None
        if self._pid is not None:
            # Until reaped, the pid is the child's, even if it has ended
            # (unless something else reaped it: then there is nothing to do).
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            self._pid = None

    def __enter__(self) -> UrlCheck:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _fork(self) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory: check here
            os.close(read)
            os.close(write)
            return
        if pid == 0:
            os.close(read)
            _answer(self.urls, write)
        os.close(write)
        self._pid, self._answers = pid, read

    def _collect(self) -> list[bool]:
        """The child's answer, one per URL; empty if it gave none (no child,
        it failed or died, or took longer than ``ANSWER_TIMEOUT``)."""
        if self._answers is None:
            return []
        try:
            answer = _read_all(self._answers, time.monotonic() + ANSWER_TIMEOUT)
        finally:
            self.close()
        if len(answer) != len(self.urls) or not set(answer) <= {0, 1}:
            log.debug("the child checking the channel URLs gave no answer: checking them here")
            return []
        return [byte == 1 for byte in answer]


def _read_all(fd: int, deadline: float) -> bytes:
    """What ``fd`` gives until its end, or nothing if that takes past ``deadline``."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return b""
        chunk = os.read(fd, 4096)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _answer(urls: tuple[str, ...], fd: int) -> NoReturn:
    """The child: check ``urls``, write one byte each (1 valid, 0 not) to
    ``fd`` and leave, whatever happens (an error or Ctrl-C: no answer)."""
    code = 1
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        logging.disable(logging.CRITICAL)
        failpoint("url_check")
        from casewatch.alerts.sender import is_valid_url

        answer = bytes(is_valid_url(url) for url in urls)
        while answer:
            answer = answer[os.write(fd, answer) :]
        code = 0
    finally:
        os._exit(code)
