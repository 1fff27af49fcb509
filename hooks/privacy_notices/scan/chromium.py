"""How a scan starts Chromium, and what Chromium's errors mean in plain words.

Pure data and text, without Playwright: the flags and the profile that make
Chromium see a site as a visitor's browser would, and the words an author
reads when a page cannot be loaded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from privacy_notices.data.settings import Settings
from privacy_notices.data.textcheck import excerpt
from privacy_notices.scan.observed import ScanPlan

DEBIAN_CHROMIUM = "/usr/bin/chromium"
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)
"""No GPU, sandbox or first-run profile in a container; no request of Chromium's own among the site's."""
PREFERENCES = {"profile": {"cookie_controls_mode": 0}}
"""Allow third-party cookies and storage, as Chrome does by default: Debian's Chromium blocks them, and a scan
that let a browser hide what a site's embedded parties store would vouch for a notice that leaves them out."""


def chromium_path(plan: ScanPlan, settings: Settings) -> str:
    """The plan's browser, else NOTICES_CHROMIUM, else Debian's.

    >>> chromium_path(ScanPlan("https://a.test/", ()), Settings(chromium="/opt/chromium/chrome"))
    '/opt/chromium/chrome'
    """
    return plan.browser or settings.chromium or DEBIAN_CHROMIUM


def fresh_profile(folder: Path) -> None:
    """Prepare an empty folder as the profile of one phase: nothing stored yet, third parties allowed."""
    (folder / "Default").mkdir(parents=True, exist_ok=True)
    (folder / "Default" / "Preferences").write_text(json.dumps(PREFERENCES), "utf-8")


def resolver_rules(resolve: tuple[tuple[str, str], ...]) -> list[str]:
    """Chromium's flag for the plan's (host, address) pairs; none without pairs. A pair that would
    smuggle in another rule raises ValueError.

    >>> resolver_rules((("www.shop.test", "127.0.0.1"), ("v6.test", "::1")))
    ['--host-resolver-rules=MAP www.shop.test 127.0.0.1, MAP v6.test [::1]']
    >>> resolver_rules(())
    []
    """
    rules = []
    for host, address in resolve:
        if not re.fullmatch(r"[\w.*-]+", host) or not re.fullmatch(r"[\w.:\[\]~-]+", address):
            raise ValueError(f"cannot resolve {host!r} to {address!r}: expected a host name and an address")
        if ":" in address and not address.startswith("["):
            address = f"[{address}]"
        rules.append(f"MAP {host} {address}")
    return [f"--host-resolver-rules={', '.join(rules)}"] if rules else []


CANNOT_CONNECT = {
    "ERR_CONNECTION_REFUSED": "the connection was refused (is the server running on that port?)",
    "ERR_NAME_NOT_RESOLVED": "the host name does not resolve",
    "ERR_NAME_RESOLUTION_FAILED": "the host name could not be looked up",
    "ERR_ADDRESS_UNREACHABLE": "the address is unreachable",
    "ERR_CONNECTION_TIMED_OUT": "the connection timed out",
    "ERR_CONNECTION_RESET": "the connection was reset",
    "ERR_CONNECTION_CLOSED": "the connection was closed",
    "ERR_EMPTY_RESPONSE": "the server closed the connection without an answer",
    "ERR_INTERNET_DISCONNECTED": "this machine is offline",
}
TLS = {
    "ERR_CERT_AUTHORITY_INVALID": "the certificate is not signed by an authority the browser trusts",
    "ERR_CERT_COMMON_NAME_INVALID": "the certificate is for another host name",
    "ERR_CERT_DATE_INVALID": "the certificate has expired or is not valid yet",
    "ERR_SSL_PROTOCOL_ERROR": "the server answered without a TLS handshake (is it plain HTTP on that port?)",
}
"""Plain words for Chromium's network errors; the code follows them, for whoever looks further."""


SHOWN = 300
"""The most characters of a site's own text (an address, a reason phrase, an element) a message quotes."""
CRASHED = "the page crashed (its renderer ended: out of memory, or a crash)"


def first_line(message: str) -> str:
    """A Playwright error's own words: its first line, without the method's name or the call log, shortened
    (it may quote the site's addresses).

    >>> first_line("Locator.click: Unexpected token in selector\\nCall log:\\n  - waiting")
    'Unexpected token in selector'
    >>> len(first_line("Page.goto: at http://x.test/" + "a" * 5000))
    300
    """
    return excerpt(re.sub(r"^\w+\.\w+: ", "", (message.strip().splitlines() or ["no reason given"])[0]), SHOWN)


def crashed(message: str) -> bool:
    """Whether a Playwright error says the page's renderer died.

    >>> crashed("Locator.click: Target crashed"), crashed("Page.goto: Page crashed"), crashed("Timeout 30000ms exceeded")
    (True, True, False)
    """
    return re.search(r"\b(Target|Page) crashed\b", message) is not None


def click_refusal(message: str) -> str:
    """Why a visible button could not be clicked, from Playwright's error and call log.

    >>> click_refusal("Timeout 2000ms exceeded.\\nCall log:\\n  - <div id=cover>cover</div> intercepts pointer events\\n  - retrying")
    'another element covers it: <div id=cover>cover</div> intercepts pointer events'
    >>> click_refusal("Locator.click: Target crashed")
    'the page crashed (its renderer ended: out of memory, or a crash)'
    >>> click_refusal("Timeout 2000ms exceeded.\\nCall log:\\n  - element is not stable")
    'Timeout 2000ms exceeded.'
    """
    if crashed(message):
        return CRASHED
    covering = [line.strip(" -") for line in message.splitlines() if line.rstrip().endswith("intercepts pointer events")]
    if covering:
        return "another element covers it: " + excerpt(covering[-1], SHOWN)
    return first_line(message)


def failure_words(message: str) -> str:
    """What a Playwright error means, in plain words and one line, without Playwright's call log.

    >>> failure_words("net::ERR_CONNECTION_REFUSED at http://x.test/\\nCall log:\\n  - navigating")
    'cannot connect: the connection was refused (is the server running on that port?) (net::ERR_CONNECTION_REFUSED)'
    >>> failure_words("Page.goto: net::ERR_CERT_DATE_INVALID at https://x.test/")
    'the TLS connection failed: the certificate has expired or is not valid yet (net::ERR_CERT_DATE_INVALID)'
    >>> failure_words("net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH at https://x.test/")
    'the TLS connection failed: the handshake failed (net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH)'
    >>> failure_words("Target page, context or browser has been closed\\nBrowser logs: …")
    'the browser could not load it: Target page, context or browser has been closed'
    """
    code = re.search(r"net::(ERR_[A-Z0-9_]+)", message)
    if code is None and crashed(message):
        return CRASHED
    if code is None:
        return "the browser could not load it: " + first_line(message)
    name, tag = code[1], f"(net::{code[1]})"
    if name in CANNOT_CONNECT:
        return f"cannot connect: {CANNOT_CONNECT[name]} {tag}"
    if name.startswith("ERR_CERT_"):
        return f"the TLS connection failed: {TLS.get(name, 'the certificate was refused')} {tag}"
    if name.startswith("ERR_SSL_"):
        return f"the TLS connection failed: {TLS.get(name, 'the handshake failed')} {tag}"
    if name == "ERR_TOO_MANY_REDIRECTS":
        return f"it redirects in a loop {tag}"
    return f"the browser could not load it {tag}"
