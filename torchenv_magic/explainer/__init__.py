"""Explain an error text alone: ``explain(text, platform=None, packages=None)``.

    >>> from torchenv_magic import explain
    >>> top = explain('RuntimeError: operator torchvision::nms does not exist',
    ...               packages={"torch": "2.5.1+cu124"})[0]
    >>> top.cause
    'torchvision_torch_mismatch'

The explainer reads an error text as *signals* (:mod:`.signals`: one extractor module per
family of message shapes: Windows DLLs, shared libraries, CUDA, pip, builds, imports,
NumPy, torchvision) and runs the same rules as the live diagnosis
(:mod:`torchenv_magic.rules`) over the facts the caller stated (``platform``,
``packages``) plus those signals. So a pasted traceback and the same failure in a live
kernel get the same cause, title and fix; ranking is :func:`torchenv_magic.model.rank`.

When no rule matches a non-empty text the answer holds a low-confidence ``other`` finding
that points to the live diagnosis (``%torchenv``), so callers always get one ranked list
with something to show; an empty or blank text gives ``[]``. A list shorter than three is
filled with the causes of the most alike known reports (:mod:`torchenv_magic.similar`),
as guesses under 20% that never come before a rule's finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import similar, versions
from ..model import Finding, rank
from . import runtime
from .signals import EXTRACTORS, Signal, extractor
from .text import ErrorText, package_name

if TYPE_CHECKING:
    from ..rules import Context

__all__ = ["EXTRACTORS", "ErrorText", "Signal", "explain", "extractor"]


def explain(text: str, *, platform: str | None = None, packages: dict[str, str] | None = None) -> list[Finding]:
    """Ranked causes for an error text (most likely first). Never raises on a ``str``."""
    if not isinstance(text, str) or not text.strip():
        return []
    from ..rules import load_all, run_rules

    ctx = stated_context(text, platform, packages if isinstance(packages, dict) else None)
    findings, _notes = run_rules(ctx, load_all())
    ranked = rank(findings)
    return similar.complete(ranked, text, fallback=None if ranked else runtime.fallback(ctx.text))


def stated_context(text: str, platform: str | None, packages: dict[str, str] | None) -> Context:
    """The rules' Context for a pasted text: what the user stated, shaped as the probes shape facts."""
    from ..rules import Context

    return Context(facts=stated_facts(platform, packages), capture={"pasted": True, "text": text}, stated=True)


_SYSTEMS = {"windows": "Windows", "linux": "Linux", "macos": "Darwin"}


def stated_facts(platform: str | None, packages: dict[str, str] | None) -> dict[str, Any]:
    """Probe-shaped facts from ``platform`` and ``packages`` (name -> version as a user states them)."""
    facts: dict[str, Any] = {}
    system = _SYSTEMS.get(platform.strip().lower()) if isinstance(platform, str) else None
    if system:
        facts["python"] = {"os": system}
    # "torch=1.13.1+cu117, torchvision=..." as users write lists: the separator is not part of the version.
    stated = {package_name(k): str(v).strip().rstrip(",;") for k, v in (packages or {}).items() if str(v).strip()}
    # A stated Python is the interpreter's own version (the probe's python.version), not a package.
    python_version = stated.pop("python", None)
    if python_version and versions.parse(python_version) is not None:
        facts.setdefault("python", {})["version"] = python_version
    if stated:
        entries = {name: [{"name": name, "version": version, "location": "(stated)", "requires": []}] for name, version in stated.items()}
        facts["packages"] = {"installed": entries}
    torch_version = stated.get("torch")
    if torch_version and versions.parse(torch_version) is not None:
        facts["torch_build"] = {"found": True, "version_file": _version_file(torch_version)}
    return facts


def _version_file(torch_version: str) -> dict[str, Any]:
    """What torch/version.py would say for a stated version: the build tag gives CUDA (or none)."""
    tag = versions.variant(torch_version) or ""
    cuda = versions.cuda_of_tag(tag)
    file: dict[str, Any] = {"__version__": torch_version}
    if tag == "cpu":
        file["cuda"] = None
    elif cuda:
        file["cuda"] = cuda
    elif tag.startswith("rocm"):
        file["cuda"], file["hip"] = None, tag[4:]
    return file
