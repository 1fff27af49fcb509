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

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Mode = Literal["draft", "publish"]

class ModeError(ValueError):
    """NOTICES_MODE names no mode."""


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes")


def build_mode(command: str | None, environ: Mapping[str, str] | None = None) -> Mode:
    """The mode of a build: ``NOTICES_MODE`` if set, drafting for ``serve`` and previews, else publishing.

    >>> build_mode("serve", {}), build_mode("build", {}), build_mode("build", {"NOTICES_MODE": "draft"})
    ('draft', 'publish', 'draft')
    >>> build_mode("build", {"NOTICES_PREVIEW": "1"})
    'draft'
    """
    env = os.environ if environ is None else environ
    explicit = (env.get("NOTICES_MODE") or "").strip().lower()
    if explicit in ("draft", "publish"):
        return explicit  # type: ignore[return-value]
    if explicit:
        raise ModeError(f"NOTICES_MODE: expected draft or publish, found '{explicit[:40]}'")
    if _truthy(env.get("NOTICES_PREVIEW")) or command == "serve":
        return "draft"
    return "publish"


@dataclass(frozen=True)
class Preview:
    """A preview build: drafting, marked on every page as unpublished, kept out of search engines."""

    pull_request: str | None = None
    """The pull request's number, when the build is for one."""
    commit: str | None = None
    """The head commit it shows, abbreviated for the banner."""


def preview(environ: Mapping[str, str] | None = None) -> Preview | None:
    """The preview a build makes (``NOTICES_PREVIEW``), with ``NOTICES_PREVIEW_PR`` and ``NOTICES_PREVIEW_COMMIT``.

    >>> preview({}) is None, preview({"NOTICES_PREVIEW": "1", "NOTICES_PREVIEW_PR": "42", "NOTICES_PREVIEW_COMMIT": "0123456789abcdef"})
    (True, Preview(pull_request='42', commit='0123456'))
    >>> preview({"NOTICES_PREVIEW": "1", "NOTICES_PREVIEW_PR": "4 2"})
    Traceback (most recent call last):
    ...
    privacy_notices.site.modes.ModeError: NOTICES_PREVIEW_PR: expected a pull request's number, found '4 2'
    """
    env = os.environ if environ is None else environ
    if not _truthy(env.get("NOTICES_PREVIEW")):
        return None
    number = (env.get("NOTICES_PREVIEW_PR") or "").strip() or None
    commit = (env.get("NOTICES_PREVIEW_COMMIT") or "").strip().lower() or None
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
