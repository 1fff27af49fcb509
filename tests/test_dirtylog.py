"""MkDocs' warning against dirty builds is left out of a dirty `serve`, and no other warning is."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from privacy_notices.mkdocs import dirtylog, hooks as mkdocs_hooks

DIRTY = (
    "A 'dirty' build is being performed, this will likely lead to inaccurate navigation and other"
    " links within your site. This option is designed for site development purposes only."
)
"""The warning as MkDocs 1.6 and ProperDocs write it."""


@pytest.fixture
def logged() -> Iterator[list[str]]:
    """What reaches the engines' loggers; the filters the test installs are removed afterwards."""
    messages: list[str] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    parents = [logging.getLogger(name.split(".")[0]) for name in dirtylog.LOGGERS]
    for parent in parents:
        parent.addHandler(handler)
    before = {name: list(logging.getLogger(name).filters) for name in dirtylog.LOGGERS}
    try:
        yield messages
    finally:
        for parent in parents:
            parent.removeHandler(handler)
        for name, filters in before.items():
            logging.getLogger(name).filters[:] = filters


@pytest.mark.parametrize("logger", dirtylog.LOGGERS)
def test_a_dirty_serve_drops_that_warning_alone(logger: str, logged: list[str]) -> None:
    log = logging.getLogger(logger)
    log.warning(DIRTY)
    assert logged == [DIRTY], "a plain build keeps it"
    mkdocs_hooks.on_startup("build", dirty=True)
    log.warning(DIRTY)
    assert logged == [DIRTY, DIRTY], "`mkdocs build --dirty` keeps it: the hooks make only a dirty serve end as a full build"
    mkdocs_hooks.on_startup("serve", dirty=True)
    mkdocs_hooks.on_startup("serve", dirty=True)
    assert sum(getattr(f, "notices_dirty_build", False) for f in log.filters) == 1, "installed once"
    log.warning(DIRTY)
    log.warning("Doc file 'about.md' contains a link 'missing.md', but the target is not found among documentation files.")
    log.error("A 'dirty' build is being performed, said as an error")
    assert logged[2:] == [
        "Doc file 'about.md' contains a link 'missing.md', but the target is not found among documentation files.",
        "A 'dirty' build is being performed, said as an error",
    ]
