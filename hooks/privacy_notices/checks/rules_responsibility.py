"""The rules of who is responsible: the controller, its data protection officer and its EU representative.

GDPR Art. 13(1)(a)–(b) and Art. 27: a reader must be able to tell who
decides about their data and how to reach them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from privacy_notices.checks.rulebook import Hit, Version, in_eea, rule


def _reachable(party: Any) -> bool:
    return bool(party.email or party.phone or party.url or party.address)


@rule(
    "PN101", "The controller can be contacted", "error", "GDPR Art. 13(1)(a)",
    "Give the controller's email, phone, url or address under 'controller'.",
    """A notice must give the identity and the contact details of the controller. When a notice
    names a controller other than the entity itself ('controller'), that party needs at least one
    way to reach it. (The entity's own contact is required by the data format.)""",
    kinds=("controller", "cookies"),
)
def _controller_contact(v: Version) -> Iterator[Hit]:
    if v.data.controller is not None and not _reachable(v.data.controller):
        yield Hit(("controller",), f"the controller {v.data.controller.name} has no email, phone, url or address")


@rule(
    "PN102", "The data protection officer can be reached directly", "warning",
    "GDPR Art. 13(1)(b) and 38(4); WP29 Guidelines on DPOs (WP243 rev.01, 5 April 2017), section 2.6",
    "Give the DPO an email address, phone number or form of its own, not only the general contact's.",
    """When a data protection officer is named, people must be able to reach the DPO directly and
    confidentially. The rule fires when the DPO's only ways of contact are the same as the
    entity's general contact.""",
)
def _dpo_direct(v: Version) -> Iterator[Hit]:
    dpo, contact = v.record.data.dpo, v.record.data.contact
    if dpo is None:
        return
    own = {x for x in (dpo.email, dpo.phone, dpo.url) if x} - {x for x in (contact.email, contact.phone, contact.url) if x}
    if not own and not dpo.address:
        yield Hit(("dpo",), "the data protection officer is reached only through the general contact details", entity=True)


@rule(
    "PN103", "A controller outside the EU/EEA names its EU representative", "error", "GDPR Art. 27 and 13(1)(a)",
    "Add 'representative' to entity.yml, or suppress the rule with the Art. 27(2) exemption that applies.",
    """A controller not established in the EU or the EEA that offers goods or services to people in
    it must designate a representative in the Union, and the notice names it. The rule fires when
    the controller's address (the notice's 'controller', or the entity's) is outside the EU/EEA and
    the entity names no representative.""",
    kinds=("controller", "cookies"),
)
def _representative(v: Version) -> Iterator[Hit]:
    party = v.data.controller or v.record.data
    address = party.address
    if address is not None and not in_eea(address.country) and v.record.data.representative is None:
        message = f"the controller is established in {address.country}, outside the EU/EEA, and names no EU representative"
        yield Hit(("controller", "address", "country"), message) if v.data.controller else Hit(("address", "country"), message, entity=True)
