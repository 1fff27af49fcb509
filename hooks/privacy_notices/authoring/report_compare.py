"""What a change does to the notices: each version added, edited or removed, translation coverage, published pages, the lock.

Both sides are what loaded of a data folder (:class:`Side`): the base's,
read out of git, and the change's. A file with errors hides only its own
notice, so a version counts as removed only when its file is gone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from privacy_notices.authoring.change_words import describe
from privacy_notices.authoring.report_model import Coverage, LockBreak, LockEntryChange, PublishedEdit, VersionChange
from privacy_notices.checks.pipeline import Checked
from privacy_notices.data.asof import statuses
from privacy_notices.data.errors import ErrorLog
from privacy_notices.data.project import NoticeSeries, NoticeVersion, Project
from privacy_notices.history import lock
from privacy_notices.history.changes import summarize_changes
from privacy_notices.i18n.extraction import target_languages, version_strings
from privacy_notices.site import published


@dataclass
class Side:
    """One side of the comparison: what loaded of a data folder, and the folder itself."""

    project: Project | None
    root: Path | None
    versions: dict[str, NoticeVersion] = field(init=False)

    def __post_init__(self) -> None:
        self.versions = _versions(self.project)

    def series(self, entity: str, notice: str) -> NoticeSeries | None:
        record = self.project.entities.get(entity) if self.project else None
        return record.notices.get(notice) if record else None

    def has_file(self, version: NoticeVersion, other_root: Path | None) -> bool:
        """Whether the file of ``version`` (loaded from the other side, under ``other_root``) is on this side, read or not."""
        if self.root is None or other_root is None:
            return False
        return (self.root / version.path.relative_to(other_root)).exists()


def _versions(project: Project | None) -> dict[str, NoticeVersion]:
    return {lock.key(v): v for v in project.all_versions()} if project else {}


def version_changes(keys: list[str], old: Side, new: Side, as_of: datetime.date) -> list[VersionChange]:
    """What happened to each of one notice's versions (``keys``, oldest first); unchanged and unread ones are left out.

    Their preview links are the command's to add: only it holds the checked preview address.
    """
    out = []
    for key in keys:
        before, after = old.versions.get(key), new.versions.get(key)
        if before and after and lock.canonical_text(before.data) == lock.canonical_text(after.data):
            continue  # the same text (comments and layout may differ)
        if before and not after and new.has_file(before, old.root):
            continue  # its file is there but has errors: the problems say so, and nothing is known of the change
        unread_before = after is not None and before is None and old.has_file(after, new.root)
        change = "added" if before is None and not unread_before else "removed" if after is None else "edited"
        version = after or before
        assert version is not None
        item = VersionChange(key, version.effective.isoformat(), change, in_force=version.effective <= as_of)
        if before and after:
            known = {(c.date, c.text) for c in before.data.corrections}
            item.corrections = [f"{c.date.isoformat()}: {c.text}" for c in after.data.corrections if (c.date, c.text) not in known]
            item.summary = [describe(s) for s in summarize_changes(before.data, after.data)] or ["wording changed; no structured change"]
        elif unread_before:
            item.summary = ["its file had errors at the base, so it is not compared"]
        elif after and new.project is not None:
            series = new.project.entities[after.entity].notices[after.notice]
            index = series.versions.index(after)
            item.summary = [describe(s) for s in summarize_changes(series.versions[index - 1].data, after.data)] if index else ["first version of this notice"]
        out.append(item)
    return out


def notice_coverage(base: Checked | None, head: Checked, entity: str, notice: str, as_of: datetime.date) -> list[Coverage]:
    """How much of one notice each language has translated before and after, and what the change leaves untranslated."""
    if head.loaded is None or head.catalogs is None or entity not in head.loaded.entities or notice not in head.loaded.entities[entity].notices:
        return []
    after = _coverage(head.loaded, head, entity, notice, as_of)
    before: dict[str, tuple[int, dict[str, str]]] = {}
    if base and base.loaded and base.catalogs and entity in base.loaded.entities and notice in base.loaded.entities[entity].notices:
        before = _coverage(base.loaded, base, entity, notice, as_of)
    required = set(head.loaded.site.required_languages)
    out = []
    for language, (percent, states) in after.items():
        old_percent, old_states = before.get(language, (None, {}))
        lost = [text for text, state in states.items() if state != "translated" and old_states.get(text) in (None, "translated")]
        out.append(Coverage(language, language in required, old_percent, percent, lost))
    return out


def _percent(done: int, total: int) -> int:
    return 100 if total == 0 else 100 * done // total


def _coverage(project: Project, checked: Checked, entity: str, notice: str, as_of: datetime.date) -> dict[str, tuple[int, dict[str, str]]]:
    """Language → (percent translated of the versions in force or upcoming, text → state) for one notice.

    The percent counts each text once per version, as ``notices i18n status`` does.
    """
    assert checked.catalogs is not None
    series = project.entities[entity].notices[notice]
    shown = [v for v, state in zip(series.versions, statuses([v.effective for v in series.versions], as_of)) if state != "archived"]
    out: dict[str, tuple[int, dict[str, str]]] = {}
    for language in sorted(target_languages(project, entity)):
        states: dict[str, str] = {}
        done = total = 0
        for version in shown:
            for text, _ in version_strings(version):
                states[text] = checked.catalogs.lookup(language, entity, text).state
                done += states[text] == "translated"
                total += 1
        if total:
            out[language] = (_percent(done, total), states)
    return out


def published_edits(base: Checked | None, head: Checked, old: Side, new: Side, as_of: datetime.date) -> list[PublishedEdit]:
    """Every version in force or archived at the base whose pages say something else after the change, in any
    language and whatever file the edit was made in, or whose file is gone."""
    if base is None or base.loaded is None:
        return []
    before = published.pages(base.loaded, base.catalogs, as_of)
    after = published.pages(head.loaded, head.catalogs, as_of) if head.loaded else {}
    between = published.pages(head.loaded, base.catalogs, as_of) if head.loaded else {}
    old_entities = published.entity_data(base.loaded)
    new_entities = published.entity_data(head.loaded) if head.loaded else {}
    languages = base.loaded.site.all_languages
    out = []
    for key, version in sorted(old.versions.items()):
        if version.effective > as_of:
            continue
        series = old.series(version.entity, version.notice)
        assert series is not None
        state = statuses([v.effective for v in series.versions], as_of)[series.versions.index(version)]
        now = new.versions.get(key)
        if now is None:
            if not new.has_file(version, old.root):  # a file with errors is among the problems: what it says now is unknown
                out.append(PublishedEdit(key, version.effective.isoformat(), state, "removed"))
            continue
        entity_changed = old_entities[version.entity] != new_entities.get(version.entity)
        edits = published.compare(key, languages, before, after, between, entity_changed)
        if edits:
            known = {(c.date, c.text) for c in version.data.corrections}
            corrections = [f"{c.date.isoformat()}: {c.text}" for c in now.data.corrections if (c.date, c.text) not in known]
            out.append(PublishedEdit(key, version.effective.isoformat(), state, "edited", edits, corrections))
    return out


def lock_entries(before: dict[str, dict[str, lock.LockEntry]], after: dict[str, dict[str, lock.LockEntry]]) -> list[LockEntryChange]:
    """The base's lock entries that the change's lock file drops or rewrites, by version and language.

    >>> a, b = lock.LockEntry("a" * 64, "2026-01-01"), lock.LockEntry("b" * 64, "2026-02-01")
    >>> [(c.key, c.language, c.change, c.now) for c in lock_entries({"x/p/2025-01-01": {"en": a, "fi": a}}, {"x/p/2025-01-01": {"fi": b}})]
    [('x/p/2025-01-01', 'en', 'removed', None), ('x/p/2025-01-01', 'fi', 'changed', '2026-02-01')]
    """
    out = []
    for key, languages in sorted(before.items()):
        for language, entry in sorted(languages.items()):
            now = after.get(key, {}).get(language)
            if now is None:
                out.append(LockEntryChange(key, language, "removed", entry.locked_on))
            elif now != entry:
                out.append(LockEntryChange(key, language, "changed", entry.locked_on, now.locked_on, now.sha256 == entry.sha256))
    return out


def lock_breaks(head: Checked, base_lock: dict[str, dict[str, lock.LockEntry]]) -> list[LockBreak]:
    """The change's data checked with the base's lock entries, as a publish build checks them; what the
    change's own lock already refuses is among the problems, so only what it lets through is listed."""
    if head.loaded is None or head.catalogs is None or not base_lock:
        return []
    found = lock.check(head.loaded, head.catalogs, datetime.date.today(), ErrorLog(), base_lock, {})
    refused = {(lock.key(v), language) for v, language, _ in head.changed_locks}
    return [LockBreak(lock.key(v), language, day) for v, language, day in found if (lock.key(v), language) not in refused]


def problems_of(checked: Checked, root: Path) -> list[str]:
    """Everything that would stop a publish build of one side, as ``file:line:column`` below the data's parent."""
    return [e.format(root.parent) for e in (*checked.errors.sorted(), *checked.blockers.sorted())]


def warnings_of(checked: Checked, root: Path) -> list[str]:
    """The compliance warnings of one side, written as :func:`problems_of` writes them."""
    return [f.format(root.parent) for f in checked.warnings]
