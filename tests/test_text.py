"""From HTML to the watched text: structure kept, furniture and noise gone."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casewatch.case import text as text_module
from casewatch.case.kinds import KINDS
from casewatch.case.text import SelectorError, compile_selector, html_to_text, remove_noise

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
    "html", ["", "   ", "<", "<html><body><p>unclosed <b>bold", b"\xff\xfe\x00garbage"]
)
def test_broken_or_empty_html_never_raises(html: str | bytes) -> None:
    assert isinstance(html_to_text(html), str)


def test_unclosed_tags_are_repaired() -> None:
    assert html_to_text("<p>one<p>two<li>three") == "one\ntwo\nthree"


def test_bad_selector_is_a_clear_error() -> None:
    with pytest.raises(SelectorError, match="invalid CSS selector 'div\\[\\['"):
        compile_selector("div[[")


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
