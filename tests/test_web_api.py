"""The JSON API returns the CLI's JSON objects, on the same database, for
every filter; its OpenAPI document validates and holds under generated
requests (schemathesis)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from starlette.testclient import TestClient

from casewatch.config import load_config
from casewatch.web.app import create_app
from casewatch.web.database import readonly_engine
from casewatch.web.openapi import document


def _client(crawled: Any) -> TestClient:
    config = load_config(crawled.workspace.config_path, environ=crawled.workspace.env)
    return TestClient(
        create_app(config, readonly_engine(config.settings.database.url, config.redact))
    )


@pytest.fixture
def api(crawled: Any) -> Iterator[TestClient]:
    with _client(crawled) as client:
        yield client


def _filters() -> list[tuple[dict[str, Any], list[str]]]:
    """(query parameters, the same filter as ``history`` options)."""
    today = dt.date.today().isoformat()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    return [
        ({}, []),
        ({"person": "Maria Kolesnikova"}, ["--person", "Maria Kolesnikova"]),
        ({"person": "Мария Колесникова"}, ["--person", "Мария Колесникова"]),
        ({"person": "Ales Bialiatski"}, ["--person", "Ales Bialiatski"]),
        (
            {"person": ["Алесь Бяляцкі", "Maryia Kalesnikava"]},
            ["--person", "Алесь Бяляцкі", "--person", "Maryia Kalesnikava"],
        ),
        ({"source": "Навіны"}, ["--source", "Навіны"]),
        ({"source": ["Forum", "Broken"]}, ["--source", "Forum", "--source", "Broken"]),
        ({"kind": "page_changed"}, ["--kind", "page_changed"]),
        (
            {"kind": ["status_changed", "new_mention"]},
            ["--kind", "status_changed", "--kind", "new_mention"],
        ),
        ({"since": today}, ["--since", today]),
        ({"since": tomorrow}, ["--since", tomorrow]),
        ({"until": today}, ["--until", today]),
        ({"until": "2020-01-01T00:00+03:00"}, ["--until", "2020-01-01T00:00+03:00"]),
        (
            {"person": "Kalesnikava", "source": "UA 147.20", "kind": "page_changed",
             "since": today},
            [
                "--person", "Kalesnikava", "--source", "UA 147.20",
                "--kind", "page_changed", "--since", today,
            ],
        ),
    ]  # fmt: skip


def test_cases_equal_the_cli(crawled, api) -> None:
    answer = api.get("/api/cases")
    assert answer.status_code == 200
    assert answer.json() == crawled.cli_json("cases", "--json")
    assert [c["person"] for c in answer.json()] == [
        "Maryia Kalesnikava",
        "Алесь Бяляцкі",
        "Ihar Losik",
    ]


def test_events_equal_the_cli_for_every_filter(crawled, api) -> None:
    for params, options in _filters():
        answer = api.get("/api/events", params=params)
        assert answer.status_code == 200, (params, answer.text)
        expected = crawled.cli_json("history", "--format", "json", *options)
        assert answer.json() == expected, params
    assert api.get("/api/events", params={"person": "Мария Колесникова"}).json()


def test_one_event_and_the_errors(crawled, api) -> None:
    everything = crawled.cli_json("history", "--format", "json")
    for expected in everything:
        assert api.get(f"/api/events/{expected['id']}").json() == expected
    assert api.get("/api/events/999999").status_code == 404
    assert api.get(f"/api/events/{2**40}").status_code == 404
    unknown = api.get("/api/events", params={"person": "Nobody Atall"})
    assert unknown.status_code == 400
    assert "matches no watched person" in unknown.json()["error"]
    cli = crawled.workspace.cli("history", "--person", "Nobody Atall")
    assert cli.returncode == 2 and unknown.json()["error"] in cli.stderr
    assert api.get("/api/events", params={"since": "yesterday"}).status_code == 400
    assert api.get("/api/events", params={"kind": "nonsense"}).status_code == 400
    assert api.get("/api/events", params={"source": "Nowhere"}).status_code == 400
    backwards = api.get("/api/events", params={"since": "2026-03-01", "until": "2026-02-01"})
    assert backwards.status_code == 400
    assert backwards.json()["error"] == "until 2026-02-01 is earlier than since 2026-03-01"
    page = api.get("/events", params={"since": "2026-03-01", "until": "2026-02-01"})
    assert page.status_code == 400 and "earlier than since" in page.text


def test_an_offset_typed_into_the_address_bar_is_read(crawled, api) -> None:
    """A "+" typed in an address is a space once the query string is decoded."""
    typed = api.get("/api/events?since=2020-01-01T00:00+03:00")
    assert typed.status_code == 200, typed.text
    assert typed.json() == crawled.cli_json("history", "--format", "json")
    nothing = api.get("/api/events?until=2020-01-01T00:00:00+03:00")
    assert (nothing.status_code, nothing.json()) == (200, [])


def test_sources_state(crawled, api) -> None:
    answer = api.get("/api/sources").json()
    assert answer == crawled.cli_json("sources", "--json")  # one serialiser
    sources = {s["name"]: s for s in answer}
    assert list(sources) == ["UA 147.20", "Навіны", "Forum", "Broken"]
    assert sources["Broken"]["failures"] == 1 and sources["Broken"]["failing"]
    assert sources["Broken"]["outcome"] == "failed"
    ua = sources["UA 147.20"]
    assert ua["validators"]["etag"]
    [said] = ua["says"]["people"]
    assert (said["person"], said["status"]) == ("Maryia Kalesnikava", "sentenced")
    assert ua["says"]["deadlines"][0]["label"] == "action deadline"
    # A failed check is retried sooner than the interval (casewatch/due.py).
    broken = sources["Broken"]
    wait = dt.datetime.fromisoformat(broken["next_due_at"]) - dt.datetime.fromisoformat(
        broken["last_checked_at"]
    )
    assert wait < dt.timedelta(seconds=broken["interval_seconds"])


def test_no_route_changes_data(api) -> None:
    for path in ("/", "/api/cases", "/api/events", "/api/sources", "/sources"):
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            assert api.request(method, path).status_code == 405, (method, path)


def test_the_openapi_document_validates(api) -> None:
    served = api.get("/openapi.json").json()
    assert served == document()
    validate(served)
    assert set(served["paths"]) == {
        "/api/cases",
        "/api/events",
        "/api/events/{event_id}",
        "/api/sources",
    }


def test_generated_requests_find_no_server_error(crawled) -> None:
    """Schemathesis draws requests from the document, valid and not; every
    answer is a documented one, never a server error. (A schema-valid filter
    may still be a 400: ``person`` is any string, and one that names no one is
    the user's mistake, so that one check is left out.)"""
    with _client(crawled) as client:
        schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
        for result in schema.get_all_operations():
            operation = result.ok()

            @given(case=operation.as_strategy())
            @settings(
                max_examples=25,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case: Any) -> None:
                case.call_and_validate(
                    excluded_checks=[schemathesis.checks.positive_data_acceptance]
                )

            check()


def test_pages_may_run_no_script_nor_be_framed(api) -> None:
    page = api.get("/")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "script-src" not in page.headers["content-security-policy"]  # none allowed
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    style = api.get("/static/style.css")
    assert style.status_code == 200 and "no-store" not in style.headers.get("cache-control", "")
