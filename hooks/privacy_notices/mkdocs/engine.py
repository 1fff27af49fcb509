"""The engine that builds the site: MkDocs 1.6, or ProperDocs, its maintained continuation.

Material for MkDocs, the theme, is in maintenance mode, and MkDocs itself is
no longer developed as 1.x; ProperDocs (``pip install properdocs``) carries
MkDocs 1.6 on under its own name, runs the same configuration, themes and
plugins, and redirects their ``mkdocs`` imports to itself. The hooks import
``mkdocs`` and so run under either. ``notices build`` and ``notices serve``
run ProperDocs when it is installed and MkDocs otherwise; ``NOTICES_ENGINE``
chooses.
"""

from __future__ import annotations

import importlib.util

from privacy_notices.data.settings import Settings

ENGINES = ("properdocs", "mkdocs")
"""The engines the site is built and tested with; their outputs differ only in the generator line."""

LOGGERS = ("mkdocs", "properdocs")
"""The loggers an engine counts warnings on for ``--strict``: MkDocs', and ProperDocs' own."""


class EngineError(ValueError):
    """NOTICES_ENGINE names no engine."""


def installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def engine(settings: Settings) -> str:
    """The engine's module name: ``NOTICES_ENGINE`` if set, else ProperDocs when installed, else MkDocs.

    >>> engine(Settings(engine="mkdocs"))
    'mkdocs'
    >>> engine(Settings(engine="sphinx"))
    Traceback (most recent call last):
    ...
    privacy_notices.mkdocs.engine.EngineError: NOTICES_ENGINE='sphinx': expected one of properdocs, mkdocs
    """
    chosen = settings.engine.strip().lower()
    if chosen:
        if chosen not in ENGINES:
            raise EngineError(f"NOTICES_ENGINE={chosen!r}: expected one of {', '.join(ENGINES)}")
        if not installed(chosen):
            raise EngineError(f"NOTICES_ENGINE={chosen!r}: it is not installed (python -m pip install {chosen})")
        return chosen
    return "properdocs" if installed("properdocs") else "mkdocs"
