"""Where the built-in templates, partials and styles live, and how a site overrides them.

The theme ships inside the package, so that a site made with ``notices
new-site`` gets it, and a new release of the generator brings its templates
with the code that fills them. A site's own ``theme.custom_dir`` (usually
``overrides/``) comes first: a file there with the same path as one here
replaces it, as with any MkDocs theme.
"""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent / "theme"
"""Material overrides (``main.html``, ``partials/``), page templates (``notices/``) and ``assets/``."""

PAGE_TEMPLATES = "notices"
"""The folder, inside a theme folder, of the Jinja templates that write the generated pages."""

STYLESHEETS = ("assets/notices.css",)
"""Added to MkDocs' ``extra_css`` by the hooks: a site's ``mkdocs.yml`` need not name them."""

SCRIPTS = ("assets/notices.js",)
"""Added to ``extra_javascript``: the home page's filter box."""


def page_template_dirs(custom_dir: str | Path | None) -> list[Path]:
    """Where page templates are looked for, first match wins: the site's overrides, then the built-in ones.

    >>> page_template_dirs(None) == [THEME_DIR / "notices"]
    True
    """
    dirs = [THEME_DIR / PAGE_TEMPLATES]
    if custom_dir is not None and (Path(custom_dir) / PAGE_TEMPLATES).is_dir():
        dirs.insert(0, Path(custom_dir) / PAGE_TEMPLATES)
    return dirs
