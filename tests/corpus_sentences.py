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


# Sentences of our own holding the words each quick search looks for, so
# that the corpus means something where the real pages are not beside the
# repository (a clone elsewhere, CI).
OWN = [
    "Today the court in Minsk heard the appeal of Maryia Kalesnikava.",
    "Yesterday her lawyer was allowed to see her for the first time in a month.",
    "This week the colony stopped passing on her letters.",
    "On Monday the family learned that he had been moved to a punishment cell.",
    "On Friday they were both taken back to the detention centre.",
    "Сегодня суд отклонил апелляцию защиты.",
    "Вчера адвокату снова не дали свидания.",
    "Сёння суд разгледзіць скаргу абароны.",
    "Учора яго перавялі ў іншую калонію.",
]


def _texts() -> list[str]:
    texts = list(OWN)
    for table in (FIXTURES / "statements").glob("*.tsv"):
        texts += [line.split("\t")[0] for line in table.read_text(encoding="utf-8").splitlines()]
    pages = list((FIXTURES / "pages").glob("*/*.html"))
    pages += list((REAL / "pages").glob("*.html")) if REAL else []
    texts += [html_to_text(page.read_text(encoding="utf-8")) for page in pages]
    return [s.text for text in texts for s in sentences(text)]


SENTENCES = _texts()
