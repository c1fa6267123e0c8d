"""The history filters of a page or API address: ``?person=…&kind=…&since=…``.

The same names as ``casewatch history``'s options, each repeatable where the
option is, so that a filtered view is a link that can be shared.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from casewatch.views import HistoryQuery

LISTS = ("person", "source", "kind")
MOMENTS = ("since", "until")


# A UTC offset's "+" typed into an address arrives as a space (a query
# string is form-encoded: "+" is a space, "%2B" a plus): "10:00 03:00".
_OFFSET_AS_TYPED = re.compile(r"(?<=\d\d:\d\d) (\d\d(?::?\d\d)?)$")


def history_query(params: QueryParams) -> HistoryQuery:
    """The filters in ``params``; blank values (an empty form field) are no filter."""
    lists = {name: [v for v in params.getlist(name) if v.strip()] for name in LISTS}
    moments = {
        name: _OFFSET_AS_TYPED.sub(r"+\1", (params.get(name) or "").strip()) or None
        for name in MOMENTS
    }
    return HistoryQuery(**lists, **moments)


def query_string(query: HistoryQuery, **extra: object) -> str:
    """``query`` (and ``extra`` parameters) as a query string, "" when empty."""
    pairs: list[tuple[str, object]] = [(n, v) for n in LISTS for v in getattr(query, n)]
    pairs += [(n, getattr(query, n)) for n in MOMENTS if getattr(query, n)]
    pairs += [(n, v) for n, v in extra.items() if v is not None]
    return urlencode(pairs)
