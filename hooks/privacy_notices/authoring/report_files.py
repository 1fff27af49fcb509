"""The data files besides the versions' that a change edits: the lock, ``site.yml``, an ``entity.yml``, a catalog.

An edit of any of them changes what published pages say without touching a
version's file, so the report names each one the change adds, removes or
edits, with what changed in it in a few words.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from pydantic import BaseModel

from privacy_notices.authoring.report_model import FileChange
from privacy_notices.checks.pipeline import Checked
from privacy_notices.history import lock


_OTHER_FILES = re.compile(r"notices\.lock|site\.yml|entities/[^/]+/entity\.yml|locales/[^/]+/[^/]+\.po")
"""The data files besides the versions' that change what published pages say: each change to one is named."""


def _other_files(root: Path | None) -> dict[str, bytes]:
    """Name below ``root`` → contents of each file :data:`_OTHER_FILES` matches; links are neither followed nor read."""
    found: dict[str, bytes] = {}
    if root is None or not root.is_dir() or root.is_symlink():
        return found
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            sub = path.relative_to(root).as_posix()
            if _OTHER_FILES.fullmatch(sub) and not path.is_symlink() and path.is_file():
                found[sub] = path.read_bytes()
    return found


def file_changes(
    base: Checked | None, head: Checked, base_root: Path | None, data_dir: Path,
    base_lock: dict[str, dict[str, lock.LockEntry]], head_lock: dict[str, dict[str, lock.LockEntry]] | None,
) -> list[FileChange]:
    """Each data file besides the versions' that the change adds, removes or edits, with what changed in it."""
    before, after = _other_files(base_root), _other_files(data_dir)
    out = []
    for sub in sorted({*before, *after}, key=lambda name: (name.count("/"), name)):
        if before.get(sub) == after.get(sub):
            continue
        change = "added" if sub not in before else "removed" if sub not in after else "changed"
        details: list[str] = []
        if change == "changed":
            if sub == lock.LOCK_FILE:
                details = _lock_details(base_lock, head_lock)
            elif sub == "site.yml":
                details = _model_details(base.loaded.site if base and base.loaded else None, head.loaded.site if head.loaded else None)
            elif sub.startswith("entities/"):
                name = sub.split("/")[1]
                details = _model_details(_entity(base, name), _entity(head, name))
            else:
                language, domain = sub.removesuffix(".po").split("/")[1:]
                details = _catalog_details(_catalog(base, language, domain), _catalog(head, language, domain))
        out.append(FileChange(f"{data_dir.name}/{sub}", change, details))
    return out


def _entity(checked: Checked | None, name: str) -> BaseModel | None:
    record = checked.loaded.entities.get(name) if checked and checked.loaded else None
    return record.data if record else None


def _catalog(checked: Checked | None, language: str, domain: str) -> Catalog | None:
    loaded = checked.catalogs.loaded.get((language, domain)) if checked and checked.catalogs else None
    return loaded.catalog if loaded else None


def _lock_details(before: dict[str, dict[str, lock.LockEntry]], after: dict[str, dict[str, lock.LockEntry]] | None) -> list[str]:
    if after is None:
        return ["it cannot be read (among the problems)"]
    old, new = _pairs(before), _pairs(after)
    counts = [
        (sum(1 for k in new if k not in old), "added"),
        (sum(1 for k in old if k not in new), "removed"),
        (sum(1 for k in old if k in new and old[k] != new[k]), "changed"),
    ]
    return [f"{n} entr{'ies' if n != 1 else 'y'} {what}" for n, what in counts if n] or ["no entry changed (layout only)"]


def _pairs(entries: dict[str, dict[str, lock.LockEntry]]) -> dict[tuple[str, str], lock.LockEntry]:
    return {(key, language): entry for key, languages in entries.items() for language, entry in languages.items()}


def _model_details(before: BaseModel | None, after: BaseModel | None) -> list[str]:
    """The fields a change of ``site.yml`` or an ``entity.yml`` edits, when both sides could be read."""
    if before is None or after is None:
        return []
    changed = _changed_fields(before.model_dump(mode="json"), after.model_dump(mode="json"))
    return [", ".join(changed)] if changed else ["no value changed (comments or layout only)"]


def _changed_fields(before: Any, after: Any, prefix: str = "") -> list[str]:
    """Dotted names of the values that differ, down to the fields of nested mappings.

    >>> _changed_fields({"a": {"b": 1, "c": 2}, "d": [1], "e": 3}, {"a": {"b": 1, "c": 5}, "d": [2], "e": 3})
    ['a.c', 'd']
    """
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return [prefix.rstrip(".")] if before != after else []
    out: list[str] = []
    for name in dict.fromkeys([*before, *after]):
        out += _changed_fields(before.get(name), after.get(name), f"{prefix}{name}.")
    return out


def _translated(catalog: Catalog) -> dict[Any, Any]:
    """msgid → translation of every entry that is translated and not fuzzy (the header left out)."""
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def _catalog_details(before: Catalog | None, after: Catalog | None) -> list[str]:
    """How many translations a change of a catalog edits, adds and withdraws, when both sides could be read."""
    if before is None or after is None:
        return []
    old, new = _translated(before), _translated(after)
    counts = [
        (sum(1 for k in old if k in new and old[k] != new[k]), "changed"),
        (sum(1 for k in new if k not in old), "added"),
        (sum(1 for k in old if k not in new), "withdrawn (removed, emptied or marked fuzzy)"),
    ]
    found = [f"{n} translation{'s' if n != 1 else ''} {what}" for n, what in counts if n]
    return found or ["no translation changed (untranslated entries, comments or the header only)"]

