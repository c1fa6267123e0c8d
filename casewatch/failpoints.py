"""Crash and pause hooks for tests, at named points.

``failpoint("before_send")`` does nothing unless the environment says so:

- ``CASEWATCH_FAILPOINT=before_send``: the process dies by SIGKILL on the
  spot (no cleanup, no ``finally``), as in a power cut or an OOM kill. The
  crash-recovery tests use it to prove nothing is lost or silently repeated.
- ``CASEWATCH_PAUSE_AT=before_send:/some/path``: the process creates
  ``/some/path.reached`` and waits until ``/some/path.go`` exists, so that a
  test can act while it is held there (a second run meeting the lock)
  without guessing how long anything takes.

Points: ``after_record`` (events committed, before delivery),
``before_send`` (alert claimed, before the send) and ``after_send`` (sent,
before the result is committed).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

ENV_VARIABLE = "CASEWATCH_FAILPOINT"
PAUSE_VARIABLE = "CASEWATCH_PAUSE_AT"


def failpoint(name: str) -> None:
    if os.environ.get(ENV_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)
    point, _, flag = os.environ.get(PAUSE_VARIABLE, "").partition(":")
    if point == name and flag:
        Path(f"{flag}.reached").touch()
        while not Path(f"{flag}.go").exists():
            time.sleep(0.01)
