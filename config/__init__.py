"""Configuration: the one reader of ``casewatch.toml``."""

from casewatch.config.loader import Config, ConfigError, find_config, load_config
from casewatch.config.schema import (
    EVENT_KINDS,
    ChannelConfig,
    PersonConfig,
    Settings,
    SourceConfig,
)

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
]
