"""The command line's shape (SPEC §2): every command, option and help text.

Handlers are named "module:function" in ``casewatch.cli`` and imported only
when their command runs, so that ``casewatch history`` does not load Scrapy
and ``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable, Sequence
from pathlib import Path

from casewatch.event_kinds import EVENT_KINDS
from casewatch.logs import LOG_FORMATS


class CommandParser(argparse.ArgumentParser):
    """argparse's parser, with the help a newcomer needs when a command is
    missing, misspelt, or has a global option after it.

    A parser with subcommands (see :func:`_subcommands`) leaves
    ``handler=None`` and ``show_help`` (a callable taking a file) in the
    namespace when none is given: :func:`casewatch.cli.main` prints that help
    and exits 2.
    """

    def _check_value(self, action: argparse.Action, value: object) -> None:
        # argparse in Python 3.11 has no suggest_on_error (3.14): say the closest choice.
        choices = action.choices
        if choices is not None and value not in choices and isinstance(value, str):
            close = difflib.get_close_matches(value, [str(c) for c in choices], n=1)
            if close:
                raise argparse.ArgumentError(
                    action, f"invalid choice: {value!r} (did you mean {close[0]!r}?)"
                )
        super()._check_value(action, value)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            message = "unrecognized arguments: " + " ".join(extras)
            misplaced = [a for a in extras if self._is_global_option(a)]
            if misplaced and getattr(parsed, "command", None):
                message += (
                    f"; global options ({', '.join(self._global_options())}) go between "
                    f"`casewatch` and `{parsed.command}`"
                )
            self.error(message)
        return parsed

    def _global_options(self) -> list[str]:
        """This parser's own options but --help, --version and the hidden
        ones (not for people), e.g. "--config"."""
        return [
            action.option_strings[0]
            for action in self._actions
            if action.option_strings
            and action.help != argparse.SUPPRESS
            and not isinstance(action, (argparse._HelpAction, argparse._VersionAction))
        ]

    def _is_global_option(self, text: str) -> bool:
        return any(
            option_string == text
            or text.startswith(option_string + "=")
            or (len(option_string) == 2 and text.startswith(option_string))  # -vv
            for action in self._actions
            if not isinstance(action, (argparse._HelpAction, argparse._VersionAction))
            for option_string in action.option_strings
        )


def _subcommands(parser: argparse.ArgumentParser, dest: str) -> argparse._SubParsersAction:
    """``parser``'s subcommands; with none given, ``main`` shows its help."""
    parser.set_defaults(handler=None, show_help=parser.print_help)
    return parser.add_subparsers(dest=dest, metavar="COMMAND")


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="casewatch",
        description="Watch web pages for news about named prisoners: snapshots, "
        "diffs, case events and alerts.",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: $CASEWATCH_CONFIG, else ./casewatch.toml)",
    )
    # The daemon's cycles read the config it checked from stdin (the file
    # named by --config may have been broken since): not for people.
    parser.add_argument("--config-on-stdin", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more log output (-vv: debug)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="errors only")
    parser.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default="text",
        help="log lines on stderr as text (default) or JSON, one object per line",
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = _subcommands(parser, "command")
    for add in (_run_commands, _query_commands, _alerts_commands, _admin_commands, _demo_commands):
        add(commands)
    return parser


# The largest id a row can have: SQLite's INTEGER and PostgreSQL's bigint are
# both signed 64-bit integers (https://www.sqlite.org/datatype3.html).
ID_MAX = 2**63 - 1


def bounded_int(low: int, high: int, outside: str = "") -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``low`` to ``high`` inclusive.

    Text that is no whole number, or a number outside the range, is a usage
    error (argparse exits 2) naming the range, or saying ``outside`` (a
    format string given the number, e.g. "no event {}") when given.
    """

    def whole_number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= value <= high:
            why = outside.format(value) if outside else f"{value} is not in {low}..{high}"
            raise argparse.ArgumentTypeError(why)
        return value

    return whole_number


class _VersionAction(argparse._VersionAction):
    """``--version``, looked up only when asked: ``importlib.metadata`` (and
    the email parser it reads package metadata with) cost about 15 ms of
    every command's start-up when the version was read to build the parser."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        self.version = f"casewatch {_version()}"
        super().__call__(parser, namespace, values, option_string)


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("casewatch")
    except metadata.PackageNotFoundError:  # run from a source tree
        return "(not installed)"


def _run_commands(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "run",
        help="one cycle: crawl due sources, record changes, deliver alerts, exit",
        description="Crawl the sources that are due, store snapshots, detect changes, "
        "record events, check deadlines and deliver pending alerts; then exit. "
        "Exit codes: 0 all well; 1 a source failed or an alert is undelivered "
        "(pending, or dead until `alerts retry` or `alerts dismiss`); "
        "2 usage or config error; 75 another run holds the lock.",
    )
    run.add_argument("--all", action="store_true", help="crawl every source, due or not")
    run.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME",
        help="crawl only this source, due or not (repeatable)",
    )
    run.add_argument(
        "--respect-backoff",
        action="store_true",
        help="retry an undelivered alert only once its backoff has passed (the daemon's "
        "cycles do this; by default every run retries everything pending)",
    )
    run.set_defaults(handler="run:cmd_run")
    daemon = commands.add_parser(
        "daemon",
        help="run cycles on schedule until SIGTERM/SIGINT",
        description="Run cycles on schedule (per-source intervals, with jitter) and "
        "retry alerts with backoff between cycles, until SIGTERM or SIGINT; "
        "the cycle in flight is finished first.",
    )
    daemon.set_defaults(handler="run:cmd_daemon")
    _queue_commands(commands)
    status = commands.add_parser(
        "status",
        help="health for operators and monitoring: exit 0 healthy, 1 degraded",
        description="The last cycle, failing sources, undelivered and dead alerts, and "
        "when each source is next due. Exit 0 healthy; 1 degraded (a failing source, "
        "an undelivered or dead alert, or no cycle completed within twice the "
        "shortest interval).",
    )
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(handler="status:cmd_status")


def _queue_commands(commands: argparse._SubParsersAction) -> None:
    worker = commands.add_parser(
        "worker",
        help="distributed mode: check sources taken from the [queue], deliver alerts",
        description="Take sources from the [queue] (Celery on Redis), fetch and record "
        "them in the shared PostgreSQL database and deliver alerts, until SIGTERM (the "
        "checks in hand are finished first). Run any number, on any machines. See "
        "docs/scale-out.md.",
    )
    worker.add_argument(
        "--concurrency",
        type=bounded_int(1, 1024),
        default=1,
        metavar="N",
        help="checks this worker runs at once (default: 1)",
    )
    worker.add_argument(
        "--name",
        metavar="NAME",
        help="the worker's name in `status` (default: casewatch-PID@HOST)",
    )
    worker.set_defaults(handler="queue:cmd_worker")
    scheduler = commands.add_parser(
        "scheduler",
        help="distributed mode: queue each due source once for the workers",
        description="Queue each source on the [queue] when it is due, once, for "
        "`casewatch worker` to check; and deadline reminders and alert retries every "
        "minute. One per database: a second exits 75 (with --wait it stands by). Runs "
        "until SIGTERM/SIGINT. See docs/scale-out.md.",
    )
    scheduler.add_argument(
        "--poll",
        type=bounded_int(1, 3600),  # 0 would spin; an hour already delays every source
        default=30,
        metavar="SECONDS",
        help="how often to look for due sources, 1 to 3600 (default: 30)",
    )
    scheduler.add_argument(
        "--batch",
        type=bounded_int(1, 1_000_000),
        default=100,
        metavar="N",
        help="sources of one host per task at most (default: 100)",
    )
    scheduler.add_argument(
        "--wait",
        action="store_true",
        help="if another scheduler runs, stand by until it stops instead of exiting 75",
    )
    scheduler.set_defaults(handler="queue:cmd_scheduler")


def _query_commands(commands: argparse._SubParsersAction) -> None:
    history = commands.add_parser(
        "history",
        help="the event timeline",
        description="The event timeline, oldest first. --person takes any alias or spelling.",
    )
    history.add_argument(
        "--person",
        action="append",
        default=[],
        metavar="P",
        help="only events about this person: any alias or spelling (repeatable)",
    )
    history.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="S",
        help="only events of this source (repeatable)",
    )
    history.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="K",
        choices=EVENT_KINDS,
        help="only events of this kind (repeatable): " + ", ".join(EVENT_KINDS),
    )
    history.add_argument(
        "--since",
        metavar="DATE",
        help="from this ISO 8601 date (in [alerts] timezone) or date-time with offset",
    )
    history.add_argument(
        "--until",
        metavar="DATE",
        help="up to this ISO 8601 date (the whole day) or date-time with offset",
    )
    history.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="table (default), json or csv",
    )
    history.set_defaults(handler="query:cmd_history")

    diff = commands.add_parser(
        "diff",
        help="the before/after and unified diff behind an event",
        description="The stored text of a page before and after an event, and the unified "
        "diff between them. EVENT_ID is the id column of `casewatch history`.",
    )
    diff.add_argument(
        "event_id",
        type=bounded_int(1, ID_MAX, "no event {}"),
        metavar="EVENT_ID",
        help="an id from casewatch history",
    )
    diff.set_defaults(handler="query:cmd_diff")

    cases = commands.add_parser(
        "cases",
        help="current state per watched person: status, since, source, next deadline",
        description="The current state of every watched person: the status most recently "
        "stated by any source (by the sources' own dates), since when (in [alerts] "
        "timezone), on which source, and the next deadline.",
    )
    cases.add_argument("--json", action="store_true", help="print JSON")
    cases.set_defaults(handler="query:cmd_cases")

    serve = commands.add_parser(
        "serve",
        help="the read-only web dashboard and JSON API",
        description="Serve the dashboard (cases, people, events, sources) and its JSON API. "
        "Read-only. Any address but loopback needs [web] token in the config.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument(
        "--port",
        type=bounded_int(0, 65535),
        default=8080,
        help="port, 0..65535 (default: 8080; 0: any free port)",
    )
    serve.set_defaults(handler="serve:cmd_serve")

    sources = commands.add_parser(
        "sources",
        help="every source: last check, outcome, next due, failures, what it says now",
        description="Every configured source: when it was last checked and how that went "
        "(with the error of a failed check), when a plain `run` checks it next (sooner "
        "after a failure), its failures in a row, and what its page says now: people "
        "and their status, deadlines, UA number, signatures.",
    )
    sources.add_argument("--json", action="store_true", help="print JSON")
    sources.set_defaults(handler="query:cmd_sources")


_ALERT_ID = bounded_int(1, ID_MAX, "no alert {} (see `casewatch alerts pending` for ids)")


def _alerts_commands(commands: argparse._SubParsersAction) -> None:
    alerts = commands.add_parser(
        "alerts",
        help="test channels; list, retry or dismiss undelivered alerts",
        description="Alert channels and the outbox: send a test alert, list what is not "
        "delivered yet, give dead alerts another chance or dismiss them.",
    )
    sub = _subcommands(alerts, "alerts_command")
    test = sub.add_parser(
        "test",
        help="send a test alert; says per channel whether it arrived",
        description="Send a test alert to every channel (or those named) and say, per "
        "channel, whether the service accepted it. Needs the channels' secrets.",
    )
    test.add_argument(
        "--channel",
        action="append",
        default=[],
        metavar="NAME",
        help="only this channel (repeatable; default: all)",
    )
    test.set_defaults(handler="alerts:cmd_test")
    pending = sub.add_parser(
        "pending",
        help="alerts not yet delivered, with attempts and last error",
        description="Alerts not delivered yet (pending, held for a digest, or dead), with "
        "their attempts, last error (secrets masked) and what happens to each next.",
    )
    pending.set_defaults(handler="alerts:cmd_pending")
    retry = sub.add_parser(
        "retry",
        help="give dead alerts (these, or all) a fresh give_up_after period from the next run",
        description="Give dead alerts (those named, or all) a fresh give_up_after period: the "
        "next `run` sends them. Pending alerts need no retry: every run sends them.",
    )
    retry.add_argument(
        "alert_ids", nargs="*", type=_ALERT_ID, metavar="ALERT_ID", help="ids from `alerts pending`"
    )
    retry.set_defaults(handler="alerts:cmd_retry")
    dismiss = sub.add_parser(
        "dismiss",
        help="give up on dead alerts for good, so that runs stop reporting them",
        description="Give up on these dead alerts for good: they are never sent, and "
        "runs stop reporting them (exit 1).",
    )
    dismiss.add_argument(
        "alert_ids", nargs="+", type=_ALERT_ID, metavar="ALERT_ID", help="ids from `alerts pending`"
    )
    dismiss.set_defaults(handler="alerts:cmd_dismiss")


def _admin_commands(commands: argparse._SubParsersAction) -> None:
    config = commands.add_parser(
        "config",
        help="check the configuration",
        description="The configuration file (--config, $CASEWATCH_CONFIG or ./casewatch.toml).",
    )
    sub = _subcommands(config, "config_command")
    check = sub.add_parser(
        "check",
        help="validate the config; print what is watched and where alerts go",
        description="Validate the config and print what is watched and where alerts go "
        "(secrets masked). Also reports what would fail later: an unset ${VARIABLE}, a "
        "$VARIABLE without braces, a missing database driver, an unreachable database; "
        "and warns of people_tags no person carries. Exit 2 on any error.",
    )
    check.set_defaults(handler="admin:cmd_config_check")
    db = commands.add_parser("db", help="database maintenance", description="Database maintenance.")
    db_sub = _subcommands(db, "db_command")
    upgrade = db_sub.add_parser(
        "upgrade",
        help="bring the database schema up to date",
        description="Bring the database schema up to date (Alembic migrations), under the "
        "run lock. `run` does this too; read-only commands never do, and say so.",
    )
    upgrade.set_defaults(handler="admin:cmd_db_upgrade")


def _demo_commands(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser(
        "demo",
        help="offline tour: sample pages on 127.0.0.1, two cycles, alerts and history",
        description="An offline tour of the real pipeline: serves sample pages on "
        "127.0.0.1, records a baseline, changes the pages, runs again, and shows the "
        "alerts that arrived, the history and the cases. Writes to --dir.",
    )
    demo.add_argument(
        "--dir",
        type=Path,
        default=Path("casewatch-demo"),
        help="where the demo writes its config and database (default: ./casewatch-demo)",
    )
    demo.set_defaults(handler="demo:cmd_demo")
