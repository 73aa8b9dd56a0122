"""Installed distributions that matter for torch, read from metadata only."""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any

from ..redact import home_to_tilde
from . import dists

TORCH_FAMILY = ("torch", "torchvision", "torchaudio", "torchtext", "detectron2")
_INTERESTING = re.compile(
    r"^(torch.*|detectron2|numpy|triton|pytorch-triton.*|nvidia-.*|xformers|mmcv.*|"
    r"apex|pillow|nvidia-ml-py|pynvml|cuda-.*|intel-openmp|mkl.*|ipykernel|ipython|ipywidgets)$"
)


def normalize(name: str) -> str:
    """PEP 503 normalised distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def local_tag(version: str) -> str | None:
    """'2.5.1+cu124' -> 'cu124'."""
    return version.split("+", 1)[1] if "+" in version else None


def probe() -> dict[str, Any]:
    """``{"installed": {name: [entry, ...]}}`` for the interesting distributions.

    A list per name, because two dist-info folders of one package are a real failure
    (``duplicate_installations``) that ``importlib.metadata.version`` silently hides.
    """
    installed: dict[str, list[dict[str, Any]]] = {}
    # sys.path may hold bytes or other non-str entries (the import system skips them);
    # importlib.metadata raises TypeError on them, which would hide every package.
    for dist in metadata.distributions(path=dists.search_path()):
        entry = _entry(dist)
        if entry is None or not _INTERESTING.match(entry["name"]):
            continue
        installed.setdefault(entry["name"], []).append(entry)
    return {"installed": installed}


def _entry(dist: metadata.Distribution) -> dict[str, Any] | None:
    problem = None
    try:
        meta: Any = dist.metadata
    except UnicodeDecodeError:
        # One non-UTF-8 byte (a latin-1 Summary, a truncated write) makes importlib.metadata
        # raise for the whole distribution; the package is still installed and imports.
        meta, problem = dists.lenient_metadata(dist), "METADATA is not valid UTF-8"
    except Exception:  # noqa: BLE001 - a broken dist-info must not hide the others
        return None
    name = meta["Name"] if meta is not None else None
    if not name:
        return None
    version = str(meta["Version"] or "")
    entry: dict[str, Any] = {
        "name": normalize(name),
        "version": version,
        "local": local_tag(version),
        "location": home_to_tilde(_location(dist)),
    }
    if problem:
        entry["metadata_error"] = problem
    if normalize(name) in TORCH_FAMILY:
        entry["requires"] = _requires(dist)
        entry["installer"] = _read_text(dist, "INSTALLER")
    return entry


def _location(dist: metadata.Distribution) -> str:
    path = getattr(dist, "_path", None)  # PathDistribution: the .dist-info folder itself
    return str(path) if path is not None else ""


def _requires(dist: metadata.Distribution) -> list[str]:
    return [req for req in dists.requires(dist) if "extra ==" not in req]


def _read_text(dist: metadata.Distribution, filename: str) -> str | None:
    try:
        text = dist.read_text(filename)
    except Exception:  # noqa: BLE001
        return None
    return text.strip() if text else None


def first(installed: dict[str, list[dict[str, Any]]], name: str) -> dict[str, Any] | None:
    """The entry ``importlib.metadata`` would report for ``name`` (the first found)."""
    entries = installed.get(normalize(name))
    return entries[0] if entries else None
