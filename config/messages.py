"""Validation errors in casewatch's own words.

pydantic describes a problem for a programmer ("Input should be greater than
datetime.timedelta(0)"); the person who wrote ``casewatch.toml`` reads
"must be longer than zero, e.g. \"6h\"". Each error type pydantic can raise
on our schema gets a sentence here; our own validators' messages pass through.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic_core import ErrorDetails

from casewatch.text import plural


class KeyProblem(ValueError):
    """A cross-reference problem found after the fields were read, with the
    key path it belongs to (pydantic reports such errors at the top level)."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


def _bound(value: Any) -> str:
    if isinstance(value, dt.timedelta) or "timedelta" in str(value):
        return "zero"  # the schema's only duration bound: durations are positive
    return str(value)


def _choices(expected: str) -> str:
    return expected.replace("'", '"')


_PLAIN: dict[str, str] = {
    "missing": "is required",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "string_type": 'must be text in quotes, e.g. "…"',
    "list_type": 'must be a list, e.g. ["a", "b"]',
    "dict_type": "must be a table, e.g. { key = value }",
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
}


def describe(error: ErrorDetails) -> tuple[tuple, str]:
    """(key path, message) of one pydantic error."""
    kind, ctx = error["type"], error.get("ctx") or {}
    loc = tuple(error["loc"])
    cause = ctx.get("error")
    if isinstance(cause, KeyProblem):
        return cause.loc, str(cause)
    if kind == "value_error":
        return loc, str(cause) if cause is not None else error["msg"]
    if kind in _PLAIN:
        return loc, _PLAIN[kind]
    if kind == "greater_than":
        if "timedelta" in str(ctx["gt"]):
            return loc, 'must be a duration longer than zero, e.g. "6h"'
        return loc, f"must be more than {_bound(ctx['gt'])}"
    if kind == "greater_than_equal":
        return loc, f"must be at least {_bound(ctx['ge'])}"
    if kind == "less_than_equal":
        return loc, f"must be at most {_bound(ctx['le'])}"
    if kind == "less_than":
        return loc, f"must be less than {_bound(ctx['lt'])}"
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return loc, "must not be blank" if least == 1 else f"must be at least {least} characters"
    if kind == "too_short":
        return loc, f"must list at least {plural(ctx.get('min_length', 1), 'item')}"
    if kind == "too_long":
        return loc, f"must list at most {plural(ctx.get('max_length', 0), 'item')}"
    if kind == "literal_error":
        return loc, f"must be {_choices(ctx.get('expected', ''))}"
    if kind == "extra_forbidden":
        return loc, f"unknown key {loc[-1]!r}"
    return loc, "is not a valid value here"
