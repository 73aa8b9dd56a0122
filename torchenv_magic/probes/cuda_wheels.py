"""The nvidia-* wheels torch asks for, and which of them are missing.

A CUDA torch wheel on Linux loads its CUDA libraries from nvidia-* wheels, named in its
``Requires-Dist`` directly (``nvidia-cudnn-cu13==...``) or through an extra of another
package (torch 2.14: ``cuda-toolkit[cublas,cudart,...]==13.0.3``). A missing one breaks
``import torch`` unless the system loader cache has a copy (this machine has a system
CUDA 13 runtime, so a missing nvidia-cuda-runtime goes unnoticed: design.md section 6).
"""

from __future__ import annotations

import csv
import io
import os
import re
from functools import lru_cache
from importlib import metadata, resources
from typing import Any

from . import dists

LOADER_CACHE = "/etc/ld.so.cache"
# A sanity cap on the loader cache (36 KB here; a few hundred KB on big hosts).
_LOADER_CACHE_MAX = 16 * 1024 * 1024
_CU_SUFFIX = re.compile(r"-cu\d+$")
# The only Requires-Dist lines ``required_nvidia`` can use: an ``nvidia-*`` name, or any name
# with extras (``cuda-toolkit[cublas,...]``). Everything else (a CPU torch has only those)
# is skipped before packaging, whose import alone costs ~25 ms, is needed at all.
_CANDIDATE = re.compile(r"^\s*(?:nvidia-|[A-Za-z0-9][A-Za-z0-9._-]*\s*\[)", re.IGNORECASE)


def probe() -> dict[str, Any]:
    torch = dists.find("torch")
    if torch is None:
        return {"required": {}, "missing": []}
    required = _required(_applicable_of(torch, frozenset()), frozenset())
    missing = [name for name in required if not _installed(name)]
    cache = _loader_cache() if missing else b""
    return {"required": required, "missing": [_missing_entry(name, required[name], cache) for name in missing]}


def required_nvidia(lines: list[str], extras: frozenset[str] = frozenset()) -> dict[str, str]:
    """``{nvidia-* name: requirement}`` that ``lines`` pull in, following extras one level."""
    return _required(_applicable(lines, extras), extras)


# (lower-case name, "name" + specifier, extras) of each Requires-Dist line that applies here.
Applicable = tuple[tuple[str, str, frozenset[str]], ...]


def _required(applicable: Applicable, extras: frozenset[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, requirement, wanted in applicable:
        if name.startswith("nvidia-") and name != "nvidia-ml-py":
            found[name] = requirement
        elif wanted and not extras:
            dist = dists.find(name)
            if dist is not None:
                found.update(_required(_applicable_of(dist, wanted), wanted))
    return found


def _applicable_of(dist: metadata.Distribution, extras: frozenset[str]) -> Applicable:
    return _APPLICABLE.get(dist, extras, lambda found: _applicable(dists.requires(found), extras))


def _applicable(lines: list[str], extras: frozenset[str]) -> Applicable:
    candidates = [line for line in lines if _CANDIDATE.match(line)]
    if not candidates:
        return ()
    from packaging.markers import InvalidMarker, UndefinedEnvironmentName
    from packaging.requirements import InvalidRequirement, Requirement

    applicable = []
    for line in candidates:
        try:
            requirement = Requirement(line)
            environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if requirement.marker is None or any(requirement.marker.evaluate(env) for env in environments):
                name = requirement.name
                applicable.append((name.lower(), f"{name}{requirement.specifier}", frozenset(requirement.extras)))
        except (InvalidRequirement, InvalidMarker, UndefinedEnvironmentName):
            continue
    return tuple(applicable)


# Reading torch's METADATA and parsing cuda-toolkit's ~50 Requires-Dist lines with packaging
# takes ~13 ms: the result is kept per dist-info folder (and extras) until METADATA changes.
# The markers are evaluated for this interpreter, which a process does not change.
_APPLICABLE: dists.FileCache[Applicable] = dists.FileCache("METADATA")


def _installed(name: str) -> bool:
    return dists.find(name) is not None


def _missing_entry(name: str, requirement: str, cache: bytes) -> dict[str, Any]:
    libs = libraries_of(name)
    return {
        "name": name,
        "requirement": requirement,
        "libs": libs,
        "in_loader_cache": [lib for lib in libs if lib.encode() + b".so" in cache],
    }


def package_base(name: str) -> str:
    """'nvidia-cudnn-cu13' -> 'nvidia-cudnn' (the CUDA-major suffix differs by generation)."""
    return _CU_SUFFIX.sub("", name.lower())


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, str], ...]:
    text = (resources.files("torchenv_magic") / "data" / "cuda_wheel_libs.csv").read_text(encoding="utf-8")
    return tuple((row["package"], row["library"]) for row in csv.DictReader(io.StringIO(text)))


def libraries_of(package: str) -> list[str]:
    """Library stems a CUDA wheel ships: 'nvidia-cublas' -> ['libcublas', 'libcublasLt']."""
    base = package_base(package)
    return [lib for pkg, lib in _table() if pkg == base]


def package_for_library(library: str) -> str | None:
    """'libcublas.so.13' -> 'nvidia-cublas' (the longest matching stem wins: libcublasLt)."""
    stem = library.split(".so", 1)[0].split(".dll", 1)[0]
    matches = [(lib, pkg) for pkg, lib in _table() if stem == lib or stem.startswith((lib + "_", lib + "-"))]
    return max(matches)[1] if matches else None


def _loader_cache() -> bytes:
    """The system loader cache (``ldconfig -p`` reads this same file; no subprocess)."""
    try:
        with open(LOADER_CACHE, "rb") as handle:
            # read(n) allocates n bytes up front: ask for the file's real size, not the cap.
            return handle.read(min(os.fstat(handle.fileno()).st_size, _LOADER_CACHE_MAX))
    except OSError:
        return b""
