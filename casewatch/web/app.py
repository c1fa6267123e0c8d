"""The dashboard's ASGI application: routes, middleware and shared state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from casewatch.config import Config
from casewatch.db.engine import make_sessionmaker
from casewatch.db.models import utcnow
from casewatch.web import api, pages
from casewatch.web.auth import TokenGate, login
from casewatch.web.headers import SecurityHeaders
from casewatch.web.site import Site


def create_app(
    config: Config, engine: Engine, clock: Callable[[], dt.datetime] = utcnow
) -> Starlette:
    """The app over ``engine`` (read-only: see :mod:`casewatch.web.database`);
    only GET and HEAD are routed, but for the login form's POST."""
    routes = [
        Route("/", pages.board_page),
        Route("/people/{slug}", pages.person_page),
        Route("/events", pages.events_page),
        Route("/events/{event_id:int}", pages.event_page),
        Route("/sources", pages.sources_page),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/api/cases", api.api_cases),
        Route("/api/events", api.api_events),
        Route("/api/events/{event_id:int}", api.api_event),
        Route("/api/sources", api.api_sources),
        Route("/openapi.json", api.openapi),
        Mount("/static", StaticFiles(packages=[("casewatch.web", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(TokenGate, token=config.settings.web.token),
        ],
        exception_handlers={404: pages.not_found},
    )
    app.state.site = Site(config, make_sessionmaker(engine), clock)
    return app
