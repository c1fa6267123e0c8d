"""Public suffixes from the list tldextract ships, never from the network.

Scrapy's ``CookiesMiddleware`` (``scrapy/downloadermiddlewares/cookies.py``;
since Scrapy 2.6, its fix for cookies set on a whole public suffix such as
``co.uk``) asks whether a cookie's domain is a public suffix through a module-level
``_split_domain = TLDExtract(include_psl_private_domains=True)``. Built so,
tldextract fetches the Public Suffix List from publicsuffix.org, then from
raw.githubusercontent.com, the first time it is asked (the first site that
sets a cookie) and caches it under ``~/.cache/python-tldextract``
(``$TLDEXTRACT_CACHE``, ``$XDG_CACHE_HOME``).

casewatch must contact only the hosts its config names (SPEC §5): those two
are not, a firewall that lets through only the watched sites makes each try
wait and log a traceback at WARNING (12 of them, about 180 lines on stderr,
for one cookie), and where the cache cannot be written (the systemd units'
``ProtectHome=yes``) every run would try again.

:func:`use_bundled_suffix_list` replaces that extractor, for this process,
with one that reads the snapshot tldextract ships
(``tldextract/.tld_set_snapshot``) and nothing else: no URLs to fetch
(``suffix_list_urls=()``, so ``$TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS`` is not
read either), no disk cache (``cache_dir=None``), and the snapshot as the
only source (``fallback_to_snapshot=True``). A snapshot some months old
decides the public-suffix question as well as a fresh list for the sites
casewatch watches; new suffixes are rare and the cost of missing one is a
cookie kept for its site alone. ``_is_public_domain`` reads the module
global on each call, so replacing it before the crawl is enough;
tests/test_crawl_offline.py fails if a Scrapy release stops going through it.
"""

from __future__ import annotations

from tldextract import TLDExtract


def bundled_suffix_list() -> TLDExtract:
    """An extractor that knows the public suffixes (private domains too, as
    Scrapy's) from tldextract's own snapshot; it opens no connection and
    writes no file."""
    return TLDExtract(
        cache_dir=None,
        suffix_list_urls=(),
        fallback_to_snapshot=True,
        include_psl_private_domains=True,
    )


def use_bundled_suffix_list() -> None:
    """Make Scrapy's cookie handling use :func:`bundled_suffix_list` in this
    process (imports ``scrapy.downloadermiddlewares.cookies``; once is enough)."""
    from scrapy.downloadermiddlewares import cookies

    cookies._split_domain = bundled_suffix_list()
