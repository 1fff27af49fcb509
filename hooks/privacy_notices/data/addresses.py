"""The site's fixed addresses, which checks and pages alike must know: the home page and the drafting page.

The addresses of entities, notices and versions follow from the data folder's
names; these two do not, and a hand-written page may not take them.
"""

from __future__ import annotations

HOME_URI = "index.md"
"""The home page of the source language; every other language's sits under its folder."""

DRAFTING_URI = "_drafting/index.md"
"""The page that lists every publish blocker; drafting builds only."""
