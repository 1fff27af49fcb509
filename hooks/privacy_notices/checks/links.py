"""Every link between the pages of the site leads to a page: checked before anything is published.

A notice links to other notices (``related``, ``told_elsewhere``, a processor
notice's ``controller_notice`` and ``notice:`` links in any Markdown text) and
to companies (a joint controller's ``entity``); the descriptions in
``entity.yml`` and ``site.yml`` may hold ``notice:`` links too. A link to a
notice or a company the site does not have is reported with its file, line
and column: publishing refuses it, drafting lists it on ``/_drafting/`` and
builds the page with the link's text leading nowhere. A link to a company
that does not publish in a page's language is not a mistake: it leads to the
company's page in a language it publishes in, and says which
(:class:`.views.Targets`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from privacy_notices.data.errors import ErrorLog, format_where
from privacy_notices.data.project import NoticeVersion, Project
from privacy_notices.data.model import ProcessorNotice
from privacy_notices.data.walk import text_fields
from privacy_notices.data.textcheck import excerpt, notice_links
from privacy_notices.data.validation import suggest
from privacy_notices.data.yamlsource import Loc, YamlDocument


def notice_refs(version: NoticeVersion) -> Iterator[tuple[Loc, str]]:
    """Every notice a version links to, as written, with where it is written."""
    data = version.data
    for i, ref in enumerate(data.related):
        yield ("related", i), ref
    for i, pointer in enumerate(getattr(data, "told_elsewhere", [])):
        if isinstance(pointer.see, str):
            yield ("told_elsewhere", i, "see"), pointer.see
    if isinstance(data, ProcessorNotice) and isinstance(data.controller_notice, str):
        yield ("controller_notice",), data.controller_notice
    yield from markdown_refs(version.texts())


def markdown_refs(texts: Iterable[tuple[Loc, str, bool]]) -> Iterator[tuple[Loc, str]]:
    """The ``notice:`` links of the Markdown texts among :func:`.walk.text_fields`, with the field each is in."""
    for loc, text, markdown in texts:
        for ref in notice_links(text) if markdown else []:
            yield loc, ref


class _Report:
    """Where a link is written, and the log its problems go to."""

    def __init__(self, project: Project, log: ErrorLog) -> None:
        self.log = log
        self.entities = sorted({*project.entities, *(name for name in project.skipped if "/" not in name)})
        self.notices = sorted(
            {f"{record.id}/{notice}" for record in project.entities.values() for notice in record.notices}
            | {name for name in project.skipped if "/" in name}
        )
        self.unread = {name for name in project.skipped if "/" not in name}
        """Entities whose entity.yml has errors: what notices they have is not known, so no link to one is judged."""

    def add(self, path: Path, doc: YamlDocument | None, loc: Loc, message: str) -> None:
        line, column = doc.mark(loc) if doc is not None else (1, 1)
        self.log.add(path, line, column, format_where(loc), message)

    def notice(self, path: Path, doc: YamlDocument | None, loc: Loc, ref: str, owner: str) -> None:
        """A reference to ``notice`` (of ``owner``) or ``entity/notice``: a notice of the site, or a mistake."""
        entity, _, notice = ref.rpartition("/")
        full = f"{entity or owner}/{notice}"
        if full in self.notices or (entity or owner) in self.unread:
            return
        # A near miss is looked for among the notices of the entity the reference names first:
        # proposing another company's notice for a typo in one's own would link to the wrong company.
        own = [n for n in self.notices if n.startswith((entity or owner) + "/")]
        hint = suggest(full, own) or ("" if own else suggest(full, self.notices))
        self.add(path, doc, loc, f"unknown notice '{full}'" + hint + f"; known notices: {', '.join(self.notices)}")

    def entity(self, path: Path, doc: YamlDocument | None, loc: Loc, entity: str) -> None:
        if entity not in self.entities:
            self.add(path, doc, loc, f"unknown entity '{entity}'" + suggest(entity, self.entities) + f"; expected one of: {', '.join(self.entities)}")


def check_links(project: Project, log: ErrorLog) -> None:
    """Report every link to a notice or company the site does not have, where it is written."""
    report = _Report(project, log)
    for record in project.entities.values():
        for loc, ref in markdown_refs(text_fields(record.data)):
            report.notice(record.path, record.doc, loc, ref, record.id)
        for series in record.notices.values():
            for version in series.versions:
                for loc, ref in notice_refs(version):
                    report.notice(version.path, version.doc, loc, ref, record.id)
                for i, joint in enumerate(version.data.joint_controllers):
                    if joint.entity:
                        report.entity(version.path, version.doc, ("joint_controllers", i, "entity"), joint.entity)
    site_file = project.root / "site.yml"
    for loc, ref in markdown_refs(text_fields(project.site)):
        if "/" in ref:
            report.notice(site_file, project.site_doc, loc, ref, "")
            continue
        named = [name for name in report.notices if name.endswith(f"/{ref}")]
        hint = f" (did you mean 'notice:{named[0]}'?)" if len(named) == 1 else ""
        report.add(site_file, project.site_doc, loc, f"'notice:{excerpt(ref)}' names no company, and site.yml belongs to none: write notice:ENTITY/{excerpt(ref)}" + hint)
