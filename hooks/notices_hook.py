"""MkDocs hooks: build the privacy-notice pages from ``data/``.

This file only forwards MkDocs events to :mod:`privacy_notices.mkdocs_adapter`;
the package does the work and can be tested without building a site.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from privacy_notices.mkdocs_adapter import NoticesAdapter

_adapter = NoticesAdapter()


# Before the plugins: they read site_name and site_url, which come from data/site.yml.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    return _adapter.on_config(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return _adapter.on_files(files, config)
