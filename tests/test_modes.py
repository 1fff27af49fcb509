"""Drafting and publishing: validate reports what the build does, the log stays short, names stay names."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

from conftest import AS_OF, ROOT, run_build, run_cli
from htmlscan import normalize, scan


def _new_entity(data: Path) -> None:
    """A new company with a notice and no translations yet, on a site that requires Finnish."""
    entity = data / "entities" / "kivi"
    (entity / "notices" / "privacy").mkdir(parents=True)
    (entity / "entity.yml").write_text(
        "name: Kivi Oy\naddress:\n  city: Tampere\n  country: FI\ncontact:\n  team: Customer service\n  name: Ilona Kivi\n  email: privacy@kivi.example\n",
        "utf-8",
    )
    notice = yaml.safe_load((ROOT / "tests/fixtures/minimal/data/entities/acme/notices/privacy/2024-01-01.yml").read_text("utf-8"))
    notice.pop("related")
    (entity / "notices" / "privacy" / "2024-01-01.yml").write_text(yaml.safe_dump(notice), "utf-8")


def test_validate_reports_the_blockers_the_build_refuses(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    _new_entity(data)
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=tmp_path)
    assert rc == 1, out + err
    blockers = out.splitlines()
    assert blockers and all("is not in the catalog; run `notices i18n update`; fi is required" in line for line in blockers)
    assert f"{len(blockers)} publish blockers" in err
    build = run_build(tmp_path, data=data)
    assert build.returncode != 0
    for line in blockers:
        assert line in build.output, line

    rc, out, err = run_cli("validate", "--draft", "--as-of", AS_OF, cwd=tmp_path)
    assert rc == 0, out + err
    assert out.splitlines()[:-1] == [line.replace(":1: msgid", ":1: warning: msgid", 1) for line in blockers]
    assert f"no errors; {len(blockers)} warnings that would stop publishing" in out

    draft = run_build(tmp_path, data=data, extra_env={"NOTICES_MODE": "draft"})
    assert draft.returncode == 0, draft.output
    page = (draft.site / "_drafting/index.html").read_text("utf-8")
    assert "data/locales/fi/kivi.po:1:1:" in page
    assert (draft.site / "fi/kivi/privacy/index.html").is_file(), "drafting builds the untranslated pages"


def test_a_publish_build_has_no_drafting_page(site: Path) -> None:
    assert not (site / "_drafting").exists()
    assert "Drafting:" not in (site / "index.html").read_text("utf-8")


def test_the_build_log_is_short(example_build: object) -> None:
    output = example_build.output  # type: ignore[attr-defined]
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) <= 15, "\n".join(lines)
    assert "not included in the" not in output
    summary = next(line for line in lines if "notices: " in line and " pages (" in line)
    assert "en 33, fi 29, sv 33" in summary and "in force" in summary and "translated: en 100 %, fi 100 %" in summary


def test_names_are_never_sent_to_translators(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    _new_entity(data)
    rc, out, err = run_cli("i18n", "update", "--data", str(data), cwd=tmp_path)
    assert rc == 0, out + err
    catalog = (data / "locales/fi/kivi.po").read_text("utf-8")
    assert 'msgid "Customer service"' in catalog, "a team is translated"
    assert "Ilona Kivi" not in catalog and "Kivi Oy" not in catalog, "a person's and a company's name are not"


def test_a_lock_cannot_be_dated_after_today(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = (data / "notices.lock").read_bytes()
    rc, out, err = run_cli("lock", "--data", str(data), "--as-of", "2199-12-20", cwd=tmp_path)
    assert rc == 1
    assert "cannot lock as of 2199-12-20, which is after today" in out
    assert (data / "notices.lock").read_bytes() == before


def test_upcoming_versions_are_not_called_past_in_finnish(site: Path) -> None:
    page = (site / "fi/lumo-advisory/cookies/2027-01-01/changes/index.html").read_text("utf-8")
    assert "ollut" not in page and "tulleeseen" not in page
    assert "Lue 1. tammikuuta 2027 päivätty versio" in page


def test_commands_find_the_project_from_a_subfolder() -> None:
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=ROOT / "data" / "entities")
    assert rc == 0, out + err
    assert f"in {(ROOT / 'data').as_posix()} checked for publishing" in out, "it says which data folder it used"


def test_drafting_page_lists_a_changed_locked_version(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    version = data / "entities/lumo-advisory/notices/privacy/2025-09-01.yml"
    version.write_text(version.read_text("utf-8").replace("for their work can", "for their daily work can", 1), "utf-8")
    build = run_build(tmp_path, data=data, extra_env={"NOTICES_MODE": "draft"})
    assert build.returncode == 0, build.output
    assert f"WARNING -  publish blocker: {version.as_posix()}:1:1:" in build.output, "named in full: the data are outside the folder the build runs in"
    for page in ("lumo-advisory/privacy/2025-09-01/", "lumo-advisory/privacy/"):
        assert "Changed after it was locked on November 22, 2026; needs a correction before publishing" in normalize(scan(build.site / page / "index.html").text), page
    assert "needs a correction" not in (build.site / "lumo-advisory/privacy/2024-01-15/index.html").read_text("utf-8")
    # The banners speak the page's language, with the date as the pages write it.
    for language, said in (
        ("fi", ["Muutettu sen jälkeen, kun versio lukittiin 22. marraskuuta 2026; tarvitsee korjausmerkinnän ennen julkaisua",
                "Julkaistu versio ei muutu: peru muutos tai kirjaa se kohtaan corrections", "Luonnostila:", "estäisi julkaisun"]),
        ("sv", ["Ändrad efter att den låstes den 22 november 2026; behöver en rättelse före publiceringen",
                "En publicerad version ändras inte: ångra ändringen, eller anteckna den under corrections", "Utkastläge:", "skulle stoppa publiceringen"]),
    ):
        for page in (f"{language}/lumo-advisory/privacy/", f"{language}/lumo-advisory/privacy/2025-09-01/"):
            html = (build.site / page / "index.html").read_text("utf-8")
            html = html[html.index("<!--pn-drafting-->") : html.index("<!--/pn-drafting-->")]
            text = normalize(re.sub(r"<[^>]+>", " ", html))
            for words in said:
                assert words in text, f"{page}: {words}"
            assert "<code>corrections</code>" in html and "<code>notices lock</code>" in html
            for english in ("needs a correction", "A published version does not change", "Drafting:", "would stop publishing"):
                assert english not in text, f"{page}: {english}"
    lock = json.loads((data / "notices.lock").read_text("utf-8"))
    assert "lumo-advisory/privacy/2025-09-01" in lock["versions"]


def test_build_takes_data_and_mode_from_any_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    _new_entity(data)
    out = tmp_path / "out"
    rc, _, _ = run_cli("build", "--data", str(data), "--as-of", AS_OF, "--draft", "--", "-q", "-d", str(out), cwd=ROOT / "docs")
    assert rc == 0
    assert (out / "_drafting/index.html").is_file() and (out / "kivi/privacy/index.html").is_file()
    rc, _, _ = run_cli("build", "--data", str(data), "--as-of", AS_OF, "--", "-q", "-d", str(tmp_path / "published"), cwd=ROOT / "docs")
    assert rc != 0, "publishing refuses the missing Finnish translations"


def test_a_long_build_on_a_terminal_shows_its_progress() -> None:
    import io

    from privacy_notices.site.summary import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    progress = Progress(terminal)
    for _ in range(3):
        progress.step(3, seconds=100.0)  # as if the build had run for a while
    assert terminal.getvalue().endswith("\rnotices: page 3 of 3")
    quiet = io.StringIO()
    Progress(quiet).step(3, seconds=100.0)
    assert quiet.getvalue() == "", "not a terminal: nothing"


def test_every_page_of_a_preview_is_marked_the_error_page_too(minimal_data: Path, tmp_path: Path) -> None:
    """A preview's 404.html, which MkDocs writes without a page, says what every page says, and stays out of search engines."""
    (minimal_data / "site.yml").write_text("name: Acme notices\nsource_language: en\nlanguages: [en, fi]\n", "utf-8")
    build = run_build(tmp_path, data=minimal_data, extra_env={"NOTICES_PREVIEW": "1", "NOTICES_PREVIEW_PR": "7"})
    assert build.returncode == 0, build.output
    errors = sorted(build.site.rglob("404.html"))
    assert errors == [build.site / "404.html", build.site / "fi/404.html"], "an error page per language"
    pages = sorted(build.site.rglob("*.html"))
    for path in pages:
        page = scan(path)
        assert ("meta", {"name": "robots", "content": "noindex"}) in page.elements, path
        assert any(tag == "div" and "pn-preview-banner" in attrs.get("class", "") for tag, attrs in page.elements), path
    english = scan(build.site / "404.html").text
    assert "Preview of unpublished changes This page is not published" in english and "Pull request #7." in english
    assert "Muutospyyntö #7." in scan(build.site / "fi/404.html").text, "the Finnish error page says it in Finnish"
    published = run_build(tmp_path / "published", data=minimal_data)
    assert published.returncode == 0, published.output
    for path in published.site.rglob("404.html"):
        assert 'name="robots"' not in path.read_text("utf-8") and "pn-preview-banner" not in path.read_text("utf-8"), path


def test_every_build_tells_github_pages_to_serve_its_files_as_they_are(minimal_data: Path, tmp_path: Path) -> None:
    """Publishing, drafting and preview builds all write an empty .nojekyll at the site's root.

    Without it, GitHub Pages runs Jekyll over the gh-pages branch, and a file of a
    preview that starts with front matter could take another address of the site
    (`permalink: /robots.txt`) or fail the build of the whole site.
    """
    for mode, env in {"publish": {}, "draft": {"NOTICES_MODE": "draft"}, "preview": {"NOTICES_PREVIEW": "1", "NOTICES_PREVIEW_PR": "7"}}.items():
        build = run_build(tmp_path / mode, data=minimal_data, extra_env=env)
        assert build.returncode == 0, build.output
        marker = build.site / ".nojekyll"
        assert marker.is_file() and marker.read_bytes() == b"", mode
        assert not any(p.name == ".nojekyll" for p in build.site.rglob("*") if p.parent != build.site), "at the root only"
