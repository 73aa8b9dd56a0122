"""Building an extension (detectron2, apex, custom ops): compiler, nvcc, CUDA_HOME, MSVC.

Message shapes come from torch.utils.cpp_extension (``CUDA_HOME environment variable is
not set``, ``Error checking compiler version for cl``, ``The detected CUDA version ...
mismatches the version that was used to compile PyTorch``), setuptools/distutils
(``Microsoft Visual C++ 14.0 or greater is required``) and nvcc's host_config.h
(``unsupported GNU version``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Finding, Fix
from .registry import finding, text_rule
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

_VS_BUILD_TOOLS = "https://visualstudio.microsoft.com/visual-cpp-build-tools/"


@text_rule
def cuda_home_missing(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_CUDA_HOME)
    if match:
        yield _toolchain(
            "CUDA_HOME is not set: the build cannot find the CUDA toolkit (nvcc)",
            "Compiling CUDA code needs the CUDA *toolkit* (nvcc, headers), which torch's wheels do not include; "
            "torch.utils.cpp_extension looks for it through CUDA_HOME, then nvcc on PATH, then /usr/local/cuda.",
            err.evidence(match),
            Fix(
                kind="shell",
                code="export CUDA_HOME=/usr/local/cuda-12.4  # the toolkit matching torch.version.cuda\n"
                "# Windows: set CUDA_HOME=C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v12.4",
                note="Install the toolkit if nvcc --version fails; its major.minor should match torch.version.cuda.",
            ),
            0.95,
        )


@text_rule
def msvc_missing(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_MSVC) or err.search(_CL)
    if match:
        yield _toolchain(
            "The Microsoft C++ compiler (cl.exe) is missing or not on PATH",
            "Building a C++/CUDA extension on Windows needs MSVC from the Visual Studio Build Tools; the VC++ "
            "redistributable is only the runtime and does not include the compiler.",
            err.evidence(match),
            Fix(
                kind="manual",
                code=f"Install 'Desktop development with C++' from {_VS_BUILD_TOOLS}, then build from the "
                "'x64 Native Tools Command Prompt for VS' (it puts cl.exe on PATH).",
                note="Or install a prebuilt wheel of the package instead of building it.",
            ),
            0.95 if match.re is _MSVC else 0.85,
        )


@text_rule
def nvcc_problem(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_CUDA_MISMATCH) or err.search(_NVCC)
    if not match:
        return
    if match.re is _CUDA_MISMATCH:
        title = f"nvcc is CUDA {match.group(1)} but torch was built with CUDA {match.group(2)}"
        why = "Extensions must be compiled with the CUDA major version torch was built with."
    else:
        title = "nvcc is missing or cannot use this host compiler"
        why = "The CUDA compiler is not installed/on PATH, or the gcc version is newer than this CUDA toolkit supports."
    yield _toolchain(
        title,
        why,
        err.evidence(match),
        Fix(
            kind="shell",
            code='nvcc --version; python -c "import torch; print(torch.version.cuda)"',
            note="Install the CUDA toolkit matching torch.version.cuda (point CUDA_HOME at it), or a torch built for your toolkit.",
        ),
        0.9,
    )


@text_rule
def compiler_failed(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_GCC_FAILED)
    if match:
        yield _toolchain(
            "Compiling the extension failed",
            "The C++/CUDA compiler stopped with an error; the first 'error:' line above this one names the cause "
            "(missing headers such as Python.h, an unsupported compiler version, or code that needs a newer torch).",
            err.evidence(match),
            Fix(
                kind="shell",
                code="gcc --version; nvcc --version  # compare with the versions the package documents",
                note="On Debian/Ubuntu: sudo apt install build-essential python3-dev. Prefer a prebuilt wheel when one exists.",
            ),
            0.6,
        )


def _toolchain(title: str, explanation: str, line: str, fix: Fix, confidence: float) -> Finding:
    return finding("build_toolchain_missing", title, explanation, [line], fix, confidence)
