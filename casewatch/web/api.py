"""The JSON API (SPEC §6): the objects of ``cases --json`` and ``history
--format json``, built by the same functions (:mod:`casewatch.views`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from casewatch.errors import UsageError
from casewatch.sources import source_objects
from casewatch.views import case_objects, event_object, history_objects
from casewatch.web.filters import history_query
from casewatch.web.openapi import document
from casewatch.web.site import Site


def _site(request: Request) -> Site:
    return request.app.state.site


def error(status: int, message: str) -> JSONResponse:
    """``{"error": message}``, the body of every API error."""
    return JSONResponse({"error": message}, status_code=status)


def api_cases(request: Request) -> Response:
    site = _site(request)
    with site.sessions() as session:
        return JSONResponse(case_objects(session, site.config))


def api_events(request: Request) -> Response:
    site = _site(request)
    try:
        where = site.where(history_query(request.query_params))
    except UsageError as problem:
        return error(400, str(problem))
    with site.sessions() as session:
        return JSONResponse(history_objects(session, where))


def api_event(request: Request) -> Response:
    site = _site(request)
    event_id = request.path_params["event_id"]
    with site.sessions() as session:
        event = site.event(session, event_id)
        if event is None:
            return error(404, f"no event {event_id}")
        return JSONResponse(event_object(event))


def api_sources(request: Request) -> Response:
    site = _site(request)
    with site.sessions() as session:
        return JSONResponse(source_objects(session, site.config))


def openapi(request: Request) -> Response:
    return JSONResponse(document())
