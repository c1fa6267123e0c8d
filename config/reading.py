"""Reading ``casewatch.toml``: the only place that parses TOML.

Finds the file (``--config``, ``$CASEWATCH_CONFIG``, ``./casewatch.toml``),
reads it and replaces ``${NAME}`` with environment variables (percent-encoded
in a URL's userinfo, see ``_interpolate``); validation is
:mod:`casewatch.config.loader`'s. Apart from it because it needs neither
pydantic nor SQLAlchemy (together 0.2 s to import): a command that sends can
start checking its channel URLs (``casewatch.alerts.urlcheck``) while they load.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from casewatch.errors import CasewatchError
from casewatch.text import plural

ENV_VARIABLE = "CASEWATCH_CONFIG"
DEFAULT_NAME = "casewatch.toml"
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class ConfigError(CasewatchError):
    """A config problem, worded for the person who wrote the file.

    ``problems`` are all the problems found at once, each a line naming the
    file and the key path; the message is the first, and how many more
    (``casewatch config check`` prints them all).
    """

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        self.problems = list(problems) or [message]
        more = len(self.problems) - 1
        if more:
            message += f" (and {plural(more, 'more problem')}: casewatch config check)"
        super().__init__(message)


def find_config(explicit: str | os.PathLike[str] | None = None) -> Path:
    candidate = explicit or os.environ.get(ENV_VARIABLE) or DEFAULT_NAME
    path = Path(candidate).expanduser()
    if path.is_dir():
        raise ConfigError(
            f"{path}: is a directory, not a config file (give the file's path, "
            f"e.g. --config {path / DEFAULT_NAME})"
        )
    if not path.is_file():
        raise ConfigError(
            f"{path}: config file not found (use --config PATH or ${ENV_VARIABLE}, or "
            f"copy config/casewatch.example.toml to ./{DEFAULT_NAME} and edit it)"
        )
    return path.resolve()


def read_config(
    explicit: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    secrets_needed: bool = True,
    text: str | None = None,
) -> ConfigDraft:
    """Find and read the config and replace its variables, without validating
    it (``casewatch.config.loader.validate`` does). Raises :class:`ConfigError`
    when the file is missing, unreadable or not TOML; a missing variable is
    not an error yet (see :class:`ConfigDraft`).

    With ``secrets_needed=False`` (commands that send nothing), a channel URL
    that names an unset variable is kept as written and its index listed in
    ``ConfigDraft.unresolved`` instead. ``text`` is the TOML to use instead
    of the file's content (the daemon's last good config); the file's path
    still names it and anchors its relative paths.
    """
    path = find_config(explicit)
    env = os.environ if environ is None else environ
    try:
        if text is None:
            text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    draft = ConfigDraft(path, text, raw)
    unresolved = None if secrets_needed else draft.unresolved
    draft.data = _interpolate(raw, env, (), draft.secrets, unresolved, draft.missing)
    return draft


@dataclass
class ConfigDraft:
    """A config file read and its variables replaced, not yet validated."""

    path: Path
    text: str  # the TOML
    raw: dict[str, Any]  # as written
    data: dict[str, Any] = field(default_factory=dict)  # variables replaced
    secrets: set[str] = field(default_factory=set)  # the values of the channels' variables
    unresolved: set[int] = field(default_factory=set)  # channels naming an unset variable
    missing: list[_MissingVariable] = field(default_factory=list)  # unset variables elsewhere

    def channel_urls(self) -> list[str]:
        """The channel URLs, variables replaced, for an early check: not
        validated, so the config may yet prove invalid and a URL change
        (validation strips surrounding spaces). Channels naming an unset
        variable are left out."""
        channels = self.data.get("channels")
        if not isinstance(channels, list):
            return []
        return [
            channel["url"]
            for index, channel in enumerate(channels)
            if index not in self.unresolved
            and isinstance(channel, dict)
            and isinstance(channel.get("url"), str)
        ]


@dataclass(frozen=True)
class _MissingVariable:
    name: str
    where: tuple  # the key path of the string that names it


def _interpolate(
    value: Any,
    env: Mapping[str, str],
    where: tuple,
    secrets: set[str],
    unresolved: set[int] | None,
    missing: list[_MissingVariable],
) -> Any:
    """``value`` with ``${NAME}`` replaced. A missing variable is left as
    written and added to ``missing``, except in a channel when
    ``unresolved`` collects the channel's index instead.

    A variable in a URL's userinfo (between ``scheme://`` and the ``@`` that
    ends the authority, as written in the file) is percent-encoded whole
    (``quote(value, safe="")``): RFC 3986 §3.2.1 reserves ``@ : / ? # %``
    there, and a raw password holding one broke the URL (``#``, ``/``, ``?``:
    not a valid URL; ``@``: the credential went to a host named after the rest
    of it; ``:`` cut it short). A variable fills the user or the password,
    not both. Elsewhere values are kept as they are: a Slack
    ``${SLACK_TOKENS}`` holds slashes on purpose. The password is masked in
    both forms, as written and decoded (``secrets_in_url`` and
    ``credentials_in_url`` return both)."""
    if isinstance(value, dict):
        return {
            k: _interpolate(v, env, (*where, k), secrets, unresolved, missing)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [
            _interpolate(v, env, (*where, i), secrets, unresolved, missing)
            for i, v in enumerate(value)
        ]
    if not isinstance(value, str):
        return value
    userinfo = _userinfo_span(value)

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in env:
            if unresolved is not None and where[:1] == ("channels",) and len(where) > 1:
                unresolved.add(where[1])
                return match.group(0)
            missing.append(_MissingVariable(name, where))
            return match.group(0)
        if where and where[0] == "channels":  # channel URLs carry credentials
            secrets.add(env[name])
        if userinfo[0] <= match.start() < userinfo[1]:
            return quote(env[name], safe="")
        return env[name]

    return _PLACEHOLDER.sub(substitute, value)


def _userinfo_span(template: str) -> tuple[int, int]:
    """Where the userinfo of the URL ``template`` is, as (start, end)
    indices; (0, 0) when it is no URL or has none. Only the text written
    around the placeholders counts: a value cannot move the ``@``."""
    scheme = _SCHEME.match(template)
    if scheme is None:
        return 0, 0
    written = _PLACEHOLDER.sub(lambda m: "_" * len(m.group()), template)
    stops = [i for i in (written.find(c, scheme.end()) for c in "/?#") if i >= 0]
    at = written.rfind("@", scheme.end(), min(stops, default=len(written)))
    return (scheme.end(), at) if at >= 0 else (0, 0)
