"""Every sentence of the labelled statements, the fixture pages and (where it
is beside the repository) the real-page development set, read in place: the
corpus on which the tests check the readers' quick paths (for the tests)."""

from __future__ import annotations

from pathlib import Path

from casewatch.case.mentions import sentences
from casewatch.case.text import html_to_text

_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = _ROOT / "tests" / "fixtures"
REAL = next(
    (
        p
        for p in (_ROOT.parent / "shared" / "realpages", _ROOT.parents[1] / "shared" / "realpages")
        if p.is_dir()
    ),
    None,
)


def _texts() -> list[str]:
    texts = []
    for table in (FIXTURES / "statements").glob("*.tsv"):
        texts += [line.split("\t")[0] for line in table.read_text(encoding="utf-8").splitlines()]
    pages = list((FIXTURES / "pages").glob("*/*.html"))
    pages += list((REAL / "pages").glob("*.html")) if REAL else []
    texts += [html_to_text(page.read_text(encoding="utf-8")) for page in pages]
    return [s.text for text in texts for s in sentences(text)]


SENTENCES = _texts()
