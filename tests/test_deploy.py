"""The files in deploy/: systemd units that systemd accepts (``systemd-analyze
verify`` where it runs, else a parse), hardened as issue 10 asks, and
command lines that casewatch's own parser accepts."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from casewatch.cli.parser import build_parser

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
UNITS = (
    "casewatch-daemon.service",
    "casewatch-run.service",
    "casewatch-run.timer",
    "casewatch-scheduler.service",
    "casewatch-worker@.service",
)
# The command each service runs.
SERVICES = {
    "casewatch-daemon.service": "daemon",
    "casewatch-run.service": "run",
    "casewatch-scheduler.service": "scheduler",
    "casewatch-worker@.service": "worker",
}
HARDENING = {
    "DynamicUser": "yes",
    "StateDirectory": "casewatch",
    "ProtectSystem": "strict",
    "NoNewPrivileges": "yes",
    "PrivateTmp": "yes",
}


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text())
    return parser


def casewatch_argv(command_line: str) -> list[str]:
    program, *argv = shlex.split(command_line)
    assert program.endswith("/casewatch")
    return argv


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_services_are_hardened_and_run_casewatch(name: str) -> None:
    service = unit(name)["Service"]
    for key, value in HARDENING.items():
        assert service[key] == value, key
    args = build_parser().parse_args(casewatch_argv(service["ExecStart"]))
    assert args.command == SERVICES[name]


def test_workers_finish_their_checks_and_a_second_scheduler_stands_by() -> None:
    worker = unit("casewatch-worker@.service")["Service"]
    assert worker["KillMode"] == "mixed"  # SIGTERM to Celery: its warm shutdown
    scheduler = unit("casewatch-scheduler.service")["Service"]
    args = build_parser().parse_args(casewatch_argv(scheduler["ExecStart"]))
    assert args.wait and scheduler["Restart"] == "always"


def test_the_daemon_stops_after_its_cycle_and_the_timer_starts_runs() -> None:
    service = unit("casewatch-daemon.service")["Service"]
    assert service["KillMode"] == "mixed"  # SIGTERM to the daemon, not its cycle
    timer = unit("casewatch-run.timer")["Timer"]
    assert timer["OnUnitActiveSec"] and timer["Persistent"] == "true"
    run = unit("casewatch-run.service")["Service"]
    assert set(run["SuccessExitStatus"].split()) == {"1", "75"}


def test_crontab_line_runs_casewatch() -> None:
    lines = [
        line
        for line in (DEPLOY / "casewatch.cron").read_text().splitlines()
        if line.strip() and not line.startswith("#") and "=" not in line.split()[0]
    ]
    (line,) = lines
    fields = line.split(maxsplit=5)
    assert fields[:5] == ["*/15", "*", "*", "*", "*"]
    assert build_parser().parse_args(casewatch_argv(fields[5])).command == "run"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    # verify also checks that ExecStart's program exists: point it at ours.
    ours = str(Path(sys.executable).with_name("casewatch"))
    # A template is verified as one of its instances.
    files = [name.replace("@.", "@1.") for name in UNITS]
    for name, file in zip(UNITS, files, strict=True):
        text = (DEPLOY / name).read_text()
        (tmp_path / file).write_text(text.replace("/opt/casewatch/.venv/bin/casewatch", ours))
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / n) for n in files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "casewatch" not in result.stderr, result.stderr  # no warnings about our units


def test_a_plain_install_brings_the_postgresql_driver() -> None:
    """`pip install .` installs project.dependencies: postgresql:// needs no extra."""
    project = tomllib.loads((DEPLOY.parent / "pyproject.toml").read_text())["project"]
    assert any(d.startswith("psycopg[binary]") for d in project["dependencies"])
