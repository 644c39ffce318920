"""Which URLs belong to the audited site: its registrable domain (public-suffix list, offline)."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import urlsplit

from goudenregels.errors import UsageError
from goudenregels.words import prefilter

# Links to these are files, not pages: skipped without loading.
SKIP_EXTENSIONS = prefilter.compile(
    r"\.(pdf|zip|rar|7z|gz|tgz|jpe?g|png|gif|webp|svg|ico|bmp|tiff?|mp[34]|m4a|wav|ogg|webm|avi|mov|"
    r"docx?|xlsx?|pptx?|odt|ods|csv|exe|dmg|msi|apk|ics|vcf|xml|json|rss|atom|css|js|woff2?|ttf|"
    r"eot|otf)$",
    re.IGNORECASE,
)
# Request methods that only read: every other one is blocked wherever the crawler must not
# change anything (the phone menu probe, script-navigation clicks, a logged-in crawl).
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Links that change state on the site: never followed by the crawler.
UNSAFE_LINK = prefilter.compile(
    r"(log-?out|uitloggen|afmelden|sign-?out|add-to-cart|add_to_cart|remove_item|"
    r"empty-cart|delete|unsubscribe)",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _psl():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def domain_name(host: str) -> str:
    """The name a domain is registered under, without its suffix: ``shop.co.uk`` → ``shop``,
    ``mail.bedrijf.nl`` → ``bedrijf``; a host without a known suffix as it is."""
    host = host.lower().rstrip(".")
    private = _psl().privatesuffix(host) if "." in host else None
    if not private:
        return host
    return private.split(".", 1)[0]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def site_key(url: str) -> str:
    """The registrable domain of a URL (``www.shop.co.uk`` → ``shop.co.uk``).

    Hosts without a public suffix (an IP address, ``localhost``) are scoped to host and port.
    Any string is accepted, since links come from the site: a URL that cannot be parsed (a bad
    IPv6 literal such as ``http://[bad``, a port that is not a number or out of range) belongs
    to no site and gives ``""``.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        return ""
    if _is_ip(host) or "." not in host:
        return f"{host}:{port or (443 if parts.scheme == 'https' else 80)}"
    return _psl().privatesuffix(host) or host


def in_scope(url: str, scope: str) -> bool:
    """Whether a URL is an http(s) page of the site ``scope``; False for any unparseable string."""
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        return False
    return scheme in ("http", "https") and bool(scope) and site_key(url) == scope


def validate_start_url(url: str) -> str:
    """Return a usable start URL or raise a one-line :class:`UsageError`.

    Whatever the user typed, the only exception is :class:`UsageError` (exit code 2).
    """
    raw = url.strip()
    if not raw:
        raise UsageError("no URL given")
    if "://" not in raw and re.match(r"^[\w.-]+\.[a-z]{2,}(:\d+)?(/.*)?$", raw, re.IGNORECASE):
        raw = "https://" + raw  # people type 'example.nl'
    try:
        parts = urlsplit(raw)
    except ValueError:  # a bad IPv6 literal: 'http://[bad', 'https://www.[bedrijf].nl'
        raise UsageError(f"'{url}' is not a valid http(s) URL") from None
    if parts.scheme not in ("http", "https"):
        raise UsageError(f"'{url}' is not a valid http(s) URL")
    try:
        port = parts.port
    except ValueError:
        raise UsageError(f"'{url}' has an invalid port") from None
    host = parts.hostname or ""
    if not host or " " in host or (port is not None and not 0 < port < 65536):
        raise UsageError(f"'{url}' is not a valid http(s) URL")
    # An empty label ('http://.', 'http://shop..nl') names no host.
    empty_label = "" in host.rstrip(".").split(".")
    if not _is_ip(host) and (empty_label or ("." not in host and host != "localhost")):
        raise UsageError(f"'{url}' has no valid host name")
    return raw
