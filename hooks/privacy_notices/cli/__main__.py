"""``python -m privacy_notices.cli``: the ``notices`` command."""

from __future__ import annotations

import sys

from privacy_notices.cli import main

sys.exit(main())
