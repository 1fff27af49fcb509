"""The rules of the rights a notice lists, and the supervisory authority people complain to.

GDPR Art. 7(3), 13(2)(b)–(d), 15–21 and 77: some rights always apply, and
others follow from the legal bases; none of them may be withdrawn then.
"""

from __future__ import annotations

from collections.abc import Iterator

from privacy_notices.checks.rulebook import Hit, Version, activities, in_eea, rule
from privacy_notices.data import vocab
from privacy_notices.data.rights import derived_rights


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
    entry. The rule fires when such a notice withdraws the right to object.""",
)
def _objection(v: Version) -> Iterator[Hit]:
    bases = {b.basis for a in activities(v.data) for b in a.legal_bases}
    for i, use in enumerate(v.data.rights):
        if use.right == "objection" and use.withdrawn and bases & {"legitimate_interests", "public_task"}:
            yield Hit(("rights", i, "withdrawn"), "legitimate interests or a public task is a basis here, so the right to object applies")
