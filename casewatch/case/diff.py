"""Unified diffs between two versions of a watched text."""

from __future__ import annotations

import difflib


def unified_diff(old: str, new: str, label: str = "page") -> str:
    lines = difflib.unified_diff(
        old.splitlines(),
        new.splitlines(),
        fromfile=f"{label} (before)",
        tofile=f"{label} (after)",
        lineterm="",
        n=2,
    )
    return "\n".join(lines)
