"""The text of a page whose bytes and label disagree.

Scrapy labels a body with the first encoding it finds: a byte-order mark,
the HTTP ``Content-Type`` charset, the page's ``<meta>`` or XML declaration,
then a guess (``TextResponse.encoding``, w3lib's ``html_to_unicode``). Small
sites often send a wrong header (a server default of UTF-8 over a
windows-1251 page, or the reverse), and a page read in the wrong encoding is
mojibake in which no name is ever found: a silent failure to watch. So the
label is kept only when the bytes agree with it:

- bytes that are not valid in the labelled encoding are read in the
  encoding the markup declares, else in what charset_normalizer detects;
- bytes that are valid UTF-8 and not ASCII, under an 8-bit label, are read as
  UTF-8: text in an 8-bit encoding is practically never valid UTF-8 (its
  letters above 0x7F would have to fall into UTF-8's lead and continuation
  byte patterns), while UTF-8 read as windows-1251 gives "РњР°СЂРёСЏ".
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_body_declared_encoding

_UTF8 = "utf-8"
# Encodings whose code units are wider than a byte: ASCII-range bytes in them
# are not ASCII text, and the UTF-8 test says nothing.
_WIDE = ("utf-16", "utf-32")


def decode_page(body: bytes, label: str | None) -> str:
    """``body`` as text, in ``label`` (Scrapy's encoding; None: UTF-8) unless
    the bytes show the label is wrong (see the module). Never raises: what
    no encoding reads is replaced with U+FFFD."""
    label = _known(label) or _UTF8
    if not body.isascii() and label != _UTF8 and not label.startswith(_WIDE):
        utf8 = _strict(body, _UTF8)
        if utf8 is not None:
            return utf8
    text = _strict(body, label)
    if text is not None:
        return text
    for other in (_known(html_body_declared_encoding(body)), _detected(body)):
        if other and other != label:
            text = _strict(body, other)
            if text is not None:
                return text
    return body.decode(label, errors="replace")


def _known(label: str | None) -> str | None:
    """Python's name for ``label`` ("windows-1251" → "cp1251"), None if unknown."""
    if not label:
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        return None


# The 8-bit encodings of the pages casewatch reads (English, Russian,
# Belarusian), tried first: on a short page an open guess can land on a
# far-off encoding (KOI8-R bytes read as Shift JIS).
_LIKELY = ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866", "mac_cyrillic", "cp1252")


def _detected(body: bytes) -> str | None:
    """charset_normalizer's best guess, among :data:`_LIKELY` first (a
    requests dependency; loaded only for a body its label cannot read)."""
    from charset_normalizer import from_bytes

    best = from_bytes(body, cp_isolation=list(_LIKELY)).best() or from_bytes(body).best()
    return None if best is None else _known(best.encoding)
