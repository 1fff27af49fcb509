"""Privacy notices: structured YAML in, a multilingual, versioned notice website out.

The package loads and validates the data (:mod:`.loader`), computes what each
page shows (:mod:`.views`) and renders it through the Jinja templates of the
site's ``overrides/notices/`` folder (:mod:`.render`). Only
:mod:`.mkdocs_hooks`, the events a site's hook file imports, and
:mod:`.mkdocs_adapter` know about MkDocs.
"""

from __future__ import annotations

__version__ = "0.1.0"
