"""`notices scan`'s visit in a real Chromium: what a shop stores and contacts in each phase, and how a scan fails.

The sites are served on 127.0.0.1 under real-looking host names (tests/scan_sites.py).
Each scenario is one visit, shared by the tests that read it. Without Playwright or
Debian's Chromium these tests skip; NOTICES_BROWSER_REQUIRED=1 makes that a failure.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import free_port
from privacy_notices.data.settings import Settings
from privacy_notices.scan.browser import visit
from privacy_notices.scan.observed import ConsentAction, Observation, PhaseRecord, ScanFailed, SeenCookie
from scan_sites import ACCEPT, ACCEPT_BY_COOKIE, DAY, REJECT, Route, Served, Site, need_browser, serve
from scan_sites import broken, clean_shop, clean_shop_visit, hostile, shop, shop_visit  # fixtures, found by pytest under these names


def phase(observation: Observation, name: str) -> PhaseRecord:
    found = [record for record in observation.phases if record.name == name]
    assert len(found) == 1, [record.name for record in observation.phases]
    return found[0]


def cookies(record: PhaseRecord) -> dict[str, SeenCookie]:
    return {cookie.name: cookie for cookie in record.cookies}


def hosts(record: PhaseRecord) -> dict[str, bool]:
    """Host → third party."""
    return {host.host: host.third_party for host in record.hosts}


def test_the_phases_come_in_their_order_each_recording_a_thing_once(shop_visit: Observation, shop: Served) -> None:
    assert [record.name for record in shop_visit.phases] == ["before_consent", "after_accepting", "after_rejecting"]
    assert shop_visit.base == shop.base
    for record in shop_visit.phases:
        assert len({(c.name, c.domain, c.path) for c in record.cookies}) == len(record.cookies)
        assert len({(s.kind, s.origin, s.key) for s in record.storage}) == len(record.storage)
        assert len({h.host for h in record.hosts}) == len(record.hosts)
        assert all(c.seen_at >= shop_visit.started for c in record.cookies)


def test_before_consent_the_shop_stores_its_preferences_and_cart_and_shows_an_unknown_image(shop_visit: Observation, shop: Served) -> None:
    before = phase(shop_visit, "before_consent")
    assert sorted(cookies(before)) == ["prefs"]
    prefs = cookies(before)["prefs"]
    assert (prefs.domain, prefs.path, prefs.page, prefs.third_party) == ("www.shop.test", "/", shop.url("/"), False)
    assert prefs.expires is not None and abs(prefs.expires - (prefs.seen_at + 30 * DAY)) < 3600
    assert hosts(before) == {"www.shop.test": False, "cdn.unknown.test": True}
    cdn = next(host for host in before.hosts if host.host == "cdn.unknown.test")
    assert cdn.url == shop.url("/pixel.gif", host="cdn.unknown.test"), "the query is left out"
    assert [(s.kind, s.key, s.origin, s.third_party) for s in before.storage] == [("session_storage", "cart", shop.base.rstrip("/"), False)]


def test_after_accepting_the_tracker_sets_its_cookies_and_storage(shop_visit: Observation) -> None:
    accepted = phase(shop_visit, "after_accepting")
    found = cookies(accepted)
    assert sorted(found) == ["_trk_id", "consent", "prefs", "undeclared_a", "undeclared_b"]
    tracker = found["_trk_id"]
    assert tracker.expires is not None and abs(tracker.expires - (tracker.seen_at + 30 * DAY)) < 3600
    assert found["undeclared_a"].expires is None, "a session cookie"
    assert found["undeclared_b"].expires is not None and abs(found["undeclared_b"].expires - (found["undeclared_b"].seen_at + DAY)) < 3600
    assert found["consent"].expires is not None and found["consent"].expires > found["consent"].seen_at + 179 * DAY
    assert {(s.kind, s.key) for s in accepted.storage} == {("local_storage", "trk_visits"), ("session_storage", "cart")}
    assert hosts(accepted) == {"www.shop.test": False, "cdn.unknown.test": True, "tracker.test": True}


def test_after_rejecting_only_the_answer_and_the_preferences_are_stored(shop_visit: Observation) -> None:
    rejected = phase(shop_visit, "after_rejecting")
    assert sorted(cookies(rejected)) == ["consent", "prefs"]
    assert "tracker.test" not in hosts(rejected)
    assert {s.key for s in rejected.storage} == {"cart"}


def test_a_consent_cookie_set_before_the_first_page_counts_as_accepting(shop: Served) -> None:
    need_browser()
    observation = visit(shop.plan(accept=ACCEPT_BY_COOKIE))
    assert [record.name for record in observation.phases] == ["before_consent", "after_accepting"]
    accepted = phase(observation, "after_accepting")
    assert {"consent", "_trk_id", "undeclared_a", "undeclared_b"} <= set(cookies(accepted))
    assert cookies(accepted)["consent"].domain == "www.shop.test", "the consent tool's cookie, on the site's host"
    assert hosts(accepted)["tracker.test"] is True


def test_the_clean_shop_stores_nothing_before_consent_and_one_tracker_cookie_after(clean_shop_visit: Observation) -> None:
    before, accepted, rejected = clean_shop_visit.phases
    assert (before.cookies, before.storage, hosts(before)) == ([], [], {"www.shop.test": False})
    assert sorted(cookies(accepted)) == ["_trk_id", "consent"]
    tracker = cookies(accepted)["_trk_id"]
    assert tracker.expires is not None and abs(tracker.expires - (tracker.seen_at + DAY)) < 3600
    assert hosts(accepted) == {"www.shop.test": False, "tracker.test": True}
    assert (sorted(cookies(rejected)), rejected.storage, sorted(hosts(rejected))) == (["consent"], [], ["www.shop.test"])


FRAMES = Site(
    host="www.frames.test",
    pages=("/", "/second/"),
    routes={
        "www.frames.test": {
            "/": Route('<!doctype html><title>Frames</title><iframe src="http://widget.test:{port}/"></iframe>'
                       '<iframe sandbox="allow-scripts" srcdoc="<script>document.title = 1</script>"></iframe>'),
            "/second/": Route(status=302, headers=(("Location", "/third/?from=second"),)),
            "/third/": Route('<!doctype html><title>Third</title><script>localStorage.setItem("late", "1")</script>'),
        },
        "widget.test": {"/": Route('<!doctype html><title>Widget</title><script>localStorage.setItem("widget_seen", "1")</script>')},
    },
)
"""A page with a third party's frame, whose storage counts, and a sandboxed one, which cannot be read; a redirect on the site."""


def test_every_frame_s_storage_is_read_and_a_redirect_on_the_site_is_followed() -> None:
    """Even a third party's frame: the scan's Chromium allows third-party storage, as Chrome does by default."""
    need_browser()
    with serve(FRAMES) as frames:
        (before,) = visit(frames.plan()).phases
        widget = frames.url("/", host="widget.test").rstrip("/")
        assert [(s.key, s.origin, s.third_party, s.page) for s in before.storage] == [
            ("widget_seen", widget, True, frames.url("/")),
            ("late", frames.base.rstrip("/"), False, frames.url("/second/")),
        ]
        assert hosts(before) == {"www.frames.test": False, "widget.test": True}


def failure(plan_of: Served, *paths: str, **changes: object) -> ScanFailed:
    """The ScanFailed a visit raises (any other exception fails the test), checked to be one plain line."""
    need_browser()
    with pytest.raises(ScanFailed) as raised:
        visit(plan_of.plan(*paths, **changes))
    error = raised.value
    assert "\n" not in str(error) and "Call log" not in str(error), str(error)
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__), "no Playwright traceback behind it"
    assert str(error) == f"{error.url}: {error.message}"
    return error


def test_a_page_that_never_finishes_loading_times_out(broken: Served) -> None:
    error = failure(broken, "/", "/slow/", timeout=2.0)
    assert error.url == broken.url("/slow/")
    assert "did not finish loading within 2 seconds" in error.message


def test_a_page_that_answers_404_fails_the_scan(broken: Served) -> None:
    error = failure(broken, "/missing/")
    assert (error.url, error.message) == (broken.url("/missing/"), "the page answered HTTP 404 Not Found")


def test_a_redirect_to_another_host_names_both(broken: Served) -> None:
    error = failure(broken, "/away/")
    assert error.url == broken.url("/away/")
    assert "redirected to another host" in error.message and "elsewhere.test" in error.message and "www.broken.test" in error.message


def test_a_refused_connection_cannot_connect(broken: Served) -> None:
    down = broken.url(host="down.test", port=free_port())
    error = failure(broken, base=down, pages=(down,))
    assert error.url == down
    assert error.message.startswith("cannot connect: the connection was refused")


def test_a_host_without_an_address_cannot_connect(broken: Served) -> None:
    nowhere = broken.url(host="nowhere.test")
    error = failure(broken, base=nowhere, pages=(nowhere,))
    assert error.message.startswith("cannot connect: the host name does not resolve")


def test_a_failed_tls_handshake_says_so(broken: Served) -> None:
    secure = broken.url(scheme="https")
    error = failure(broken, base=secure, pages=(secure,))
    assert error.url == secure
    assert error.message.startswith("the TLS connection failed:") and "ERR_SSL_" in error.message


def test_a_consent_button_that_is_not_there_is_named(shop: Served) -> None:
    error = failure(shop, "/", accept=ConsentAction(click="#accept-all"), timeout=2.0)
    assert error.url == shop.url("/")
    assert error.message.startswith("while recording after accepting: the accept button '#accept-all' was not found on the page")
    error = failure(shop, "/", reject=ConsentAction(click="button[[["))
    assert error.message.startswith("while recording after rejecting: the reject button 'button[[[' could not be clicked: Unexpected token")


def test_a_missing_chromium_says_how_to_install_it(shop: Served) -> None:
    pytest.importorskip("playwright.sync_api", reason="Playwright is checked before Chromium")
    with pytest.raises(ScanFailed, match=r"no Chromium at /nowhere/chromium: install Debian's with `apt-get install chromium`"):
        visit(shop.plan(browser="/nowhere/chromium"))
    with pytest.raises(ScanFailed, match="no Chromium at /from/the/environment"):
        visit(shop.plan(), Settings.from_environment({"NOTICES_CHROMIUM": "/from/the/environment"}))


def test_without_playwright_the_scan_says_which_extra_to_install(shop: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # an import of it raises ImportError
    with pytest.raises(ScanFailed) as raised:
        visit(shop.plan())
    assert raised.value.message == "Playwright is not installed: pip install 'privacy-notice-site[scan]'"


def test_a_visit_works_where_an_asyncio_loop_runs(clean_shop: Served) -> None:
    """Playwright's sync API refuses a thread whose asyncio loop runs (a notebook, another Playwright session): the visit moves to a thread of its own."""
    import asyncio
    import concurrent.futures

    need_browser()

    async def inside_a_loop() -> Observation:
        return visit(clean_shop.plan(accept=ACCEPT))

    # In a thread of the test's own, so that no other session's loop (the browser tests') is running there already.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        record = pool.submit(asyncio.run, inside_a_loop()).result()
    assert [p.name for p in record.phases] == ["before_consent", "after_accepting"]
    assert "_trk_id" in {c.name for c in record.phases[1].cookies}



@pytest.fixture(scope="module")
def hostile_visit(hostile: Served) -> Observation:
    """The hostile site's ``/`` scanned before consent and after clicking ``#accept``, which opens a popup."""
    need_browser()
    return visit(hostile.plan("/", accept=ACCEPT))


def test_a_websocket_s_host_is_a_contacted_host(hostile_visit: Observation) -> None:
    assert hosts(phase(hostile_visit, "before_consent")) == {"www.hostile.test": False, "wshost.test": True}


def test_the_storage_of_a_popup_the_site_opens_is_read(hostile_visit: Observation, hostile: Served) -> None:
    accepted = phase(hostile_visit, "after_accepting")
    popup = hostile.url("/", host="popup.test").rstrip("/")
    assert ("local_storage", "popup_key", popup, True, hostile.url("/")) in {(s.kind, s.key, s.origin, s.third_party, s.page) for s in accepted.storage}
    assert hosts(accepted)["popup.test"] is True


def busy_failure(hostile: Served, path: str, monkeypatch: pytest.MonkeyPatch) -> ScanFailed:
    """The failure of a scan of a page that keeps its renderer busy, checked to come in time and leave no Chromium behind."""
    import tempfile
    import time

    from privacy_notices.scan.watchdog import chromium_processes

    profiles: list[str] = []
    made = tempfile.TemporaryDirectory

    def recorded(**names: Any) -> tempfile.TemporaryDirectory[str]:
        folder = made(**names)
        profiles.append(folder.name)
        return folder

    monkeypatch.setattr(tempfile, "TemporaryDirectory", recorded)  # the visit's profile folders, to look for their Chromium
    started = time.monotonic()
    error = failure(hostile, path, timeout=3.0)
    assert time.monotonic() - started < 15, "the scan ends about the timeout after the page stopped answering"
    assert profiles and not any(chromium_processes(Path(profile)) for profile in profiles), "no Chromium left running"
    return error


def test_a_page_whose_script_never_yields_fails_in_time(hostile: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    error = busy_failure(hostile, "/busy/", monkeypatch)
    assert (error.url, error.message) == (hostile.url("/busy/"), "the page did not respond within 3 seconds (a script kept the page busy)")


def test_a_third_party_frame_whose_script_never_yields_is_named(hostile: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    error = busy_failure(hostile, "/busy-frame/", monkeypatch)
    assert error.url == hostile.url("/busy-frame/")
    assert error.message == "the page did not respond within 3 seconds (a script of its frame from ads.test kept it busy)"


def test_a_consent_click_that_leaves_the_site_fails_naming_the_phase_and_both_hosts(hostile: Served) -> None:
    error = failure(hostile, "/leave/", accept=ACCEPT)
    assert error.url == hostile.url("/leave/")
    assert error.message == (
        "while recording after accepting: after clicking the accept button '#accept', the page went to another host: other.test instead of www.hostile.test"
    )


def test_a_covered_button_is_said_to_be_covered(hostile: Served) -> None:
    error = failure(hostile, "/covered/", reject=REJECT, timeout=2.0)
    assert error.message.startswith("while recording after rejecting: the reject button '#reject' could not be clicked: another element covers it: <div")
    assert error.message.endswith("intercepts pointer events")


def test_a_page_that_reloads_in_a_loop_is_said_to(hostile: Served) -> None:
    error = failure(hostile, "/reloading/", accept=ACCEPT, timeout=2.0)
    assert "the accept button '#accept' could not be clicked: the page kept reloading (" in error.message


def test_a_site_s_reason_phrase_is_shortened_to_one_printable_line(hostile: Served) -> None:
    error = failure(hostile, "/status/")
    assert error.message.startswith("the page answered HTTP 500 `@everyone")
    assert len(error.message) < 400 and "\x1b" not in error.message and error.message.endswith("…")
