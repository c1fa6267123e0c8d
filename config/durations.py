"""Durations as people write them in the config: "30s", "15m", "6h", "7d", "1w", "1d12h"."""

from __future__ import annotations

import datetime as dt
import re

_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
_PART = re.compile(r"(\d+)([wdhms])")
LONGEST = dt.timedelta(days=3653)
_LABEL_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def parse_duration(value: str | int | dt.timedelta) -> dt.timedelta:
    """Read "30s", "30m", "12h", "7d", "1w" or a sum such as "1d12h"
    (a bare TOML integer is seconds)."""
    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return dt.timedelta(seconds=value)
    compact = value.strip().lower() if isinstance(value, str) else ""
    parts = _PART.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        raise ValueError(
            f"invalid duration {value!r}: use a number and a unit, e.g. "
            '"30s", "30m", "12h", "7d" or "1w"'
        )
    try:
        total = sum((dt.timedelta(**{_UNITS[unit]: int(n)}) for n, unit in parts), dt.timedelta())
    except OverflowError:
        total = LONGEST + LONGEST
    if total > LONGEST:
        raise ValueError(f"duration {value!r} is longer than ten years")
    return total


def format_duration(delta: dt.timedelta) -> str:
    """The canonical spelling: 7d, 12h, 1d12h (a week is "7d")."""
    seconds, parts = int(delta.total_seconds()), []
    for unit, size in _LABEL_UNITS:
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"
