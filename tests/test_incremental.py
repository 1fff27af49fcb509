"""Drafting at scale: `mkdocs serve --dirty` writes only what an edit touches, and ends where a full build does.

A copy of the project is served with ``--dirty`` while its data folder lives
outside the project (``NOTICES_DATA``); the test edits it the way an author
would, then serves the same data afresh without ``--dirty`` and compares the
two site folders file by file.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import AS_OF, ROOT, free_port
from privacy_notices.mkdocs.engine import ENGINES
from test_serve import copy_project, edit

FINISHED = "Reloading browsers"


class Server:
    """``mkdocs serve`` of a project copy, its log in a file, its site folder under its own temporary folder."""

    def __init__(self, root: Path, data: Path, work: Path, port: int, dirty: bool, program: str) -> None:
        self.url = f"http://127.0.0.1:{port}/"
        self.temp = work / ("dirty" if dirty else "full")
        self.temp.mkdir()
        self.log = work / f"{self.temp.name}.log"
        env = {**os.environ, "NOTICES_AS_OF": AS_OF, "NOTICES_DATA": str(data), "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(self.temp)}
        for name in ("NOTICES_MODE", "NOTICES_PREVIEW", "NOTICES_SITE_URL"):
            env.pop(name, None)
        command = [sys.executable, "-m", program, "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
        self.process = subprocess.Popen(command, cwd=root, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        self.wait(lambda: "Serving on" in self.text(), "the first build")
        time.sleep(1.0)  # let the watcher settle after the first build

    def text(self) -> str:
        return self.log.read_text("utf-8", "replace")

    def wait(self, condition: Callable[[], bool], what: str, limit: float = 90) -> None:
        start = time.monotonic()
        while not condition():
            assert self.process.poll() is None, f"the server stopped:\n{self.text()[-3000:]}"
            assert time.monotonic() - start < limit, f"{what} did not happen within {limit} s:\n{self.text()[-3000:]}"
            time.sleep(0.05)

    def rebuilt(self, change: Callable[[], None]) -> str:
        """Make ``change`` and wait for the rebuild it causes; the log lines of that rebuild."""
        before = self.text()
        change()
        self.wait(lambda: self.text().count(FINISHED) > before.count(FINISHED), "a rebuild")
        self.wait(self.settled, "the last rebuild")  # a change of several files may be seen in two polls
        return self.text()[len(before) :]

    def settled(self) -> bool:
        """No build under way, and none started for a second: every build begun has finished (the first with "Serving on")."""
        text = self.text()
        time.sleep(1.0)
        return text == self.text() and text.count("Building documentation") == text.count(FINISHED) + 1

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return str(response.read().decode("utf-8"))
        except urllib.error.URLError:
            return ""

    def site(self) -> Path:
        # The folder the engine made (mkdocs_… or properdocs_…), not the ones the hooks keep beside it.
        return next(p for p in self.temp.iterdir() if p.is_dir() and "." not in p.name)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def differences(left: Path, right: Path) -> list[str]:
    """Every file that is in one folder only, or differs in its bytes."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name + " (only in the dirty site)" for name in cmp.left_only)
        found.extend(prefix + name + " (only in the full site)" for name in cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, prefix + name + "/")

    walk(filecmp.dircmp(left, right), "")
    return found


@pytest.mark.parametrize("program", ENGINES)
def test_a_dirty_serve_writes_only_what_an_edit_touches_and_ends_as_a_full_build(tmp_path: Path, program: str) -> None:
    (tmp_path / "project").mkdir()
    root = copy_project(tmp_path / "project")
    data = tmp_path / "elsewhere" / "data"
    shutil.copytree(ROOT / "data", data)  # NOTICES_DATA outside the project: it is watched all the same
    port = free_port()
    server = Server(root, data, tmp_path, port, dirty=True, program=program)
    try:
        site = server.site()
        untouched = site / "kuura" / "privacy" / "index.html"

        # 1. A title of a notice another entity links to: its own pages and the linking entity's are rendered again.
        # The edit unlocks a locked version: every page's drafting banner counts the new blockers.
        version = data / "entities/pilvio/notices/privacy/2025-03-01.yml"
        lines = server.rebuilt(lambda: edit(version, "title: Privacy notice", "title: Privacy notice of the sky"))
        assert "rendering the pages of 2 of 5 entities again" in lines, lines
        assert "WARNING" in lines and "the text changed after it was locked" in lines, "the engine's warnings are kept"
        assert "A 'dirty' build is being performed" not in server.text(), "but not its warning against a dirty build, untrue here"
        assert "Privacy notice of the sky" in server.get("pilvio/privacy/")
        assert "3 problems would stop publishing" in untouched.read_text("utf-8"), "a page not rendered again gets the new banner"

        # 1b. The same title again: as many blockers as before, so the untouched entity's pages are not written at all.
        written = untouched.stat().st_mtime_ns
        lines = server.rebuilt(lambda: edit(version, "of the sky", "of the cloud"))
        assert "rendering the pages of 2 of 5 entities again" in lines, lines
        assert "Privacy notice of the cloud" in server.get("pilvio/privacy/")
        assert untouched.stat().st_mtime_ns == written, "a page of an entity the edit does not touch is not written again"

        # 2. A mistake in mid-edit: every page shows it, the last good text stays.
        good = version.read_text("utf-8")
        server.rebuilt(lambda: version.write_text(good + "title: [unclosed\n", "utf-8"))
        assert "The data has errors" in server.get("kuura/privacy/"), "a page not rendered again gets the banner too"
        assert "Privacy notice of the cloud" in server.get("pilvio/privacy/")

        # 3. Fixed with another change; and a second edit elsewhere in the same build.
        server.rebuilt(lambda: (version.write_text(good.replace("of the cloud", "of Pilvio"), "utf-8"), edit(data / "entities/kuura/entity.yml", "name: ", "name: Oy ")))
        assert "The data has errors" not in server.get("kuura/privacy/")
        assert "Privacy notice of Pilvio" in server.get("pilvio/privacy/")

        # 4. An entity removed: its pages go, the home pages no longer list it.
        def remove() -> None:
            shutil.rmtree(data / "entities/skargard")
            for catalog in data.glob("locales/*/skargard.po"):
                catalog.unlink()

        server.rebuilt(remove)
        assert not (site / "sv" / "skargard").exists()

        # 5. A page template of the site's own: only the pages whose Markdown changes are written again.
        history = (ROOT / "hooks/privacy_notices/site/theme/notices/history.md.j2").read_text("utf-8")
        override = root / "overrides/notices/history.md.j2"
        override.parent.mkdir()
        written = untouched.stat().st_mtime_ns
        server.rebuilt(lambda: override.write_text(history.replace('<div class="pn-meta">', '<div class="pn-meta" data-own="1">', 1), "utf-8"))
        assert 'data-own="1"' in server.get("kuura/privacy/history/")
        assert untouched.stat().st_mtime_ns == written, "a notice page, which the history template does not make, is not written again"

        # 6. The same template broken, then mended: the failed build leaves nothing behind.
        lines = server.rebuilt(lambda: override.write_text("{% if %}", "utf-8"))
        assert "overrides/notices/history.md.j2:1: template error:" in lines, lines
        assert "The site could not be built" in server.get("kuura/privacy/")
        server.rebuilt(lambda: override.write_text(history.replace('<div class="pn-meta">', '<div class="pn-meta" data-own="2">', 1), "utf-8"))
        assert "The site could not be built" not in server.get("kuura/privacy/")
        assert 'data-own="2"' in server.get("kuura/privacy/history/")
        shutil.copytree(site, tmp_path / "dirty-site")
    finally:
        server.stop()

    full = Server(root, data, tmp_path, port, dirty=False, program=program)
    try:
        assert differences(tmp_path / "dirty-site", full.site()) == []
    finally:
        full.stop()


def test_a_save_that_changes_every_page_shows_the_page_in_view_first(tmp_path: Path) -> None:
    """On a larger site a template save renders the pages the browser shows first, the rest in a second build."""
    (tmp_path / "project").mkdir()
    root = copy_project(tmp_path / "project")
    data = tmp_path / "elsewhere" / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "notices.lock").unlink()  # the copies below are not locked
    for entity in sorted(p for p in (data / "entities").iterdir() if p.is_dir()):
        shutil.copytree(entity, entity.with_name(entity.name + "-2"))
        for catalog in data.glob(f"locales/*/{entity.name}.po"):
            shutil.copy(catalog, catalog.with_name(f"{entity.name}-2.po"))
    port = free_port()
    server = Server(root, data, tmp_path, port, dirty=True, program=ENGINES[0])
    try:
        viewed, other = "kuura/privacy/", "pilvio-2/privacy/"
        assert "pn-meta" in server.get(viewed)
        notice = (ROOT / "hooks/privacy_notices/site/theme/notices/notice.md.j2").read_text("utf-8")
        override = root / "overrides/notices/notice.md.j2"
        override.parent.mkdir()
        before = server.text()
        override.write_text(notice.replace('<div class="pn-meta">', '<div class="pn-meta" data-first="1">', 1), "utf-8")
        server.wait(lambda: server.text().count(FINISHED) > before.count(FINISHED), "the first pass")
        first = server.text()[len(before) :]
        assert "rendering the page in view first" in first, first
        assert 'data-first="1"' in (server.site() / viewed / "index.html").read_text("utf-8")
        server.wait(lambda: "rendering the rest of the site" in server.text()[len(before) :], "the second build")
        server.wait(server.settled, "the second build")
        assert 'data-first="1"' in server.get(other)
        shutil.copytree(server.site(), tmp_path / "dirty-site")
    finally:
        server.stop()
    full = Server(root, data, tmp_path, port, dirty=False, program=ENGINES[0])
    try:
        assert differences(tmp_path / "dirty-site", full.site()) == []
    finally:
        full.stop()
