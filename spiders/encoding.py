"""Reading a page's text when it does not say its encoding.

Scrapy falls back to UTF-8, then cp1252, for a page that declares no charset
(neither in Content-Type nor in a <meta>): a windows-1251 page from a
Belarusian or Russian site would come out as mojibake, and its names would
never match. For such pages Beautiful Soup's UnicodeDammit detects the
encoding; a Cyrillic one is trusted, anything else is left to Scrapy.
"""

from __future__ import annotations

from bs4 import UnicodeDammit
from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

CYRILLIC = frozenset(
    {"windows-1251", "cp1251", "koi8-r", "koi8-u", "cp866", "iso-8859-5", "mac-cyrillic"}
)


def page_text(response: TextResponse) -> str:
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
    if http_content_type_encoding(content_type) or html_body_declared_encoding(response.body):
        return response.text
    guess = UnicodeDammit(response.body, is_html=True)
    encoding = (guess.original_encoding or "").lower()
    if encoding in CYRILLIC and guess.unicode_markup is not None:
        return guess.unicode_markup
    return response.text
