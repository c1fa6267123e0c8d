"""Database problems through the CLI: one line naming the problem and its
fix (exit 2), and read-only commands that never migrate (issue 7, fault 16)."""

from __future__ import annotations

import pytest
from alembic import command as alembic
from sqlalchemy import create_engine, inspect

from casewatch.db import migrate


@pytest.mark.parametrize(
    ("url", "fix"),
    [
        ("mysql://cw:Secr3tPw@127.0.0.1/cw", "pip install mysqlclient"),
        ("postgresql+pg8000://cw:Secr3tPw@127.0.0.1/cw", "pip install pg8000"),
    ],
)
def test_a_missing_driver_names_the_package_to_install(workspace, url, fix) -> None:
    workspace.write_config(f'[database]\nurl = "{url}"\n')
    for command in (["run"], ["history"], ["cases"], ["db", "upgrade"], ["config", "check"]):
        result = workspace.cli(*command)
        assert result.returncode == 2, (command, result.stderr)
        [line] = result.stderr.strip().splitlines()
        assert "driver" in line and line.endswith(fix), line
        assert "Secr3tPw" not in line and "Traceback" not in line


def test_read_commands_never_migrate_and_say_how(workspace, database_url) -> None:
    workspace.write_config(f'[database]\nurl = "{database_url}"\n')
    for command in (["history"], ["cases"], ["alerts", "pending"], ["sources"]):
        result = workspace.cli(*command)
        assert result.returncode == 2, (command, result.stderr)
        [line] = result.stderr.strip().splitlines()
        assert "run `casewatch db upgrade`" in line
    engine = create_engine(database_url)
    assert inspect(engine).get_table_names() == []  # nothing was created
    engine.dispose()

    upgraded = workspace.cli("db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"empty → {migrate.head_revision()}" in upgraded.stdout
    assert workspace.cli("history").returncode == 0


def test_an_older_schema_is_upgraded_only_by_db_upgrade_or_run(workspace, database_url) -> None:
    workspace.write_config(f'[database]\nurl = "{database_url}"\n')
    engine = create_engine(database_url)
    with engine.begin() as connection:
        config = migrate._alembic(connection)
        alembic.upgrade(config, "0001")
    old = workspace.cli("cases")
    assert old.returncode == 2
    assert "schema is older (0001)" in old.stderr and "casewatch db upgrade" in old.stderr
    assert migrate.current_revision(engine) == "0001"
    ran = workspace.cli("run")
    assert ran.returncode == 0, ran.stderr
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()
