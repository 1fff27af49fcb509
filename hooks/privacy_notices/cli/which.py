"""`notices which`: the version of a notice in force at a moment, as the site's in-force.json answers it.

The command builds the same index entry the site publishes
(:func:`privacy_notices.site.inforce.notice_entry`) and picks from it with
the same intervals (:mod:`privacy_notices.data.inforce`), so that the
command line, the files and any client reading them agree.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from privacy_notices.cli.common import open_data
from privacy_notices.data import inforce
from privacy_notices.data.settings import Settings
from privacy_notices.data.textcheck import excerpt
from privacy_notices.site import inforce as index
from privacy_notices.site.urls import absolute

WHICH_HELP = """\
Say which version of a notice was (or will be) in force at a moment, with
its validity interval and, per language, the SHA-256 of its text and its
addresses, as the site's in-force.json says:

  notices which lumo-advisory privacy 2025-03-04T12:00
  notices which lumo-advisory privacy 2025-03-04T10:00Z --language fi --format json

WHEN is a date (YYYY-MM-DD: that day, as versions change only at midnight),
a local time in the company's time_zone (YYYY-MM-DDTHH:MM[:SS]; an hour that
comes twice in autumn, its first time), or either with an offset (+02:00 or
Z). A version is in force from 00:00 of its date in that zone until 00:00
of the next version's date. Addresses are under NOTICES_SITE_URL or
site.yml's base_url, or from the site's root without either.

Exit status 2 for an unknown company, notice or language, a WHEN that
cannot be read, or a moment before the first version.
"""


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], data: argparse.ArgumentParser) -> None:
    """The parser of `which`."""
    which = sub.add_parser("which", description=WHICH_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    which.add_argument("entity", metavar="ENTITY", help="the company's folder name, e.g. lumo-advisory")
    which.add_argument("notice", metavar="NOTICE", help="the notice's folder name, e.g. privacy")
    which.add_argument("when", metavar="WHEN", help="YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (the company's local time), or with +HH:MM or Z")
    which.add_argument("--language", default=None, metavar="LANG", help="only this language's hash and addresses (default: every language the notice is published in)")
    which.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or JSON: the version's entry of in-force.json with the moment asked about")
    which.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day that decides current, archived and upcoming (default: today)")


def _refuse(message: str) -> int:
    print(f"notices which: {message}", file=sys.stderr)
    return 2


def cmd_which(settings: Settings, entity: str, notice: str, when: str, language: str | None, form: str) -> int:
    opened = open_data("which", settings)
    if isinstance(opened, int):
        return opened
    project, catalogs, day, _ = opened
    record = project.entities.get(entity)
    if record is None:
        return _refuse(f"no company '{excerpt(entity)}'; the companies are: {', '.join(project.entities) or 'none'}")
    series = record.notices.get(notice)
    if series is None:
        return _refuse(f"{entity} has no notice '{excerpt(notice)}'; its notices are: {', '.join(record.notices) or 'none'}")
    languages = project.languages_of(entity)
    if language is not None and language not in languages:
        return _refuse(f"{entity} does not publish in '{excerpt(language)}'; it publishes in: {', '.join(languages)}")
    zone_name = project.time_zone(entity)
    zone = inforce.zone(zone_name)
    try:
        moment = inforce.parse_moment(when, zone)
    except inforce.MomentError as exc:
        return _refuse(f"WHEN: {exc}")
    spans = inforce.intervals([version.effective for version in series.versions], zone)
    found = inforce.in_force(spans, moment)
    if found is None:
        return _refuse(
            f"no version of {entity}/{notice} was in force on {moment.isoformat()} ({zone_name}): "
            f"the first took effect on {spans[0].start.isoformat()}"
        )
    # Addresses as the build writes them: under NOTICES_SITE_URL when a preview names one, else site.yml's base_url.
    site_url = (settings.site_url.rstrip("/") + "/" if settings.site_url else None) or project.site.base_url
    entry = index.notice_entry(project, catalogs, series, day, lambda uri: absolute(uri, site_url))
    version: dict[str, Any] = entry["versions"][found]
    if language is not None:
        version = {**version, "languages": {language: version["languages"][language]}}
    if form == "json":
        answer = {"entity": entity, "notice": notice, "moment": moment.isoformat(), "time_zone": zone_name, "as_of": day.isoformat(), "version": version}
        print(json.dumps(answer, indent=2, ensure_ascii=False))
        return 0
    until = version["until"] or "no later version is known"
    print(f"{entity}/{notice} at {moment.isoformat()} ({zone_name}): the version of {version['effective']}")
    print(f"  in force from {version['from']} until {until}; {version['status']} as of {day.isoformat()}")
    for code, shown in version["languages"].items():
        note = "" if shown["complete"] else " (some texts untranslated, shown in the original)"
        print(f"  {code}: sha256 {shown['sha256']}{note}")
        print(f"      {shown['url']}")
        print(f"      {shown['notice_json']}")
    return 0
