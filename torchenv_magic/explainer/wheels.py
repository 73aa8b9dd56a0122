"""No wheel for this interpreter: pip's ``No matching distribution found for torch`` and
``... is not a supported wheel on this platform``.

Signals carry ``kind`` ('no_distribution' or 'unsupported_wheel') and what the text names:
the package and version asked for (``spec``), whether pip saw no version at all
(``none_found``), and a wheel's Python and platform tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .packaging_rules import TORCH_FAMILY
from .signals import Signal, extractor, signal
from .text import ErrorText

_NO_DIST = re.compile(
    rf"(?:No matching distribution found for|Could not find a version that satisfies the requirement) ({TORCH_FAMILY})\b([^\s()]{{0,60}})",
    re.I,
)
_FROM_VERSIONS = re.compile(r"\(from versions: ([^)\n]{0,400})\)")
_NOT_SUPPORTED = re.compile(r" is not a supported wheel on this platform")
_WHEEL_BEFORE = re.compile(r"(\S{1,200}\.whl)$")
_WHEEL_TAGS = re.compile(r"-(cp\d{2,3})-[\w]{1,10}-([\w.]{1,60})\.whl$")


@extractor
def no_matching_distribution(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NO_DIST)
    if not match:
        return
    name, spec = match.group(1), match.group(2)
    versions_seen = err.search(_FROM_VERSIONS)
    evidence = [err.evidence(match)] + ([err.evidence(versions_seen)] if versions_seen else [])
    none_found = versions_seen is not None and versions_seen.group(1).strip() in ("none", "")
    yield signal("wheel_platform_mismatch", 0.85, evidence, kind="no_distribution", package=name, spec=spec, none_found=none_found)


@extractor
def unsupported_wheel(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NOT_SUPPORTED)
    wheel_match = _WHEEL_BEFORE.search(err.before(match)) if match else None
    if not (match and wheel_match):
        return
    wheel = wheel_match.group(1).rsplit("/", 1)[-1]
    tags = _WHEEL_TAGS.search(wheel)
    yield signal(
        "wheel_platform_mismatch",
        0.9,
        [err.evidence(match)],
        kind="unsupported_wheel",
        wheel=wheel,
        python_tag=tags.group(1) if tags else None,
        platform_tag=tags.group(2) if tags else None,
    )
