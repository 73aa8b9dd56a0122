"""Are the installed torch-family files still there? Checked against each wheel's RECORD.

A wheel's ``RECORD`` lists every file it installed. Stat-ing all ~15,000 of torch's takes
about 170 ms here, too slow for a hint, so only the files an import needs first are
checked: every native library (``.so``/``.pyd``/``.dll``/``.dylib``) and the package's
top-level modules. A deleted ``libtorch_cpu.so`` or a half-finished install shows up;
a missing deep submodule may not, and that trade is deliberate.
"""

from __future__ import annotations

import os
import re
from importlib import metadata
from typing import Any

from ..capture import FAMILY
from ..redact import home_to_tilde
from . import dists

_NATIVE = re.compile(r"\.(so(\.[\w.]+)?|pyd|dll|dylib)$", re.IGNORECASE)
MAX_LISTED = 20


def probe() -> dict[str, Any]:
    """``{name: {"version", "checked", "missing": [relative paths]}}`` per installed family member."""
    results: dict[str, Any] = {}
    for name in FAMILY:
        dist = dists.find(name)
        if dist is not None:
            results[name] = check_distribution(dist, name)
    return results


def check_distribution(dist: metadata.Distribution, package: str) -> dict[str, Any]:
    base = _site_dir(dist)
    note, wanted = _KEY_FILES.get(dist, package, lambda d: _key_files(d, package))
    if note is None and base is None:
        note = "no RECORD"
    if note is not None or base is None:
        return {"version": _version(dist), "checked": 0, "missing": [], "note": note}
    # Never cached: a file deleted since the last diagnosis must show up in this one.
    missing = [path for path in wanted if not os.path.exists(os.path.join(base, path))]
    return {
        "version": _version(dist),
        "location": home_to_tilde(base),
        "checked": len(wanted),
        "missing_count": len(missing),
        "missing": missing[:MAX_LISTED],
    }


def _key_files(dist: metadata.Distribution, package: str) -> tuple[str | None, tuple[str, ...]]:
    """(None, the key files RECORD lists), or (why there are none, ())."""
    try:
        text = dist.read_text("RECORD")
    except (OSError, UnicodeDecodeError) as exc:  # a symlink loop, a half-written RECORD
        return f"unreadable RECORD ({type(exc).__name__})", ()
    if not text:
        return "no RECORD", ()
    return None, tuple(path for path in _record_paths(text) if _is_key_file(path, package))


# Parsing torch's 14,600-line RECORD takes ~20 ms: kept per dist-info folder until RECORD
# (or the folder) changes, so a second diagnosis in the same process skips it.
_KEY_FILES: dists.FileCache[tuple[str | None, tuple[str, ...]]] = dists.FileCache("RECORD")


def _version(dist: metadata.Distribution) -> str | None:
    try:
        return dists.header(dist.metadata, "Version")  # not dist.version: see dists.header
    except (OSError, UnicodeDecodeError):
        return None


def _site_dir(dist: metadata.Distribution) -> str | None:
    folder = dists.folder(dist)  # the .dist-info folder; its parent is site-packages
    return os.path.dirname(folder) if folder is not None else None


def _record_paths(text: str) -> list[str]:
    # RECORD is CSV, but wheel paths contain no commas in practice; a split is 10x faster.
    return [line.rsplit(",", 2)[0] for line in text.splitlines() if line]


def _is_key_file(path: str, package: str) -> bool:
    if not path.startswith(package + "/"):
        return False
    return bool(_NATIVE.search(path)) or (path.count("/") == 1 and path.endswith(".py"))
