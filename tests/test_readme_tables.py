"""README.md's tables say what the code does: the event table is the event-kind
registry, the config table is the config schema, the commands table is the
CLI parser. A failure names the row to add, fix or remove."""

from __future__ import annotations

import argparse
import re
import typing
from pathlib import Path

from pydantic import BaseModel

from casewatch.cli.parser import build_parser
from casewatch.config.schema import Settings
from casewatch.event_kinds import REGISTRY

README = Path(__file__).resolve().parents[1] / "README.md"


def _table(header: str) -> list[list[str]]:
    """The body rows (cells stripped) of the README table whose first header
    cell is ``header``."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(
        i for i, line in enumerate(lines) if line.startswith("|") and _cells(line)[0] == header
    )
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(_cells(line))
    return rows


def _cells(line: str) -> list[str]:
    # "\|" inside a cell is an escaped bar, not a border.
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def _report(what: str, missing: dict[str, str], extra: dict[str, str]) -> str:
    lines = [f"README.md's {what} table disagrees with the code:"]
    lines += [f"  missing row: {row}" for row in missing.values()]
    lines += [f"  extra row (not in the code): {row}" for row in extra.values()]
    return "\n".join(lines)


# --- events ------------------------------------------------------------------


def test_event_table_is_the_registry() -> None:
    documented = {}
    for kind_cell, when in _table("event"):
        for kind in re.findall(r"`(\w+)`", kind_cell):
            documented[kind] = when
    expected = {name: kind.description for name, kind in REGISTRY.items()}
    missing = {k: f"| `{k}` | {d} |" for k, d in expected.items() if k not in documented}
    extra = {k: f"| `{k}` | {d} |" for k, d in documented.items() if k not in expected}
    wrong = [
        f"  row `{k}` says {documented[k]!r}; casewatch/event_kinds.py says {d!r}"
        for k, d in expected.items()
        if k in documented and documented[k] != d
    ]
    assert not (missing or extra or wrong), "\n".join([_report("event", missing, extra), *wrong])


# --- config keys ---------------------------------------------------------------


def _schema_keys(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every key path of the config: (section, ..., key)."""
    keys: set[tuple[str, ...]] = set()
    for name, field in model.model_fields.items():
        nested = _model_in(field.annotation)
        if nested is None:
            keys.add((*prefix, name))
        else:
            keys |= _schema_keys(nested, (*prefix, name))
    return keys


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The model a field holds, alone or in a list (``[[sources]]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) is list:
        [item] = typing.get_args(annotation)
        return _model_in(item)
    return None


def _documented_keys() -> dict[tuple[str, ...], str]:
    """Key path → the README row's first cell, e.g. ``[crawl] delay``."""
    documented: dict[tuple[str, ...], str] = {}
    for cell, *_ in _table("key"):
        # "`[crawl] delay`", "`[[people]]` `name`, `tags`", "`[alerts.templates]`"
        section = re.fullmatch(r"\[\[?([\w.]+)\]\]?(.*)", cell.replace("`", ""))
        assert section, f"README config table: cannot read the key cell {cell!r}"
        path = tuple(section[1].split("."))
        names = re.findall(r"\w+", section[2])
        if not names:  # a whole table, e.g. [alerts.templates]
            documented[path] = cell
        for name in names:
            documented[(*path, name)] = cell
    return documented


def _row_name(path: tuple[str, ...]) -> str:
    return f"`[{'.'.join(path[:-1])}] {path[-1]}`"


def test_config_table_is_the_schema() -> None:
    documented = _documented_keys()
    expected = _schema_keys(Settings)
    missing = {".".join(p): _row_name(p) for p in sorted(expected - set(documented))}
    extra = {
        ".".join(p): f"{documented[p]} (key {'.'.join(p)})"
        for p in sorted(set(documented) - expected)
    }
    assert not (missing or extra), _report("config key", missing, extra) + (
        "\n  (the schema is config/schema.py)"
    )


# --- commands ------------------------------------------------------------------


def _parser_commands(parser: argparse.ArgumentParser, prefix: str = "") -> set[str]:
    """Every command that runs something, e.g. "run" and "alerts test"."""
    subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subcommands:
        return {prefix.strip()}
    found: set[str] = set()
    for action in subcommands:
        for name, sub in action.choices.items():
            found |= _parser_commands(sub, f"{prefix} {name}")
    return found


def _documented_commands() -> dict[str, str]:
    documented: dict[str, str] = {}
    for cell, *_ in _table("command"):
        for usage in re.findall(r"`casewatch ([^`]*)`", cell):
            words = re.match(r"[a-z][a-z-]*(?: [a-z][a-z-]*)*", usage)
            assert words, f"README commands table: cannot read {usage!r}"
            documented[words[0]] = cell
    return documented


def test_commands_table_is_the_parser() -> None:
    documented = _documented_commands()
    expected = _parser_commands(build_parser())
    missing = {c: f"`casewatch {c} …`" for c in sorted(expected - set(documented))}
    extra = {c: documented[c] for c in sorted(set(documented) - expected)}
    assert not (missing or extra), _report("commands", missing, extra) + (
        "\n  (the parser is casewatch/cli/parser.py)"
    )
