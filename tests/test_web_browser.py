"""The dashboard as a person sees it: headless Chromium on pages served by
``casewatch serve`` over a database that a real crawl of local pages built."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HOSTILE_MARKUP = "<script>window.pwned = 1</script>"


@pytest.fixture
def dashboard(served_dashboard):
    return served_dashboard


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest, artefacts: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    opened.screenshot(path=str(artefacts / f"{request.node.name}.png"), full_page=True)
    context.close()


def _event_id(crawled: Any, kind: str, source: str) -> int:
    events = crawled.cli_json("history", "--format", "json", "--kind", kind, "--source", source)
    return events[-1]["id"]


def test_board_shows_every_person_in_any_script_with_status(dashboard, page) -> None:
    _, url = dashboard
    page.goto(url)
    rows = page.locator("table.board tbody tr")
    assert rows.count() == 3
    text = page.locator("table.board").inner_text()
    assert "Maryia Kalesnikava" in text and "Алесь Бяляцкі" in text and "Ihar Losik" in text
    kalesnikava = rows.filter(has_text="Maryia Kalesnikava")
    assert "sentenced" in kalesnikava.locator(".status").inner_text()
    assert "UA 147.20" in kalesnikava.inner_text()  # the source that said so, linked
    assert kalesnikava.locator("a.source").get_attribute("href").endswith("/ua")
    assert "days)" in kalesnikava.inner_text()  # the action deadline, with days left
    assert rows.filter(has_text="Ihar Losik").locator(".status").inner_text() == "unknown"
    attention = page.locator("section.attention").inner_text()
    assert "Broken" in attention  # a failing source is at the top
    assert "Alerts not delivered" in attention


def test_person_page_has_timeline_newest_first_and_status_picture(dashboard, page) -> None:
    _, url = dashboard
    page.goto(url)
    page.locator("table.board").get_by_role("link", name="Maryia Kalesnikava").click()
    assert page.url.endswith("/people/maryia-kalesnikava")
    assert page.locator("h1").inner_text() == "Maryia Kalesnikava"
    whens = page.locator("table.events td.when").all_inner_texts()
    assert len(whens) >= 2 and whens == sorted(whens, reverse=True)
    assert page.locator("figure.timeline svg rect.band").count() >= 1
    assert "sentenced" in page.locator("figure.timeline figcaption").inner_text()
    # Any spelling finds the page.
    page.goto(url + "people/Мария Колесникова")
    assert page.url.endswith("/people/maryia-kalesnikava")


def test_cyrillic_person_page(dashboard, page) -> None:
    _, url = dashboard
    page.goto(url)
    page.locator("table.board").get_by_role("link", name="Алесь Бяляцкі").click()
    assert page.locator("h1").inner_text() == "Алесь Бяляцкі"
    assert "Навіны" in page.locator("table.events").inner_text()


def test_event_page_marks_deletions_and_insertions(dashboard, page) -> None:
    crawled, url = dashboard
    event_id = _event_id(crawled, "page_changed", "UA 147.20")
    page.goto(f"{url}events/{event_id}")
    deleted = " ".join(page.locator("table.diff del").all_inner_texts())
    inserted = " ".join(page.locator("table.diff ins").all_inner_texts())
    assert "detained" in deleted and "sentenced" not in deleted
    assert "sentenced" in inserted and "detained" not in inserted
    assert "11 years" in page.locator("pre.snapshot").inner_text()


def test_sources_page(dashboard, page) -> None:
    _, url = dashboard
    page.goto(url + "sources")
    broken = page.locator("table.sources tr", has_text="Broken")
    assert "failed" in broken.inner_text()
    assert broken.locator("td.num").inner_text() == "1"
    ua = page.locator("table.sources tr", has_text="UA 147.20")
    assert "amnesty_ua" in ua.inner_text()
    assert "ETag" in ua.locator("td.validators").inner_text()


def test_hostile_page_text_is_shown_never_run(dashboard, page) -> None:
    crawled, url = dashboard
    event_id = _event_id(crawled, "page_changed", "Forum")
    page.goto(f"{url}events/{event_id}")
    shown = page.locator("pre.snapshot").inner_text()
    assert "<script>window.pwned = 1</script>" in shown
    assert "<!channel>" in shown
    assert "\u202e" not in page.content()  # the override is shown, not obeyed
    assert "file⟨U+202E⟩txt.exe" in shown
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("main script").count() == 0
    assert HOSTILE_MARKUP in " ".join(page.locator("table.diff ins").all_inner_texts())


def test_filters_are_shareable_links(dashboard, page) -> None:
    _, url = dashboard
    page.goto(url + "events")
    page.fill("input[name=person]", "Ales Bialiatski")
    page.click("form.filters button")
    assert "person=Ales+Bialiatski" in page.url
    people = set(page.locator("table.events tbody tr td:nth-child(3)").all_inner_texts())
    assert people == {"Алесь Бяляцкі"}
    page.goto(url + "events?kind=page_changed&source=Forum")
    assert set(page.locator("table.events span.kind").all_inner_texts()) == {"page_changed"}
    page.goto(url + "events?person=Nobody+Atall")
    assert "matches no watched person" in page.locator("main").inner_text()


def test_login_form_sets_an_http_only_cookie(dashboard, browser, serve, workspace) -> None:
    crawled, _ = dashboard
    token = "web-token-0123456789"
    config = crawled.workspace.config_path.read_text(encoding="utf-8")
    workspace.write_config(config + f'\n[web]\ntoken = "{token}"\n')
    context = browser.new_context()
    page = context.new_page()
    try:
        with serve(workspace) as url:
            answer = page.goto(url + "sources")
            assert answer.status == 401
            page.fill("input[name=token]", "not-the-token-at-all")
            page.click("form.login button")
            assert "not the token" in page.locator("main").inner_text()
            page.fill("input[name=token]", token)
            page.click("form.login button")
            assert page.url == url + "sources"
            assert page.locator("h1").inner_text() == "Sources"
            [cookie] = context.cookies()
            assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
            assert token not in cookie["value"]
    finally:
        context.close()
