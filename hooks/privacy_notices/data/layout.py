"""How a notice is laid out and what it points to beyond its fixed topics.

Free sections, the notice's own order and numbering of them, notices
published elsewhere, and situations another notice tells about: what the
pages arrange and link, rather than facts of the processing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from privacy_notices.data import textcheck
from privacy_notices.data.fields import Markdown, NoticeRef, Slug, Strict, Text, Topic, Url


class Section(Strict):
    """A free Markdown section, placed after one of the fixed topics."""

    id: Slug
    title: Text
    body: Markdown
    after: Topic = "contact"
    """The topic this section follows: start, intro, controller, activities, … contact."""


class ExternalNotice(Strict):
    """A notice published elsewhere, e.g. the group's controller notice on its main website."""

    title: Text
    """The notice's title as a link text, e.g. "Privacy notice of Kajo Group"."""
    url: Url
    """Its address; https only."""

    @field_validator("url")
    @classmethod
    def _https(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise ValueError(f"a notice elsewhere is linked with https://, found '{textcheck.excerpt(value)}'")
        return value


NumberedList = Literal["summary", "purposes", "data_categories", "recipients", "statements"]
"""Lists the notice may number as its own document does: the key points, an activity's purposes and data, the recipients, the statements."""

LEAVE_OUT = ("controller", "dpo", "representative", "authority", "contact", "changes")
"""Sections the generator makes (from entity.yml, or the changes section with its links to other versions) that a
notice may leave out, because it says the same in a section of its own or does not have them."""


class Heading(Strict):
    """A section's heading in the notice's own words, instead of the built-in one."""

    id: str
    """The section: a topic (controller, activities, rights…), in-brief, dpo, representative or joint-controllers."""
    title: Text
    """The heading as the notice words it, e.g. "Rekisterinpitäjä"; translated like any text."""


class Layout(Strict):
    """How the notice's own document was laid out: its order of sections, their numbering, and which it has."""

    order: list[str] = []
    """Section anchors in the notice's own order: topics (controller, activities, transfers, rights…) and free
    sections' ids. Sections not listed follow in the usual order, and are not numbered."""
    numbered: bool = False
    """True to number the sections (1., 2., …) as the notice does, e.g. when it refers to "section 10": those
    `order` lists, or every section when it lists none."""
    merge: dict[str, str] = {}
    """Sections shown within another one, at its end, as a sub-section under their own heading: e.g.
    `authority: rights`, `dpo: contact`. Anchors stay the same."""
    leave_out: list[str] = []
    """Sections the generator makes that the notice does not have, because it says the same elsewhere (in a
    free section, in `contact_note`…): controller, dpo, representative, authority, contact, and changes (the
    links to other versions stay in the page's header)."""
    numbered_lists: list[NumberedList] = []
    """Lists shown numbered (1., 2., …), as the notice numbers them: summary, purposes, data_categories,
    recipients, statements."""
    headings: list[Heading] = []
    """Headings in the notice's own words, by section (`id: controller`, `title: Data controller`); the
    sections not named keep the built-in headings. Anchors stay the same."""
    retention_table: bool = False
    """True to show each activity's retention in a table of the section "How long we keep the data", as the
    notice does, instead of with the activity."""


class LeadIns(Strict):
    """The notice's own words before a list, as its document introduces it (e.g. "We may disclose your data to:")."""

    summary: Markdown | None = None
    """Before the key points ("In brief")."""
    activities: Markdown | None = None
    """Before the activities ("What data we process and why")."""
    recipients: Markdown | None = None
    """Before the recipients ("Who receives the data")."""
    statements: Markdown | None = None
    """Before the statements ("What we do not do")."""
    rights: Markdown | None = None
    """Before the list of rights ("Your rights"); how to use them (`rights_how`) follows the list."""


class ToldElsewhere(Strict):
    """A situation the notice only points to: another notice tells about it (e.g. applying for a job)."""

    id: Slug
    """Short identifier, unique among the activities, e.g. job-applicants."""
    title: Text
    """The situation in the reader's words, e.g. "Applying for a job"."""
    see: NoticeRef | ExternalNotice
    """The notice that tells about it: "notice" or "entity/notice" of this site, or title and url of one elsewhere."""
    note: Markdown | None = None
    """A few words more, if the notice says them."""
