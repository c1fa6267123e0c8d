"""Credentials in a source URL (README: secrets): a user:password is sent as
HTTP Basic auth to the source's own site and nowhere else, and neither it nor
a ``?apikey=`` value shows in any output, alert, dashboard answer or row of
the database. Through ``casewatch run`` against pages on 127.0.0.1."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import MetaData, create_engine, select

from casewatch.config.secrets import mask_credentials, split_credentials
from casewatch.demo.server import Site
from casewatch.spiders.auth import same_site

from .conftest import WEB_PAGE, Workspace

PASSWORD, KEY = "pw_VERYSECRET", "key_VERYSECRET"
AUTH = f"reader:{PASSWORD}"


def _ua(status: str) -> str:
    return WEB_PAGE.format(body=f"<h1>Belarus</h1><p>Maryia Kalesnikava was {status} in Minsk.</p>")


@dataclass
class Sites:
    protected: Site  # 127.0.0.1: every page behind Basic auth
    other: Site  # 127.0.0.2: where a protected page redirects
    hook: Site  # the JSON webhook the alerts go to


@pytest.fixture
def sites() -> Iterator[Sites]:
    with Site("127.0.0.1") as protected, Site("127.0.0.2") as other, Site() as hook:
        protected.put("/robots.txt", "User-agent: *\nAllow: /\n", auth=AUTH)
        protected.put(f"/p/ua.html?apikey={KEY}", _ua("detained"), auth=AUTH)
        protected.put(f"/tok.html?access_token={KEY}", _ua("detained"))
        # Redirected to its site's front page (with the key): a removed page.
        location = {"Location": f"/?apikey={KEY}"}
        protected.put(f"/gone?apikey={KEY}", "", status=302, headers=location, auth=AUTH)
        protected.put(f"/?apikey={KEY}", WEB_PAGE.format(body="<p>Home</p>"), auth=AUTH)
        # Moved to another host, which must not be sent the credentials.
        away = {"Location": other.url("/landed")}
        protected.put("/away", "", status=302, headers=away, auth=AUTH)
        other.put("/landed", _ua("detained"))
        yield Sites(protected, other, hook)


def _config(workspace: Workspace, sites: Sites, database_url: str) -> None:
    base = sites.protected.base_url.removeprefix("http://")
    hook = sites.hook.base_url.removeprefix("http://")
    workspace.env.update(SRC_PW=PASSWORD, SRC_KEY=KEY)
    workspace.write_local_config(
        f"""
        [[people]]
        name = "Maryia Kalesnikava"
        aliases = ["Maria Kolesnikova"]
        [[sources]]
        name = "authsrc"
        url = "http://reader:${{SRC_PW}}@{base}/p/ua.html?apikey=${{SRC_KEY}}"
        kind = "amnesty_ua"
        [[sources]]
        name = "tok"
        url = "http://{base}/tok.html?access_token=${{SRC_KEY}}"
        [[sources]]
        name = "gone"
        url = "http://reader:${{SRC_PW}}@{base}/gone?apikey=${{SRC_KEY}}"
        [[sources]]
        name = "away"
        url = "http://reader:${{SRC_PW}}@{base}/away"
        [[channels]]
        name = "hook"
        url = "json://{hook}/alerts"
        """,
        database_url,
        crawl="failures_before_alert = 1",
    )


def _database_text(database_url: str) -> str:
    """Every value of every row of every table, as text; snapshots' and any
    other compressed blobs decompressed."""
    engine = create_engine(database_url)
    metadata = MetaData()
    metadata.reflect(engine)
    values: list[str] = []
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)):
                for value in row:
                    if isinstance(value, bytes):
                        value = zlib.decompress(value).decode("utf-8")
                    values.append(
                        value if isinstance(value, str) else json.dumps(value, default=str)
                    )
    engine.dispose()
    return "\n".join(values)


def test_a_protected_page_is_read_and_its_credentials_show_nowhere(
    workspace: Workspace, sites: Sites, database_url: str, serve, http_get
) -> None:
    _config(workspace, sites, database_url)
    seen: dict[str, str] = {}  # every output a user or a channel gets, by where it came from
    first = workspace.cli("-vv", "run")
    sites.protected.put(f"/p/ua.html?apikey={KEY}", _ua("sentenced"), auth=AUTH)
    sites.protected.put(f"/tok.html?access_token={KEY}", _ua("sentenced"))
    second = workspace.cli("-vv", "run", "--all")
    for n, result in enumerate((first, second), 1):
        assert result.returncode == 0, result.stderr
        assert "DEBUG" in result.stderr  # every log line, Scrapy's too
        seen |= {f"run {n} stdout": result.stdout, f"run {n} log": result.stderr}

    sources = json.loads(workspace.cli("sources", "--json").stdout)
    read = {s["name"]: s for s in sources}
    [said] = read["authsrc"]["says"]["people"]
    assert (read["authsrc"]["outcome"], said["status"]) == ("changed", "sentenced")
    host = sites.protected.base_url.removeprefix("http://")
    assert read["authsrc"]["url"] == f"http://reader:***@{host}/p/ua.html?apikey=***"
    assert read["tok"]["url"].endswith("/tok.html?access_token=***")
    assert read["away"]["says"]["people"]  # read where it landed
    # The fetch's error names the URL it was sent to, key and all: masked.
    assert read["gone"]["error"] == f"redirected to {sites.protected.base_url}/?apikey=***"
    for args in (
        ("sources",),
        ("sources", "--json"),
        ("history",),
        ("history", "--format", "json"),
        ("history", "--format", "csv"),
        ("status",),
        ("status", "--json"),
        ("cases", "--json"),
        ("config", "check"),
    ):
        result = workspace.cli(*args)
        assert result.stdout, args
        seen |= {" ".join(args): result.stdout, f"{' '.join(args)} stderr": result.stderr}
    history = json.loads(workspace.cli("history", "--format", "json").stdout)
    changed = {e["source"]: e["url"] for e in history if e["kind"] == "status_changed"}
    assert changed == {name: read[name]["url"] for name in ("authsrc", "tok")}
    [failing] = [e for e in history if e["kind"] == "source_failing"]  # gone's first check
    assert failing["summary"].endswith("/?apikey=***)")

    assert sites.hook.posts, "no alert was delivered"
    seen |= {f"alert {n}": json.dumps(post) for n, (_, post) in enumerate(sites.hook.posts)}

    with serve(workspace) as url:
        paths = ["", "sources", "events", "api/cases", "api/sources", "api/events"]
        paths += [f"events/{e['id']}" for e in history] + [f"api/events/{e['id']}" for e in history]
        paths.append("people/maryia-kalesnikava")
        for path in paths:
            status, body = http_get(url + path)
            assert status == 200, path
            seen[f"GET /{path}"] = body

    seen["database"] = _database_text(database_url)
    assert f"http://reader:***@{host}/p/ua.html?apikey=***" in seen["database"]
    assert [where for where, text in seen.items() if PASSWORD in text or KEY in text] == []

    # The credentials went with every request of their sources, robots.txt
    # and a redirect within the site included; not with another source's
    # request to the same site, nor to the host a page redirected to.
    asked = {path: "Authorization" in headers for _, path, headers in sites.protected.requests}
    assert {path for path, sent in asked.items() if not sent} == {f"/tok.html?access_token={KEY}"}
    assert {"/robots.txt", f"/p/ua.html?apikey={KEY}", f"/?apikey={KEY}", "/away"} <= set(asked)
    assert sites.other.requests and not [
        h for *_, h in sites.other.requests if "Authorization" in h
    ]


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        (
            "http://reader:pw_x@h:81/p?apikey=k1&lang=en",
            "http://reader:***@h:81/p?apikey=***&lang=en",
        ),
        ("https://h/p?access_token=k&x", "https://h/p?access_token=***&x"),
        ("http://u:ab@h/", "http://u:***@h/"),  # too short for the redactor, masked all the same
        ("http://u@h/p", "http://u@h/p"),
        ("https://h/cases/ua-147-20", "https://h/cases/ua-147-20"),
    ],
)
def test_masked_urls(url: str, masked: str) -> None:
    assert mask_credentials(url) == masked


def test_credentials_are_split_off_decoded() -> None:
    assert split_credentials("http://me%40org:p%3Aw@h:8/p?q=1") == (
        "http://h:8/p?q=1",
        ("me@org", "p:w"),
    )
    assert split_credentials("https://h/p") == ("https://h/p", None)


@pytest.mark.parametrize(
    ("there", "allowed"),
    [
        ("http://h.org/other", True),
        ("http://H.org:80/x", True),
        ("https://h.org/x", True),  # the usual upgrade to HTTPS
        ("http://h.org:8080/x", False),
        ("http://sub.h.org/x", False),
        ("http://other.org/x", False),
    ],
)
def test_credentials_stay_on_their_site(there: str, allowed: bool) -> None:
    assert same_site("http://h.org/p", there) is allowed
    assert not same_site("https://h.org/p", "http://h.org/p")  # never downgraded
