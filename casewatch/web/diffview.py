"""Before and after, side by side, with deletions and insertions marked.

Lines are matched with :class:`difflib.SequenceMatcher`; a changed line is
compared word by word, so that one new word is marked, not the whole line.
Long unchanged runs fold into a gap. The parts are plain text for the
template to escape: no HTML is built here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

CONTEXT = 3  # unchanged lines shown around a change
_WORDS = re.compile(r"\s+|[^\s]+")

Part = tuple[str, str]  # (text, "" | "del" | "ins")


@dataclass(frozen=True)
class Row:
    old_number: int | None
    old: tuple[Part, ...]
    new_number: int | None
    new: tuple[Part, ...]
    change: str  # equal, replace, delete, insert


@dataclass(frozen=True)
class Gap:
    lines: int  # unchanged lines left out


def side_by_side(before: str, after: str, context: int = CONTEXT) -> list[Row | Gap]:
    """Rows for a two-column view of ``before`` → ``after``."""
    old, new = before.splitlines(), after.splitlines()
    rows: list[Row | Gap] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            rows.extend(_unchanged(old, i1, i2, j1, context, index, len(opcodes)))
        else:
            rows.extend(_changed(old[i1:i2], new[j1:j2], i1, j1))
    return rows


def _unchanged(
    old: list[str], i1: int, i2: int, j1: int, context: int, index: int, count: int
) -> list[Row | Gap]:
    keep_head = context if index > 0 else 0  # after a change
    keep_tail = context if index < count - 1 else 0  # before a change
    lines = list(range(i1, i2))
    if len(lines) <= keep_head + keep_tail + 1:
        shown, hidden = lines, 0
    else:
        shown = lines[:keep_head] + lines[len(lines) - keep_tail :]
        hidden = len(lines) - len(shown)
    rows: list[Row | Gap] = []
    for position, i in enumerate(shown):
        if hidden and position == keep_head:
            rows.append(Gap(hidden))
        part = ((old[i], ""),)
        rows.append(Row(i + 1, part, j1 + i - i1 + 1, part, "equal"))
    if hidden and keep_head == len(shown):
        rows.append(Gap(hidden))
    return rows


def _changed(old: list[str], new: list[str], i1: int, j1: int) -> list[Row]:
    rows = []
    for k in range(max(len(old), len(new))):
        left = old[k] if k < len(old) else None
        right = new[k] if k < len(new) else None
        if left is not None and right is not None:
            old_parts, new_parts = _words(left, right)
            rows.append(Row(i1 + k + 1, old_parts, j1 + k + 1, new_parts, "replace"))
        elif left is not None:
            rows.append(Row(i1 + k + 1, ((left, "del"),), None, (), "delete"))
        else:
            rows.append(Row(None, (), j1 + k + 1, ((right or "", "ins"),), "insert"))
    return rows


def _words(left: str, right: str) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    a, b = _WORDS.findall(left), _WORDS.findall(right)
    old: list[Part] = []
    new: list[Part] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            old.append(("".join(a[i1:i2]), ""))
            new.append(("".join(b[j1:j2]), ""))
            continue
        if i2 > i1:
            old.append(("".join(a[i1:i2]), "del"))
        if j2 > j1:
            new.append(("".join(b[j1:j2]), "ins"))
    return tuple(old), tuple(new)
