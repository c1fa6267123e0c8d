"""Cycle speed: casewatch against urlwatch and a bare Scrapy spider (issue 9).

    python benchmarks/cycle.py                    # 2,000 pages, 20 hosts, 150 ms
    python benchmarks/cycle.py --preset one-host  # 300 pages, 1 host, 100 ms, 16 per host
    python benchmarks/cycle.py --latency 0 --repeats 5
    python benchmarks/cycle.py --pages 10000 --tools casewatch --rounds first,unchanged

Serves generated pages (20-80 KB, names and statuses) on 127.0.0.2... with a
per-response latency, ETag/Last-Modified and 304s. Per repeat, every watcher
starts from an empty state and runs the rounds: the first cycle (all new), an
unchanged cycle (all 304), and a cycle after a share of the pages changed.
The watchers take turns (the order rotates per repeat), and each round reports
the medians over the repeats of wall time, CPU (children included), peak RSS
(of the largest process, and of the process tree at once),
requests and body bytes the site served, and database growth per check, then
the ratios of casewatch to urlwatch and to the bare spider. Loopback only; every
process is killed after --timeout seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from loopsite import LoopbackSite
from measure import Usage, compile_casewatch, median, run_measured
from watchers import Casewatch, ScrapyFloor, Urlwatch, Watcher

ROUNDS = ("first", "unchanged", "changed")
TOOLS = ("casewatch", "urlwatch", "scrapy")
PRESETS = {
    # Issue 9's first table: one host, 16 connections, no delay.
    "one-host": {
        "pages": 300,
        "hosts": 1,
        "latency": 0.1,
        "size": "36-44",
        "crawl": ["per_host_concurrency=16", "delay=0s"],
    },
}


@dataclass(frozen=True)
class Sample:
    repeat: int
    round: str
    tool: str
    usage: Usage
    requests: int
    body_bytes: int
    statuses: dict[int, int]
    stored_bytes_per_check: float


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="casewatch-bench-"))
    size = tuple(int(kb) * 1000 for kb in args.size.split("-"))
    crawl = dict(item.split("=", 1) for item in args.crawl)
    watchers = make_watchers(args.tools, crawl)
    port = args.port or free_port()
    print(describe_machine(), flush=True)
    compile_casewatch()
    print(
        f"{args.pages} pages over {args.hosts} hosts, {args.latency * 1000:.0f} ms per response, "
        f"{args.size} KB, {args.change:.0%} changed; casewatch [crawl] {crawl or 'defaults'}; "
        f"{args.repeats} repeats; work in {work}",
        flush=True,
    )
    samples: list[Sample] = []
    with LoopbackSite(args.pages, args.hosts, args.latency, size, port) as site:  # type: ignore[arg-type]
        for repeat in range(args.repeats):
            site.reset()
            order = watchers[repeat % len(watchers) :] + watchers[: repeat % len(watchers)]
            for watcher in order:
                folder = work / f"r{repeat}" / watcher.name
                folder.mkdir(parents=True, exist_ok=True)
                watcher.prepare(folder, site.urls())
            for round_name in ROUNDS:
                if round_name == "changed":
                    site.change(args.change, round_seed=repeat)
                for watcher in order:
                    sample = measure_round(site, watcher, repeat, round_name, args)
                    if round_name in args.rounds:
                        samples.append(sample)
                        print(progress_line(sample), flush=True)
                if round_name == args.rounds[-1]:
                    break
    print()
    print(report(samples, args.rounds, [w.name for w in watchers]))
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(s) for s in samples], indent=1))
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", choices=sorted(PRESETS), help="a named setting (issue 9)")
    parser.add_argument("--pages", type=int, default=2000, help="pages watched (2000)")
    parser.add_argument("--hosts", type=int, default=20, help="hosts 127.0.0.2… (20)")
    parser.add_argument("--latency", type=float, default=0.15, help="seconds per response (0.15)")
    parser.add_argument("--size", default="20-80", help="page size range in KB (20-80)")
    parser.add_argument("--change", type=float, default=0.1, help="share changed (0.1)")
    parser.add_argument(
        "--rounds", default=",".join(ROUNDS), help="rounds to report, in order (all)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="repeats; medians (3)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="watchers (all three)")
    parser.add_argument(
        "--crawl",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a casewatch [crawl] setting, e.g. per_host_concurrency=16 (repeatable)",
    )
    parser.add_argument("--port", type=int, help="the site's port (a free one)")
    parser.add_argument("--workdir", help="where the watchers keep their state (a temp dir)")
    parser.add_argument("--timeout", type=float, default=900, help="kill a run after (900 s)")
    parser.add_argument("--json", help="also write every sample to this file")
    args = parser.parse_args(argv)
    if args.preset:
        preset = PRESETS[args.preset]
        parser.set_defaults(**{k: v for k, v in preset.items() if k != "crawl"})
        args = parser.parse_args(argv)
        args.crawl = [*preset["crawl"], *args.crawl]
    args.rounds = [r for r in args.rounds.split(",") if r]
    args.tools = [t for t in args.tools.split(",") if t]
    if not set(args.rounds) <= set(ROUNDS) or not set(args.tools) <= set(TOOLS):
        parser.error(f"rounds are {', '.join(ROUNDS)}; tools are {', '.join(TOOLS)}")
    if args.repeats < 1 or args.pages < 1:
        parser.error("--repeats and --pages must be at least 1")
    return args


def make_watchers(tools: list[str], crawl: dict[str, str]) -> list[Watcher]:
    from casewatch.config.schema import CrawlConfig

    per_host = int(crawl.get("per_host_concurrency", CrawlConfig().per_host_concurrency))
    made: dict[str, Watcher] = {
        "casewatch": Casewatch("casewatch", crawl=crawl),
        "urlwatch": Urlwatch("urlwatch"),
        "scrapy": ScrapyFloor("scrapy", per_host=per_host),
    }
    if "urlwatch" in tools:
        made["urlwatch"].ensure_installed()  # type: ignore[attr-defined]
    return [made[t] for t in tools]


def measure_round(
    site: LoopbackSite, watcher: Watcher, repeat: int, round_name: str, args: argparse.Namespace
) -> Sample:
    before = watcher.stored_bytes()
    site.take_traffic()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    log = watcher.folder / "stderr.log"
    usage = run_measured(watcher.command(), watcher.folder, log, args.timeout, env)
    traffic = site.take_traffic()
    grown = watcher.stored_bytes() - before
    return Sample(
        repeat,
        round_name,
        watcher.name,
        usage,
        traffic.requests,
        traffic.body_bytes,
        dict(traffic.statuses),
        grown / args.pages,
    )


def progress_line(s: Sample) -> str:
    codes = " ".join(f"{code}:{n}" for code, n in sorted(s.statuses.items()))
    failed = f" EXIT {s.usage.exit_code}" if s.usage.exit_code else ""
    return (
        f"  repeat {s.repeat + 1} {s.round:9} {s.tool:9} {s.usage.wall:7.2f} s wall "
        f"{s.usage.cpu:6.2f} s cpu {s.usage.peak_rss_mb:6.0f} MB "
        f"(tree {s.usage.peak_tree_mb:4.0f})  {codes}{failed}"
    )


def report(samples: list[Sample], rounds: list[str], tools: list[str]) -> str:
    header = (
        f"{'round':10} {'watcher':10} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'tree MB':>8} "
        f"{'requests':>9} {'body MB':>8} {'DB B/check':>10}"
    )
    lines = ["medians over repeats", header, "-" * len(header)]
    for round_name in rounds:
        walls: dict[str, float] = {}
        cpus: dict[str, float] = {}
        for tool in tools:
            mine = [s for s in samples if s.round == round_name and s.tool == tool]
            if not mine:
                continue
            walls[tool] = median([s.usage.wall for s in mine])
            cpus[tool] = median([s.usage.cpu for s in mine])
            lines.append(
                f"{round_name:10} {tool:10} {walls[tool]:7.2f} "
                f"{cpus[tool]:7.2f} "
                f"{median([s.usage.peak_rss_mb for s in mine]):8.0f} "
                f"{median([s.usage.peak_tree_mb for s in mine]):8.0f} "
                f"{median([s.requests for s in mine]):9.0f} "
                f"{median([s.body_bytes for s in mine]) / 1e6:8.1f} "
                f"{median([s.stored_bytes_per_check for s in mine]):10.0f}"
            )
        for label, figures in (("wall", walls), ("CPU", cpus)):
            ratios = [
                f"casewatch/{other} {figures['casewatch'] / figures[other]:.2f}"
                for other in tools
                if other != "casewatch" and figures.get(other) and "casewatch" in figures
            ]
            if ratios:
                lines.append(f"{'':10} ratio of {label} times: {', '.join(ratios)}")
    return "\n".join(lines)


def describe_machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"machine: {cpu}, {os.cpu_count()} cores, load {load}; "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.2", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())
