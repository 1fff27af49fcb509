"""MkDocs' warning against ``--dirty`` builds, left out of ``mkdocs serve --dirty`` of a notices site.

MkDocs (and ProperDocs) warn on every dirty build that it "will likely lead
to inaccurate navigation and other links". The hooks make a dirty rebuild
end as a full build would (``tests/test_incremental.py`` compares the two,
byte for byte), so under them the warning is untrue; every other warning of
the engine is kept.
"""

from __future__ import annotations

import logging

DIRTY_WARNING = "A 'dirty' build is being performed"
"""How the engine's warning begins (``mkdocs/commands/build.py``, and ProperDocs' copy of it)."""

LOGGERS = ("mkdocs.commands.build", "properdocs.commands.build")
"""The loggers the engines write it to."""


class DirtyBuildWarning(logging.Filter):
    """Drops the engine's warning against dirty builds, and nothing else."""

    notices_dirty_build = True
    """Marks the filter across a reload of the package while serving, when the class itself is new."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.WARNING and record.getMessage().startswith(DIRTY_WARNING))


def drop_dirty_build_warning() -> None:
    """Install the filter on the engines' build loggers, once."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(getattr(f, "notices_dirty_build", False) for f in logger.filters):
            logger.addFilter(DirtyBuildWarning())
