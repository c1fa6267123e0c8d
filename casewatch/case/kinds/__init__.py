"""Source kinds: one extractor per kind of page (SPEC §1 ``kind``)."""

from __future__ import annotations

from casewatch.case.kinds.amnesty_ua import AmnestyUrgentAction
from casewatch.case.kinds.base import Kind
from casewatch.case.kinds.page import GenericPage
from casewatch.case.kinds.petition import Petition
from casewatch.case.kinds.viasna_list import ViasnaList
from casewatch.case.kinds.viasna_person import ViasnaPerson

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (AmnestyUrgentAction(), ViasnaPerson(), ViasnaList(), Petition(), GenericPage())
}

__all__ = ["KINDS", "Kind"]
