"""``casewatch``: the command line (SPEC §2). Thin: parse, call, print."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from casewatch.cli import admin, alerts, demo, query, run
from casewatch.cli.common import UsageError
from casewatch.config import ConfigError
from casewatch.db.lock import LockHeld
from casewatch.logs import setup_logging

EXIT_USAGE = 2
EXIT_LOCKED = 75


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casewatch",
        description="Watch web pages for news about named prisoners: snapshots, "
        "diffs, case events and alerts.",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: $CASEWATCH_CONFIG, else ./casewatch.toml)",
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more log output (-vv: debug)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="errors only")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (run, query, alerts, admin, demo):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(-1 if args.quiet else args.verbose)
    try:
        return int(args.handler(args) or 0)
    except (ConfigError, UsageError) as exc:
        print(f"casewatch: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except LockHeld as exc:
        print(f"casewatch: {exc}; nothing done", file=sys.stderr)
        return EXIT_LOCKED
    except KeyboardInterrupt:
        return 130
