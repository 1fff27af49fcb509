"""Edits of published versions made outside their version files: the report names each one.

A security review found five changes that left every version file as it was
while changing what published pages say, and that the report passed over
("Notices changed: 0. No notice, version or translation changes.") with
`notices validate` passing: Finnish translations of two locked versions
rewritten, with the pull request's own lock re-pinned; a Swedish translation
that was never locked; a company's new contact address; a company that stops
publishing in Swedish; a new ``base_url``. Each is made here exactly so, in
the pull request's data read into a folder outside the repository, and the
report is written as the pull-request workflow writes it: ``--data`` that
folder, the base from git.
"""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, run_cli
from privacy_notices.site import published
from privacy_notices.checks.pipeline import load_and_check
from test_report_safety import repo, shown, structure_problems  # noqa: F401 (repo: the example committed as the base, a fixture)

AS_OF = "2026-06-01"
TAKEN_EFFECT = {
    "arctic-code/privacy/2026-02-01": ("current", ["en", "fi", "sv"]),
    "kuura/privacy/2025-05-01": ("archived", ["en", "fi", "sv"]),
    "kuura/privacy/2026-03-01": ("current", ["en", "fi", "sv"]),
    "lumo-advisory/cookies/2024-01-15": ("current", ["en", "fi", "sv"]),
    "lumo-advisory/privacy/2024-01-15": ("archived", ["en", "fi", "sv"]),
    "lumo-advisory/privacy/2025-09-01": ("current", ["en", "fi", "sv"]),
    "pilvio/customer-data/2025-03-01": ("current", ["en", "fi", "sv"]),
    "pilvio/privacy/2025-03-01": ("current", ["en", "fi", "sv"]),
    "skargard/privacy/2025-10-01": ("current", ["en", "sv"]),
}
"""Every version of the example in force or archived on AS_OF, and the languages its company publishes in, in the site's order."""
LUMO = [key for key in TAKEN_EFFECT if key.startswith("lumo-advisory/")]
FINNISH_LOCKED = ["lumo-advisory/privacy/2024-01-15", "lumo-advisory/privacy/2025-09-01"]
NOTHING = "No notice, version or translation changes."


@pytest.fixture
def pull(repo: Path, tmp_path: Path) -> Path:
    """The pull request's data, as the workflow reads it out of git: a folder outside the repository."""
    data = tmp_path / "pull-request" / "data"
    shutil.copytree(repo / "data", data)
    return data


def report(repo: Path, data: Path) -> tuple[str, dict[str, Any]]:
    """The Markdown and JSON reports, written as the workflow writes them; `notices validate` passes on the data."""
    rc, out, err = run_cli("validate", "--as-of", AS_OF, "--data", str(data), cwd=repo)
    assert rc == 0, out + err
    rc, markdown, said = run_cli("report", "--base", "HEAD", "--as-of", AS_OF, "--data", str(data), cwd=repo)
    assert rc == 0 and "Traceback" not in said, said
    rc, out, err = run_cli("report", "--base", "HEAD", "--as-of", AS_OF, "--format", "json", "--data", str(data), cwd=repo)
    assert rc == 0, err
    made = json.loads(out)
    edited = len(made["edited_in_force"])
    assert (f", {edited} version{'s' if edited != 1 else ''} in force or archived edited since HEAD" in said) == bool(edited), "the workflow's log says it too"
    assert made["passes"] and "**A publish build would pass.**" in markdown, "the verdict is the publish build's, as before"
    assert made["notices"] == [] and "Notices changed: 0" in markdown, "no version file changed"
    assert NOTHING not in markdown
    assert structure_problems(markdown, made) == [], markdown
    return markdown, made


def edits(made: dict[str, Any]) -> dict[str, tuple[str, str, list[tuple[str, str, list[str]]], list[str]]]:
    """Version → (change, status, [(language, change, causes)], corrections) of each edit of a published version."""
    return {
        e["key"]: (e["change"], e["status"], [(lang["language"], lang["change"], lang["causes"]) for lang in e["languages"]], e["corrections"])
        for e in made["edited_in_force"]
    }


def files(made: dict[str, Any]) -> dict[str, tuple[str, list[str]]]:
    return {f["path"]: (f["change"], f["details"]) for f in made["files"]}


def edit_yaml(path: Path, change: Any) -> None:
    doc = yaml.safe_load(path.read_text("utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def test_a_finnish_translation_rewritten_and_its_lock_entries_repinned(repo: Path, pull: Path) -> None:
    """(a) The Finnish text of two locked versions, one in force and one archived, changes in the catalog;
    the pull request deletes their Finnish lock entries and runs `notices lock`, which pins the new hashes."""
    rewrite(
        pull / "locales/fi/lumo-advisory.po",
        'msgstr "Julkaisemme muutokset tällä sivulla, ja jokainen versio säilyy saatavilla."',
        'msgstr "Julkaisemme muutokset tällä sivulla."',
    )
    locked = json.loads((pull / "notices.lock").read_text("utf-8"))
    for key in FINNISH_LOCKED:
        del locked["versions"][key]["fi"]
    (pull / "notices.lock").write_text(json.dumps(locked, indent=2, ensure_ascii=False) + "\n", "utf-8")

    markdown, made = report(repo, pull)
    assert [(e["key"], e["language"], e["change"]) for e in made["lock_entries"]] == [(key, "fi", "removed") for key in FINNISH_LOCKED]
    assert "the pull request removes the lock entry of lumo-advisory/privacy/2025-09-01 (fi), locked on 2026-11-22" in shown(markdown)

    rc, out, err = run_cli("lock", "--as-of", AS_OF, "--data", str(pull), cwd=repo)
    assert rc == 0 and out.count("locked ") == 2, out + err
    markdown, made = report(repo, pull)
    assert edits(made) == {
        "lumo-advisory/privacy/2024-01-15": ("edited", "archived", [("fi", "edited", ["the translation"])], []),
        "lumo-advisory/privacy/2025-09-01": ("edited", "current", [("fi", "edited", ["the translation"])], []),
    }
    assert [(e["key"], e["language"], e["change"], e["locked_on"], e["now"], e["same_text"]) for e in made["lock_entries"]] == [
        (key, "fi", "changed", "2026-11-22", AS_OF, False) for key in FINNISH_LOCKED
    ]
    assert [(b["key"], b["language"], b["locked_on"]) for b in made["lock_breaks"]] == [(key, "fi", "2026-11-22") for key in FINNISH_LOCKED]
    assert files(made) == {
        "data/notices.lock": ("changed", ["2 entries changed"]),
        "data/locales/fi/lumo-advisory.po": ("changed", ["1 translation changed"]),
    }
    seen = shown(markdown)
    assert "lumo-advisory/privacy/2024-01-15 (edited, archived, in force from 2024-01-15): fi edited in the translation; no correction recorded" in seen
    assert "the pull request changes the lock entry of lumo-advisory/privacy/2025-09-01 (fi), locked on 2026-11-22: it now records another text" in seen
    assert "lumo-advisory/privacy/2025-09-01 (fi) changed after the base's lock recorded it on 2026-11-22, and records no correction since" in seen
    assert "data/notices.lock changed: 2 entries changed" in seen and "data/locales/fi/lumo-advisory.po changed: 1 translation changed" in seen


def test_a_swedish_translation_never_locked(repo: Path, pull: Path) -> None:
    """(b) A Swedish translation of a version in force that was never locked in Swedish changes; the lock is not touched."""
    assert "sv" not in json.loads((pull / "notices.lock").read_text("utf-8"))["versions"]["pilvio/privacy/2025-03-01"]
    rewrite(pull / "locales/sv/pilvio.po", 'msgstr "Integritetsmeddelande"', 'msgstr "Integritetspolicy"')
    markdown, made = report(repo, pull)
    assert edits(made) == {"pilvio/privacy/2025-03-01": ("edited", "current", [("sv", "edited", ["the translation"])], [])}
    assert made["lock_entries"] == made["lock_breaks"] == []
    assert files(made) == {"data/locales/sv/pilvio.po": ("changed", ["1 translation changed"])}
    assert "pilvio/privacy/2025-03-01 (edited, in force since 2025-03-01): sv edited in the translation; no correction recorded" in shown(markdown)


def test_a_new_contact_address_in_entity_yml(repo: Path, pull: Path) -> None:
    """(c) entity.yml gets a new contact e-mail and street address: every page of every version of the company shows them, archived ones too."""

    def move(doc: dict[str, Any]) -> None:
        doc["contact"]["email"] = "requests@lumo-advisory.example"
        doc["address"]["street"] = "Satakunnankatu 7"

    edit_yaml(pull / "entities/lumo-advisory/entity.yml", move)
    markdown, made = report(repo, pull)
    assert edits(made) == {key: ("edited", TAKEN_EFFECT[key][0], [(lang, "edited", ["entity.yml"]) for lang in ("en", "fi", "sv")], []) for key in LUMO}
    assert "lumo-advisory/cookies/2027-01-01" not in edits(made), "an upcoming version was never published"
    assert files(made) == {"data/entities/lumo-advisory/entity.yml": ("changed", ["address.street, contact.email"])}
    seen = shown(markdown)
    assert "lumo-advisory/privacy/2024-01-15 (edited, archived, in force from 2024-01-15): en, fi, sv edited in entity.yml" in seen
    assert "data/entities/lumo-advisory/entity.yml changed: address.street, contact.email" in seen


def test_a_company_that_stops_publishing_in_swedish(repo: Path, pull: Path) -> None:
    """(d) entity.yml gets `languages: [en, fi]`: the Swedish pages of its versions in force go. Its Swedish catalog goes
    with it, as it must for `notices validate` to pass (a catalog of a language the company does not publish in is an error)."""
    edit_yaml(pull / "entities/lumo-advisory/entity.yml", lambda doc: doc.update(languages=["en", "fi"]))
    (pull / "locales/sv/lumo-advisory.po").unlink()
    markdown, made = report(repo, pull)
    assert edits(made) == {key: ("edited", TAKEN_EFFECT[key][0], [("sv", "no longer published", [])], []) for key in LUMO}
    assert files(made) == {
        "data/entities/lumo-advisory/entity.yml": ("changed", ["languages"]),
        "data/locales/sv/lumo-advisory.po": ("removed", []),
    }
    seen = shown(markdown)
    assert "lumo-advisory/privacy/2025-09-01 (edited, in force since 2025-09-01): sv no longer published; no correction recorded" in seen
    assert "data/locales/sv/lumo-advisory.po removed" in seen


def test_a_new_base_url_in_site_yml(repo: Path, pull: Path) -> None:
    """(e) site.yml gets a new base_url: the address of every page of every version changes."""
    edit_yaml(pull / "site.yml", lambda doc: doc.update(base_url="https://notices.example.org/"))
    markdown, made = report(repo, pull)
    assert edits(made) == {key: ("edited", state, [(lang, "edited", ["site.yml"]) for lang in languages], []) for key, (state, languages) in TAKEN_EFFECT.items()}
    assert files(made) == {"data/site.yml": ("changed", ["base_url"])}
    assert "skargard/privacy/2025-10-01 (edited, in force since 2025-10-01): en, sv edited in site.yml" in shown(markdown)


def test_an_edit_in_both_the_version_file_and_the_translation_names_both(repo: Path, pull: Path) -> None:
    """A correction recorded in a version file and a Finnish title rewritten: each language names what changed it,
    the correction is quoted, and a version file that is gone is a removal."""
    rewrite(pull / "locales/fi/lumo-advisory.po", 'msgstr "Tietosuojaseloste"', 'msgstr "Tietosuojaseloste (korjattu)"')
    edit_yaml(pull / "entities/lumo-advisory/notices/privacy/2025-09-01.yml", lambda doc: doc["corrections"].append({"date": datetime.date(2026, 5, 1), "text": "Finnish title corrected."}))
    (pull / "entities/kuura/notices/privacy/2025-05-01.yml").unlink()
    rc, out, err = run_cli("report", "--base", "HEAD", "--as-of", AS_OF, "--format", "json", "--data", str(pull), cwd=repo)
    assert rc == 0, err
    assert edits(json.loads(out)) == {
        "kuura/privacy/2025-05-01": ("removed", "archived", [], []),
        "lumo-advisory/privacy/2024-01-15": ("edited", "archived", [("fi", "edited", ["the translation"])], []),
        "lumo-advisory/privacy/2025-09-01": (
            "edited", "current",
            [("en", "edited", ["the version file"]), ("fi", "edited", ["the version file", "the translation"]), ("sv", "edited", ["the version file"])],
            ["2026-05-01: Finnish title corrected."],
        ),
    }


def test_what_is_compared_is_what_the_built_pages_say(site: Path) -> None:
    """The version part of each page is the hash of its notice.json in the built site, in the same languages:
    the report compares the pages' own localization, not one of its own."""
    checked = load_and_check(ROOT / "data", datetime.date.fromisoformat(AS_OF), None)
    assert checked.project is not None
    found = published.pages(checked.project, checked.catalogs, datetime.date.fromisoformat(AS_OF))
    built = {}
    for path in site.rglob("notice.json"):
        export = json.loads(path.read_text("utf-8"))
        if export["status"] != "upcoming":
            built[(f"{export['entity']}/{export['notice']}/{export['effective']}", export["language"])] = export["sha256"]
    assert {key: page.version for key, page in found.items()} == built
    assert set(found) == {(key, lang) for key, (_, languages) in TAKEN_EFFECT.items() for lang in languages}
