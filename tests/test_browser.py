"""The built site in a real browser: no third-party requests, accessibility, valid HTML, keyboard use, print.

Chromium is Debian's (`apt-get install chromium`), driven by Python Playwright;
axe-core and the Nu Html Checker come from npm (`npm ci` in tests/browser).
Without them these tests skip, saying how to install them; CI sets
NOTICES_BROWSER_REQUIRED=1, which turns a missing tool into a failure.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT, free_port, run_build

REQUIRED = os.environ.get("NOTICES_BROWSER_REQUIRED") == "1"
CHROMIUM = Path(os.environ.get("NOTICES_CHROMIUM", "/usr/bin/chromium"))
NODE_MODULES = ROOT / "tests" / "browser" / "node_modules"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = ROOT / "test-results"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGE_TYPES = {
    "home": "",
    "entity": "lumo-advisory/",
    "notice in force": "lumo-advisory/privacy/",
    "archived version": "lumo-advisory/privacy/2024-01-15/",
    "upcoming version": "lumo-advisory/cookies/2027-01-01/",
    "history": "lumo-advisory/privacy/history/",
    "changes": "lumo-advisory/privacy/2025-09-01/changes/",
    "processor notice": "pilvio/customer-data/",
    "long notice": "arctic-code/privacy/",
    "hand-written page": "about/",
    "notice written in Finnish": "kuura/privacy/",
    "archived, partly untranslated from Finnish": "kuura/privacy/2025-05-01/",
    "notice published in two languages": "skargard/privacy/",
}
LANGUAGES = ("", "fi/", "sv/")
ONLY_IN = {"skargard/privacy/": ("", "sv/")}
"""Pages of an entity that publishes in some languages only: the others have none."""


def unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(reason)
    pytest.skip(reason)


def need_node_module(path: Path) -> Path:
    if not path.exists():
        unavailable(f"{path.relative_to(ROOT)} is missing: run `npm ci` in tests/browser")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Python Playwright is missing: python -m pip install -e '.[test]'")
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM}: install Debian's with `apt-get install chromium` (never `playwright install`)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield instance
        instance.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Served:
    """A built site served on the loopback interface."""

    url: str
    site: Path
    variant: str


VARIANTS = ["example", "untranslated"]
"""The example site, and a copy whose Finnish and Swedish catalogs are empty, so that every text falls back."""


def untranslated_copy(target: Path) -> Path:
    """The example data with every translation removed from the site's catalogs."""
    from babel.messages.pofile import read_po

    from privacy_notices.i18n.pofiles import write_catalog

    data = target / "data"
    shutil.copytree(ROOT / "data", data)
    for path in sorted((data / "locales").glob("*/*.po")):
        catalog = read_po(path.open("rb"), locale=path.parent.name)
        for message in catalog:
            if message.id:
                message.string = ""
        write_catalog(path, catalog)
    return data


@pytest.fixture(scope="session", params=VARIANTS)
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A site built for, and served at, an address on the loopback interface."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    root = tmp_path_factory.mktemp(request.param)
    env = {"NOTICES_SITE_URL": url}
    data = None
    if request.param == "untranslated":
        data = untranslated_copy(root)
        env["NOTICES_PREVIEW"] = "1"  # required languages are incomplete on purpose
    build = run_build(root, data=data, extra_env=env)
    assert build.returncode == 0, build.output
    httpd = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(build.site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Served(url, build.site, request.param)
    httpd.shutdown()


@pytest.fixture(scope="session")
def server(served: Served) -> str:
    return served.url


EXAMPLE_ONLY = pytest.mark.parametrize("served", ["example"], indirect=True)
"""For tests of what the example's own translations say."""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


def every_page(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix().replace(".", "") + "/" if p.parent != site else "" for p in site.rglob("index.html"))


def test_no_page_requests_anything_from_another_host_or_fails_a_request(browser: Any, served: Served) -> None:
    """Every page of a site built with its own address: nothing from another host, no response >= 400, no console error.

    Material's script fetches a sitemap.xml beside every <link rel="alternate"> of a page (to map pages
    across languages): the language alternates are in the sitemaps, and the feed's link is on the home
    pages alone, beside their language's sitemap, so that no other page downloads one.
    """
    server, site = served.url, served.site
    context = browser.new_context()
    requests: list[tuple[str, str]] = []
    failures: list[tuple[str, int, str]] = []
    errors: list[tuple[str, str]] = []
    current = {"page": ""}
    context.on("request", lambda r: requests.append((current["page"], r.url)))
    context.on("response", lambda r: r.status >= 400 and failures.append((current["page"], r.status, r.url)))
    tab = context.new_page()
    tab.on("console", lambda m: m.type == "error" and errors.append((current["page"], m.text)))
    tab.on("pageerror", lambda e: errors.append((current["page"], str(e))))
    paths = [p.lstrip("/") for p in every_page(site)] + [f"{language}404.html" for language in LANGUAGES]
    assert len(paths) > 70, "every page of every language, version, history and changes page"
    for path in paths:
        current["page"] = path
        tab.goto(server + path, wait_until="networkidle")
    # Searching makes Material load its worker and the language's index.
    for path in ("", "fi/"):
        current["page"] = path + " (search)"
        tab.goto(server + path, wait_until="load")
        search(tab, "rekisterinpitäjä" if path and served.variant == "example" else "controller")
    context.close()
    own = urlsplit(server).netloc
    foreign = [(p, u) for p, u in requests if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != own]
    assert requests and not foreign, foreign[:10]
    assert not failures, failures[:10]
    assert not errors, errors[:10]
    sitemaps = {p.removesuffix(" (search)") for p, u in requests if urlsplit(u).path.endswith("/sitemap.xml")}
    assert sitemaps <= {"", "fi/", "sv/"}, f"pages that download a sitemap: {sorted(sitemaps)[:10]}"


FOCUS = """async () => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const measure = () => {
        const box = el.getBoundingClientRect();
        return {
            what: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).trim().split(/\\s+/).join(".") : "")
                + (el.getAttribute("href") !== null ? `[href=${el.getAttribute("href")}]` : ""),
            sized: box.width > 0 && box.height > 0,
            shown: el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}),
            inView: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
        };
    };
    const now = measure();
    if (now.sized && now.shown && now.inView) return now;
    // Material fades some things in on focus (skip link, heading permalinks, the search box on a phone), and a page
    // still laying out its tables scrolls a moment later: measure again when done, then once more after a second.
    await new Promise(r => setTimeout(r, 600));
    const later = measure();
    if (later.sized && later.shown && later.inView) return later;
    await new Promise(r => setTimeout(r, 1000));
    const last = measure();
    if (last.inView || !(last.sized && last.shown)) return last;
    // Headless Chromium sometimes leaves a focused heading permalink just outside the window, the page's own
    // scroll unfinished. Scroll the window alone (never a container, so an off-canvas drawer stays off) to it.
    const box = el.getBoundingClientRect();
    if (box.left >= 0 && box.right <= innerWidth) window.scrollTo(0, scrollY + box.top - innerHeight / 2);
    return measure();
}"""
"""The focused element, once it has faded in: whether it has a box, is shown (not hidden, not transparent), and is in the viewport."""


def tab_through(page: Any, limit: int = 250) -> list[dict[str, Any]]:
    """Every stop of Tab from the top of the page to the end of the tab order (or back at its first stop)."""
    stops: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS)
        if stop is None or (stops and stop == stops[0]):
            return stops
        stops.append(stop)
    raise AssertionError(f"more than {limit} Tab stops: {[s['what'] for s in stops[:20]]}")


@EXAMPLE_ONLY
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "fi", "sv"])
def test_every_focus_stop_can_be_seen(browser: Any, served: Served, language: str, width: int) -> None:
    """Tab through every page type: each stop has a box, is shown, and is in view once focused.

    At phone widths the closed navigation drawer is off screen, and the search results have no
    height while search is closed: neither may take a stop.
    """
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    unseen, counts = [], {}
    for name, path in PAGE_TYPES.items():
        if language not in ONLY_IN.get(path, LANGUAGES):
            continue
        page.goto(served.url + language + path, wait_until="networkidle")
        stops = tab_through(page)
        counts[name] = len(stops)
        unseen += [f"{language}{path} ({name}) at {width} px: {s}" for s in stops if not (s["sized"] and s["shown"] and s["inView"])]
    context.close()
    assert all(count >= 5 for count in counts.values()), counts
    assert not unseen, "\n".join(unseen[:20])


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "fi", "sv"])
def test_each_language_has_an_error_page_titled_as_every_page(page: Any, served: Served, language: str) -> None:
    page.goto(served.url + language + "404.html", wait_until="load")
    code = language.rstrip("/") or "en"
    assert page.evaluate("document.documentElement.lang") == code
    heading = page.locator("h1").inner_text()
    home_title = (served.site / language / "index.html").read_text("utf-8").split("<title>")[1].split("</title>")[0]
    assert page.title() == f"{heading} - {html.unescape(home_title)}", "the heading, then the site's name in the page's language"
    if served.variant == "example":
        assert heading == {"en": "Page not found", "fi": "Sivua ei löytynyt", "sv": "Sidan hittades inte"}[code]
    assert page.locator("input.md-search__input").count() == 1, "the site's search, as on every page"
    nav = page.eval_on_selector_all(".md-sidebar--primary a.md-nav__link", "els => els.map(e => new URL(e.href).pathname)")
    assert nav and all(p.startswith("/" + language) for p in nav), nav
    selector = page.eval_on_selector_all("a.md-select__link", "els => els.map(e => new URL(e.href).pathname)")
    assert selector == ["/", "/fi/", "/sv/"], "the language selector leads to each language's home"


@pytest.fixture(scope="session")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The example site as `notices build --draft` makes it, served on the loopback interface."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    build = run_build(tmp_path_factory.mktemp("drafted"), strict=False, extra_env={"NOTICES_SITE_URL": url, "NOTICES_MODE": "draft"})
    assert build.returncode == 0, build.output
    httpd = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(build.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield Served(url, build.site, "drafted")
    httpd.shutdown()


@pytest.mark.parametrize(("language", "words"), [("", "Drafting:"), ("fi/", "Luonnostila:"), ("sv/", "Utkastläge:")], ids=["en", "fi", "sv"])
def test_the_drafting_bar_speaks_the_page_language_and_leads_to_its_drafting_page(page: Any, drafted: Served, language: str, words: str) -> None:
    page.goto(drafted.url + language + "lumo-advisory/privacy/", wait_until="load")
    bar = page.locator(".pn-drafting-bar")
    assert bar.inner_text().startswith(words)
    bar.locator("a").click()
    page.wait_for_url(f"**/{language}_drafting/")
    assert page.evaluate("document.documentElement.lang") == (language.rstrip("/") or "en")


def page_types(language: str) -> Iterator[tuple[str, str]]:
    """(name, path) of every page type that exists in a language."""
    for name, path in PAGE_TYPES.items():
        if language in ONLY_IN.get(path, LANGUAGES):
            yield name, language + path


PHONE, DESKTOP = 390, 1280


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "fi", "sv"])
def test_axe_finds_no_violations(page: Any, server: str, language: str, width: int) -> None:
    axe = need_node_module(NODE_MODULES / "axe-core" / "axe.min.js").read_text("utf-8")
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    for name, path in page_types(language):
        page.goto(server + path, wait_until="load")
        page.add_script_tag(content=axe)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
        problems += [f"{path} ({name}, {width} px): {v['id']}: {v['help']} at {v['nodes'][0]['target']}" for v in result["violations"]]
        assert result["passes"], "axe ran its rules"
    assert not problems, "\n".join(problems)


TABLES = """() => {
    const width = document.documentElement.clientWidth;
    const size = el => parseFloat(getComputedStyle(el).fontSize);
    const text = el => el.textContent.replace(/\\s+/g, " ").trim();
    return [...document.querySelectorAll(".md-typeset table")].map(table => {
        const box = table.getBoundingClientRect();
        const column = table.closest(".md-typeset").getBoundingClientRect();
        const headers = [...table.querySelectorAll("thead th")].map(text);
        const rows = [...table.querySelectorAll("tbody tr")].map(row => [...row.children].map((cell, i) => {
            const shown = cell.getBoundingClientRect();
            // The generated text, as computed: "Header" or, with its alternative text, "Header" / "".
            const label = (getComputedStyle(cell, "::before").content.match(/^"((?:[^"\\\\]|\\\\.)*)"/) || [])[1];
            return {
                header: headers[i],
                // A reflowed cell shows its column header before it; in a table the header row shows it.
                label: label === undefined ? null : label,
                inView: shown.width > 0 && shown.left >= 0 && shown.right <= width + 0.5,
                headerInView: !!table.querySelector("thead th") && table.querySelector("thead").getBoundingClientRect().height > 1,
            };
        }));
        const texts = [...table.querySelectorAll("caption, th, td, code, a, span")].filter(el => text(el));
        return {
            caption: table.caption ? text(table.caption) : "",
            // Roles that survive a reflowed layout (set by notices.js on the generated tables).
            roles: table.classList.contains("pn-table") ? [table, ...table.querySelectorAll("tr, td")].every(el => el.getAttribute("role")) : true,
            tooWide: box.right > Math.min(width, column.right) + 0.5 || box.left < column.left - 0.5,
            headers, rows,
            smallest: Math.min(...texts.map(size)),
            smallestCode: Math.min(...[...table.querySelectorAll("code")].map(size)),
        };
    });
}"""


@pytest.mark.parametrize("width", [320, PHONE, DESKTOP])
@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "fi", "sv"])
def test_tables_fit_the_screen_and_label_every_cell(page: Any, server: str, language: str, width: int) -> None:
    """No table is wider than the page's column or scrolls sideways; every cell can be read with its column header."""
    page.set_viewport_size({"width": width, "height": 900})
    problems, tables = [], 0
    for name, path in page_types(language):
        page.goto(server + path, wait_until="load")
        for table in page.evaluate(TABLES):
            tables += 1
            where = f"{path} ({name}, {width} px), table {table['caption']!r}"
            if not table["roles"]:
                problems.append(f"{where}: lacks its ARIA roles")
            if table["tooWide"]:
                problems.append(f"{where}: wider than the page's column")
            if table["smallest"] < 12 or table["smallestCode"] < 12:
                problems.append(f"{where}: text of {table['smallest']:.1f} px, code of {table['smallestCode']:.1f} px")
            for row in table["rows"]:
                for number, cell in enumerate(row):
                    if not cell["inView"]:
                        problems.append(f"{where}: a cell of column {cell['header']!r} is off-screen")
                    if number and cell["label"] != cell["header"] and not (cell["label"] is None and cell["headerInView"]):
                        problems.append(f"{where}: a cell of column {cell['header']!r} is labelled {cell['label']!r}")
    assert tables, "the page types have tables"
    assert not problems, "\n".join(problems[:30])


@EXAMPLE_ONLY
def test_search_results_are_in_the_page_language(page: Any, served: Served) -> None:
    server = served.url
    page.goto(server + "fi/lumo-advisory/", wait_until="load")
    search(page, "rekisterinpitäjä")
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert links and all(urlsplit(link).path.startswith("/fi/") for link in links), links


@EXAMPLE_ONLY
@pytest.mark.parametrize(
    ("query", "section"),
    [
        # "Phone: …" and "Website: …" follow an e-mail address on a line of their own; the index once ran
        # the two lines together ("…@arctic-code.examplePhone"), and the section matched the number alone.
        ("phone 1234", "arctic-code/privacy/#contact"),
        ("website 1618033", "arctic-code/privacy/#controller"),
    ],
)
def test_search_finds_both_words_of_a_query_in_a_contact_block(page: Any, served: Served, query: str, section: str) -> None:
    page.goto(served.url + "arctic-code/", wait_until="load")
    search(page, query)
    # Material links each matching section with the words it matched there (?h=…).
    matched = {}
    for link in page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)"):
        parts = urlsplit(link)
        matched[parts.path.lstrip("/") + "#" + parts.fragment] = set(parse_qs(parts.query).get("h", [""])[0].split())
    assert matched.get(section) == set(query.split()), matched


@EXAMPLE_ONLY
def test_a_page_loads_its_own_language_search_index_once(page: Any, served: Served) -> None:
    # Material requests the index as the page loads, not when search is first used: its worker starts at once
    # unless the page is opened from file:// (README, "Quality checks of the built site", Search). A search
    # then reuses what was loaded.
    requests: list[str] = []
    page.on("request", lambda r: r.url.endswith("search_index.json") and requests.append(urlsplit(r.url).path))
    page.goto(served.url + "fi/kuura/privacy/", wait_until="networkidle")
    assert requests == ["/fi/search/search_index.json"]
    search(page, "rekisterinpitäjä")
    assert requests == ["/fi/search/search_index.json"]


def test_nu_html_checker_finds_no_errors(served: Served) -> None:
    site = served.site
    vnu = need_node_module(NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar")
    java = shutil.which("java")
    if java is None:
        unavailable("Java is missing: install it with `apt-get install default-jre-headless`")
    proc = subprocess.run([java, "-jar", str(vnu), "--errors-only", "--skip-non-html", "--format", "json", str(site)], capture_output=True, text=True, timeout=600)
    messages = json.loads(proc.stderr)["messages"]
    pages = {m["url"] for m in messages} | {str(p) for p in site.rglob("*.html")}
    assert len(pages) > 70
    # Material marks its checkbox toggles (drawer, search, toc) autocomplete="off" so that Firefox does not
    # restore their state on reload; HTML allows the attribute on text-like inputs only. It is Material's, harmless,
    # and the one finding filtered here.
    errors = [m for m in messages if not m["message"].startswith("Attribute “autocomplete” is only allowed when the input type is")]
    assert not errors, "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors[:20])


def search(page: Any, query: str) -> None:
    """Type a query into Material's search and wait for results.

    Material reads the query on keyup and focus, not on input, so the query is
    typed key by key (a `fill` alone may go unseen). The worker answers once its
    index has loaded; if no answer comes, the query is typed again.
    """
    box = page.locator("input.md-search__input")
    for _ in range(3):
        box.fill("")
        box.press_sequentially(query)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=10_000)
            return
        except Exception:  # playwright's TimeoutError; retried
            continue
    meta = page.text_content(".md-search-result__meta")
    raise AssertionError(f"no search results for {query!r}; the search box says {meta!r}")


def _tab_to(page: Any, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches a JavaScript predicate on `el`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


@EXAMPLE_ONLY
def test_the_home_filter_box_narrows_the_list_of_companies(page: Any, served: Served) -> None:
    page.goto(served.url, wait_until="load")
    box = page.locator("#pn-filter-input")
    assert box.is_visible(), "notices.js shows the filter box"
    visible = "() => [...document.querySelectorAll('.pn-entity')].filter(e => !e.hidden).length"
    assert page.evaluate(visible) == 5
    page.get_by_label("Find a company").fill("kuura")
    assert page.evaluate(visible) == 1
    assert page.locator("#kuura").is_visible() and not page.locator("#lumo-advisory").is_visible()
    assert not page.locator("#country-gb").is_visible(), "a country with no match hides its heading"
    page.get_by_label("Find a company").fill("zzz")
    assert page.locator(".pn-filter__count").inner_text() == "No company matches."


@EXAMPLE_ONLY
def test_language_selector_works_with_the_keyboard(page: Any, served: Served) -> None:
    server = served.url
    page.goto(server + "lumo-advisory/privacy/2024-01-15/", wait_until="load")
    _tab_to(page, "el.closest('.md-select') !== null")
    _tab_to(page, "el.getAttribute('hreflang') === 'fi'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/fi/lumo-advisory/privacy/2024-01-15/")
    assert page.evaluate("document.documentElement.lang") == "fi"


@EXAMPLE_ONLY
def test_history_leads_to_changes_with_the_keyboard(page: Any, served: Served) -> None:
    server = served.url
    page.goto(server + "fi/lumo-advisory/privacy/history/", wait_until="load")
    _tab_to(page, "el.getAttribute('href') === '../2025-09-01/changes/'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/fi/lumo-advisory/privacy/2025-09-01/changes/")
    assert "Muutokset" in page.title()


def test_a_notice_prints_for_paper(page: Any, served: Served, tmp_path: Path) -> None:
    from pypdf import PdfReader

    server = served.url
    page.goto(server + "fi/lumo-advisory/privacy/", wait_until="load")
    page.emulate_media(media="print")
    pdf = tmp_path / "notice.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    pages = [p.extract_text() for p in PdfReader(str(pdf)).pages]
    assert len(pages) > 1
    # Untranslated, the title is shown in English, as plain text: never the page's fallback markup.
    title = "Tietosuojaseloste" if served.variant == "example" else "Privacy notice"
    header = f"Lumo Advisory Oy · {title} · 1. syyskuuta 2025 alkaen voimassa oleva versio · Suomi"
    for number, text in enumerate(pages, 1):
        assert header in text, f"page {number} names the entity, notice, version and language"
        assert f"{number} / {len(pages)}" in text
    everything = "\n".join(pages)
    assert "Kuinka kauan säilytämme tiedot" in everything and "Käsittelijät" in everything
    assert "<https://kestrel-outreach.example/privacy>" in everything.replace("\n", ""), "link targets are printed"
    assert "Hae" not in everything.split("\n"), "no search box on paper"
    assert "Siirry sisältöön" not in everything, "no navigation on paper"
    RESULTS.mkdir(exist_ok=True)
    shutil.copy(pdf, RESULTS / f"fi-lumo-advisory-privacy-{served.variant}.pdf")


PAGE_RULE = """() => [...document.styleSheets].flatMap(sheet => { try { return [...sheet.cssRules]; } catch (e) { return []; } })
    .filter(rule => rule instanceof CSSPageRule).map(rule => rule.cssText).join("\\n")"""

HEADING = """() => { const h1 = document.querySelector(".md-content h1").cloneNode(true);
    h1.querySelectorAll(".pn-fallback__note, .headerlink").forEach(el => el.remove()); return h1.textContent; }"""


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "fi", "sv"])
def test_every_printed_page_names_its_site_and_page(page: Any, server: str, language: str, tmp_path: Path) -> None:
    """Every page of every page type prints with a running header: the site, then the entity, notice, version and language where they apply."""
    from pypdf import PdfReader

    from privacy_notices.data.vocab import language_name

    page.goto(server + language, wait_until="load")
    site_name = page.title()
    language_called = language_name(language.rstrip("/") or "en")
    problems = []
    for name, path in page_types(language):
        page.goto(server + path, wait_until="load")
        page.emulate_media(media="print")
        header = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--pn-print-title')").strip()
        assert header.startswith('"') and header.endswith('"'), f"{path}: --pn-print-title is {header!r}"
        header = " ".join(header[1:-1].split())
        assert "var(--pn-print-title" in page.evaluate(PAGE_RULE), "the page's margin box shows the property"
        owner = page.evaluate("(document.querySelector('.pn-meta__owner') || {}).textContent || ''").split(" · ")[0].strip()
        # The heading as plain text: without the note that says a fallback title is not yet translated.
        heading = " ".join(page.evaluate(HEADING).split())
        expected = [site_name, language_called] + ([owner] if owner else []) + ([heading] if heading != site_name else [])
        missing = [part for part in expected if part not in header]
        if missing:
            problems.append(f"{path} ({name}): the header {header!r} does not name {missing}")
        pdf = tmp_path / "page.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        for number, sheet in enumerate(PdfReader(str(pdf)).pages, 1):
            if header not in " ".join(sheet.extract_text().split()):
                problems.append(f"{path} ({name}): printed page {number} lacks the header {header!r}")
        page.emulate_media(media="screen")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["", "fi/"], ids=["en", "fi"])
def test_screenshots_for_reviewers(page: Any, served: Served, language: str) -> None:
    server = served.url
    RESULTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    for name in ("notice in force", "history", "changes"):
        page.goto(server + language + PAGE_TYPES[name], wait_until="load")
        slug = re.sub(r"\W+", "-", name)
        target = RESULTS / f"{(language or 'en/').rstrip('/')}-{slug}-{served.variant}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
