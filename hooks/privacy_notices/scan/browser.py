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
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit, urlunsplit

from privacy_notices.data.settings import Settings
from privacy_notices.data.textcheck import excerpt
from privacy_notices.scan.chromium import FLAGS, chromium_path, click_refusal, failure_words, fresh_profile, resolver_rules
from privacy_notices.scan.observed import (
    ConsentAction,
    Observation,
    PHASE_WORDS,
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
from privacy_notices.scan.watchdog import Watchdog, kill_chromium

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, BrowserType, Frame, Page, Request

SETTLE_SECONDS = 5.0
"""The most a loaded page is given to fall quiet: a page that polls never does, and that is no failure."""
GRACE = 2.0
"""Seconds the watchdog waits past a call's own timeout, so that Playwright's plainer timeout speaks first."""
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

    def __init__(self, name: PhaseName, plan: ScanPlan, watchdog: Watchdog) -> None:
        self.plan, self.watchdog = plan, watchdog
        self.record = PhaseRecord(name)
        self.page = plan.pages[0]
        """The page being loaded, which whatever is seen now is credited to."""
        self.loads = 0
        """How many documents the tab has loaded so far: a count that races ahead on a page that reloads in a loop."""
        self._seen: set[tuple[str, ...]] = set()

    def _first(self, *key: str) -> bool:
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def on_request(self, request: Request) -> None:
        self.contacted(request.url)

    def on_page(self, page: Page) -> None:
        """Watch a tab (the scan's own, or one the site opens): its WebSockets, which are no requests to Playwright."""
        page.on("websocket", lambda socket: self.contacted(socket.url))

    def on_navigated(self, frame: Frame) -> None:
        if frame.parent_frame is None:
            self.loads += 1

    def contacted(self, url: str) -> None:
        host = host_of(url)
        if host and urlsplit(url).scheme in ("http", "https", "ws", "wss") and self._first("host", host):
            self.record.hosts.append(SeenHost(host, without_query(url), self.page, not is_first_party(host, self.plan)))

    def read(self, context: BrowserContext) -> None:
        """Note the cookies in the jar and the storage keys of every frame of every tab, the site's popups too.

        Each call into the browser is a step of its own under the watchdog: a frame whose script never
        yields would otherwise keep its evaluation, and the scan, waiting forever.
        """
        from playwright.sync_api import Error

        now = time.time()
        with self.watchdog.step(self.page):
            jar = context.cookies()
        for cookie in jar:
            name, domain, path = cookie.get("name", ""), cookie.get("domain", ""), cookie.get("path", "/")
            if self._first("cookie", name, domain, path):
                expires = cookie.get("expires", -1)
                self.record.cookies.append(SeenCookie(
                    name, domain, path, None if expires < 0 else expires, now, self.page, not is_first_party(domain, self.plan),
                ))
        until = time.monotonic() + min(SETTLE_SECONDS, self.plan.timeout)
        for tab in context.pages:
            self._loaded(tab, until)
            for frame in tab.frames:
                busy = f"a script of its frame from {excerpt(host_of(frame.url), 200)} kept it busy" if frame.parent_frame else "a script kept the page busy"
                try:
                    with self.watchdog.step(self.page, busy=busy):
                        origin, *keys = frame.evaluate(_STORAGE_KEYS)
                except Error:
                    if self.watchdog.fired:
                        raise
                    continue  # detached, or its document is gone: nothing to read
                self._storage(origin, keys)

    def _loaded(self, tab: Page, until: float) -> None:
        """Give a tab (a popup still loading) until ``until`` to load, as a settling page is given, all tabs together; no failure if it does not."""
        from playwright.sync_api import Error

        with suppress(Error), self.watchdog.step(self.page, grace=GRACE):
            tab.wait_for_load_state("load", timeout=max(until - time.monotonic(), 0.001) * 1000)

    def _storage(self, origin: object, keys: list[object]) -> None:
        if not isinstance(origin, str) or origin == "null":
            return
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
                return [_named(phase[0], _record_phase, playwright.chromium, executable, flags, plan, *phase) for phase in phases]
        except Error as error:
            raise ScanFailed(plan.base, failure_words(error.message)) from None

    if not _loop_running():
        return Observation(plan.base, started, record())
    # Playwright's sync API refuses to run where an asyncio loop runs (a notebook, an async program, another
    # Playwright session): the visit then runs in a thread of its own, which has none.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="notices-scan") as pool:
        return Observation(plan.base, started, pool.submit(record).result())


def _named(name: PhaseName, record: Callable[..., PhaseRecord], *args: object) -> PhaseRecord:
    """A phase's record; its failure, when it is not the first phase, says which phase it met it in."""
    try:
        return record(*args)
    except ScanFailed as failed:
        if name == "before_consent":
            raise
        raise ScanFailed(failed.url, f"while recording {PHASE_WORDS[name]}: {failed.message}") from None


def _loop_running() -> bool:
    """Whether an asyncio event loop runs in this thread.

    >>> import asyncio, concurrent.futures
    >>> async def inside() -> bool:
    ...     return _loop_running()
    >>> with concurrent.futures.ThreadPoolExecutor(1) as pool:  # threads of their own: whatever runs in this one
    ...     pool.submit(_loop_running).result(), pool.submit(asyncio.run, inside()).result()
    (False, True)
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _record_phase(
    chromium: BrowserType, executable: str, flags: list[str], plan: ScanPlan, name: PhaseName, action: ConsentAction | None, what: str,
) -> PhaseRecord:
    """One phase in a browser and profile of its own: consent given (or refused) as the action says, then every page.

    Every step runs under a watchdog that kills this phase's Chromium past the plan's timeout; whatever
    Playwright then raises is reported as the page that did not respond. No Chromium of the phase outlives it.
    """
    from playwright.sync_api import Error

    with tempfile.TemporaryDirectory(prefix="notices-scan-", ignore_cleanup_errors=True) as folder:
        profile = Path(folder)
        fresh_profile(profile)
        try:
            context = chromium.launch_persistent_context(folder, executable_path=executable, args=flags, timeout=plan.timeout * 1000)
        except Error as error:
            raise ScanFailed(plan.base, f"Chromium at {executable} did not start: {failure_words(error.message)}") from None
        watchdog = Watchdog(profile, plan.timeout)
        phase = _Phase(name, plan, watchdog)
        try:
            _steps(context, phase, action, what)
            return phase.record
        except (Error, ScanFailed) as error:
            if watchdog.fired is not None:
                raise ScanFailed(watchdog.fired, f"the page did not respond within {plan.timeout:g} seconds ({watchdog.busy})") from None
            if isinstance(error, ScanFailed):
                raise
            raise ScanFailed(phase.page, failure_words(error.message)) from None
        finally:
            with watchdog.step(plan.base), suppress(Error):
                context.close()
            watchdog.stop()
            kill_chromium(profile)  # whatever a crash or a kill left behind


def _steps(context: BrowserContext, phase: _Phase, action: ConsentAction | None, what: str) -> None:
    """The phase itself: consent as the action says, then each page loaded and read."""
    plan = phase.plan
    context.on("request", phase.on_request)
    context.on("page", phase.on_page)
    if action and action.cookie:
        scheme, netloc = urlsplit(plan.base)[:2]
        context.add_cookies([{"name": action.cookie[0], "value": action.cookie[1], "url": f"{scheme}://{netloc}/"}])
    page = context.new_page()
    phase.on_page(page)  # the scan's own tab, in case its "page" event came before the handler
    page.on("framenavigated", phase.on_navigated)
    if action and action.click:
        _load(page, plan.pages[0], phase)
        _click(page, action.click, what, phase)
        phase.read(context)
        _on_site(page, plan, plan.pages[0], f"after clicking the {what} button {action.click!r}")
    for url in plan.pages:
        _load(page, url, phase)
        phase.read(context)
        _on_site(page, plan, url, "while it was read")


def _load(page: Page, url: str, phase: _Phase) -> None:
    """Load a page and let it settle; a page that fails, times out or leaves the site stops the scan."""
    from playwright.sync_api import Error, TimeoutError as Timeout

    plan, phase.page = phase.plan, url
    try:
        with phase.watchdog.step(url, grace=GRACE):
            response = page.goto(url, wait_until="load", timeout=plan.timeout * 1000)
    except Timeout:
        raise _too_slow(url, plan) from None
    except Error as error:
        raise ScanFailed(url, failure_words(error.message)) from None
    if response is not None and response.status >= 400:
        raise ScanFailed(url, f"the page answered HTTP {response.status} {excerpt(response.status_text, 200)}".rstrip())
    _settle(page, phase, url)
    _on_site(page, plan, url, "")


def _on_site(page: Page, plan: ScanPlan, url: str, when: str) -> None:
    """Refuse a tab that left the site: what the other host stores would be credited to the site."""
    site, landed = host_of(plan.base), host_of(page.url)
    if is_first_party(landed, plan):
        return
    landed = excerpt(landed, 200)
    if when:
        raise ScanFailed(url, f"{when}, the page went to another host: {landed} instead of {site}")
    raise ScanFailed(url, f"it redirected to another host: {landed} instead of {site}; scan {landed} with a plan of its own")


def _click(page: Page, selector: str, what: str, phase: _Phase) -> None:
    """Click the consent tool's button as a visitor would, once it shows; say why when it cannot be."""
    from playwright.sync_api import Error, TimeoutError as Timeout

    plan, url = phase.plan, phase.plan.pages[0]
    button, loads, named = page.locator(selector).locator("visible=true").first, phase.loads, f"the {what} button {selector!r}"
    try:
        with phase.watchdog.step(url, grace=GRACE):
            button.wait_for(state="visible", timeout=plan.timeout * 1000)
    except Timeout:
        if phase.loads - loads > 2:
            raise ScanFailed(url, f"{named} could not be clicked: the page kept reloading ({phase.loads - loads} loads in {plan.timeout:g} seconds)") from None
        raise ScanFailed(url, f"{named} was not found on the page: nothing visible matched it within {plan.timeout:g} seconds") from None
    except Error as error:
        raise ScanFailed(url, f"{named} could not be clicked: {click_refusal(error.message)}") from None
    try:
        with phase.watchdog.step(url, grace=GRACE):
            button.click(timeout=plan.timeout * 1000)
    except Error as error:  # a timeout too: the button showed, but something kept the click from reaching it
        reloading = f"the page kept reloading ({phase.loads - loads} loads)" if phase.loads - loads > 2 else ""
        raise ScanFailed(url, f"{named} could not be clicked: {reloading or click_refusal(error.message)}") from None
    _settle(page, phase, url)


def _settle(page: Page, phase: _Phase, url: str) -> None:
    """Wait until the page (or where a click took it) has loaded, then until its network is idle, up to a cap."""
    from playwright.sync_api import Error, TimeoutError as Timeout

    plan = phase.plan
    try:
        with phase.watchdog.step(url, grace=GRACE):
            page.wait_for_load_state("load", timeout=plan.timeout * 1000)
    except Timeout:
        raise _too_slow(url, plan) from None
    with phase.watchdog.step(url, grace=GRACE), suppress(Error):
        page.wait_for_load_state("networkidle", timeout=min(SETTLE_SECONDS, plan.timeout) * 1000)


def _too_slow(url: str, plan: ScanPlan) -> ScanFailed:
    return ScanFailed(url, f"the page did not finish loading within {plan.timeout:g} seconds")
