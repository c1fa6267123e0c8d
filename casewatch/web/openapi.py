"""The OpenAPI 3 document of the JSON API (``/openapi.json``), written by hand
so that it states exactly what the CLI's JSON objects hold (SPEC §2)."""

from __future__ import annotations

from functools import cache
from importlib.metadata import version
from typing import Any

from casewatch.case.events import EVENT_KINDS
from casewatch.case.facts import STATUSES


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


_STRING = {"type": "string"}
_MOMENT = {"type": "string", "format": "date-time"}
_DATE = {"type": "string", "format": "date"}


def _object(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties, **extra}


_SCHEMAS: dict[str, Any] = {
    "Error": _object({"error": _STRING}),
    "Event": _object(
        {
            "id": {"type": "integer"},
            "occurred_at": _MOMENT,
            "kind": {"type": "string", "enum": list(EVENT_KINDS)},
            "person": _nullable(_STRING),
            "source": _nullable(_STRING),
            "url": _nullable(_STRING),
            "summary": _STRING,
            "details": {"type": "object", "additionalProperties": True},
        },
        description="One entry of the case timeline, as `casewatch history --format json`.",
    ),
    "Case": _object(
        {
            "person": _STRING,
            "status": {"type": "string", "enum": list(STATUSES)},
            "status_detail": _STRING,
            "status_since": _nullable(_MOMENT),
            "status_source": _nullable(_STRING),
            # When the page that said the status was found removed; null while it is up.
            "status_source_removed_at": _nullable(_MOMENT),
            "deadlines": {
                "type": "array",
                "items": _object({"date": _DATE, "label": _STRING, "source": _STRING}),
            },
            "sources": {"type": "array", "items": _STRING},
            "last_event_at": _nullable(_MOMENT),
        },
        description="A watched person's case, as `casewatch cases --json`.",
    ),
    "Says": _nullable(
        _object(
            {
                "people": {
                    "type": "array",
                    "items": _object(
                        {
                            "person": _STRING,
                            "status": {"type": "string", "enum": list(STATUSES)},
                            "status_detail": _STRING,
                            "stated_on": _nullable(_DATE),
                        }
                    ),
                },
                "deadlines": {
                    "type": "array",
                    "items": _object(
                        {"date": _DATE, "label": _STRING, "person": _nullable(_STRING)}
                    ),
                },
                "ua_number": _nullable(_STRING),
                "signatures": _nullable({"type": "integer"}),
                "signature_goal": _nullable({"type": "integer"}),
            },
            description="What the source says now (as `sources --json`).",
        )
    ),
    "Source": _object(
        {
            "name": _STRING,
            "url": _STRING,
            "kind": _STRING,
            "interval_seconds": {"type": "integer"},
            "last_checked_at": _nullable(_MOMENT),
            "outcome": _nullable(_STRING),
            "http_status": _nullable({"type": "integer"}),
            "error": _nullable(_STRING),
            "next_due_at": _nullable(_MOMENT),  # null: never checked, due at the next run
            "failures": {"type": "integer"},
            "failing": {"type": "boolean"},
            "removed": {"type": "boolean"},
            "validators": _object(
                {"etag": _nullable(_STRING), "last_modified": _nullable(_STRING)}
            ),
            "says": {"$ref": "#/components/schemas/Says"},
        },
        description="A watched source and its state, as `casewatch sources --json`.",
    ),
}


def _list_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}}


def _answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = {"$ref": "#/components/schemas/Error"}
_UNAUTHORISED = _answer("no or wrong token (only when `[web] token` is set)", _ERROR)


def _filter(name: str, description: str, items: dict[str, Any] | None = None) -> dict[str, Any]:
    schema = {"type": "array", "items": items} if items else _STRING
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **({"style": "form", "explode": True} if items else {}),
    }


_FILTERS = [
    _filter("person", "only events about this person: any alias or spelling", _STRING),
    _filter("source", "only events of this source (its config name)", _STRING),
    _filter("kind", "only events of this kind", {"type": "string", "enum": list(EVENT_KINDS)}),
    _filter("since", "from this ISO 8601 date (in [alerts] timezone) or date-time with offset"),
    _filter("until", "up to this ISO 8601 date (the whole day) or date-time with offset"),
]


@cache
def document() -> dict[str, Any]:
    """The OpenAPI 3.0 document (a fresh dict is not needed: callers only read it)."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "casewatch",
            "version": version("casewatch"),
            "description": "Read-only JSON API of the casewatch dashboard (`casewatch serve`).",
        },
        "paths": {
            "/api/cases": {
                "get": {
                    "operationId": "cases",
                    "summary": "Current state per watched person (`casewatch cases --json`)",
                    "responses": {
                        "200": _answer("every watched person", _list_of("Case")),
                        "401": _UNAUTHORISED,
                    },
                }
            },
            "/api/events": {
                "get": {
                    "operationId": "events",
                    "summary": "The event timeline, oldest first (`history --format json`)",
                    "parameters": _FILTERS,
                    "responses": {
                        "200": _answer("the matching events", _list_of("Event")),
                        "400": _answer(
                            "a person no spelling matches, an unknown source or kind, a bad date",
                            _ERROR,
                        ),
                        "401": _UNAUTHORISED,
                    },
                }
            },
            "/api/events/{event_id}": {
                "get": {
                    "operationId": "event",
                    "summary": "One event",
                    "parameters": [
                        {
                            "name": "event_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 0},
                        }
                    ],
                    "responses": {
                        "200": _answer("the event", {"$ref": "#/components/schemas/Event"}),
                        "404": _answer("no such event", _ERROR),
                        "401": _UNAUTHORISED,
                    },
                }
            },
            "/api/sources": {
                "get": {
                    "operationId": "sources",
                    "summary": "Every configured source with its state",
                    "responses": {
                        "200": _answer("every source", _list_of("Source")),
                        "401": _UNAUTHORISED,
                    },
                }
            },
        },
        "components": {
            "schemas": _SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}, {}],
    }
