"""Errors that are not about the environment at all (cause ``other``), named so the user
is not sent reinstalling: CUDA out of memory, tensors on different devices, a device-side
assert. They are real failures of the code or the data, not of the install.

The extractor only says which of them the text shows (``kind``); rules/other.py words the
finding. :func:`fallback` is explain()'s answer when nothing matched at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .signals import Signal, extractor, signal
from .text import ErrorText

if TYPE_CHECKING:
    from ..model import Finding

_NOT_ENV: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("out_of_memory", re.compile(r"CUDA out of memory|OutOfMemoryError: CUDA|CUBLAS_STATUS_ALLOC_FAILED")),
    ("mps_out_of_memory", re.compile(r"MPS backend out of memory")),
    ("device_mismatch", re.compile(r"Expected all tensors to be on the same device")),
    ("device_assert", re.compile(r"device-side assert triggered")),
)


@extractor
def not_an_environment_problem(err: ErrorText) -> Iterator[Signal]:
    for kind, pattern in _NOT_ENV:
        match = err.search(pattern)
        if match:
            yield signal("other", 0.6, [err.evidence(match)], kind=kind)
            return


# An install that stopped because the disk was full: what failed afterwards (No module named 'torch') follows from it.
# pip unpacks into the temporary folder, often a small /tmp (easydiffusion/easydiffusion#1649: torch's 173 MB
# nvidia-cusparse wheel, "[Errno 28] No space left on device" with 50 GB free on the main disk).
_DISK_FULL = re.compile(r"No space left on device|OSError: \[Errno 28\]")
# macOS 15.4+'s dyld refuses a library listing one rpath twice: torch built from source in a conda or pixi
# environment wrote '@loader_path' twice into libtorch_cpu.dylib (pytorch/pytorch PR #189704, the build's fix).
_DUPLICATE_RPATH = re.compile(r"duplicate LC_RPATH '[^'\n]{1,200}'")


# TorchScript compiles a scripted function from its .py source; a frozen app (PyInstaller, cx_Freeze) bundles only
# bytecode (pyinstaller/pyinstaller#4926: torchvision's _rejection_sample; the maintainers' answer: ship the sources).
# inspect's own words for it under torch.jit's frames: pyinstaller/pyinstaller#4251, torchvision's ops in a frozen exe.
NO_SOURCE = re.compile(r"TorchScript requires source access in order to carry out compilation|^OSError: could not get source code", re.M)


@extractor
def torchscript_without_source(err: ErrorText) -> Iterator[Signal]:
    match = err.search(NO_SOURCE)
    if match:
        yield signal("other", 0.95, [err.evidence(match)], kind="torchscript_no_source")


@extractor
def disk_full_or_duplicate_rpath(err: ErrorText) -> Iterator[Signal]:
    disk = err.search(_DISK_FULL)
    if disk:
        yield signal("other", 0.95, [err.evidence(disk)], kind="disk_full")
    rpath = err.search(_DUPLICATE_RPATH)
    if rpath:
        yield signal("other", 0.85, [err.evidence(rpath)], kind="duplicate_rpath")


def fallback(err: ErrorText) -> Finding:
    """What explain() returns when no rule recognised a non-empty text."""
    from ..rules.other import no_match

    return no_match(err)
