"""A notice's sections may carry its own headings: in every language, anchors unchanged, wrong ids reported where they stand."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from conftest import ROOT, run_build
from htmlscan import headings

NOTICE = "entities/lumo-advisory/notices/privacy/2025-09-01.yml"


def _with_headings(tmp_path: Path, given: list[dict[str, str]]) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "notices.lock").unlink()  # the edit below is this test's, not a published change
    path = data / NOTICE
    version = yaml.safe_load(path.read_text("utf-8"))
    version.setdefault("layout", {})["headings"] = given
    path.write_text(yaml.safe_dump(version, allow_unicode=True, sort_keys=False), "utf-8")
    return data


def test_a_notice_heads_its_sections_in_its_own_words_in_every_language(tmp_path: Path) -> None:
    data = _with_headings(tmp_path, [{"id": "controller", "title": "Data controller"}, {"id": "rights", "title": "What you may ask of us"}])
    with (data / "locales/fi/lumo-advisory.po").open("a", encoding="utf-8") as po:
        po.write('\nmsgid "Data controller"\nmsgstr "Rekisterinpitäjä"\n\nmsgid "What you may ask of us"\nmsgstr "Mitä voit pyytää meiltä"\n')
    build = run_build(tmp_path, data=data)
    assert build.returncode == 0, build.output
    english = {anchor: text for _, anchor, text in headings(build.site / "lumo-advisory/privacy/index.html")}
    finnish = {anchor: text for _, anchor, text in headings(build.site / "fi/lumo-advisory/privacy/index.html")}
    assert english["controller"].startswith("Data controller") and english["rights"].startswith("What you may ask of us")
    assert finnish["controller"].startswith("Rekisterinpitäjä"), "translated through the entity's catalog, which publishing requires"
    assert finnish["rights"].startswith("Mitä voit pyytää meiltä")
    assert "Who is responsible for your data" not in english.values() and "activities" in english, "the others keep theirs"


def test_a_heading_for_no_section_is_reported_where_it_stands(tmp_path: Path) -> None:
    data = _with_headings(tmp_path, [{"id": "righs", "title": "Rights"}, {"id": "contact", "title": "A"}, {"id": "contact", "title": "B"}])
    build = run_build(tmp_path, data=data)
    assert build.returncode != 0
    assert "unknown section 'righs'" in build.output and "did you mean 'rights'" in build.output.lower(), build.output
    assert "'contact' is given a heading twice" in build.output
    assert "Traceback" not in build.output
