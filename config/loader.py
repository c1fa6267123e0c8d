"""Validating ``casewatch.toml`` (read by :mod:`casewatch.config.reading`):
relative paths resolved against the file's folder, then the schema. Every
problem becomes a one-line :class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from casewatch.config.messages import describe
from casewatch.config.reading import ConfigDraft, ConfigError, read_config
from casewatch.config.schema import DatabaseConfig, Settings
from casewatch.config.secrets import Redactor, credentials_in_url, secrets_in_url


@dataclass(frozen=True)
class Config:
    path: Path
    settings: Settings
    redact: Redactor  # masks the secrets of this config's channel URLs
    # Channels whose URL names an unset variable, loaded for a command that
    # sends nothing (``history`` needs no SMTP password): never sent to.
    unresolved: frozenset[str] = frozenset()
    # The TOML as read: the daemon gives it to each cycle, so that a cycle
    # runs on the config the daemon checked, whatever the file holds by then.
    text: str = ""


def load_config(
    explicit: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    secrets_needed: bool = True,
    text: str | None = None,
) -> Config:
    """Find, read and validate the config (:class:`ConfigError` on any problem).

    With ``secrets_needed=False`` (commands that send nothing), a channel URL
    that names an unset variable is kept as written and listed in
    ``Config.unresolved`` instead of being an error. ``text`` is the TOML
    to use instead of the file's content (the daemon's last good config);
    the file's path still names it and anchors its relative paths.
    """
    return validate(read_config(explicit, environ, secrets_needed=secrets_needed, text=text))


def validate(draft: ConfigDraft) -> Config:
    """The config ``draft`` read, validated: :class:`ConfigError` naming every
    problem (unset variables included), each with its key path."""
    path, data, secrets = draft.path, draft.data, set(draft.secrets)
    problems = [
        f"{path}: {_location(m.where, draft.raw)}: environment variable {m.name} is not set"
        for m in draft.missing
    ]
    _resolve_database_path(data, path.parent)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems += [f"{path}: {problem}" for problem in _describe(exc, data)]
    if problems:
        raise ConfigError(problems[0], problems)
    for channel in settings.channels:
        secrets |= secrets_in_url(channel.url)
    # A database's, a queue's or a page's address is its name: only its credentials are secret.
    queue = [settings.queue.url] if settings.queue.url else []
    for url in (settings.database.url, *queue, *(s.url for s in settings.sources)):
        secrets |= credentials_in_url(url)
    if settings.web.token:
        secrets.add(settings.web.token)
    return Config(
        path=path,
        settings=settings,
        redact=Redactor(secrets),
        unresolved=frozenset(settings.channels[i].name for i in draft.unresolved),
        text=draft.text,
    )


def _resolve_database_path(data: dict[str, Any], folder: Path) -> None:
    database = data.setdefault("database", {})
    if not isinstance(database, dict):
        return  # validation reports it
    url = database.get("url", DatabaseConfig().url)
    prefix = "sqlite:///"
    if not isinstance(url, str) or not url.startswith(prefix):
        return
    file = url[len(prefix) :]
    if file and file != ":memory:" and not file.startswith("/"):
        database["url"] = prefix + str(folder / file)


def _location(loc: tuple, data: Any = None) -> str:
    """Readable key path: ``[[sources]] #2 "AIUSA UA 147.20" → interval``."""
    words: list[str] = []
    node = data
    for index, part in enumerate(loc):
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
            label = f"#{part + 1}"
            if isinstance(node, dict) and isinstance(node.get("name"), str):
                label += f' "{node["name"]}"'
            if index == 1 and loc[0] in ("people", "sources", "channels"):
                words[-1] = f"[[{loc[index - 1]}]] {label}"
            else:
                words.append(label)
        else:
            node = node.get(part) if isinstance(node, dict) else None
            words.append(str(part))
    return " → ".join(words) or "(top level)"


def _describe(exc: ValidationError, data: dict[str, Any]) -> list[str]:
    """Every validation error as "key path: what is wrong", in file order."""
    problems = []
    for error in exc.errors():
        loc, message = describe(error)
        if error["type"] == "extra_forbidden":
            message += _hint(loc, data)
        problems.append(f"{_location(loc, data)}: {message}")
    return problems


def _hint(loc: tuple, data: dict[str, Any]) -> str:
    """Suggest the key that was probably meant."""
    model: type[BaseModel] = Settings
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        inner = getattr(annotation, "__args__", (annotation,))[0]
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return ""
        model = inner
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1)
    known = ", ".join(model.model_fields)
    return f" (did you mean {close[0]!r}?)" if close else f" (known keys: {known})"
