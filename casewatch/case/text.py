"""From HTML to the watched text: the part of a page that casewatch compares.

The text keeps the page's block structure, one block per line, so that
extractors can read labelled fields ("Sentence: 11 years") and table rows
(cells joined by `` | ``) and diffs stay readable.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from casewatch.case.dates import near_digits
from casewatch.case.noise import NEAR_A_DIGIT, NEEDS

# Elements whose text is never part of what a reader sees.
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "head")
_BLOCK_TAGS = """address article aside blockquote br caption dd details div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section
    summary table tbody tfoot thead tr ul"""
_BLOCKS = frozenset(_BLOCK_TAGS.split())
# Page furniture: navigation, sidebars, footers, share bars, cookie and
# newsletter banners, rotating promos. Never case news, often changing.
_FURNITURE = etree.XPath(
    "descendant::*[self::nav or self::aside or self::footer"
    " or @role='navigation' or @role='complementary' or @role='contentinfo'"
    # Whole class tokens only: "share-bar" is furniture, "shared-fields" is not.
    # (The regular expressions are called back in Python: only where there is a class or id.)
    r" or (@class and re:test(@class, '(^|\s)(share|sharing|social|promo|advert|ads|banner"
    r"|cookies?|consent|newsletter)([-_][\w-]*)?(\s|$)', 'i'))"
    r" or (@id and re:test(@id, '^(cookies?|consent|newsletter|banner)([-_][\w-]*)?$', 'i'))]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
# Deeply nested broken markup must not be cut off at libxml2's depth limit.
_PARSER = lxml.html.HTMLParser(huge_tree=True)
_CELLS = frozenset(("td", "th"))
_SPACES = re.compile(r"[^\S\n]+")
_BREAKS = re.compile(r"\s+")
CELL_SEPARATOR = " | "
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class SelectorError(ValueError):
    """The source's ``select`` is not a valid CSS selector."""


def compile_selector(css: str) -> CSSSelector:
    try:
        return CSSSelector(css)
    except Exception as exc:  # cssselect raises several unrelated types
        raise SelectorError(f"invalid CSS selector {css!r}: {exc}") from exc


def html_to_text(html: str | bytes, select: str | None = None) -> str:
    """Visible text of ``html`` (or of the parts matching ``select``), without
    page furniture (menus, sidebars, footers, share bars, banners).

    Broken HTML is repaired by lxml; an empty or unparsable document gives "".
    """
    if not html or not str(html).strip():
        return ""
    if isinstance(html, str):
        # lxml refuses a str that declares its own encoding (XHTML's
        # <?xml ... encoding="utf-8"?>); the text is decoded already.
        html = _XML_DECLARATION.sub("", html, count=1)
    try:
        root = lxml.html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(root, *_INVISIBLE, etree.Comment, with_tail=False)
    roots = compile_selector(select)(root) if select else [root]
    lines: list[str] = []
    for node in roots:
        # Within what is watched: a selected <aside> itself stays.
        for furniture in _FURNITURE(node):
            if furniture is not node and furniture.getparent() is not None:
                furniture.drop_tree()
        lines.extend(_lines(node))
    return "\n".join(lines)


def _lines(root: etree._Element) -> Iterable[str]:
    parts: list[str] = []
    _walk(root, parts)
    for line in "".join(parts).split("\n"):
        line = _folded(_SPACES, line).strip(" |")
        if line:
            yield line


def _walk(root: etree._Element, out: list[str]) -> None:
    """Depth-first over the tree without recursion: pages nest thousands deep."""
    # Entries: (element, entering?, inside <pre>?)
    stack: list[tuple[etree._Element, bool, bool]] = [(root, True, False)]
    while stack:
        node, entering, in_pre = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if entering:
            in_pre = in_pre or tag == "pre"
            if tag in _BLOCKS:
                out.append("\n")
            elif tag in _CELLS:
                out.append(CELL_SEPARATOR)
            if node.text:
                out.append(_inline(node.text, in_pre))
            stack.append((node, False, in_pre))
            stack.extend((child, True, in_pre) for child in reversed(node))
            continue
        if tag in _BLOCKS:
            out.append("\n")
        if node.tail and node is not root:
            out.append(_inline(node.tail, in_pre and tag != "pre"))


def _inline(text: str, keep_lines: bool) -> str:
    """Line breaks in the HTML source are blanks; only blocks (and <pre>) break lines."""
    return text if keep_lines else _folded(_BREAKS, text)


def _folded(blanks: re.Pattern[str], text: str) -> str:
    """``blanks.sub(" ", text)`` for a pattern of runs of blanks (:data:`_SPACES`,
    :data:`_BREAKS`): ``text`` itself where its only blanks are single spaces,
    as in most text nodes and lines (every other blank is unprintable), which
    two scans in C tell quicker than the substitution."""
    if text.isprintable() and "  " not in text:
        return text
    return blanks.sub(" ", text)


def normalise(text: str) -> str:
    """Fold runs of blanks and drop empty lines: whitespace is never news."""
    lines = (_folded(_SPACES, line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def remove_noise(text: str, patterns: Iterable[re.Pattern[str]]) -> str:
    """``text`` without what ``patterns`` match, blanks folded. The built-in
    patterns are only tried where they may match (:data:`casewatch.case.noise.NEEDS`)."""
    for pattern in patterns:
        text = _without(pattern, text)
    return normalise(text)


def _without(pattern: re.Pattern[str], text: str) -> str:
    needs = NEEDS.get(pattern)
    if needs == NEAR_A_DIGIT:
        kept, at = [], 0
        for match in near_digits(pattern, text):
            kept.append(text[at : match.start()])
            at = match.end()
        return "".join(kept) + text[at:] if kept else text
    if needs is not None:
        lowered = text.lower()
        if not any(word in lowered for word in needs):
            return text
    return pattern.sub("", text)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
