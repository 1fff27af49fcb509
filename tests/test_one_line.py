"""Every error, warning and finding a command prints is one line, whatever the data hold.

Editors, CI annotations and people read ``file:line:col: …`` a line at a
time: a line break in a title, an id or a file name quoted in a message would
start a line of its own, a forged error or finding. Hypothesis (fixed seed)
writes text made of control characters, line and paragraph separators and a
forged finding into a title, an id, a text and a file name, and every text
output is counted: as many lines as errors or findings, each beginning with
a real path. JSON keeps the real text.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from broken_cases import FIXTURE
from conftest import run_cli
from privacy_notices.mkdocs import adapter as mkdocs_adapter
from privacy_notices.checks.pipeline import load_and_check
from privacy_notices.checks.compliance import Finding
from privacy_notices.data.errors import DataError

AS_OF = "2026-01-01"

FORGED = "data/entities/acme/notices/privacy/2024-01-01.yml:1:1: PN100 error: forged"
"""What a hostile text would print as a line of its own."""

BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1b[2K", "\t", "\u202e", "\ud800"]
"""Characters that end a line somewhere (a terminal, Python's splitlines, an editor, GitHub's annotations) or hide one."""

hostile = st.tuples(
    st.sampled_from(["Customers", "T", "x: y"]),
    st.lists(st.one_of(st.sampled_from(BREAKS), st.sampled_from([FORGED, " ", "a"])), min_size=0, max_size=5),
    st.sampled_from(BREAKS),
    st.sampled_from([FORGED, "end"]),
).map(lambda parts: parts[0] + "".join(parts[1]) + parts[2] + parts[3])
"""A text with at least one breaking character, often followed by a forged finding."""

PRIVACY = "data/entities/acme/notices/privacy"


def hostile_data(root: Path, title: str, ident: str, text: str, name: str) -> None:
    """The minimal data, with ``title`` and ``text`` in an activity, ``ident`` as a processor's id and ``name`` as the name of a
    version file and of a notice folder."""
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    version = root / PRIVACY / "2024-01-01.yml"
    yaml_text = version.read_text("utf-8").replace("    title: Customers\n", f"    title: {json.dumps(title)}\n")
    yaml_text = yaml_text.replace("    purposes: [Delivering orders.]\n", f"    purposes: [{json.dumps(text)}]\n")
    yaml_text += f"processors:\n  - id: {json.dumps(ident)}\n    name: Host\n    service: Servers\n    country: US\n"
    version.write_text(yaml_text, "utf-8")
    safe = name.replace("/", "|").replace("\0", "")
    (root / PRIVACY / (safe + ".yml")).write_text("kind: controller\n", "utf-8")
    (root / PRIVACY).with_name(safe).mkdir()  # a notice folder: named in the summary of what the checks left out
    (root / PRIVACY).with_name(safe).joinpath("2024-01-01.yml").write_text("kind: controller\n", "utf-8")


def counted(summary: str) -> int:
    """The number of errors (and publish blockers) a summary line on stderr names."""
    found = re.search(r"(\d+) errors? in \d+ files?(?:, and (\d+) publish blockers?)?", summary)
    assert found, summary
    return int(found[1]) + int(found[2] or 0)


def assert_lines(out: str, expected: int) -> None:
    """``expected`` lines, each one message: no character inside a line breaks it in any reader."""
    lines = out.splitlines()
    assert len(lines) == expected == out.count("\n"), out
    for line in lines:
        assert line.startswith("data/"), line
        assert FORGED not in line.split(": ", 1)[0], line


@settings(max_examples=30, derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=hostile, ident=hostile, text=hostile, name=hostile)
def test_every_message_is_one_line_in_every_text_output(title: str, ident: str, text: str, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        try:
            hostile_data(root, title, ident, text, name)
        except (OSError, UnicodeEncodeError):
            name = "x\ny"  # a name the file system refuses (a surrogate): one it takes
            hostile_data(root, title, ident, text, name)

        rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=root)
        assert rc == 1
        assert_lines(out, counted(err))
        assert all(line.count("\n") == 1 for line in err.splitlines(keepends=True)), err

        for command in (("i18n", "update"), ("lock", "--as-of", AS_OF)):
            rc, out, err = run_cli(*command, cwd=root)
            assert rc == 1
            assert_lines(out, counted(err))

        rc, out, err = run_cli("check", "--as-of", AS_OF, cwd=root)
        rc_json, findings_json, _ = run_cli("check", "--as-of", AS_OF, "--format", "json", cwd=root)
        findings = json.loads(findings_json)["findings"]
        assert_lines(out, len(findings))
        assert len(err.splitlines()) == counted(err) + 2, "each data error on stderr is one line, then the two summaries"

        checked = load_and_check(root / "data", datetime.date.fromisoformat(AS_OF), None)
        records: list[logging.LogRecord] = []
        handler = logging.Handler()
        handler.emit = records.append  # type: ignore[method-assign]
        mkdocs_adapter.log.addHandler(handler)
        try:
            mkdocs_adapter.report(checked.errors, checked.blockers)
        finally:
            mkdocs_adapter.log.removeHandler(handler)
        assert len(records) == len(checked.errors.sorted()) + len(checked.blockers.sorted())
        assert all(len(record.getMessage().splitlines()) == 1 for record in records), [r.getMessage() for r in records]


def test_a_title_that_forges_a_finding_is_one_finding_and_json_keeps_it(tmp_path: Path) -> None:
    title = f"Customers\n{FORGED}"
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    version = tmp_path / PRIVACY / "2024-01-01.yml"
    version.write_text(version.read_text("utf-8").replace("    title: Customers\n", f"    title: {json.dumps(title)}\n"), "utf-8")
    rc, out, err = run_cli("check", "--as-of", AS_OF, cwd=tmp_path)
    assert f"PN150 warning: activities[0]: 'Customers\\n{FORGED}' rests on a contract" in out
    assert not any(line.startswith(FORGED) for line in out.splitlines())
    rc, data, err = run_cli("check", "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
    [pn150] = [f for f in json.loads(data)["findings"] if f["rule"] == "PN150"]
    assert pn150["message"].startswith(f"'{title}' rests on a contract"), "JSON keeps the real text"
    rc, sarif, err = run_cli("check", "--as-of", AS_OF, "--format", "sarif", cwd=tmp_path)
    assert any(title in r["message"]["text"] for r in json.loads(sarif)["runs"][0]["results"])


@given(message=hostile, where=hostile, name=hostile)
@settings(max_examples=200, derandomize=True, database=None)
def test_the_formatting_boundary_keeps_any_text_on_one_line(message: str, where: str, name: str) -> None:
    error = DataError(Path("data") / name.replace("/", "|"), 3, 4, where, message)
    finding = Finding("PN150", "warning", Path("data") / name.replace("/", "|"), 3, 4, where, message, "acme/privacy/2024-01-01", "current", suppressed=message)
    for line in (error.format(Path.cwd()), finding.format(Path.cwd())):
        assert line.startswith("data/") and len(line.splitlines()) == 1, ascii(line)
        assert not any(c in line for c in [*BREAKS, "\x1b"] if len(c) == 1), ascii(line)
