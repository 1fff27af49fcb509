"""The rules of cookies: consent, how long each lasts, and who reads it.

The ePrivacy Directive, Art. 5(3), with the GDPR's transparency: a cookie
that needs consent is used only with it, asked by an active choice, and
readers are told its lifetime and the third parties that can read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from privacy_notices.checks import cues
from privacy_notices.checks.rulebook import Hit, Version, rule
from privacy_notices.data import textcheck, vocab
from privacy_notices.data.model import NoticeBase
from privacy_notices.data.walk import text_fields


def _cookies(data: NoticeBase) -> list[Any]:
    return list(getattr(data, "cookies", []))


def consent_by_use(text: str, language: str, about_cookies: bool = True) -> str | None:
    """The first sentence that takes using the site as consent, or None.

    A sentence does when it has a cue of using, visiting or browsing the site and, in either order,
    one of agreeing or accepting, neither negated ("By continuing to browse you agree", "Hyväksyt
    evästeet, kun vierailet sivustolla", "Vi utgår från att du accepterar cookies om du fortsätter"),
    or says "if you do not agree, leave the site"; unless it also offers an active choice (a banner,
    a button, cookie settings) that is not the browser's. Outside the consent text (``about_cookies``
    false), only a sentence that speaks of cookies counts.

    >>> consent_by_use("Käyttämällä sivustoamme hyväksyt evästeet.", "fi")
    'Käyttämällä sivustoamme hyväksyt evästeet'
    >>> consent_by_use("When you first visit, you accept or refuse cookies in our banner.", "en") is None
    True
    """
    for sentence in cues.sentences(text, language):
        if not about_cookies and not cues.find("cookies", sentence, language):
            continue
        if any(not cues.find("browser", m.clause, language) for m in cues.affirmed("active_choice", sentence, language)):
            continue
        agree = cues.find("agree", sentence, language)
        taken = cues.affirmed("use_site", sentence, language) and any(not cues.negated(m) for m in agree)
        refused = any(cues.negated(m) for m in agree) and cues.find("leave", sentence, language)
        if taken or refused:
            return " ".join(c.text for c in sentence)
    return None


def _established_in(v: Version) -> str:
    """The country of the controller's address: the notice's own controller, or the entity."""
    address = (v.data.controller.address if v.data.controller and v.data.controller.address else None) or v.record.data.address
    return address.country


def browser_consent_from(country: str) -> Any:
    """The day from which the browser's settings may signify consent in a country (vocabularies/cookie_rules.yml), or None."""
    return vocab.vocabulary("cookie_rules").get(country, {}).get("browser_consent")


@rule(
    "PN180", "Cookies that need consent are used only with consent", "error",
    "Directive 2002/58/EC (ePrivacy), Art. 5(3); EDPB Guidelines 05/2020 on consent, para. 7 and 86; CJEU C-673/17 Planet49 (1 October 2019); "
    "for the UK, PECR Sch. A1 para. 2(3) (Data (Use and Access) Act 2025, s. 112 and Sch. 12, in force 5 February 2026)",
    "Add 'consent' (how consent is given and withdrawn) or 'cookie_choice' to the notice, and ask for consent with an active choice before the cookies are set.",
    """Storing or reading anything on a device other than what is strictly necessary needs prior
    consent, given by an active choice: continuing to use or browse a site is not consent (Planet49;
    EDPB Guidelines 05/2020, para. 86). The rule fires when a notice lists cookies of a category that
    needs consent but says nothing about how consent is given or withdrawn ('consent' or
    'cookie_choice'); when the only choice it offers is the browser's settings (cookie_choice with
    browser alone and no 'consent' text), except for a controller established in the United Kingdom
    in a version that takes effect on or after 5 February 2026, where browser controls may signify
    consent (vocabularies/cookie_rules.yml); and when its 'consent' text, or a sentence about cookies
    elsewhere, takes using, visiting or browsing the site as agreeing ('By continuing to browse you
    agree…', 'Käyttämällä sivustoa hyväksyt…', 'Genom att använda webbplatsen godkänner du…', in
    either order, not negated, without an active choice such as a banner or a button in the same
    sentence) or tells readers to leave if they do not agree. It reads English, Finnish and Swedish
    (vocabularies/cues.yml).""",
    kinds=("controller", "cookies"),
)
def _cookie_consent(v: Version) -> Iterator[Hit]:
    needing = [i for i, c in enumerate(_cookies(v.data)) if vocab.vocabulary("cookie_categories")[c.category]["needs_consent"]]
    consent = getattr(v.data, "consent", None)
    choice = v.data.cookie_choice
    if needing and not consent and choice is None:
        yield Hit(("cookies", needing[0], "category"), f"{len(needing)} cookie{'s' if len(needing) != 1 else ''} need consent, and the notice does not say how it is given or withdrawn")
    elif needing and not consent and choice is not None and not (choice.settings_url or choice.on_every_page):
        rule = browser_consent_from(_established_in(v))
        if rule is None or v.first_day < rule["valid_from"]:
            yield Hit(("cookie_choice",), "the only choice offered is the browser's settings, which let cookies in until the visitor changes them: that is not consent asked before the cookies are set")
    if v.language not in cues.languages():
        return
    for loc, text, _ in text_fields(v.data):
        found = consent_by_use(text, v.language, about_cookies=loc == ("consent",))
        if found:
            yield Hit(loc, f"consent by using the site is not consent (CJEU C-673/17 Planet49): '{textcheck.excerpt(found)}'")
            return


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
    'party: third' names the entity itself as its provider, or a provider made only of words that
    name no one in English, Finnish or Swedish, whatever the notice's language (provider names are
    not translated): 'Third parties (not named)', 'Selected advertising partners', 'Kolmannet
    osapuolet', 'Muut mainoskumppanit', 'Tredje parter', 'Övriga annonspartner'. A legal form
    ('Oy', 'AB', 'Ltd') or any other word of a name is enough to pass.""",
    kinds=("controller", "cookies"),
)
def _third_party(v: Version) -> Iterator[Hit]:
    own = {v.record.data.name.lower(), *([v.data.controller.name.lower()] if v.data.controller else [])}
    for i, cookie in enumerate(_cookies(v.data)):
        if cookie.party == "third" and cookie.provider.lower() in own:
            yield Hit(("cookies", i, "provider"), f"the cookie {cookie.name or cookie.provider} is a third-party cookie, but its provider is {cookie.provider} itself")
        elif cookie.party == "third" and cues.only_words_of("generic_party", cookie.provider):
            yield Hit(("cookies", i, "provider"), f"the cookie {cookie.name or ', '.join(cookie.names) or cookie.provider} is a third-party cookie, but its provider '{textcheck.excerpt(cookie.provider)}' names no one")
