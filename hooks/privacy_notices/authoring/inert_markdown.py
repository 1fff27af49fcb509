"""Values as inert text in a GitHub pull-request comment: the review report's one boundary for what it prints.

Everything the report quotes comes from the data, the command line or git,
which the change under review controls; here it becomes text that makes no
Markdown, HTML, mention, reference or link, wherever the template puts it.
The pull-request workflow's own script quotes through the same function.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup


ZWSP = "\u200b"
"""Zero-width space: GitHub finds mentions, issue references, emoji and bare addresses in the text
of the rendered comment, after Markdown, so no escape reaches them (github/markup#1168,
github/cmark-gfm#181: ``\\@user`` and ``&#64;user`` still mention; in comments GitHub links
e-mail addresses at that stage too). A zero-width space around ``@`` and after ``#``, ``GH-``
or a ``:`` breaks each pattern and is not seen."""

_GFM_SIGNIFICANT = re.compile(r"[\\`*_~\[\]<>&|#@!$\"'()]")
"""ASCII punctuation that can open or close GFM structure anywhere in a line: escapes, code,
emphasis, strike-through, links and images, HTML and autolinks, entities, table cells, math,
headings' closing ``#``. Written as numeric character references, which CommonMark reads as literal
text in paragraphs, headings and table cells alike, and HTML reads as text in an HTML block
(``<summary>``), so one escaping is right wherever the template puts a value."""

_GITHUB_LINKS = re.compile(r"(?=@)|(?<=[@#])|(?<=\bGH-)(?=\d)|(?<=:)(?=//)|(?<=www)(?=\.)|(?<=:)(?=[\w+-]*[A-Za-z][\w+-]*:)", re.IGNORECASE)
"""Where GitHub's own text filters would start a mention (@user, @org/team), an issue reference
(#1, owner/repo#1, GH-1), an autolink (https://…, www.…, user@host) or an emoji (:name:)."""


def inline(value: object) -> Markup:
    """Any value from the data, the command line or git as inert text on one line of the comment.

    Every ``{{ … }}`` of the report template passes through here (the
    environment's ``finalize``): nothing printed there can make a link, an
    image, HTML, a heading, emphasis, a table cell, a mention or a reference.

    >>> print(inline("@team see #12 *now* | <b>\\n![x](https://a.example)").replace(ZWSP, "{ZWSP}"))
    {ZWSP}&#64;{ZWSP}team see &#35;{ZWSP}12 &#42;now&#42; &#124; &#60;b&#62; &#33;&#91;x&#93;&#40;https:{ZWSP}//a.example&#41;
    """
    if isinstance(value, Markup):
        return value
    text = " ".join(str(value).split())
    text = "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in text)
    text = _GITHUB_LINKS.sub(ZWSP, text)
    return Markup(_GFM_SIGNIFICANT.sub(lambda m: f"&#{ord(m.group())};", text))

