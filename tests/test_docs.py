"""The guides keep their promises: the heading map is complete, the editor settings point at real schemas.

HEADINGS lists the headings of three kinds of real published notice, each
followed by a fixture of the same name under tests/fixtures/; AUTHORING.md says
where each heading goes in the data. The tests check that map against the
project's own models, so they need nothing but this repository.
"""

from __future__ import annotations

import json
import re
from conftest import ROOT

HEADINGS = {
    "reference-controller-cookies": [
        "Privacy Policy", "Privacy statement, valid as of 1 January 2021", "Visiting and using Leden Group Oy’s online service",
        "Privacy protection", "Purpose of collecting personal data", "Legal grounds for processing personal data",
        "Personal data and data sources", "Data collected on website use", "Third Party Processors",
        "Digital Marketing Service Providers", "Data controller", "Processing of personal data",
        "Geographical location of processing personal data", "Data retention period", "Rights of the data subject",
        "Data Protection Officer’s contact details", "Cookie policy, valid as of 1 January 2021", "Our website uses cookies",
        "Decide whether you want to accept cookies", "Cookies and their purpose", "Social media expansions",
    ],
    "reference-processor": [
        "Privacy Policy (Processor)", "Updated: May 17, 2020", "GDPR compliant privacy policy – Processor", "The processor",
        "Processor’s contact", "The Data Protection Officer", "Name of registry", "Purpose of filing system",
        "Data content and information categories of the filing system", "Regular sources of information",
        "Regular disclosure of information", "Principles of filing system protection", "Information storage time",
        "The right to check and amend the filing system information", "Our support to you",
    ],
    "reference-scenario": [
        "PRIVACY NOTICE", "This Privacy Notice was last updated on 9 March 2023",
        "SECTION ONE – WHEN AND WHY DO WE PROCESS YOUR DATA", "Using LeadDesk services and products", "Visiting our website",
        "Applying for a job", "Receiving marketing", "SECTION 2 – DISCLOSING PERSONAL DATA TO THIRD PARTIES",
        "SECTION 3 – TRANSFERS AND DISCLOSURES OF PERSONAL DATA", "SECTION 4 – SECURITY",
        "SECTION 5 – HOW LONG WILL WE KEEP YOUR PERSONAL DATA", "SECTION 6 – WHAT RIGHTS DO YOU HAVE?",
        "Right to access your Personal Data", "Right to rectification", "Right to be forgotten",
        "Right to restrict processing or object to it", "Right to data portability", "SECTION 7 – COOKIES", "How We Use Cookies",
        "Disabling Cookies", "The Cookies We Set", "LeadDesk Service", "Third-Party Cookies", "More Information",
        "SECTION 8 – MINORS", "SECTION 9 – CHANGES TO THIS PRIVACY NOTICE", "SECTION 10 – QUESTIONS AND CONTACT INFORMATION",
        "Data Protection Officer",
    ],
}


def test_authoring_maps_every_heading_to_a_field() -> None:
    rows = [line for line in (ROOT / "AUTHORING.md").read_text("utf-8").splitlines() if line.startswith("| ") and line.count("|") == 4]
    mapped = {}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        mapped[cells[1]] = cells[2]
    fields = _model_fields()
    for headings in HEADINGS.values():
        for heading in headings:
            assert heading in mapped, f"AUTHORING.md does not map '{heading}'"
            named = re.findall(r"`([a-z_]+)", mapped[heading])
            assert named or "built-in" in mapped[heading], heading
            unknown = [n for n in named if n not in fields]
            assert not unknown, f"'{heading}' maps to {unknown}, which no data file has"


def test_the_guides_point_only_at_what_a_clone_has() -> None:
    """A path the guides name is in the repository: a folder beside it is on nobody else's machine."""
    for guide in ("README.md", "AUTHORING.md", "TRANSLATING.md"):
        text = (ROOT / guide).read_text("utf-8")
        assert not re.findall(r"`\.\./[^`]*`|\]\(\.\./", text), guide
    authoring = (ROOT / "AUTHORING.md").read_text("utf-8")
    for name in HEADINGS:
        assert f"`tests/fixtures/{name}/`" in authoring, name
        assert (ROOT / "tests" / "fixtures" / name / "data").is_dir(), name


def _model_fields() -> set[str]:
    """Every field name of every data model, the fixed topics free sections follow, and the built-in vocabularies' keys."""
    from pydantic import BaseModel

    from privacy_notices.data import fields, layout, model, parties, processing, records, vocab

    names: set[str] = set(fields.TOPICS) | {"start"}
    for vocabulary in vocab.VOCABULARIES:
        names |= set(vocab.vocabulary(vocabulary))
    for module in (fields, parties, processing, layout, records, model):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel):
                names |= set(value.model_fields)
    return names


def test_editor_settings_point_at_existing_schemas() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))
    for schema, pattern in settings["yaml.schemas"].items():
        assert (ROOT / schema).is_file()
        assert list(ROOT.glob(pattern)), pattern


def _setup_commands() -> list[str]:
    """The shell commands of the README's "Set up" section."""
    readme = (ROOT / "README.md").read_text("utf-8")
    return re.findall(r"```sh\n(.*?)\n```", readme.split("## Set up", 1)[1].split("\n## ", 1)[0], re.S)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    commands = _setup_commands()
    assert len(commands) == 2
    assert "mkdocs serve" in commands[0] or "mkdocs build" in commands[0]
    assert "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text("utf-8").splitlines(), ".ci/run runs the README's test command as written there"


def test_readme_setup_commands_make_and_use_their_own_virtual_environment() -> None:
    """Debian's python3 refuses `pip install` outside a virtual environment (PEP 668): each command makes one and runs from it."""
    for command in _setup_commands():
        steps = [step.strip() for step in command.split("&&")]
        assert steps[0] == "python3 -m venv .venv", command
        assert len(steps) > 2 and all(step.startswith(".venv/bin/") for step in steps[1:]), command
    ignored = (ROOT / ".gitignore").read_text("utf-8").splitlines()
    assert ".venv/" in ignored or "/.venv/" in ignored


def test_ci_runs_every_later_step_with_the_readme_environment() -> None:
    """After the README's command, .ci/run never falls back to the machine's own Python."""
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    later = ci.split(_setup_commands()[1], 1)[1]
    runs = [line for line in later.splitlines() if re.search(r"\b(?:python3?|pytest|pip)\b", line) and not line.lstrip().startswith("#")]
    assert runs, "the second pass and the oldest-PyYAML pass follow the README's command"
    for line in runs:
        assert re.search(r'(?:^|[\s"])(?:\.venv|\$oldest_yaml)/bin/python"? -[mc] ', line), line
    assert "NOTICES_ENGINE=mkdocs .venv/bin/python -m pytest" in later


def test_the_readme_counts_the_rules_there_are() -> None:
    from privacy_notices.checks.rules import RULES

    counted = re.findall(r"`notices check` runs (\d+) rules", (ROOT / "README.md").read_text("utf-8"))
    assert counted == [str(len(RULES))]


def test_authoring_names_every_field_of_the_format() -> None:
    """A new field is written about where authors look: AUTHORING.md ("A new field", step 5)."""
    from pydantic import BaseModel

    from privacy_notices.data import fields, layout, model, parties, processing, records

    text = (ROOT / "AUTHORING.md").read_text("utf-8")
    names = {
        info.alias or name
        for module in (fields, parties, processing, layout, records, model)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, BaseModel)
        for name, info in value.model_fields.items()
    }
    assert len(names) > 100
    assert sorted(n for n in names if f"`{n}" not in text and f"{n}:" not in text) == []


def test_the_guides_name_code_that_exists() -> None:
    """AUTHORING.md names where each limit is enforced (`data.loader.RESERVED_NAMES`): every name must resolve."""
    import importlib

    text = (ROOT / "AUTHORING.md").read_text("utf-8")
    names = sorted(set(re.findall(r"`((?:data|i18n|history|checks|site|authoring|mkdocs|cli)(?:\.[a-z_]+)+\.[A-Za-z_]+)`", text)))
    assert len(names) >= 10, names
    for name in names:
        module, _, attribute = name.rpartition(".")
        assert hasattr(importlib.import_module(f"privacy_notices.{module}"), attribute), name
