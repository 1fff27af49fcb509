"""The pull-request report is a comment a bot posts: what the data hold must stay text in it.

Hostile titles, corrections, names and key points, a hostile folder name and
a hostile base branch are written into a copy of the example, the report is
run, and its Markdown is read back with markdown-it-py, a CommonMark parser,
with GitHub's extensions (tables, strike-through, autolinks, footnotes, task
lists, math): it may hold no image, link, HTML, heading, table cell, list
item or emphasis that the template did not make, and no text that GitHub
would turn into a mention, a reference, an emoji or a link after rendering.
The report's own JSON says how many of each the template makes. The other
tests here are one per way the report went wrong: the base read through git,
a data error in the working tree, and a transfer that changed.
"""

from __future__ import annotations

import datetime
import html
import json
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from conftest import ROOT, run_cli
from test_review import git

AS_OF = "2026-06-01"
CORRECTED = datetime.date(2026, 5, 1)
PREVIEW = "https://acme.github.io/site/pr-preview/pr-7/"
LUMO = Path("data/entities/lumo-advisory/notices/privacy")

ATTACKS = [
    "![p](https://evil.com/p.png)", "[x](https://evil.com)", "<https://evil.com>", "https://evil.com/a", "www.evil.com",
    "WWW.evil.com", "ftp://evil.com", "mailto:a@evil.com", "a@evil.com", "@octocat", "@org/team", " @a-b ", "#12", "GH-3", "gh-4",
    "octo/repo#5", "octo/repo@abc1234", ":shipit:", ":+1:", "<!-- notices-report -->", "-->", "<img src=x>", "</code>", "<details>",
    "| a | b |", "||", "\n# H\n", "\n\n---\n", "\n- item", "\n1. item", "\n> quote", "\n    code", "`", "``x``", "*em*", "**b**",
    "_u_", "~~s~~", "$x$", "$$", "&amp;", "&#64;x", "&lt;b&gt;", "\\", "\\*", "[^1]", "[ ] task", "\u2028", "\u200b", "\u202e",
    "é", "🙂", "(", ")", "]", "[", "!",
]
"""Pieces of Markdown, HTML and GitHub references."""

REFUSED = ["<https://evil.com>", "<!-- notices-report -->", "<img src=x>", "</code>", "<details>", "![p](https://evil.com/p.png)"]
"""The pieces validation refuses in some text field (HTML; images in Markdown): they reach the report inside a problem line."""


def _texts(pieces: list[str], alphabet: str) -> st.SearchStrategy[str]:
    """Hostile texts; each starts with a letter so that YAML and the model read it as a string."""
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(alphabet=alphabet, min_size=1, max_size=5)), min_size=1, max_size=5).map(lambda parts: "T " + "".join(parts))


accepted = _texts([a for a in ATTACKS if a not in REFUSED], "ab @#:/.|*_[]()`~\\-")
anything = _texts(ATTACKS, "ab @#:/.|*_<>[]()!`~\\-")

BRANCHES = ["@org/team#1", "x|y<b>z", "a`b`!c", "evil-(x)", "h#12", "GH-9", "@octocat"]
"""Base branches whose names are hostile, as far as git allows (no space, colon, bracket or backslash)."""

HEADINGS = {
    "h2": {"Privacy notices: what this change does"},
    "h3": {"⚠️ Versions already in force were edited", "⚠️ Locked texts", "New problems that stop publishing", "New compliance warnings", "Data files changed besides the versions"},
}
TABLE_HEAD = ["language", "required", "translated before", "after", "texts now untranslated"]
CODE_SPANS = {"corrections", "notices lock"}
TEMPLATE_TAGS = {"details", "summary", "strong"}


def parser() -> MarkdownIt:
    """CommonMark with GitHub's extensions; bare domains stay text, as on GitHub (www. and schemes are checked below)."""
    md = MarkdownIt("gfm-like").use(footnote_plugin).use(tasklists_plugin).use(dollarmath_plugin)
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": True})
    return md


GITHUB_TEXT = re.compile(
    r"(?:^|\W)@[A-Za-z0-9]"  # a mention (@user, @org/team)
    r"|[A-Za-z0-9.+_-]@[A-Za-z0-9-]"  # an e-mail address, linked after rendering
    r"|#[0-9]|\bGH-[0-9]"  # an issue or pull request (#1, owner/repo#1, GH-1)
    r"|[A-Za-z][A-Za-z0-9+.-]*://|www\."  # an address GitHub links
    r"|:[A-Za-z0-9_+-]*[A-Za-z][A-Za-z0-9_+-]*:",  # an emoji, an image for GitHub's own
    re.IGNORECASE,
)
"""What GitHub makes of text after Markdown: every such pattern is what the report must break."""


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.comments: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _html(source: str) -> _Tags:
    found = _Tags()
    found.feed(source)
    found.close()
    return found


def structure_problems(markdown: str, report: dict[str, Any]) -> list[str]:
    """What the parsed comment holds beyond what the template makes for ``report`` (its JSON)."""
    tokens = parser().parse(markdown)
    problems: list[str] = []
    flat: list[Token] = []
    for token in tokens:
        flat.append(token)
        flat += token.children or []
    kinds = Counter(t.type for t in flat)
    texts: list[str] = [t.content for t in flat if t.type == "text"]
    folded = len(report["notices"]) > 1
    if markdown.count("<!--") != 1 or not markdown.startswith("<!-- notices-report -->\n"):
        problems.append("the bot's marker is not the one comment, at the start")
    for t in flat:
        if t.type in ("html_block", "html_inline"):
            found = _html(t.content)
            texts += found.text
            if t.type == "html_inline" and t.content not in ("<code>", "</code>"):
                problems.append(f"inline HTML {t.content!r}")
            if t.type == "html_block" and not (set(found.tags) <= TEMPLATE_TAGS and (found.comments == [] or t.content == "<!-- notices-report -->\n")):
                problems.append(f"HTML block {t.content!r}")
    for kind in ("image", "em_open", "s_open", "math_inline", "math_block", "footnote_ref", "footnote_block_open", "fence", "code_block", "blockquote_open", "hr", "ordered_list_open", "hardbreak"):
        if kinds[kind]:
            problems.append(f"{kinds[kind]} × {kind}")
    if kinds["softbreak"] != 1:
        problems.append(f"{kinds['softbreak']} line breaks in paragraphs, where the template makes one")
    problems += [f"checkbox in {t.content!r}" for t in flat if t.type == "html_inline" and "checkbox" in t.content]
    links = [t for t in flat if t.type == "link_open"]
    problems += [f"link to {t.attrs.get('href')!r} ({t.markup or 'inline'})" for t in links if t.markup == "linkify" or not str(t.attrs.get("href", "")).startswith(PREVIEW)]
    previews = sum(len(v["previews"]) for n in report["notices"] for v in n["versions"])
    if len(links) != previews + bool(report["preview_url"]):
        problems.append(f"{len(links)} links, where the template makes {previews + bool(report['preview_url'])}")
    problems += [f"code span {t.content!r}" for t in flat if t.type == "code_inline" and t.content not in CODE_SPANS]
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    for tag, text in headings:
        if tag in HEADINGS and text not in HEADINGS[tag] and not (tag == "h3" and re.fullmatch(r"Notices changed: [0-9]+", text)):
            problems.append(f"heading {tag} {text!r}")
    h4 = [text for tag, text in headings if tag == "h4"]
    if len(h4) != (0 if folded else len(report["notices"])) or any(tag not in ("h2", "h3", "h4") for tag, _ in headings):
        problems.append(f"headings {headings}")
    expected_items = len(report["edited_in_force"]) + len(report["new_problems"]) + len(report["new_warnings"])
    expected_items += len(report["lock_entries"]) + len(report["lock_breaks"]) + len(report["files"])
    expected_items += sum(len(v["summary"]) + bool(v["previews"]) for n in report["notices"] for v in n["versions"])
    if kinds["list_item_open"] != expected_items or kinds["bullet_list_open"] > expected_items:
        problems.append(f"{kinds['list_item_open']} list items, where the template makes {expected_items}")
    expected_strong = 1 + sum(1 + (not v["corrections"]) for v in report["edited_in_force"]) + sum(len(n["versions"]) for n in report["notices"])
    if kinds["strong_open"] != expected_strong:
        problems.append(f"{kinds['strong_open']} bold spans, where the template makes {expected_strong}")
    rows = sum(len(n["coverage"]) for n in report["notices"])
    if kinds["table_open"] != sum(1 for n in report["notices"] if n["coverage"]) or kinds["tr_open"] - kinds["table_open"] != rows:
        problems.append(f"{kinds['table_open']} tables with {kinds['tr_open'] - kinds['table_open']} rows, where the template makes {rows} rows")
    if [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "th_open"] != TABLE_HEAD * kinds["table_open"]:
        problems.append("a table's header is not the template's")
    for i, t in enumerate(tokens):
        if t.type == "tr_open" and tokens[i + 1].type == "td_open":
            cells = 0
            for u in tokens[i + 1 :]:
                if u.type == "tr_close":
                    break
                cells += u.type == "td_open"
            if cells != len(TABLE_HEAD):
                problems.append(f"a table row of {cells} cells")
    problems += [f"GitHub would make something of {m.group()!r} in {text!r}" for text in texts for m in [GITHUB_TEXT.search(text)] if m]
    return problems


def shown(markdown: str) -> str:
    """The text a reader sees, as one line with the zero-width spaces taken out."""
    tokens = parser().parse(markdown)
    parts: list[str] = []
    for token in tokens:
        if token.type == "html_block":
            parts += _html(token.content).text
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
        parts.append(" ")
    return " ".join("".join(parts).replace("\u200b", "").split())


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example data committed as the base, with hostile branch names for it."""
    root = tmp_path_factory.mktemp("report-safety")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "data", root / "data")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    for branch in BRANCHES:
        git(root, "branch", branch)
    return root


def reset(repo: Path) -> None:
    git(repo, "checkout", "-q", "--", ".")
    git(repo, "clean", "-fdq")


def edit(path: Path, change: Any) -> None:
    """Rewrite a YAML file after ``change`` edits its data, as an editor of the data would."""
    doc = yaml.safe_load(path.read_text("utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")


def report(repo: Path, *args: str) -> tuple[str, dict[str, Any]]:
    rc, markdown, err = run_cli("report", "--as-of", AS_OF, *args, cwd=repo)
    assert rc == 0 and "Traceback" not in err, err
    rc, out, err = run_cli("report", "--as-of", AS_OF, "--format", "json", *args, cwd=repo)
    assert rc == 0, err
    return markdown, json.loads(out)


def write_hostile(repo: Path, texts: list[str], refused: str) -> None:
    """Hostile texts in a new version of a notice, a correction of one in force and a folder name,
    and ``refused`` in the title of another notice (validation names it in a problem line)."""
    assert run_cli("new-version", "lumo-advisory/privacy", "2027-03-01", cwd=repo)[0] == 0

    def new_version(doc: dict[str, Any]) -> None:
        doc["title"] = texts[0]
        doc["changes"] = texts[1]
        doc["activities"][0]["title"] = texts[2]
        doc["activities"][0]["retention"]["starts"] = texts[3]
        doc["processors"].append({"id": "quill", "name": texts[4], "service": texts[5], "country": "FI"})
        doc["recipients"].append({"id": "other", "name": texts[6]})
        doc["summary"] = [texts[7]]

    edit(repo / LUMO / "2027-03-01.yml", new_version)
    edit(repo / LUMO / "2025-09-01.yml", lambda doc: doc["corrections"].append({"date": CORRECTED, "text": texts[8]}))
    edit(repo / "data/entities/pilvio/notices/customer-data/2025-03-01.yml", lambda doc: doc.update(title=refused))
    folder = re.sub(r"[/\x00]", "-", texts[9])
    (repo / "data/entities" / folder).mkdir()
    (repo / "data/entities" / folder / "entity.yml").write_text("name: x\n", "utf-8")


# Shrinking is off: the failing example is printed whole, and each one runs the report twice.
@settings(max_examples=20, derandomize=True, deadline=None, database=None, phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(texts=st.lists(accepted, min_size=9, max_size=9), folder=anything, refused=anything, base=st.sampled_from(BRANCHES))
def test_hostile_data_stays_text_in_the_comment(repo: Path, texts: list[str], folder: str, refused: str, base: str) -> None:
    reset(repo)
    write_hostile(repo, [*texts, folder], refused)
    markdown, data = report(repo, "--base", base, "--preview-url", PREVIEW)
    problems = structure_problems(markdown, data)
    assert not problems, "\n".join(problems) + "\n\n" + markdown
    seen = shown(markdown)
    for value in [data["base"], *(n["title"] for n in data["notices"]), *data["new_problems"], *(f["path"] for f in data["files"])]:
        assert " ".join(value.replace("\u200b", "").split()) in seen, f"{value!r} is not shown as it is"


def test_the_structure_check_finds_what_an_unescaped_value_makes(repo: Path) -> None:
    """The check itself: each thing a raw title could make is caught."""
    reset(repo)
    base, data = report(repo, "--base", "HEAD", "--preview-url", PREVIEW)
    assert structure_problems(base, data) == []
    for raw, caught in [
        ("![p](https://evil.com/p.png)", "image"), ("[x](https://evil.com)", "link to"), ("see www.evil.com", "www."), ("cc @octocat", "@o"),
        ("cc @org/team", "@o"), ("fixes #12", "#1"), ("GH-3", "GH-3"), ("a@evil.com", "a@e"), ("<img src=x>", "HTML"), ("x <b>y</b>", "inline HTML"), ("*x*", "em_open"),
        ("~~x~~", "s_open"), ("`x`", "code span"), ("$x$", "math_inline"), ("x[^1]\n\n[^1]: y", "footnote"), (":shipit:", ":shipit:"),
        ("<!-- notices-report -->", "marker"), ("\n#### H", "headings"), ("\n- item", "list items"), ("\n| a | b |\n| - | - |\n| c | d |", "table"),
    ]:
        assert any(caught in p for p in structure_problems(base + "\n" + raw + "\n", data)), raw


def test_a_title_and_a_correction_cannot_write_markdown_into_the_comment(repo: Path) -> None:
    reset(repo)
    title = "Notice ![p](https://evil.com/p.png) [x](https://evil.com) @octocat @org/team #12 www.evil.com | x"
    edit(repo / LUMO / "2025-09-01.yml", lambda doc: doc.update(title=title) or doc["corrections"].append({"date": CORRECTED, "text": "cc @admins, see GH-1 and a/b#2"}))
    markdown, data = report(repo, "--base", "HEAD", "--preview-url", PREVIEW)
    assert not structure_problems(markdown, data), structure_problems(markdown, data)
    seen = shown(markdown)
    assert f"lumo-advisory/privacy: {title}" in seen and "cc @admins, see GH-1 and a/b#2" in seen


def test_a_preview_address_that_is_not_a_plain_https_address_is_refused(repo: Path) -> None:
    for url in ["https://a.example/)![p](https://evil.com/p.png)", "http://a.example/", "https://a.example/x y", "https://a.example/?q=1", "https://a.example/#x", "javascript:alert(1)", "https://@octocat/"]:
        rc, out, err = run_cli("report", "--base", "HEAD", "--preview-url", url, cwd=repo)
        assert rc == 2 and out == "" and err.count("\n") == 1 and "--preview-url: expected an https:// address" in err, (url, err)


def test_a_base_with_links_is_refused_and_names_them(tmp_path: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data/entities/pilvio/passwd.yml").symlink_to("/etc/passwd")
    (tmp_path / "data/entities/mirror").symlink_to("kuura")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base with links")
    rc, out, err = run_cli("report", "--base", "HEAD", cwd=tmp_path)
    assert (rc, out) == (2, "") and err.count("\n") == 1 and "Traceback" not in err, err
    assert "data/entities/mirror" in err and "data/entities/pilvio/passwd.yml" in err and "links are not followed" in err


def test_a_folder_outside_any_repository_and_an_unknown_base_are_refused(repo: Path, tmp_path: Path) -> None:
    """Data outside the repository are compared with the project's own data/ (the workflow's way); a project outside git is refused."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    rc, out, err = run_cli("report", "--base", "HEAD", cwd=tmp_path)
    assert (rc, out) == (2, "") and "is not in a git repository" in err and err.count("\n") == 1, err
    for revision in ("no-such-branch", "--output=/tmp/x", "HEAD~99"):
        rc, out, err = run_cli("report", f"--base={revision}", cwd=repo)
        assert (rc, out) == (2, "") and "is not a revision of the git repository" in err and err.count("\n") == 1, err


def test_a_data_error_in_the_working_tree_is_a_problem_not_a_removal(repo: Path) -> None:
    reset(repo)
    path = repo / LUMO / "2027-03-01.yml"
    assert run_cli("new-version", "lumo-advisory/privacy", "2027-03-01", cwd=repo)[0] == 0
    path.write_text(path.read_text("utf-8").replace("kind: controller\n", "kind: controller\nretention_forever: yes\n", 1), "utf-8")
    markdown, data = report(repo, "--base", "HEAD")
    assert not any(v["change"] == "removed" for n in data["notices"] for v in n["versions"]), data["notices"]
    assert data["edited_in_force"] == []
    [problem] = [p for p in data["new_problems"] if "retention_forever" in p]
    assert problem.startswith("data/entities/lumo-advisory/notices/privacy/2027-03-01.yml:2:1: ")
    [lumo] = [n for n in data["notices"] if n["notice"] == "privacy" and n["entity"] == "lumo-advisory"]
    assert lumo["unread"] and lumo["versions"] == []
    assert "needs a correction" not in markdown and "needs one" not in markdown and "what this change does to it is not known" in markdown
    path.unlink()
    (repo / LUMO / "2025-09-01.yml").unlink()
    _, data = report(repo, "--base", "HEAD")
    assert [(v["key"], v["change"]) for v in data["edited_in_force"]] == [("lumo-advisory/privacy/2025-09-01", "removed")], "a file that is gone is removed"


def test_a_recipient_added_to_a_transfer_is_a_changed_transfer(repo: Path) -> None:
    from test_versions import _arctic_change

    reset(repo)
    _arctic_change(repo / "data", "2026-09-01")
    _, data = report(repo, "--base", "HEAD")
    [arctic] = [n for n in data["notices"] if n["entity"] == "arctic-code"]
    [version] = arctic["versions"]
    transfers = [line for line in version["summary"] if "transfer" in line]
    assert transfers == ["recipients added to the transfer to US (dpf): Ledgerly Inc.", "countries added to the transfer to US (scc): CA"], version["summary"]
