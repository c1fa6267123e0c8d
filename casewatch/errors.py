"""Errors the user can act on: the CLI prints their message, no traceback,
and exits with their code."""

from __future__ import annotations


class CasewatchError(Exception):
    exit_code = 2  # usage or config error (SPEC §2)


class UsageError(CasewatchError):
    """A command-line mistake the user can fix."""
