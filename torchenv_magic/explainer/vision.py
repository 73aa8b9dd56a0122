"""torchvision/torchaudio built for another torch release or build variant.

``operator torchvision::nms does not exist`` (torchvision >= 0.17, from its
``_meta_registrations``) hides the real load error of ``torchvision/_C.so`` (design.md
section 6, reproduced with torch 2.13.0+cpu + torchvision 0.29.1); older releases said
``No such operator torchvision::nms`` or printed "Couldn't load custom C++ ops".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Finding
from .fixgen import companion, matching_vision_fix
from .registry import finding, text_rule
from .text import ErrorText

_NMS = re.compile(r"operator torchvision::(\w{1,40}) does not exist|No such operator torchvision::(\w{1,40})")
_CUSTOM_OPS = re.compile(r"Couldn't load custom C\+\+ ops\. This can happen if your PyTorch and torchvision versions are incompatible")
_CUDA_MAJOR = re.compile(r"Detected that PyTorch and (torchvision|torchaudio) were compiled with different CUDA (?:major )?versions")
_AUDIO = re.compile(
    r"torchaudio[^\n]{0,200}(?:undefined symbol|cannot open shared object|Could not load this library)|Failed to load torchaudio"
)


@text_rule
def torchvision_ops_missing(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_CUDA_MAJOR) or err.search(_NMS) or err.search(_CUSTOM_OPS)
    if not match:
        return
    torch_version, vision = err.package("torch"), err.package("torchvision")
    wanted = companion(err, "torchvision")
    evidence = [err.evidence(match)]
    if torch_version and vision:
        evidence.append(
            f"torch {torch_version}, torchvision {vision}" + (f" (torchvision {wanted} is the release for this torch)" if wanted else "")
        )
    yield finding(
        "torchvision_torch_mismatch",
        "torchvision does not match the installed torch" + (f" (needs torchvision {wanted})" if wanted else ""),
        "torchvision's compiled operators (nms, roi_align, ...) only load into the torch release and build "
        "variant (CUDA/CPU/ROCm) they were built for. Installing one of them alone (or from another index) "
        "breaks the pair; pip does not always notice.",
        evidence,
        matching_vision_fix(err),
        0.95 if match.re is _CUDA_MAJOR else 0.9,
    )


@text_rule
def torchaudio_mismatch(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_AUDIO)
    if match:
        yield finding(
            "torchvision_torch_mismatch",
            "torchaudio does not match the installed torch",
            "torchaudio's native library is built for one torch release and variant.",
            [err.evidence(match)],
            matching_vision_fix(err),
            0.8,
        )
