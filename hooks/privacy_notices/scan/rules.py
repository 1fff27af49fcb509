"""The rules a scan's findings carry: what the site did that its notices do not say, each with its legal source.

They are not :mod:`compliance rules <privacy_notices.checks.rulebook>`: those read
the data alone, these compare it with a record of the live site. They share the
id space (PN2xx here), the severities and the output formats.
"""

from __future__ import annotations

from privacy_notices.checks.rulebook import RuleText, reference_entry

EPRIVACY = "Directive 2002/58/EC (ePrivacy), Art. 5(3)"
PLANET49 = "CJEU C-673/17 Planet49, 1 October 2019"


SCAN_RULES: dict[str, RuleText] = {
    r.id: r
    for r in (
        RuleText(
            "PN201", "A cookie or stored item the notices do not declare", "error",
            f"{EPRIVACY}: clear and comprehensive information; GDPR Art. 13(1)(c) and (e); {PLANET49}, operative part, point 2 (duration and third-party access)",
            "Declare it in the cookie notice (`notices scan --write` proposes an entry), or stop the site from setting it.",
            "The site stored a cookie, or a key in local or session storage, whose name no cookie entry of a notice in force "
            "gives or matches (a name with * matches any text there, as _ga_* does). Visitors must be told of every item a "
            "site stores on their device, with its purpose and lifetime.",
        ),
        RuleText(
            "PN202", "A declared cookie the site never set", "warning",
            f"{EPRIVACY}; GDPR Art. 5(1)(a) (accuracy of what visitors are told)",
            "Remove the entry if the site no longer sets it, or add the page that sets it to scan.pages.",
            "A cookie or storage entry of a notice in force was not seen on any page the scan loaded, in any state of consent "
            "it recorded. It may be set on a page the scan does not visit; an entry that needs consent is only expected where "
            "the scan recorded the site after accepting.",
        ),
        RuleText(
            "PN203", "A cookie kept longer than declared", "error",
            f"{EPRIVACY}; GDPR Art. 13(2)(a) (storage period); {PLANET49}, operative part, point 2 (duration of operation)",
            "Shorten the cookie's lifetime on the site, or declare the lifetime it has.",
            "The expiry the browser stored, measured from when the scan first saw the cookie, is more than a day beyond the "
            "declared duration (\"session\" for a cookie that outlives the browser session). A duration of \"provider\" or none is not judged.",
        ),
        RuleText(
            "PN204", "A cookie that needs consent, stored without it", "error",
            f"{EPRIVACY}; {PLANET49}, operative part, point 1 (consent is an active choice, made before)",
            "Store it only after the visitor accepts its category, or declare it necessary if it is strictly needed for the service asked for.",
            "A cookie or stored item whose declared category needs consent (preferences, statistics, marketing) was stored "
            "before the visitor chose anything, or after the visitor rejected.",
        ),
        RuleText(
            "PN205", "A request to a third party that needs consent, sent without it", "error",
            f"{EPRIVACY} (reading or storing through a third party's script or pixel); EDPB Guidelines 2/2023 on the technical scope of Art. 5(3) ePrivacy",
            "Load the provider's script, image or frame only after the visitor accepts.",
            "A page contacted a host that scan.hosts gives to a provider whose declared cookies all need consent, before the "
            "visitor chose anything or after the visitor rejected.",
        ),
        RuleText(
            "PN206", "A third-party host no notice accounts for", "error",
            "GDPR Art. 13(1)(e) (recipients) and Art. 28 (processors); "
            "CJEU C-40/17 Fashion ID, 29 July 2019 (an embedded third party receives the visitor's data)",
            "Name the company behind the host in scan.hosts, and name it in the notices as a cookie provider, a processor or a recipient.",
            "A page made the browser contact a host outside the site, which scan.hosts does not give to a cookie provider, "
            "processor or recipient of a notice in force. Every such request sends the visitor's address and browser details to that host.",
        ),
    )
}


def reference() -> str:
    """The scan's part of the rules reference (RULES.md), after the compliance rules."""
    lines = [
        "",
        "# Website scan rules",
        "",
        "`notices scan ENTITY` loads the company's website in Chromium before consent, after accepting and after",
        "rejecting, and compares what it stored and contacted with the notices in force (AUTHORING.md, \"Scanning the",
        "website\"). Builds do not run these rules: they need the live site. Each finding names the line of the data to change.",
        "",
        "| rule | severity | title |",
        "| --- | --- | --- |",
    ]
    lines += [f"| [{r.id}](#{r.id.lower()}) | {r.severity} | {r.title} |" for r in SCAN_RULES.values()]
    for r in SCAN_RULES.values():
        lines += reference_entry(r, "the website")
    return "\n".join(lines) + "\n"
