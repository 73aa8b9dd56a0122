"""Version helpers that compare releases, not strings.

``torch.__version__`` says ``2.14.1+cu130`` where ``importlib.metadata`` says ``2.14.1``
(design.md section 6): the local tag is the build variant, the release is what matters
for "is this the same torch".
"""

from __future__ import annotations

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
