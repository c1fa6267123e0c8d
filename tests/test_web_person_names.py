"""The dashboard's person pages take what ``history --person`` takes: any
spelling, or a given name or the start of a name only one person fits
(casewatch/names.py); several fits or none answer 404 naming the candidates."""

from __future__ import annotations

import urllib.parse

import pytest

PAGE = "<html><body><article><p>{text}</p></article></body></html>"


@pytest.mark.parametrize("typed", ["Maryia", "Kalesn", "maria-kolesnikova", "Колесникова"])
def test_a_part_only_one_person_fits_finds_their_page(served_dashboard, http_get, typed) -> None:
    _, url = served_dashboard
    status, page = http_get(url + "people/" + urllib.parse.quote(typed))
    assert status == 200, page
    assert "<h1>Maryia Kalesnikava</h1>" in page


def test_several_fits_or_none_are_named(workspace, site, serve, http_get) -> None:
    workspace.write_local_config(
        f"""
        [[people]]
        name = "Maryia Kalesnikava"
        [[people]]
        name = "Maryia Rabkova"
        [[sources]]
        name = "UA"
        url = "{site.url("/ua")}"
        """
    )
    site.put("/ua", PAGE.format(text="Quiet so far."))
    assert workspace.cli("run").returncode == 0
    with serve(workspace) as url:
        status, page = http_get(url + "people/Maryia")
        assert status == 404
        assert "could be any of &#39;Maryia Kalesnikava&#39;, &#39;Maryia Rabkova&#39;" in page
        status, page = http_get(url + "people/Ihar")
        assert status == 404
        assert "&#39;Ihar&#39; matches no watched person (the people are" in page
