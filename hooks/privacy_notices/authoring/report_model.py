"""What the review report holds: the changes it found, as plain data that the Markdown and JSON renderings both print.

Kept apart from the comparison that fills it, so the report template and
``--format json`` read one documented shape, whatever code compared the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from privacy_notices.site.published import LanguageEdit


@dataclass
class Coverage:
    """How much of one notice is translated into one language, before and after."""

    language: str
    required: bool
    before: int | None
    """Percent of the texts of its versions in force or upcoming, at the base; None when the notice did not exist."""
    after: int
    untranslated: list[str] = field(default_factory=list)
    """Texts without a current translation after the change that had one before, or are new."""


@dataclass
class VersionChange:
    """One version the change adds, edits or removes."""

    key: str
    effective: str
    change: str
    """added, edited or removed"""
    in_force: bool
    """Whether it had taken effect on the as-of day (an edit then needs a correction)."""
    corrections: list[str] = field(default_factory=list)
    """Corrections the change records for it."""
    summary: list[str] = field(default_factory=list)
    """The structured changes, in words."""
    previews: dict[str, str] = field(default_factory=dict)
    """Language → the version's page in the preview."""


@dataclass
class NoticeChange:
    """One notice whose versions or translations the change touches."""

    entity: str
    notice: str
    title: str
    source_language: str
    versions: list[VersionChange]
    coverage: list[Coverage]
    unread: bool = False
    """Its files in the working tree have errors (among the problems): what the change does to it is not known."""


@dataclass
class PublishedEdit:
    """A version in force or archived whose pages say something else after the change, or that is gone."""

    key: str
    effective: str
    status: str
    """``current`` or ``archived`` on the as-of day."""
    change: str
    """``edited``, or ``removed`` (its file is gone)."""
    languages: list[LanguageEdit] = field(default_factory=list)
    """Each language whose page changed or went, with where the edit was made."""
    corrections: list[str] = field(default_factory=list)
    """Corrections the change records for it."""

    def grouped(self) -> list[tuple[list[str], str, list[str]]]:
        """(languages, change, causes): the languages that changed alike together, for one line of the comment.

        >>> edit = PublishedEdit("a/p/2025-01-01", "2025-01-01", "current", "edited", [LanguageEdit("en", "edited", ["site.yml"]),
        ...     LanguageEdit("fi", "edited", ["the translation"]), LanguageEdit("sv", "edited", ["site.yml"])])
        >>> edit.grouped()
        [(['en', 'sv'], 'edited', ['site.yml']), (['fi'], 'edited', ['the translation'])]
        """
        groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        for edit in self.languages:
            groups.setdefault((edit.change, tuple(edit.causes)), []).append(edit.language)
        return [(languages, change, list(causes)) for (change, causes), languages in groups.items()]


@dataclass
class LockEntryChange:
    """An entry of the base's lock file that the change's lock file drops or rewrites."""

    key: str
    language: str
    change: str
    """``removed`` or ``changed``."""
    locked_on: str
    """The day of the base's entry."""
    now: str | None = None
    """The day of the change's entry, when it has one."""
    same_text: bool = False
    """Whether the change's entry records the same text (only its day differs)."""


@dataclass
class LockBreak:
    """A text that changed since the base's lock recorded it, with no correction since: a publish build with
    the base's lock would refuse it, and the change's own lock lets it through."""

    key: str
    language: str
    locked_on: str


@dataclass
class FileChange:
    """A data file other than a version's: the lock, ``site.yml``, an ``entity.yml`` or a catalog."""

    path: str
    change: str
    """``added``, ``removed`` or ``changed``."""
    details: list[str] = field(default_factory=list)
    """What changed in it, in words."""


@dataclass
class Report:
    """Everything the report says of one change against its base revision."""

    base: str
    as_of: str
    passes: bool
    problems: list[str]
    """Everything that would stop a publish build after the change."""
    new_problems: list[str]
    """Those the change brings."""
    new_warnings: list[str]
    fixed: int
    """Problems of the base that the change removes."""
    edited_in_force: list[PublishedEdit]
    """Every version in force or archived that says something else after the change, in any language, or is gone."""
    lock_entries: list[LockEntryChange]
    lock_breaks: list[LockBreak]
    files: list[FileChange]
    notices: list[NoticeChange]
    preview_url: str | None

    @property
    def holds_until(self) -> str | None:
        """The day the first upcoming version this change edits takes effect: merged from then on, it edits a version in force."""
        days = [v.effective for n in self.notices for v in n.versions if v.change == "edited" and not v.in_force]
        return min(days) if days else None

    @property
    def unchanged(self) -> bool:
        """Nothing a reviewer needs to see changed: no version, translation, lock entry or other data file."""
        return not (self.notices or self.edited_in_force or self.lock_entries or self.lock_breaks or self.files)
