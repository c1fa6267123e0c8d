"""What a command loads: only what it needs (issue 9). Speed itself is
measured by benchmarks/startup.py, never asserted here."""

from __future__ import annotations

import subprocess
import sys

from casewatch.demo.server import Site

# Runs a casewatch command in this process and prints the heavy libraries it loaded.
LOADED = (
    "import sys\n"
    "from casewatch.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "heavy = ('scrapy', 'twisted', 'apprise', 'alembic', 'sqlalchemy.orm', 'jinja2')\n"
    "print(code, sorted(m for m in heavy if m in sys.modules))\n"
)


# The same, printing every module loaded.
MODULES = (
    "import sys\n"
    "from casewatch.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(code, ' '.join(sorted(sys.modules)))\n"
)

# A database, a person and a channel that nothing is sent to.
ONE_CHANNEL = """
    [database]
    url = "sqlite:///casewatch.db"
    [[people]]
    name = "Maryia Kalesnikava"
    [[channels]]
    name = "team"
    url = "json://127.0.0.1:9/"
    """


def loaded(workspace, *args: str, script: str = LOADED) -> str:
    """The last line ``script`` prints, run as ``casewatch ARGS``."""
    done = subprocess.run(
        [sys.executable, "-c", script, "--config", str(workspace.config_path), *args],
        capture_output=True,
        text=True,
        env=workspace.env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def _checked_once(site: Site, workspace, crawl: str, more: str = "") -> None:
    """One watched page on ``site``, checked by a first ``run`` (``crawl``:
    lines of [crawl]; ``more``: the rest of the config)."""
    site.put("/case", "<p>Maryia Kalesnikava was detained.</p>")
    workspace.write_local_config(
        f"""
        [[people]]
        name = "Maryia Kalesnikava"
        [[sources]]
        name = "case"
        url = "{site.url("/case")}"
        """
        + more,
        crawl=crawl,
    )
    first = workspace.cli("-q", "run")
    assert first.returncode == 0, first.stderr


def test_a_run_with_nothing_due_loads_neither_scrapy_nor_the_sending_side(
    site: Site, workspace
) -> None:
    """Nothing due and no alert to send: no crawl, no Apprise (a child checked
    the channel URLs, SPEC: a bad URL is exit 2: casewatch.alerts.urlcheck),
    no templates (Jinja2), digests or daemon."""
    channel = """
        [[channels]]
        name = "team"
        url = "json://127.0.0.1:9/"
        """
    _checked_once(site, workspace, 'interval = "6h"', channel)
    code, modules = loaded(workspace, "-q", "run", script=MODULES).split(" ", 1)
    assert code == "0"  # nothing due, nothing wrong
    for module in (
        "apprise",
        "scrapy",
        "twisted",
        "jinja2",
        "casewatch.alerts.templates",
        "casewatch.alerts.digest",
        "casewatch.daemon",
    ):
        assert module not in modules.split(), module


def test_reading_commands_load_neither_apprise_nor_alembic_nor_the_orm(
    site: Site, workspace
) -> None:
    """history, cases, alerts pending and status read with SQLAlchemy Core
    (casewatch.db.tables): the ORM's import and mapping cost ~0.1 s each."""
    workspace.write_config(ONE_CHANNEL)
    upgraded = workspace.cli("db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    for command in (["history"], ["cases"], ["alerts", "pending"], ["status"]):
        assert loaded(workspace, *command) == "0 []", command


def test_the_schema_head_is_alembics() -> None:
    """The head is read from the revision files without loading Alembic."""
    from alembic.script import ScriptDirectory

    from casewatch.db import migrate

    alembic_head = ScriptDirectory.from_config(migrate._alembic()).get_current_head()
    assert migrate.head_revision() == alembic_head


def test_config_check_compiles_templates_only_when_there_are_some(workspace) -> None:
    """The channel URLs are checked with Apprise, in a child; Jinja2 loads
    only to compile the user's templates, and a broken one is still exit 2."""
    workspace.write_config(ONE_CHANNEL)
    assert loaded(workspace, "config", "check") == "0 []"
    broken_title = """
    [alerts.templates.status_changed]
    title = "{{ broken"
    """
    workspace.write_config(ONE_CHANNEL + broken_title)
    broken = workspace.cli("config", "check")
    assert broken.returncode == 2 and "status_changed.title" in broken.stderr, broken.stderr


def test_the_parser_reads_the_version_only_for_version() -> None:
    """importlib.metadata costs every command's start-up (and --help) ~15 ms."""
    script = (
        "import sys\n"
        "from casewatch.cli.parser import build_parser\n"
        "build_parser().parse_args(['history'])\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_a_cycle_of_unchanged_pages_loads_no_reader(site: Site, workspace) -> None:
    """Every page answers 304: nothing is read, so neither the readers (the
    kinds and their patterns) nor the people index load (0.09 s a run)."""
    _checked_once(site, workspace, "obey_robots = false")
    output = loaded(workspace, "-q", "run", "--all", script=MODULES).split()
    assert output[0] == "0" and "scrapy" in output  # fetched: it answered 304
    assert "casewatch.case.reading" not in output and "casewatch.case.people" not in output
