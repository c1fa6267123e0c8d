"""The contract every source kind fulfils."""

from __future__ import annotations

import re
from typing import ClassVar

from casewatch.case.facts import Facts
from casewatch.case.people import PeopleIndex


class Kind:
    """Reads one kind of page. Subclasses set ``name`` and may add ``noise``.

    ``extract`` is a pure function over the watched text; it must never raise,
    whatever the page holds.
    """

    name: ClassVar[str]
    # Built-in noise for this kind: removed before comparing, like ``ignore``.
    noise: ClassVar[tuple[re.Pattern[str], ...]] = ()

    def extract(self, text: str, people: PeopleIndex) -> Facts:
        raise NotImplementedError
