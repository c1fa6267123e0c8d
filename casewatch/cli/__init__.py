"""``casewatch``: the command line (SPEC §2). Thin: parse, call, print."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence

from casewatch.cli.parser import build_parser
from casewatch.errors import CasewatchError
from casewatch.logs import setup_logging, to_stderr


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.handler is None:  # `casewatch`, `casewatch alerts`: which commands there are
        args.show_help(sys.stderr)
        return 2
    setup_logging(-1 if args.quiet else args.verbose, log_format=args.log_format)
    module, _, function = args.handler.partition(":")
    handler = getattr(importlib.import_module(f"casewatch.cli.{module}"), function)
    # What is imported lives until the process ends. Frozen, it is left out of
    # the collections the command's own objects set off and of the last one,
    # at interpreter exit: 0.07 s of CPU less for `status`, 0.14 s for a
    # 10,000-row `history` (issue 9).
    gc.freeze()
    try:
        return int(handler(args) or 0)
    except CasewatchError as exc:
        to_stderr(f"casewatch: error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `casewatch history | head`: the reader has had enough
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
