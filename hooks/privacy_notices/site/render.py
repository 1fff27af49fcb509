"""Render page specs into Markdown through the Jinja templates in ``theme/notices/`` (or a site's overrides of them).

Templates write Markdown headings (so MkDocs builds the table of contents,
permalinks and search sections) and HTML blocks for everything else. The
environment autoescapes, so any value from the data is shown as text;
Markdown fields go through the ``markdown`` filters, which render text that
validation has already checked for HTML, images and unsafe links. Text that
falls back to the source language is marked by the macros of
``_fallback.md.j2``.
"""

from __future__ import annotations

import datetime
import html
import posixpath
import re
from dataclasses import replace
from gettext import NullTranslations
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket
from babel.dates import format_date
from babel.lists import format_list
from babel.units import format_unit
from markupsafe import Markup, escape

from privacy_notices.data import textcheck, vocab
from privacy_notices.history.changes import RedlineSection, Section, redline
from privacy_notices.i18n.localize import Localized
from privacy_notices.site.outline import Marks, Outline, Part, arrange, new_token
from privacy_notices.data.vocab import language_name
from privacy_notices.site.contexts import NoticePage, PageSpec

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
"""Characters Python-Markdown treats as syntax and accepts backslash escapes for."""


def md_escape(text: str) -> Markup:
    """Text made safe for a Markdown heading line: HTML-escaped, Markdown punctuation backslashed.

    >>> print(md_escape("Q&A <b>: [link](javascript:x) {#id}"))
    Q&amp;A &lt;b&gt;: \\[link\\]\\(javascript:x\\) \\{\\#id\\}
    """
    if isinstance(text, Markup):
        text = text.unescape()
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(str(text).replace("\n", " "), quote=False)))


_TAG = re.compile(r"(<[^<>]*>)")
_NOTICE_LINK = re.compile(r'<a href="notice:([a-z0-9/-]+)"([^>]*)>(.*?)</a>', re.S)
"""A ``notice:`` link in a Markdown field's HTML. The renderer makes no HTML of the text itself (every "<" of
the text is escaped), so only a link Markdown made starts with "<a "; and Markdown nests no link in a link."""


def md_escape_markup(text: Markup) -> Markup:
    """Markup from a template (escaped text and the fallback macros' tags) made safe for a heading line.

    Everything in ``text`` that is not a tag is escaped text, so only the text
    between tags needs Markdown's punctuation backslashed.

    >>> print(md_escape_markup(Markup('History: <span lang="en">Q&amp;A #1</span>')))
    History: <span lang="en">Q&amp;A \\#1</span>
    """
    parts = _TAG.split(str(text))
    return Markup("".join(part if i % 2 else md_escape(Markup(part).unescape()) for i, part in enumerate(parts)))


_FENCE = re.compile(r"^([`~])(?=\1\1)", re.M)
"""The first character of a line that opens or closes a fenced code block (three backticks or tildes)."""


def inert_fences(page: str) -> str:
    r"""A page's Markdown with every line that would fence code made text: its first character a character reference.

    MkDocs reads fenced code blocks before it sets HTML blocks aside, so a line
    of three backticks anywhere in the page, even in a value inside an HTML
    block, would open a code block running to the next such line and swallow
    every heading between them. The templates write no such line: each one in
    a page comes from the data, a translation or the Markdown they make, and is
    shown as written.

    >>> print(inert_fences("<li>a\n```\n## Hidden { #h }\n~~~~\n</li>"))
    <li>a
    &#96;``
    ## Hidden { #h }
    &#126;~~~
    </li>
    """
    if "```" not in page and "~~~" not in page:
        return page
    return _FENCE.sub(lambda match: "&#96;" if match.group(1) == "`" else "&#126;", page)


def transfer_of(transfer: Any, activity: Any) -> bool:
    """Whether a transfer carries an activity's data: one of its recipients receives them.

    An activity inherits the notice's transfers only as the data say: through a shared recipient.
    """
    return bool(set(transfer.recipients) & set(getattr(activity, "recipients", [])))


def plain(value: Any) -> str:
    """A value's plain text, for attributes, titles and feeds: fallback marking and tags dropped.

    >>> plain(Markup('<span class="pn-fallback" lang="en">Title</span>'))
    'Title'
    """
    if isinstance(value, Markup):
        return value.striptags()
    return str(value)


def unwrap_paragraph(rendered: Markup) -> Markup:
    """Drop the paragraph around HTML that is a single paragraph.

    >>> print(unwrap_paragraph(Markup("<p>Only <em>one</em> line.</p>")))
    Only <em>one</em> line.
    >>> print(unwrap_paragraph(Markup("<p>One.</p><p>Two.</p>")))
    <p>One.</p><p>Two.</p>
    """
    inner = rendered[3:-4]
    if rendered.startswith("<p>") and rendered.endswith("</p>") and "<p>" not in inner:
        return Markup(inner)
    return rendered


def pick(keys: list[str], mapping: dict[str, Any]) -> list[Any]:
    """The values of ``mapping`` at ``keys``, in order (ids in the data → the items they name).

    >>> pick(["b", "a"], {"a": 1, "b": 2})
    [2, 1]
    """
    return [mapping[k] for k in keys]


def relative_url(from_uri: str, to_uri: str, use_directory_urls: bool = True) -> str:
    """The link from one generated page to another.

    >>> relative_url("acme/index.md", "acme/privacy/index.md")
    'privacy/'
    >>> relative_url("acme/privacy/2024-01-01/index.md", "acme/privacy/index.md")
    '../'
    >>> relative_url("index.md", "index.md")
    './'
    >>> relative_url("acme/index.md", "index.md", use_directory_urls=False)
    '../index.html'
    """
    from_dir = posixpath.dirname(from_uri) or "."
    to_dir = posixpath.dirname(to_uri) or "."
    rel = posixpath.relpath(to_dir, from_dir)
    if not use_directory_urls:
        return "index.html" if rel == "." else f"{rel}/index.html"
    return "./" if rel == "." else f"{rel}/"


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory by name and source checksum, so each is compiled once per process.

    A build makes one environment per language, and ``mkdocs serve`` new ones
    for every build; compiling the same templates again each time costs more
    than rendering the pages of one entity. Jinja compares the checksum of
    the source, so an edited template is compiled afresh. One cache serves
    environments of the same settings only: compiled code depends on them.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = MemoryBytecodeCache()
"""Every :class:`Renderer` environment has the same settings, so they share one cache."""


def long_date(value: datetime.date, language: str) -> str:
    """A date as the pages write it, outside a page's template: CLDR's long format in ``language``.

    >>> long_date(datetime.date(2026, 11, 22), "fi"), long_date(datetime.date(2026, 11, 22), "sv")
    ('22. marraskuuta 2026', '22 november 2026')
    """
    return format_date(value, format="long", locale=vocab.babel_locale(language))



def is_sentence(text: object) -> bool:
    """Whether a text is a whole sentence (or several): it ends as one does, so it is not joined into a list with "and".

    >>> is_sentence("Tiedot saadaan jäseneltä itseltään."), is_sentence("public registers"), is_sentence('He said "yes!"')
    (True, False, True)
    """
    return str(text).rstrip().rstrip("\"'”’)]»").endswith((".", "!", "?", "…"))

class Renderer:
    """A Jinja environment bound to one language and the site's templates."""

    def __init__(
        self,
        templates: Path | list[Path],
        language: str,
        translations: NullTranslations | None = None,
        use_directory_urls: bool = True,
    ) -> None:
        self.language = language
        self.locale = vocab.babel_locale(language)
        self.use_directory_urls = use_directory_urls
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(t) for t in (templates if isinstance(templates, list) else [templates])]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_COMPILED,
        )
        self._token = new_token()
        self.linked_data: dict[str, dict[str, Any]] = {}
        """Each version's JSON-LD, by the address of its permanent page: what its pages embed."""
        self._marking: list[Marks] = []
        """The marks of the pages being rendered: a changes page renders the two versions it compares within its own render."""
        self.translations = translations or NullTranslations()
        translated: dict[str, Markup] = {}

        def gettext(message: str) -> Markup:
            """A translation, looked up once per renderer: the same few hundred strings recur on every page."""
            found = translated.get(message)
            if found is None:
                found = translated[message] = escape(self.translations.gettext(message))
            return found

        # Translations are text, never markup: escaped here, once, before Jinja fills in the values.
        self.env.install_gettext_callables(  # type: ignore[attr-defined]  # added to the environment by the jinja2.ext.i18n extension
            gettext,
            lambda singular, plural, n: escape(self.translations.ngettext(singular, plural, n)),
            newstyle=True,
        )
        formatted: dict[str, Markup] = {}

        def gettext_formatted(message: str, /, **variables: Any) -> Markup:
            """Jinja's newstyle ``gettext`` and ``_`` (every message a format string, its values escaped), with a message
            that takes no values formatted once: pages call it tens of thousands of times, through two context calls each."""
            if variables:
                return gettext(message) % variables
            found = formatted.get(message)
            if found is None:
                found = formatted[message] = gettext(message) % {}
            return found

        self.env.globals.update(gettext=gettext_formatted, _=gettext_formatted)
        self.env.filters.update(
            md_heading=self.md_heading,
            plain=plain,
            markdown=self.markdown,
            markdown_inline=self.markdown_inline,
            date=self.format_date,
            country=self.country_name,
            duration=self.format_duration,
            join_list=self.join_list,
            pick=pick,
            basis_label=lambda key: self.translations.gettext(vocab.vocabulary("legal_bases")[key]["label"]),
        )
        self.env.tests["transfer_of"] = transfer_of
        self.env.tests["sentence"] = is_sentence
        self.env.globals.update(
            term=self.term,
            link=self.link,
            language=language,
            language_name=language_name(language),
            language_called=lambda code: vocab.language_called(code, language),
            redline=self.redline,
            section=self.section,
            linked_data=self.linked_data,
        )
        self.fallback: Any = self.env.get_template("_fallback.md.j2").module
        self.parts: Any = self.env.get_template("_parts.md.j2").module
        self.outlines: dict[str, Outline] = {}
        """Pages rendered so far, by URI, as their templates built them: a changes page compares two of them."""
        self.sections: dict[str, list[Section]] = {}
        """The sections of the pages a redline compared: a version is the new side of one redline and the old of the next."""
        self.titles: dict[str, Markup] = {}
        """Each rendered page's title (its template's ``page_title``), escaped, in its plain form."""

    def render(self, spec: PageSpec) -> str:
        """A page's Markdown: its template's text, its sections in the notice's layout, no line of it fencing code."""
        return inert_fences(self.outline(spec).text(self.heading))

    def outline(self, spec: PageSpec) -> Outline:
        """A page as its template built it: the sections it marked with ``section()``, arranged by the notice's layout."""
        if spec.uri not in self.outlines:
            template = self.env.get_template(spec.template)
            marks = Marks(self._token)
            self._marking.append(marks)
            try:
                module = template.make_module(spec.variables())
            finally:
                self._marking.pop()
            outline = marks.outline(str(module))
            notice = spec.context.notice if isinstance(spec.context, NoticePage) else None
            if notice is not None and notice.layout is not None:
                sections = {section.id for section in notice.sections}

                def anchor(name: str) -> str:
                    return f"section-{name}" if name in sections else name

                layout = notice.layout
                titles = {h.id: h.title for h in layout.headings}
                if titles:
                    outline = replace(outline, parts=tuple(replace(p, title=titles[p.anchor]) if p.anchor in titles else p for p in outline.parts))
                merge = {anchor(source): anchor(target) for source, target in layout.merge.items()}
                outline = arrange(outline, [anchor(n) for n in layout.order], layout.numbered, merge, tuple(anchor(n) for n in layout.leave_out))
            self.outlines[spec.uri] = outline
            self.titles[spec.uri] = escape(getattr(module, "page_title", ""))
        return self.outlines[spec.uri]

    def section(self, level: int, anchor: str, title: Any) -> Markup:
        """A template's section heading: recorded for the page's outline, written once the sections are arranged."""
        if not self._marking:
            raise ValueError("section() marks a heading of a page being rendered; it cannot be called outside one")
        return self._marking[-1].mark(level, anchor, title)

    def heading(self, part: Part) -> str:
        """A section's heading line, as the ``heading`` macro writes it."""
        return str(self.parts.heading(part.level, part.anchor, part.title, part.number))

    def redline(self, old: PageSpec, new: PageSpec) -> list[RedlineSection]:
        """The word-level differences between two rendered versions, section by section."""
        return redline(self._sections(old), self._sections(new))

    def _sections(self, spec: PageSpec) -> list[Section]:
        if spec.uri not in self.sections:
            self.sections[spec.uri] = [Section(p.anchor, p.plain_title(), p.body) for p in self.outline(spec).parts]
        return self.sections[spec.uri]

    def fallback_inline(self, text: Localized) -> Markup:
        """How a plain text without a current translation is shown."""
        return Markup(self.fallback.inline(str(text), text.lang))

    def md_heading(self, text: str) -> Markup:
        """A heading's text for a Markdown heading line, marked when it is a fallback."""
        if isinstance(text, Localized) and text.fallback:
            return Markup(self.fallback.heading(md_escape(str(text)), text.lang))
        if isinstance(text, Markup):
            return md_escape_markup(text)
        return md_escape(text)

    @jinja2.pass_context
    def markdown(self, context: jinja2.runtime.Context, text: str | None) -> Markup:
        """A validated Markdown field as HTML, marked when it is a fallback."""
        if not text:
            return Markup("")
        rendered = self._notice_links(context, Markup(textcheck.render_markdown(str(text))))
        if isinstance(text, Localized) and text.fallback:
            return Markup(self.fallback.block(rendered, text.lang))
        return rendered

    @jinja2.pass_context
    def markdown_inline(self, context: jinja2.runtime.Context, text: str | None) -> Markup:
        """A validated Markdown field as HTML, without the paragraph around a single paragraph."""
        if not text:
            return Markup("")
        rendered = self._notice_links(context, unwrap_paragraph(Markup(textcheck.render_markdown(str(text)))))
        if isinstance(text, Localized) and text.fallback:
            return Markup(self.fallback.inline(rendered, text.lang))
        return rendered

    def _notice_links(self, context: jinja2.runtime.Context, rendered: Markup) -> Markup:
        """``notice:`` links made into links to that notice's page in force, where the page plan says it is.

        That is the page in this page's language, or, for a company that does not publish in it, a page in
        another language, which the link names. A link to no notice (drafting only: publishing refuses it)
        keeps its text and leads nowhere.
        """
        if 'href="notice:' not in rendered:
            return rendered
        targets = context.get("targets")
        owner = context.get("entity_id")

        def resolve(match: re.Match[str]) -> str:
            target = targets.notice(match.group(1), owner) if targets is not None else None
            href = relative_url(context["page_uri"], target.uri, self.use_directory_urls) if target else None
            language = target.language if target else None
            return str(self.parts.notice_link(href, language, Markup(match.group(2)), Markup(match.group(3))))

        return Markup(_NOTICE_LINK.sub(resolve, str(rendered)))

    def format_date(self, value: datetime.date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def country_name(self, code: str) -> str:
        name: str = self.locale.territories.get(code, code)  # Babel's locale data are untyped; a territory's name is text
        return name

    def format_duration(self, value: str) -> str:
        """An ISO 8601 duration in words, e.g. P24M → "24 months"; "session" → the words for it."""
        if value == "session":
            return self.translations.gettext("Until the browser is closed")
        if value == "provider":
            return self.translations.gettext("As set by the provider")
        parts = [
            format_unit(amount, f"duration-{unit}", length="long", locale=self.locale)
            for unit, amount in textcheck.parse_duration(value)
        ]
        return format_list(parts, style="unit", locale=self.locale)

    def join_list(self, items: list[str]) -> Markup:
        """Items joined as the language joins a list ("a, b and c"), each escaped or marked on its own."""
        slots = [f"\x00{i}\x00" for i in range(len(items))]
        pattern = str(escape(format_list(slots, locale=self.locale)))
        for slot, item in zip(slots, items):
            pattern = pattern.replace(slot, str(escape(item)))
        return Markup(pattern)

    @staticmethod
    def term(vocabulary: str, key: str) -> dict[str, Any]:
        """A built-in vocabulary entry, e.g. ``term("legal_bases", "consent").label``."""
        return vocab.vocabulary(vocabulary)[key]

    @jinja2.pass_context
    def link(self, context: jinja2.runtime.Context, to_uri: str) -> str:
        """Relative URL from the page being rendered to another generated page."""
        return relative_url(context["page_uri"], to_uri, self.use_directory_urls)
