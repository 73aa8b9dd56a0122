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

These are signals; rules/live.py weighs them against what ``sys.modules`` and the import
system show in a live kernel.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
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


@extractor
def reimport_after_failure(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_REIMPORT)
    if match:
        yield signal("partial_import_state", 0.9, [err.evidence(match)], module="torch", reason="reimport")


@extractor
def partially_initialized(err: ErrorText) -> Iterator[Signal]:
    """``module``: the half-initialised module; ``path``: the traceback file that shadows it, when one does."""
    match = err.search(_PARTIAL)
    if not match:
        return
    name, evidence = match.group(1), [err.evidence(match)]
    frames = err.frames_before(match.start())
    local = local_shadow(frames, name)
    imported = None if local else intruder(frames, name)
    if local or imported:
        yield signal("shadowed_module", 0.9, evidence, module=name, path=local or imported, intruder=imported is not None)
        return
    family = name.split(".")[0] in _FAMILY
    # torch's own package is large and is often interrupted mid-import; for any other name the
    # usual reason is a user script or folder called like the package it imports.
    yield signal("partial_import_state", 0.7 if family else 0.3, evidence, module=name, reason="partially_initialized")
    yield signal("shadowed_module", 0.4 if family else 0.65, evidence, module=name, path=None, intruder=False)


@extractor
def torch_c_missing(err: ErrorText) -> Iterator[Signal]:
    """torch/_C cannot be imported: a source checkout shadowing torch, or an incomplete install."""
    match = err.search(_NO_C)
    if not match:
        return
    frames = err.frames_before(match.start())
    evidence = [err.evidence(match)]
    shadow = local_shadow(frames, "torch")
    installed = any(_INSTALLED.search(f) and "torch" in f for f in frames)
    if shadow or not installed:
        yield signal("shadowed_module", 0.75 if shadow else 0.5, evidence, module="torch", path=shadow, intruder=False)
    yield signal("corrupted_install", 0.6 if installed else 0.4, evidence, reason="torch_c", package="torch", library="torch._C")
