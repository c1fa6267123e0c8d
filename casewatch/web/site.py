"""What every request of the dashboard shares: config, read-only sessions,
the people matcher, page addresses and the templates."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import jinja2
from sqlalchemy.orm import Session, sessionmaker
from starlette.responses import HTMLResponse

from casewatch.case.events import EVENT_KINDS
from casewatch.case.facts import describe_status
from casewatch.case.people import PeopleIndex
from casewatch.config import Config, PersonConfig
from casewatch.db import loaded, queries
from casewatch.db.models import Event, utcnow
from casewatch.text import plural
from casewatch.views import HistoryQuery, history_filter
from casewatch.web import text
from casewatch.web.filters import query_string
from casewatch.web.slugs import person_slugs

MAX_EVENT_ID = 2**31 - 1


@dataclass
class Site:
    config: Config
    sessions: sessionmaker[Session]
    clock: Callable[[], dt.datetime] = utcnow
    people: PeopleIndex = field(init=False)
    slugs: dict[str, str] = field(init=False)  # canonical name → slug

    def __post_init__(self) -> None:
        self.people = PeopleIndex(self.config.settings.people)
        self.slugs = person_slugs(p.name for p in self.config.settings.people)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.config.settings.alerts.timezone)

    def today(self) -> dt.date:
        return self.clock().astimezone(self.tz).date()

    def person_by_slug(self, slug: str) -> PersonConfig | None:
        name = next((n for n, s in self.slugs.items() if s == slug), None)
        return next((p for p in self.config.settings.people if p.name == name), None)

    def source_url(self, name: str | None) -> str | None:
        """The configured source's address as shown (credentials masked); None if unknown."""
        return next((s.masked_url for s in self.config.settings.sources if s.name == name), None)

    def event(self, session: Session, event_id: int) -> Event | None:
        """The event with this id, with its diff and source; None past the id
        range of the database (PostgreSQL's are 32-bit), as for a missing one."""
        return loaded.event(session, event_id) if event_id <= MAX_EVENT_ID else None

    def where(self, query: HistoryQuery) -> queries.HistoryFilter:
        """The database filter; UsageError (a 400) for an unknown name or a bad date."""
        return history_filter(self.config, self.people, query)

    @cached_property
    def templates(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("casewatch.web", "templates"),
            autoescape=True,  # every template, whatever its name: page text is hostile
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["page_text"] = text.page_text
        env.filters["plural"] = plural
        env.filters["local"] = lambda value: text.local_time(value, self.tz)
        env.filters["days_left"] = lambda date: text.days_left(date, self.today())
        env.filters["status"] = lambda case: describe_status(
            case["status"], case.get("status_detail", "")
        )
        env.globals.update(
            slugs=self.slugs,
            source_url=self.source_url,
            query_string=query_string,
            kinds=EVENT_KINDS,
            timezone=self.config.settings.alerts.timezone,
            people=[p.name for p in self.config.settings.people],
            sources=[s.name for s in self.config.settings.sources],
        )
        return env

    def render(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        page = self.templates.get_template(template).render(**context)
        return HTMLResponse(page, status_code=status_code)
