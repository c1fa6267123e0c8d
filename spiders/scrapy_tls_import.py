"""Importing Scrapy's TLS modules without walking the whole stack.

Scrapy's HTTP download handler imports ``scrapy.core.downloader.tls`` and
``.contextfactory``, which make three classes under old names with
``scrapy.utils.deprecate.create_deprecated_class``. To set each one's
``__module__`` to the module calling it, that function takes
``inspect.stack()``: the source file, lines and module of every frame on the
stack (40 or more in ``casewatch run``, a third of them the import
machinery's, whose files are no module's), and the first search maps the
file of every loaded module (about 1,100, through ``os.path.realpath``).
That was 0.10-0.12 s of the crawl's set-up, before the first request
(Scrapy 2.19, docs/benchmarks.md "Cycle speed"), for a name the calling
frame's globals hold.

:func:`import_tls_modules` imports them first, with ``scrapy.utils.deprecate``
seeing :class:`_CallerOnly` as its ``inspect``: the same classes, with the
same ``__module__``, in under a millisecond.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from types import FrameType, ModuleType
from typing import Any

# Scrapy's modules that call create_deprecated_class as they load (2.19);
# contextfactory imports tls.
TLS_MODULES = ("scrapy.core.downloader.tls", "scrapy.core.downloader.contextfactory")


class _CallerOnly:
    """``inspect`` for create_deprecated_class: ``stack()[1][0]`` is the frame
    of its caller, and ``getmodule`` of a frame is the module its globals
    name. Anything else is the real ``inspect``'s."""

    @staticmethod
    def stack(context: int = 1) -> list[tuple[FrameType | None]]:
        # Frame 0 is this function, 1 create_deprecated_class, 2 its caller.
        return [(None,), (sys._getframe(2),)]

    @staticmethod
    def getmodule(frame: FrameType) -> ModuleType | None:
        return sys.modules.get(frame.f_globals.get("__name__", ""))

    def __getattr__(self, name: str) -> Any:
        return getattr(inspect, name)


def import_tls_modules() -> None:
    """Import :data:`TLS_MODULES` (once per process; later calls do nothing)."""
    if all(name in sys.modules for name in TLS_MODULES):
        return
    from scrapy.utils import deprecate

    deprecate.inspect = _CallerOnly()  # type: ignore[assignment]
    try:
        for name in TLS_MODULES:
            importlib.import_module(name)
    finally:
        deprecate.inspect = inspect
