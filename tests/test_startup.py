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
    "heavy = ('scrapy', 'twisted', 'apprise', 'alembic', 'sqlalchemy.orm')\n"
    "print(code, sorted(m for m in heavy if m in sys.modules))\n"
)


def loaded(workspace, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", LOADED, "--config", str(workspace.config_path), *args],
        capture_output=True,
        text=True,
        env=workspace.env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_a_run_with_nothing_due_does_not_start_scrapy(site: Site, workspace) -> None:
    site.put("/case", "<p>Maryia Kalesnikava was detained.</p>")
    workspace.write_config(
        f"""
        [database]
        url = "sqlite:///casewatch.db"
        [crawl]
        delay = "0s"
        interval = "6h"
        [[people]]
        name = "Maryia Kalesnikava"
        [[sources]]
        name = "case"
        url = "{site.url("/case")}"
        """
    )
    first = workspace.cli("-q", "run")
    assert first.returncode == 0, first.stderr
    output = loaded(workspace, "-q", "run")
    assert output.startswith("0 ")  # nothing due, nothing wrong
    assert "scrapy" not in output and "twisted" not in output


def test_reading_commands_load_neither_apprise_nor_alembic_nor_the_orm(
    site: Site, workspace
) -> None:
    """history, cases, alerts pending and status read with SQLAlchemy Core
    (casewatch.db.tables): the ORM's import and mapping cost ~0.1 s each."""
    workspace.write_config(
        """
        [database]
        url = "sqlite:///casewatch.db"
        [[people]]
        name = "Maryia Kalesnikava"
        [[channels]]
        name = "team"
        url = "json://127.0.0.1:9/"
        """
    )
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
