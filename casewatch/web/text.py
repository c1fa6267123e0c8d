"""How page text and times are shown: the dashboard's Jinja2 filters.

Autoescaping stops markup; :func:`page_text` also shows control characters
(Unicode direction controls such as the RTL override U+202E among them) as
their code points (:func:`casewatch.text.visible_controls`).
"""

from __future__ import annotations

import datetime as dt
import json

from casewatch.text import local_minutes, plural, visible_controls


def page_text(value: object) -> str:
    """``value`` as text (JSON for lists and objects) with every control
    character made visible, e.g. "⟨U+202E⟩"."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False)
    return visible_controls(text)


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
