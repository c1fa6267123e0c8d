"""``amnesty_ua``: an Amnesty International Urgent Action or its follow-up."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from casewatch.case.deadlines import find_deadlines
from casewatch.case.facts import Facts
from casewatch.case.kinds.amnesty_targets import find_targets
from casewatch.case.kinds.base import Kind
from casewatch.case.mentions import people_facts
from casewatch.case.people import PeopleIndex

# "UA 147.20", "Urgent Action 85.21", "UA 85/21 UPDATE 1", "FI 168/19-1".
_UA = re.compile(
    r"\b(?:UA|FI|(?i:urgent action|срочная акция|тэрміновая акцыя))\s*"
    r"(?:No\.?|#)?\s*:?\s*(?P<n>\d{1,3})\s*[./]\s*(?P<y>\d{2})(?!\d)"
    r"(?:-(?P<fi>\d{1,2})\b)?(?:\s+(?i:update)\s+(?P<update>\d{1,2})\b)?"
)
_AI_INDEX = re.compile(
    r"\b(?P<region>EUR|AFR|AMR|ASA|MDE|ACT|POL|IOR)\s?(?P<rest>\d{2}/\d{3,5}/\d{4})\b"
)
_FOLLOW_UP = re.compile(
    r"\b(?:urgent action update|further information on (?:urgent action|ua)\b|FI \d)",
    re.IGNORECASE,
)
# The ask, for reminders: "I urge you to ...", "Urging President ... to ...".
_ACTION = re.compile(
    r"\b(?:I (?:urge|call on|ask) you\b|Urging\b|Calling on\b|Please (?:ask|urge|call on)\b)"
    r"[^\n]*?(?:[.;](?=\s|$)|$)",
    re.IGNORECASE | re.MULTILINE,
)
_ACTION_LIMIT = 300
_LANGUAGES = re.compile(
    r"^PREFERRED LANGUAGES? TO ADDRESS TARGETS?\s*:\s*(?P<langs>.+)$",
    re.IGNORECASE | re.MULTILINE,
)


class AmnestyUrgentAction(Kind):
    name = "amnesty_ua"

    def read(
        self,
        text: str,
        people: PeopleIndex,
        page_date: dt.date | None = None,
        today: dt.date | None = None,
        subject: str | None = None,
    ) -> Facts:
        extra: dict[str, Any] = {}
        numbers = list(_UA.finditer(text))
        ua = numbers[0] if numbers else None
        # A follow-up names its update anywhere: "UA 85/21 UPDATE 1", "FI 168/19-1".
        for key, group in (("further_information", "fi"), ("update", "update")):
            found = next((int(m.group(group)) for m in numbers if m.group(group)), None)
            if found is not None:
                extra[key] = found
        if _FOLLOW_UP.search(text):
            extra["follow_up"] = True
        index = _AI_INDEX.search(text)
        languages = _LANGUAGES.search(text)
        if languages:
            extra["languages"] = [
                lang.strip(" .")
                for lang in re.split(r",|\band\b|/", languages.group("langs"))
                if lang.strip(" .")
            ]
        action = _ACTION.search(text)
        if action:
            extra["action"] = _shorten(action.group(0).strip(), _ACTION_LIMIT)
        targets = find_targets(text)
        if targets:
            extra["targets"] = targets
        return Facts(
            people=people_facts(text, people, page_date, today),
            deadlines=tuple(find_deadlines(text, page_date=page_date, today=today)),
            ua_number=f"{int(ua.group('n'))}.{ua.group('y')}" if ua else None,
            ai_index=f"{index.group('region')} {index.group('rest')}" if index else None,
            extra=extra,
        )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
