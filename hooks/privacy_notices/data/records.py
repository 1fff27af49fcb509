"""What the data record of their own upkeep: corrections, changes of language, rules turned off.

None of these describes the processing: each is a dated or reasoned note a
reviewer reads (a correction of a locked version, the day an entity's
language changed, a compliance rule that does not apply and why).
"""

from __future__ import annotations

import datetime
from typing import Annotated

from pydantic import AfterValidator, Field, WithJsonSchema, model_validator

from privacy_notices.data import textcheck
from privacy_notices.data.fields import Language, Markdown, Slug, Strict


class LanguageChange(Strict):
    """The day an entity's texts began to be written in another language (``notices i18n swap`` records it)."""

    date: datetime.date
    """The day the original language changed."""
    from_: Language = Field(alias="from")
    """The language the texts were written in before."""
    to: Language
    """The language they are written in since."""

    @model_validator(mode="after")
    def _differs(self) -> LanguageChange:
        if self.from_ == self.to:
            raise ValueError(f"'from' and 'to' are both '{self.to}'; a change of language names two languages")
        return self


class Correction(Strict):
    """A dated correction of a version that had already taken effect."""

    date: datetime.date
    """The day the correction was made."""
    text: Markdown
    """What was corrected and why, e.g. "Fixed a typo in the retention period of job applications"."""


Reason = Annotated[
    str,
    Field(min_length=10),
    AfterValidator(textcheck.check_plain),
    WithJsonSchema({"type": "string", "minLength": 10, "description": "Why the rule does not apply: plain text for reviewers, not translated."}),
]
"""A reviewer's reason: plain text, shown as written in reports, never on the public pages."""

RuleId = Annotated[str, Field(pattern=r"^PN[0-9]{3}$")]
"""A compliance rule's id, e.g. PN124 (``notices check --list`` lists them)."""


class Suppression(Strict):
    """A compliance rule turned off, with the reason a reviewer reads in every report."""

    rule: RuleId
    """The rule's id, e.g. PN171."""
    reason: Reason
    """Why the rule does not apply here, in a sentence a reviewer can check."""


class EntitySuppression(Suppression):
    """A compliance rule turned off for some or all notices of an entity."""

    notices: list[Slug] = []
    """The notices it applies to (folder names); every notice of the entity when left out."""
