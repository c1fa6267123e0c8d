"""Config problems in casewatch's own words, at their key path; aliases in
``[[sources]] people``; what ``config check`` finds beyond the schema; and
read-only commands that need no channel secrets."""

from __future__ import annotations

import pytest

MINIMAL = """
[[people]]
name = "Maryia Kalesnikava"
aliases = ["Maria Kolesnikova"]
tags = ["viasna"]
[[sources]]
name = "UA 147.20"
url = "https://example.org/ua"
"""
MAIL = 'url = "mailtos://alerts:${SMTP_PASSWORD}@smtp.example.org?to=staff@example.org"'


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[crawl]\ninterval = "0s"\n', "crawl → interval: must be a duration longer than zero"),
        ("[crawl]\nper_host_concurrency = 0\n", "crawl → per_host_concurrency: must be at least 1"),
        ('[crawl]\nobey_robots = "maybe"\n', "crawl → obey_robots: must be true or false"),
        # Words that read as a boolean are not one: "no" and "false" were taken, "yes" too.
        ('[crawl]\nobey_robots = "false"\n', "crawl → obey_robots: must be true or false"),
        (MINIMAL + 'verify_tls = "no"\n', '"UA 147.20" → verify_tls: must be true or false'),
        ('[alerts]\ndigest = "weekly"\n', 'alerts → digest: must be "off" or "daily"'),
        ('people = "x"\n', "people: must be a list"),
        (MINIMAL + "ignore = ['(\\d+ days']\n", "bad regular expression '(\\d+ days'"),
        (MINIMAL + 'people = ["Nobody"]\n', '[[sources]] #1 "UA 147.20" → people → #1: '),
        (
            MINIMAL + '[[sources]]\nname = "UA 147.20"\nurl = "https://example.org/b"\n',
            '[[sources]] #2 "UA 147.20" → name: another source is also named',
        ),
    ],
)
def test_config_mistakes_are_in_casewatch_words(workspace, toml, expected) -> None:
    workspace.write_config(toml)
    result = workspace.cli("config", "check")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert expected in line
    for pydantic_words in ("Input should", "timedelta", "List should", "Value error", "\\\\"):
        assert pydantic_words not in line


def test_sources_may_name_people_by_alias(workspace) -> None:
    workspace.write_config(MINIMAL + 'people = ["maria kolesnikova"]\n')
    result = workspace.cli("config", "check")
    assert result.returncode == 0, result.stderr
    assert workspace.app().config.settings.sources[0].people == ["Maryia Kalesnikava"]


def test_config_check_reports_what_cannot_work(workspace, tmp_path) -> None:
    workspace.write_config(
        MINIMAL
        + '[[channels]]\nname = "mail"\nurl = "mailtos://alerts:$SMTP_PASSWORD@smtp.example.org'
        '?to=staff@example.org"\n'
        'people_tags = ["death-row"]\n'
    )
    result = workspace.cli("config", "check")
    assert result.returncode == 2
    errors = result.stderr.strip().splitlines()
    assert any(
        '[[channels]] #1 "mail" → url: $SMTP_PASSWORD is used literally; write ${SMTP_PASSWORD}'
        in line
        for line in errors
    )
    assert any(
        line.startswith("casewatch: warning:") and "no person is tagged 'death-row'" in line
        for line in errors
    )


def test_read_only_commands_need_no_channel_secrets(workspace, site) -> None:
    workspace.write_config(
        MINIMAL.replace("https://example.org/ua", site.url("/ua"))
        + f'[[channels]]\nname = "mail"\n{MAIL}\n'
    )
    assert workspace.cli("db", "upgrade").returncode == 0
    for command in (["history"], ["cases"], ["sources"], ["alerts", "pending"], ["diff", "1"]):
        result = workspace.cli(*command)
        assert "SMTP_PASSWORD" not in result.stderr, command
        assert result.returncode == (2 if command[0] == "diff" else 0), result.stderr
    for command in (["run"], ["alerts", "test"]):
        result = workspace.cli(*command)
        assert result.returncode == 2
        assert "environment variable SMTP_PASSWORD is not set" in result.stderr


def test_config_not_found_points_at_the_example(workspace) -> None:
    result = workspace.cli("cases")
    assert result.returncode == 2
    assert "config/casewatch.example.toml" in result.stderr


def test_config_check_reports_every_problem_at_its_key(workspace) -> None:
    workspace.write_config(
        MINIMAL
        + 'interval = "0s"\n'
        + "[crawl]\nper_host_concurrency = 0\nretires = 2\n"
        + f'[[channels]]\nname = "mail"\n{MAIL}\n'
    )
    result = workspace.cli("config", "check")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith("casewatch: error: ") for line in lines)
    expected = [
        '[[channels]] #1 "mail" → url: environment variable SMTP_PASSWORD is not set',
        "crawl → per_host_concurrency: must be at least 1",
        "crawl → retires: ",
        '[[sources]] #1 "UA 147.20" → interval: must be a duration longer than zero',
    ]
    for words in expected:
        assert sum(words in line for line in lines) == 1, (words, lines)
    assert len(lines) == len(expected)
    assert "(did you mean 'retries'?)" in result.stderr
    # Other commands name the first and count the rest, on one line.
    [line] = workspace.cli("run").stderr.strip().splitlines()
    assert "(and 3 more problems: casewatch config check)" in line
