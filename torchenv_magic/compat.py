"""Compatibility knowledge base: answers from sourced data tables.

Every answer comes from a CSV file under ``torchenv_magic/data``; each row of
those files names its public source (see ``docs/compatibility-data.md``).
Nothing here imports torch, numpy or pandas, and no function raises on bad
input: unknown or malformed versions give ``None`` or an empty list.

Versions are compared as releases, so local tags and pre/dev suffixes are
ignored: ``"2.5.1+cu124"``, ``"2.5.1"`` and ``"v2.5.1"`` all mean torch 2.5.1.
A minor-only version such as ``"2.5"`` means "the newest known patch release
of 2.5".
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

__all__ = [
    "arch_list_for",
    "compute_capability",
    "cuda_variants_for",
    "cudnn_for",
    "detectron2_prebuilt",
    "detectron2_requirements",
    "known_torch_releases",
    "min_driver_for",
    "min_driver_minor_compat",
    "newest_cuda_variant_for_driver",
    "newest_torch_for_python",
    "python_range_for",
    "rocm_variants_for",
    "torch_for_torchvision",
    "torchaudio_for",
    "torchvision_for",
    "wheel_index_url",
]

Row = dict[str, str]
Release = tuple[int, ...]

_INDEX_BASE = "https://download.pytorch.org/whl"


# --------------------------------------------------------------------------
# data loading (lazy, cached)
# --------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _table(name: str) -> tuple[Row, ...]:
    """Rows of ``data/<name>.csv`` (read once, on first use)."""
    try:
        text = (resources.files("torchenv_magic") / "data" / f"{name}.csv").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        return ()
    reader = csv.DictReader(io.StringIO(text))
    return tuple({k: (v or "").strip() for k, v in row.items() if k} for row in reader)


# --------------------------------------------------------------------------
# version helpers
# --------------------------------------------------------------------------

_CU_TAG = re.compile(r"^cu(\d+)(\d)$")


def _release(value: object) -> Release | None:
    """The release tuple of a version string, ignoring local tags; None if not one."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100:
        return None
    if text[:1] in ("v", "V"):
        text = text[1:]
    try:
        return Version(text).release
    except InvalidVersion:
        return None


def _rel_str(rel: Release) -> str:
    return ".".join(str(p) for p in rel)


def _minor(rel: Release) -> Release:
    return (rel + (0,))[:2]


def _cuda_release(value: object) -> Release | None:
    """CUDA version from "12.6", "12.6.3", "cu126", "cu118" or "CUDA 12.6"."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text.startswith("cuda"):
        text = text[4:].strip()
    m = _CU_TAG.match(text)
    if m:
        return (int(m.group(1)), int(m.group(2)))
    rel = _release(text)
    if rel is None or len(rel) < 2 or rel[0] < 1 or rel[0] > 99:
        return None
    return rel


def _driver_key(value: object) -> Release | None:
    """Driver version as comparable ints: "535.104.05" -> (535, 104, 5)."""
    if not isinstance(value, str):
        return None
    text = value.strip().lstrip(">= ").strip()
    if not re.fullmatch(r"\d{2,4}(\.\d{1,4}){0,3}", text):
        return None
    return tuple(int(p) for p in text.split("."))


def _os_name(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text in ("linux", "linux2", "posix", "wsl"):
        return "linux"
    if text in ("windows", "win", "win32", "win64", "nt", "cygwin"):
        return "windows"
    return None


def _select(rows: list[tuple[Release, Row]], wanted: Release) -> list[Row]:
    """Rows of the exact release, or for a minor-only request those of the newest patch."""
    if len(wanted) >= 3:
        key = wanted[:3]
        return [row for rel, row in rows if (rel + (0,))[:3] == key]
    minor = _minor(wanted)
    same = [(rel, row) for rel, row in rows if _minor(rel) == minor]
    if not same:
        return []
    newest = max(rel for rel, _ in same)
    return [row for rel, row in same if rel == newest]


# --------------------------------------------------------------------------
# torch <-> torchvision / torchaudio
# --------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _rows_by_version(table: str, column: str) -> tuple[tuple[Release, Row], ...]:
    """The rows of ``table`` whose ``column`` is a version, oldest first."""
    out: list[tuple[Release, Row]] = []
    for row in _table(table):
        rel = _release(row.get(column, ""))
        if rel is not None:
            out.append((rel, row))
    out.sort(key=lambda item: item[0])
    return tuple(out)


def _releases() -> tuple[tuple[Release, Row], ...]:
    return _rows_by_version("torch_releases", "torch")


def known_torch_releases() -> list[str]:
    """Every torch release the tables know, oldest first (e.g. "1.0.0" ... "2.14.1")."""
    return [_rel_str(rel) for rel, _ in _releases()]


def _companion(torch_version: str, column: str) -> str | None:
    wanted = _release(torch_version)
    if wanted is None:
        return None
    rows = list(_releases())
    minor = _minor(wanted)
    if len(wanted) >= 3:
        exact = [row for rel, row in rows if rel[:3] == wanted[:3]]
        if exact and exact[0].get(column):
            return exact[0][column]
        # Patch data missing: answer with the companion's minor version, taken
        # from a sourced release of the same torch minor.
        for rel, row in reversed(rows):
            if _minor(rel) == minor and row.get(column):
                comp = _release(row[column])
                return _rel_str(_minor(comp)) if comp else None
        return None
    for rel, row in reversed(rows):
        if _minor(rel) == minor and row.get(column):
            return row[column]
    return None


def torchvision_for(torch_version: str) -> str | None:
    """The torchvision release built for ``torch_version``.

    >>> torchvision_for("2.5.1+cu124")
    '0.20.1'

    A minor-only torch version gives the torchvision of its newest known patch
    release; a patch release with no sourced pairing gives a minor-only answer
    (e.g. "0.22" for torch 2.7.1).
    """
    return _companion(torch_version, "torchvision")


def torchaudio_for(torch_version: str) -> str | None:
    """The torchaudio release for ``torch_version`` (e.g. "2.5.1" -> "2.5.1").

    torchaudio 2.11 is built on PyTorch's stable ABI and is documented as the
    torchaudio for torch 2.11 and every later release.
    """
    return _companion(torch_version, "torchaudio")


def torch_for_torchvision(tv_version: str) -> str | None:
    """The torch release a torchvision release was built for (inverse of
    :func:`torchvision_for`), e.g. "0.20.1" -> "2.5.1".

    A torchvision release with no sourced row gives a minor-only torch version
    taken from a sourced torchvision release of the same minor ("0.22.1" -> "2.7").
    """
    wanted = _release(tv_version)
    if wanted is None:
        return None
    pairs: list[tuple[Release, Release]] = []
    for rel, row in _releases():
        tv = _release(row.get("torchvision", ""))
        if tv is not None:
            pairs.append((tv, rel))
    pairs.sort()
    minor = _minor(wanted)
    if len(wanted) >= 3:
        exact = [t for tv, t in pairs if tv[:3] == wanted[:3]]
        if exact:
            return _rel_str(max(exact))
        same = [t for tv, t in pairs if _minor(tv) == minor]
        return _rel_str(_minor(max(same))) if same else None
    same = [t for tv, t in pairs if _minor(tv) == minor]
    return _rel_str(max(same)) if same else None


# --------------------------------------------------------------------------
# wheel variants, cuDNN, architectures
# --------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _variant_rows(accelerator: str) -> tuple[tuple[Release, Row], ...]:
    out: list[tuple[Release, Row]] = []
    for row in _table("torch_wheel_variants"):
        if row.get("accelerator") != accelerator:
            continue
        rel = _release(row.get("torch", ""))
        if rel is not None:
            out.append((rel, row))
    return tuple(out)


def _variants(torch_version: str, accelerator: str) -> list[str]:
    wanted = _release(torch_version)
    if wanted is None:
        return []
    rows = _select(list(_variant_rows(accelerator)), wanted)
    versions = {row["version"] for row in rows if _release(row.get("version", ""))}
    return sorted(versions, key=lambda v: _release(v) or ())


def cuda_variants_for(torch_version: str) -> list[str]:
    """CUDA versions of the official torch wheels of that release, oldest first.

    >>> cuda_variants_for("2.5.1")
    ['11.8', '12.1', '12.4']
    """
    return _variants(torch_version, "cuda")


def rocm_variants_for(torch_version: str) -> list[str]:
    """ROCm versions of the official torch wheels of that release (Linux only)."""
    return _variants(torch_version, "rocm")


def _match_torch_cuda(table: str, torch_version: str, cuda_version: str) -> Row | None:
    wanted = _release(torch_version)
    cuda = _cuda_release(cuda_version)
    if wanted is None or cuda is None:
        return None
    best: tuple[int, Release, Row] | None = None
    for row in _table(table):
        rel = _release(row.get("torch", ""))
        row_cuda = _cuda_release(row.get("cuda", ""))
        if rel is None or row_cuda is None or _minor(row_cuda) != _minor(cuda):
            continue
        if len(rel) >= 3 and len(wanted) >= 3 and rel[:3] == wanted[:3]:
            score = 2  # exact release
        elif _minor(rel) == _minor(wanted) and (len(rel) == 2 or len(wanted) == 2):
            score = 1  # the row, or the question, is for the whole minor
        else:
            continue
        if best is None or (score, rel) > (best[0], best[1]):
            best = (score, rel, row)
    return best[2] if best else None


def cudnn_for(torch_version: str, cuda_version: str) -> str | None:
    """cuDNN bundled with (or pinned by) the official build for that CUDA variant,
    where sourced, e.g. ("2.1.2", "12.1") -> "8.9.2.26", ("2.14.1", "13.0") -> "9.24.0.43"."""
    row = _match_torch_cuda("torch_cudnn", torch_version, cuda_version)
    return row.get("cudnn") or None if row else None


def arch_list_for(torch_version: str, cuda_version: str) -> list[str] | None:
    """GPU architectures (``sm_XY``) compiled into the official build of that
    torch release and CUDA variant, where sourced; None when unknown.

    Rows are the Linux x86_64 pip wheels (``TORCH_CUDA_ARCH_LIST`` of the
    release's build script, PyTorch's RELEASE.md support matrix, or measured
    from a wheel); torch 2.6.0 and 2.7.0 are still measurements of the conda
    packages. Only ``sm_*`` cubins are listed, not ``+PTX``. For the running
    process prefer ``torch.cuda.get_arch_list()`` when torch imports.
    """
    row = _match_torch_cuda("torch_arch_list", torch_version, cuda_version)
    if not row or not row.get("arch_list"):
        return None
    return [a for a in row["arch_list"].split(";") if a]


# --------------------------------------------------------------------------
# CUDA toolkit <-> driver
# --------------------------------------------------------------------------


def _driver_rows() -> tuple[tuple[Release, Row], ...]:
    return _rows_by_version("cuda_driver", "cuda")


def min_driver_minor_compat(cuda_version: str) -> str | None:
    """Minimum driver for CUDA minor-version compatibility of that CUDA major
    (NVIDIA release notes table 2): 11.x -> "450", 12.x -> "525", 13.x -> "580".
    The same on Linux and Windows."""
    cuda = _cuda_release(cuda_version)
    if cuda is None:
        return None
    for row in _table("cuda_minor_compat"):
        if row.get("cuda_major") == str(cuda[0]):
            return row.get("min_driver") or None
    return None


def min_driver_for(cuda_version: str, os: str = "linux", *, minor_compat: bool = False) -> str | None:
    """Minimum NVIDIA driver for a CUDA toolkit release.

    By default this is the "toolkit driver version" of NVIDIA's CUDA Toolkit
    release notes (table 3) for ``os`` ("linux" or "windows"): "12.4" is the
    12.4 GA row (">=550.54.14" -> "550.54.14"), "12.4.1" the Update 1 row.
    With ``minor_compat=True`` it is the CUDA minor-version-compatibility
    minimum of that CUDA major (table 2), e.g. "525" for any 12.x.
    Returns None when unknown (NVIDIA lists no Windows driver for CUDA 13.x,
    which no longer bundles one).
    """
    if minor_compat:
        return min_driver_minor_compat(cuda_version) if _os_name(os) else None
    cuda = _cuda_release(cuda_version)
    system = _os_name(os)
    if cuda is None or system is None:
        return None
    column = "linux_min_driver" if system == "linux" else "windows_min_driver"
    rows = list(_driver_rows())
    exact = [row for rel, row in rows if len(cuda) >= 3 and rel[:3] == cuda[:3]]
    if not exact:
        same_minor = [(rel, row) for rel, row in rows if _minor(rel) == _minor(cuda)]
        if not same_minor:
            return None
        exact = [min(same_minor, key=lambda item: item[0])[1]]
    return exact[0].get(column) or None


def newest_cuda_variant_for_driver(torch_version: str, driver_version: str, os: str = "linux") -> str | None:
    """The newest CUDA variant of that torch release the driver can run.

    For CUDA >= 11 the test uses the minor-version-compatibility minimum of the
    CUDA major (525 for 12.x, 580 for 13.x): the official wheels bundle their
    CUDA runtime and NVIDIA supports running a 12.x runtime on any 12.x-capable
    driver, so e.g. a cu128 wheel runs on driver 535. Features that need a newer
    driver (PTX JIT of newer code) are not considered. For CUDA < 11, which has
    no minor-version compatibility, the toolkit driver of that release (table 3)
    is used. Returns None when no variant fits or inputs are unknown.
    """
    driver = _driver_key(driver_version)
    if driver is None or _os_name(os) is None:
        return None
    for variant in reversed(cuda_variants_for(torch_version)):
        cuda = _cuda_release(variant)
        if cuda is None:
            continue
        need = min_driver_minor_compat(variant) if cuda[0] >= 11 else min_driver_for(variant, os)
        need_key = _driver_key(need) if need else None
        if need_key is not None and driver >= need_key:
            return variant
    return None


def wheel_index_url(cuda_version: str | None) -> str:
    """The PyTorch wheel index for a CUDA variant: "12.6" / "cu126" ->
    "https://download.pytorch.org/whl/cu126"; None (or anything that is not a
    CUDA version) -> the CPU index. "rocm6.2.4" gives the ROCm index."""
    if isinstance(cuda_version, str):
        text = cuda_version.strip().lower()
        if text.startswith("rocm") and _release(text[4:]) is not None:
            return f"{_INDEX_BASE}/rocm{_rel_str(_release(text[4:]) or ())}"
        if text in ("cpu", ""):
            return f"{_INDEX_BASE}/cpu"
        cuda = _cuda_release(text)
        if cuda is not None:
            return f"{_INDEX_BASE}/cu{cuda[0]}{cuda[1]}"
    return f"{_INDEX_BASE}/cpu"


# --------------------------------------------------------------------------
# GPU name -> compute capability
# --------------------------------------------------------------------------

_DROP_TOKENS = {"nvidia", "geforce", "tesla", "(r)", "(tm)"}


def _gpu_tokens(name: str) -> list[str]:
    text = name.lower().replace("®", " ").replace("™", " ")
    text = re.sub(r"[_/,()]", " ", text)
    text = text.replace("-", " ")
    return [t for t in text.split() if t and t not in _DROP_TOKENS]


@lru_cache(maxsize=64)
def _gpu_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for row in _table("gpu_compute_capability"):
        key = " ".join(_gpu_tokens(row.get("gpu", "")))
        if key and row.get("compute_capability"):
            index.setdefault(key, row["compute_capability"])
    return index


def compute_capability(gpu_name: str) -> str | None:
    """Compute capability of a GPU from its marketing or NVML name.

    Tolerates case, the "NVIDIA " / "GeForce " / "Tesla " prefixes and NVML
    suffixes: "NVIDIA A100-SXM4-80GB" -> "8.0", "NVIDIA H100 80GB HBM3" -> "9.0",
    "Tesla T4" -> "7.5". Laptop parts ("... Laptop GPU") resolve to the listed
    name they start with (same GPU generation). Unknown names give None.
    """
    if not isinstance(gpu_name, str) or len(gpu_name) > 200:
        return None
    tokens = _gpu_tokens(gpu_name)
    index = _gpu_index()
    for end in range(len(tokens), 0, -1):
        hit = index.get(" ".join(tokens[:end]))
        if hit:
            return hit
    return None


# --------------------------------------------------------------------------
# Python versions
# --------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _python_rows() -> tuple[tuple[Release, SpecifierSet, str], ...]:
    out: list[tuple[Release, SpecifierSet, str]] = []
    for row in _table("torch_python"):
        rel = _release(row.get("torch_minor", ""))
        try:
            spec = SpecifierSet(row.get("python_specifier", ""))
        except InvalidSpecifier:
            continue
        if rel is not None:
            out.append((_minor(rel), spec, row.get("python_specifier", "")))
    out.sort(key=lambda item: item[0])
    return tuple(out)


def python_range_for(torch_version: str) -> str | None:
    """CPython versions with official wheels of that torch release, as a PEP 440
    specifier, e.g. "2.5.1" -> ">=3.9,<3.13"."""
    wanted = _release(torch_version)
    if wanted is None:
        return None
    for minor, _spec, text in _python_rows():
        if minor == _minor(wanted):
            return text
    return None


def newest_torch_for_python(python_version: str) -> str | None:
    """Newest known torch release with official wheels for that CPython
    ("3.8" -> "2.4.1", "3.11.7" -> "2.14.1")."""
    wanted = _release(python_version)
    if wanted is None:
        return None
    probe = Version(_rel_str(_minor(wanted)))
    minors = [minor for minor, spec, _ in _python_rows() if spec.contains(probe, prereleases=True)]
    if not minors:
        return None
    best = max(minors)
    rels = [rel for rel, _ in _releases() if _minor(rel) == best]
    return _rel_str(max(rels)) if rels else _rel_str(best)


# --------------------------------------------------------------------------
# detectron2
# --------------------------------------------------------------------------


def detectron2_prebuilt(torch_version: str | None = None) -> list[dict[str, Any]]:
    """Rows of detectron2's published prebuilt-wheel matrix (Linux only):
    ``{"detectron2", "torch", "cuda", "url", "source"}``; for one torch minor
    when ``torch_version`` is given, all rows when it is None.
    ``cuda`` is a CUDA version or "cpu"; ``url`` is the ``pip -f`` index."""
    rows = _table("detectron2_wheels")
    if torch_version is None:
        return [dict(row) for row in rows]
    wanted = _release(torch_version)
    if wanted is None:
        return []
    out: list[dict[str, Any]] = []
    for row in rows:
        rel = _release(row.get("torch", ""))
        if rel is not None and _minor(rel) == _minor(wanted):
            out.append(dict(row))
    return out


def detectron2_requirements() -> dict[str, str]:
    """detectron2's stated minimums (INSTALL.md): keys "os", "python", "torch",
    "torchvision", "gcc", "g++"."""
    return {row["requirement"]: row.get("value", "") for row in _table("detectron2_requirements") if row.get("requirement")}
