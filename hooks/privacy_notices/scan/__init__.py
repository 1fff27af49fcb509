"""`notices scan`: what an entity's website really stores and contacts, reconciled with its notices.

:mod:`.observed` holds what a visit records, :mod:`.browser` makes the visit in
Chromium (Playwright, the ``scan`` extra), :mod:`.reconcile` compares the
record with the notices in force and reports findings with rule ids, and
:mod:`.proposals` writes cookie entries for the author to complete.
"""

from __future__ import annotations
