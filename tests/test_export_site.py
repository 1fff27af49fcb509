"""`notices export-site`: the site's source as a plain tree, which Zensical builds to the same notice text as MkDocs.

The comparison reads the main article of every notice page (the stable page
and every version, in every language) from both builds, as text with its
white space folded: what a reader is told must not depend on the engine.
"""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import AS_OF, ROOT, installed_command, run_cli
from privacy_notices.data.loader import load_project
from privacy_notices.site.urls import language_prefix, notice_uri, page_url, version_uri


class _Article(HTMLParser):
    """The text of a page's ``<article>``, scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif self.depth and tag in ("script", "style"):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.hidden:
            self.parts.append(data)


def article_text(path: Path) -> str:
    parser = _Article()
    parser.feed(path.read_text("utf-8"))
    return " ".join(" ".join(parser.parts).split())


def notice_pages() -> list[str]:
    """The URL of every notice page of the example site: each notice's stable page and every version, in every language."""
    project, errors = load_project(ROOT / "data")
    assert project is not None, errors.summary()
    source = project.site.source_language
    urls = []
    for language in project.site.all_languages:
        prefix = language_prefix(language, source)
        for record in project.entities.values():
            if not project.publishes(record.id, language):
                continue
            for series in record.notices.values():
                urls.append(page_url(notice_uri(record.id, series.id, prefix)))
                urls += [page_url(version_uri(record.id, series.id, version.effective, prefix)) for version in series.versions]
    return urls


def first_difference(a: str, b: str) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"MkDocs: …{a[max(0, at - 40) : at + 60]}… Zensical: …{b[max(0, at - 40) : at + 60]}…"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "tree"
    rc, stdout, stderr = run_cli("export-site", str(out), "--data", str(ROOT / "data"), "--as-of", AS_OF, cwd=ROOT)
    assert rc == 0, stderr
    assert "wrote" in stdout and str(out) in stdout
    return out


def test_the_tree_has_every_language_its_files_and_settings(exported: Path) -> None:
    docs = exported / "docs"
    for path in ("index.md", "fi/index.md", "sv/index.md", "about.md", "fi/about.md", "feed.xml", "fi/feed.xml", "schema/notice-export.schema.json", "assets/notices.css"):
        assert (docs / path).is_file(), path
    assert (docs / "kuura/privacy/2026-03-01/notice.json").is_file()
    assert (docs / "kuura/privacy/index.md").read_text("utf-8").startswith("---\ntitle: ")
    settings = (exported / "site.json").read_text("utf-8")
    assert '"folder": "fi/"' in settings and '"site_name"' in settings
    assert (exported / "mkdocs.yml").is_file()
    assert not list(exported.parent.glob(".tree.*")), "nothing is left of the folder the tree was made in"


def test_zensical_builds_the_tree_to_the_notice_text_of_the_mkdocs_build(exported: Path, site: Path) -> None:
    zensical = installed_command("zensical")
    assert zensical, "the test extras install Zensical"
    proc = subprocess.run([zensical, "build", "-f", str(exported / "mkdocs.yml")], cwd=exported, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    built = exported / "site"
    urls = notice_pages()
    assert len(urls) > 40, "every notice page of every language is compared"
    differ = []
    for url in urls:
        ours, theirs = site / url / "index.html", built / url / "index.html"
        if not theirs.is_file():
            differ.append(f"{url}: Zensical wrote no page")
            continue
        a, b = article_text(ours), article_text(theirs)
        if not a:
            differ.append(f"{url}: no article text in the MkDocs page")
        elif a != b:
            differ.append(f"{url}: {first_difference(a, b)}")
    assert differ == []


def test_export_site_refuses_a_folder_that_is_not_empty_or_inside_the_sources(tmp_path: Path) -> None:
    full = tmp_path / "full"
    full.mkdir()
    (full / "mine.txt").write_text("keep me", "utf-8")
    for target, said in ((full, "is not empty"), (ROOT / "data" / "out", "is inside"), (ROOT / "docs" / "out", "is inside")):
        rc, stdout, stderr = run_cli("export-site", str(target), "--as-of", AS_OF, cwd=ROOT)
        assert rc == 2 and said in stderr and len(stderr.strip().splitlines()) == 1, stderr
        assert stdout == ""
    assert [p.name for p in full.iterdir()] == ["mine.txt"]
    assert not (ROOT / "data" / "out").exists() and not (ROOT / "docs" / "out").exists()


def test_export_site_writes_nothing_when_the_data_have_errors(tmp_path: Path, minimal_data: Path) -> None:
    (minimal_data / "site.yml").write_text("name: [\n", "utf-8")
    target = tmp_path / "tree"
    rc, _, stderr = run_cli("export-site", str(target), "--data", str(minimal_data), "--as-of", AS_OF, cwd=ROOT)
    assert rc == 1 and "nothing was written" in stderr.strip().splitlines()[-1]
    assert not target.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_export_site_help_says_what_the_tree_holds(capsys: pytest.CaptureFixture[str]) -> None:
    from privacy_notices.cli import main

    with pytest.raises(SystemExit):
        main(["export-site", "--help"])
    text = capsys.readouterr().out
    assert "zensical build" in text and "site.json" in text and "new or empty" in text
