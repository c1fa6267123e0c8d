"""What the commands share: opening the app from ``--config``."""

from __future__ import annotations

import argparse

from casewatch.app import App
from casewatch.config import load_config
from casewatch.logs import setup_logging


def open_app(args: argparse.Namespace) -> App:
    config = load_config(args.config)
    setup_logging(-1 if args.quiet else args.verbose, config.redact)
    return App(config)
