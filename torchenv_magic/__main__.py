"""``python -m torchenv_magic``: the report in a terminal."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
