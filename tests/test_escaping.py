"""Text from the data is shown as text: Markdown or HTML syntax in a plain field never becomes markup."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import run_build
from htmlscan import normalize, scan

TRICKY_TITLE = "[click](javascript:alert(1)) *bold* # not a heading {#evil}"
TRICKY_CATEGORY = 'a & b < c > d "quoted" \\escaped'


def test_plain_text_with_markup_syntax_is_shown_literally(minimal_data: Path, tmp_path: Path) -> None:
    version = minimal_data / "entities/acme/notices/privacy/2024-01-01.yml"
    data = yaml.safe_load(version.read_text("utf-8"))
    data["title"] = TRICKY_TITLE
    data["activities"][0]["title"] = TRICKY_TITLE
    data["activities"][0]["data_categories"].append(TRICKY_CATEGORY)
    data["activities"][0]["purposes"].append("Read [our terms](https://acme.example/terms).")
    version.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")

    build = run_build(tmp_path, data=minimal_data)
    assert build.returncode == 0, build.output
    page_file = build.site / "acme/privacy/index.html"
    html_text = page_file.read_text("utf-8")
    page = scan(page_file)
    text = normalize(page.text)

    assert TRICKY_TITLE in text
    assert normalize(TRICKY_CATEGORY) in text
    assert "javascript:" not in " ".join(page.attrs("a", "href"))
    assert "<em>bold</em>" not in html_text
    assert "evil" not in page.ids
    assert "https://acme.example/terms" in page.attrs("a", "href"), "Markdown fields still make links"
    for html_file in build.site.rglob("*.html"):
        assert 'href="javascript:' not in html_file.read_text("utf-8")
