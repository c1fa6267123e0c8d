"""``[queue]`` in the config, and what the scheduler and workers refuse before
they start (exit 2, one line): no queue, or a database only one machine can use."""

from __future__ import annotations

import pytest


def test_a_queue_url_must_be_a_redis_url(workspace) -> None:
    workspace.write_config('[queue]\nurl = "amqp://queue.internal//"\n')
    result = workspace.cli("config", "check")
    assert result.returncode == 2
    assert "queue" in result.stderr and "not a Redis URL" in result.stderr


@pytest.mark.parametrize("command", ["scheduler", "worker"])
def test_distributed_commands_need_a_queue(workspace, command: str) -> None:
    workspace.write_config(f'[database]\nurl = "sqlite:///{workspace.folder}/c.db"\n')
    result = workspace.cli(command)
    assert result.returncode == 2, result.stderr
    assert "[queue] url is not set" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["scheduler", "worker"])
def test_distributed_commands_need_postgresql(workspace, command: str) -> None:
    workspace.write_config(
        f'[database]\nurl = "sqlite:///{workspace.folder}/c.db"\n'
        '[queue]\nurl = "redis://127.0.0.1:6379/0"\n'
    )
    result = workspace.cli(command)
    assert result.returncode == 2, result.stderr
    assert "PostgreSQL" in result.stderr and "sqlite" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_queue_password_is_a_secret(workspace) -> None:
    workspace.write_config('[queue]\nurl = "redis://:s3cret-queue-pass@127.0.0.1:6379/0"\n')
    result = workspace.cli("config", "check")
    assert "s3cret-queue-pass" not in result.stdout + result.stderr
