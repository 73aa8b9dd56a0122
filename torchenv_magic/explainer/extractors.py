"""Import every signal-extractor module (each registers its extractors on import)."""

from __future__ import annotations

from . import numpy_abi  # noqa: F401
