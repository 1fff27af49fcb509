"""A cached publishing build (`notices build --cache`) renders only what changed and writes what a full build writes.

A copy of the project is built once with a cache folder. Then, for each
kind of change, every file of the copy is given a new modification time
(as a fresh checkout in CI has), the change is made, and the site is built
twice: with the cache and the site folder the last cached build left, and
in full into a folder of its own. The two site folders must be equal byte
for byte, and the cached build must have rendered only what the change
touches (its log says how many entities it rendered again).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import AS_OF
from test_incremental import differences
from test_serve import copy_project, edit

ENTITIES = 5
"""The example's entities."""


class Project:
    """A copy of the project, its cached site and cache folder, and a full build to compare with."""

    def __init__(self, root: Path) -> None:
        self.root = copy_project(root)
        self.cache = root / "cache"
        self.site = root / "site"
        self.full = root / "full"

    def build(self, as_of: str, *, cached: bool) -> str:
        env = {**os.environ, "NOTICES_AS_OF": as_of, "NO_MKDOCS_2_WARNING": "1"}
        for name in ("NOTICES_DATA", "NOTICES_MODE", "NOTICES_PREVIEW", "NOTICES_SITE_URL", "NOTICES_CACHE"):
            env.pop(name, None)
        target = self.site if cached else self.full
        if not cached:
            shutil.rmtree(target, ignore_errors=True)
        command = [sys.executable, "-m", "privacy_notices.cli", "build", "-f", str(self.root / "mkdocs.yml"), "-d", str(target)]
        proc = subprocess.run([*command, *(["--cache", str(self.cache)] if cached else [])], cwd=self.root, env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        return proc.stderr

    def checkout_afresh(self) -> None:
        """Every source file newer than any page, as in a fresh clone: the cache must go by contents, not times."""
        for folder, _, names in os.walk(self.root):
            for name in names:
                os.utime(Path(folder, name))

    def rendered(self, log: str) -> int | None:
        """How many entities the cached build rendered again; None when it rendered everything."""
        found = re.search(r"rendering the pages of (\d+) of \d+ entities again", log)
        return int(found.group(1)) if found else None


def _drop_entity(root: Path, entity: str) -> None:
    shutil.rmtree(root / "data" / "entities" / entity)
    for po in (root / "data" / "locales").glob(f"*/{entity}.po"):
        po.unlink()
    lock = root / "data" / "notices.lock"
    content = json.loads(lock.read_text("utf-8"))
    content["versions"] = {k: v for k, v in content["versions"].items() if not k.startswith(entity + "/")}
    lock.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", "utf-8")


def _new_version(root: Path) -> None:
    folder = root / "data" / "entities" / "kuura" / "notices" / "privacy"
    latest = sorted(folder.glob("*.yml"))[-1]
    (folder / "2026-09-01.yml").write_text(latest.read_text("utf-8"), "utf-8")


CHANGES: list[tuple[str, str, Callable[[Path], None], int | None]] = [
    # (what, as of, the change, entities rendered again: the changed one and those that link to it; None for all)
    ("nothing", AS_OF, lambda root: None, 0),
    ("text", AS_OF, lambda root: _text(root), 1),
    ("translation", AS_OF, lambda root: _translation(root), 1),
    ("new version", AS_OF, _new_version, 1),
    ("a day that crosses nothing", "2026-06-02", lambda root: None, 0),
    # Lumo Advisory's cookie policy of 2027-01-01 and Kuura's new version take effect, and Arctic Code's correction of 2026-12-01 has come.
    ("a day that crosses a version's start", "2027-01-01", lambda root: None, 3),
    ("page template", "2027-01-01", lambda root: edit(root / "hooks/privacy_notices/site/theme/notices/history.md.j2", "\n", "\n\n"), None),
    ("deleted entity", "2027-01-01", lambda root: _drop_entity(root, "skargard"), 1),
]


def _text(root: Path) -> None:
    """A sentence of the upcoming cookie policy reworded, with its msgid in the catalogs, as `notices i18n update` keeps them."""
    old, new = "Remembers which cookies you accepted.", "Remembers which cookies you accepted or refused."
    edit(root / "data/entities/lumo-advisory/notices/cookies/2027-01-01.yml", old, new)
    for language, words in (("fi", "Muistaa, mitkä evästeet hyväksyit tai hylkäsit."), ("sv", "Kommer ihåg vilka kakor du godkänt eller avböjt.")):
        catalog = root / f"data/locales/{language}/lumo-advisory.po"
        catalog.write_text(catalog.read_text("utf-8") + f'\nmsgid "{new}"\nmsgstr "{words}"\n', "utf-8")


def _translation(root: Path) -> None:
    catalog = root / "data/locales/sv/kuura.po"
    text = catalog.read_text("utf-8")
    found = re.search(r'^msgstr "(.+)"$', text, re.M)
    assert found, "a translated message in the Swedish catalog"
    catalog.write_text(text[: found.start(1)] + "Ändrad. " + text[found.start(1):], "utf-8")


def test_a_cached_build_renders_only_what_changed_and_writes_what_a_full_build_writes(tmp_path: Path) -> None:
    project = Project(tmp_path)
    first = project.build(AS_OF, cached=True)
    assert "no build record" in first
    for what, as_of, change, expected in CHANGES:
        project.checkout_afresh()
        change(project.root)
        log = project.build(as_of, cached=True)
        project.build(as_of, cached=False)
        assert differences(project.site, project.full) == [], f"after a change of {what}"
        assert project.rendered(log) == expected, f"after a change of {what}: {log[-2000:]}"


def test_a_cache_that_does_not_match_the_site_folder_makes_a_full_build(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.build(AS_OF, cached=True)
    page = project.site / "kuura" / "index.html"
    page.write_text(page.read_text("utf-8").replace("</body>", "<p>changed by hand</p></body>"), "utf-8")
    log = project.build(AS_OF, cached=True)
    assert "is not as the last build left it: a full build" in log
    project.build(AS_OF, cached=False)
    assert differences(project.site, project.full) == []
    (project.cache / "build-record.json").write_text("{not json", "utf-8")
    log = project.build(AS_OF, cached=True)
    assert "cannot be read" in log
    assert differences(project.site, project.full) == []


def test_a_cache_inside_the_site_folder_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.cache = project.site / ".record"
    env = {**os.environ, "NOTICES_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "privacy_notices.cli", "build", "-f", str(project.root / "mkdocs.yml"), "-d", str(project.site), "--cache", str(project.cache)]
    proc = subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True)
    assert proc.returncode == 1 and "inside one another" in proc.stdout + proc.stderr, proc.stdout + proc.stderr[-2000:]
    assert not project.site.exists()


def test_a_build_that_strict_mode_stops_keeps_no_record_and_fails_again(tmp_path: Path) -> None:
    """MkDocs stops a strict build for its warnings after the hooks' last event: a record kept then would let
    the next build keep the pages that warned, unread, and pass."""
    project = Project(tmp_path)
    project.build(AS_OF, cached=True)
    (project.root / "docs" / "broken.md").write_text("# Broken\n\nSee [the missing page](missing.md).\n", "utf-8")
    env = {**os.environ, "NOTICES_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "privacy_notices.cli", "build", "-f", str(project.root / "mkdocs.yml"), "-d", str(project.site), "--cache", str(project.cache)]
    for _ in range(2):
        proc = subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True)
        assert proc.returncode != 0 and "missing.md" in proc.stdout + proc.stderr, proc.stdout[-2000:] + proc.stderr[-2000:]
        assert not (project.cache / "build-record.json").exists()
