"""``casewatch alerts test``, ``pending``, ``retry`` and ``dismiss``."""

from __future__ import annotations

import argparse
import datetime as dt
import zoneinfo
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from casewatch.cli.common import open_app
from casewatch.cli.output import Column, print_table
from casewatch.db import queries
from casewatch.db.tables import HELD, utcnow
from casewatch.errors import UsageError
from casewatch.logs import to_stderr
from casewatch.text import local_minutes, plural

if TYPE_CHECKING:  # `alerts pending` reads with Core; retry and dismiss load the ORM
    from sqlalchemy.orm import Session


def cmd_test(args: argparse.Namespace) -> int:
    # Apprise (its whole plugin registry) loads only for the command that sends.
    from casewatch.alerts.message import EventView
    from casewatch.alerts.sender import message_format, send

    app = open_app(args, sends=True)
    channels = app.config.settings.channels
    unknown = sorted(set(args.channel) - {c.name for c in channels})
    if unknown:
        raise UsageError(f"no channel named {', '.join(map(repr, unknown))}")
    chosen = [c for c in channels if not args.channel or c.name in args.channel]
    if not chosen:
        raise UsageError(f"no [[channels]] in {app.config.path}")
    view = EventView(
        id=0,
        kind="test",
        occurred_at=utcnow(),
        source="casewatch",
        url="",
        person=None,
        summary="test alert: this channel works",
        details={},
        diff=None,
    )
    failures = 0
    for channel in chosen:
        message = app.renderer.render(
            view, message_format(channel.url), app.config.settings.alerts.timezone
        )
        error = send(channel.url, message)
        failures += error is not None
        verdict = "delivered" if error is None else f"FAILED: {app.config.redact(error)}"
        print(f"{channel.name}: {verdict}")
    return 1 if failures else 0


def cmd_retry(args: argparse.Namespace) -> int:
    from casewatch.alerts.outbox import requeue

    return _settle_dead(args, requeue, "requeued")


def cmd_dismiss(args: argparse.Namespace) -> int:
    from casewatch.alerts.outbox import dismiss

    return _settle_dead(args, dismiss, "dismissed")


def _settle_dead(
    args: argparse.Namespace,
    action: Callable[[Session, Sequence[int]], list[int]],
    done: str,
) -> int:
    from casewatch.db.models import Alert

    app = open_app(args)
    with app.sessions.begin() as session:
        changed = action(session, args.alert_ids)
        others = {
            alert_id: alert.status if alert else None
            for alert_id in sorted(set(args.alert_ids) - set(changed))
            for alert in [session.get(Alert, alert_id)]
        }
    if changed or not args.alert_ids:
        listed = f": {', '.join(map(str, changed))}" if changed else ""
        print(f"{done} {plural(len(changed), 'dead alert')}{listed}")
    problems = [_why_not(alert_id, status) for alert_id, status in others.items()]
    for problem in problems[:-1]:
        to_stderr(f"casewatch: error: {problem}")
    if problems:
        raise UsageError(problems[-1])
    return 0


def _why_not(alert_id: int, status: str | None) -> str:
    """Why an alert named on the command line is not dead, in words."""
    if status is None:
        return f"no alert {alert_id} (see `casewatch alerts pending` for ids)"
    if status == "delivered":
        return f"alert {alert_id} was delivered already"
    if status == "dismissed":
        return f"alert {alert_id} was dismissed"
    return f"alert {alert_id} is {_status(status, False)}, not dead: {_NEXT[status]}"


# What a plain `run` does next with an alert in each state (the daemon's
# cycles wait for the backoff time shown).
_NEXT = {
    "pending": "the next run sends it",
    "sending": "the next run sends it again, marked as a possible repeat",
    HELD: "it goes out with its channel's digest",
    "dead": "never: `alerts retry` or `alerts dismiss` it",
}


def cmd_pending(args: argparse.Namespace) -> int:
    app = open_app(args)
    tz = zoneinfo.ZoneInfo(app.config.settings.alerts.timezone)
    with app.reading() as connection:
        rows = [
            (
                a.id,
                _status(a.status, a.possible_repeat),
                a.channel,
                a.kind,
                a.person or a.source or "",
                a.attempts,
                _next(a.status, a.next_attempt_at, tz),
                app.config.redact(a.last_error or ""),
            )
            for a in queries.alerts_not_delivered(connection)
        ]
    print_table(
        rows,
        (
            Column("alert"),
            Column("status"),
            Column("channel"),
            Column("event"),
            Column("about", drop=1),
            Column("attempts", drop=2),
            Column("next", whole=True, short=_for_run),
            Column("last error", least=20, lines=2),
        ),
        empty="no undelivered alerts",
        note=f"times in {tz.key}",
    )
    return 0


def _next(status: str, at: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    """What happens next to an alert: a plain run sends pending ones at once,
    the daemon after their backoff; digests go at their hour."""
    when = local_minutes(at, tz)
    if status == HELD:
        return f"digest at {when}"
    if status in ("pending", "sending"):
        return f"next run (daemon: {when})"
    return _NEXT.get(status, "")


def _for_run(shown: str) -> str:
    """The short form of :func:`_next`: what a plain run does, without the
    daemon's time ("next run"); a digest's hour ("digest 08:00")."""
    if shown.startswith("digest at "):
        return f"digest {shown[-5:]}"
    return shown.split(" (daemon:")[0]


def _status(status: str, possible_repeat: bool) -> str:
    label = "held for digest" if status == HELD else status
    return label + (" (possible repeat)" if possible_repeat else "")
