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
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, NamedTuple

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from . import versions

__all__ = [
    "arch_list_for",
    "arch_supports",
    "build_for_gpu",
    "compute_capability",
    "conda_ffmpeg_for_torchcodec",
    "conda_libstdcxx",
    "cuda_variants_for",
    "cudnn_for",
    "default_cuda_variant",
    "detectron2_prebuilt",
    "detectron2_requirements",
    "driver_runs",
    "driver_supports",
    "extension_distribution",
    "first_cuda_with_arch",
    "gcc_for_glibcxx",
    "known_torch_releases",
    "min_driver_for",
    "min_driver_minor_compat",
    "min_driver_to_run",
    "min_msvcp_for",
    "newest_cuda_variant_for_driver",
    "newest_torch_build_with",
    "newest_torch_for_python",
    "python_range_for",
    "rocm_variants_for",
    "torch_for_torchvision",
    "torchao_for",
    "torchaudio_for",
    "torchcodec_for",
    "torchdata_for",
    "torchtext_for",
    "torchvision_for",
    "wheel_index_url",
    "xformers_for",
]

Row = dict[str, str]
DriverVerdict = Literal["ok", "minor_compat", "too_old"]
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
    reader = csv.DictReader(io.StringIO(strip_comment_header(text)))
    return tuple({k: (v or "").strip() for k, v in row.items() if k} for row in reader)


def strip_comment_header(text: str) -> str:
    """A data file's text without its leading ``#`` lines (the sources of the whole table)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "".join(lines[start:])


# --------------------------------------------------------------------------
# version helpers (parsing is versions.py's: release_tuple, cuda_release, numeric_tuple)
# --------------------------------------------------------------------------


def _rel_str(rel: Release) -> str:
    return ".".join(str(p) for p in rel)


def _minor(rel: Release) -> Release:
    return (rel + (0,))[:2]


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
        rel = versions.release_tuple(row.get(column, ""))
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
    wanted = versions.release_tuple(torch_version)
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
                comp = versions.release_tuple(row[column])
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


# The last torch any torchtext release was made for: development stopped after torchtext 0.18 (data file header).
TORCHTEXT_LAST_TORCH = (2, 3)


def torchtext_for(torch_version: str) -> str | None:
    """The torchtext release made for ``torch_version`` ("2.2.2" -> "0.17.2"); None for a release with none
    (torch 2.4 and later: torchtext's last release, 0.18.0, is for torch 2.3). Each torchtext up to 0.17 pins
    its exact torch in its wheel metadata, so only an exact torch release answers."""
    wanted = versions.release_tuple(torch_version)
    if wanted is None:
        return None
    for rel, row in _rows_by_version("torchtext_releases", "torch"):
        if rel[:3] == wanted[:3]:
            return row.get("torchtext") or None
    return None


# No torchdata was released for these torch minors (meta-pytorch/data#1216; data file header).
TORCHDATA_PAUSED_TORCH = ((2, 2), (2, 3))


def torchdata_for(torch_version: str) -> str | None:
    """The torchdata release for ``torch_version`` ("2.0.1" -> "0.6.1", "2.4.1" -> "0.8.0"); None for torch 2.2
    and 2.3, which no torchdata was released for. A patch release with no row of its own takes its minor's
    newest row (from 0.8 on the table pairs minors); a torch newer than the last row takes the last
    torchdata (0.11.0, torch>=2), the newest there is."""
    return _paired_release("torchdata_releases", "torchdata", torch_version)


def torchdata_made_for(torchdata_version: str) -> str | None:
    """The newest torch release the table pairs with ``torchdata_version`` ("0.11.0" -> "2.6.0")."""
    return _made_for("torchdata_releases", "torchdata", torchdata_version)


def torchcodec_for(torch_version: str) -> str | None:
    """The torchcodec release for ``torch_version`` ("2.10.0" -> "0.10.0"); None for torch 2.3 and earlier, which
    no torchcodec was made for. Its wheels pin no torch, so pip never catches a mismatch: torchcodec's README
    table pairs torch minors, and from 0.12 on asks torch>=2.11, so a torch newer than the last row takes it."""
    return _paired_release("torchcodec_releases", "torchcodec", torch_version)


# torchcodec ships no FFmpeg: each wheel has one core library per FFmpeg major it supports, linking that release's
# libraries, and its README installs FFmpeg with conda-forge's "ffmpeg<8" (majors 4 to 7 then). A core whose major is
# not known (a library name without it) is taken to be the newest of those.
_TORCHCODEC_NEWEST_FFMPEG = 7


def conda_ffmpeg_for_torchcodec(majors: Iterable[int] = ()) -> str:
    """conda-forge's FFmpeg requirement for torchcodec cores built for ``majors`` ([6, 7] -> "ffmpeg<8"): the newest of
    them or an older one, as torchcodec tries its cores newest first."""
    newest = max(majors, default=_TORCHCODEC_NEWEST_FFMPEG)
    return f"ffmpeg<{newest + 1}"


def torchcodec_made_for(torchcodec_version: str) -> str | None:
    """The newest torch minor the table pairs with ``torchcodec_version`` ("0.16.0" -> "2.11")."""
    return _made_for("torchcodec_releases", "torchcodec", torchcodec_version)


def _paired_release(table: str, column: str, torch_version: str) -> str | None:
    """A domain library's release for a torch release, from a table keyed by torch release or minor: the exact
    release's row, else its minor's newest row; a torch newer than the last row takes the last (newest) one."""
    wanted = versions.release_tuple(torch_version)
    if wanted is None:
        return None
    rows = _rows_by_version(table, "torch")
    exact = [row for rel, row in rows if rel[:3] == wanted[:3]]
    same_minor = [row for rel, row in rows if _minor(rel) == _minor(wanted)]
    if exact or same_minor:
        return (exact or same_minor)[-1].get(column) or None
    if rows and _minor(wanted) > _minor(rows[-1][0]):
        return rows[-1][1].get(column) or None
    return None


def _made_for(table: str, column: str, version: str) -> str | None:
    wanted = versions.release_tuple(version)
    rows = _rows_by_version(table, "torch")
    made_for = [rel for rel, row in rows if versions.release_tuple(row.get(column, "")) == wanted]
    return _rel_str(made_for[-1]) if made_for else None


# xformers 0.0.35's wheel (py39-none, PyPI) asks only torch>=2.10: one release for 2.10 and every later torch.
XFORMERS_FOR_LATER_TORCH = ("0.0.35", (2, 10))


def xformers_for(torch_version: str) -> str | None:
    """The newest xformers whose PyPI wheels are made for ``torch_version`` ("2.5.1" -> "0.0.29.post1"); each
    release up to 0.0.34 pins one torch release in its metadata. None for a torch no xformers wheel pins."""
    wanted = versions.release_tuple(torch_version)
    if wanted is None:
        return None
    release, first_torch = XFORMERS_FOR_LATER_TORCH
    if wanted[:2] >= first_torch:
        return release
    for rel, row in _rows_by_version("xformers_releases", "torch"):
        if rel[:3] == wanted[:3]:
            return row.get("xformers") or None
    return None


def torchao_for(torch_version: str) -> str | None:
    """The torchao release whose compiled kernels were built against ``torch_version`` ("2.7.1+cu128" -> "0.12.0").

    Its own torch release first, else the newest built for the same minor (torch keeps its C++ ABI within a minor
    in practice: torchao's table pairs 0.12.0 with 2.7.1 only). None for a torch no torchao release was built for.
    """
    wanted = versions.release_tuple(torch_version)
    if wanted is None:
        return None
    rows = _rows_by_version("torchao_releases", "torch")
    exact = [row for rel, row in rows if rel[:3] == wanted[:3]]
    same_minor = [row for rel, row in rows if rel[:2] == wanted[:2]]
    chosen = exact or same_minor[-1:]
    return (chosen[0].get("torchao") or None) if chosen else None


def triton_for(torch_version: str) -> str | None:
    """The Triton release (major.minor) that ``torch_version``'s release runs with ("2.8.0+cu128" -> "3.4"); None when
    the table has no row for its minor."""
    wanted = versions.release_tuple(torch_version)
    if wanted is None:
        return None
    rows = [row for rel, row in _rows_by_version("torch_triton", "torch") if rel[:2] == wanted[:2]]
    return (rows[0].get("triton") or None) if rows else None


def torch_for_torchvision(tv_version: str) -> str | None:
    """The torch release a torchvision release was built for (inverse of
    :func:`torchvision_for`), e.g. "0.20.1" -> "2.5.1".

    A torchvision release with no sourced row gives a minor-only torch version
    taken from a sourced torchvision release of the same minor ("0.22.1" -> "2.7").
    """
    wanted = versions.release_tuple(tv_version)
    if wanted is None:
        return None
    pairs: list[tuple[Release, Release]] = []
    for rel, row in _releases():
        tv = versions.release_tuple(row.get("torchvision", ""))
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
        rel = versions.release_tuple(row.get("torch", ""))
        if rel is not None:
            out.append((rel, row))
    return tuple(out)


def _variants(torch_version: str, accelerator: str) -> list[str]:
    wanted = versions.release_tuple(torch_version)
    return list(_release_variants(wanted, accelerator)) if wanted is not None else []


@lru_cache(maxsize=512)
def _release_variants(wanted: Release, accelerator: str) -> tuple[str, ...]:
    rows = _select(list(_variant_rows(accelerator)), wanted)
    found = {row["version"] for row in rows if versions.release_tuple(row.get("version", ""))}
    return tuple(sorted(found, key=lambda v: versions.release_tuple(v) or ()))


def cuda_variants_for(torch_version: str) -> list[str]:
    """CUDA versions of the official torch wheels of that release, oldest first.

    >>> cuda_variants_for("2.5.1")
    ['11.8', '12.1', '12.4']
    """
    return _variants(torch_version, "cuda")


def newest_torch_build_with(product: str, major: int) -> tuple[str, str] | None:
    """The newest torch release whose official CUDA build brings ``product`` ('CUDA' or 'cuDNN') of release ``major``, and
    that build's (oldest) CUDA version: the build a DLL named for that release (cublas64_11.dll, cudnn_ops_infer64_8.dll) comes
    from. CUDA builds from torch_wheel_variants.csv, cuDNN from torch_cudnn.csv (per torch minor, then its newest patch
    release of that CUDA variant). None when no official build brings it.

    >>> newest_torch_build_with("cuDNN", 8)
    ('2.3.1', '11.8')
    """
    builds = [(rel, versions.release_tuple(row["version"]) or ()) for rel, row in _variant_rows("cuda")]
    if product == "cuDNN":
        minors = {
            (versions.release_tuple(row["torch"]) or ())[:2] + (versions.release_tuple(row["cuda"]) or ())[:2]
            for row in _table("torch_cudnn")
            if (versions.release_tuple(row.get("cudnn", "")) or (0,))[0] == major
        }
        builds = [(rel, cuda) for rel, cuda in builds if rel[:2] + cuda[:2] in minors]
    else:
        builds = [(rel, cuda) for rel, cuda in builds if cuda[:1] == (major,)]
    if not builds:
        return None
    # The release's oldest CUDA of those: it runs with the oldest drivers (min_driver_for).
    newest = max(rel for rel, _cuda in builds)
    cuda = min(cuda for rel, cuda in builds if rel == newest)
    return _rel_str(newest), _rel_str(cuda)


def rocm_variants_for(torch_version: str) -> list[str]:
    """ROCm versions of the official torch wheels of that release (Linux only)."""
    return _variants(torch_version, "rocm")


def _match_torch_cuda(table: str, torch_version: str, cuda_version: str) -> Row | None:
    wanted = versions.release_tuple(torch_version)
    cuda = versions.cuda_release(cuda_version)
    return _match_release_cuda(table, wanted, cuda) if wanted is not None and cuda is not None else None


@lru_cache(maxsize=8)
def _torch_cuda_rows(table: str) -> tuple[tuple[Release, Release, Row], ...]:
    """The rows of a (torch, cuda) table with both versions parsed once."""
    parsed = []
    for row in _table(table):
        rel, cuda = versions.release_tuple(row.get("torch", "")), versions.cuda_release(row.get("cuda", ""))
        if rel is not None and cuda is not None:
            parsed.append((rel, cuda, row))
    return tuple(parsed)


@lru_cache(maxsize=1024)
def _match_release_cuda(table: str, wanted: Release, cuda: Release) -> Row | None:
    best: tuple[int, Release, Row] | None = None
    for rel, row_cuda, row in _torch_cuda_rows(table):
        if _minor(row_cuda) != _minor(cuda):
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


# Which devices run code compiled for an sm_XY target, from DEVICE_REQUIREMENT in
# torch/cuda/__init__.py (pytorch/pytorch @ 5c4886908584029761b579af026dcfb627c84070, the
# torch 2.14.1 wheel): a cubin runs on the same major with an equal or higher minor, except
# the Jetson/iGPU parts (5.3, 6.2, 7.2, 8.7), whose code runs only on themselves, and the
# 10.1 -> 11.0 rename. Capabilities are written 10*major+minor (versions.cc_number).
_ONLY_ON: dict[int, frozenset[int]] = {
    53: frozenset({53}),
    62: frozenset({62}),
    72: frozenset({72}),
    87: frozenset({87}),
    101: frozenset({101, 110}),
    110: frozenset({101, 110}),
}
_EXCLUDED: dict[int, frozenset[int]] = {
    50: frozenset({53}),
    52: frozenset({53}),
    60: frozenset({62}),
    61: frozenset({62}),
    70: frozenset({72}),
    80: frozenset({87}),
    86: frozenset({87}),
    100: frozenset({101}),
}


def _code_runs_on(code_cc: int, device_cc: int) -> bool:
    if code_cc in _ONLY_ON:
        return device_cc in _ONLY_ON[code_cc]
    if device_cc in _EXCLUDED.get(code_cc, frozenset()):
        return False
    return device_cc // 10 == code_cc // 10 and device_cc >= code_cc


def arch_supports(arch_list: list[str], device_cc: int) -> bool:
    """Whether a build with ``arch_list`` (``torch.cuda.get_arch_list()``) runs on a device of
    compute capability ``device_cc`` (10*major+minor).

    Judged as torch judges it in ``_check_capability`` (same commit as the table above):
    ``compute_XY`` (PTX) entries count like ``sm_XY``, not as "runs anywhere newer". The PTX
    could be JIT-compiled, but the CUDA libraries bundled with that build (cuBLAS, cuDNN)
    have no code for the newer GPU either: a build listing "sm_37 ... sm_90 compute_37" fails
    on an RTX 5080 (FrederikHasecke/diffused-texture-addon#18).
    """
    codes = (versions.cc_number(arch) for arch in arch_list if isinstance(arch, str))
    return any(code is not None and _code_runs_on(code, device_cc) for code in codes)


# Below compute capability 3.0 no official CUDA build of torch has ever had code: torch's own check, from 0.4 through
# the 1.x releases (torch/cuda/__init__.py ``_check_capability``: ``if capability == (3, 0) or major < 3``), warned
# "PyTorch no longer supports this GPU because it is too old. The minimum cuda capability that we support is 3.5.",
# and the sourced architecture lists (torch_arch_list.csv, 1.12 onward) start at sm_37 or later. Fermi (2.x) and
# Tesla-architecture (1.x) GPUs therefore have no official build to switch to.
NO_OFFICIAL_BUILD_BELOW_CC = 30


def official_build_has_code(torch_version: str | None, cuda_version: str | None, device_cc: int) -> bool | None:
    """Whether the official CUDA build of that torch release has code for a GPU of compute capability ``device_cc``:
    by its sourced architecture list, else False below what any official build supported; None when unknown."""
    arch = arch_list_for(torch_version, cuda_version) if torch_version and cuda_version else None
    if arch:
        return arch_supports(arch, device_cc)
    return False if device_cc < NO_OFFICIAL_BUILD_BELOW_CC else None


@lru_cache(maxsize=64)
def first_cuda_with_arch(device_cc: int) -> str | None:
    """The oldest CUDA version of any official build with code for that GPU (sm_120 -> "12.8"):
    a GPU that new needs a driver at least as new as that CUDA release."""
    found = [
        cuda
        for row in _table("torch_arch_list")
        if (cuda := versions.cuda_release(row.get("cuda", ""))) is not None
        and arch_supports(row.get("arch_list", "").split(";"), device_cc)
    ]
    return _rel_str(min(found)[:2]) if found else None


def build_for_gpu(
    device_cc: int,
    torch_version: str | None,
    os: str = "linux",
    *,
    driver: str | None = None,
    driver_cuda: str | None = None,
    build_cuda: str | None = None,
    build_arch: list[str] | None = None,
) -> tuple[str, str] | None:
    """(torch release, CUDA variant) of an official build with code for a GPU of compute
    capability ``device_cc`` that the driver runs: this torch release first (keep the user's
    torch), then every known release, newest first; within a release the newest variant.

    With no driver reading, the driver is taken to run ``build_cuda`` (a build that got as
    far as "no kernel image" initialised CUDA) and, for a GPU newer than the current build
    (``build_arch``, else every variant of ``torch_version``), the first CUDA with code for
    it: a GPU needs at least that driver, and nothing says the driver is newer.
    """
    if driver is None and driver_cuda is None:
        driver_cuda = _assumed_driver_cuda(device_cc, torch_version, build_cuda, build_arch)
    current = versions.release(torch_version) if torch_version else None
    releases = [r for r in reversed(known_torch_releases()) if r != current]
    for release in [current, *releases] if current else releases:
        for variant in reversed(cuda_variants_for(release)):
            arch = arch_list_for(release, variant)
            if arch and arch_supports(arch, device_cc) and driver_runs(driver, variant, os, driver_cuda):
                return release, variant
    return None


def _assumed_driver_cuda(device_cc: int, torch_version: str | None, build_cuda: str | None, build_arch: list[str] | None) -> str | None:
    """The newest CUDA an unread driver surely runs: the current build's, or the first with code for a too-new GPU."""
    floors = [versions.cuda_release(build_cuda)]
    lists = [build_arch] if build_arch else [arch_list_for(torch_version or "", v) for v in cuda_variants_for(torch_version or "")]
    codes = [code for arch in lists if arch for code in map(versions.cc_number, arch) if code is not None]
    if codes and device_cc > max(codes):
        floors.append(versions.cuda_release(first_cuda_with_arch(device_cc)))
    known = [floor for floor in floors if floor is not None]
    return _rel_str(max(known)[:2]) if known else None


# --------------------------------------------------------------------------
# CUDA toolkit <-> driver
# --------------------------------------------------------------------------


def _driver_rows() -> tuple[tuple[Release, Row], ...]:
    return _rows_by_version("cuda_driver", "cuda")


def min_driver_minor_compat(cuda_version: str) -> str | None:
    """Minimum driver for CUDA minor-version compatibility of that CUDA major
    (NVIDIA release notes table 2): 11.x -> "450", 12.x -> "525", 13.x -> "580".
    The same on Linux and Windows."""
    cuda = versions.cuda_release(cuda_version)
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
    cuda = versions.cuda_release(cuda_version)
    system = _os_name(os)
    return _toolkit_driver(cuda, system) if cuda is not None and system is not None else None


@lru_cache(maxsize=256)
def _toolkit_driver(cuda: Release, system: str) -> str | None:
    column = "linux_min_driver" if system == "linux" else "windows_min_driver"
    rows = list(_driver_rows())
    exact = [row for rel, row in rows if len(cuda) >= 3 and rel[:3] == cuda[:3]]
    if not exact:
        same_minor = [(rel, row) for rel, row in rows if _minor(rel) == _minor(cuda)]
        if not same_minor:
            return None
        exact = [min(same_minor, key=lambda item: item[0])[1]]
    return exact[0].get(column) or None


def driver_supports(
    driver_version: str | None, cuda_version: str, os: str = "linux", driver_cuda: str | None = None
) -> DriverVerdict | None:
    """Whether an NVIDIA driver runs a CUDA ``cuda_version`` runtime on ``os``.

    The driver is known by its version (``driver_version``, e.g. "535.104.05"), by the CUDA
    version it reports (``driver_cuda``, nvidia-smi's "CUDA Version", e.g. "12.2"), or both.

    - "ok": the driver supports that CUDA release itself: it reports that CUDA or a newer
      one, or (reporting nothing) it is at least the release's toolkit driver (table 3).
    - "minor_compat": an older release of the same CUDA major, but at least the
      minor-version-compatibility minimum of that major (table 2, CUDA >= 11 only): the
      runtime works, PTX compiled by a newer toolkit may not.
    - "too_old": neither.
    - None: nothing to judge by (unknown CUDA or OS, neither driver nor its CUDA known).

    A driver known only by the CUDA it reports is taken to be that release's toolkit driver:
    the oldest driver that reports it.
    """
    cuda = versions.cuda_release(cuda_version)
    system = _os_name(os)
    driver = versions.numeric_tuple(driver_version)
    reported = versions.cuda_release(driver_cuda)
    if cuda is None or system is None or (driver is None and reported is None):
        return None
    if reported is not None and reported[:2] >= cuda[:2]:
        return "ok"
    if reported is None:
        toolkit = versions.numeric_tuple(min_driver_for(_rel_str(cuda), system))
        if driver is not None and toolkit is not None and driver >= toolkit:
            return "ok"
    elif driver is None:
        driver = versions.numeric_tuple(min_driver_for(_rel_str(reported[:2]), system))
    floor = versions.numeric_tuple(min_driver_minor_compat(_rel_str(cuda))) if cuda[0] >= 11 else None
    same_major = reported is None or reported[0] == cuda[0]
    if floor is not None and driver is not None and same_major and driver >= floor:
        return "minor_compat"
    if driver is None and reported is None:
        return None
    return "too_old"


def min_driver_to_run(cuda_version: str, os: str = "linux") -> str | None:
    """The oldest driver that runs a CUDA runtime at all: the minor-version-compatibility
    minimum of its major for CUDA >= 11 ("525" for 12.4), else its toolkit driver (table 3)."""
    cuda = versions.cuda_release(cuda_version)
    if cuda is not None and cuda[0] >= 11:
        return min_driver_for(cuda_version, os, minor_compat=True)
    return min_driver_for(cuda_version, os)


def driver_runs(driver_version: str | None, cuda_version: str, os: str = "linux", driver_cuda: str | None = None) -> bool:
    """Whether the driver runs that CUDA (itself or by minor-version compatibility); True when unknown."""
    return driver_supports(driver_version, cuda_version, os, driver_cuda) != "too_old"


def newest_cuda_variant_for_driver(
    torch_version: str, driver_version: str | None, os: str = "linux", driver_cuda: str | None = None
) -> str | None:
    """The newest CUDA variant of that torch release the driver can run (:func:`driver_supports`
    says "ok" or "minor_compat").

    The official wheels bundle their CUDA runtime and NVIDIA supports running a 12.x runtime
    on any 12.x-capable driver, so e.g. a cu128 wheel runs on driver 535. CUDA < 11 has no
    minor-version compatibility: the toolkit driver of that release (table 3) is needed.
    Returns None when no variant fits or the driver is unknown.
    """
    for variant in reversed(cuda_variants_for(torch_version)):
        if driver_supports(driver_version, variant, os, driver_cuda) in ("ok", "minor_compat"):
            return variant
    return None


def default_cuda_variant(torch_version: str | None) -> str | None:
    """The CUDA variant to offer for a torch release when nothing narrows the choice: the CUDA
    of its plain PyPI Linux wheel (``pip install torch``) where sourced, else its newest
    official variant. ``None`` (or an unknown release) means the newest known release."""
    release = torch_version if torch_version and cuda_variants_for(torch_version) else None
    release = release or (known_torch_releases() or [""])[-1]
    wanted = versions.release_tuple(release)
    for row in _table("torch_pypi_default_cuda"):
        if wanted is not None and versions.release_tuple(row.get("torch", "")) == wanted[:3] and row.get("cuda"):
            return row["cuda"]
    variants = cuda_variants_for(release)
    return variants[-1] if variants else None


def wheel_index_url(cuda_version: str | None) -> str:
    """The PyTorch wheel index for a CUDA variant: "12.6" / "cu126" ->
    "https://download.pytorch.org/whl/cu126"; None (or anything that is not a
    CUDA version) -> the CPU index. "rocm6.2.4" gives the ROCm index."""
    if isinstance(cuda_version, str):
        text = cuda_version.strip().lower()
        if text.startswith("rocm") and versions.release_tuple(text[4:]) is not None:
            return f"{_INDEX_BASE}/rocm{_rel_str(versions.release_tuple(text[4:]) or ())}"
        if text in ("cpu", "", "xpu"):  # Intel GPUs' builds have an index of their own (torch 2.5 on)
            return f"{_INDEX_BASE}/{text or 'cpu'}"
        cuda = versions.cuda_release(text)
        if cuda is not None:
            return f"{_INDEX_BASE}/cu{cuda[0]}{cuda[1]}"
    return f"{_INDEX_BASE}/cpu"


# PyTorch's build matrix (pytorch/test-infra generate_binary_build_matrix.py, the source of torch_wheel_variants.csv from
# 2.4 on) lists every CUDA and ROCm variant a release is built for, so its index for another variant has no such torch
# (visualbruno/ComfyUI-Trellis2#131: torch 2.10.0 from .../whl/cu131, "from versions: none"; the maintainer: no cu131
# index, install from cu130). Older releases' rows come from the install page's commands, which leave variants out.
_BUILD_MATRIX_FROM = (2, 4)


def index_variant_lacking(tag: str, torch_version: str) -> str | None:
    """For a torch release (2.4 on) that PyTorch did not build for the index ``tag`` ("cu131", "rocm6.5"): the tag of
    its variant nearest below that one (else its lowest). None when it was built for it, or when that is not known."""
    release = versions.release_tuple(torch_version)
    rocm = tag.lower().startswith("rocm")
    wanted = versions.release_tuple(tag[4:]) if rocm else versions.cuda_release(tag)
    if release is None or release[:2] < _BUILD_MATRIX_FROM or wanted is None:
        return None
    built = [(versions.release_tuple(v) or (), v) for v in _variants(torch_version, "rocm" if rocm else "cuda")]
    if not built or any(found == wanted for found, _ in built):
        return None
    below = [item for item in built if item[0] < wanted]
    version = max(below)[1] if below else min(built)[1]
    return wheel_index_url(f"rocm{version}" if rocm else version).rsplit("/", 1)[-1]


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
        rel = versions.release_tuple(row.get("torch_minor", ""))
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
    wanted = versions.release_tuple(torch_version)
    if wanted is None:
        return None
    for minor, _spec, text in _python_rows():
        if minor == _minor(wanted):
            return text
    return None


def newest_torch_for_python(python_version: str) -> str | None:
    """Newest known torch release with official wheels for that CPython
    ("3.8" -> "2.4.1", "3.11.7" -> "2.14.1")."""
    wanted = versions.release_tuple(python_version)
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
    wanted = versions.release_tuple(torch_version)
    if wanted is None:
        return []
    out: list[dict[str, Any]] = []
    for row in rows:
        rel = versions.release_tuple(row.get("torch", ""))
        if rel is not None and _minor(rel) == _minor(wanted):
            out.append(dict(row))
    return out


def detectron2_requirements() -> dict[str, str]:
    """detectron2's stated minimums (INSTALL.md): keys "os", "python", "torch",
    "torchvision", "gcc", "g++"."""
    return {row["requirement"]: row.get("value", "") for row in _table("detectron2_requirements") if row.get("requirement")}


# --------------------------------------------------------------------------
# system C/C++ runtimes
# --------------------------------------------------------------------------


def min_msvcp_for(torch_version: str) -> str | None:
    """The oldest msvcp140.dll (e.g. "14.40") the Windows wheels of ``torch_version`` load with;
    None when the table sets no floor for that release (data/msvc_runtime.csv)."""
    wanted = versions.minor(torch_version)
    if wanted is None:
        return None
    floors = [row for row in _table("msvc_runtime") if (versions.minor(row["torch_minor"]) or (99, 99)) <= wanted]
    return floors[-1]["min_msvcp140"] if floors else None


def gcc_for_glibcxx(symbol_version: str) -> str | None:
    """The GCC major whose libstdc++ first defines ``GLIBCXX_<symbol_version>`` ("3.4.30" -> "12");
    conda-forge's libstdcxx-ng carries that number (data/glibcxx_gcc.csv)."""
    wanted = symbol_version.removeprefix("GLIBCXX_")
    return next((row["gcc"] for row in _table("glibcxx_gcc") if row["glibcxx"] == wanted), None)


# conda-forge's package of GCC's C++ runtime (libstdc++.so.6) for a conda environment: "libstdcxx-ng" (conda-forge's
# feedstock ctng-compilers; its -ng name is the one conda environments made before 2024 carry, and it still installs).
_CONDA_LIBSTDCXX = "libstdcxx-ng"


def conda_libstdcxx(symbol: str | None = None) -> str:
    """conda-forge's libstdc++ requirement for an environment whose copy lacks ``symbol`` ("GLIBCXX_3.4.30" ->
    "libstdcxx-ng>=12"); the bare package name (its newest build) when no symbol, or one no GCC row names, is given."""
    gcc = gcc_for_glibcxx(symbol) if symbol else None
    return f"{_CONDA_LIBSTDCXX}>={gcc}" if gcc else _CONDA_LIBSTDCXX


# Other frameworks' NVIDIA GPU builds on PyPI: what to install, and on which systems one exists. CTranslate2's Linux and
# Windows x86-64 wheels carry CUDA, its macOS wheels do not (opennmt.net/CTranslate2/installation.html); JAX's GPU
# jaxlib is the jax[cuda12] extra (jax[cuda13] needs a 580+ driver), Linux only: "NVIDIA GPU: Windows no, Mac n/a"
# (docs.jax.dev/en/latest/installation.html, "Supported platforms").
# ONNX Runtime's CUDA build is its own distribution, onnxruntime-gpu, for Linux and Windows x64 (onnxruntime.ai/docs/
# install, "Python installs"). llama-cpp-python builds llama.cpp at install; its CUDA backend is a build option,
# CMAKE_ARGS="-DGGML_CUDA=on" (abetlen/llama-cpp-python's README, "Supported Backends"), on Linux and Windows; on
# macOS it builds the Metal backend by default. bitsandbytes' PyPI wheels carry CUDA libraries for Linux and Windows,
# for the CUDA releases each one names (huggingface.co/docs/bitsandbytes/installation: 0.43.2 "Linux 11.7 - 12.3 ...
# Windows 11.7 - 12.4"); an older release finds none for a newer CUDA and loads libbitsandbytes_cpu.
_FRAMEWORK_GPU_BUILDS: dict[str, tuple[str, frozenset[str]]] = {
    "ctranslate2": ("ctranslate2", frozenset({"linux", "windows"})),
    "jax": ("jax[cuda12]", frozenset({"linux"})),
    "onnxruntime": ("onnxruntime-gpu", frozenset({"linux", "windows"})),
    "llama_cpp": ("llama-cpp-python", frozenset({"linux", "windows"})),
    "bitsandbytes": ("bitsandbytes", frozenset({"linux", "windows"})),
}


def framework_gpu_build(framework: str, system: str | None) -> str | None:
    """The requirement that installs ``framework``'s NVIDIA GPU build on ``system``; None where it has none."""
    requirement, systems = _FRAMEWORK_GPU_BUILDS.get(framework, ("", frozenset()))
    return requirement if system in systems else None


# Compiled packages whose releases ship binary wheels for the CPython versions and platforms current at release
# (each project's PyPI "Download files" list: pypi.org/project/sentencepiece/#files, tokenizers, numpy, ...). pip builds
# one of them from its source archive only when the release it picked has no wheel for this Python or platform, and
# that build needs tools most machines lack (google/sentencepiece#1104: 0.2.0 on Python 3.13 before cp313 wheels,
# fixed by Python 3.11; babyagi-ui#1: Python 3.11 on an M1 Mac, fixed by Python 3.10).
_WHEEL_PUBLISHERS = frozenset(
    [
        "sentencepiece",
        "tokenizers",
        "numpy",
        "scipy",
        "pandas",
        "grpcio",
        "h5py",
        "scikit-learn",
        "pyarrow",
        "llvmlite",
        "numba",
        "safetensors",
        "tiktoken",
        "pydantic-core",
        "orjson",
    ]
)


def publishes_wheels(package: str) -> bool:
    """Whether ``package``'s releases ship binary wheels, so that pip building its source means none fit here."""
    return package.lower().replace("_", "-") in _WHEEL_PUBLISHERS


# oneMKL names its shared libraries by release: no number before 2021, .so.1 in 2021, .so.2 from 2022 on (block-hczhai/
# block2-preview#8, its maintainer: "starting from oneapi 2020/2021 they use .so.1 and for oneapi 2022 they use .so.2";
# PyPI's mkl 2021.4.0 wheel ships lib/libmkl_core.so.1, checked here). A library asking for libmkl_core.so.1 was built
# against MKL 2021 (facebookresearch/faiss#2852; tm-vec#28, fixed by conda install mkl=2021).
_MKL_RELEASES = {"1": ("2021", "mkl=2021"), "2": ("2022", "mkl>=2022")}


def mkl_release_of_soname(number: str) -> tuple[str, str] | None:
    """The MKL release whose files end in .so.<number>, and the conda spec that installs it; None for another number."""
    return _MKL_RELEASES.get(number)


# Build tools that PyPI serves to every Python and platform, as a source archive or a py3-none-any wheel beside their
# platform wheels (pypi.org/project/ninja/#files, cmake, setuptools, wheel, pybind11, ...): "from versions: none" for one
# of them means the index pip asked does not carry it (an --index-url without PyPI), not that no build fits
# (nktice/AMD-AI#9: exllamav2's "No matching distribution found for ninja", fixed by installing its build requirements).
_BUILD_TOOLS_ON_EVERY_PLATFORM = frozenset(
    ["ninja", "cmake", "setuptools", "wheel", "packaging", "pybind11", "scikit-build", "scikit-build-core", "cython", "meson"]
)


def build_tool_on_every_platform(package: str) -> bool:
    """Whether PyPI serves ``package`` (a build tool) to every Python and platform, so that pip seeing no version of it
    means the index it asked lacks it."""
    return package.lower() in _BUILD_TOOLS_ON_EVERY_PLATFORM


# Compiled parts that Gaussian-splatting projects build from their own git submodules, never from PyPI: graphdeco-inria/
# gaussian-splatting's install runs `pip install submodules/diff-gaussian-rasterization` and `submodules/simple-knn` after a
# --recursive clone, and its forks do the same (pomelyu/gaussian_splatting_lightning's README, jetd1/SparseGS's env.sh,
# zmm352/HFE-Avatar's install.sh with --no-build-isolation). Module name -> the submodule folder it is built from, and
# what PyPI holds under that name: `pip index versions` finds no diff-gaussian-rasterization, and its simple-knn (2.0.1,
# checked 2026-12-04) is chaitanyakasaraneni/simple-kNN, a pure-Python classifier whose module is simple_kNN.
_PROJECT_SUBMODULE_BUILDS = {
    "diff_gaussian_rasterization": ("diff-gaussian-rasterization", None),
    "simple_knn": ("simple-knn", "PyPI's package named simple-knn is an unrelated kNN classifier: do not install it by name."),
}


def project_submodule_of(module: str) -> tuple[str, str | None] | None:
    """The folder under a project's submodules/ that ``module`` is built from, and a warning about a namesake on PyPI."""
    return _PROJECT_SUBMODULE_BUILDS.get(module)


def project_submodule_modules() -> tuple[str, ...]:
    """The module names project_submodule_of knows, for the explainer's pattern."""
    return tuple(_PROJECT_SUBMODULE_BUILDS)


def extension_distribution(name: str) -> Row | None:
    """How the compiled extension whose folder is ``name`` is had again for another torch: its data/
    extension_distributions.csv row (distribution, host framework, what PyPI publishes, a git install), or None."""
    key = name.lower().replace("_", "-")
    for row in _table("extension_distributions"):
        listed = row.get("name", "")
        if key == listed or (listed.endswith("*") and key.startswith(listed[:-1])):
            return row
    return None


# Packages whose builds run only on Linux (with an NVIDIA or AMD GPU): a Mac never has them, and asking for them there
# (an import, "not found in your environment", a refusal of their own) means the code needs another machine, not another
# install. vLLM: "OS: Linux", "vLLM does not support Windows natively ... use WSL" (docs.vllm.ai getting_started/
# installation, 0.3 to 0.26; macOS only as an experimental CPU build from source). FlashAttention: "Requirements: CUDA
# toolkit or ROCm toolkit ... Linux. Might work for Windows starting v2.3.2" (Dao-AILab/flash-attention README;
# xorbitsai/inference#298: flash_attn asked on an M1 Mac). Mamba: "Other requirements: Linux, NVIDIA GPU, PyTorch 1.12+,
# CUDA 11.6+" (state-spaces/mamba README, with AMD's ROCm the other GPU it names), and causal-conv1d, its CUDA
# convolution ("Causal depthwise conv1d in CUDA, with a PyTorch interface": Dao-AILab/causal-conv1d README); Zyphra/Zonos#1:
# mamba_ssm asked on an M1 Mac, no Apple support planned. module name -> distribution.
_LINUX_GPU_ONLY = {
    "vllm": "vllm",
    "flash_attn": "flash-attn",
    "flash_attn_2_cuda": "flash-attn",
    "mamba_ssm": "mamba-ssm",
    "causal_conv1d": "causal-conv1d",
}


def linux_gpu_only(module: str) -> str | None:
    """The distribution of a module whose builds run only on Linux GPUs (none for macOS), else None."""
    return _LINUX_GPU_ONLY.get(module)


# Of those, the ones with no native Windows build either ("vLLM does not support Windows natively": docs.vllm.ai; WSL is
# its way there). FlashAttention is left out: its README says it "might work for Windows starting v2.3.2".
_NO_NATIVE_WINDOWS = frozenset({"vllm"})


def linux_only_on(module: str, system: str | None) -> str | None:
    """The distribution of a module that has no build for ``system`` ('macos' or 'windows'), else None."""
    if system == "macos" or (system == "windows" and module in _NO_NATIVE_WINDOWS):
        return _LINUX_GPU_ONLY.get(module)
    return None


def linux_gpu_only_modules() -> tuple[str, ...]:
    """The module names linux_gpu_only knows, for the explainer's pattern."""
    return tuple(_LINUX_GPU_ONLY)


# bitsandbytes up to 0.42.0 is one py3-none-any wheel that holds Linux libraries (.so) only, whatever the system pip
# installs it on: on Windows its loader fails ("argument of type 'WindowsPath' is not iterable":
# bitsandbytes-foundation/bitsandbytes#32, kohya-ss/sd-scripts#1000), on macOS it loads libbitsandbytes_cpu.so and finds
# no function in it (#485). The first release with a native wheel, by pip's resolver (pip install --dry-run --report
# --only-binary=:all: --platform ...): win_amd64 from 0.43.0 (its release notes: "Official Windows support"),
# macosx_14_0_arm64 from 0.49.0; no wheel for Intel Macs.
_FIRST_NATIVE_BUILD = {("bitsandbytes", "windows"): "0.43.0", ("bitsandbytes", "macos"): "0.49.0"}


def first_native_build(package: str, system: str | None) -> str | None:
    """The first release of ``package`` with a native build for ``system``, where earlier ones shipped Linux's only."""
    return _FIRST_NATIVE_BUILD.get((package.lower(), system or ""))


def package_of_linux_library(library: str) -> str | None:
    """The package of _FIRST_NATIVE_BUILD whose Linux library ``library`` is, by its name (libbitsandbytes_cuda118.so)."""
    name = library.lower().removeprefix("lib")
    return next((package for package, _system in _FIRST_NATIVE_BUILD if name.startswith(package)), None)


# MKL's ITT (Intel's instrumentation) symbols, which conda's MKL 2024.1 no longer exports while torch's libtorch_cpu.so
# was built against them: "undefined symbol: iJIT_NotifyEvent" (pytorch/pytorch#123097, closed with the workaround of
# pinning MKL 2024.0). Known here so that the explainer and the rules (which the CLI loads without the explainer) share it.
MKL_ITT_SYMBOL = "iJIT_"


# Packages with a CUDA build of their own library whose CUDA runtime DLLs come from an extra: ctransformers' README,
# "To run on GPU (CUDA) ... pip install ctransformers[cuda]" (installs nvidia-cuda-runtime-cu12 and nvidia-cublas-cu12;
# marella/chatdocs#51: ctransformers\lib\cuda\ctransformers.dll not loading until that extra was installed).
_CUDA_EXTRAS = {"ctransformers": "ctransformers[cuda]"}


def cuda_extra(package: str) -> str | None:
    """The requirement that adds the CUDA runtime libraries a package's own CUDA build links, where it has one."""
    return _CUDA_EXTRAS.get(package.lower())


# Names a release removed, which code written for older releases still asks for: (module, name) -> Removal. NumPy 1.24
# removed the aliases of builtin types deprecated in 1.20 (numpy.org/devdocs/release/1.24.0-notes, "Expired
# deprecations"; ruff's NPY001: np.bool and np.long came back in 2.0 with other meanings, so their absence means 1.24 to
# 1.26). Pillow 10.0.0 removed Image.ANTIALIAS (pillow.readthedocs.io releasenotes/10.0.0 "Constants"; LANCZOS is the
# same filter, there since 2.7.0). Pillow removed PILLOW_VERSION in 7.0.0, restored it in 7.1.0 and removed it for good
# in 9.0.0 (releasenotes/7.0.0 "PILLOW_VERSION constant: use __version__ instead", deprecations page); torchvision
# before 0.5.0 imports it (CosmiQ/solaris#326, pytorch/vision#5374). torch 2.0 removed torch._six (pytorch/pytorch#94709;
# mit-han-lab/once-for-all#79: "It was removed in torch-2.0.0"). torchaudio 2.9 removed the I/O API deprecated in 2.8:
# info() and its AudioMetaData, the backend functions (docs.pytorch.org/audio/2.9.0 torchaudio.rst: "APIs deprecated in
# version 2.8 have been removed in 2.9"; tenstorrent/tt-inference-server#4247, pyannote.audio asking for AudioMetaData).
# torchvision 0.17 removed transforms.functional_tensor and functional_pil, which 0.15 and 0.16 kept as shims warning
# "deprecated in 0.15 and will be **removed in 0.17**" (read in PyPI's torchvision 0.16.0 wheel; its 0.17.0 wheel has
# only the private _functional_tensor.py and _functional_pil.py). basicsr's degradations.py still imports it
# (pytorch/pytorch#103973; the fix, XPixelGroup/BasicSR pull request 650, uses torchvision.transforms.functional).
# pin_below_python: the first Python without a wheel of the last release before the removal (pip's resolver with
# --only-binary :all: --python-version: numpy 1.23.5 and Pillow 9.5.0 up to 3.11, Pillow 8.4.0 up to 3.10); None where a
# pin is not the way out (torch and torchaudio pin the whole stack).
class Removal(NamedTuple):
    distribution: str
    release: str
    replacement: str
    pin_below_python: str | None
    # The distribution whose own code asked for the name, where one is known: a stated version of it is the reading
    # to go by (torchvision 0.2.2 beside torch 1.10.1 is a companion for another torch, whichever name it asks for).
    asked_by: str | None = None


_NUMPY_ALIASES = {"float": "float", "int": "int", "object": "object", "str": "str", "complex": "complex", "bool": "bool", "long": "int"}
_TORCHAUDIO_IO_NAMES = ("AudioMetaData", "info", "list_audio_backends")
_TORCHAUDIO_IO = "torchcodec's AudioDecoder (its metadata for info()), or a torchaudio before 2.9 with the torch it was built for"
# NumPy 2.0 removed these from its main namespace. The replacements are NumPy's own migration notes (numpy 2.x's
# numpy/_expired_attrs_2_0.py, which also raises "`np.float_` was removed in the NumPy 2.0 release"); the module constants
# (BUFSIZE, CLIP, ...) went without a note (numpy/numpy#26800, the migration guide's "removed namespaces"; instructlab/
# training#47: DeepSpeed's `from numpy import BUFSIZE`). NumPy 1.26.4 installs up to Python 3.12 and nothing before 2 on
# 3.13 (pip install "numpy<2" --dry-run --report --only-binary :all: --python-version 3.12 / 3.13: manylinux, win_amd64
# and macOS arm64 wheels, then no version).
_NUMPY2_REPLACED = {
    "float_": "np.float64", "complex_": "np.complex128", "longfloat": "np.longdouble", "singlecomplex": "np.complex64",
    "cfloat": "np.complex128", "longcomplex": "np.clongdouble", "clongfloat": "np.clongdouble", "string_": "np.bytes_",
    "unicode_": "np.str_", "Inf": "np.inf", "Infinity": "np.inf", "infty": "np.inf", "NaN": "np.nan", "NINF": "-np.inf",
    "PINF": "np.inf", "NZERO": "-0.0", "PZERO": "0.0", "round_": "np.round", "alltrue": "np.all", "sometrue": "np.any",
    "asfarray": "np.asarray with a float dtype", "cast": "np.asarray(arr, dtype=dtype)", "mat": "np.asmatrix",
    "find_common_type": "np.result_type or np.promote_types", "safe_eval": "ast.literal_eval", "source": "inspect.getsource",
    "issubclass_": "issubclass", "deprecate": "warnings.warn with DeprecationWarning", "recfromcsv": "np.genfromtxt",
    "recfromtxt": "np.genfromtxt", "set_string_function": "np.set_printoptions", "byte_bounds": "np.lib.array_utils.byte_bounds",
    "compare_chararrays": "np.char.compare_chararrays", "format_parser": "np.rec.format_parser", "DataSource": "np.lib.npyio.DataSource",
}
_NUMPY2_CONSTANTS = ("BUFSIZE", "CLIP", "WRAP", "RAISE", "MAXDIMS", "ALLOW_THREADS", "UFUNC_BUFSIZE_DEFAULT", "UFUNC_PYVALS_NAME",
                     "MAY_SHARE_BOUNDS", "MAY_SHARE_EXACT", "FLOATING_POINT_SUPPORT")
_NUMPY2_NO_NOTE = "its NumPy 2 replacement (the NumPy 2.0 migration guide lists each removed name), or a library release made for NumPy 2"
_REMOVED_NAMES: dict[tuple[str, str], Removal] = {
    **{("numpy", name): Removal("numpy", "2", replacement, "3.13") for name, replacement in _NUMPY2_REPLACED.items()},
    **{("numpy", name): Removal("numpy", "2", _NUMPY2_NO_NOTE, "3.13") for name in _NUMPY2_CONSTANTS},
    **{("numpy", alias): Removal("numpy", "1.24", f"the builtin {builtin}", "3.12") for alias, builtin in _NUMPY_ALIASES.items()},
    ("PIL.Image", "ANTIALIAS"): Removal("Pillow", "10", "Image.LANCZOS, the same filter", "3.12"),
    ("PIL", "PILLOW_VERSION"): Removal("Pillow", "9", "PIL.__version__ (torchvision 0.5.0 and later use it)", "3.11", "torchvision"),
    ("torch", "_six"): Removal("torch", "2.0", "str for string_classes, int for int_classes, collections.abc for container_abcs", None),
    **{("torchaudio", name): Removal("torchaudio", "2.9", _TORCHAUDIO_IO, None) for name in _TORCHAUDIO_IO_NAMES},
    **{
        ("torchvision.transforms", module): Removal("torchvision", "0.17", "torchvision.transforms.functional (the same functions)", None)
        for module in ("functional_tensor", "functional_pil")
    },
}


def removed_by_release(module: str, name: str) -> Removal | None:
    """For a name a release of ``module``'s distribution removed: the distribution, its first release without the name,
    what replaces it, and the first Python on which no release before the removal installs."""
    return _REMOVED_NAMES.get((module, name))


# System libraries that Linux builds of torch (PyTorch for Jetson, Raspberry Pi wheels, ROCm builds) or an extension
# link without bundling, and the Debian/Ubuntu package that installs each (its development package, whose name is the same
# across releases and which pulls in the runtime one). The file names are from Debian bookworm's packages, listed here
# with dpkg -c: libopenblas0-pthread has libopenblas.so.0, libopenmpi3 has libmpi.so.40 and libmpi_cxx.so.40. Reports:
# pytorch/TensorRT#3885 (a JetPack torch wheel, fixed by installing OpenBLAS; NVIDIA's "Installing PyTorch for Jetson
# Platform" lists libopenblas-dev), nmilosev/python3-wheels#5 (a Raspberry Pi torch wheel asking for libmpi_cxx.so.40,
# fixed by apt-get install libopenmpi-dev), NVIDIA/MinkowskiEngine#494 (libopenblas.so.0 in a conda environment, fixed by
# installing OpenBLAS there again). conda-forge's openblas and openmpi packages put the same files in a conda environment.
_SYSTEM_LIBRARY_PACKAGES = {
    "libopenblas.so.0": ("libopenblas-dev", "openblas"),
    "libmpi.so.40": ("libopenmpi-dev", "openmpi"),
    "libmpi_cxx.so.40": ("libopenmpi-dev", "openmpi"),
}


# A compiled module calling EGL or OpenGL functions it finds nowhere (an undefined eglCreateContext: NVlabs/nvdiffrast#2,
# whose maintainers' answer was the system libraries their Dockerfile installs) needs them from the system: the runtime
# and the name a build links, Debian's packages as `dpkg -c` lists them (1.6.0-1): libegl1 (libEGL.so.1) with libegl-dev
# (libEGL.so), libgl1 (libGL.so.1) with libgl-dev (libGL.so). Checked by prefix: EGL's names are egl*, OpenGL's gl*/glX*.
_GRAPHICS_API = (
    (re.compile(r"^egl[A-Z]"), "libEGL.so.1", "libegl1 libegl-dev"),
    (re.compile(r"^glX?[A-Z]"), "libGL.so.1", "libgl1 libgl-dev"),
)


def graphics_library_of_symbol(symbol: str) -> tuple[str, str] | None:
    """The system graphics library (file name, Debian/Ubuntu packages) whose function ``symbol`` is, else None."""
    return next(((library, packages) for prefix, library, packages in _GRAPHICS_API if prefix.match(symbol)), None)


def system_library_package(library: str) -> tuple[str, str] | None:
    """The Debian/Ubuntu package and the conda-forge package that install system library ``library`` (a file name as the
    loader gives it)."""
    return _SYSTEM_LIBRARY_PACKAGES.get(library)


# CUDA libraries that no torch build ships (its wheels' nvidia-* dependencies and its older bundled torch/lib hold none of
# them): NVIDIA's image primitives (NPP), which torchcodec's CUDA decoder links (pytorch/torchcodec#1437: its maintainer
# said NPP must be installed beside torch). Reinstalling torch cannot bring them, whoever asked for them.
_CUDA_LIBRARY_NO_TORCH_SHIPS = re.compile(r"^(?:lib)?npp\w{0,6}(?:64_\d{1,3}(?:_\d)?\.dll|\.so)", re.I)


def cuda_library_no_torch_ships(library: str) -> bool:
    """Whether ``library`` (a file name: libnppicc.so.13, nppicc64_12.dll) is a CUDA library no torch build brings."""
    return bool(_CUDA_LIBRARY_NO_TORCH_SHIPS.match(library))


def nightlies_built_together(torch_version: str, companion_version: str) -> bool:
    """Whether a nightly companion was built with this nightly torch (one date, one variant): PyTorch builds each day's torch and companions
    together, and a nightly companion requires the torch nightly of its own date (torchvision 0.6.0.dev20200319 asks for
    torch==1.5.0.dev20200319, batch-2026-12-05g's nightly-pin report). Their release numbers may not be a released pair
    (torch 1.13.0.dev20221006 with torchvision 0.15.0.dev20221006: pytorch/vision#6715)."""
    date = versions.nightly_date(torch_version)
    torch_variant, companion_variant = versions.variant(torch_version), versions.variant(companion_version)
    # The same date from two indexes is two builds (torch+cu117 with torchvision+cpu: pytorch/pytorch#90272).
    one_variant = not (torch_variant and companion_variant) or torch_variant == companion_variant
    return date is not None and date == versions.nightly_date(companion_version) and one_variant


# tf-keras (Keras 2 for a TensorFlow whose own Keras is Keras 3) is released with TensorFlow, one release per minor, each
# requiring that minor: tf_keras 2.17.0 "tensorflow<2.18,>=2.17", 2.20.1 "tensorflow<2.21,>=2.20" (their metadata, read
# with pip install --dry-run --report). Unpinned, pip installs the newest and upgrades TensorFlow to its minor.
_RELEASED_WITH = {"tf-keras": "tensorflow"}


def requirement_matching(package: str, installed: dict[str, str]) -> str:
    """``package`` pinned to the minor of the package it is released with, when that one's version is known."""
    host = _RELEASED_WITH.get(package)
    minor = versions.minor(installed.get(host)) if host else None
    return f"{package}~={minor[0]}.{minor[1]}.0" if minor else package


# Distributions that install the same import folder, so one uninstalled can leave another's copy answering the import:
# mmcv 1.x's mmcv (without ops) and mmcv-full (with them), and mmcv 2.x's mmcv and mmcv-lite (open-mmlab/mmcv's README:
# "mmcv and mmcv-full cannot be installed in the same environment"; mmcv 2.0's installation guide: mmcv-lite is mmcv
# without its ops).
_SHARED_IMPORT_FOLDER = {"mmcv": ("mmcv", "mmcv-full", "mmcv-lite")}


def distributions_of_module(module: str) -> tuple[str, ...]:
    """Every distribution that installs the import folder ``module`` (just ``module`` where only one does)."""
    return _SHARED_IMPORT_FOLDER.get(module.lower(), (module,))


# Compiled extensions that publish their CUDA builds on a wheel index of their own, one page per torch release and CUDA
# variant (a CPU wheel, PyPI's file or a build that saw no CUDA, lacks the kernels):
# - PyG's libraries (pytorch-geometric.readthedocs.io, install/installation.rst): data.pyg.org/whl/torch-${TORCH}+${CUDA}.html,
#   ${TORCH} the x.y.0 release (one page serves every x.y.z), ${CUDA} cpu, cu118, cu121 ...
# - mmcv (mmcv.readthedocs.io, v1.x get_started/installation): download.openmmlab.com/mmcv/dist/{cu_version}/{torch_version}/
#   index.html, built on torch x.y.0 only ("the compatibility usually holds between 1.x.0 and 1.x.1").
PYG_LIBRARIES = ("torch_scatter", "torch_sparse", "torch_cluster", "torch_spline_conv", "pyg_lib")
_CUDA_WHEEL_PAGES = {
    **dict.fromkeys(PYG_LIBRARIES, ("https://data.pyg.org/whl/", "https://data.pyg.org/whl/torch-{release}+{variant}.html")),
    "mmcv": ("https://download.openmmlab.com/mmcv/dist/", "https://download.openmmlab.com/mmcv/dist/{variant}/torch{release}/index.html"),
}


def extension_wheel_index(extension: str) -> str | None:
    """The wheel index an extension publishes its per-torch, per-CUDA builds on; None where it has none of its own."""
    pages = _CUDA_WHEEL_PAGES.get(extension)
    return pages[0] if pages else None


def extension_cuda_wheel_page(extension: str, torch_release: tuple[int, int], variant: str) -> str | None:
    """The index page of ``extension``'s builds for torch ``torch_release`` (its x.y.0 page) and CUDA ``variant``."""
    pages = _CUDA_WHEEL_PAGES.get(extension)
    release = f"{torch_release[0]}.{torch_release[1]}.0"
    return pages[1].format(release=release, variant=variant) if pages and variant.startswith("cu") else None


# NVRTC opens its builtins library by a name carrying CUDA's version (libnvrtc-builtins.so.11.1), but torch's pip wheels of
# release 1.8 for CUDA 11.1 (1.8.0, 1.8.1 and the 1.8.2 LTS) ship it only as libnvrtc-builtins.so (pytorch/pytorch#58101,
# the maintainers' reading; #69689 for 1.8.2+cu111, where conda's cudatoolkit brought the name), and LibTorch's downloads
# under a hashed name (libnvrtc-builtins-7237cb5d.so.11.7: pytorch/pytorch#93134; wenet-e2e/wenet#1335, 11.3). Either way the
# file is there: a link under the name NVRTC asks for, beside it, serves (#93134 and wenet#1335 confirmed it).
def nvrtc_builtins_unversioned(torch_version: str) -> bool:
    """Whether torch's pip wheel of ``torch_version`` ships NVRTC's builtins without the versioned name NVRTC opens."""
    release = versions.release_tuple(torch_version)
    return release is not None and release[:2] == (1, 8)


# The CUDA each TensorFlow GPU release was built and tested with: tensorflow.org's "Tested build configurations"
# (install/source#gpu, Linux GPU: tensorflow_gpu-1.0.0 to 1.4.0 CUDA 8, 1.5.0 to 1.12.0 CUDA 9, 1.13.1 CUDA 10.0; and
# install/source_windows#gpu: 1.13.0 to 2.0.0 CUDA 10), each read in a stored copy of the page's text. Later releases are
# not held here.
_TENSORFLOW_CUDA = (((1, 0), "8.0"), ((1, 5), "9.0"), ((1, 13), "10.0"), ((2, 1), None))


def tensorflow_gpu_cuda(tensorflow_version: str) -> str | None:
    """The CUDA that TensorFlow's GPU build of that release was built with (1.0 to 2.0, where sourced), else None."""
    release = versions.release_tuple(tensorflow_version)
    if release is None:
        return None
    found = [cuda for first, cuda in _TENSORFLOW_CUDA if release[:2] >= first]
    return found[-1] if found else None
