"""The settings of one command or build: the ``NOTICES_*`` variables, mkdocs.yml and the command line, read once.

Every other module is handed a :class:`Settings` and reads no environment
of its own, so that ``notices validate``, ``notices build``, the MkDocs
hooks and the rebuilds of ``mkdocs serve`` find the same data folder, the
same hand-written pages and the same day by one rule. A value that can be
wrong (a date, a mode, a pull request's number) is kept as written and
checked where it is used, with the same one-line error as ever, so that a
command that does not use it is not stopped by it.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from privacy_notices.data.asof import as_of_date

VARIABLES = (
    "NOTICES_AS_OF", "NOTICES_CACHE", "NOTICES_CHROMIUM", "NOTICES_DATA", "NOTICES_DEBUG", "NOTICES_ENGINE", "NOTICES_MODE",
    "NOTICES_PREVIEW", "NOTICES_PREVIEW_COMMIT", "NOTICES_PREVIEW_PR", "NOTICES_SITE_URL",
)
"""Every variable the generator reads; README.md ("Environment variables") says what each does."""

CONFIG_FILE = "mkdocs.yml"
INHERIT_DEPTH = 10
"""How many ``INHERIT:`` files are followed to find ``docs_dir``: more is a loop."""


def truthy(value: str | None) -> bool:
    """``1``, ``true`` or ``yes``, as NOTICES_PREVIEW is written.

    >>> truthy(" Yes"), truthy("0"), truthy(None)
    (True, False, False)
    """
    return (value or "").strip().lower() in ("1", "true", "yes")


def debugging(environ: Mapping[str, str] | None = None) -> bool:
    """NOTICES_DEBUG is set: show a traceback, even for an error raised before the settings were made."""
    return bool((os.environ if environ is None else environ).get("NOTICES_DEBUG"))


def find_project(start: Path | None = None) -> Path | None:
    """The folder holding ``mkdocs.yml``: ``start`` (default: the current one) or the nearest above it, as git finds its repository."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for ``docs_dir`` alone: its ``!!python/name:`` and ``!ENV`` tags become None, never code."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def configured_docs(config_file: Path) -> Path:
    """``docs_dir`` of mkdocs.yml (or of the file it inherits from), relative to mkdocs.yml, as MkDocs takes it.

    A file that cannot be read gives the default, ``docs``: the build names what is wrong with it.
    """
    current = config_file
    for _ in range(INHERIT_DEPTH):
        try:
            loaded: object = yaml.load(current.read_text("utf-8"), Loader=_ConfigLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            break
        if not isinstance(loaded, dict):
            break
        if isinstance(docs_dir := loaded.get("docs_dir"), str):
            return config_file.parent / docs_dir
        if not isinstance(inherit := loaded.get("INHERIT"), str):
            break
        current = current.parent / inherit
    return config_file.parent / "docs"


@dataclass(frozen=True)
class Settings:
    """What one command or build is told to do, from mkdocs.yml, the environment and the command line."""

    config_file: Path | None = None
    """The site's mkdocs.yml, absolute; None when there is none here or above."""
    data: Path = Path("data")
    """The data folder: --data, else NOTICES_DATA (as written), else ``data/`` beside mkdocs.yml, else ``./data``."""
    data_from: str | None = None
    """Where the data folder was named, ``--data`` or ``NOTICES_DATA``, for messages; None when found beside mkdocs.yml."""
    docs: Path | None = None
    """The hand-written pages: mkdocs.yml's ``docs_dir``; without mkdocs.yml, ``docs/`` beside the data folder. None when it is no folder."""
    as_of_flag: str | None = None
    """--as-of, as written: it wins over NOTICES_AS_OF."""
    as_of_variable: str | None = None
    """NOTICES_AS_OF, as written; None when it is not set."""
    source_date_epoch: str | None = None
    """SOURCE_DATE_EPOCH, the reproducible-builds convention, the day when no other is given."""
    mode: str = ""
    """NOTICES_MODE or --draft/--publish, as written (checked by :func:`privacy_notices.site.modes.build_mode`)."""
    preview: bool = False
    """NOTICES_PREVIEW or --preview: a preview build."""
    preview_pr: str = ""
    """NOTICES_PREVIEW_PR or --pr, as written."""
    preview_commit: str = ""
    """NOTICES_PREVIEW_COMMIT or --commit, as written."""
    site_url: str = ""
    """NOTICES_SITE_URL: the address a preview is served from."""
    debug: bool = False
    """NOTICES_DEBUG: a traceback instead of the one-line bug report."""
    engine: str = ""
    """NOTICES_ENGINE, as written (checked by :func:`privacy_notices.mkdocs.engine.engine`)."""
    chromium: str = ""
    """NOTICES_CHROMIUM: the Chromium `notices scan` drives; empty for Debian's /usr/bin/chromium."""
    cache: str = ""
    """NOTICES_CACHE or ``notices build --cache``: the folder a publishing build keeps what the next one reuses; empty for none."""

    @classmethod
    def from_environment(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        cwd: Path | None = None,
        config_file: Path | str | None = None,
        data: Path | None = None,
        docs: Path | None = None,
        as_of: str | None = None,
        mode: str | None = None,
        preview: bool | None = None,
        preview_pr: str | None = None,
        preview_commit: str | None = None,
        cache: str | None = None,
    ) -> Settings:
        """The settings from ``environ`` (default: this process's), with what the command line or MkDocs gave instead.

        ``config_file`` is mkdocs.yml (default: the one found from ``cwd`` up, else the data folder's);
        ``docs`` the hand-written pages when MkDocs has read ``docs_dir`` already.
        """
        env = os.environ if environ is None else environ
        here = Path(os.path.abspath(cwd or Path.cwd()))
        configured = env.get("NOTICES_DATA")
        given = data if data is not None else (Path(configured) if configured else None)
        config: Path | None = None
        if config_file is not None:
            config = Path(os.path.abspath(here / config_file))
        else:
            project = find_project(here) or (find_project(here / given) if given is not None else None)
            config = project / CONFIG_FILE if project else None
        folder = given if given is not None else (config.parent / "data" if config else Path("data"))
        if docs is None:
            docs = configured_docs(config) if config else (here / folder).resolve().parent / "docs"
        return cls(
            config_file=config,
            data=folder,
            data_from="--data" if data is not None else ("NOTICES_DATA" if given is not None else None),
            docs=docs if docs.is_dir() else None,
            as_of_flag=as_of,
            as_of_variable=env.get("NOTICES_AS_OF"),
            source_date_epoch=env.get("SOURCE_DATE_EPOCH"),
            mode=mode if mode is not None else env.get("NOTICES_MODE", ""),
            preview=preview if preview is not None else truthy(env.get("NOTICES_PREVIEW")),
            preview_pr=preview_pr if preview_pr is not None else env.get("NOTICES_PREVIEW_PR", ""),
            preview_commit=preview_commit if preview_commit is not None else env.get("NOTICES_PREVIEW_COMMIT", ""),
            site_url=env.get("NOTICES_SITE_URL", "").strip(),
            debug=debugging(env),
            engine=env.get("NOTICES_ENGINE", ""),
            chromium=env.get("NOTICES_CHROMIUM", "").strip(),
            cache=cache if cache is not None else env.get("NOTICES_CACHE", ""),
        )

    def as_of(self) -> datetime.date:
        """The day the site describes: --as-of, NOTICES_AS_OF, SOURCE_DATE_EPOCH, else today (:class:`AsOfError` when wrong).

        >>> Settings(as_of_flag="2026-01-01", as_of_variable="2025-05-05").as_of()
        datetime.date(2026, 1, 1)
        >>> Settings(as_of_variable="2026-13-01").as_of()
        Traceback (most recent call last):
        ...
        privacy_notices.data.asof.AsOfError: NOTICES_AS_OF: expected a date written as YYYY-MM-DD, found '2026-13-01'
        """
        named = {"NOTICES_AS_OF": self.as_of_variable, "SOURCE_DATE_EPOCH": self.source_date_epoch}
        return as_of_date(self.as_of_flag, {name: value for name, value in named.items() if value is not None})

    @property
    def as_of_given(self) -> bool:
        """A day was named (--as-of or NOTICES_AS_OF, even empty), rather than taken from the clock."""
        return bool(self.as_of_flag) or self.as_of_variable is not None

    def to_environment(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment of a child ``mkdocs build`` or ``serve``: ``base`` (default: this process's) with these settings.

        The one place the settings travel by environment, so that the hooks in the child make the same
        settings again with :meth:`from_environment`. Raises :class:`AsOfError` for a wrong day.

        >>> env = Settings(data=Path("/d"), data_from="--data", mode="draft", preview=True, preview_pr="7").to_environment({"NOTICES_MODE": "publish", "HOME": "/h"})
        >>> sorted(env.items())
        [('HOME', '/h'), ('NOTICES_DATA', '/d'), ('NOTICES_MODE', 'draft'), ('NOTICES_PREVIEW', '1'), ('NOTICES_PREVIEW_PR', '7')]
        """
        carried = {
            "NOTICES_AS_OF": self.as_of().isoformat() if self.as_of_given else "",
            "NOTICES_CACHE": str(Path(self.cache).resolve()) if self.cache else "",
            "NOTICES_DATA": str(self.data.resolve()) if self.data_from else "",
            "NOTICES_DEBUG": "1" if self.debug else "",
            "NOTICES_ENGINE": self.engine,
            "NOTICES_MODE": self.mode,
            "NOTICES_PREVIEW": "1" if self.preview else "",
            "NOTICES_PREVIEW_COMMIT": self.preview_commit,
            "NOTICES_PREVIEW_PR": self.preview_pr,
            "NOTICES_SITE_URL": self.site_url,
        }
        env = {name: value for name, value in (os.environ if base is None else base).items() if name not in carried}
        return {**env, **{name: value for name, value in carried.items() if value}}
