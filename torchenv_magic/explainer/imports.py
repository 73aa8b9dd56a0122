"""Import-state errors: a second import after a failed/interrupted one, and shadowing files.

After ``torch._C`` has loaded, a failed or interrupted ``import torch`` cannot be retried
in the same process: the native library keeps its registrations and the retry fails with
messages that point everywhere but the cause (design.md section 6, reproduced here):
``function 'abs' already has a docstring``, ``Only a single TORCH_LIBRARY can be used to
register the namespace prims``, ``duplicate registrations for ...``, ``partially
initialized module 'torch' has no attribute 'fx'``. IDE module reloaders (Spyder's UMR,
AREPL) trigger the same (spyder-ide/spyder#12701, #15987).

A local ``torch.py`` (or a ``torch/`` folder, or running inside a PyTorch checkout)
shadows the installed package; the traceback's file paths show it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..fixes import rename_fix, restart_fix
from ..model import Finding
from .fixgen import torch_reinstall_fix
from .registry import finding, text_rule
from .text import ErrorText

_REIMPORT = re.compile(
    r"(?:function|method) '[\w.]{1,80}' already has a docstring|Only a single TORCH_LIBRARY can be used to register the namespace"
    r"|duplicate registrations for [\w.:]{1,120}"
    r"|Tried to register an operator \([^)\n]{0,200}\) with the same name and overload name multiple times"
    r"|Reloaded modules: torch"
)
_PARTIAL = re.compile(r"partially initialized module '([\w.]{1,80})'")
_FAMILY = {"torch", "torchvision", "torchaudio", "torchtext", "detectron2"}
_NO_C = re.compile(r"No module named 'torch\._C'|Failed to load PyTorch C extensions|cannot import name '_C' from 'torch'")
_INSTALLED = re.compile(r"[/\\](?:site|dist)-packages[/\\]", re.I)
_STDLIB = re.compile(r"^<frozen|/lib/python\d\.\d{1,2}/|/Lib/(?!site-packages)|importlib", re.I)


def local_shadow(paths: list[str], name: str) -> str | None:
    """A traceback file that is ``<name>.py`` or inside a ``<name>/`` folder outside site-packages."""
    top = name.split(".")[0]
    for path in paths:
        norm = path.replace("\\", "/")
        if _INSTALLED.search(path):
            continue
        if norm.endswith(f"/{top}.py") or norm == f"{top}.py":
            return path
        if f"/{top}/" in norm:
            return norm.split(f"/{top}/")[0] + f"/{top}/"
    return None


def intruder(paths: list[str], name: str) -> str | None:
    """A user file imported *by* the installed package: it shadows a module the package needs.

    E.g. torch/__init__.py runs ``import math`` and gets the project's own math.py
    (black-forest-labs/flux#431); that file then imports torch, which is half-initialised.
    """
    top = name.split(".")[0]
    inside = False
    for path in paths:
        norm = path.replace("\\", "/")
        if _INSTALLED.search(path) and f"/{top}/" in norm:
            inside = True
        elif inside and not _INSTALLED.search(path) and not _STDLIB.search(norm):
            return path
    return None


@text_rule
def reimport_after_failure(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_REIMPORT)
    if match:
        yield _partial([err.evidence(match)], 0.9)


def _partial(evidence: list[str], confidence: float) -> Finding:
    return finding(
        "partial_import_state",
        "torch was imported a second time in the same process",
        "An earlier `import torch` failed or was interrupted after its native library had loaded (or an IDE "
        "reloaded it). Its registrations stay in the process, so every retry fails with a misleading error; "
        "the first error of the session is the real one.",
        evidence,
        restart_fix("If the first import failed too, fix that error (scroll up) before importing again."),
        confidence,
    )


@text_rule
def partially_initialized(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_PARTIAL)
    if not match:
        return
    name, evidence = match.group(1), [err.evidence(match)]
    frames = err.frames_before(match.start())
    shadow = local_shadow(frames, name) or intruder(frames, name)
    if shadow:
        yield _shadowed(name, shadow, evidence, 0.9)
        return
    family = name.split(".")[0] in _FAMILY
    # torch's own package is large and is often interrupted mid-import; for any other name the
    # usual reason is a user script or folder called like the package it imports.
    yield _partial(evidence, 0.7 if family else 0.3)
    yield _shadowed(name, None, evidence, 0.4 if family else 0.65)


def _shadowed(name: str, path: str | None, evidence: list[str], confidence: float) -> Finding:
    top = name.split(".")[0]
    where = path or f"{top}.py or a {top}/ folder in the working directory"
    fix = (
        rename_fix(path)
        if path
        else rename_fix(f"{top}.py", f'Look for it next to your notebook/script (python -c "import {top}; print({top}.__file__)").')
    )
    return finding(
        "shadowed_module",
        f"A local {where} hides the installed {top}",
        f"Python imports the first '{top}' on sys.path, and the script's own folder comes first: a file or folder "
        f"named {top} there is imported instead of the package, which then looks broken or circular.",
        evidence + ([f"local file: {path}"] if path else []),
        fix,
        confidence,
    )


@text_rule
def torch_c_missing(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_NO_C)
    if not match:
        return
    frames = err.frames_before(match.start())
    evidence = [err.evidence(match)]
    shadow = local_shadow(frames, "torch")
    installed = any(_INSTALLED.search(f) and "torch" in f for f in frames)
    if shadow or not installed:
        yield _shadowed("torch", shadow, evidence, 0.75 if shadow else 0.5)
    yield finding(
        "corrupted_install",
        "torch's compiled core (torch._C) is missing from the installed package",
        "torch/_C is the native extension; without it the package is incomplete, or it was built for another "
        "Python version than the one running.",
        evidence,
        torch_reinstall_fix(err, note="Make sure the wheel matches this Python (cpXY tag)."),
        0.6 if installed else 0.4,
    )
