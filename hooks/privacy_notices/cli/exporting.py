"""``notices export-site``: the site's generated source as a plain folder, for an engine without the hooks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from privacy_notices.cli.common import as_of_day, plural, print_errors
from privacy_notices.data.settings import Settings, find_project
from privacy_notices.mkdocs.serving import describe_failure
from privacy_notices.site import export_site
from privacy_notices.site.tree import PageError, SiteTree

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


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], data: argparse.ArgumentParser) -> None:
    """The parser of `export-site`."""
    parser = sub.add_parser("export-site", description=EXPORT_SITE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    parser.add_argument("folder", type=Path, metavar="DIR", help="where to write the tree: a new or empty folder")
    parser.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day the site describes (default: $NOTICES_AS_OF, $SOURCE_DATE_EPOCH or today)")


def cmd_export_site(settings: Settings, target: Path) -> int:
    """Export the site's source (see :mod:`privacy_notices.site.export_site`); one line says what came of it."""
    day = as_of_day("export-site", settings)
    if day is None:
        return 2
    root = settings.data.resolve()
    project_dir = settings.config_file.parent if settings.config_file else find_project() or root.parent
    try:
        done = export_site.export_project(target, root, project_dir, day, settings.docs)
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
