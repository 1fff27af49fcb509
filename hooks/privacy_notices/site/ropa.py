"""The record of processing activities (Art. 30 GDPR) drawn from the notices in force: one row per activity.

A controller's notices give the rows of its record under Art. 30(1), a
processor notice those under Art. 30(2). Each cell says what the page says,
in the page's words for that language (the same catalogs, labels, country
names and durations), as plain text; a fact the data do not hold is never
guessed: its cell says so, and the activity is reported with its position.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass, field
from typing import Literal

from privacy_notices.data import textcheck, vocab
from privacy_notices.data.asof import current_index
from privacy_notices.data.errors import ErrorLog, format_where
from privacy_notices.data.model import ControllerNotice, Entity, NoticeBase, ProcessorNotice
from privacy_notices.data.parties import Address, Contact, Party, Processor, Recipient
from privacy_notices.data.processing import Activity, Retention, Transfer
from privacy_notices.data.project import NoticeVersion, Project
from privacy_notices.i18n.builtin import RECORD_WORDS
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.i18n.localize import Localizer
from privacy_notices.site.render import Renderer, long_date
from privacy_notices.site.theme import page_template_dirs

Kind = Literal["controller", "processor"]

COLUMNS: tuple[tuple[str, str, tuple[Kind, ...]], ...] = (
    ("organisation", "", ("controller", "processor")),
    ("contact", "contact", ("controller", "processor")),
    ("representative", "Representative in the EU", ("controller", "processor")),
    ("dpo", "Data protection officer", ("controller", "processor")),
    ("joint_controllers", "Joint controllers", ("controller",)),
    ("controllers", "controllers", ("processor",)),
    ("notice", "notice", ("controller", "processor")),
    ("activity", "activity", ("controller", "processor")),
    ("purposes", "Purposes", ("controller", "processor")),
    ("legal_basis", "legal_basis", ("controller",)),
    ("data_subjects", "data_subjects", ("controller", "processor")),
    ("data_categories", "data_categories", ("controller", "processor")),
    ("recipients", "recipients", ("controller", "processor")),
    ("transfers", "transfers", ("controller", "processor")),
    ("retention", "retention", ("controller", "processor")),
    ("security", "security", ("controller", "processor")),
)
"""Each column: its key, its heading (a key of RECORD_WORDS, or a message of the pages), and the records it is in.
The organisation's heading is "Controller" or "Processor", by record."""


@dataclass
class Row:
    """One activity of a notice in force, as the record states it."""

    kind: Kind
    cells: dict[str, str]


@dataclass
class Record:
    """The record of one or more entities in one language, as of a day."""

    language: str
    as_of: datetime.date
    headings: dict[str, str]
    """Every column's heading, and the words for each record and sheet, in the record's language."""
    rows: list[Row] = field(default_factory=list)
    incomplete: ErrorLog = field(default_factory=ErrorLog)
    """Each activity whose facts under Art. 30 the data lack, at its position in its file."""
    fallbacks: int = 0
    """Texts shown in the entity's original language for want of a translation (as the page shows them)."""

    def columns(self, kind: Kind | None = None) -> list[tuple[str, str]]:
        """The (key, heading) of the record's columns: one record's, or (None) every column, after the record's own."""
        if kind is None:
            return [("record", self.headings["record"])] + [(key, self.headings[key]) for key, _, _ in COLUMNS]
        return [(key, self.headings[f"organisation_{kind}"] if key == "organisation" else self.headings[key]) for key, _, kinds in COLUMNS if kind in kinds]


class NotInForce(ValueError):
    """No controller or processor notice of the entities asked for is in force on the day."""


def in_force(project: Project, entities: list[str], day: datetime.date) -> list[NoticeVersion]:
    """The version in force on ``day`` of each controller and processor notice of ``entities``, in the site's order."""
    found: list[NoticeVersion] = []
    missing: list[str] = []
    for entity in entities:
        for series in project.entities[entity].notices.values():
            if series.kind not in ("controller", "processor"):
                continue
            index = current_index([v.effective for v in series.versions], day)
            if index is None:
                missing.append(f"{entity}/{series.id} (its first version takes effect on {series.versions[0].effective.isoformat()})")
            else:
                found.append(series.versions[index])
    if not found:
        what = "; ".join(missing) if missing else f"{', '.join(entities)} (it has no privacy or processor notice)"
        raise NotInForce(f"no version of {what} is in force on {day.isoformat()}")
    return found


def build_record(project: Project, catalogs: Catalogs, entities: list[str], language: str, day: datetime.date) -> Record:
    """The record of ``entities`` in ``language`` as of ``day``; raises :class:`NotInForce` when it would be empty."""
    versions = in_force(project, entities, day)
    renderer = Renderer(page_template_dirs(None), language, catalogs.ui(language))
    localizer = Localizer(catalogs, language, project.site.source_language, sources=project.sources())
    words = _Words(renderer, language)
    headings = {key: words.gettext(RECORD_WORDS.get(heading, heading)) for key, heading, _ in COLUMNS if heading}
    headings |= {f"organisation_{kind}": words.gettext(RECORD_WORDS["controller"] if kind == "controller" else "Processor") for kind in ("controller", "processor")}
    headings |= {key: words.gettext(message) for key, message in RECORD_WORDS.items() if key.startswith(("sheet_", "record", "title"))}
    headings["organisation"] = f"{headings['organisation_controller']} / {headings['organisation_processor']}"
    record = Record(language, day, headings)
    for version in versions:
        entity = localizer.model(project.entities[version.entity].data, version.entity)
        notice = localizer.model(version.data, version.entity)
        for index, activity in enumerate(getattr(notice, "activities", [])):
            row = _row(words, entity, notice, version, activity)
            record.rows.append(row)
            # Named as the file writes them, in the entity's own language: the report points at the file.
            for message in _missing(row.kind, version.data, getattr(version.data, "activities")[index]):
                line, column = version.doc.mark(("activities", index))
                record.incomplete.add(version.path, line, column, format_where(("activities", index)), message)
    record.fallbacks = localizer.fallbacks
    return record


def _missing(kind: Kind, notice: NoticeBase, activity: Activity) -> list[str]:
    """What the record of ``activity`` lacks that Art. 30 asks for and the data could say, in plain words."""
    article = "30(1)" if kind == "controller" else "30(2)"
    missing = []
    if not notice.security:
        point = "(g)" if kind == "controller" else "(d)"
        missing.append(
            f"the record of processing (Art. {article}{point} GDPR) needs a description of the security measures for "
            f"'{textcheck.excerpt(activity.title, 60)}'; the notice has no 'security' (how the data are protected)"
        )
    for transfer in _transfers_of(notice, activity):
        if transfer.mechanism == "derogation" and not transfer.details:
            missing.append(
                f"the record of processing (Art. {article}{'(e)' if kind == 'controller' else '(c)'} GDPR) documents the safeguards "
                f"of a transfer under a derogation; the transfer of '{textcheck.excerpt(activity.title, 60)}' has no 'details' naming them"
            )
    return missing


def _transfers_of(notice: NoticeBase, activity: Activity) -> list[Transfer]:
    """The notice's transfers that carry the activity's data (a shared recipient), and those that name no recipient."""
    return [t for t in notice.transfers if not t.recipients or set(t.recipients) & set(activity.recipients)]


class _Words:
    """The pages' words and formats in one language, for text that is not a page."""

    def __init__(self, renderer: Renderer, language: str) -> None:
        self.renderer = renderer
        self.language = language
        self.gettext = renderer.translations.gettext

    def word(self, key: str) -> str:
        return self.gettext(RECORD_WORDS[key])

    def term(self, vocabulary: str, key: str, field: str = "label") -> str:
        return self.gettext(vocab.vocabulary(vocabulary)[key][field])

    def country(self, code: str) -> str:
        return self.renderer.country_name(code)

    def date(self, value: datetime.date) -> str:
        return long_date(value, self.language)

    def address(self, address: Address) -> list[str]:
        lines = [address.street] if address.street else []
        lines.append(f"{address.postal_code} {address.city}" if address.postal_code else address.city)
        return lines + [self.country(address.country)]

    def party(self, party: Party) -> str:
        """A party as the page's party block shows it, line by line."""
        lines = [party.name]
        if party.business_id:
            lines.append(f"{self.gettext('Business ID')}: {party.business_id}")
        if party.address:
            lines += self.address(party.address)
        lines += self._reach(party.email, party.phone, None, party.url)
        return "\n".join(lines)

    def contact(self, contact: Contact) -> str:
        """A contact as the page's contact block shows it, line by line."""
        lines = [text for text in (contact.team, contact.name, contact.role) if text]
        lines += self._reach(contact.email, contact.phone, contact.url, contact.website)
        if contact.address:
            lines += self.address(contact.address)
        return "\n".join(lines)

    def _reach(self, email: str | None, phone: str | None, form: str | None, website: str | None) -> list[str]:
        labelled = (("Email", email), ("Phone", phone), ("Contact form", form), ("Website", website))
        return [f"{self.gettext(label)}: {value}" for label, value in labelled if value]

    def retention(self, retention: Retention) -> str:
        """A retention as the page's retention macro says it."""
        lines = []
        if retention.period:
            period = self.renderer.format_duration(retention.period)
            lines.append(self.gettext("%(period)s from %(start)s") % {"period": period, "start": retention.starts} if retention.starts else period)
        if retention.rule:
            lines.append(plain_text(retention.rule))
        return "\n".join(lines)

    def recipient(self, party: Processor | Recipient) -> str:
        """A recipient with its role and country, as the notice's list of recipients shows it; a processor with its service."""
        if isinstance(party, Processor):
            place = self.country(party.country) if party.country else self.gettext("EU/EEA")
            return f"{party.name} ({self.term('recipient_roles', 'processor')}: {party.service}, {place})"
        role = self.term("recipient_roles", party.role) + (f", {self.country(party.country)}" if party.country else "")
        return f"{party.name} ({role})" + (f": {plain_text(party.description)}" if party.description else "")

    def transfer(self, transfer: Transfer, names: dict[str, str]) -> str:
        """A transfer as the notice's table of transfers shows it: where, to whom, under which safeguard, and its details."""
        place = self.gettext("Outside the EU and EEA") if transfer.region else ", ".join(self.country(c) for c in transfer.destinations)
        if transfer.frequency == "occasional":
            place += f" ({self.gettext('occasionally')})"
        whom = ", ".join(names[r] for r in transfer.recipients) if transfer.recipients else self.gettext("Not named in this notice")
        mechanism = vocab.vocabulary("transfer_mechanisms")[transfer.mechanism]
        lines = [f"{place}: {whom}", f"{self.gettext(mechanism['label'])} ({self.gettext(mechanism['article'])})"]
        lines += [plain_text(text) for text in (transfer.details, transfer.safeguards_copy) if text]
        if transfer.supplementary_measures:
            lines.append(f"{self.gettext('Supplementary measures:')} {plain_text(transfer.supplementary_measures)}")
        return "\n".join(lines)


def _row(words: _Words, entity: Entity, notice: NoticeBase, version: NoticeVersion, activity: Activity) -> Row:
    kind: Kind = "processor" if isinstance(notice, ProcessorNotice) else "controller"
    organisation = notice.controller if notice.controller else Party(name=entity.name, business_id=entity.business_id, address=entity.address)
    parties: dict[str, Processor | Recipient] = {**{p.id: p for p in notice.processors}, **{r.id: r for r in notice.recipients}}
    bases = []
    for use in activity.legal_bases:
        term = vocab.vocabulary("legal_bases")[use.basis]
        lines = [f"{words.gettext(term['label'])} ({words.gettext(term['article'])})"]
        if use.legitimate_interest:
            lines.append(f"{words.gettext('Our legitimate interest:')} {plain_text(use.legitimate_interest)}")
        if use.details:
            lines.append(plain_text(use.details))
        bases.append("\n".join(lines))
    special = [f"{s.category}: {words.term('special_conditions', s.condition)} ({words.term('special_conditions', s.condition, 'article')})" for s in activity.special_categories]
    transfers = _transfers_of(notice, activity)
    if transfers:
        names = {key: party.name for key, party in parties.items()}
        transfer_text = "\n\n".join(words.transfer(t, names) for t in transfers)
    else:
        transfer_text = words.word("eea_only" if notice.eea_only else "no_transfers")
    retention = activity.retention or notice.retention
    cells = {
        "record": words.word(f"record_{kind}"),
        "organisation": words.party(organisation),
        "contact": words.contact(entity.contact),
        "representative": words.party(entity.representative) if entity.representative else "",
        "dpo": words.contact(entity.dpo) if entity.dpo else "",
        "joint_controllers": "\n\n".join(f"{j.name}\n{plain_text(j.responsibilities)}" for j in notice.joint_controllers) if kind == "controller" else "",
        "controllers": words.word("customers_elsewhere") if kind == "processor" else "",
        "notice": words.gettext(RECORD_WORDS["version_of"]) % {"title": notice.title, "date": words.date(version.effective)},
        "activity": activity.title + (f"\n{plain_text(activity.description)}" if activity.description else ""),
        "purposes": "\n".join(plain_text(p) for p in activity.purposes),
        "legal_basis": "\n".join(bases) if isinstance(notice, ControllerNotice) else "",
        "data_subjects": "\n".join(activity.data_subjects),
        "data_categories": "\n".join([*activity.data_categories, *special]),
        "recipients": "\n".join(words.recipient(parties[r]) for r in activity.recipients if r in parties) or words.word("no_recipients"),
        "transfers": transfer_text,
        "retention": words.retention(retention) if retention else words.word("not_recorded") if kind == "controller" else "",
        "security": plain_text(notice.security) if notice.security else words.word("not_recorded"),
    }
    return Row(kind, cells)


_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.S)
_BREAK = re.compile(r"<br ?/?>|</p>|</li>|</h\d>|</tr>")
_ITEM = re.compile(r"<li>")
_TAG = re.compile(r"<[^<>]*>")


def plain_text(markdown: str) -> str:
    """A Markdown field as a cell shows it: paragraphs and list items on lines of their own, a link's address after its text.

    >>> plain_text("Keep **two** copies:\\n\\n- one [here](https://a.example/)\\n- one at <https://b.example/>")
    'Keep two copies:\\n• one here (https://a.example/)\\n• one at https://b.example/'
    """

    def link(match: re.Match[str]) -> str:
        href, text = html.unescape(match.group(1)), match.group(2)
        shown = html.unescape(_TAG.sub("", text))
        if href.startswith("notice:") or href in (shown, f"mailto:{shown}"):
            return text
        return f"{text} ({html.escape(href)})"

    rendered = _LINK.sub(link, textcheck.render_markdown(str(markdown)))
    rendered = _ITEM.sub("• ", _BREAK.sub("\n", rendered))
    text = html.unescape(_TAG.sub("", rendered))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
