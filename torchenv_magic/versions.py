"""Version helpers that compare releases, not strings.

``torch.__version__`` says ``2.14.1+cu130`` where ``importlib.metadata`` says ``2.14.1``
(design.md section 6): the local tag is the build variant, the release is what matters
for "is this the same torch".
"""

from __future__ import annotations

import re
from functools import lru_cache

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version


def parse(text: str | None) -> Version | None:
    if not text:
        return None
    try:
        return Version(str(text).strip())
    except InvalidVersion:
        return None


def release(text: str | None) -> str | None:
    """'2.14.1+cu130' -> '2.14.1'; None for text that is no version."""
    version = parse(text)
    return version.base_version if version is not None else None


def minor(text: str | None) -> tuple[int, int] | None:
    version = parse(text)
    return (version.major, version.minor) if version is not None else None


def same_release(a: str | None, b: str | None) -> bool:
    return release(a) is not None and release(a) == release(b)


def is_nightly(text: str | None) -> bool:
    """A development build: PyTorch's nightlies are '2.6.0.dev20241001+cu124' (pip) or '1.4.0.dev20191010' (conda)."""
    version = parse(text)
    return version is not None and version.is_devrelease


def nightly_date(text: str | None) -> int | None:
    """The build date of a nightly ('2.6.0.dev20241001+cu124' -> 20241001), None for a release."""
    version = parse(text)
    return version.dev if version is not None and version.is_devrelease else None


def variant(text: str | None) -> str | None:
    """The build variant from a local tag: 'cu130', 'cpu', 'rocm6.2' or None (untagged)."""
    version = parse(text)
    return version.local if version is not None else None


def satisfies(version_text: str | None, specifier: str) -> bool | None:
    """Whether a release satisfies a PEP 440 specifier; None when either cannot be read."""
    version = release(version_text)
    try:
        spec = SpecifierSet(specifier)
    except InvalidSpecifier:
        return None
    return None if version is None else spec.contains(version, prereleases=True)


def requirement_specs(requirements: list[str], name: str) -> list[str]:
    """The version specifiers that ``Requires-Dist`` lines put on distribution ``name``."""
    # Imported here: packaging.requirements (its tokenizer's regexes) costs ~6 ms at import,
    # and the rules ask for this only in some environments (not for a CPU-only torch here).
    from packaging.requirements import InvalidRequirement, Requirement

    specs = []
    for line in requirements:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if requirement.name.lower() == name and str(requirement.specifier):
            specs.append(str(requirement.specifier))
    return specs


# --- numbers that are not PEP 440 versions: drivers, CUDA tags, compute capabilities -------

_CUDA_TAG = re.compile(r"^cu(\d+)(\d)$")
_NUMERIC = re.compile(r"\d{1,6}(?:\.\d{1,6}){0,5}", re.ASCII)
_CC = re.compile(r"\s*(\d{1,2})\.(\d{1,2})\s*", re.ASCII)


def release_tuple(value: object) -> tuple[int, ...] | None:
    """The release numbers of a version string, local tags ignored: 'v2.5.1+cu124' -> (2, 5, 1)."""
    return _release_tuple(value) if isinstance(value, str) else None


# Cached: the compatibility tables' scans (compat.build_for_gpu) read the same few hundred version strings thousands of times.
@lru_cache(maxsize=2048)
def _release_tuple(value: str) -> tuple[int, ...] | None:
    if len(value.strip()) > 100:
        return None
    text = value.strip()
    parsed = parse(text[1:] if text[:1] in ("v", "V") else text)
    return parsed.release if parsed is not None else None


def numeric_tuple(value: object) -> tuple[int, ...] | None:
    """Dotted numbers as ints: a driver '535.104.05' -> (535, 104, 5), a DLL's file version
    '14.40.33810.0' -> (14, 40, 33810, 0); a leading '>=' is dropped. None for anything else."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None
    text = str(value).strip().lstrip(">= ").strip()
    if not _NUMERIC.fullmatch(text):
        return None
    return tuple(int(part) for part in text.split("."))


def cuda_release(value: object) -> tuple[int, ...] | None:
    """A CUDA version from '12.6', '12.6.3', 'cu126', 'cu118' or 'CUDA 12.6'; None otherwise."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text.startswith("cuda"):
        text = text[4:].strip()
    tag = _CUDA_TAG.match(text)
    if tag:
        return (int(tag.group(1)), int(tag.group(2)))
    found = release_tuple(text)
    if found is None or len(found) < 2 or not 1 <= found[0] <= 99:
        return None
    return found


def cuda_of_tag(tag: str | None) -> str | None:
    """The CUDA version a build tag names: 'cu124' -> '12.4', 'cu118' -> '11.8'; None for 'cpu', 'rocm6.2', ..."""
    if not tag or not tag.lower().startswith("cu"):
        return None
    found = cuda_release(tag)
    return ".".join(str(part) for part in found[:2]) if found else None


def cuda_from_driver_api(number: int | str) -> str | None:
    """The CUDA version in CUDA's driver-API encoding (``cudaDriverGetVersion``: 1000*major +
    10*minor, as in torch's 'found version 11040'): 11040 -> '11.4'."""
    try:
        value = int(number)
    except (TypeError, ValueError):
        return None
    return f"{value // 1000}.{(value % 1000) // 10}" if value >= 1000 else None


def cc_number(text: object) -> int | None:
    """A compute capability as 10*major+minor: '8.6' -> 86, '12.0' -> 120, 'sm_120' -> 120."""
    return _cc_number(text) if isinstance(text, str) else None


@lru_cache(maxsize=1024)
def _cc_number(text: str) -> int | None:
    if text.strip().lower().startswith(("sm_", "compute_")):
        digits = text.strip().split("_", 1)[1].rstrip("af")
        return int(digits) if digits.isdigit() else None
    match = _CC.fullmatch(text)
    return int(match.group(1)) * 10 + int(match.group(2)) if match else None


def build_words(text: str | None) -> str:
    """The build a local tag names, in words: '2.13.0+cpu' -> 'CPU build', '0.28.0+cu130' ->
    'CUDA 13.0 build', '+rocm6.2' -> 'ROCm 6.2 build'; '' when untagged (PyPI's default build)."""
    tag = (variant(text) or "").lower()
    if tag == "cpu":
        return "CPU build"
    cuda = cuda_of_tag(tag)
    if cuda:
        return f"CUDA {cuda} build"
    if tag.startswith("rocm"):
        return f"ROCm {tag[4:]} build"
    return ""


def as_pip(text: str | None) -> str:
    """A version as ``pip list`` shows the release, with the build in words beside it:
    '0.28.0+cu130' -> '0.28.0 (CUDA 13.0 build)', '2.13.0' -> '2.13.0'."""
    shown = release(text) or str(text or "?")
    words = build_words(text)
    return f"{shown} ({words})" if words else shown
