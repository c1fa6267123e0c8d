"""What a cycle tells whoever watches it: how many sources, and each one done.

``casewatch run`` on a terminal shows a progress bar (rich); in cron (not a
terminal) nothing is shown, since a cron job mails its output.
"""

from __future__ import annotations

import sys
from typing import Any, Protocol


class CycleProgress(Protocol):
    def start(self, total: int) -> None:
        """The cycle checks ``total`` sources."""

    def checked(self, source: str) -> None:
        """One source's check is recorded."""


class Silent:
    """No progress shown (cron, -q, or output to a file)."""

    def start(self, total: int) -> None:
        pass

    def checked(self, source: str) -> None:
        pass

    def stop(self) -> None:
        pass


class Bar:
    """A progress bar on stderr, gone when the cycle ends."""

    def __init__(self) -> None:
        from rich.console import Console  # a terminal only: cron never loads rich
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn("checking sources"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
        self._task: Any = None

    def start(self, total: int) -> None:
        if total:
            self._progress.start()
            self._task = self._progress.add_task("", total=total)

    def checked(self, source: str) -> None:
        if self._task is not None:
            self._progress.update(self._task, advance=1, description=source)

    def stop(self) -> None:
        self._progress.stop()


def for_terminal(quiet: bool) -> Bar | Silent:
    """A bar when stderr is a terminal and -q was not given, else silence."""
    return Bar() if sys.stderr.isatty() and not quiet else Silent()


class Reporting:
    """The recorder, telling ``progress`` after each group of pages it
    records (the crawl calls ``record_group``; everything else is the
    recorder's)."""

    def __init__(self, recorder: Any, progress: CycleProgress) -> None:
        self._recorder, self._progress = recorder, progress

    def record_group(self, pages: list[tuple[Any, Any]]) -> None:
        try:
            self._recorder.record_group(pages)
        finally:
            for page, _reading in pages:
                self._progress.checked(page.source)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._recorder, name)
