"""The rules that compare a version with what surrounds it: its translations, and its entity's other notices.

A translation keeps the original's dates and numbers; a processor notice
links the entity's own controller notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from privacy_notices.checks.rulebook import Hit, Version, rule
from privacy_notices.data.model import ProcessorNotice
from privacy_notices.data.walk import text_fields


_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")


@rule(
    "PN190", "Every language says the same dates and numbers", "error",
    "GDPR Art. 12(1): information in a concise, transparent, intelligible form; a translation may not say something else",
    "Correct the translation in the catalog so that it keeps the numbers of the original.",
    """Every language of a version must state the same dates, periods and numbers (link targets are
    already checked with the translations). The rule fires when a current translation of a text of
    the version leaves out a number that the original writes in digits.""",
)
def _numbers(v: Version) -> Iterator[Hit]:
    if v.catalogs is None:
        return
    for language in v.project.languages_of(v.record.id):
        if language == v.language:
            continue
        for loc, text, _ in text_fields(v.data):
            wanted = _NUMBER.findall(text)
            if not wanted:
                continue
            found = v.catalogs.lookup(language, v.record.id, text)
            if found.text is None:
                continue
            have = _NUMBER.findall(found.text)
            missing = [n for n in wanted if n not in have]
            if missing:
                yield Hit(loc, f"the {language} translation leaves out {', '.join(missing)}")


@rule(
    "PN191", "A processor notice links its controller notice", "error",
    "GDPR Art. 13 and 28; WP260 rev.01, para. 17: people reach all the information that concerns them",
    "Set 'controller_notice' to the entity's own privacy notice (on this site or elsewhere).",
    """A processor notice describes what the company does for its customers; what it does with data
    as a controller is in its own privacy notice, which the processor notice links. The rule fires
    when a processor notice has no 'controller_notice' and the entity does not have exactly one
    controller notice on the site to link automatically.""",
    kinds=("processor",),
)
def _controller_notice(v: Version) -> Iterator[Hit]:
    data = v.data
    assert isinstance(data, ProcessorNotice)
    own = [s for s in v.record.notices.values() if s.kind == "controller"]
    if data.controller_notice is None and len(own) != 1 and not v.project.incomplete(v.record.id):
        yield Hit(("controller_notice",), f"no controller notice is linked, and the entity has {len(own)} controller notices to choose from")
