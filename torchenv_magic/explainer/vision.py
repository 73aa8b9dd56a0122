"""torchvision/torchaudio built for another torch release or build variant.

``operator torchvision::nms does not exist`` (torchvision >= 0.17, from its
``_meta_registrations``) hides the real load error of ``torchvision/_C.so`` (design.md
section 6, reproduced with torch 2.13.0+cpu + torchvision 0.29.1); older releases said
``No such operator torchvision::nms`` or printed "Couldn't load custom C++ ops".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
from .text import ErrorText

_NMS = re.compile(r"operator torchvision::(\w{1,40}) does not exist|No such operator torchvision::(\w{1,40})")
_CUSTOM_OPS = re.compile(r"Couldn't load custom C\+\+ ops\. This can happen if your PyTorch and torchvision versions are incompatible")
_CUDA_MAJOR = re.compile(r"Detected that PyTorch and (torchvision|torchaudio) were compiled with different CUDA (?:major )?versions")
_AUDIO = re.compile(
    r"torchaudio[^\n]{0,200}(?:undefined symbol|cannot open shared object|Could not load this library)|Failed to load torchaudio"
)


@extractor
def torchvision_messages(err: ErrorText) -> Iterator[Signal]:
    """``package``: the companion whose compiled part did not load; ``operator`` when named."""
    cuda_major = err.search(_CUDA_MAJOR)
    if cuda_major:
        yield signal("torchvision_torch_mismatch", 0.95, [err.evidence(cuda_major)], package=cuda_major.group(1), reason="cuda_major")
        return
    ops = err.search(_NMS) or err.search(_CUSTOM_OPS)
    if ops:
        operator = ops.group(1) or ops.group(2) if ops.re is _NMS else None
        yield signal("torchvision_torch_mismatch", 0.9, [err.evidence(ops)], package="torchvision", operator=operator)


@extractor
def torchaudio_messages(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_AUDIO)
    if match:
        yield signal("torchvision_torch_mismatch", 0.8, [err.evidence(match)], package="torchaudio")
