"""The rules of cookies: consent, how long each lasts, and who reads it.

The ePrivacy Directive, Art. 5(3), with the GDPR's transparency: a cookie
that needs consent is used only with it, and readers are told its lifetime
and the third parties that can read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from privacy_notices.checks.rulebook import Hit, Version, rule
from privacy_notices.data import textcheck, vocab
from privacy_notices.data.model import NoticeBase


def _cookies(data: NoticeBase) -> list[Any]:
    return list(getattr(data, "cookies", []))


@rule(
    "PN180", "Cookies that need consent are used only with consent", "error",
    "Directive 2002/58/EC (ePrivacy), Art. 5(3); EDPB Guidelines 05/2020 on consent, para. 7 and 86; CJEU C-673/17 Planet49 (1 October 2019)",
    "Add 'consent' (how consent is given and withdrawn) or 'cookie_choice' to the notice.",
    """Storing or reading anything on a device other than what is strictly necessary needs prior
    consent. The rule fires when a notice lists cookies of a category that needs consent but says
    nothing about how consent is given or withdrawn ('consent' or 'cookie_choice').""",
    kinds=("controller", "cookies"),
)
def _cookie_consent(v: Version) -> Iterator[Hit]:
    needing = [i for i, c in enumerate(_cookies(v.data)) if vocab.vocabulary("cookie_categories")[c.category]["needs_consent"]]
    if needing and not getattr(v.data, "consent", None) and v.data.cookie_choice is None:
        yield Hit(("cookies", needing[0], "category"), f"{len(needing)} cookie{'s' if len(needing) != 1 else ''} need consent, and the notice does not say how it is given or withdrawn")


@rule(
    "PN181", "Every cookie says how long it lasts", "error",
    "Directive 2002/58/EC, Art. 5(3) with GDPR Art. 13(2)(a); CJEU C-673/17 Planet49 (1 October 2019), para. 79–81: the duration of cookies is part of clear and comprehensive information",
    "Add 'duration' (an ISO 8601 period such as P13M, 'session', or 'provider' when the provider decides).",
    """Readers are told how long each cookie stays on their device. The rule fires when a cookie (or
    group of cookies) gives no 'duration'.""",
    kinds=("controller", "cookies"),
)
def _cookie_duration(v: Version) -> Iterator[Hit]:
    for i, cookie in enumerate(_cookies(v.data)):
        if cookie.duration is None:
            yield Hit(("cookies", i), f"the cookie {cookie.name or ', '.join(cookie.names) or cookie.provider} does not say how long it lasts")


_MONTHS = {"year": 12.0, "month": 1.0, "week": 12 / 52, "day": 12 / 365, "hour": 0.0, "minute": 0.0}


def _months(duration: str) -> float:
    """An ISO 8601 duration in months.

    >>> _months("P1Y2M"), _months("P396D") > 13
    (14.0, True)
    """
    return sum(_MONTHS[unit] * amount for unit, amount in textcheck.parse_duration(duration))


@rule(
    "PN182", "Cookies last at most 13 months", "warning",
    "CNIL, Guidelines and Recommendation on cookies, Deliberations 2020-091 and 2020-092 of 17 September 2020: a lifetime of 13 months at most is recommended",
    "Shorten the cookie's lifetime to 13 months or less, or suppress the rule with the reason it must last longer.",
    """Consent and the cookies it allows should not last indefinitely. The rule fires when a cookie's
    duration is longer than 13 months.""",
    kinds=("controller", "cookies"),
)
def _cookie_lifetime(v: Version) -> Iterator[Hit]:
    for i, cookie in enumerate(_cookies(v.data)):
        if cookie.duration and cookie.duration not in ("session", "provider") and _months(cookie.duration) > 13:
            yield Hit(("cookies", i, "duration"), f"the cookie {cookie.name or ', '.join(cookie.names) or cookie.provider} lasts {cookie.duration}, more than 13 months")


@rule(
    "PN183", "A third-party cookie names the third party", "error",
    "Directive 2002/58/EC, Art. 5(3); CJEU C-673/17 Planet49 (1 October 2019), para. 80: whether third parties have access to the cookies",
    "Set 'provider' to the third party that sets or reads the cookie.",
    """Readers are told which third parties can read the cookies. The rule fires when a cookie marked
    'party: third' names the entity itself as its provider.""",
    kinds=("controller", "cookies"),
)
def _third_party(v: Version) -> Iterator[Hit]:
    own = {v.record.data.name.lower(), *([v.data.controller.name.lower()] if v.data.controller else [])}
    for i, cookie in enumerate(_cookies(v.data)):
        if cookie.party == "third" and cookie.provider.lower() in own:
            yield Hit(("cookies", i, "provider"), f"the cookie {cookie.name or cookie.provider} is a third-party cookie, but its provider is {cookie.provider} itself")
