"""The picture of a person's status over time: bands of colour on a time axis.

Geometry only; ``templates/_timeline.svg.j2`` draws it (escaped like any page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from casewatch.case.facts import describe_status

WIDTH = 720  # SVG user units
BAND_Y, BAND_HEIGHT = 8, 28


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    status: str  # the CSS class picks its colour
    label: str  # e.g. "sentenced (11 years)"
    since: dt.datetime
    source: str | None


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Picture:
    width: int
    bands: list[Band]
    ticks: list[Tick]


def picture(
    steps: list[tuple[dt.datetime, dict[str, Any]]], now: dt.datetime, tz: dt.tzinfo
) -> Picture | None:
    """Bands from each change of status to the next (the last one to ``now``);
    None when no source has said anything of the person yet."""
    changes: list[tuple[dt.datetime, dict[str, Any]]] = []
    for at, case in steps:
        said = (case["status"], case["status_detail"])
        if not changes or (changes[-1][1]["status"], changes[-1][1]["status_detail"]) != said:
            changes.append((at, case))
    if not changes:
        return None
    start = changes[0][0]
    span = max((now - start).total_seconds(), 1.0)

    def x(moment: dt.datetime) -> float:
        return round((moment - start).total_seconds() / span * WIDTH, 1)

    ends = [at for at, _ in changes[1:]] + [now]
    bands = [
        Band(
            x=x(at),
            width=max(x(end) - x(at), 2.0),  # a change minutes old is still seen
            status=case["status"],
            label=describe_status(case["status"], case["status_detail"]),
            since=at,
            source=case["status_source"],
        )
        for (at, case), end in zip(changes, ends, strict=True)
    ]
    first, last = start.astimezone(tz), now.astimezone(tz)
    shape = "%Y-%m-%d" if now - start > dt.timedelta(days=2) else "%Y-%m-%d %H:%M"
    ticks = [Tick(0, first.strftime(shape)), Tick(WIDTH, last.strftime(shape))]
    return Picture(WIDTH, bands, ticks)
