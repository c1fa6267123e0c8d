"""``casewatch demo``."""

from __future__ import annotations

import argparse

from casewatch.demo.tour import run_tour


def cmd_demo(args: argparse.Namespace) -> int:
    return run_tour(args.dir)
