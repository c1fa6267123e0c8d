"""A crawl talks to the configured sites and to nobody else.

Scrapy's cookie handling asks tldextract whether a cookie's domain is a
public suffix, and tldextract, left to itself, downloads the Public Suffix
List the first time (casewatch.spiders.suffixes). Here the list's address
is a page of the test site (``TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS``, which
tldextract reads), so that an attempt to fetch it is seen at the server and
never leaves the machine.
"""

from __future__ import annotations

from sqlalchemy import select

from casewatch.db.models import Check, Source

PAGE = "<html><body><p>Maryia Kalesnikava is held in a penal colony.</p></body></html>"
SUFFIX_LIST = "/public_suffix_list.dat"


def test_a_site_that_sets_a_cookie_makes_no_one_else_be_asked(workspace, site) -> None:
    site.put("/cookie", PAGE, headers={"Set-Cookie": "session=1; Path=/"})
    home = workspace.folder / "home"
    cache = home / ".cache"
    workspace.env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(cache),
        TLDEXTRACT_CACHE=str(cache / "python-tldextract"),
        TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS=site.url(SUFFIX_LIST),
    )
    workspace.write_local_config(
        f'[[people]]\nname = "Maryia Kalesnikava"\n'
        f'[[sources]]\nname = "cookie"\nurl = "{site.url("/cookie")}"\n'
    )
    result = workspace.cli("run")

    assert result.returncode == 0, result.stderr
    asked = [path for method, path, _headers in site.requests if method == "GET"]
    assert SUFFIX_LIST not in asked, asked  # no attempt to fetch the suffix list
    assert "tldextract" not in result.stderr and "Public Suffix" not in result.stderr
    written = [p for p in home.rglob("*") if p.is_file()] if home.exists() else []
    assert written == [], written  # and no cache of it written
    with workspace.app().sessions() as session:
        outcome = session.scalar(select(Check.outcome).join(Source, Check.source_id == Source.id))
    assert outcome == "baseline"  # the page was read


def test_the_bundled_list_knows_public_suffixes() -> None:
    """What Scrapy asks of it, answered from the snapshot alone."""
    from casewatch.spiders.suffixes import bundled_suffix_list

    split = bundled_suffix_list()
    assert split("co.uk").domain == "" and split("blogspot.com").domain == ""
    assert split("amnesty.org.uk").domain == "amnesty"
    assert split("127.0.0.1").domain == "127.0.0.1"
