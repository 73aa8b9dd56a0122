"""No wheel for this interpreter: pip's ``No matching distribution found for torch`` and
``... is not a supported wheel on this platform``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Finding, Fix
from .packaging_rules import TORCH_FAMILY
from .registry import finding, text_rule
from .text import ErrorText

_NO_DIST = re.compile(
    rf"(?:No matching distribution found for|Could not find a version that satisfies the requirement) ({TORCH_FAMILY})\b([^\s()]{{0,60}})",
    re.I,
)
_FROM_VERSIONS = re.compile(r"\(from versions: ([^)\n]{0,400})\)")
_NOT_SUPPORTED = re.compile(r" is not a supported wheel on this platform")
_WHEEL_BEFORE = re.compile(r"(\S{1,200}\.whl)$")
_WHEEL_TAGS = re.compile(r"-(cp\d{2,3})-[\w]{1,10}-([\w.]{1,60})\.whl$")


@text_rule
def no_matching_distribution(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_NO_DIST)
    if not match:
        return
    name, spec = match.group(1), match.group(2)
    versions_seen = err.search(_FROM_VERSIONS)
    evidence = [err.evidence(match)] + ([err.evidence(versions_seen)] if versions_seen else [])
    none = versions_seen is not None and versions_seen.group(1).strip() in ("none", "")
    local_tag = "+" in spec
    why = (
        f"pip found no {name} wheel at all for this interpreter: the Python version is newer (or older) than any "
        f"{name} release supports, or Python is 32-bit (torch publishes 64-bit wheels only)."
        if none and not local_tag
        else f"pip found {name} wheels, but none for '{name}{spec}' that fits this Python version and platform."
    )
    if local_tag:
        why += " Versions with a '+cuXYZ' tag exist only on the PyTorch wheel index, not on PyPI (--index-url is needed)."
    yield finding(
        "wheel_platform_mismatch",
        f"No {name} wheel matches this Python / OS / CPU",
        why,
        evidence,
        Fix(
            kind="shell",
            code="python -c \"import sys, struct; print(sys.version, struct.calcsize('P') * 8, 'bit')\"",
            note="Use a Python version that release supports (64-bit), or a newer torch release; see https://pytorch.org/get-started/locally/",
        ),
        0.85,
    )


@text_rule
def unsupported_wheel(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_NOT_SUPPORTED)
    wheel_match = _WHEEL_BEFORE.search(err.before(match)) if match else None
    if not (match and wheel_match):
        return
    wheel = wheel_match.group(1).rsplit("/", 1)[-1]
    tags = _WHEEL_TAGS.search(wheel)
    detail = f" It is built for {tags.group(1)} on {tags.group(2)}." if tags else ""
    yield finding(
        "wheel_platform_mismatch",
        "That wheel was built for another Python version or platform",
        f"A wheel's file name fixes the Python version (cpXY), the OS and the CPU it runs on.{detail}",
        [err.evidence(match)],
        Fix(
            kind="shell",
            code="python -m pip debug --verbose | head -40  # the tags this interpreter accepts",
            note="Download the wheel whose tags match, or let pip choose: pip install torch --index-url https://download.pytorch.org/whl/<cpu|cuXYZ>",
        ),
        0.9,
    )


