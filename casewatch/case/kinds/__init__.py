"""Source kinds: one extractor per kind of page (SPEC §1 ``kind``)."""

from __future__ import annotations

from casewatch.case.kinds.base import Kind
from casewatch.case.kinds.page import GenericPage

KINDS: dict[str, Kind] = {kind.name: kind for kind in (GenericPage(),)}

__all__ = ["KINDS", "Kind"]
