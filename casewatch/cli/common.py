"""What the commands share: opening the app from ``--config``."""

from __future__ import annotations

import argparse

from casewatch.app import App
from casewatch.config import load_config
from casewatch.logs import setup_logging


def open_app(args: argparse.Namespace, *, sends: bool = False) -> App:
    """The app for a command; ``sends``: the command sends alerts, so its
    channels and templates are checked first."""
    config = load_config(args.config)
    setup_logging(-1 if args.quiet else args.verbose, config.redact, args.log_format)
    return App(config, sends=sends)
