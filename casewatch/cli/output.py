"""Printing rows as a table, JSON or CSV."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_csv(rows: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                for k, v in row.items()
            }
        )


def print_table(rows: Sequence[Sequence[Any]], headers: Sequence[str], empty: str) -> None:
    # Piped output is read by tools and wide terminals alike: don't fold it at 80.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    if not rows:
        console.print(empty)
        return
    table = Table(*headers, box=None, header_style="bold", pad_edge=False)
    for row in rows:
        # Page text is data, not rich markup.
        table.add_row(*("" if v is None else escape(str(v)) for v in row))
    console.print(table)
