"""The one line a build ends with, and the words of the banners it puts on pages: the same for any engine."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from privacy_notices.data.project import Project
from privacy_notices.i18n.builtin import DRAFTING_BANNER
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.i18n.coverage import status
from privacy_notices.site.modes import Preview
from privacy_notices.site.render import long_date
from privacy_notices.site.tree import SiteTree
from privacy_notices.site.views import timeline

Gettext = Callable[[str], str]

PROGRESS_AFTER = 3.0
"""Seconds a build runs before a terminal shows its progress: short builds stay quiet."""


@dataclass
class Progress:
    """On a terminal, once a build has taken a few seconds, a one-line count of the pages written so far."""

    stream: TextIO | Any = field(default_factory=lambda: sys.stderr)
    done: int = 0
    shown: bool = False

    def step(self, total: int, seconds: float) -> None:
        """One more page written, of ``total`` known so far, ``seconds`` into the build."""
        self.done += 1
        if not self.stream.isatty() or seconds < PROGRESS_AFTER:
            return
        self.stream.write(f"\rnotices: page {self.done} of {max(total or self.done, self.done)}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Clear the progress line before the build's summary."""
        if self.shown:
            self.stream.write("\r\033[K")


def summary(project: Project, catalogs: Catalogs, as_of: datetime.date, tree: SiteTree, seconds: float) -> str:
    """Pages per language, versions by status, translation coverage, time taken."""
    pages = {site.language: sum(1 for page in site.pages if page.title is not None) for site in tree.languages}
    statuses = {"current": 0, "upcoming": 0, "archived": 0}
    for record in project.entities.values():
        for series in record.notices.values():
            for info in timeline(series, as_of):
                statuses[info.status] += 1
    coverage = []
    for row_language in project.site.all_languages:
        rows = status(project, catalogs, [row_language], as_of)
        if not rows:
            continue  # nothing is translated into it: every entity that publishes in it writes in it
        total = sum(r.translated + r.fuzzy + r.missing for r in rows)
        coverage.append(f"{row_language} {100 * sum(r.translated for r in rows) // max(total, 1)} %")
    return (
        f"notices: {sum(pages.values())} pages ({', '.join(f'{lang} {n}' for lang, n in pages.items())}); "
        f"versions: {statuses['current']} in force, {statuses['upcoming']} upcoming, {statuses['archived']} archived"
        + (f"; translated: {', '.join(coverage)}" if coverage else "")
        + f"; {seconds:.1f} s"
    )


def preview_words(preview: Preview, gettext: Gettext) -> dict[str, str]:
    """The preview banner's words in the page's language (escaped when the template prints them)."""
    detail = ""
    if preview.pull_request and preview.commit:
        detail = gettext("Pull request #%(number)s at commit %(commit)s.") % {"number": preview.pull_request, "commit": preview.commit}
    elif preview.pull_request:
        detail = gettext("Pull request #%(number)s.") % {"number": preview.pull_request}
    elif preview.commit:
        detail = gettext("Commit %(commit)s.") % {"commit": preview.commit}
    return {
        "title": gettext("Preview of unpublished changes"),
        "text": gettext("This page is not published: it shows changes under review, which may still change."),
        "detail": detail,
    }


def drafting_words(gettext: Gettext, blockers: int, locked_on: str | None, language: str) -> dict[str, str]:
    """The drafting banner's words in the page's language: how many blockers, and the day a changed text was locked."""
    words = {key: gettext(message) for key, message in DRAFTING_BANNER.items()}
    words["blockers"] = (words["blockers_one"] if blockers == 1 else words["blockers_many"]) % {"count": blockers}
    if locked_on:
        words["locked_title"] %= {"date": long_date(datetime.date.fromisoformat(locked_on), language)}
    return words
