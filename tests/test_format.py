"""The page says what the data say: no built-in sentence or name the data do not support."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml

from conftest import run_build


def _edit_privacy(minimal_data: Path, change: dict[str, object]) -> None:
    path = minimal_data / "entities/acme/notices/privacy/2024-01-01.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data.update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def test_a_transfer_without_named_recipients_names_nobody(minimal_data: Path, tmp_path: Path) -> None:
    _edit_privacy(minimal_data, {"transfers": [{"country": "US", "mechanism": "scc"}]})
    build = run_build(tmp_path, data=minimal_data)
    assert build.returncode == 0, build.output
    page = (build.site / "acme/privacy/index.html").read_text("utf-8")
    row = re.search(r'<th scope="row">United States</th>\s*<td>(.*?)</td>', page, re.S)
    assert row, "the transfer is listed"
    assert row.group(1).strip() == "Not named in this notice"
    assert "Acme Oy" not in row.group(1), "the controller is not its own recipient"


def test_a_retention_period_and_its_rule_are_two_statements(minimal_data: Path, tmp_path: Path) -> None:
    path = minimal_data / "entities/acme/notices/privacy/2024-01-01.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["activities"][0]["retention"] = {"period": "P10Y", "starts": "the end of the contract", "rule": "We then destroy the records."}
    data["activities"].append({**copy.deepcopy(data["activities"][0]), "id": "second", "title": "Second"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    build = run_build(tmp_path, data=minimal_data)
    assert build.returncode == 0, build.output
    page = (build.site / "acme/privacy/index.html").read_text("utf-8")
    assert "10 years from the end of the contract<br>We then destroy the records." in page
    assert "contract We then" not in page
