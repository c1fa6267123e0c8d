"""``casewatch demo``."""

from __future__ import annotations

import argparse
from pathlib import Path

from casewatch.demo.tour import run_tour


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser(
        "demo",
        help="offline tour: sample pages on 127.0.0.1, two cycles, alerts and history",
    )
    demo.add_argument(
        "--dir",
        type=Path,
        default=Path("casewatch-demo"),
        help="where the demo writes its config and database (default: ./casewatch-demo)",
    )
    demo.set_defaults(handler=lambda args: run_tour(args.dir))
