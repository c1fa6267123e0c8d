"""What the commands share: opening the app from ``--config``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from casewatch.alerts.urlcheck import UrlCheck
from casewatch.config import read_config
from casewatch.loading import collector_paused
from casewatch.logs import setup_logging

if TYPE_CHECKING:
    from casewatch.app import App
    from casewatch.config.reading import ConfigDraft


def open_app(args: argparse.Namespace, *, sends: bool = False, loading: Sequence[str] = ()) -> App:
    """The app for a command. Only commands that send (``sends=True``) need
    the channels' secrets: ``history`` works without ``$SMTP_PASSWORD``.
    They check their channel URLs with Apprise in a child meanwhile: the
    config is only read when it starts, and validating it loads pydantic and
    SQLAlchemy (casewatch.alerts.urlcheck). ``loading``: the modules the
    command goes on with, imported while the child may still be checking.

    Raises:
        ConfigError: the config is missing or invalid (a channel URL
            Apprise cannot use included, when ``sends``).
    """
    text = sys.stdin.read() if args.config_on_stdin else None  # from the daemon
    with collector_paused(freeze=True):
        draft = read_config(args.config, secrets_needed=sends, text=text)
        with UrlCheck.start(draft.channel_urls() if sends else ()) as urls:
            return _open(args, draft, urls, sends, loading)


def _open(
    args: argparse.Namespace,
    draft: ConfigDraft,
    urls: UrlCheck,
    sends: bool,
    loading: Sequence[str],
) -> App:
    """:func:`open_app` once the check of the channel URLs has started: the
    config validated (:class:`ConfigError` if it is not), ``loading``
    imported, logging set up; the App waits for the check's verdict."""
    from casewatch.app import App
    from casewatch.config.loader import validate

    config = validate(draft)
    for module in loading:
        importlib.import_module(module)
    setup_logging(-1 if args.quiet else args.verbose, config.redact, args.log_format)
    return App(config, sends=sends, urls=urls)
