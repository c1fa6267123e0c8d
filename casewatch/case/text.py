"""From HTML to the watched text: the part of a page that casewatch compares.

The text keeps the page's block structure, one block per line, so that
extractors can read labelled fields ("Sentence: 11 years") and table rows
(cells joined by `` | ``) and diffs stay readable.

lxml (libxml2) parses every page and its tree is what the text is walked
from. Beautiful Soup serves two rarer needs, imported only then: a source's
``select`` is matched by soupsieve, bs4's CSS engine (``:has()``, ``:is()``,
``:-soup-contains()``, ``[attr=v i]``..., which cssselect lacks), on a soup
that lxml built; and a page libxml2 refuses or cuts short (nested deeper
than its limit) is read with Python's html.parser, through bs4.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING

import lxml.html
from lxml import etree

from casewatch.case.dates import near_digits
from casewatch.case.noise import NEAR_A_DIGIT, NEEDS

if TYPE_CHECKING:  # bs4 and soupsieve are imported when a page needs them
    from bs4 import BeautifulSoup, Tag
    from soupsieve import SoupSieve

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
# The attributes _FURNITURE reads: all that a copy of a soup needs to keep.
_FURNITURE_ATTRIBUTES = ("class", "id", "role")
# Deeply nested broken markup must not be cut off at libxml2's depth limit
# (2,048 with huge_tree, 256 without); deeper, see _parsed.
_PARSER = lxml.html.HTMLParser(huge_tree=True)
_CELLS = frozenset(("td", "th"))
_SPACES = re.compile(r"[^\S\n]+")
_BREAKS = re.compile(r"\s+")
CELL_SEPARATOR = " | "
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Characters lxml's API refuses in text (XML 1.0 has no C0 controls but tab
# and line breaks, no surrogates, no U+FFFE/U+FFFF): vertical tab and form
# feed are blanks, the others go.
_REFUSED = (*range(0x09), *range(0x0E, 0x20), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF)
_NOT_XML = {code: None for code in _REFUSED} | {0x0B: " ", 0x0C: " "}


# Selectors of names alone (tags, .classes, #ids, combinators, lists): most
# sources' (``article``, ``div.content > main``). Each is CSS to soupsieve
# too (tests/test_text.py), so a config's check of one asks soupsieve
# nothing: importing it (with bs4) and its first compile cost ~130 ms of CPU,
# which every command loading the config paid.
_NAME = r"-?[_a-zA-Z][_a-zA-Z0-9-]*"
_BLANK = r"[ \t\n\r\f]"  # CSS's white space, not all that \s is
_COMPOUND = rf"(?:(?:{_NAME}|\*)(?:[.#]{_NAME})*|(?:[.#]{_NAME})+)"
_COMPLEX = rf"{_COMPOUND}(?:{_BLANK}*[>+~]{_BLANK}*{_COMPOUND}|{_BLANK}+{_COMPOUND})*"
SIMPLE_SELECTOR = re.compile(rf"{_BLANK}*{_COMPLEX}(?:{_BLANK}*,{_BLANK}*{_COMPLEX})*{_BLANK}*")


class SelectorError(ValueError):
    """The source's ``select`` is not a valid CSS selector."""


def check_selector(css: str) -> None:
    """Raise :class:`SelectorError` unless ``css`` is a CSS selector that
    :func:`compile_selector` takes; a selector of names alone
    (:data:`SIMPLE_SELECTOR`) is one without compiling it."""
    if not SIMPLE_SELECTOR.fullmatch(css):
        compile_selector(css)


def compile_selector(css: str) -> SoupSieve:
    """``css`` compiled by soupsieve (which caches compiled patterns).

    Raises :class:`SelectorError`, one line: soupsieve raises
    ``SelectorSyntaxError`` (its message goes on with the selector and a
    caret on more lines: only the first is kept), ``NotImplementedError``
    for a pseudo-element or at-rule (``p::before``) and ``ValueError`` past
    its nesting limit. The deprecated ``:contains()`` is accepted quietly
    (soupsieve warns with a FutureWarning): it is ``:-soup-contains()``.
    """
    import soupsieve

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            return soupsieve.compile(css)
    except (soupsieve.SelectorSyntaxError, NotImplementedError, ValueError) as exc:
        reason = next(iter(str(exc).splitlines()), "") or exc.__class__.__name__
        raise SelectorError(f"invalid CSS selector {css!r}: {reason}") from exc


def html_to_text(html: str | bytes, select: str | None = None) -> str:
    """Visible text of ``html`` (or of the parts matching ``select``), without
    page furniture (menus, sidebars, footers, share bars, banners).

    Broken HTML is repaired by lxml. A page lxml refuses or cuts short is
    read with Python's html.parser (:func:`_forgiving`); an empty document,
    or one neither reads, gives "". ``select`` is matched by soupsieve
    (:func:`_selected`); raises :class:`SelectorError` if it is not CSS.
    """
    if not html or not str(html).strip():
        return ""
    if isinstance(html, str):
        # lxml refuses a str that declares its own encoding (XHTML's
        # <?xml ... encoding="utf-8"?>); the text is decoded already.
        html = _XML_DECLARATION.sub("", html, count=1)
    if select:
        roots = _selected(html, select)
    else:
        root = _parsed(html)
        roots = [root if root is not None else _forgiving(html)]
    lines: list[str] = []
    for node in roots:
        etree.strip_elements(node, *_INVISIBLE, etree.Comment, with_tail=False)
        # Within what is watched: a selected <aside> itself stays.
        for furniture in _FURNITURE(node):
            if furniture is not node and furniture.getparent() is not None:
                furniture.drop_tree()
        lines.extend(_lines(node))
    return "\n".join(lines)


def _parsed(html: str | bytes) -> etree._Element | None:
    """lxml's tree of ``html``, or None where lxml raises (a document that is
    all comment: "Document is empty") or stopped at a fatal error: libxml2
    gives up past its depth limit and keeps only the tree above it, which
    would read as a page of its first lines. Its error log is the last
    parse's (lxml resets it per parse), empty on most pages."""
    try:
        root = lxml.html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return None if _PARSER.error_log.filter_from_fatals() else root


def _soup(html: str | bytes, parser: str) -> BeautifulSoup:
    """``html`` parsed by bs4 with ``parser`` ("lxml": libxml2 through lxml,
    depth unlimited with huge_tree; "html.parser": Python's), or an empty soup
    if it rejects the markup (ParserRejectedMarkup). Attributes are kept
    as written (multi_valued_attributes=None: ``class`` a string, which
    soupsieve splits itself). bs4's warnings about the markup (it looks like
    XML, a URL or a file name) say nothing to a watcher and are silenced."""
    from bs4 import BeautifulSoup, ParserRejectedMarkup, UnusualUsageWarning

    options = {"huge_tree": True} if parser == "lxml" else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnusualUsageWarning)
        try:
            return BeautifulSoup(html, parser, multi_valued_attributes=None, **options)
        except ParserRejectedMarkup:
            return BeautifulSoup("", parser)


def _forgiving(html: str | bytes) -> etree._Element:
    """``html`` as Python's html.parser reads it (through bs4), as an lxml
    tree: the page lxml refused or cut short (see :func:`_parsed`)."""
    return _lxml_tree(_soup(html, "html.parser"))


def _selected(html: str | bytes, select: str) -> list[etree._Element]:
    """The elements of ``html`` that ``select`` matches, in document order,
    each as an lxml tree of its own (the same elements and text lxml reads
    in the page: see :func:`_lxml_copy`).

    Matched by soupsieve on bs4's lxml tree of the page, the invisible
    elements removed first, as the walk never sees them (so that
    ``p:nth-child(2)`` counts what a reader sees). Raises
    :class:`SelectorError` if ``select`` is not CSS.
    """
    selector = compile_selector(select)
    soup = _soup(html, "lxml")
    for invisible in soup.find_all(_INVISIBLE):
        invisible.decompose()
    return [_lxml_copy(match) for match in selector.select(soup)]


def _lxml_copy(tag: Tag) -> etree._Element:
    """``tag`` read back by lxml from its markup, so that its text is the
    one lxml reads in the page: libxml2 parses the markup bs4 writes of one
    of its elements as that element inside <html><body>; the first element
    of its name is it. Markup lxml cannot parse is copied node by node."""
    root = _parsed(str(tag))
    if root is None:
        return _lxml_tree(tag)
    return next(root.iter(tag.name), root)


def _lxml_tree(top: Tag) -> etree._Element:
    """An lxml copy of ``top`` (a soup, or one of its elements), for the walk:
    elements, their text, and the attributes :data:`_FURNITURE` reads; not
    comments, doctypes and the like (bs4's PreformattedString). A name lxml
    refuses (html.parser keeps ``<a$b>``) becomes <span>, inline as any tag
    the walk does not know, and the characters it refuses in text go
    (:data:`_NOT_XML`). Without recursion: such pages nest thousands deep.
    """
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    holder = _PARSER.makeelement("html")  # lxml.html elements: drop_tree()
    root = holder if top.name == "[document]" else _lxml_element(holder, top)
    stack = [(top, root)]
    while stack:
        source, target = stack.pop()
        last: etree._Element | None = None
        for child in source.contents:
            if isinstance(child, Tag):
                last = _lxml_element(target, child)
                stack.append((child, last))
            elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
                text = child.translate(_NOT_XML)
                if last is None:
                    target.text = (target.text or "") + text
                else:
                    last.tail = (last.tail or "") + text
    return root


def _lxml_element(parent: etree._Element, tag: Tag) -> etree._Element:
    """A child of ``parent`` named and classed as ``tag`` (see :func:`_lxml_tree`)."""
    attributes = {
        name: str(tag[name]).translate(_NOT_XML)
        for name in _FURNITURE_ATTRIBUTES
        if tag.has_attr(name)
    }
    try:
        return etree.SubElement(parent, tag.name, attributes)
    except ValueError:  # not a name lxml accepts
        return etree.SubElement(parent, "span", attributes)


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
