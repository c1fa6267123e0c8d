"""How page text and times are shown: the dashboard's Jinja2 filters.

Autoescaping stops markup; these also stop Unicode direction controls (an
RTL override such as U+202E would otherwise turn the rest of a line around,
so that "evil.com/txt.exe" reads "exe.txt/moc.live"): each is shown as its
code point instead.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from casewatch.text import local_minutes, plural

# Bidi embeddings, overrides, isolates and marks (Unicode TR9, table 4).
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def page_text(value: object) -> str:
    """``value`` as text (JSON for lists and objects) with every direction
    control made visible, e.g. "⟨U+202E⟩"."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False)
    return _BIDI_CONTROLS.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def local_time(value: str | dt.datetime | None, tz: dt.tzinfo) -> str:
    """ "2026-11-30 18:05" in the dashboard's time zone; "" for None."""
    if value is None:
        return ""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return local_minutes(moment, tz)


def days_left(date: str, today: dt.date) -> str:
    """ "today", "in 1 day", "in 12 days" or "3 days ago"."""
    days = (dt.date.fromisoformat(date) - today).days
    if days == 0:
        return "today"
    return f"in {plural(days, 'day')}" if days > 0 else f"{plural(-days, 'day')} ago"
