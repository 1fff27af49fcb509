"""`notices i18n update`, `status` and `swap`: the translators' catalogs, kept whole whatever the data do."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import sys

from privacy_notices.authoring import swap
from privacy_notices.cli.common import as_of_day, load_data, open_data, print_errors
from privacy_notices.data import textcheck
from privacy_notices.data.errors import ErrorLog, display_path
from privacy_notices.data.settings import Settings
from privacy_notices.i18n.coverage import status as translation_status
from privacy_notices.i18n.merging import update as update_catalogs


I18N_UPDATE_HELP = """\
Extract every translatable text of every version of every notice, and of
site.yml and entity.yml, and merge it into the catalogs

  data/locales/<lang>/<entity>.po   texts of that entity and its notices
  data/locales/<lang>/site.po       site.yml, and your overrides of built-in texts

for every language the site (or that entity) publishes in, except the
language its texts are written in: an entity with `language: fi` in its
entity.yml has data/locales/en/<entity>.po with English translations of its
Finnish texts. Each entry names
the notice, version and field it comes from (#.) and its file and line (#:).

Nothing translated is ever lost: new texts are added untranslated, never
with a guessed translation; unchanged ones keep their translation; a changed
source text (one that took the place of another in the same field, in place
or in the notice's next version) keeps its old translation marked fuzzy, with
the old source text as #| msgid, for the translator to review; texts no
longer used stay at the end as obsolete (#~) and come back if the text
returns. Running it twice changes nothing the second time.
"""


I18N_SWAP_HELP = """\
Make another language the original of an entity, for example when its
Finnish text has become the authoritative one:

  notices i18n swap lumo-advisory fi

Every text in the entity's data files is replaced by its Finnish translation,
the Finnish catalog becomes the catalog of the old original language (msgid
and msgstr change places), the entity's other catalogs are keyed by the
Finnish texts, and entity.yml gets `language: fi` and a dated entry under
`language_changes`, which every version in force by then shows as a
correction of no substance. Comments and layout of the data files stay; each
value keeps its line.

Nothing is lost: the command refuses to start while a text has no current
translation into the new language, or two texts share one translation, and
it keeps what it wrote only if every version reads as before in every
language it was complete in (so the lock file stays valid). Swapping back
gives byte-identical catalogs.
"""


I18N_STATUS_HELP = """\
Count, per language, entity, notice and version, the texts that are
translated, fuzzy (the source changed since it was translated) or missing.
Versions in force or upcoming must be complete in the required languages of
site.yml before a publish build succeeds; archived versions never block it.
"""


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], data: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The parsers of `i18n` and its commands; the `i18n` parser, whose help a bare `notices i18n` prints."""
    i18n = sub.add_parser("i18n", description="The translators' workflow; see TRANSLATING.md.")
    i18n_sub = i18n.add_subparsers(dest="i18n_command", metavar="COMMAND")
    update = i18n_sub.add_parser("update", help="merge every translatable text into the catalogs", description=I18N_UPDATE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    update.add_argument("--language", action="append", metavar="LANG", help="only this language (repeatable; default: every language of site.yml)")
    status = i18n_sub.add_parser("status", help="translated, fuzzy and missing texts per version", description=I18N_STATUS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    status.add_argument("--format", choices=("text", "json"), default="text", help="text for people (default), json for machines")
    status.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day that decides which versions are in force (default: today)")
    swap_cmd = i18n_sub.add_parser("swap", help="make another language the original of an entity", description=I18N_SWAP_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    swap_cmd.add_argument("entity", metavar="ENTITY", help="the entity's folder name, e.g. kuura")
    swap_cmd.add_argument("language", metavar="LANGUAGE", help="the language that becomes the original, e.g. fi")
    swap_cmd.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="the day the change is recorded with (default: today; never later)")
    return i18n


def cmd_i18n_update(settings: Settings, only: list[str] | None) -> int:
    project, errors = load_data(settings)
    if project is None:
        return 1
    languages = only or project.site.all_languages
    unknown = [lang for lang in languages if lang not in project.site.all_languages]
    if unknown:
        print(f"notices i18n update: '{unknown[0]}' is not a language of site.yml ({', '.join(project.site.all_languages)})", file=sys.stderr)
        return 2
    # A new catalog's header dates: the as-of day, so that reproducible runs write the same bytes.
    day = as_of_day("i18n update", settings)  # a wrong NOTICES_AS_OF is a usage error here too, not a bug
    if day is None:
        return 2
    now = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.timezone.utc)
    log = ErrorLog()
    written = update_catalogs(project, languages, now, log)
    print_errors(log)
    for path in written:
        print(f"updated {display_path(path)}")
    if log:
        kept = "the catalogs with errors were left as they are" if written else "no catalog was written"
        print(f"{log.summary()}; {kept}.", file=sys.stderr)
        return 1
    if not written:
        print("catalogs are up to date")
    return 0


def cmd_i18n_swap(settings: Settings, entity: str, language: str, date_text: str | None) -> int:
    today = datetime.date.today()
    try:
        day = datetime.date.fromisoformat(date_text) if date_text else today
    except ValueError:
        print(f"notices i18n swap: --date: expected YYYY-MM-DD, found '{textcheck.excerpt(date_text or '')}'", file=sys.stderr)
        return 2
    if day > today:
        print(f"notices i18n swap: --date {day.isoformat()} is after today; a change is recorded on the day it is made", file=sys.stderr)
        return 2
    log = ErrorLog()
    written = swap.swap(settings.data, entity, language, day, log)
    print_errors(log)
    if log:
        print(f"{log.summary()}; nothing was changed.", file=sys.stderr)
        return 1
    for path in written:
        print(f"rewrote {display_path(path)}")
    print(f"{entity} now writes in {language}; every version reads as before. Commit the data and catalogs together.")
    return 0


def cmd_i18n_status(settings: Settings, fmt: str) -> int:
    opened = open_data("i18n status", settings)
    if isinstance(opened, int):
        return opened
    project, catalogs, day, log = opened
    rows = translation_status(project, catalogs, project.site.all_languages, day)
    if fmt == "json":
        print(json.dumps({"as_of": day.isoformat(), "rows": [dataclasses.asdict(r) for r in rows]}, indent=2, ensure_ascii=False))
    else:
        required = set(project.site.required_languages)
        print(f"{'language':8} {'from':4} {'notice':32} {'version':10} {'status':9} {'translated':>10} {'fuzzy':>6} {'missing':>8}")
        for r in rows:
            flag = " required" if r.language in required and r.status != "archived" and (r.fuzzy or r.missing) else ""
            print(f"{r.language:8} {r.source_language:4} {r.entity + '/' + r.notice:32} {r.version:10} {r.status:9} {r.translated:>10} {r.fuzzy:>6} {r.missing:>8}{flag}")
    print_errors(log, sys.stderr)
    return 1 if log else 0
