"""The JSON Schemas match the models, accept the example data, and the example data use every field."""

from __future__ import annotations

import datetime
import json
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from conftest import ROOT
from privacy_notices.data import vocab
from privacy_notices.cli.schema import SCHEMAS, cmd_schema, schemas
from privacy_notices.data.model import NOTICE_KINDS, Entity, Site
from privacy_notices.data.validation import _unwrap
from privacy_notices.data.wording import ActivityWording, Wording

DATA = ROOT / "data"


def _load(path: Path) -> Any:
    """YAML as an editor's language server sees it: dates stay text."""

    def as_text(value: Any) -> Any:
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: as_text(v) for k, v in value.items()}
        if isinstance(value, list):
            return [as_text(v) for v in value]
        return value

    return as_text(yaml.safe_load(path.read_text("utf-8")))


def test_committed_schemas_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_schema(ROOT / "schema", check=True) == 0, capsys.readouterr().err


def test_schema_check_detects_a_stale_file(tmp_path: Path) -> None:
    assert cmd_schema(tmp_path, check=False) == 0
    (tmp_path / "entity.schema.json").write_text("{}\n")
    assert cmd_schema(tmp_path, check=True) == 1


@pytest.mark.parametrize(
    "schema_name, pattern",
    [("site.schema.json", "site.yml"), ("entity.schema.json", "entities/*/entity.yml"), ("notice.schema.json", "entities/*/notices/*/*.yml")],
)
def test_example_data_validates_against_the_schemas(schema_name: str, pattern: str) -> None:
    schema = json.loads(schemas()[schema_name])
    files = sorted(DATA.glob(pattern))
    assert files
    for path in files:
        jsonschema.validate(_load(path), schema)


def test_schema_rejects_what_validation_rejects() -> None:
    schema = json.loads(schemas()["notice.schema.json"])
    bad = _load(next(DATA.glob("entities/*/notices/*/*.yml")))
    bad["activities"][0]["legal_bases"][0]["basis"] = "consnet"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def _owner(model: type[BaseModel], name: str) -> str:
    """The base-most class declaring a field: inherited and redeclared fields count once."""
    for cls in reversed(model.__mro__):
        if name in getattr(cls, "__annotations__", {}):
            return cls.__name__
    return model.__name__


def _model_fields() -> set[str]:
    """Every (model, field) pair reachable from the file models, written Model.field."""
    out: set[str] = set()
    for model in (Site, Entity, *NOTICE_KINDS.values()):
        _collect(model, out, set())
    return out


MAPS = (Wording, ActivityWording)
"""Models whose fields are the keys of a map: `wording` by the ids of the built-in sentences, each named in
AUTHORING.md. The showcases use the map, not every one of its keys."""


def _collect(model: type[BaseModel], out: set[str], seen: set[type]) -> None:
    if model in seen or model in MAPS:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        out.add(f"{_owner(model, name)}.{name}")
        for t in _unwrap(info.annotation):
            for candidate in [t, *[i for a in typing.get_args(t) for i in _unwrap(a)]]:
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    _collect(candidate, out, seen)


def _used(data: Any, model: type[BaseModel], out: set[str]) -> None:
    """Record Model.field for every key the data use, following the model's annotations."""
    if not isinstance(data, dict) or model in MAPS:
        return
    by_alias = {info.alias: name for name, info in model.model_fields.items() if info.alias}
    for key, value in data.items():
        key = by_alias.get(key, key)  # a field written under its alias, such as "from"
        info = model.model_fields.get(key)
        if info is None:
            continue
        out.add(f"{_owner(model, key)}.{key}")
        for t in _unwrap(info.annotation):
            items = value if typing.get_origin(t) is list else [value]
            inner_types = [i for a in typing.get_args(t) for i in _unwrap(a)] if typing.get_origin(t) is list else [t]
            for inner in inner_types:
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    for item in items:
                        _used(item, inner, out)


SHOWCASES = [DATA, ROOT / "tests" / "fixtures" / "said-truthfully" / "data", *sorted((ROOT / "tests" / "fixtures").glob("reference-*/data"))]
"""The example site, the fixture that shows what a notice can state beyond it (withdrawn rights), and the
notices shaped like real ones."""


def test_example_data_exercise_every_field() -> None:
    used: set[str] = set()
    for data_dir in SHOWCASES:
        _used(yaml.safe_load((data_dir / "site.yml").read_text("utf-8")), Site, used)
        for path in data_dir.glob("entities/*/entity.yml"):
            _used(yaml.safe_load(path.read_text("utf-8")), Entity, used)
        for path in data_dir.glob("entities/*/notices/*/*.yml"):
            data = yaml.safe_load(path.read_text("utf-8"))
            _used(data, NOTICE_KINDS[data["kind"]], used)
    unused = sorted(_model_fields() - used)
    assert not unused, f"fields no example file uses: {unused}"


def test_every_vocabulary_value_is_used_or_deliberately_not() -> None:
    """The example data name most built-in terms, so the site shows their texts."""
    text = "\n".join(p.read_text("utf-8") for p in DATA.rglob("*.yml"))
    for key in ("consent", "contract", "legal_obligation", "legitimate_interests", "adequacy", "dpf", "scc", "necessary", "preferences", "statistics", "marketing", "explicit_consent"):
        assert key in text


def test_vocabularies_have_texts_for_every_key() -> None:
    for name in vocab.VOCABULARIES:
        entries = vocab.vocabulary(name)
        assert entries, name
        for key, entry in entries.items():
            assert entry.get("label") or entry.get("title") or entry.get("name") or entry.get("text"), f"{name}.{key}"
    assert set(vocab.keys("notice_kinds")) == set(NOTICE_KINDS)
    assert len(vocab.vocabulary("authorities")) == 30, "27 EU member states and 3 EEA countries"
    assert set(SCHEMAS) == {"site.schema.json", "entity.schema.json", "notice.schema.json", "notice-export.schema.json", "in-force.schema.json"}
