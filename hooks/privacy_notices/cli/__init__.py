"""The ``notices`` command: check the data, keep catalogs, schemas and the lock file up to date, build for a day."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from privacy_notices import __version__
from privacy_notices.checks import compliance
from privacy_notices.i18n import catalogs as i18n
from privacy_notices.authoring import swap
from privacy_notices.history import lock
from privacy_notices.data import paths, textcheck
from privacy_notices.authoring import report, scaffold
from privacy_notices.checks.pipeline import load_and_check
from privacy_notices.data.asof import AsOfError, as_of_date
from privacy_notices.mkdocs.engine import EngineError, engine
from privacy_notices.site.exports import NoticeExport, json_schema_text
from privacy_notices.data.errors import ErrorLog, display_path
from privacy_notices.data.loader import SLUG, Project, load_project, version_date
from privacy_notices.data.model import CHANGES_PLACEHOLDER, VERSION_OWN_FIELDS, AnyNotice, Entity, Site
from privacy_notices.site.theme import PAGE_TEMPLATES, THEME_DIR
from privacy_notices.site import export_site
from privacy_notices.site.tree import PageError, SiteTree
from privacy_notices.mkdocs.serving import describe_failure

DESCRIPTION = """\
Privacy notices kept as YAML in data/, published as a website by MkDocs.

Commands:
  new-site     start a site of your own: one company, its first notice, CI (`notices new-site DIR`)
  validate     check every data file and report every error, as file:line:column
  schema       write JSON Schemas for site.yml, entity.yml and version files
  i18n update  bring the translators' catalogs (data/locales/) up to date
  i18n status  show how much of each version is translated, per language
  i18n swap    make another language the original of an entity, losing nothing
  check        the compliance rules: what a privacy lawyer would flag (RULES.md)
  report       what a change does compared with a git revision, for the reviewer
  new-version  start a new dated version of a notice from its latest one
  lock         record what every version in force says, so it cannot change unnoticed
  serve        preview the site while you write (drafting, live reload, only what a save touches)
  build        build the site to publish it (or --draft, or --preview for reviewers)
  export-site  write the site's generated source as a plain folder that Zensical builds (`notices export-site DIR`)

Two modes: drafting (`notices serve`, `mkdocs serve`, `notices build --draft`)
builds whatever can be built and lists what stops publishing on /_drafting/;
publishing (`notices build`, `mkdocs build`) refuses every data error and
publish blocker. `notices validate` runs every check of a publishing build.

The commands find the project (mkdocs.yml) in the current folder or above.

Environment:
  NOTICES_DATA       the data folder (default: ./data)
  NOTICES_MODE       draft or publish (default: draft for serve, publish for build)
  NOTICES_PREVIEW    1: a preview build (drafting, banner, noindex); NOTICES_PREVIEW_PR and
                     NOTICES_PREVIEW_COMMIT name the pull request and commit in the banner
  NOTICES_AS_OF      the day the site describes, YYYY-MM-DD (default: today,
                     or SOURCE_DATE_EPOCH when set)
  NOTICES_DEBUG      1 to show a traceback instead of the one-line bug report
  NOTICES_ENGINE     properdocs or mkdocs: what `notices build` and `notices serve`
                     run (default: ProperDocs when installed, else MkDocs)

Exit status: 0 done, 1 errors in the data, 2 the command was used wrongly,
70 a bug in the generator (one line, never a traceback), 130 interrupted.
"""

VALIDATE_HELP = """\
Run every check a publishing build runs, without building: YAML syntax,
duplicate keys, aliases and other limits (AUTHORING.md lists them), unknown
or missing fields, values (legal bases, country codes, durations, dates),
version file names, raw HTML and unsafe links, references between files,
every translation catalog (markup, links, placeholders, broken entries),
required languages, the lock file, and the compliance rules (`notices check`):
their errors stop publishing, their warnings are counted.

Every error is printed, one per line, as

  path/to/file.yml:LINE:COLUMN: where.in.file: what was expected and found

followed by a count. Exit status: 0 when the data are valid, 1 when any
error was found, 2 when the command itself was used wrongly.
"""

SCHEMA_HELP = """\
Write a JSON Schema for each file type into a folder (default: schema/):

  site.schema.json     data/site.yml
  entity.schema.json   data/entities/<entity>/entity.yml
  notice.schema.json   data/entities/<entity>/notices/<notice>/<YYYY-MM-DD>.yml
  notice-export.schema.json   the notice.json files the site publishes

Editors with a YAML language server use them to complete and check fields as
you type; AUTHORING.md shows how to connect them. With --check, nothing is
written: the command fails if the files differ from what it would write.
"""

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

CHECK_HELP = """\
Run the compliance rules over every version of every notice: what a privacy
lawyer would flag, found from the data (GDPR Art. 12-14, 21 and 27, the
transparency guidelines WP260 rev.01, the ePrivacy directive, the case law
on transfers). Each version is judged as of its own dates: a 2019 version
that relied on the Privacy Shield and was replaced before July 2020 is
history; one still in force after 16 July 2020 is an error. Findings of an
archived version are warnings.

  path/to/file.yml:LINE:COLUMN: PN124 error: where: what is wrong

An error stops a publish build; a warning does not. To turn a rule off for a
version, add to its file (or, for some or all notices, to entity.yml):

  suppress:
    - rule: PN171
      reason: The hedging words are quoted from the law.

Suppressed findings are still reported, with their reason.

  notices check --list            every rule, with its severity and source
  notices check --explain PN124   one rule in full
  notices check --format sarif    SARIF 2.1.0 for GitHub code scanning
  notices check --reference       the rules reference (RULES.md)

Exit status: 0 when nothing blocks publishing, 1 otherwise, 2 when the
command was used wrongly.
"""

REPORT_HELP = """\
Say what the data in the working tree change compared with a git revision,
for a legal reviewer (a pull-request comment):

  notices report --base origin/main --preview-url https://example.github.io/site/pr-preview/pr-12/

The base revision's data and catalogs are read through git, without a second
checkout. With --data outside the repository (a pull request's data read out
of git, so that only this checkout's code writes the report), it is compared
with the project's data/ at the base revision. The report calls out first
every version in force or archived whose page says something else in some
language, wherever the edit was made (its file, a catalog, entity.yml,
site.yml), or that is gone, with the correction it needs; then every entry
of the base's notices.lock that the change removes or rewrites, and each
text that changed since the base's lock recorded it (the change's own lock
is not trusted); then the problems this change brings (validation, required
languages, the lock, compliance errors) and new compliance warnings; then
each change to notices.lock, site.yml, an entity.yml or a catalog; then, for
each notice changed, the versions added or edited with their structured
change summary and preview links, and the translation coverage per language
before and after, naming the texts left untranslated. It says whether a
publish build would pass.

Every text from the data, the revision and the file names is written as
text: it cannot make a link, an image, HTML, a heading or a table cell in
the comment, nor a mention, an issue reference or an emoji on GitHub.

The base's data folder may hold no links: they are not followed, and the
report stops and names them.

Exit status 0 when the report was written, 2 when the base cannot be read
(no git repository, an unknown revision, links in the base's data) or
--preview-url is not such an address.
"""

I18N_STATUS_HELP = """\
Count, per language, entity, notice and version, the texts that are
translated, fuzzy (the source changed since it was translated) or missing.
Versions in force or upcoming must be complete in the required languages of
site.yml before a publish build succeeds; archived versions never block it.
"""

NEW_VERSION_HELP = """\
Copy the latest version of a notice to a new file named after the day the new
version takes effect, ready to edit:

  notices new-version lumo-advisory/privacy 2026-12-01

The copy leaves out 'published' and 'corrections', which belong to the old
version, and carries an empty placeholder for 'changes', under a comment:

  # notices new-version: say what this version changes, between the quotes.
  changes: ""

Drafting (`notices serve`, `notices validate --draft`) shows the new version
and lists the placeholder among what stops publishing (rule PN173);
publishing (`notices build`, `notices validate`) refuses it until you have
written what the version changes. Never edit a version that has taken
effect; make a new one.
"""

LOCK_HELP = """\
Record in data/notices.lock the SHA-256 of the text of every version whose
date has come, in every language it is completely translated into. From then
on a publish build fails if that text changes, naming the notice, version and
language, unless the version lists a correction ('corrections:' with a date
on or after the day it was locked); run `notices lock` again after recording
one. Commit the lock file with the data.

Published versions are never deleted, so an entry whose version file is gone
is an error, here and in a publish build. When those versions were never
published by this site (a site started from a copy of other data, or
example data removed), --prune removes their entries and names each one.
It does nothing else: it locks no version, and it reads only the lock file
and the folders on disk, so it runs while the data have errors, or no
entity at all.
"""

BUILD_HELP = """\
Build the site to publish it: `mkdocs build` on the project found from the
current folder, with the data folder and day given. Publishing refuses every
data error and every publish blocker (an incomplete required language, a
locked version whose text changed). With --draft it builds anyway, marks what
is untranslated or changed, and lists the blockers on /_drafting/.

With --preview it drafts for reviewers: every page carries a "Preview of
unpublished changes" banner (with --pr and --commit, the pull request and
commit), <meta name="robots" content="noindex">, and a robots.txt that
disallows everything; canonical, language and feed links point at
NOTICES_SITE_URL, the preview's own address, or stay within the preview.

The same data and day always give the same files, byte for byte. Upload the
site/ folder to any static host (see README.md, "Publishing"). The engine's
common options below are taken as they are; any other goes after --
(`notices build -- --no-directory-urls`).
"""

EXPORT_SITE_HELP = """\
Write the complete generated source of the site into DIR, a new or empty
folder, as a plain tree that an engine builds without the hooks (Zensical:
`cd DIR && zensical build`). The data are checked as a publishing build
checks them; nothing is written when they have an error or a publish
blocker, and the tree is made beside DIR and renamed into place, so DIR
is never left half-written. DIR may not lie inside the data or docs folder.

DIR/docs/      every page as Markdown, where the site's URLs have it: the
               source language at the root, every other one in its folder
               (fi/, sv/), with the feeds, each version's notice.json, the
               schema, the hand-written pages (untranslated ones marked as a
               fallback) and the theme's stylesheet and script
DIR/site.json  each language's settings (site name, interface language,
               home page, feed) and navigation
DIR/mkdocs.yml the configuration Zensical reads: the source language's
               navigation with a section per other language

README.md ("Building with Zensical") says what such a site lacks today.
"""

SERVE_HELP = """\
Preview the site while you write: `mkdocs serve --dirty` in drafting mode on
the project found from the current folder, at http://127.0.0.1:8000/. Every
save of a data file, catalog, template, stylesheet, hand-written page or
module of the package updates the site and reloads the browser. A save in one
entity's folder or catalogs renders again only that entity's pages (and those
of entities that link to it), the home pages, feeds and search index; any
other save renders everything (--full: every save does). Untranslated text
falls back visibly; publish blockers are listed on /_drafting/; a mistake in
a data file is shown on every page while the last good site stays served.
A build that fails (a template that does not compile, say) never leaves the
browser waiting: the last good site stays served and every page names the
failure with its file and line. Ctrl-C, SIGTERM and SIGHUP stop the server.
The engine's common options below (-a 127.0.0.1:8001, --open…) are taken as
they are; any other goes after -- (`notices serve -- --watch-theme`).
"""

NEW_SITE_HELP = """\
Start a site of your own in DIR, a new folder (or an empty one), as
`mkdocs new` does: one company and the first version of its first notice,
the workflows that publish it, and no example data.

  notices new-site acme-privacy
  notices new-site acme-privacy --yes --legal-name "Acme Oy" --country FI \\
      --city Tampere --email privacy@acme.example --language fi --languages fi,en \\
      --activity "Yhteydenotot" --data-subjects "meihin yhteyttä ottavat" \\
      --purpose "Vastaamme kysymyksiisi." --data-categories "nimi, sähköpostiosoite" \\
      --legal-basis legitimate_interests \\
      --legitimate-interest "Vastaamme meihin yhteyttä ottaville palveluistamme." \\
      --retention "12 kuukautta viimeisestä viestistä"

On a terminal it asks the questions below (Enter takes the default in
brackets); a flag answers its question beforehand, and answers piped to it
are read one a line. With --yes, or once the piped answers end, nothing
more is asked: what no flag gives takes its default. Every
answer is checked by the rules the data are checked by: a folder name of
lower-case letters, digits and hyphens that is no language code and no
address the site uses, an ISO 3166 country code, a language Material for
MkDocs has an interface for, an email address, a legal basis of GDPR
Art. 6(1), a cookie duration. A typed answer that does not pass is asked
again; a flag that does not pass ends the command, and every flag that is
wrong or missing is named at once. A company outside the EU/EEA also names
its EU representative, and one whose country has no built-in supervisory
authority names the country of the authority.

What the notice says comes from the answers alone, never from a default:

  controller  --activity, --data-subjects, --purpose, --data-categories,
              --legal-basis (and --legitimate-interest with
              legitimate_interests), --retention
  processor   --controller-notice, --services, --activity,
              --data-subjects, --purpose, --data-categories
  cookies     --cookie-name, --cookie-provider, --cookie-party,
              --cookie-category, --cookie-purpose, --cookie-duration (and
              --consent for a category that needs consent)

A fact written in words that is not given (on a terminal: Enter) becomes a
placeholder, a text marked REPLACE: in the company's language where the
generator has it (Finnish, Swedish; else English): `notices serve` and
`notices build --draft` show it, while `notices validate`, `notices check`
and `notices build` refuse to publish it (rule PN174) and name each with
its file, line and column, and `notices i18n update` never gives it to the
translators. A legal basis, a cookie's party, category and duration, and
the processor's controller notice are never placeholders: any value there
would be published as the company's own choice, so without them nothing is
written. Answered in full, the new site publishes at once: `notices build`
and its `.ci/run` pass. The title (the kind's built-in name), the day the
version takes effect (today) and the folder names have defaults.

DIR gets:

  README.md               what to write before publishing, and how to run,
                          validate, build and publish the site
  mkdocs.yml              Material (no web fonts), search, the privacy plugin,
                          the Markdown extensions, link validation, the hooks
  hooks/notices_hook.py   one import of the installed generator's hook events
  data/site.yml           the site's name, address and languages
  data/entities/<entity>/entity.yml
                          the company: name, business ID, address, e-mail
  data/entities/<entity>/notices/<notice>/<YYYY-MM-DD>.yml
                          the first version of the first notice
  docs/, overrides/       hand-written pages, and overrides of the built-in
                          theme (overrides/README.md says how)
  .github/workflows/      publish.yml (every push to main and every day, to
                          GitHub Pages) and pull-request.yml (report, preview,
                          checks; read-only token)
  .ci/run                 a virtual environment (.venv) with requirements.txt
                          installed, then notices validate, check and build
  requirements.txt        the generator, as it is installed now (below)
  schema/, .vscode/settings.json, .gitignore
                          the editor schemas of `notices schema`, and their
                          settings for VS Code

Nothing is locked (`notices lock`). requirements.txt names the generator as
this Python has it installed (PEP 610): a git URL with its commit, a folder,
or name==version when it came from an index; the new README says which. A
folder on this machine cannot be installed by CI elsewhere: install the
generator from its git URL, or give --generator.

Exit status: 0 the site was made, 2 an answer or DIR could not be used
(nothing is written), 130 interrupted.
"""

SCHEMAS: dict[str, Any] = {
    "site.schema.json": Site,
    "entity.schema.json": Entity,
    "notice.schema.json": AnyNotice,
    "notice-export.schema.json": NoticeExport,
}
"""File name → the type whose schema it holds."""


@dataclass(frozen=True)
class EngineOption:
    """An option of the engine's `build` or `serve` that `notices build` or `notices serve` takes as it is and passes on."""

    flags: tuple[str, ...]
    help: str
    metavar: str | None = None
    """None for a switch; else the option takes a value."""
    repeat: bool = False

    @property
    def dest(self) -> str:
        return "engine_" + self.flags[-1].lstrip("-").replace("-", "_")

    def forwarded(self, value: Any) -> list[str]:
        """The engine's arguments for what was given."""
        if self.metavar is None:
            return [self.flags[-1]] if value else []
        values = value if self.repeat else [value]
        return [word for v in values or [] if v is not None for word in (self.flags[-1], v)]


_COMMON_ENGINE_OPTIONS = (
    EngineOption(("-f", "--config-file"), "the project's mkdocs.yml (default: the one found here or in a folder above)", "FILE"),
    EngineOption(("-s", "--strict"), "stop on any warning of the engine (drafting never does)"),
    EngineOption(("-q", "--quiet"), "show the engine's errors only"),
    EngineOption(("-v", "--verbose"), "show everything the engine logs"),
)
ENGINE_OPTIONS: dict[str, tuple[EngineOption, ...]] = {
    "build": (*_COMMON_ENGINE_OPTIONS, EngineOption(("-d", "--site-dir"), "where to write the site (default: site/)", "DIR")),
    "serve": (
        *_COMMON_ENGINE_OPTIONS,
        EngineOption(("-a", "--dev-addr"), "the address and port to serve at (default: 127.0.0.1:8000)", "IP:PORT"),
        EngineOption(("-o", "--open"), "open the site in a web browser once it is built"),
        EngineOption(("--no-livereload",), "do not reload the browser after a save"),
        EngineOption(("-w", "--watch"), "another file or folder to watch (repeatable)", "PATH", repeat=True),
    ),
}
"""The engine's common options, taken directly; any other goes after ``--``."""


def _add_engine_options(parser: argparse.ArgumentParser, command: str) -> None:
    for option in ENGINE_OPTIONS[command]:
        if option.metavar is None:
            parser.add_argument(*option.flags, dest=option.dest, action="store_true", help=option.help)
        else:
            parser.add_argument(
                *option.flags, dest=option.dest, metavar=option.metavar, default=None, action="append" if option.repeat else "store", help=option.help
            )


def engine_arguments(command: str, args: argparse.Namespace) -> list[str]:
    """The engine options given to `notices build` or `notices serve`, then the words after ``--``."""
    given = [word for option in ENGINE_OPTIONS[command] for word in option.forwarded(getattr(args, option.dest))]
    return [*given, *(word for word in args.mkdocs_args if word != "--")]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notices", usage="%(prog)s [-h] [--version] COMMAND ...", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # DESCRIPTION lists the commands, one line each (the i18n ones too); argparse's own list would repeat them.
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", help=argparse.SUPPRESS, prog="notices")
    # Every command that reads the data takes the same --data option.
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data", type=Path, default=None, metavar="DIR", help="the data folder (default: $NOTICES_DATA or ./data)")

    new_site = sub.add_parser("new-site", help="start a site of your own in a new folder", description=NEW_SITE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    new_site.add_argument("folder", type=Path, metavar="DIR", help="the new site's folder: a new one, or an empty one")
    new_site.add_argument(
        "-y", "--yes", action="store_true",
        help="ask nothing: what no flag gives takes its default, a fact of the notice in words becomes a REPLACE: placeholder that publishing refuses, and an answer with neither is an error",
    )
    for question in scaffold.QUESTIONS:
        new_site.add_argument(question.flag, dest=question.key, metavar=question.metavar, default=None, help=question.help)

    validate = sub.add_parser(
        "validate", description=VALIDATE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data]
    )
    validate.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day the site describes (default: $NOTICES_AS_OF, $SOURCE_DATE_EPOCH or today)")
    validate.add_argument("--draft", action="store_true", help="report what a drafting build shows: publish blockers are warnings, and only data errors fail")

    check = sub.add_parser("check", description=CHECK_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    check.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day that decides which versions are in force (default: $NOTICES_AS_OF, $SOURCE_DATE_EPOCH or today)")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="text for people (default), json for other tools, sarif for code scanning")
    check.add_argument("--output", type=Path, default=None, metavar="FILE", help="write the report to FILE instead of the screen")
    what = check.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="list every rule and stop")
    what.add_argument("--explain", metavar="RULE", default=None, help="explain one rule (e.g. PN124) and stop")
    what.add_argument("--reference", action="store_true", help="print the Markdown rules reference (RULES.md) and stop")

    report_cmd = sub.add_parser("report", description=REPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    report_cmd.add_argument("--base", required=True, metavar="REVISION", help="the git revision to compare with, e.g. origin/main")
    report_cmd.add_argument("--preview-url", default=None, metavar="URL", help="where the preview of this change is served, for links to its pages: an https:// address whose path holds only letters, digits and . _ ~ %% / -")
    report_cmd.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day that decides which versions are in force (default: $NOTICES_AS_OF, $SOURCE_DATE_EPOCH or today)")
    report_cmd.add_argument("--format", choices=("markdown", "json"), default="markdown", help="markdown for a pull-request comment (default), json for other tools")
    report_cmd.add_argument("--output", type=Path, default=None, metavar="FILE", help="write the report to FILE instead of the screen")

    schema = sub.add_parser(
        "schema", description=SCHEMA_HELP, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    schema.add_argument("--out", type=Path, default=Path("schema"), metavar="DIR", help="where to write the schemas (default: schema/)")
    schema.add_argument("--check", action="store_true", help="only check that the files in DIR are up to date")

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
    parser.i18n_parser = i18n  # type: ignore[attr-defined]

    new_version = sub.add_parser("new-version", description=NEW_VERSION_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    new_version.add_argument("notice", metavar="ENTITY/NOTICE", help="e.g. lumo-advisory/privacy")
    new_version.add_argument("date", metavar="YYYY-MM-DD", help="the day the new version takes effect")

    lock_cmd = sub.add_parser("lock", description=LOCK_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    lock_cmd.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day that decides which versions have taken effect (default: today)")
    lock_cmd.add_argument("--prune", action="store_true", help="only remove the entries of versions whose files no longer exist (data that were never published here, such as example data), naming each; nothing is locked")

    build = sub.add_parser("build", description=BUILD_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    build.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day the site describes (default: $NOTICES_AS_OF, $SOURCE_DATE_EPOCH or today)")
    build.add_argument("--draft", action="store_true", help="drafting: build although a required language is incomplete or a locked version changed, and list what stops publishing on /_drafting/")
    build.add_argument("--preview", action="store_true", help="a preview of unpublished changes: drafting, a banner and noindex on every page, a robots.txt that disallows everything; links point at NOTICES_SITE_URL (or stay relative)")
    build.add_argument("--pr", default=None, metavar="NUMBER", help="with --preview: the pull request's number, shown in the banner (or NOTICES_PREVIEW_PR)")
    build.add_argument("--commit", default=None, metavar="SHA", help="with --preview: the head commit, shown in the banner (or NOTICES_PREVIEW_COMMIT)")
    _add_engine_options(build, "build")
    build.add_argument("mkdocs_args", nargs=argparse.REMAINDER, help="any other option of the engine's build, after -- (e.g. -- --no-directory-urls)")

    export_site = sub.add_parser("export-site", description=EXPORT_SITE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    export_site.add_argument("folder", type=Path, metavar="DIR", help="where to write the tree: a new or empty folder")
    export_site.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day the site describes (default: $NOTICES_AS_OF, $SOURCE_DATE_EPOCH or today)")

    serve = sub.add_parser("serve", description=SERVE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    serve.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day the site describes (default: today)")
    serve.add_argument("--publish", action="store_true", help="serve as a publishing build would build: every blocker stops it")
    serve.add_argument("--full", action="store_true", help="rebuild the whole site on every save (plain `mkdocs serve`) instead of only the pages a save touches")
    _add_engine_options(serve, "serve")
    serve.add_argument("mkdocs_args", nargs=argparse.REMAINDER, help="any other option of the engine's serve, after -- (e.g. -- --watch-theme)")
    return parser


BUG_EXIT = 70
"""Exit status for an error in the command itself (EX_SOFTWARE): never a traceback."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; broken pipes, interrupts and bugs end with one line, never a traceback."""
    try:
        return _run(argv)
    except KeyboardInterrupt:
        print("notices: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`notices i18n status | head`): stop quietly.
        _silence_stdout()
        return 141
    except paths.Refused as exc:
        # A write that met a link out of the data folder: refused where it would have happened, as a data error.
        log = ErrorLog()
        log.add(exc.refusal.path, 1, 1, "", exc.refusal.reason)
        print_errors(log, sys.stderr)
        return 1
    except Exception as exc:
        if os.environ.get("NOTICES_DEBUG"):
            raise
        print(
            f"notices: internal error ({type(exc).__name__}: {textcheck.excerpt(str(exc), 200)}); this is a bug in the "
            "generator, not in your data: please report it with the command you ran and this line "
            "(NOTICES_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return BUG_EXIT


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown and args.command in ENGINE_OPTIONS:
        words = " ".join(unknown)
        print(f"notices {args.command}: unrecognized arguments: {words}; the engine's other options go after --: notices {args.command} -- {words}", file=sys.stderr)
        return 2
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command == "new-site":
        return cmd_new_site(args.folder, {q.key: getattr(args, q.key) for q in scaffold.QUESTIONS}, args.yes)
    if args.command == "validate":
        return cmd_validate(args.data, args.as_of, args.draft)
    if args.command == "schema":
        return cmd_schema(args.out, args.check)
    if args.command == "i18n" and args.i18n_command == "update":
        return cmd_i18n_update(args.data, args.language)
    if args.command == "report":
        return cmd_report(args.data, args.base, args.preview_url, args.as_of, args.format, args.output)
    if args.command == "check":
        return cmd_check(args.data, args.as_of, args.format, args.output, args.list, args.explain, args.reference)
    if args.command == "i18n" and args.i18n_command == "swap":
        return cmd_i18n_swap(args.data, args.entity, args.language, args.date)
    if args.command == "i18n" and args.i18n_command == "status":
        return cmd_i18n_status(args.data, args.format, args.as_of)
    if args.command == "i18n":
        parser.i18n_parser.print_help()  # type: ignore[attr-defined]
        return 2
    if args.command == "new-version":
        return cmd_new_version(args.data, args.notice, args.date)
    if args.command == "lock":
        return cmd_lock(args.data, args.as_of, args.prune)
    if args.command == "build":
        return cmd_build(args.data, args.as_of, args.draft, engine_arguments("build", args), args.preview, args.pr, args.commit)
    if args.command == "export-site":
        return cmd_export_site(args.folder, args.data, args.as_of)
    if args.command == "serve":
        return cmd_serve(args.data, args.as_of, args.publish, engine_arguments("serve", args), full=args.full)
    parser.print_help()
    return 2


def find_project(start: Path | None = None) -> Path | None:
    """The folder holding ``mkdocs.yml``: the current one or the nearest above it, as git finds its repository."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return None


def _default_data() -> Path:
    """``$NOTICES_DATA``, else ``data/`` of the project found from here, else ``./data``."""
    configured = os.environ.get("NOTICES_DATA")
    if configured:
        return Path(configured)
    project = find_project()
    return project / "data" if project else Path("data")


def _day(command: str, as_of: str | None) -> datetime.date | None:
    """The as-of day for a command, or None (with the reason printed) when it cannot be had."""
    try:
        return as_of_date(as_of)
    except AsOfError as exc:
        print(f"notices {command}: {exc}", file=sys.stderr)
        return None


def cmd_validate(data: Path | None, as_of: str | None, draft: bool = False) -> int:
    root = data or _default_data()
    day = _day("validate", as_of)
    if day is None:
        return 2
    project_folder = root.resolve().parent
    docs = project_folder / "docs"
    checked = load_and_check(root, day, docs if docs.is_dir() else None)
    project, errors, blockers = checked.project, checked.errors, checked.blockers
    if draft:
        print_errors(errors)
        print_errors(blockers, warning=True)
    else:  # both stop publishing: one list, in the order of the files
        everything = ErrorLog()
        everything.extend(errors)
        everything.extend(blockers)
        print_errors(everything)
    mode = "drafting" if draft else "publishing"
    if project is None or errors:
        also = f", and {plural(len(blockers), 'publish blocker')} in the files that loaded" if blockers else ""
        print(f"{errors.summary()}{also}; nothing can be built ({display_path(root)}).{_skipped(checked.loaded)}", file=sys.stderr)
        if checked.warnings:
            print(f"{compliance.summary(checked.findings)}; `notices check` lists them.", file=sys.stderr)
        return 1
    versions = project.all_versions()
    notices = sum(len(e.notices) for e in project.entities.values())
    checked_what = (
        f"{plural(len(project.entities), 'entity', 'entities')}, {plural(notices, 'notice')} and "
        f"{plural(len(versions), 'version')} in {display_path(root)} checked for {mode} (as of {day.isoformat()})"
    )
    if checked.warnings:
        print(f"{compliance.summary(checked.findings)}; `notices check` lists them.", file=sys.stderr)
    if blockers and not draft:
        print(f"{checked_what}: {plural(len(blockers.sorted()), 'publish blocker')}; drafting (`notices validate --draft`, `notices serve`) shows the site anyway.", file=sys.stderr)
        return 1
    if blockers:
        print(f"{checked_what}: no errors; {plural(len(blockers.sorted()), 'warning')} that would stop publishing.")
        return 0
    print(f"{checked_what}: no errors.")
    return 0


def _skipped(loaded: Project | None) -> str:
    """What the translation checks and the rules could not look at, because its own files have errors."""
    if loaded is None:
        return " The data could not be read far enough to run the other checks."
    if not loaded.skipped:
        return ""
    names = textcheck.one_line(", ".join(loaded.skipped))  # folder names, which may hold anything
    return f" The translation checks and the rules ran on everything else; not on {names}, whose files have errors."


def cmd_new_site(folder: Path, given: dict[str, str | None], yes: bool) -> int:
    def ask(prompt: str, default: str | None) -> str | None:
        print(f"{prompt}{f' [{default}]' if default else ''}: ", end="", flush=True)
        line = sys.stdin.readline()
        if not line or not sys.stdin.isatty():
            print(line.rstrip("\r\n"))  # answers read from a file or pipe, shown as a terminal would show them
        return line if line else None

    def tell(message: str) -> None:
        print(message, file=sys.stderr)

    day = _day("new-site", None)
    if day is None:
        return 2
    try:
        scaffold.check_folder(folder)
        answers = scaffold.collect(given, None if yes else ask, tell)
        files = scaffold.render(answers, schemas())
    except scaffold.AnswerError as exc:
        for line in str(exc).splitlines():
            print(f"notices new-site: {line}", file=sys.stderr)
        return 2
    found = scaffold.problems(files, day)
    if found.refused:
        for line in found.refused:
            print(line, file=sys.stderr)
        print(f"notices new-site: the answers make data that a publishing build would refuse; nothing was written to {folder}", file=sys.stderr)
        return 2
    try:
        scaffold.write(folder, files)
    except OSError as exc:
        print(f"notices new-site: cannot write {folder}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    notice = scaffold.notice_path(answers)
    print(f"created {display_path(folder)}: {plural(len(files), 'file')}, with {answers['entity']} and the first version of its notice, {notice}")
    if scaffold.is_local(answers["generator"]):
        print(
            f"notices new-site: requirements.txt names the generator by a file or folder on this machine ({answers['generator']}), "
            "which CI elsewhere cannot install; name a release or a commit there (or use --generator)",
            file=sys.stderr,
        )
    if found.placeholders:
        print(f"{plural(len(found.placeholders), 'placeholder')} marked REPLACE: stand where no answer was given; publishing refuses them until they are written:")
        for line in found.placeholders:
            print(f"  {line}")
    print(
        ("Next: write what the placeholders ask for before you publish (README.md, \"Before you publish\"), then\n" if found.placeholders else "Next:\n")
        + f"  cd {display_path(folder)}\n"
        "  python3 -m venv .venv && . .venv/bin/activate && python -m pip install -r requirements.txt\n"
        + ("  notices serve" if found.placeholders else "  notices serve      (or `notices build`: it publishes as it is)")
    )
    return 0


def cmd_report(data: Path | None, base: str, preview_url: str | None, as_of: str | None, fmt: str, output: Path | None) -> int:
    root = (data or _default_data()).resolve()
    day = _day("report", as_of)
    if day is None:
        return 2
    if preview_url:
        try:
            report.check_preview_url(preview_url)
        except ValueError as exc:
            print(f"notices report: --preview-url: {exc}", file=sys.stderr)
            return 2
    project_dir = find_project() or find_project(root) or root.parent
    try:
        made = report.build(project_dir, root, base, day, preview_url)
    except report.ReportError as exc:
        print(f"notices report: {exc}", file=sys.stderr)
        return 2
    text = report.render_json(made) if fmt == "json" else report.render_markdown(made, THEME_DIR / PAGE_TEMPLATES)
    if output is not None:
        output.write_text(text, "utf-8")
    else:
        print(text, end="")
    verdict = "would pass" if made.passes else f"would fail ({plural(len(made.problems), 'problem')})"
    edited = f", {plural(len(made.edited_in_force), 'version')} in force or archived edited" if made.edited_in_force else ""
    print(f"notices report: {plural(len(made.notices), 'notice')} changed{edited} since {base}; a publish build {verdict}", file=sys.stderr)
    return 0


def cmd_check(data: Path | None, as_of: str | None, fmt: str, output: Path | None, list_rules: bool, rule: str | None, reference: bool) -> int:
    if list_rules:
        print(compliance.listing(), end="")
        return 0
    if reference:
        print(compliance.reference(), end="")
        return 0
    if rule is not None:
        text = compliance.explain(rule)
        if text is None:
            print(f"notices check: there is no rule '{textcheck.excerpt(rule)}'; `notices check --list` lists them", file=sys.stderr)
            return 2
        print(text, end="")
        return 0
    root = data or _default_data()
    day = _day("check", as_of)
    if day is None:
        return 2
    checked = load_and_check(root, day, None)
    # Data errors go to stderr: the findings on stdout may be JSON or SARIF for another tool.
    print_errors(checked.errors, sys.stderr)
    base = root.resolve().parent
    findings = checked.findings
    if fmt == "json":
        report = compliance.as_json(findings, base)
    elif fmt == "sarif":
        report = compliance.as_sarif(findings, base)
    else:
        cwd = Path.cwd()
        report = "".join(f.format(cwd) + "\n" for f in findings)
    if output is not None:
        output.write_text(report, "utf-8")
    else:
        print(report, end="")
    print(f"{compliance.summary(findings)} in {display_path(root)} (as of {day.isoformat()})" + (f"; written to {display_path(output)}" if output else ""), file=sys.stderr)
    if checked.errors:
        print(f"{checked.errors.summary()} (see `notices validate`).{_skipped(checked.loaded)}", file=sys.stderr)
        return 1
    return 1 if any(f.blocks for f in findings) else 0


def print_errors(log: ErrorLog, stream: TextIO | None = None, warning: bool = False) -> None:
    """Every error, sorted by file and line, with paths relative to where the command runs."""
    for error in log.sorted():
        line = error.format(Path.cwd())
        if warning:  # file:line:col: warning: … as compilers write it, so that editors list it as one
            position, _, rest = line.partition(f":{error.line}:{error.column}: ")
            line = f"{position}:{error.line}:{error.column}: warning: {rest}"
        print(line, file=stream or sys.stdout)


def _load(data: Path | None) -> tuple[Project | None, ErrorLog]:
    project, errors = load_project(data or _default_data())
    print_errors(errors)
    if errors:
        print(f"{errors.summary()}; fix the data first (see `notices validate`).", file=sys.stderr)
    return project, errors


def cmd_i18n_update(data: Path | None, only: list[str] | None) -> int:
    project, errors = _load(data)
    if project is None:
        return 1
    languages = only or project.site.all_languages
    unknown = [lang for lang in languages if lang not in project.site.all_languages]
    if unknown:
        print(f"notices i18n update: '{unknown[0]}' is not a language of site.yml ({', '.join(project.site.all_languages)})", file=sys.stderr)
        return 2
    # A new catalog's header dates: the as-of day, so that reproducible runs write the same bytes.
    now = datetime.datetime.combine(as_of_date(), datetime.time(), tzinfo=datetime.timezone.utc)
    log = ErrorLog()
    written = i18n.update(project, languages, now, log)
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


def cmd_i18n_swap(data: Path | None, entity: str, language: str, date_text: str | None) -> int:
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
    written = swap.swap(data or _default_data(), entity, language, day, log)
    print_errors(log)
    if log:
        print(f"{log.summary()}; nothing was changed.", file=sys.stderr)
        return 1
    for path in written:
        print(f"rewrote {display_path(path)}")
    print(f"{entity} now writes in {language}; every version reads as before. Commit the data and catalogs together.")
    return 0


def _open(command: str, data: Path | None, as_of: str | None) -> tuple[Project, i18n.Catalogs, datetime.date, ErrorLog] | int:
    """The data, its catalogs and the as-of day for a command, or the exit status when they cannot be had."""
    project, _ = _load(data)
    if project is None:
        return 1
    try:
        day = as_of_date(as_of)
    except AsOfError as exc:
        print(f"notices {command}: {exc}", file=sys.stderr)
        return 2
    log = ErrorLog()
    return project, i18n.Catalogs(project.root, project.site.all_languages, project.site.source_language, log), day, log


def cmd_i18n_status(data: Path | None, fmt: str, as_of: str | None) -> int:
    opened = _open("i18n status", data, as_of)
    if isinstance(opened, int):
        return opened
    project, catalogs, day, log = opened
    rows = i18n.status(project, catalogs, project.site.all_languages, day)
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


CHANGES_STUB = f"# notices new-version: say what this version changes, between the quotes.\nchanges: {json.dumps(CHANGES_PLACEHOLDER)}\n"
"""What a new version says under ``changes`` until it is written: the placeholder drafting shows and publishing refuses."""


def with_changes_stub(text: str) -> str:
    """YAML text with :data:`CHANGES_STUB` after the top-level ``title`` (at the end when there is none).

    >>> print(with_changes_stub("kind: cookies\\ntitle: >-\\n  Cookie\\n  policy\\nintro: Hi.\\n"), end="")
    kind: cookies
    title: >-
      Cookie
      policy
    # notices new-version: say what this version changes, between the quotes.
    changes: ""
    intro: Hi.
    """
    comment = CHANGES_STUB.splitlines(keepends=True)[0]
    lines = [line for line in text.splitlines(keepends=True) if line != comment]  # a copy of a copy gets one comment
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    title = next((i for i, line in enumerate(lines) if line.startswith("title:")), None)
    if title is None:
        return "".join(lines) + CHANGES_STUB
    end = title + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0].isspace()):
        end += 1
    return "".join([*lines[:end], CHANGES_STUB, *lines[end:]])


def without_keys(text: str, keys: tuple[str, ...]) -> str:
    """YAML text without the given top-level keys (and their indented values), comments kept.

    >>> print(without_keys("kind: cookies\\nchanges: >-\\n  Old.\\ntitle: T\\n", ("changes",)), end="")
    kind: cookies
    title: T
    """
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        top_level = bool(line.strip()) and not line[0].isspace()
        if top_level:
            skipping = line.split(":", 1)[0].strip() in keys
        if not skipping:
            out.append(line)
    return "".join(out)


def cmd_new_version(data: Path | None, ref: str, date_text: str) -> int:
    root = data or _default_data()
    entity, _, notice = ref.partition("/")
    folder = root / "entities" / entity / "notices" / notice
    if not (SLUG.match(entity) and SLUG.match(notice)) or not folder.is_dir():
        print(f"notices new-version: no notice '{textcheck.excerpt(ref)}' (expected ENTITY/NOTICE, a folder under {display_path(root / 'entities')})", file=sys.stderr)
        return 2
    target = folder / f"{date_text}.yml"
    effective, problem = version_date(target)
    if effective is None:
        print(f"notices new-version: {problem}", file=sys.stderr)
        return 2
    log = ErrorLog()
    # The folder, the new file and the version copied are each checked before anything is read or written.
    if paths.refuse(folder, root, log, folder=True) or paths.refuse(target, root, log):
        return _refused("new-version", log, "nothing was written")
    versions = sorted((d, p) for p in folder.glob("*.yml") if (d := version_date(p)[0]) is not None)
    if target.exists():
        print(f"notices new-version: {display_path(target)} exists already", file=sys.stderr)
        return 1
    if not versions:
        print(f"notices new-version: {display_path(folder)} has no version to copy", file=sys.stderr)
        return 1
    latest_date, latest = versions[-1]
    if effective <= latest_date:
        print(f"notices new-version: {date_text} is not after the latest version ({latest_date.isoformat()}); a new version takes effect later", file=sys.stderr)
        return 2
    if paths.refuse(latest, root, log):
        return _refused("new-version", log, "nothing was written")
    paths.write_bytes(target, root, with_changes_stub(without_keys(latest.read_text("utf-8"), VERSION_OWN_FIELDS)).encode("utf-8"))
    print(f"created {display_path(target)} from {latest.name}: edit it, and say what this version changes under 'changes:' (publishing refuses the empty placeholder)")
    return 0


def _refused(command: str, log: ErrorLog, outcome: str) -> int:
    """Print what a command refused to read or write, and end it as a data error."""
    print_errors(log, sys.stderr)
    print(f"notices {command}: {log.summary()}; {outcome}.", file=sys.stderr)
    return 1


def cmd_lock(data: Path | None, as_of: str | None, prune: bool = False) -> int:
    if prune:
        return cmd_lock_prune(data or _default_data(), as_of)
    opened = _open("lock", data, as_of)
    if isinstance(opened, int):
        return opened
    project, catalogs, day, log = opened
    done = lock.lock(project, catalogs, day, log)
    print_errors(log)
    if log:
        print(f"{log.summary()}; nothing was locked.", file=sys.stderr)
        return 1
    for entry in done.added:
        print(f"locked {entry}")
    print(f"{display_path(project.root / lock.LOCK_FILE)} {'updated' if done.written else 'is up to date'}")
    return 0


def cmd_lock_prune(root: Path, as_of: str | None) -> int:
    """`notices lock --prune`: the lock file and the folders on disk alone, so that it runs whatever the data say."""
    if as_of is not None:
        print("notices lock: --as-of decides what is locked, and --prune locks nothing; run `notices lock --as-of …` on its own", file=sys.stderr)
        return 2
    path = root / lock.LOCK_FILE
    if not paths.exists(path):
        print(f"notices lock: there is no {display_path(path)} to prune", file=sys.stderr)
        return 2
    log = ErrorLog()
    done = lock.prune(root, log)
    print_errors(log)
    if log:
        print(f"{log.summary()}; nothing was removed.", file=sys.stderr)
        return 1
    for name in done.removed:
        print(f"removed {name}: its version file no longer exists")
    print(f"{display_path(path)} {'updated' if done.written else 'names no version that is gone'}; nothing was locked (`notices lock` does that)")
    return 0


def _mkdocs(command: str, data: Path | None, as_of: str | None, draft: bool | None, extra: list[str], settings: dict[str, str] | None = None) -> int:
    """Run ``build`` or ``serve`` of the engine (ProperDocs or MkDocs) on the project found from here, with the data and day given."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(settings or {})}  # Material's end-of-life banner, on every start otherwise
    try:
        program = engine()
    except EngineError as exc:
        print(f"notices {command}: {exc}", file=sys.stderr)
        return 2
    if as_of or "NOTICES_AS_OF" in os.environ:
        try:
            env["NOTICES_AS_OF"] = as_of_date(as_of).isoformat()
        except AsOfError as exc:
            print(f"notices {command}: {exc}", file=sys.stderr)
            return 2
    if data is not None:
        if not data.is_dir():
            print(f"notices {command}: --data: no folder {data}", file=sys.stderr)
            return 2
        env["NOTICES_DATA"] = str(data.resolve())
    if draft is not None:
        env["NOTICES_MODE"] = "draft" if draft else "publish"
    args = [a for a in extra if a != "--"]
    project = find_project()
    if project is None and "-f" not in args and "--config-file" not in args:
        print(f"notices {command}: no mkdocs.yml here or in any folder above {Path.cwd()}", file=sys.stderr)
        return 2
    if project is not None and "-f" not in args and "--config-file" not in args:
        args = ["-f", str(project / "mkdocs.yml"), *args]
    return run_engine([sys.executable, "-m", program, command, *args], env)


FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""Signals `notices build` and `notices serve` pass on to the engine, so that stopping one stops the server."""

STOP_WAIT = 10.0
"""Seconds the engine has to stop after a forwarded signal before it is killed."""


def run_engine(command: list[str], env: dict[str, str]) -> int:
    """Run the engine until it ends; a signal that stops this command stops it too, and frees its port.

    The engine runs in a process group of its own, so that every signal (Ctrl-C
    in the terminal, SIGTERM from ``kill`` or a service manager, SIGHUP from a
    closed terminal) reaches it once, from here, as the interrupt it shuts down
    cleanly on: its server stops and its temporary site folder is removed. The
    exit status is the engine's, or 128 plus the signal.
    """
    # A shell that starts a command in the background makes it ignore SIGINT, and Python then installs no
    # handler for it: the engine is given the default back, so that the interrupt stops it cleanly.
    process = subprocess.Popen(command, env=env, process_group=0, preexec_fn=_interruptible)
    received: list[tuple[int, float]] = []

    def forward(signum: int, _frame: object) -> None:
        received.append((signum, time.monotonic()))
        if process.poll() is None:
            process.send_signal(signal.SIGINT)

    previous = {signum: signal.signal(signum, forward) for signum in FORWARDED}
    try:
        while True:
            try:
                code = process.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if received and time.monotonic() - received[0][1] > STOP_WAIT:
                    process.kill()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if received:
        return 128 + received[0][0]  # 130 for Ctrl-C, as `notices --help` says; 143 for SIGTERM
    return code


def _interruptible() -> None:
    """In the engine's process, before it starts: SIGINT does what it does by default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cmd_build(data: Path | None, as_of: str | None, draft: bool, extra: list[str], preview: bool = False, pr: str | None = None, commit: str | None = None) -> int:
    if (pr or commit) and not preview:
        print("notices build: --pr and --commit go with --preview", file=sys.stderr)
        return 2
    settings = {"NOTICES_PREVIEW": "1", **({"NOTICES_PREVIEW_PR": pr} if pr else {}), **({"NOTICES_PREVIEW_COMMIT": commit} if commit else {})} if preview else {}
    return _mkdocs("build", data, as_of, True if preview else draft, extra, settings)


def cmd_serve(data: Path | None, as_of: str | None, publish: bool, extra: list[str], full: bool = False) -> int:
    dirty = [] if full or "--dirty" in extra or "--clean" in extra else ["--dirty"]
    return _mkdocs("serve", data, as_of, False if publish else True, [*dirty, *extra])


def cmd_export_site(target: Path, data: Path | None, as_of: str | None) -> int:
    """Export the site's source (see :mod:`privacy_notices.site.export_site`); one line says what came of it."""
    root = (data or _default_data()).resolve()
    day = _day("export-site", as_of)
    if day is None:
        return 2
    try:
        done = export_site.export_project(target, root, find_project() or root.parent, day)
    except export_site.ExportRefused as exc:
        print(f"notices export-site: {exc}", file=sys.stderr)
        return 2
    except PageError as exc:
        print(f"notices export-site: {describe_failure(exc.__cause__ or exc, Path.cwd())} (while rendering {exc.uri})", file=sys.stderr)
        return 1
    if isinstance(done, SiteTree):
        pages = sum(len(site.pages) for site in done.languages)
        print(f"notices export-site: wrote {plural(pages, 'page')} in {plural(len(done.languages), 'language')} to {target}; `zensical build` in it builds the site")
        return 0
    print_errors(done.errors, sys.stderr)
    print_errors(done.blockers, sys.stderr)
    problems = len(done.errors) + len(done.blockers)
    print(f"notices export-site: {plural(problems, 'error')} (data errors and publish blockers); nothing was written", file=sys.stderr)
    return 1


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` with the right form of ``word``.

    >>> plural(1, "entity", "entities"), plural(3, "notice")
    ('1 entity', '3 notices')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"


def schemas() -> dict[str, str]:
    """Each schema file's text, generated from the models."""
    return {name: json_schema_text(name, target) for name, target in SCHEMAS.items()}


def cmd_schema(out: Path, check: bool) -> int:
    made = schemas()
    # Read and written only where they stand in DIR: a link out of it, to nothing or to a FIFO is refused, before anything is written.
    refused = [found for name in made if (found := paths.problem(out / name, out, within=f"{display_path(out)}/")) is not None]
    for found in refused:
        print(f"notices schema: {textcheck.one_line(display_path(found.path))}: {found.reason}", file=sys.stderr)
    if refused:
        return 2
    stale = []
    for name, text in made.items():
        path = out / name
        current = path.read_text("utf-8") if path.is_file() else None
        if current == text:
            continue
        if check:
            stale.append(path.as_posix())
        else:
            try:
                paths.write_bytes(path, out, text.encode("utf-8"))
            except OSError as exc:
                print(f"notices schema: cannot write {textcheck.one_line(path.as_posix())}: {exc.strerror or exc}", file=sys.stderr)
                return 2
            print(f"wrote {path.as_posix()}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run `notices schema --out {out.as_posix()}`", file=sys.stderr)
        return 1
    if check:
        print("schemas are up to date")
    return 0
