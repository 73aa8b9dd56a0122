"""Import every signal-extractor module (each registers its extractors on import)."""

from __future__ import annotations

from . import build, cuda, imports, numpy_abi, packaging_rules, runtime, shared_libs, vision, wheels, windows_dll  # noqa: F401
