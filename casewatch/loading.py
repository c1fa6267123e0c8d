"""Loading without the garbage collector (issue 9).

Importing a library makes many objects and next to no garbage: every 700
new objects set off a collection of the young ones, and now and then one of
everything loaded so far. At the start of a command, or while Scrapy loads,
these collections cost 0.03-0.07 s and find next to nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """The garbage collector off inside the block (as it was after).

    ``freeze``: what exists at the end is moved out of every later
    collection (``gc.freeze``), for what lives as long as the process
    (modules, the config). Never with objects that must be collected before
    the process ends: the interpreter's last collection is what closes the
    database engine's connections (SQLite's write-ahead log was left).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if collecting:
            gc.enable()
