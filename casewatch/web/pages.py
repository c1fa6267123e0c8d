"""The dashboard's pages (SPEC §6): board, people, events, sources.

Every handler only reads; a filter mistake (a name no one has, a bad date)
answers 400 with the reason, on the page.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from casewatch.alerts.templates import labelled_facts
from casewatch.cases import status_steps
from casewatch.db import loaded
from casewatch.db.models import Check, Snapshot
from casewatch.errors import UsageError
from casewatch.names import person_name
from casewatch.sources import source_objects
from casewatch.views import HistoryQuery, case_objects, event_object
from casewatch.web.board import board
from casewatch.web.diffview import side_by_side
from casewatch.web.filters import history_query
from casewatch.web.site import Site
from casewatch.web.timeline import picture

PAGE_SIZE = 100  # events per page of a list


def _site(request: Request) -> Site:
    return request.app.state.site


def board_page(request: Request) -> Response:
    site = _site(request)
    with site.sessions() as session:
        return site.render("board.html.j2", title="Cases", **board(session, site))


def sources_page(request: Request) -> Response:
    site = _site(request)
    with site.sessions() as session:
        sources = source_objects(session, site.config)
    return site.render("sources.html.j2", title="Sources", sources=sources)


def events_page(request: Request) -> Response:
    """The history, newest first, filtered as ``casewatch history`` is."""
    site = _site(request)
    return _event_list(request, site, history_query(request.query_params), "events.html.j2")


def person_page(request: Request) -> Response:
    site = _site(request)
    slug = request.path_params["slug"]
    person = site.person_by_slug(slug)
    if person is None:
        # Any spelling, or a part only one person's name fits, finds the person
        # as on the command line: /people/Колесникова, /people/Maryia → their page.
        try:
            name = person_name(site.config, site.people, slug.replace("-", " "))
        except UsageError as exc:  # no one, or several: the message names the candidates
            return site.render("error.html.j2", 404, title="Not found", message=f"{exc}.")
        return RedirectResponse(f"/people/{site.slugs[name]}", status_code=307)
    asked = history_query(request.query_params)
    query = HistoryQuery((person.name,), asked.source, asked.kind, asked.since, asked.until)
    with site.sessions() as session:
        [case] = [c for c in case_objects(session, site.config) if c["person"] == person.name]
        steps = status_steps(session, site.config, person)
    extra = {
        "person": person,
        "case": case,
        "picture": picture(steps, site.clock(), site.tz),
        "filters": asked,
    }
    return _event_list(request, site, query, "person.html.j2", **extra)


def _event_list(
    request: Request, site: Site, query: HistoryQuery, template: str, **extra: Any
) -> Response:
    page = _page_number(request)
    title = extra["person"].name if "person" in extra else "Events"
    try:
        where = site.where(query)
    except UsageError as error:
        return site.render("error.html.j2", 400, title="Bad filter", message=str(error))
    with site.sessions() as session:
        found = loaded.history_page(session, where, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
        events = [event_object(e) for e in found[:PAGE_SIZE]]
    extra.setdefault("filters", query)
    return site.render(
        template,
        title=title,
        events=events,
        page=page,
        more=len(found) > PAGE_SIZE,
        **extra,
    )


def _page_number(request: Request) -> int:
    text = request.query_params.get("page", "1")
    return int(text) if text.isdigit() and 0 < int(text) < 1_000_000 else 1


def event_page(request: Request) -> Response:
    site = _site(request)
    event_id = request.path_params["event_id"]
    with site.sessions() as session:
        event = site.event(session, event_id)
        if event is None:
            return site.render(
                "error.html.j2", 404, title="Not found", message=f"No event {event_id}."
            )
        rows = before = after = None
        if event.diff is not None:
            before, after = event.diff.old_snapshot, event.diff.new_snapshot
            rows = side_by_side(before.text, after.text)
        snapshot = after or _checked_snapshot(session, event.check_id)
        return site.render(
            "event.html.j2",
            title=f"Event {event.id}",
            event=event_object(event),
            # Labelled as alerts label them ("Was", "Now"), days counted from detection.
            facts=labelled_facts(
                event.kind, event.details, event.occurred_at.astimezone(site.tz).date()
            ),
            rows=rows,
            before=before,
            after=after,
            snapshot=snapshot,
            snapshot_text=snapshot.text if snapshot else None,
        )


def _checked_snapshot(session: Any, check_id: int | None) -> Snapshot | None:
    """The snapshot the page showed at the event's check (events without a diff)."""
    if check_id is None:
        return None
    return session.scalar(
        select(Snapshot).join(Check, Check.snapshot_id == Snapshot.id).where(Check.id == check_id)
    )


def not_found(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": "no such address"}, status_code=404)
    return _site(request).render("error.html.j2", 404, title="Not found", message="No such page.")
