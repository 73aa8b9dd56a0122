"""Intel GPU (XPU) builds of torch and of Intel Extension for PyTorch finding no device, or no XPU backend at all."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
from .text import ErrorText

# torch's XPU build counting no Intel GPU: "XPU device count is zero!" (torch 2.3.1 with IPEX 2.3.110+xpu in
# intel/intel-extension-for-pytorch#702) and, in a 2.7 nightly, "Failed to initialize XPU devices. The driver may not be
# installed, installed incorrectly, or incompatible ..." (pytorch/pytorch#147226).
_XPU_NO_DEVICE = re.compile(r"XPU device count is zero|Failed to initialize XPU devices")
# In a conda environment on Linux that is most often the environment's own older libstdc++.so.6, loaded before the
# system's: Intel's GPU runtime (the Level Zero loader and compute runtime) comes from the system and needs the newer one.
# pytorch/pytorch#147226 (a PyTorch XPU maintainer traced it; updating the environment's libstdc++ fixed it) and
# intel/intel-extension-for-pytorch#702 (conda's libstdc++.so.6.0.29; conda-forge's libstdcxx-ng fixed it).
_CONDA_ENV = re.compile(r"/(?:\w{0,20}conda3?|miniforge3?|mambaforge|\.conda)/envs/[^/\s]{1,80}/lib/", re.I)
# A torch (or IPEX) without the XPU backend asked for an 'xpu' device: IPEX 1.x's CPU releases on torch 1.x
# (intel/intel-extension-for-pytorch#244: 1.11's CPU release; XPU came with the separate GPU releases), or a CPU or CUDA
# torch asked for 'xpu' without IPEX's GPU release or torch's own XPU build.
_XPU_NOT_LINKED = re.compile(r"PyTorch is not linked with support for xpu devices")


@extractor
def xpu_finds_no_device(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_XPU_NO_DEVICE)
    if not match:
        return
    evidence = [err.evidence(match)]
    conda = err.search(_CONDA_ENV) if err.platform != "windows" else None
    if conda:
        said = "a conda environment: its own libstdc++ is loaded before the system's, which Intel's GPU runtime needs"
        yield signal("glibc_libstdcxx_too_old", 0.6, [*evidence, said], kind="xpu_conda", runtime="libstdc++", symbol=None)
    yield signal("no_driver_or_gpu", 0.5 if conda else 0.7, evidence, kind="xpu_no_device")


@extractor
def xpu_backend_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_XPU_NOT_LINKED)
    if match:
        yield signal("cpu_only_build", 0.8, [err.evidence(match), "this torch has no XPU (Intel GPU) backend"], kind="no_xpu_backend")
