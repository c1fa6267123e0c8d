"""When a source is due: its interval after a check, sooner after a failure.

Light on imports: ``casewatch sources`` and ``status`` show it without
loading the crawler.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol

from casewatch.case.availability import retry_wait
from casewatch.config import Config, Settings, SourceConfig


class CheckTimes(Protocol):
    """What a due time is computed from: a ``sources`` row, or a row of
    these columns."""

    @property
    def last_checked_at(self) -> dt.datetime | None: ...
    @property
    def consecutive_failures(self) -> int: ...
    @property
    def not_before(self) -> dt.datetime | None: ...


def wait_after(settings: Settings, source: SourceConfig, failures: int) -> dt.timedelta:
    """How long after its last check ``source`` is due: its interval, or
    after ``failures`` failed checks in a row the retry backoff
    (:func:`casewatch.case.availability.retry_wait`)."""
    return retry_wait(settings.interval(source), failures)


def next_due_at(
    settings: Settings, source: SourceConfig, row: CheckTimes | None
) -> dt.datetime | None:
    """When ``source`` is next checked by a plain ``run``: its interval after
    the last check, or its retry backoff after a failed one, and never before
    a server's Retry-After; None if it has never been checked (due now)."""
    if row is None or row.last_checked_at is None:
        return None
    due = row.last_checked_at + wait_after(settings, source, row.consecutive_failures)
    return max(due, row.not_before) if row.not_before else due


def next_check(config: Config, known: Mapping[str, CheckTimes]) -> tuple[dt.datetime, str] | None:
    """The soonest :func:`next_due_at` of the configured sources, and that
    source's name (the first in config order on a tie); None if there is no
    source, or one was never checked (it is due now)."""
    soonest: tuple[dt.datetime, str] | None = None
    for source in config.settings.sources:
        due = next_due_at(config.settings, source, known.get(source.name))
        if due is None:
            return None
        if soonest is None or due < soonest[0]:
            soonest = (due, source.name)
    return soonest


def postponed(
    config: Config, known: Mapping[str, CheckTimes], now: dt.datetime, only: Sequence[str] = ()
) -> dict[str, dt.datetime]:
    """The configured sources (of ``only``, if any are named) whose server
    asked, with a ``Retry-After`` too long to wait within the check (RFC 9110
    §10.2.3; casewatch.spiders.politeness), not to be asked again before a
    time still to come: name → that time (UTC). SPEC §5: such a source's
    next check is then, "and no earlier", whatever the run was asked for."""
    held = {}
    for source in config.settings.sources:
        row = known.get(source.name)
        until = row.not_before if row is not None else None
        if until is not None and now < until and (not only or source.name in only):
            held[source.name] = until
    return held


def due_sources(
    config: Config,
    known: Mapping[str, CheckTimes],
    now: dt.datetime,
    only: Sequence[str] = (),
    everything: bool = False,
) -> list[SourceConfig]:
    """Sources whose interval (or retry backoff, after a failure) has passed;
    a little early is fine: a cron job every hour must not skip a 1h source
    because the last check ended late. ``everything`` (``run --all``) or
    ``only`` (``--source``) choose sources whatever their interval, but never
    one :func:`postponed` (its server asked for time)."""
    settings = config.settings
    held = postponed(config, known, now, only)
    chosen = [s for s in settings.sources if (not only or s.name in only) and s.name not in held]
    if everything or only:
        return chosen
    due = []
    for source in chosen:
        row = known.get(source.name)
        when = next_due_at(settings, source, row)
        if when is None or row is None or row.last_checked_at is None:
            due.append(source)
            continue
        slack = min((when - row.last_checked_at) * 0.05, dt.timedelta(minutes=5))
        if now >= when - slack:
            due.append(source)
    return due
