"""The rules of the rights a notice lists, and the supervisory authority people complain to.

GDPR Art. 7(3), 13(2)(b)–(d), 15–21 and 77: some rights always apply, and
others follow from the legal bases; none of them may be withdrawn then, nor
reworded narrower than the law.
"""

from __future__ import annotations

from collections.abc import Iterator

from privacy_notices.checks import cues
from privacy_notices.checks.rulebook import Hit, Version, activities, in_eea, rule
from privacy_notices.data import vocab
from privacy_notices.data.rights import derived_rights, rights_coverage
from privacy_notices.data.wording import Words


@rule(
    "PN140", "Rights that always apply are never withdrawn", "error", "GDPR Art. 15, 16 and 77; Art. 13(2)(b) and (d)",
    "Remove the 'withdrawn' entry: access, rectification and the right to complain apply to every notice.",
    """The rights of access and rectification and the right to lodge a complaint with a supervisory
    authority apply whatever the legal basis. The rule fires when a notice withdraws one of them.""",
)
def _always_rights(v: Version) -> Iterator[Hit]:
    for i, use in enumerate(v.data.rights):
        if use.withdrawn and use.right in ("access", "rectification", "complaint"):
            yield Hit(("rights", i, "withdrawn"), f"the right '{use.right}' always applies and cannot be withdrawn")


@rule(
    "PN141", "Consent can be withdrawn", "error", "GDPR Art. 7(3) and 13(2)(c)",
    "Remove the 'withdrawn' entry for withdraw_consent.",
    """Where consent is a legal basis (or cookies need consent), the notice states the right to
    withdraw consent at any time. The rule fires when such a notice withdraws that right.""",
)
def _consent_withdrawal(v: Version) -> Iterator[Hit]:
    derived = derived_rights(v.data)
    for i, use in enumerate(v.data.rights):
        if use.right == "withdraw_consent" and use.withdrawn and "withdraw_consent" in derived:
            yield Hit(("rights", i, "withdrawn"), "consent is a legal basis here, so the right to withdraw it applies")


@rule(
    "PN142", "The supervisory authority is that of the controller's establishment", "warning",
    "GDPR Art. 13(2)(d), 55 and 56(1): the lead authority is that of the main establishment",
    "Name the authority of the country of the main establishment, or suppress the rule saying why another one leads.",
    """The notice names the supervisory authority people can complain to; for a controller in one
    member state, that is normally the authority of the country it is established in (people may
    still complain in their own country). The rule fires when the authority named is of another
    EU/EEA country than the controller's address. (A notice without any authority is refused by the
    data format.)""",
    kinds=("controller", "cookies"),
)
def _authority_country(v: Version) -> Iterator[Hit]:
    own_spec = v.data.supervisory_authority is not None
    spec = v.data.supervisory_authority or v.record.data.supervisory_authority
    address = (v.data.controller.address if v.data.controller and v.data.controller.address else None) or v.record.data.address
    if spec is not None and spec.country and in_eea(address.country) and spec.country != address.country and address.country not in vocab.EU_TERRITORIES:
        yield Hit(("supervisory_authority", "country"), f"the authority of {spec.country} is named, but the controller is established in {address.country}", entity=not own_spec)


@rule(
    "PN143", "The right to object is stated where legitimate interest or public task is the basis", "error",
    "GDPR Art. 21(1) and 21(4): the right is brought to the person's attention clearly and separately",
    "Remove the 'withdrawn' entry for objection; the right is shown in its own entry of the rights section.",
    """Where processing rests on legitimate interests or a public task, people may object, and the
    notice must say so explicitly, separately from other information; the page shows it as its own
    entry. The rule fires when such a notice withdraws the right to object, or states it only
    within another right's entry ('also: [objection]') instead of in an entry of its own.""",
)
def _objection(v: Version) -> Iterator[Hit]:
    bases = {b.basis for a in activities(v.data) for b in a.legal_bases}
    if not bases & {"legitimate_interests", "public_task"}:
        return
    own_entry = any(use.right == "objection" and not use.withdrawn for use in v.data.rights)
    for i, use in enumerate(v.data.rights):
        if use.right == "objection" and use.withdrawn:
            yield Hit(("rights", i, "withdrawn"), "legitimate interests or a public task is a basis here, so the right to object applies")
        elif "objection" in use.also and not own_entry:
            yield Hit(("rights", i, "also"), f"the right to object is stated only within the entry of '{use.title or use.right}', not separately from other information (Art. 21(4))")


def objection_narrowed(text: str, language: str) -> bool:
    """Whether a reworded right to object speaks of marketing alone.

    It does when it names marketing (newsletters, advertising; suoramarkkinointi, direktmarknadsföring:
    compounds count) and no ground of the general right (legitimate interests, your particular
    situation, a public task, any processing) that is not negated, or when 'only' stands before the
    marketing in its clause.

    >>> objection_narrowed("Du kan invända mot direktmarknadsföring.", "sv"), objection_narrowed("Voit vastustaa oikeutettuun etuumme perustuvaa käsittelyä ja suoramarkkinointia.", "fi")
    (True, False)
    """
    marketing = cues.affirmed("marketing", text, language)
    if not marketing:
        return False
    only = any(o.clause == m.clause and o.start < m.start for m in marketing for o in cues.find("only", m.clause, language))
    return only or not cues.affirmed("general_objection", text, language)


@rule(
    "PN144", "A reworded right to object is not narrower than the law", "warning",
    "GDPR Art. 12(1), 13(2)(b) and 21(1), (2) and (4): where processing rests on legitimate interests or a public task, "
    "people may object to it on grounds relating to their particular situation, not only to direct marketing",
    "Reword the right to say that people may object to processing based on legitimate interests (or a public task) on grounds relating to their situation, as well as to direct marketing; or remove the 'text' to show the built-in wording.",
    """A notice may reword a right in its own words ('rights: [{right: objection, text: …}]'); the
    words must not give less than the law. The rule fires when some activity rests on legitimate
    interests or a public task and the notice's own wording of the right to object speaks of direct
    marketing, newsletters or advertising only: it names none of the grounds of the general right
    (legitimate interests, the person's particular situation, a public task, any or all processing),
    or names them only in the negative ('but not to any other processing'),
    or says 'only' before the marketing. It reads English, Finnish and Swedish
    (vocabularies/cues.yml); a notice in another language is not read. PN143 covers a right to
    object that is withdrawn altogether.""",
)
def _objection_narrowed(v: Version) -> Iterator[Hit]:
    if v.language not in cues.languages():
        return
    resting = [a.title for a in activities(v.data) if {b.basis for b in a.legal_bases} & {"legitimate_interests", "public_task"}]
    for i, use in enumerate(v.data.rights):
        if use.right == "objection" and use.text and resting and objection_narrowed(use.text, v.language):
            yield Hit(("rights", i, "text"), f"the right to object is worded for marketing only, but '{resting[0]}'{' and others rest' if len(resting) > 1 else ' rests'} on legitimate interests or a public task")


def withdrawal_stated(text: str, language: str) -> bool:
    """Whether words of an activity on consent tell that the consent can be withdrawn (not negated).

    >>> withdrawal_stated("Voit perua suostumuksesi milloin tahansa.", "fi"), withdrawal_stated("Samtycket kan inte återkallas.", "sv")
    (True, False)
    """
    return bool(cues.affirmed("withdraw", text, language))


def said_elsewhere(v: Version) -> set[str]:
    """Rights a notice with its own list states outside that list, so that PN145 does not ask for them twice.

    The right to complain is stated by the supervisory authority's section (unless the layout leaves it
    out); the right to withdraw consent by the stated `consent_withdrawal` sentence, or by words of
    withdrawing (cues.yml `withdraw`) in the description or purposes of an activity on consent, or in a
    cookie notice's `consent`.
    """
    said = set() if v.data.layout and "authority" in v.data.layout.leave_out else {"complaint"}
    words = Words(v.data)
    on_consent = [a for a in activities(v.data) if any(b.basis == "consent" for b in a.legal_bases)]
    if words.said("consent_withdrawal") or any(words.said("consent_withdrawal", a) for a in on_consent):
        said.add("withdraw_consent")
    elif v.language in cues.languages():
        texts = [t for a in on_consent for t in (a.description or "", *a.purposes)] + [getattr(v.data, "consent", None) or ""]
        if any(withdrawal_stated(text, v.language) for text in texts if text):
            said.add("withdraw_consent")
    return said


@rule(
    "PN145", "A list of rights written by the notice lists every right the law gives", "error",
    "GDPR Art. 13(2)(b)–(d) and 14(2)(c)–(e): the notice informs of each right that applies to the processing",
    "Add the missing rights to 'rights' (your own words in 'text' if you like; 'also' when one entry states several), or say why one does not apply with 'withdrawn'.",
    """With 'rights_as_written: true' the page shows exactly the notice's own list, and the generator
    adds nothing to it. The rule compares that list with the rights the law gives for the notice's
    kind and legal bases (access, rectification and a complaint always; erasure and restriction for
    controllers; portability for consent or contract; objection for legitimate interests or a public
    task; withdrawal where consent is a basis or cookies need it; human review where decisions are
    automated) and fires when one of them is neither listed nor withdrawn with a reason. A right the
    list words in its own way counts when its entry names it ('right: access' beside 'text', or
    'also: [objection]' when one entry states two). A right stated outside the list counts too: the
    right to complain where the page has the supervisory authority's section, and the right to
    withdraw consent where the notice states it ('wording: consent_withdrawal') or an activity on
    consent (or the cookie notice's 'consent') speaks of withdrawing it, in English, Finnish or
    Swedish (vocabularies/cues.yml).""",
)
def _rights_as_written(v: Version) -> Iterator[Hit]:
    if not v.data.rights_as_written:
        return
    elsewhere = said_elsewhere(v)
    missing = [key for key in rights_coverage(v.data).missing if key not in elsewhere]
    if missing:
        names = [vocab.vocabulary("rights")[key]["title"] for key in missing]
        listed = ", ".join(f"'{name}'" for name in names)
        yield Hit(("rights",), f"the notice lists its rights as written, but {listed} {'is' if len(names) == 1 else 'are'} missing: the law gives {'it' if len(names) == 1 else 'them'} here")
