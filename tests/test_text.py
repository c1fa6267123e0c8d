"""From HTML to the watched text: structure kept, furniture and noise gone."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from casewatch.case import text as text_module
from casewatch.case.kinds import KINDS
from casewatch.case.text import (
    SIMPLE_SELECTOR,
    SelectorError,
    check_selector,
    compile_selector,
    html_to_text,
    remove_noise,
)

PAGE = """<html><head><title>t</title><script>var x = "<p>not text</p>";</script>
<style>p {{ color: red }}</style></head><body>
<nav><a href="/">Home</a> <a href="/ua">Urgent Actions</a></nav>
<div class="cookie-consent">We use cookies</div>
<div class="banner">{banner}</div>
<article>
  <h1>Free   Maryia
      Kalesnikava</h1>
  <p>She was <b>detained</b> on 7 September.<!-- editor's note --></p>
  <table><tr><th>Sentence</th><td>11 years</td></tr>
         <tr><th>Prison</th><td>Penal colony No. 4, Homel</td></tr></table>
  <ul><li>first</li><li>second</li></ul>
  <div class="share-bar">Share 1.2K</div>
</article>
<aside>Related: other cases</aside>
<footer>© Amnesty International · Updated 12 March 2024</footer>
</body></html>"""


def test_text_keeps_blocks_lines_and_table_cells() -> None:
    assert html_to_text(PAGE.format(banner="Donate now")).splitlines() == [
        "Free Maryia Kalesnikava",
        "She was detained on 7 September.",
        "Sentence | 11 years",
        "Prison | Penal colony No. 4, Homel",
        "first",
        "second",
    ]


def test_rotating_banners_and_furniture_are_not_watched() -> None:
    assert html_to_text(PAGE.format(banner="Donate now")) == html_to_text(
        PAGE.format(banner="Join our newsletter")
    )


def test_select_narrows_and_a_selected_aside_stays() -> None:
    html = "<body><p>outside</p><aside class='card'><p>Status: detained</p></aside></body>"
    assert html_to_text(html, "aside.card") == "Status: detained"
    assert html_to_text(PAGE.format(banner="x"), "h1") == "Free Maryia Kalesnikava"
    assert html_to_text(PAGE.format(banner="x"), "section.missing") == ""


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<", "<html><body><p>unclosed <b>bold", b"\xff\xfe\x00garbage", "<!-- all -->"],
)
def test_broken_or_empty_html_never_raises(html: str | bytes) -> None:
    assert isinstance(html_to_text(html), str)


def test_unclosed_tags_are_repaired() -> None:
    assert html_to_text("<p>one<p>two<li>three") == "one\ntwo\nthree"


def test_bad_selector_is_a_clear_error() -> None:
    with pytest.raises(SelectorError, match="invalid CSS selector 'div\\[\\['"):
        compile_selector("div[[")


@pytest.mark.parametrize(
    ("css", "reason"),
    [
        ("div:has(", "at position 8"),  # soupsieve's lines with a caret dropped
        ("p::before", "Pseudo-element found"),
        ("", "at position 0"),
    ],
)
def test_a_bad_selector_is_one_line_with_the_reason(css: str, reason: str) -> None:
    with pytest.raises(SelectorError) as caught:
        compile_selector(css)
    message = str(caught.value)
    assert message.startswith(f"invalid CSS selector {css!r}: ") and "\n" not in message
    assert reason in message


@settings(max_examples=100, deadline=None)
@example("a\x0cb > c\r\n.d")  # CSS's blanks: \x0c is one, \x0b and \x1c are not
@given(st.from_regex(SIMPLE_SELECTOR, fullmatch=True))
def test_a_selector_of_names_alone_is_css_to_soupsieve(css: str) -> None:
    # check_selector takes these without soupsieve: each must compile.
    compile_selector(css)


@pytest.mark.parametrize("css", ["article", "div.content > main", "#case, .card p", "* + h2 ~ p"])
def test_selectors_of_names_alone_pass_the_check_and_others_are_compiled(css: str) -> None:
    assert SIMPLE_SELECTOR.fullmatch(css)
    check_selector(css)
    for bad in ("div..a", "div >", "  ", "1a", "div:has(", "a\x1cb", "a\x0bb"):
        assert not SIMPLE_SELECTOR.fullmatch(bad)
        with pytest.raises(SelectorError):
            check_selector(bad)


CARDS = """<body><nav><a href="/">Home</a></nav><main>
<div class="card"><h2>Maryia Kalesnikava</h2>
  <table><tr><th>Sentence</th><td>11 years</td></tr></table>
  <div class="share-bar">Share 12</div></div>
<div class="card"><h2>Someone else</h2><p>Status: released</p></div>
<div class="card"><h3>Not a case</h3><p>Donate</p></div>
<p data-kind="STATUS">Status: sentenced</p><script>var x;</script><p>second</p>
</main></body>"""


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        # soupsieve's CSS (bs4's engine); cssselect, used before, refused the
        # second and third (:-soup-contains(), :not() of a list with :has()).
        (
            ".card:has(> h2)",
            "Maryia Kalesnikava\nSentence | 11 years\nSomeone else\nStatus: released",
        ),
        (".card:has(h2:-soup-contains('Kalesnikava'))", "Maryia Kalesnikava\nSentence | 11 years"),
        (".card:not(:has(h2), .missing)", "Not a case\nDonate"),
        (":is(h2, h3)", "Maryia Kalesnikava\nSomeone else\nNot a case"),
        ("[data-kind='status' i]", "Status: sentenced"),
        # Invisible elements are not counted: the <p> after the <script> is the 2nd <p>.
        ("main > p:nth-of-type(2)", "second"),
    ],
)
def test_select_takes_soupsieves_css_and_keeps_the_text_structure(css: str, expected: str) -> None:
    assert html_to_text(CARDS, css) == expected


def _nested(depth: int, inner: str) -> str:
    return "<div>" * depth + inner + "</div>" * depth


@pytest.mark.parametrize("select", [None, "article"])
def test_a_page_nested_past_libxml2s_limit_is_read_whole(select: str | None) -> None:
    """libxml2 stops at depth 2,048 even with huge_tree (an empty tree, or
    the lines above the cut): html.parser reads the page instead."""
    deep = _nested(
        2100, "<p>Maryia Kalesnikava was sentenced.</p><table><tr><td>a</td><td>b</td></tr></table>"
    )
    article = f"<article><h1>Case</h1>{deep}<p>After</p><footer>f</footer></article>"
    html = f"<html><body>{article}</body></html>"
    lines = ["Case", "Maryia Kalesnikava was sentenced.", "a | b", "After"]
    assert html_to_text(html, select).splitlines() == lines
    assert html_to_text(_nested(2100, "<p>Only deep</p>")) == "Only deep"


def test_the_forgiving_reading_copes_with_what_lxml_cannot_hold() -> None:
    # Names lxml refuses, control characters in text and attributes.
    inner = "<a$b class='x\x01'>odd</a$b><o:p>word</o:p><p>\x01ctl\x0cff\ud800\ufffe</p><!-- c -->"
    assert html_to_text(_nested(2100, inner)) == "oddword\nctl ff"
    assert html_to_text("<p>half\ud800</p>") == "half"


def test_built_in_noise_is_removed_but_facts_are_kept() -> None:
    text = (
        "Maryia Kalesnikava: 1,613 days behind bars\n"
        "Sentenced to 11 years on 6 September 2021.\n"
        "Updated: 12 March 2024, 10:15\n"
        "PLEASE TAKE ACTION UNTIL: 18 November 2020\n"
        "Share 1.2K shares"
    )
    cleaned = remove_noise(text, KINDS["page"].noise)
    assert cleaned.splitlines()[:3] == [
        "Maryia Kalesnikava:",
        "Sentenced to 11 years on 6 September 2021.",
        "PLEASE TAKE ACTION UNTIL: 18 November 2020",
    ]
    assert not any(noise in cleaned for noise in ("1,613", "12 March 2024", "1.2K"))


def test_pre_keeps_its_lines() -> None:
    assert html_to_text("<pre>line one\nline two</pre><p>a\nb</p>") == "line one\nline two\na b"


def test_class_names_that_merely_contain_furniture_words_stay() -> None:
    html = (
        "<article><h1>Case</h1><div class='prisoner-card shared-fields'>Status: sentenced</div>"
        "<p class='promotion-history'>Hearing on 3 March 2025</p>"
        "<div class='share-bar'>Share 12</div><div id='cookie-banner'>cookies</div></article>"
    )
    assert html_to_text(html) == "Case\nStatus: sentenced\nHearing on 3 March 2025"


def test_deeply_nested_broken_markup_is_read_to_the_end() -> None:
    rows = "".join(f"<p>row {i} <font>" for i in range(400))
    text = html_to_text(f"<html><body>{rows}<p>Status: sentenced</body></html>")
    assert text.splitlines()[-1] == "Status: sentenced"
    assert "row 399" in text


def test_only_single_spaces_are_printable_blanks() -> None:
    # text._folded keeps a printable text without double spaces as it is.
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        assert bool(re.fullmatch(r"\s", c)) == c.isspace(), hex(code)
        if c.isspace() and c != " ":
            assert not c.isprintable(), hex(code)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(("a", "b", " ", "  ", "\n", "\t", "\xa0", "\u2028", "\xad", "|"))).map(
        "".join
    )
)
def test_folding_blanks_quickly_is_folding_them_with_the_pattern(text: str) -> None:
    for blanks in (text_module._SPACES, text_module._BREAKS):
        assert text_module._folded(blanks, text) == blanks.sub(" ", text)
