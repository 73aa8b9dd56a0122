"""``importlib.metadata`` made safe for broken installs; every probe reads distributions here.

A broken environment is the normal input of this package: a METADATA with a non-UTF-8
byte, a dist-info that is a file, a bytes entry on ``sys.path``. ``importlib.metadata``
raises on each of those, and one such error must not cost a whole probe.
"""

from __future__ import annotations

import email.message
import sys
from importlib import metadata
from pathlib import Path

_BROKEN = (OSError, ValueError, TypeError, UnicodeDecodeError)


def search_path() -> list[str]:
    """``sys.path`` without the entries ``importlib.metadata`` cannot walk (bytes, ints)."""
    return [entry for entry in sys.path if isinstance(entry, str)]


def find(name: str) -> metadata.Distribution | None:
    """The distribution ``importlib.metadata.distribution(name)`` would give, or None."""
    try:
        return next(iter(metadata.distributions(name=name, path=search_path())), None)
    except _BROKEN:
        return None


def requires(dist: metadata.Distribution) -> list[str]:
    """``Requires-Dist`` lines, read leniently when METADATA is not valid UTF-8."""
    try:
        return list(dist.requires or [])
    except _BROKEN:
        message = lenient_metadata(dist)
        return list(message.get_all("Requires-Dist") or []) if message is not None else []


def lenient_metadata(dist: metadata.Distribution) -> email.message.Message | None:
    """METADATA (or PKG-INFO) decoded with replacement characters instead of raising."""
    folder = getattr(dist, "_path", None)  # PathDistribution: the .dist-info folder itself
    if folder is None:
        return None
    for filename in ("METADATA", "PKG-INFO"):
        try:
            raw = Path(str(folder), filename).read_bytes()
        except OSError:
            continue
        return email.message_from_string(raw.decode("utf-8", "replace"))
    return None


def read_text(dist: metadata.Distribution, filename: str) -> str | None:
    try:
        return dist.read_text(filename)
    except _BROKEN:
        return None
