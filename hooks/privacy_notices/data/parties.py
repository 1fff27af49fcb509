"""The organisations and people a data file names: how to reach them, and who receives the data.

The entity, its contacts, data protection officer and representative, the
controllers, processors and recipients of a notice, and the supervisory
authority share these: kept together, an address or a contact reads the
same wherever it is written.
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from privacy_notices.data import vocab
from privacy_notices.data.fields import Country, Email, Markdown, Name, RecipientRole, Slug, Strict, Text, Url


class Address(Strict):
    """A postal address."""

    street: Name | None = None
    """Street and number, or PO box."""
    postal_code: Name | None = None
    city: Name
    country: Country
    """ISO 3166 two-letter country code, e.g. FI."""


class Contact(Strict):
    """A way to reach a person or function. Give at least one of email, phone, url, website or address."""

    name: Name | None = None
    """A person's name, e.g. "Aino Virtanen": shown as written in every language, never translated."""
    team: Text | None = None
    """A team or function instead of (or besides) a person, e.g. "Privacy team": translated."""
    role: Text | None = None
    """What this contact is for, e.g. "Questions about this notice"."""
    email: Email | None = None
    phone: Name | None = None
    url: Url | None = None
    """A contact form: shown as "Contact form"."""
    website: Url | None = None
    """A website where the contact details are (not a form): shown as "Website"."""
    address: Address | None = None

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.email or self.phone or self.url or self.website or self.address):
            raise ValueError("a contact needs at least one of email, phone, url, website or address")
        return self


class Registration(Strict):
    """An official registration, e.g. a company number or a data protection registration."""

    label: Text
    """What the number is, e.g. "UK company number"."""
    value: Name


class Party(Strict):
    """Another organisation named in a notice: controller, representative, recipient."""

    name: Name
    business_id: Name | None = None
    address: Address | None = None
    email: Email | None = None
    phone: Name | None = None
    url: Url | None = None


class JointController(Party):
    """An organisation that decides with us on why and how data are processed (Art. 26 GDPR)."""

    entity: Slug | None = None
    """If the joint controller is one of the site's entities, its folder name (links to its page)."""
    responsibilities: Markdown
    """The essence of the arrangement: who does what towards you."""


class PhoneNumber(Strict):
    """A telephone number and what it is for."""

    number: Name
    label: Text | None = None
    """What the number is for, e.g. "Advice line for individuals"."""


class AuthoritySpec(Strict):
    """A supervisory authority: a country code from the built-in table, or what the notice says of it (its name at least)."""

    country: Country | None = None
    """EU/EEA country whose built-in authority applies."""
    name: Name | None = None
    address: list[Name] = []
    """Postal address, one line per item."""
    visiting_address: list[Name] = []
    """Street address for visitors, when it differs from the postal address, one line per item."""
    website: Url | None = None
    email: Email | None = None
    phone: Name | None = None
    phones: list[PhoneNumber] = []
    """Further telephone numbers, each with what it is for."""

    @model_validator(mode="after")
    def _country_or_details(self) -> AuthoritySpec:
        if self.country is None and not self.name:
            raise ValueError("give either a country code from the built-in table, or the authority's name (and what else the notice says of it)")
        if self.country is not None and self.name is None and vocab.authority(self.country) is None:
            raise ValueError(
                f"there is no built-in supervisory authority for '{self.country}' (only EU/EEA countries); "
                "give the authority's name and address"
            )
        return self


class Processor(Strict):
    """A named processor or sub-processor."""

    id: Slug
    name: Name
    service: Text
    """What it does for us, e.g. "email delivery"."""
    country: Country | None = None
    """Where it processes the data: one country."""
    region: Literal["eea"] | None = None
    """`eea` where the notice says only that the data stay in the EU/EEA, naming no country."""
    business_id: Name | None = None
    registrations: list[Registration] = []
    address: Address | None = None
    privacy_policy: Url | None = None
    contact: Contact | None = None

    @model_validator(mode="after")
    def _one_place(self) -> Processor:
        if (self.country is None) == (self.region is None):
            raise ValueError("a processor says where it processes the data with exactly one of 'country' (e.g. FI) or 'region: eea' (anywhere in the EU/EEA)")
        return self

    @property
    def has_details(self) -> bool:
        """Whether the processors table has anything for its details column."""
        return bool(self.business_id or self.registrations or self.address or self.privacy_policy or self.contact)


class Recipient(Strict):
    """A recipient other than a processor, named or as a category."""

    id: Slug
    name: Text
    """A name, or a category such as "tax authorities"."""
    role: RecipientRole = "other"
    description: Markdown | None = None
    country: Country | None = None
