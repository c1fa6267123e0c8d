"""Advisory locks are per database, but PostgreSQL's ``pg_locks`` lists the
whole server's: what ``status`` says of the scheduler must be its own
database's (staging and production on one server)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine

from casewatch.db import advisory
from casewatch.queue.scheduler import LOCK

pytestmark = pytest.mark.postgres


def _scheduler_running(workspace) -> bool:
    status = workspace.cli("status", "--json")
    return json.loads(status.stdout)["queue"]["scheduler"]


def test_status_sees_only_its_own_databases_scheduler(
    workspace, postgres_url: str, other_postgres_url: str, redis_url: str
) -> None:
    workspace.write_config(
        f"""
        [database]
        url = "{postgres_url}"
        [queue]
        url = "{redis_url}"
        """
    )
    assert workspace.cli("db", "upgrade").returncode == 0
    assert _scheduler_running(workspace) is False
    # A scheduler of the other database holds the same key there.
    other = create_engine(other_postgres_url)
    try:
        with advisory.holding(other, advisory.SCHEDULER, LOCK) as mine:
            assert mine
            assert _scheduler_running(workspace) is False
        mine = create_engine(postgres_url)
        with advisory.holding(mine, advisory.SCHEDULER, LOCK) as taken:
            assert taken
            assert _scheduler_running(workspace) is True
        mine.dispose()
    finally:
        other.dispose()
