"""MkDocs hooks: build the privacy-notice pages from ``data/``, in every language.

The events live in the package, :mod:`privacy_notices.mkdocs.hooks`, as they
do for a site made with ``notices new-site``. MkDocs puts this folder first
on the import path while it loads this file, so the package used is the one
beside it, this checkout's, whatever else is installed; while ``mkdocs
serve`` runs, an edit of the package is imported afresh from here before
the next build.
"""

from __future__ import annotations

from privacy_notices.mkdocs.hooks import *  # noqa: F403  (the events MkDocs looks for)
