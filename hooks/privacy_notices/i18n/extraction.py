"""What translators are given: every translatable text of the data, where it is used, and what it replaced.

Extraction reads the loaded project through the models' text fields and
groups the texts by catalog (the site, or an entity); merging, checking and
the coverage counts all start from what it finds, so it is kept apart from
how the catalogs are read and written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from privacy_notices.data.model import VERSION_OWN_FIELDS
from privacy_notices.data.project import NoticeVersion, Project
from privacy_notices.data.walk import item_key, text_fields


SITE_DOMAIN = "site"
"""The catalog for site.yml and for overrides of built-in vocabulary."""


@dataclass
class SourceString:
    """One translatable text, with every place it is used."""

    msgid: str
    markdown: bool
    locations: list[tuple[str, int]] = field(default_factory=list)
    """(file relative to the data folder, line) of each use."""
    comments: list[str] = field(default_factory=list)
    """Where it is used, for the translator: "acme/privacy 2024-01-01: activities[newsletter].title"."""
    replaced: list[str] = field(default_factory=list)
    """What the same field said in the notice's previous version, where that text is gone from this version."""


def version_strings(version: NoticeVersion) -> list[tuple[str, bool]]:
    """The distinct translatable texts of one version."""
    seen: dict[str, bool] = {}
    for _, text, markdown in version.texts():
        seen.setdefault(text, markdown)
    return list(seen.items())


_LABEL_KEY = re.compile(r"[^\s\[\]\x00-\x1f\x7f-\x9f]{1,60}")
"""A name that can stand for a list item's position in a label: printable, no white space or brackets, short."""


def field_label(model: Any, loc: tuple[str | int, ...]) -> str:
    """Where a text sits in its file, for translators and for telling a changed text from a new one.

    A list item is named by its id (``activities[newsletter].title``), so that
    an item inserted before others leaves their labels as they were; by its
    position only when it has no name, shares it with another item, or its
    name is not one short word (a comment line wraps at a space).

    >>> from privacy_notices.data.model import CookieNotice
    >>> notice = CookieNotice(kind="cookies", title="Cookies", cookies=[
    ...     {"name": "_ga", "provider": "Google", "party": "third", "category": "statistics", "purpose": "Counting visits"}])
    >>> field_label(notice, ("cookies", 0, "purpose")), field_label(notice, ("title",))
    ('cookies[_ga].purpose', 'title')
    """
    label = ""
    for part in loc:
        if isinstance(part, int):
            keys = [key if (key := item_key(item)) and _LABEL_KEY.fullmatch(key) else None for item in model]
            key = keys[part]
            label += f"[{key}]" if key is not None and keys.count(key) == 1 else f"[{part}]"
            model = model[part]
        else:
            label += f".{part}" if label else part
            model = getattr(model, part)
    return label


_USE_START = re.compile(r" (?=(?:site\.yml|\S+ entity\.yml|\S+/\S+ \d{4}-\d{2}-\d{2}): )")
"""Where one use begins in a catalog's ``#.`` lines: "site.yml: ", "acme entity.yml: " or "acme/privacy 2024-01-01: "."""


def comment_uses(auto_comments: list[str]) -> set[str]:
    """The uses ("acme/privacy 2024-01-01: title") an entry's ``#.`` lines name; Babel wraps a long one over two lines.

    >>> sorted(comment_uses(["acme/privacy 2024-01-01:", "activities[newsletter].legal_bases[consent].details", "acme entity.yml: description"]))
    ['acme entity.yml: description', 'acme/privacy 2024-01-01: activities[newsletter].legal_bases[consent].details']
    """
    return {use for use in _USE_START.split(" ".join(auto_comments)) if use}


def extract(project: Project) -> dict[str, dict[str, SourceString]]:
    """Every translatable string of the site, grouped by catalog (``site`` or an entity id)."""
    domains: dict[str, dict[str, SourceString]] = {SITE_DOMAIN: {}}

    def add(domain: str, path: Path, model: Any, doc_marks: Any, loc: tuple[str | int, ...], text: str, markdown: bool, where: str) -> str:
        """Record one use of ``text``; returns its field's label."""
        entry = domains.setdefault(domain, {}).setdefault(text, SourceString(text, markdown))
        entry.markdown = entry.markdown or markdown
        line = doc_marks(loc)[0] if doc_marks else 1
        location = (path.relative_to(project.root).as_posix(), line)
        if location not in entry.locations:
            entry.locations.append(location)
        label = field_label(model, loc)
        comment = f"{where}: {label}"
        if comment not in entry.comments:
            entry.comments.append(comment)
        return label

    site_marks = project.site_doc.mark if project.site_doc else None
    for loc, text, markdown in text_fields(project.site):
        add(SITE_DOMAIN, project.root / "site.yml", project.site, site_marks, loc, text, markdown, "site.yml")
    for record in project.entities.values():
        strings = domains.setdefault(record.id, {})
        for loc, text, markdown in text_fields(record.data):
            add(record.id, record.path, record.data, record.doc.mark if record.doc else None, loc, text, markdown, f"{record.id} entity.yml")
        for series in record.notices.values():
            earlier: dict[str, str] = {}
            for version in series.versions:
                where = f"{record.id}/{series.id} {version.effective.isoformat()}"
                fields: dict[str, str] = {}
                for loc, text, markdown in version.texts():
                    label = add(record.id, version.path, version.data, version.doc.mark, loc, text, markdown, where)
                    if loc[0] not in VERSION_OWN_FIELDS:
                        fields[label] = text
                _note_replaced(strings, earlier, fields, {text for _, text, _ in version.texts()})
                earlier = fields
    return domains


def _note_replaced(strings: dict[str, SourceString], earlier: dict[str, str], fields: dict[str, str], texts: set[str]) -> None:
    """Each text of a version that took the place of the previous version's text in the same field.

    The previous text must be gone from the version: one that moved to
    another field, or a list of plain texts with an item inserted before it,
    did not change.
    """
    for label, text in fields.items():
        old = earlier.get(label)
        if old is not None and old != text and old not in texts and old not in strings[text].replaced:
            strings[text].replaced.append(old)


def target_languages(project: Project, domain: str) -> list[str]:
    """The languages ``domain``'s texts are translated into: where it publishes, less its own language."""
    published = project.site.all_languages if domain == SITE_DOMAIN else project.languages_of(domain)
    own = project.language_of(domain)
    return [lang for lang in published if lang != own]
