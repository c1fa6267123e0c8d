"""Configuration: the one reader of ``casewatch.toml``.

Reading the file (:mod:`casewatch.config.reading`) loads here at once;
validating it (the loader and the schema: pydantic and SQLAlchemy, 0.2 s)
when first asked for, so that a command that sends can check its channel
URLs in a child while they load (``casewatch.cli.common.open_app``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from casewatch.config.reading import ConfigError, find_config, read_config

if TYPE_CHECKING:
    from casewatch.config.loader import Config, load_config
    from casewatch.config.schema import (
        EVENT_KINDS,
        ChannelConfig,
        PersonConfig,
        Settings,
        SourceConfig,
    )

_LAZY = {
    "Config": "loader",
    "load_config": "loader",
    "EVENT_KINDS": "schema",
    "ChannelConfig": "schema",
    "PersonConfig": "schema",
    "Settings": "schema",
    "SourceConfig": "schema",
}

__all__ = [
    "EVENT_KINDS",
    "ChannelConfig",
    "Config",
    "ConfigError",
    "PersonConfig",
    "Settings",
    "SourceConfig",
    "find_config",
    "load_config",
    "read_config",
]


def __getattr__(name: str) -> Any:
    """The names of the loader and the schema, imported when first used.

    Raises:
        AttributeError: ``name`` is none of this package's.
    """
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
