"""What the commands share: opening the app from ``--config``."""

from __future__ import annotations

import argparse
import sys

from casewatch.app import App
from casewatch.config import load_config
from casewatch.logs import setup_logging


def open_app(args: argparse.Namespace, *, sends: bool = False) -> App:
    """The app for a command. Only commands that send (``sends=True``) need
    the channels' secrets: ``history`` works without ``$SMTP_PASSWORD``."""
    text = sys.stdin.read() if args.config_on_stdin else None  # from the daemon
    config = load_config(args.config, secrets_needed=sends, text=text)
    setup_logging(-1 if args.quiet else args.verbose, config.redact, args.log_format)
    return App(config, sends=sends)
