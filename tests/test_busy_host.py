"""A host that keeps answering 429 is asked nothing more in the cycle: its
other sources fail at once, and the other hosts' news is not held up (the QA
pass: four such sources kept a run, and every alert, waiting 7 minutes)."""

from __future__ import annotations

from casewatch.demo.server import Site
from casewatch.spiders.politeness import BUSY_ANSWERS

PAGE = "<html><body><p>Maryia Kalesnikava was {}.</p></body></html>"
BUSY_SOURCES = 6


def test_a_host_busy_again_and_again_is_left_for_the_cycle(workspace, site) -> None:
    with Site("127.0.0.2") as busy, Site() as receiver:
        busy.put("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        for number in range(BUSY_SOURCES):
            busy.put(f"/p{number}", "slow down", status=429, headers={"Retry-After": "0"})
        site.put("/news", PAGE.format("detained"))
        listed = "".join(
            f'[[sources]]\nname = "busy-{n}"\nurl = "{busy.url(f"/p{n}")}"\n'
            for n in range(BUSY_SOURCES)
        )
        workspace.write_local_config(
            f"""
            [[people]]
            name = "Maryia Kalesnikava"
            [[sources]]
            name = "news"
            url = "{site.url("/news")}"
            {listed}
            [[channels]]
            name = "staff"
            url = "json://{receiver.url("/alerts")[7:]}"
            """
        )
        assert workspace.cli("run").returncode == 1
        site.put("/news", PAGE.format("released"))
        busy.requests.clear()
        result = workspace.cli("run", "--all")
        assert result.returncode == 1
        pages_asked = [path for method, path, _ in busy.requests if path != "/robots.txt"]
        assert len(pages_asked) <= BUSY_ANSWERS + 1, pages_asked
        refused = [line for line in result.stderr.splitlines() if "not asked again" in line]
        assert refused and all("HTTP 429" in line for line in refused), result.stderr
        [(_, alert)] = receiver.posts
        assert "released" in alert["title"] + alert["message"]
