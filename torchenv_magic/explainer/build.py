"""Building an extension (detectron2, apex, custom ops): compiler, nvcc, CUDA_HOME, MSVC.

Message shapes come from torch.utils.cpp_extension (``CUDA_HOME environment variable is
not set``, ``Error checking compiler version for cl``, ``The detected CUDA version ...
mismatches the version that was used to compile PyTorch``), setuptools/distutils
(``Microsoft Visual C++ 14.0 or greater is required``) and nvcc's host_config.h
(``unsupported GNU version``).

Signals for ``build_toolchain_missing`` carry ``kind``: 'cuda_home', 'msvc', 'nvcc_mismatch'
(with ``nvcc`` and ``torch_cuda``, the two CUDA versions named), 'nvcc' (missing or
refusing the host compiler) or 'compiler' (the compiler stopped with an error).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
from .text import ErrorText

_CUDA_HOME = re.compile(r"CUDA_HOME environment variable is not set|No CUDA runtime is found, using CUDA_HOME")
_MSVC = re.compile(r"Microsoft Visual C\+\+ 14\.0(?: or greater)? is required")
_CL = re.compile(
    r"Error checking compiler version for cl\b|'cl\.exe' failed with exit code|cl\.exe: (?:not found|command not found)"
    r"|cl is not a full path and was not found in the PATH"
)
_NVCC = re.compile(
    r"nvcc: (?:not found|command not found)|nvcc fatal|\[Errno 2\] No such file or directory: '[^'\n]{0,200}nvcc'|unsupported GNU version"
)
_CUDA_MISMATCH = re.compile(
    r"The detected CUDA version \(([\d.]{1,10})\) mismatches the version that was used to compile\s{1,4}PyTorch \(([\d.]{1,10})\)"
)
_GCC_FAILED = re.compile(r"error: command '[^'\n]{0,200}(?:gcc|g\+\+|c\+\+)' failed|ninja: build stopped: subcommand failed")


@extractor
def cuda_home_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CUDA_HOME)
    if match:
        yield signal("build_toolchain_missing", 0.95, [err.evidence(match)], kind="cuda_home")


@extractor
def msvc_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_MSVC) or err.search(_CL)
    if match:
        yield signal("build_toolchain_missing", 0.95 if match.re is _MSVC else 0.85, [err.evidence(match)], kind="msvc")


@extractor
def nvcc_problem(err: ErrorText) -> Iterator[Signal]:
    mismatch = err.search(_CUDA_MISMATCH)
    if mismatch:
        yield signal(
            "build_toolchain_missing",
            0.9,
            [err.evidence(mismatch)],
            kind="nvcc_mismatch",
            nvcc=mismatch.group(1),
            torch_cuda=mismatch.group(2),
        )
        return
    match = err.search(_NVCC)
    if match:
        yield signal("build_toolchain_missing", 0.9, [err.evidence(match)], kind="nvcc")


@extractor
def compiler_failed(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_GCC_FAILED)
    if match:
        yield signal("build_toolchain_missing", 0.6, [err.evidence(match)], kind="compiler")
