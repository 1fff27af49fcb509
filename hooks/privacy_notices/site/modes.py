"""Drafting and publishing: what a build does with what stops publishing.

Drafting (the default of ``mkdocs serve``, or ``notices build --draft``)
builds whatever can be built: untranslated text falls back visibly, a
changed locked version is marked on its page, and every publish blocker is
listed on ``/_drafting/`` and logged as one warning. Publishing (``mkdocs
build``, ``notices build``) refuses every blocker. Data errors stop both,
except that ``mkdocs serve`` keeps serving the last good site and shows the
errors on every page, so that an author in mid-edit never loses the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeGuard

from privacy_notices.data.settings import Settings

Mode = Literal["draft", "publish"]

class ModeError(ValueError):
    """NOTICES_MODE names no mode."""


def _is_mode(word: str) -> TypeGuard[Mode]:
    return word in ("draft", "publish")


def build_mode(command: str | None, settings: Settings) -> Mode:
    """The mode of a build: ``NOTICES_MODE`` if set, drafting for ``serve`` and previews, else publishing.

    >>> build_mode("serve", Settings()), build_mode("build", Settings()), build_mode("build", Settings(mode="draft"))
    ('draft', 'publish', 'draft')
    >>> build_mode("build", Settings(preview=True))
    'draft'
    """
    explicit = settings.mode.strip().lower()
    if _is_mode(explicit):
        return explicit
    if explicit:
        raise ModeError(f"NOTICES_MODE: expected draft or publish, found '{explicit[:40]}'")
    if settings.preview or command == "serve":
        return "draft"
    return "publish"


@dataclass(frozen=True)
class Preview:
    """A preview build: drafting, marked on every page as unpublished, kept out of search engines."""

    pull_request: str | None = None
    """The pull request's number, when the build is for one."""
    commit: str | None = None
    """The head commit it shows, abbreviated for the banner."""


def preview(settings: Settings) -> Preview | None:
    """The preview a build makes (``NOTICES_PREVIEW``), with ``NOTICES_PREVIEW_PR`` and ``NOTICES_PREVIEW_COMMIT``.

    >>> preview(Settings()) is None, preview(Settings(preview=True, preview_pr="42", preview_commit="0123456789abcdef"))
    (True, Preview(pull_request='42', commit='0123456'))
    >>> preview(Settings(preview=True, preview_pr="4 2"))
    Traceback (most recent call last):
    ...
    privacy_notices.site.modes.ModeError: NOTICES_PREVIEW_PR: expected a pull request's number, found '4 2'
    """
    if not settings.preview:
        return None
    number = settings.preview_pr.strip() or None
    commit = settings.preview_commit.strip().lower() or None
    if number is not None and not re.fullmatch(r"[0-9]{1,10}", number):
        raise ModeError(f"NOTICES_PREVIEW_PR: expected a pull request's number, found '{number[:40]}'")
    if commit is not None and not re.fullmatch(r"[0-9a-f]{7,64}", commit):
        raise ModeError(f"NOTICES_PREVIEW_COMMIT: expected a commit hash, found '{commit[:40]}'")
    return Preview(number, commit[:7] if commit else None)


def describe(mode: Mode, serving: bool) -> str:
    """The first line of a build's log: which mode, and what it means.

    >>> describe("draft", serving=True).endswith("`notices build` or `mkdocs build` publishes and refuses them")
    True
    """
    if mode == "draft":
        where = "served with live reload" if serving else "built"
        return (
            f"notices: drafting ({where}): untranslated text falls back, publish blockers are warnings listed on "
            "/_drafting/; `notices build` or `mkdocs build` publishes and refuses them"
        )
    return "notices: publishing: every data error and publish blocker stops the build (drafting: `notices serve`)"
