"""Are the installed torch-family files still whole? Checked against each wheel's RECORD.

A wheel's ``RECORD`` lists every file it installed, with its size and sha256. Two depths:

- :func:`probe` (every diagnosis, failure or not): the files an import needs first, every
  native library (``.so``/``.pyd``/``.dll``/``.dylib``) and the package's top-level modules,
  each for existence and size (a ``stat`` either way, so the size costs nothing). A deleted
  ``libtorch_cpu.so``, a truncated ``libc10.so`` (which kills the process with SIGBUS when
  loaded, so only the next diagnosis can see it) or a half-finished install shows up.
  Stat-ing all ~15,000 of torch's files would take ~50 ms: too slow for a report with
  no failure to explain, so that trade is deliberate (a full hash check is
  ``%torchenv verify``).
- :func:`check_failure` (only when a failure is being explained): every module and native
  library of each installed family distribution (~2,400 files for torch, ~10 ms warm),
  plus the first bytes of each native library (an ELF/PE/Mach-O header). Each damaged file
  says how it relates to the failure: the error or its traceback names it (``named``), the
  import was inside its package (``package``: a sibling or the package itself is in
  ``sys.modules``), or it is a native library, which ``import torch`` loads whole
  (``native``), an earlier failure in this process went through it (``earlier``), or the
  file is missing from a package whose import failed on its way (``import``; not after an
  interrupt). A missing deep submodule is then found on a retried import too, whose
  message ("already has a docstring", "partially initialized module") names something else.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from ..capture import FAMILY
from ..redact import home_to_tilde
from . import dists

_NATIVE = re.compile(r"\.(so(\.[\w.]+)?|pyd|dll|dylib)$", re.IGNORECASE)
# 'torch/_C.cpython-311-x86_64-linux-gnu.so' -> 'torch/_C'; 'x.pyd', 'x.abi3.so' alike.
_EXTENSION_SUFFIX = re.compile(r"(\.[\w-]+)?\.(so|pyd)$", re.IGNORECASE)
MAX_LISTED = 20
# What a loadable native library starts with: ELF, PE ('MZ'), Mach-O (both byte orders, fat).
_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"\xca\xfe\xba\xbe")

# The module names an error message points at ('No module named X', 'cannot import name N from X',
# "module 'X' has no attribute 'N'", "partially initialized module 'X'").
_NO_MODULE = re.compile(r"No module named '([\w.]+)'")
_CANNOT_IMPORT = re.compile(r"cannot import name '(\w+)' from (?:partially initialized module )?'([\w.]+)'")
_NO_ATTRIBUTE = re.compile(r"module '([\w.]+)' has no attribute '(\w+)'")
_PARTIAL = re.compile(r"partially initialized module '([\w.]+)'")


@dataclass(frozen=True)
class Record:
    """What RECORD lists, parsed once: (relative path, size or None) per file of interest."""

    note: str | None  # why there is nothing to check ('no RECORD', 'unreadable RECORD ...')
    key: tuple[tuple[str, int | None], ...]  # native libraries and top-level modules
    code: tuple[tuple[str, int | None], ...]  # every module (.py) and native library


def probe() -> dict[str, Any]:
    """``{name: {"version", "checked", "missing", "damaged", ...}}`` per installed family member."""
    results: dict[str, Any] = {}
    for name in FAMILY:
        dist = dists.find(name)
        if dist is not None:
            results[name] = check_distribution(dist, name)
    return results


def check_distribution(dist: metadata.Distribution, package: str) -> dict[str, Any]:
    """The key files of one distribution: missing ones (``missing``) and all damaged ones (``damaged``)."""
    base = _site_dir(dist)
    record = _RECORDS.get(dist, package, lambda d: _parse(d, package))
    note = record.note if record.note is not None or base is not None else "no RECORD"
    if note is not None or base is None:
        return {"version": _version(dist), "checked": 0, "missing": [], "note": note}
    # Never cached: a file deleted since the last diagnosis must show up in this one.
    damaged = [item for item in (_damage(base, path, size) for path, size in record.key) if item is not None]
    missing = [item["path"] for item in damaged if item["problem"] == "missing"]
    return {
        "version": _version(dist),
        "location": home_to_tilde(base),
        "checked": len(record.key),
        "missing_count": len(missing),
        "missing": missing[:MAX_LISTED],
        "damaged_count": len(damaged),
        "damaged": damaged[:MAX_LISTED],
    }


def check_failure(capture: dict[str, Any], modules: Iterable[str] | None = None) -> dict[str, Any]:
    """On a failure: every module and native library of the installed family, related to ``capture``.

    ``{name: {"version", "location", "checked", "damaged_count", "damaged": [{"path",
    "problem", "size", "expected", "link"}]}}`` for each distribution with damaged files,
    plus ``"ms"``. ``modules``: the names in ``sys.modules`` (read now when not given).
    """
    started = time.perf_counter()
    loaded = set(sys.modules if modules is None else modules)
    named_modules, text = failure_names(capture)
    # A package whose import finished is no place the failure went (unless the error names it).
    imported = _imported_roots(capture)
    loaded -= {name for name in list(loaded) if name.split(".", 1)[0] in imported}
    interrupted = any(
        isinstance(link, dict) and link.get("type") == "KeyboardInterrupt" for link in [capture, *(capture.get("chain") or [])]
    )
    results: dict[str, Any] = {}
    for name in FAMILY:
        dist = dists.find(name)
        base = _site_dir(dist) if dist is not None else None
        if dist is None or base is None:
            continue
        record = _RECORDS.get(dist, name, functools.partial(_parse, package=name))
        traceback = _traceback_paths(capture, base)
        # The import of this package failed on its way (some of its modules are left, it is not complete).
        importing = not interrupted and any(module == name or module.startswith(name + ".") for module in loaded)
        damaged = []
        for path, size in record.code:
            item = _damage(base, path, size, magic=bool(_NATIVE.search(path)))
            if item is None:
                continue
            link = _link(path, text, named_modules, loaded, traceback, native_loaded=name not in imported)
            if link is None and (base, path) in _EARLIER:
                link = "earlier"
            elif link is None and importing and item["problem"] == "missing":
                link = "import"
            if link in ("named", "native", "package"):
                _remember(base, path)
            item["link"] = link
            damaged.append(item)
        if damaged:
            damaged.sort(key=lambda item: _LINK_ORDER.get(item["link"], 9))
            results[name] = {
                "version": _version(dist),
                "location": home_to_tilde(base),
                "checked": len(record.code),
                "damaged_count": len(damaged),
                "damaged": damaged[:MAX_LISTED],
            }
    results["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return results


_LINK_ORDER = {"named": 0, "native": 1, "package": 2, "earlier": 3, "import": 4}
# (site-packages, path) of the damaged files an earlier failure in this process went through: a
# retried import fails before reaching them ("already has a docstring"), yet they are the cause.
_EARLIER: set[tuple[str, str]] = set()


def _remember(base: str, path: str) -> None:
    if len(_EARLIER) >= 256:
        _EARLIER.clear()
    _EARLIER.add((base, path))


def explaining(checked: dict[str, Any] | None) -> list[tuple[str, dict[str, Any]]]:
    """(distribution, damaged file) pairs of a :func:`check_failure` result that explain the failure."""
    pairs = []
    for name, info in (checked or {}).items():
        if isinstance(info, dict):
            pairs += [(name, item) for item in info.get("damaged") or [] if isinstance(item, dict) and item.get("link")]
    return pairs


def failure_names(capture: dict[str, Any]) -> tuple[set[str], str]:
    """The module names a failure points at (its ImportError names, its messages), and its text."""
    text = str(capture.get("text") or "")
    names = {str(link.get("name")) for link in [capture, *(capture.get("chain") or [])] if isinstance(link, dict) and link.get("name")}
    names.update(_NO_MODULE.findall(text))
    names.update(_PARTIAL.findall(text))
    for attribute, module in _CANNOT_IMPORT.findall(text):
        names.update((module, f"{module}.{attribute}"))
    for module, attribute in _NO_ATTRIBUTE.findall(text):
        names.update((module, f"{module}.{attribute}"))
    return names, text


def _imported_roots(capture: dict[str, Any]) -> set[str]:
    """The family packages the capture saw fully imported ('torch' with its __version__, not initialising)."""
    packages = (capture.get("modules") or {}).get("packages") or {}
    return {
        root
        for root, entry in packages.items()
        if isinstance(entry, dict) and entry.get("present") and not entry.get("initialising") and entry.get("version")
    }


def _link(path: str, text: str, named: set[str], loaded: set[str], traceback: set[str], *, native_loaded: bool) -> str | None:
    """How a damaged file relates to the failure: 'named', 'native', 'package' or None.

    ``native_loaded``: the package's import did not complete, so its libraries were being loaded
    (after a complete import, a damaged library is one it never needed: a test library).
    """
    module = module_of(path)
    native = bool(_NATIVE.search(path))
    if path in traceback or module in named or (native and os.path.basename(path) in text):
        return "named"
    if native:
        return "native" if native_loaded else None
    package = module.rsplit(".", 1)[0] if "." in module else module
    if path.endswith("__init__.py"):
        package = module  # a package without its __init__.py imports as an empty namespace
    if package in loaded or any(name.startswith(package + ".") for name in loaded):
        return "package"
    return None


def module_of(path: str) -> str:
    """'torch/nn/functional.py' -> 'torch.nn.functional'; a package's __init__.py -> the package."""
    stem = _EXTENSION_SUFFIX.sub("", path.removesuffix(".py"))
    return stem.removesuffix("/__init__").replace("/", ".")


def _traceback_paths(capture: dict[str, Any], base: str) -> set[str]:
    """The traceback's files, relative to ``base`` (site-packages) where they lie inside it."""
    prefix = home_to_tilde(base).rstrip("/\\") + os.sep
    found = set()
    for name in capture.get("tb_files") or []:
        if isinstance(name, str) and name.startswith(prefix):
            found.add(name[len(prefix) :].replace("\\", "/"))
    return found


def _damage(base: str, path: str, size: int | None, *, magic: bool = False) -> dict[str, Any] | None:
    """What is wrong with one file (missing, shorter than RECORD says, not a library), or None."""
    full = os.path.join(base, path)
    try:
        actual = os.stat(full).st_size
    except OSError:
        return {"path": path, "problem": "missing"}
    if size is not None and actual < size:
        return {"path": path, "problem": "short", "size": actual, "expected": size}
    if magic and not _is_library(full):
        return {"path": path, "problem": "not_a_library", "size": actual}
    return None


def _is_library(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError:
        return True  # unreadable is another problem (permissions); not this one
    return any(head.startswith(magic) for magic in _MAGIC)


def _parse(dist: metadata.Distribution, package: str) -> Record:
    try:
        text = dist.read_text("RECORD")
    except (OSError, UnicodeDecodeError) as exc:  # a symlink loop, a half-written RECORD
        return Record(f"unreadable RECORD ({type(exc).__name__})", (), ())
    if not text:
        return Record("no RECORD", (), ())
    code = tuple(_record_paths(text, package))
    return Record(None, tuple(entry for entry in code if _is_key_file(entry[0])), code)


# Parsing torch's 14,600-line RECORD takes ~20 ms: kept per dist-info folder until RECORD
# (or the folder) changes, so a second diagnosis in the same process skips it.
_RECORDS: dists.FileCache[Record] = dists.FileCache("RECORD")


def _version(dist: metadata.Distribution) -> str | None:
    try:
        return dists.header(dist.metadata, "Version")  # not dist.version: see dists.header
    except (OSError, UnicodeDecodeError):
        return None


def _site_dir(dist: metadata.Distribution) -> str | None:
    folder = dists.folder(dist)  # the .dist-info folder; its parent is site-packages
    return os.path.dirname(folder) if folder is not None else None


def _record_paths(text: str, package: str) -> list[tuple[str, int | None]]:
    """(path, size) per RECORD line that is one of ``package``'s modules or native libraries.

    RECORD is CSV, but wheel paths contain no commas in practice: a split is 10x faster. Most
    of torch's 14,600 lines are C++ headers; the cheap substring tests skip them before any
    split, which made this 2.5x faster (22 ms -> 8 ms on torch 2.13's RECORD).
    """
    prefix = package + "/"
    might_be_code = _CODE_SUFFIX_ANYWHERE.search
    entries = []
    for line in text.splitlines():
        if not (line.startswith(prefix) and might_be_code(line)):
            continue
        parts = line.rsplit(",", 2)
        if _is_code(parts[0], package):
            size = parts[-1].strip() if len(parts) == 3 else ""
            entries.append((parts[0], int(size) if size.isdigit() else None))
    return entries


# A superset of _is_code's suffixes, anywhere in the line: a line without one is no code.
_CODE_SUFFIX_ANYWHERE = re.compile(r"\.(?:py|so|pyd|dll|dylib)\b", re.IGNORECASE)


def _is_code(path: str, package: str) -> bool:
    return path.startswith(package + "/") and (path.endswith(".py") or bool(_NATIVE.search(path)))


def _is_key_file(path: str) -> bool:
    return bool(_NATIVE.search(path)) or (path.count("/") == 1 and path.endswith(".py"))
