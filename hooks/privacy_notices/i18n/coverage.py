"""How far each version is translated: the counts of `notices i18n status`, and the required languages' gaps.

Both walk every version in each language it is translated into, as of a
day; a required language must be complete for every version in force or
upcoming before a publishing build succeeds.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from privacy_notices.data.asof import statuses
from privacy_notices.data.errors import ErrorLog
from privacy_notices.data.project import NoticeVersion, Project
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.i18n.extraction import target_languages, version_strings
from privacy_notices.i18n.pofiles import short_msgid


@dataclass
class StatusRow:
    """Coverage of one version in one language."""

    language: str
    entity: str
    notice: str
    version: str
    status: str
    source_language: str
    """The language the entity writes in: what this language is translated from."""
    translated: int
    fuzzy: int
    missing: int


def _versions(project: Project, languages: list[str], as_of: datetime.date) -> Iterator[tuple[str, str, str, NoticeVersion, str]]:
    """(language, entity, notice, version, status) for every version in each of ``languages`` it is translated into.

    A language the entity writes in (its original) or does not publish in has nothing to translate.
    """
    for language in languages:
        for record in project.entities.values():
            if language not in target_languages(project, record.id):
                continue
            for series in record.notices.values():
                infos = dict(zip((v.effective for v in series.versions), statuses([v.effective for v in series.versions], as_of)))
                for version in series.versions:
                    yield language, record.id, series.id, version, infos[version.effective]


def status(project: Project, catalogs: Catalogs, languages: list[str], as_of: datetime.date) -> list[StatusRow]:
    """Translated, fuzzy and missing strings per language, entity, notice and version."""
    rows = []
    for language, entity, notice, version, state in _versions(project, languages, as_of):
        counts = {"translated": 0, "fuzzy": 0, "missing": 0}
        for text, _ in version_strings(version):
            counts[catalogs.lookup(language, entity, text).state] += 1
        rows.append(StatusRow(language, entity, notice, version.effective.isoformat(), state, project.language_of(entity), **counts))
    return rows


def check_required(project: Project, catalogs: Catalogs, as_of: datetime.date, log: ErrorLog) -> None:
    """Every string of every version in force or upcoming, in every required language its entity publishes in."""
    for language, entity, notice, version, state in _versions(project, project.site.required_languages, as_of):
        if state == "archived" or (language, entity) in catalogs.unreadable or language in catalogs.refused_folders:
            continue  # a catalog with errors, or a refused folder of them, is reported as such, not as every text missing
        label = f"{entity}/{notice} {version.effective.isoformat()} ({'in force' if state == 'current' else 'upcoming'})"
        for text, _ in version_strings(version):
            found = catalogs.lookup(language, entity, text)
            if found.state == "translated":
                continue
            assert found.path is not None
            what = {"fuzzy": "is marked fuzzy: its source text changed", "missing": "has no translation"}[found.state]
            if found.state == "missing" and not _has(catalogs, language, entity, text):
                what = "is not in the catalog; run `notices i18n update`"
            log.add(found.path, found.line, 1, f'msgid "{short_msgid(text)}"', f"{what}; {language} is required and {label} uses it")


def _has(catalogs: Catalogs, language: str, domain: str, msgid: str) -> bool:
    loaded = catalogs.loaded.get((language, domain))
    return bool(loaded and loaded.catalog.get(msgid) is not None)
