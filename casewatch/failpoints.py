"""Crash and pause hooks for tests, at named points.

``failpoint("before_send")`` does nothing unless the environment says so:

- ``CASEWATCH_FAILPOINT=before_send``: the process dies by SIGKILL on the
  spot (no cleanup, no ``finally``), as in a power cut or an OOM kill. The
  crash-recovery tests use it to prove nothing is lost or silently repeated.
- ``CASEWATCH_PAUSE_AT=before_send:/some/path``: the process creates
  ``/some/path.reached`` and waits until ``/some/path.go`` exists, so that a
  test can act while it is held there (a second run meeting the lock)
  without guessing how long anything takes.

A point reached once per source also answers to ``point/source``:
``CASEWATCH_FAILPOINT=reading/case-7`` kills only the process reading that
source's page.

Points: ``after_record`` (events committed, before delivery),
``before_send`` (alert claimed, before the send), ``after_send`` (sent,
before the result is committed), ``reading`` (a page about to be read,
in whichever process reads it: casewatch.reading_pool) and ``url_check``
(the child checking the channel URLs, before it loads Apprise:
casewatch.alerts.urlcheck).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

ENV_VARIABLE = "CASEWATCH_FAILPOINT"
PAUSE_VARIABLE = "CASEWATCH_PAUSE_AT"


def failpoint(name: str, source: str | None = None) -> None:
    names = {name} if source is None else {name, f"{name}/{source}"}
    if os.environ.get(ENV_VARIABLE) in names:
        os.kill(os.getpid(), signal.SIGKILL)
    point, _, flag = os.environ.get(PAUSE_VARIABLE, "").partition(":")
    if point in names and flag:
        Path(f"{flag}.reached").touch()
        while not Path(f"{flag}.go").exists():
            time.sleep(0.01)
