"""Visit a website in Chromium and record what it stores and contacts, before and after consent.

Playwright (the ``scan`` extra) drives Debian's Chromium. Each phase starts
from a fresh profile, so that what accepting stores is never mistaken for
what the site stores before any consent. Whatever goes wrong becomes a
:class:`ScanFailed` in plain words: its fix is in the plan or on the site.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit, urlunsplit

from privacy_notices.data.settings import Settings
from privacy_notices.scan.chromium import FLAGS, chromium_path, failure_words, first_line, fresh_profile, resolver_rules
from privacy_notices.scan.observed import (
    ConsentAction,
    Observation,
    PhaseName,
    PhaseRecord,
    ScanFailed,
    ScanPlan,
    SeenCookie,
    SeenHost,
    SeenStorage,
    host_of,
    is_first_party,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, BrowserType, Page, Request

SETTLE_SECONDS = 5.0
"""The most a loaded page is given to fall quiet: a page that polls never does, and that is no failure."""
INSTALL_PLAYWRIGHT = "Playwright is not installed: pip install 'privacy-notice-site[scan]'"

_STORAGE_KEYS = """() => {
  const keys = (storage) => { try { return Object.keys(storage()); } catch (error) { return null; } };
  return [location.origin, keys(() => localStorage), keys(() => sessionStorage)];
}"""
"""A frame's origin and the keys of its two storages (null for one it may not read)."""


def without_query(url: str) -> str:
    """An address without its query and fragment, which may carry a visitor's identifiers.

    >>> without_query("https://t.example/p.gif?id=42#x")
    'https://t.example/p.gif'
    """
    return urlunsplit(urlsplit(url)._replace(query="", fragment=""))


class _Phase:
    """One phase's record as it grows: each cookie, storage key and host kept at its first sighting."""

    def __init__(self, name: PhaseName, plan: ScanPlan) -> None:
        self.plan = plan
        self.record = PhaseRecord(name)
        self.page = plan.pages[0]
        """The page being loaded, which whatever is seen now is credited to."""
        self._seen: set[tuple[str, ...]] = set()

    def _first(self, *key: str) -> bool:
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def on_request(self, request: Request) -> None:
        host = host_of(request.url)
        if host and urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and self._first("host", host):
            self.record.hosts.append(SeenHost(host, without_query(request.url), self.page, not is_first_party(host, self.plan)))

    def read(self, context: BrowserContext, page: Page) -> None:
        """Note the cookies in the jar and the storage keys of every frame of the page."""
        from playwright.sync_api import Error

        now = time.time()
        for cookie in context.cookies():
            name, domain, path = cookie.get("name", ""), cookie.get("domain", ""), cookie.get("path", "/")
            if self._first("cookie", name, domain, path):
                expires = cookie.get("expires", -1)
                self.record.cookies.append(SeenCookie(
                    name, domain, path, None if expires < 0 else expires, now, self.page, not is_first_party(domain, self.plan),
                ))
        for frame in page.frames:
            try:
                origin, *keys = frame.evaluate(_STORAGE_KEYS)
            except Error:
                continue  # detached, or its document is gone: nothing to read
            if not isinstance(origin, str) or origin == "null":
                continue
            kinds: list[Literal["local_storage", "session_storage"]] = ["local_storage", "session_storage"]
            for kind, names in zip(kinds, keys):
                for key in names if isinstance(names, list) else ():
                    if self._first(kind, origin, str(key)):
                        self.record.storage.append(SeenStorage(kind, str(key), origin, self.page, not is_first_party(host_of(origin), self.plan)))


def visit(plan: ScanPlan, settings: Settings | None = None) -> Observation:
    """Load the plan's pages before consent, after accepting and after rejecting, each in a fresh profile.

    ``settings`` name the Chromium when the plan does not (default: this process's environment).
    Raises :class:`ScanFailed`, and nothing else, when the site cannot be scanned as planned.
    """
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise ScanFailed(plan.base, INSTALL_PLAYWRIGHT) from None
    executable = chromium_path(plan, settings or Settings.from_environment())
    if not Path(executable).is_file():
        raise ScanFailed(plan.base, f"no Chromium at {executable}: install Debian's with `apt-get install chromium`")
    try:
        flags = [*FLAGS, *resolver_rules(plan.resolve)]
    except ValueError as error:
        raise ScanFailed(plan.base, str(error)) from None
    if not plan.pages:
        plan = dataclasses.replace(plan, pages=(plan.base,))  # the site's address is a page too
    started = time.time()
    phases: list[tuple[PhaseName, ConsentAction | None, str]] = [("before_consent", None, "")]
    if plan.accept:
        phases.append(("after_accepting", plan.accept, "accept"))
    if plan.reject:
        phases.append(("after_rejecting", plan.reject, "reject"))

    def record() -> list[PhaseRecord]:
        try:
            with sync_playwright() as playwright:
                return [_record_phase(playwright.chromium, executable, flags, plan, *phase) for phase in phases]
        except Error as error:
            raise ScanFailed(plan.base, failure_words(error.message)) from None

    if not _loop_running():
        return Observation(plan.base, started, record())
    # Playwright's sync API refuses to run where an asyncio loop runs (a notebook, an async program, another
    # Playwright session): the visit then runs in a thread of its own, which has none.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="notices-scan") as pool:
        return Observation(plan.base, started, pool.submit(record).result())


def _loop_running() -> bool:
    """Whether an asyncio event loop runs in this thread.

    >>> _loop_running()
    False
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _record_phase(
    chromium: BrowserType, executable: str, flags: list[str], plan: ScanPlan, name: PhaseName, action: ConsentAction | None, what: str,
) -> PhaseRecord:
    """One phase in a browser and profile of its own: consent given (or refused) as the action says, then every page."""
    from playwright.sync_api import Error

    with tempfile.TemporaryDirectory(prefix="notices-scan-", ignore_cleanup_errors=True) as folder:
        fresh_profile(Path(folder))
        try:
            context = chromium.launch_persistent_context(folder, executable_path=executable, args=flags)
        except Error as error:
            raise ScanFailed(plan.base, f"Chromium at {executable} did not start: {failure_words(error.message)}") from None
        try:
            phase = _Phase(name, plan)
            context.on("request", phase.on_request)
            if action and action.cookie:
                scheme, netloc = urlsplit(plan.base)[:2]
                context.add_cookies([{"name": action.cookie[0], "value": action.cookie[1], "url": f"{scheme}://{netloc}/"}])
            page = context.new_page()
            if action and action.click:
                _load(page, plan.pages[0], plan, phase)
                _click(page, action.click, what, plan)
                phase.read(context, page)
            for url in plan.pages:
                _load(page, url, plan, phase)
                phase.read(context, page)
            return phase.record
        finally:
            with suppress(Error):
                context.close()


def _load(page: Page, url: str, plan: ScanPlan, phase: _Phase) -> None:
    """Load a page and let it settle; a page that fails, times out or leaves the site stops the scan."""
    from playwright.sync_api import Error, TimeoutError as Timeout

    phase.page = url
    try:
        response = page.goto(url, wait_until="load", timeout=plan.timeout * 1000)
    except Timeout:
        raise _too_slow(url, plan) from None
    except Error as error:
        raise ScanFailed(url, failure_words(error.message)) from None
    if response is not None and response.status >= 400:
        raise ScanFailed(url, f"the page answered HTTP {response.status} {response.status_text}".rstrip())
    _settle(page, plan, url)
    site, landed = host_of(plan.base), host_of(page.url)
    if landed != site:
        raise ScanFailed(url, f"it redirected to another host: {landed} instead of {site}; scan {landed} with a plan of its own")


def _click(page: Page, selector: str, what: str, plan: ScanPlan) -> None:
    """Click the consent tool's button as a visitor would, once it shows."""
    from playwright.sync_api import Error, TimeoutError as Timeout

    url, button = plan.pages[0], page.locator(selector).locator("visible=true").first
    try:
        button.wait_for(state="visible", timeout=plan.timeout * 1000)
        button.click(timeout=plan.timeout * 1000)
    except Timeout:
        raise ScanFailed(
            url, f"the {what} button {selector!r} was not found on the page: nothing visible matched it within {plan.timeout:g} seconds",
        ) from None
    except Error as error:
        raise ScanFailed(url, f"the {what} button {selector!r} could not be clicked: {first_line(error.message)}") from None
    _settle(page, plan, url)


def _settle(page: Page, plan: ScanPlan, url: str) -> None:
    """Wait until the page (or where a click took it) has loaded, then until its network is idle, up to a cap."""
    from playwright.sync_api import Error, TimeoutError as Timeout

    try:
        page.wait_for_load_state("load", timeout=plan.timeout * 1000)
    except Timeout:
        raise _too_slow(url, plan) from None
    with suppress(Error):
        page.wait_for_load_state("networkidle", timeout=min(SETTLE_SECONDS, plan.timeout) * 1000)


def _too_slow(url: str, plan: ScanPlan) -> ScanFailed:
    return ScanFailed(url, f"the page did not finish loading within {plan.timeout:g} seconds")
