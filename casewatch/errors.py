"""Errors the user can act on: the CLI prints their message, no traceback,
and exits with their code."""

from __future__ import annotations

import signal


class CasewatchError(Exception):
    exit_code = 2  # usage or config error (SPEC §2)


class UsageError(CasewatchError):
    """A command-line mistake the user can fix."""


class Interrupted(Exception):
    """A signal (SIGINT: Ctrl-C; SIGTERM: ``systemctl stop``, ``kill``)
    stopped a cycle's crawl. The checks recorded before it stay on record;
    the checks in flight are not recorded at all, since an interrupted check
    says nothing about its site (it must not count towards
    ``failures_before_alert``). ``recorded``: the sources whose checks are
    on record (set by the cycle)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.recorded: list[str] = []
        super().__init__(f"interrupted by {self.signal_name}")

    @property
    def signal_name(self) -> str:
        """ "SIGINT", "SIGTERM"."""
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as a shell reports a process the
        signal ended (130 for SIGINT, 143 for SIGTERM); SPEC §2's codes of
        `run` (0, 1, 2, 75) are for a cycle that was not interrupted."""
        return 128 + self.signum
