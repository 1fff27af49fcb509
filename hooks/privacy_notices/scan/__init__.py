"""`notices scan`: what a website really stores and contacts (:mod:`.browser`), reconciled with its notices (:mod:`.reconcile`)."""

from __future__ import annotations
