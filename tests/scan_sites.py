"""Local websites for the scan's tests: one server on 127.0.0.1 plays several hosts, told apart by the Host header.

A :class:`Site` is a table of routes, host → path → :class:`Route`. :func:`serve`
answers from it on a free port of the loopback interface, and the browser
reaches every host there through ``ScanPlan.resolve`` (Chromium's
``--host-resolver-rules``), so that real-looking names stand for the site
(``www.shop.test``) and its third parties (``tracker.test``). A body or header
may say ``{port}``: the server writes its port there, for links between hosts.

Ready-made sites, each also a module-scoped fixture of the same name without
``_site`` (import the fixture into a test module by its name, as
``from scan_sites import shop``, and ask for ``shop: Served``):

- :func:`shop_site`: the acceptance site, which also stores two cookies (``undeclared_*``) and contacts a host (cdn.unknown.test) no notice names.
- :func:`clean_shop_site`: the same shop storing only ``consent`` and, once accepted, ``_trk_id``: a site that can match its notice.
- :func:`broken_site`: pages that hang, answer 404 or redirect off the site, and hosts that refuse or do not resolve.
- :func:`hostile_site`: pages that keep the browser busy, open WebSockets and popups, leave the site on a click, cover or reload away their buttons.

Then ``visit(shop.plan(accept=ACCEPT, reject=REJECT))`` scans the shop's two
pages, and :func:`need_browser` skips a test (or fails it, under
NOTICES_BROWSER_REQUIRED=1) where Playwright or Chromium is missing. The
fixtures ``shop_visit`` and ``clean_shop_visit`` are those scans of the two
shops (all three phases, clicking ``#accept`` and ``#reject``), made once a module.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from privacy_notices.scan.browser import visit
from privacy_notices.scan.observed import ConsentAction, Observation, ScanPlan

REQUIRED = os.environ.get("NOTICES_BROWSER_REQUIRED") == "1"
CHROMIUM = Path(os.environ.get("NOTICES_CHROMIUM", "/usr/bin/chromium"))
"""The Chromium a visit drives when its plan names none (NOTICES_CHROMIUM, as visit reads it, else Debian's)."""

ACCEPT = ConsentAction(click="#accept")
REJECT = ConsentAction(click="#reject")
ACCEPT_BY_COOKIE = ConsentAction(cookie=("consent", "yes"))
"""What the shops' banner stores when its visitor accepts, set before the first page instead of clicked."""

DAY = 86400
PIXEL = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
"""A transparent GIF of one pixel."""


def need_browser() -> None:
    """Skip the calling test where Playwright or Chromium is missing; under NOTICES_BROWSER_REQUIRED=1, fail it."""
    reason = ""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "Python Playwright is missing: python -m pip install -e '.[test]'"
    if not reason and not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM}: install Debian's with `apt-get install chromium` (never `playwright install`)"
    if reason and REQUIRED:
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)


@dataclass(frozen=True)
class Route:
    """One answer: a body (``{port}`` replaced) with its status and headers, given after ``hold`` seconds."""

    body: str | bytes = ""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    hold: float = 0.0
    """Seconds the answer is held back (while the connection stays open): a page that never finishes loading."""
    reason: str | None = None
    """The status line's reason phrase, when not the usual one: a site's own text, which a message may quote."""


@dataclass(frozen=True)
class Site:
    """The hosts a test site is made of, and what each answers at each path; any other path is a 404."""

    host: str
    """The site's own host, which its plans' ``base`` and pages are on."""
    routes: dict[str, dict[str, Route]]
    pages: tuple[str, ...] = ("/",)
    """The paths a plan visits unless told otherwise."""
    resolve: tuple[tuple[str, str], ...] = ()
    """(host, address) pairs besides the routes' hosts, which all resolve to 127.0.0.1: ``~NOTFOUND`` for no DNS answer."""


@dataclass(frozen=True)
class Served:
    """A :class:`Site` being served: where, and the plans that scan it."""

    site: Site
    port: int
    resolve: tuple[tuple[str, str], ...]
    """Every host of the site to 127.0.0.1, and the site's own further pairs: a plan's ``resolve``."""

    @property
    def base(self) -> str:
        """``http://www.shop.test:PORT/``."""
        return self.url()

    def url(self, path: str = "/", host: str | None = None, scheme: str = "http", port: int | None = None) -> str:
        """An address on one of the site's hosts (default: its own), e.g. ``url("/about/")``."""
        return f"{scheme}://{host or self.site.host}:{port or self.port}{path}"

    def plan(self, *paths: str, **changes: Any) -> ScanPlan:
        """A plan of the site's pages (or ``paths``) with its resolve pairs and a 10-second timeout; ``changes`` replace fields."""
        plan = ScanPlan(self.base, tuple(self.url(path) for path in paths or self.site.pages), resolve=self.resolve, timeout=10.0)
        return dataclasses.replace(plan, **changes)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site
    stopping: threading.Event

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Say nothing of a browser that hung up mid-answer (a page that reloads itself, a killed Chromium)."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        host = self.headers.get("Host", "").rsplit(":", 1)[0].lower()
        path = self.path.split("?", 1)[0]
        route = self.server.site.routes.get(host, {}).get(path, Route("<!doctype html><title>Not found</title>", status=404))
        if route.hold and self.server.stopping.wait(route.hold):
            return
        port = str(self.server.server_address[1])
        body = route.body.replace("{port}", port).encode("utf-8") if isinstance(route.body, str) else route.body
        self.send_response(route.status, route.reason)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in route.headers:
            self.send_header(name, value.replace("{port}", port))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(site: Site) -> Iterator[Served]:
    """Serve ``site`` on a free port of 127.0.0.1 until the block ends."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site, server.stopping = site, threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        resolve = tuple((host, "127.0.0.1") for host in site.routes) + site.resolve
        yield Served(site, int(server.server_address[1]), resolve)
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


def _shop_page(title: str, clean: bool) -> str:
    """A page of the shop: a consent banner whose accepting loads the tracker; the full shop also keeps a cart and shows a CDN's image."""
    extras = "" if clean else '<img src="http://cdn.unknown.test:{port}/pixel.gif?v=3" alt="">\n<script>sessionStorage.setItem("cart", "[]");</script>'
    script = "clean.js" if clean else "t.js"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
<h1>{title}</h1>
<p><a href="/">Home</a> <a href="/about/">About</a></p>
<div id="banner" hidden><p>We would like to measure your visits.</p>
<button id="accept">Accept</button> <button id="reject">Reject</button></div>
{extras}
<script>
function tracker() {{
  var script = document.createElement("script");
  script.src = "http://tracker.test:{{port}}/{script}";
  document.head.appendChild(script);
}}
function answer(given) {{
  document.cookie = "consent=" + given + "; max-age={180 * DAY}; path=/";
  document.getElementById("banner").hidden = true;
  if (given === "yes") tracker();
}}
document.getElementById("accept").onclick = function () {{ answer("yes"); }};
document.getElementById("reject").onclick = function () {{ answer("no"); }};
var given = (document.cookie.match(/(?:^|; )consent=(yes|no)/) || [])[1];
if (given === "yes") tracker();
if (!given) document.getElementById("banner").hidden = false;
</script>
</body></html>
"""


TRACKER = f"""var id = (document.cookie.match(/(?:^|; )_trk_id=([^;]+)/) || [])[1] || Math.random().toString(36).slice(2);
document.cookie = "_trk_id=" + id + "; max-age={30 * DAY}; path=/";
document.cookie = "undeclared_a=1; path=/";
document.cookie = "undeclared_b=1; max-age={DAY}; path=/";
localStorage.setItem("trk_visits", String(Number(localStorage.getItem("trk_visits") || 0) + 1));
new Image().src = "http://tracker.test:{{port}}/collect?id=" + id;
"""
"""The tracker's script: it sets its cookies from within the page, as analytics scripts do."""
CLEAN_TRACKER = f"""document.cookie = "_trk_id=" + Math.random().toString(36).slice(2) + "; max-age={DAY}; path=/";\n"""
JS = "text/javascript; charset=utf-8"


def shop_site() -> Site:
    """The acceptance site, www.shop.test, pages ``/`` and ``/about/``.

    Before consent: the server sets ``prefs`` (Set-Cookie, 30 days) on every page, the page puts ``cart`` into
    session storage and shows an image from cdn.unknown.test. The banner's ``#accept`` / ``#reject`` set
    ``consent`` (yes/no, 180 days, from the page's script). Once accepted, every page loads tracker.test's
    script, which sets ``_trk_id`` (30 days), ``undeclared_a`` (session) and ``undeclared_b`` (1 day), puts
    ``trk_visits`` into local storage and requests tracker.test/collect. All cookies are www.shop.test's own.
    """
    prefs = (("Set-Cookie", f"prefs=compact; Max-Age={30 * DAY}; Path=/"),)
    return Site(
        host="www.shop.test",
        pages=("/", "/about/"),
        routes={
            "www.shop.test": {"/": Route(_shop_page("Shop", clean=False), headers=prefs), "/about/": Route(_shop_page("About the shop", clean=False), headers=prefs)},
            "tracker.test": {"/t.js": Route(TRACKER, content_type=JS), "/collect": Route(PIXEL, content_type="image/gif")},
            "cdn.unknown.test": {"/pixel.gif": Route(PIXEL, content_type="image/gif")},
        },
    )


def clean_shop_site() -> Site:
    """The shop as its notice describes it: ``consent`` from the banner, and once accepted tracker.test's script,
    which sets ``_trk_id`` (1 day) alone; no cookie before consent, no storage, no other host."""
    return Site(
        host="www.shop.test",
        pages=("/", "/about/"),
        routes={
            "www.shop.test": {"/": Route(_shop_page("Shop", clean=True)), "/about/": Route(_shop_page("About the shop", clean=True))},
            "tracker.test": {"/clean.js": Route(CLEAN_TRACKER, content_type=JS)},
        },
    )


def broken_site() -> Site:
    """www.broken.test: ``/`` loads; ``/slow/`` holds its answer for a minute; ``/missing/`` answers 404; ``/away/``
    redirects to elsewhere.test. down.test resolves to 127.0.0.1 (give it a port nothing listens on:
    ``url(host="down.test", port=conftest.free_port())``) and nowhere.test resolves to nothing. An ``https://`` address
    of the site reaches its plain-HTTP server, whose answer is no TLS handshake."""
    page = "<!doctype html><title>Broken</title><p>Some pages of this site fail.</p>"
    return Site(
        host="www.broken.test",
        routes={
            "www.broken.test": {
                "/": Route(page),
                "/slow/": Route(page, hold=60.0),
                "/away/": Route(status=302, headers=(("Location", "http://elsewhere.test:{port}/"),)),
            },
            "elsewhere.test": {"/": Route(page)},
        },
        resolve=(("down.test", "127.0.0.1"), ("nowhere.test", "~NOTFOUND")),
    )


def _hostile_page(body: str) -> Route:
    """A page of the hostile site: ``body``, then a banner whose buttons do nothing but exist."""
    return Route(f'<!doctype html><title>Hostile</title>{body}<p><button id="accept">Accept</button> <button id="reject">Reject</button></p>')


def hostile_site() -> Site:
    """www.hostile.test, a site that fights its scan:

    ``/`` opens a WebSocket to wshost.test, and its ``#accept`` opens popup.test's ``/store/`` in a new tab, which puts
    ``popup_key`` into local storage; ``/busy/`` and ads.test's ``/busy/`` (framed by ``/busy-frame/``) loop forever
    200 ms after loading; ``/leave/``'s buttons take the tab to other.test's ``/store/``; ``/covered/``'s buttons lie
    under a layer that takes every click; ``/reloading/`` reloads itself 50 ms after loading, before its button shows (at 150 ms); ``/status/`` answers 500 with a
    reason phrase of 20,000 characters and an escape sequence.
    """
    busy = "<script>setTimeout(() => { while (true) {} }, 200)</script>"
    store = Route('<!doctype html><title>Store</title><script>localStorage.setItem("popup_key", "1")</script>')
    cover = '<div style="position: fixed; inset: 0; background: white; z-index: 9">cover</div>'
    return Site(
        host="www.hostile.test",
        routes={
            "www.hostile.test": {
                "/": _hostile_page('<script>new WebSocket("ws://wshost.test:{port}/sock");'
                                   'document.addEventListener("click", () => window.open("http://popup.test:{port}/store/"))</script>'),
                "/busy/": _hostile_page(busy),
                "/busy-frame/": _hostile_page('<iframe src="http://ads.test:{port}/busy/"></iframe>'),
                "/leave/": Route('<!doctype html><title>Leave</title><button id="accept" onclick="location.href = \'http://other.test:{port}/store/\'">Accept</button>'),
                "/covered/": _hostile_page(cover),
                "/reloading/": Route('<!doctype html><title>Reloading</title><button id="accept" hidden>Accept</button>'
                                     '<script>setTimeout(() => location.reload(), 50); setTimeout(() => { document.getElementById("accept").hidden = false }, 150)</script>'),
                "/status/": Route("boom", status=500, reason="`@everyone [x](http://e.test) \x1b[31m" + "Z" * 20000),
            },
            "ads.test": {"/busy/": _hostile_page(busy)},
            "popup.test": {"/store/": store},
            "other.test": {"/store/": store},
            "wshost.test": {},
        },
    )


@pytest.fixture(scope="module")
def shop() -> Iterator[Served]:
    """:func:`shop_site`, served for the module's tests."""
    with serve(shop_site()) as served:
        yield served


@pytest.fixture(scope="module")
def clean_shop() -> Iterator[Served]:
    """:func:`clean_shop_site`, served for the module's tests."""
    with serve(clean_shop_site()) as served:
        yield served


@pytest.fixture(scope="module")
def broken() -> Iterator[Served]:
    """:func:`broken_site`, served for the module's tests."""
    with serve(broken_site()) as served:
        yield served


@pytest.fixture(scope="module")
def hostile() -> Iterator[Served]:
    """:func:`hostile_site`, served for the module's tests."""
    with serve(hostile_site()) as served:
        yield served


@pytest.fixture(scope="module")
def shop_visit(shop: Served) -> Observation:
    """The shop scanned before consent, after clicking ``#accept`` and after clicking ``#reject``."""
    need_browser()
    return visit(shop.plan(accept=ACCEPT, reject=REJECT))


@pytest.fixture(scope="module")
def clean_shop_visit(clean_shop: Served) -> Observation:
    """The clean shop scanned as :func:`shop_visit` scans the shop."""
    need_browser()
    return visit(clean_shop.plan(accept=ACCEPT, reject=REJECT))
