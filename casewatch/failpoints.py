"""Crash hooks for tests: kill the process at a named point.

``failpoint("before_send")`` does nothing unless the environment variable
``CASEWATCH_FAILPOINT`` equals ``"before_send"``; then the process dies by
SIGKILL on the spot (no cleanup, no ``finally``), as in a power cut or an
OOM kill. The crash-recovery tests use it to prove nothing is lost or
silently repeated. Points: ``after_record`` (events committed, before
delivery), ``before_send`` (alert claimed, before the send) and
``after_send`` (sent, before the result is committed).
"""

from __future__ import annotations

import os
import signal

ENV_VARIABLE = "CASEWATCH_FAILPOINT"


def failpoint(name: str) -> None:
    if os.environ.get(ENV_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)
