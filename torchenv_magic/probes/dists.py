"""``importlib.metadata`` made safe for broken installs; every probe reads distributions here.

A broken environment is the normal input of this package: a METADATA with a non-UTF-8
byte, a dist-info that is a file, a bytes entry on ``sys.path``. ``importlib.metadata``
raises on each of those, and one such error must not cost a whole probe.
"""

from __future__ import annotations

import email.message
import os
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Generic, TypeVar

_BROKEN = (OSError, ValueError, TypeError, UnicodeDecodeError)
T = TypeVar("T")


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
    path = folder(dist)
    if path is None:
        return None
    for filename in ("METADATA", "PKG-INFO"):
        try:
            raw = Path(path, filename).read_bytes()
        except OSError:
            continue
        return email.message_from_string(raw.decode("utf-8", "replace"))
    return None


def header(message: object, key: str) -> str | None:
    """A METADATA header, None when absent.

    ``message[key]`` on the ``PackageMetadata`` of Python >= 3.12 warns (DeprecationWarning,
    "Implicit None on return values", a KeyError in a later Python) for a missing header, as
    does ``Distribution.version`` / ``.name``; ``get`` answers None quietly on every Python.
    """
    get = getattr(message, "get", None)
    value = get(key) if callable(get) else None
    return None if value is None else str(value)


def read_text(dist: metadata.Distribution, filename: str) -> str | None:
    try:
        return dist.read_text(filename)
    except _BROKEN:
        return None


# --- values computed from a distribution's files, kept while those files are unchanged --------


def folder(dist: metadata.Distribution) -> str | None:
    """The ``.dist-info`` / ``.egg-info`` folder of a PathDistribution; None for other finders'."""
    path = getattr(dist, "_path", None)
    return str(path) if path is not None else None


def stamp(dist: metadata.Distribution, filename: str) -> tuple[int, ...] | None:
    """What changes when ``filename`` of ``dist`` changes: the folder's mtime (a file added,
    removed or renamed in it) and the file's mtime, size and inode (rewritten or replaced).
    None when either cannot be stat-ed: then nothing is cached."""
    path = folder(dist)
    if path is None:
        return None
    try:
        info, file = os.stat(path), os.stat(os.path.join(path, filename))
    except (OSError, ValueError):
        return None
    return (info.st_mtime_ns, file.st_mtime_ns, file.st_size, file.st_ino)


class FileCache(Generic[T]):
    """``compute(dist)`` per (dist-info folder, key), recomputed when :func:`stamp` changes.

    A second diagnosis in one process (the hint after a second failure, ``%torchenv`` twice)
    then skips re-reading and re-parsing files such as torch's 14,600-line RECORD. Callers
    must not mutate what ``get`` returns. Bounded: cleared once it holds ``maxsize`` entries.
    (On a file system with coarse timestamps, a file rewritten in place within one tick at
    the same size would be missed; installers write new files in a new folder.)
    """

    def __init__(self, filename: str, maxsize: int = 64) -> None:
        self.filename = filename
        self.maxsize = maxsize
        self._entries: dict[tuple[str, object], tuple[tuple[int, ...], T]] = {}

    def get(self, dist: metadata.Distribution, key: object, compute: Callable[[metadata.Distribution], T]) -> T:
        path, current = folder(dist), stamp(dist, self.filename)  # stat before reading
        if path is None or current is None:
            return compute(dist)
        hit = self._entries.get((path, key))
        if hit is not None and hit[0] == current:
            return hit[1]
        value = compute(dist)
        if len(self._entries) >= self.maxsize:
            self._entries.clear()
        self._entries[(path, key)] = (current, value)
        return value

    def clear(self) -> None:
        self._entries.clear()
