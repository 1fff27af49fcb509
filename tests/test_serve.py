"""Writing with the site open: `mkdocs serve` drafts, reloads on every edit, and never stops serving.

A copy of the project is served on the loopback interface; the test edits
it the way an author would and reads the pages back as a browser would.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import AS_OF, ENGINE, ROOT, free_port

RELOAD_LIMIT = 5.0
"""Seconds an edit may take to show: a bound for the test, not a benchmark."""


@dataclass
class Serving:
    url: str
    root: Path
    process: subprocess.Popen[str]

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return ""

    def wait_for(self, path: str, condition: Callable[[str], bool], limit: float = RELOAD_LIMIT) -> float:
        """Seconds until the page at ``path`` satisfies ``condition``; fails after ``limit``."""
        start = time.monotonic()
        while time.monotonic() - start < limit:
            if condition(self.get(path)):
                return time.monotonic() - start
            time.sleep(0.05)
        raise AssertionError(f"{path} did not change within {limit} s")


def copy_project(target: Path) -> Path:
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, target / name)
    for folder in ("data", "docs", "overrides", "hooks"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return target


@contextlib.contextmanager
def serve(root: Path) -> Iterator[Serving]:
    """``mkdocs serve`` of the project copy in ``root`` on a free loopback port, stopped afterwards."""
    port = free_port()
    env = {**os.environ, "NOTICES_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    for name in ("NOTICES_DATA", "NOTICES_MODE", "NOTICES_PREVIEW", "NOTICES_SITE_URL"):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", ENGINE, "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield Serving(f"http://127.0.0.1:{port}/", root, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[Serving]:
    with serve(copy_project(tmp_path)) as server:
        server.wait_for("", lambda page: "Example privacy notices" in page, limit=60)
        time.sleep(1.0)  # let the watcher settle after the first build
        yield server


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_serve_drafts_and_reloads_every_kind_of_edit(serving: Serving) -> None:
    version = serving.root / "data/entities/lumo-advisory/notices/privacy/2025-09-01.yml"
    page = "lumo-advisory/privacy/2025-09-01/"
    first = serving.get(page)
    assert "Drafting:" in first, "serve drafts"

    # A sentence of a locked version in force changes: the page shows it, with the banner.
    old = "Only employees who need the data for their work can"
    edit(version, old, "Only the employees who need the data for their work can")
    took = serving.wait_for(page, lambda p: "Only the employees who need" in p and "needs a correction before publishing" in p)
    print(f"data edit shown after {took:.2f} s")
    assert "needs a correction before publishing" in serving.get("lumo-advisory/privacy/"), "the stable address shows it too"
    drafting = serving.get("_drafting/")
    assert "the text changed after it was locked" in drafting

    # A YAML mistake: the last good site stays, with the error naming file and line on every page.
    good = version.read_text("utf-8")
    version.write_text(good + "title: [unclosed\n", "utf-8")
    serving.wait_for(page, lambda p: "The data has errors" in p)
    broken = serving.get("")
    assert "data/entities/lumo-advisory/notices/privacy/2025-09-01.yml:" in broken
    assert "Only the employees who need" in serving.get(page), "the last good text is still served"

    # Fixed: the site comes back without a restart.
    version.write_text(good, "utf-8")
    serving.wait_for(page, lambda p: "The data has errors" not in p and "Only the employees who need" in p)

    # A template and a module of the package: both show without a restart.
    edit(serving.root / "hooks/privacy_notices/site/theme/notices/history.md.j2", "<div class=\"pn-meta\">", "<div class=\"pn-meta\" data-edited=\"template\">")
    serving.wait_for("lumo-advisory/privacy/history/", lambda p: 'data-edited="template"' in p)
    edit(serving.root / "hooks/privacy_notices/data/vocab.py", "return name[:1].upper() + name[1:]", "return name[:1].upper() + name[1:] + ' (edited)'")
    serving.wait_for("", lambda p: "Suomi (edited)" in p, limit=10)
    assert serving.process.poll() is None, "the server kept running throughout"


def test_serve_shows_errors_when_nothing_good_was_built_yet(tmp_path: Path) -> None:
    """A project whose data are broken from the start: serve shows the errors instead of hanging."""
    root = copy_project(tmp_path)
    (root / "data/site.yml").write_text("name: [unclosed\n", "utf-8")
    with serve(root) as server:
        server.wait_for("", lambda page: "data/site.yml:2:1: malformed YAML" in page, limit=60)
        (root / "data/site.yml").write_text((ROOT / "data/site.yml").read_text("utf-8"), "utf-8")
        server.wait_for("", lambda page: "Example privacy notices" in page and "The data has errors" not in page, limit=10)


FAILED = "The site could not be built"
"""What every page says while the last build failed (the built-in partial notices-build-failed.html)."""


def test_a_template_or_markdown_error_keeps_the_last_good_site_and_names_the_line(serving: Serving) -> None:
    """MkDocs' server waits on a build that failed until it succeeds; here every page says why, and stays served."""
    root = serving.root
    page = "lumo-advisory/privacy/history/"
    good = serving.get(page)
    assert "pn-meta" in good and FAILED not in good

    # A syntax error in an override of a Material template: every page would fail.
    main = (root / "hooks/privacy_notices/site/theme/main.html").read_text("utf-8")
    override = root / "overrides/main.html"
    override.write_text(main.replace("{% block htmltitle %}", "{% block htmltitle %", 1), "utf-8")
    serving.wait_for(page, lambda p: FAILED in p, limit=20)
    shown = serving.get(page)
    line = next(n for n, text in enumerate(main.splitlines(), 1) if "{% block htmltitle %}" in text)
    assert f"overrides/main.html:{line}: template error:" in shown
    assert 'class="pn-meta"' in shown, "the last good page stays"
    assert FAILED in serving.get("fi/"), "every page says so"
    override.unlink()
    serving.wait_for(page, lambda p: FAILED not in p and "pn-meta" in p, limit=20)

    # A page template that fails while it renders.
    history = (root / "hooks/privacy_notices/site/theme/notices/history.md.j2").read_text("utf-8")
    (root / "overrides/notices").mkdir()
    broken = root / "overrides/notices/history.md.j2"
    broken.write_text(history.replace('<div class="pn-meta">', '<div class="pn-meta">{{ no_such_value }}', 1), "utf-8")
    serving.wait_for(page, lambda p: FAILED in p, limit=20)
    line = next(n for n, text in enumerate(history.splitlines(), 1) if '<div class="pn-meta">' in text)
    assert f"overrides/notices/history.md.j2:{line}: template error:" in serving.get(page)
    assert "no_such_value" in serving.get(page)
    broken.write_text(history.replace('<div class="pn-meta">', '<div class="pn-meta" data-fixed="1">', 1), "utf-8")
    serving.wait_for(page, lambda p: FAILED not in p and 'data-fixed="1"' in p, limit=20)

    # A hand-written page that cannot be read (saved in another encoding): named with its line, like a data error.
    about = root / "docs/about.md"
    text = about.read_bytes()
    about.write_bytes(text + "\nÅland\n".encode("latin-1"))
    line = text.count(b"\n") + 2
    serving.wait_for("", lambda p: "The data has errors" in p, limit=20)
    assert f"docs/about.md:{line}:1: the page is not UTF-8 text (byte 0xC5 cannot be decoded)" in serving.get("")
    about.write_bytes(text)
    serving.wait_for("", lambda p: "The data has errors" not in p and "Example privacy notices" in p, limit=20)
    assert serving.process.poll() is None, "the server kept running throughout"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_stopping_notices_serve_stops_its_server(signum: int, tmp_path: Path) -> None:
    """`notices serve` runs the engine as a child: a signal to it (kill, a service manager, Ctrl-C) stops both."""
    root = copy_project(tmp_path)
    port = free_port()
    env = {**os.environ, "NOTICES_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    # As a shell starts a command in the background: SIGINT ignored, which the engine must not inherit.
    process = subprocess.Popen(
        [sys.executable, "-m", "privacy_notices.cli", "serve", "--", "-a", f"127.0.0.1:{port}"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    server = Serving(f"http://127.0.0.1:{port}/", root, process)
    try:
        server.wait_for("", lambda page: "Example privacy notices" in page, limit=60)
        started = time.monotonic()
        process.send_signal(signum)
        process.wait(timeout=15)
        took = time.monotonic() - started
    finally:
        if process.poll() is None:
            process.kill()
    output = process.stdout.read() if process.stdout else ""
    assert "Traceback" not in output, output
    assert process.returncode == 128 + signum
    assert took < 5, f"the server stopped cleanly, not killed after a wait ({took:.1f} s)"
    assert "Shutting down" in output
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "nothing listens on the port any more"
