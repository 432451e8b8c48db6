"""``python -m onconav.store.migrations revision "what changed"``: write the next migration."""

from __future__ import annotations

import sys

from onconav.store.migrate import write_revision

if len(sys.argv) != 3 or sys.argv[1] != "revision":
    sys.exit('usage: python -m onconav.store.migrations revision "what changed"')
write_revision(sys.argv[2])
