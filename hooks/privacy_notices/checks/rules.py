"""The compliance rules, every one, in id order: what a privacy lawyer would flag in a notice, found from its data.

The rules are written by topic (``rules_*.py``), each entered in the
rulebook (:mod:`privacy_notices.checks.rulebook`) as its module is imported;
this module imports every topic and gives :data:`RULES`, which drives
``notices check``, its ``--list`` and ``--explain``, and the rules reference
in the repository (``RULES.md``).

What the data format already refuses (a controller activity without a
purpose, legal basis or retention; a legitimate-interest basis without the
interest; special categories without an Art. 9 condition; automated
decisions without their logic; a second version without 'changes' (its
empty placeholder is PN173's); recipients that do not exist; a processor outside the EU/EEA
without a transfer; no supervisory authority; translations that change
links) is not repeated here: such a notice is a data error and never gets this far.
"""

from __future__ import annotations

from privacy_notices.checks import rules_activities, rules_changes, rules_consistency, rules_cookies, rules_responsibility, rules_rights, rules_transfers
from privacy_notices.checks.rulebook import REGISTERED, Rule

TOPICS = (rules_responsibility, rules_activities, rules_transfers, rules_rights, rules_changes, rules_cookies, rules_consistency)
"""The modules the rules are written in, one a topic: importing each enters its rules in the rulebook."""

RULES: dict[str, Rule] = dict(sorted(REGISTERED.items()))
"""Every rule, by id, in id order."""
