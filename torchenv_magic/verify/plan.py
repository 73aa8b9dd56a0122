"""What ``torchenv verify`` checks: the torch family's files as their RECORDs list them.

The distributions are the torch family that is installed (:data:`~torchenv_magic.capture.FAMILY`)
and the nvidia-* wheels torch requires here (:mod:`~torchenv_magic.probes.cuda_wheels`).
Each RECORD line is ``path,sha256=<urlsafe base64, no padding>,size``; the installer's own
lines (RECORD itself, compiled ``.pyc`` files) carry no hash.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from importlib import metadata

from ..capture import FAMILY
from ..probes import dists


@dataclass(frozen=True)
class Entry:
    """One RECORD line: the path relative to site-packages, its sha256 (or None) and size (or None)."""

    path: str
    digest: str | None
    size: int | None


@dataclass(frozen=True)
class Target:
    """One distribution to check; ``note`` says why it cannot be (no RECORD, not installed)."""

    name: str
    version: str
    site: str
    entries: tuple[Entry, ...] = ()
    note: str | None = None
    requirement: str | None = None  # a required wheel that is not installed: what to install

    @property
    def total_bytes(self) -> int:
        return sum(entry.size or 0 for entry in self.entries if entry.digest)


def targets() -> list[Target]:
    """The installed torch family, then the nvidia-* wheels torch requires (sorted by name)."""
    found = [_target(dist) for dist in (dists.find(name) for name in FAMILY) if dist is not None]
    for name, requirement in sorted(_required_nvidia().items()):
        dist = dists.find(name)
        found.append(_target(dist) if dist is not None else Target(name, "", "", note="not installed", requirement=requirement))
    return found


def _required_nvidia() -> dict[str, str]:
    from ..probes import cuda_wheels

    required = cuda_wheels.probe().get("required") or {}
    return {str(name): str(requirement) for name, requirement in required.items()}


def _target(dist: metadata.Distribution) -> Target:
    name = dists.header(dist.metadata, "Name") or "?"
    version = dists.header(dist.metadata, "Version") or ""
    folder = dists.folder(dist)
    if folder is None:
        return Target(name, version, "", note="not installed from a wheel folder")
    text = dists.read_text(dist, "RECORD")
    if not text:
        return Target(name, version, os.path.dirname(folder), note="no RECORD (installed without one, e.g. by conda)")
    return Target(name, version, os.path.dirname(folder), entries=tuple(parse_record(text)))


def parse_record(text: str) -> list[Entry]:
    """RECORD's CSV rows as entries; malformed rows are skipped."""
    entries = []
    for row in csv.reader(text.splitlines()):
        if not row or not row[0]:
            continue
        algorithm, _, digest = (row[1] if len(row) > 1 else "").partition("=")
        size = row[2] if len(row) > 2 else ""
        entries.append(Entry(row[0], digest if algorithm == "sha256" and digest else None, int(size) if size.isdigit() else None))
    return entries


def is_cache_file(path: str) -> bool:
    """Bytecode Python writes and rewrites itself: never a problem when missing, changed or extra."""
    return path.endswith(".pyc") or "__pycache__" in path.split("/")


# --- extra files: in folders a distribution owns, listed by no RECORD --------------------------


def owned_roots(all_targets: list[Target]) -> dict[str, list[str]]:
    """Per distribution, its folders: the shallowest folders whose listed files are all its own.

    A folder that several of the checked wheels fill (``nvidia/``, ``nvidia/cu13/lib``) is no
    one's, so a file there is never called extra; ``torch/``, ``nvidia/cudnn/`` are.
    """
    owners: dict[str, set[str]] = {}
    for target in all_targets:
        for entry in target.entries:
            for folder in _folders(entry.path):
                owners.setdefault(folder, set()).add(target.name)
    roots: dict[str, list[str]] = {}
    for target in all_targets:
        found: set[str] = set()
        for entry in target.entries:
            own = next((folder for folder in _folders(entry.path) if owners[folder] == {target.name}), None)
            if own is not None:
                found.add(own)
        roots[target.name] = sorted(found)
    return roots


def _folders(path: str) -> list[str]:
    """'torch/lib/x.so' -> ['torch', 'torch/lib']; nothing outside site-packages or in a .dist-info."""
    parts = path.split("/")[:-1]
    if not parts or parts[0] in ("..", "") or parts[0].endswith((".dist-info", ".data")):
        return []
    return ["/".join(parts[: depth + 1]) for depth in range(len(parts))]


def unlisted_files(site: str, root: str, listed: set[str]) -> list[str]:
    """Files under ``site/root`` (relative paths, sorted) that ``listed`` lacks, bytecode aside."""
    found = []
    for folder, subfolders, files in os.walk(os.path.join(site, root)):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        relative = os.path.relpath(folder, site).replace(os.sep, "/")
        found += [f"{relative}/{name}" for name in files if not name.endswith(".pyc") and f"{relative}/{name}" not in listed]
    return sorted(found)


def listed_in_site(site: str) -> set[str]:
    """Every path any distribution of ``site`` lists (read only when unlisted files turn up)."""
    listed: set[str] = set()
    try:
        names = os.listdir(site)
    except OSError:
        return listed
    for name in names:
        if name.endswith(".dist-info"):
            try:
                with open(os.path.join(site, name, "RECORD"), encoding="utf-8", errors="replace") as handle:
                    listed.update(entry.path for entry in parse_record(handle.read()))
            except OSError:
                continue
    return listed
