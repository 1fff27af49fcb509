"""The package's own interface texts: the words of the templates, vocabularies and code, and their catalogs.

These are translated once, in the package (``locales/``), not by each site;
a site's ``site.po`` may override them. Kept apart from the data's catalogs,
whose texts come from the site's own files.
"""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from privacy_notices.data import vocab
from privacy_notices.data.errors import ErrorLog


def builtin_catalog_path(language: str) -> Any:
    return resources.files(__package__).joinpath("locales").joinpath(f"{language}.po")


def read_builtin(raw: bytes, language: str, log: ErrorLog) -> Catalog:
    """The package's own interface catalog for ``language`` (``log`` is unused: the package's catalogs are tested)."""
    return read_po(io.BytesIO(raw), locale=vocab.babel_locale(language))


SCAFFOLD_NOTICES = Path(__file__).resolve().parent.parent / "authoring" / "scaffold" / "notices"
"""The first notices of `notices new-site`: their placeholders are written in the company's language where the
built-in catalogs have it."""


def builtin_messages(templates: Path) -> list[str]:
    """Every built-in string: the templates' ``_()`` calls (the pages' and the placeholders of `notices new-site`)
    and the vocabularies' texts, in a stable order."""
    from jinja2.ext import babel_extract

    found: dict[str, None] = {}
    for template in [*sorted(templates.glob("*.j2")), *sorted(SCAFFOLD_NOTICES.glob("*.j2"))]:
        with template.open("rb") as fh:
            for _, _, message, _ in babel_extract(fh, ("_", "gettext"), [], {"extensions": "jinja2.ext.i18n", "trim_blocks": "1", "lstrip_blocks": "1"}):
                if isinstance(message, tuple):  # a call with keyword arguments
                    message = message[0]
                if isinstance(message, str):
                    found.setdefault(message)
    for name in vocab.VOCABULARIES:
        for entry in vocab.vocabulary(name).values():
            for key in ("label", "title", "text", "name_en", "article"):
                if key in entry:
                    found.setdefault(entry[key])
    for extra in PYTHON_MESSAGES:
        found.setdefault(extra)
    return list(found)


FALLBACK_PAGE_NOTE = "This page has not been translated yet and is shown in the original language."
"""The note on a hand-written page shown in the source language."""


NOT_FOUND = "Page not found"
"""The heading and title of the error page for an address the site does not have (one per language)."""

PERMALINK_TITLE = "Permanent link"
"""The tooltip of a heading's permanent link (Python-Markdown's ``toc`` gives it in English)."""


DRAFTING_BANNER = {
    "errors_title": "The data has errors: this page shows the last version that loaded",
    "errors_text": "Fix them and save: the site reloads by itself.",
    "locked_title": "Changed after it was locked on %(date)s; needs a correction before publishing",
    "locked_text": "A published version does not change: undo the edit, or record it under %(field)s with today's date and run %(command)s.",
    "bar": "Drafting:",
    "blockers_one": "%(count)s problem would stop publishing",
    "blockers_many": "%(count)s problems would stop publishing",
    "no_blockers": "nothing stops publishing",
}
"""The words of a drafting build's banner (``partials/notices-drafting.html``), which adds the markup."""


RECORD_WORDS = {
    "title": "Record of processing activities",
    "sheet_controller": "Controller, Art. 30(1)",
    "sheet_processor": "Processor, Art. 30(2)",
    "record": "Record",
    "record_controller": "Art. 30(1) GDPR",
    "record_processor": "Art. 30(2) GDPR",
    "controller": "Controller",
    "contact": "Contact details",
    "controllers": "Controllers on whose behalf the processor acts",
    "notice": "Notice and version",
    "version_of": "%(title)s, version of %(date)s",
    "activity": "Processing activity",
    "legal_basis": "Legal basis (not required by Art. 30)",
    "data_subjects": "Categories of data subjects",
    "data_categories": "Categories of personal data",
    "recipients": "Categories of recipients",
    "transfers": "Transfers to third countries and their safeguards",
    "retention": "Time limits for erasure",
    "security": "Technical and organisational security measures",
    "not_recorded": "Not recorded in the data",
    "no_recipients": "None named in the notice",
    "eea_only": "None: the data stay in the EU/EEA",
    "no_transfers": "None stated in the notice",
    "customers_elsewhere": "Kept outside this record: the processor's own list of its customers (the controllers) and their contact details",
}
"""The words of `notices ropa`'s record (column headings, sheet names, what a cell says of a fact the data lack);
the cells' other words are the pages' own."""


PYTHON_MESSAGES = (
    "Until the browser is closed",
    "As set by the provider",
    "Home",
    FALLBACK_PAGE_NOTE,
    NOT_FOUND,
    PERMALINK_TITLE,
    "Preview of unpublished changes",
    "This page is not published: it shows changes under review, which may still change.",
    "Pull request #%(number)s at commit %(commit)s.",
    "Pull request #%(number)s.",
    "Commit %(commit)s.",
    *DRAFTING_BANNER.values(),
    *RECORD_WORDS.values(),
)
"""Interface strings that Python code translates rather than a template."""


def builtin_msgids() -> set[str]:
    """Every msgid of the catalogs shipped with the package."""
    ids: set[str] = set()
    for entry in resources.files(__package__).joinpath("locales").iterdir():
        if entry.name.endswith(".po"):
            ids |= {str(m.id) for m in read_po(io.BytesIO(entry.read_bytes())) if m.id}
    return ids
