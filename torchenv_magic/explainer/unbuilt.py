"""Compiled parts that were never built: the file an import asks for does not exist because its build failed, was
skipped or never ran (as opposed to a built part that does not match torch, shared_libs' and build's readings).

Also CUDA's own headers meeting a newer glibc's, which stops every nvcc build on new distributions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .imports import STDLIB_NAMES, installed_file
from .signals import Signal, extractor, signal
from .text import ErrorText

_FAMILY = ("torch", "torchvision", "torchaudio", "torchtext")

# torch.utils.cpp_extension.load compiles an extension on first use into <build dir>/<name>/<name>.so (torch's
# extensions cache, ~/.cache/torch_extensions/py310_cu117/<name>/, or a package's own build folder) and then loads it:
# that file missing means the build never produced it (turboderp/exllama#148: CUDA development libraries missing;
# yuxumin/PoinTr#8: KNN_CUDA's knn.so, ninja missing). The build's own output says why.
_JIT_SO_MISSING = re.compile(r"([^\s'\"]{0,300})/(\w{1,80})/\2\.so: cannot open shared object file: No such file or directory")


@extractor
def jit_extension_never_built(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_JIT_SO_MISSING)
    if not match or match.group(2) in _FAMILY:
        return
    name, folder = match.group(2), f"{match.group(1)}/{match.group(2)}/"
    said = f"{name}.so, which is compiled on first use into {folder}, does not exist: that build did not finish"
    yield signal("build_toolchain_missing", 0.75, [err.evidence(match), said], kind="jit_not_built", extension=name, folder=folder)


# A project's own file importing its compiled part, which is not there: `from core.nn import _C` failing with the bare
# "cannot import name '_C'" (Tramac/awesome-semantic-segmentation-pytorch#25: `python setup.py build develop` had not
# been run), or a compiled op module by its usual name ("No module named 'ops.voxel_op'": zhulf0804/PointPillars#3).
# A checkout named like an installed package is source_tree's reading (run from the checkout instead of the install).
_BARE_COMPILED_NAME = re.compile(r"^ImportError: cannot import name '?(_C|_ext|_cuda|_cpp)'?\s{0,4}$", re.M)
_OWN_COMPILED_IMPORT = re.compile(r"^\s{0,12}from ([A-Za-z_][\w.]{0,120}) import (?:_C|_ext|_cuda|_cpp)\b", re.M)
_COMPILED_OP_MISSING = re.compile(r"No module named '((?:[A-Za-z_]\w{0,60}\.){1,6})(\w{1,60}_(?:op|ops|cuda|ext|cpp|kernels?))'")


@extractor
def projects_compiled_part_never_built(err: ErrorText) -> Iterator[Signal]:
    bare = err.search_last(_BARE_COMPILED_NAME)
    own_line = _own_compiled_import(err, bare) if bare else None
    if bare and own_line:
        said = f"the project's own `{own_line.group(0).strip()}` found no compiled {bare.group(1)}: it was never built"
        yield signal("build_toolchain_missing", 0.6, [err.evidence(bare), said], kind="never_built", extension=own_line.group(1))
        return
    op = err.search(_COMPILED_OP_MISSING)
    frames = err.frames_before(op.start()) if op else []
    top = op.group(1).split(".")[0] if op else ""
    if op and top not in _FAMILY and top not in STDLIB_NAMES and not (frames and installed_file(frames[-1])):
        module = op.group(1) + op.group(2)
        said = f"{module} is named like a compiled op module, which the project builds from its sources"
        yield signal("build_toolchain_missing", 0.55, [err.evidence(op), said], kind="never_built", extension=module)


def _own_compiled_import(err: ErrorText, bare: re.Match[str]) -> re.Match[str] | None:
    """The `from P import _C` line of the project's own file (not installed, not torch's) right above ``bare``."""
    frames = err.frames_before(bare.start())
    if not frames or installed_file(frames[-1]):
        return None
    line = _OWN_COMPILED_IMPORT.search(err.text, err.text.rfind(frames[-1], 0, bare.start()), bare.start())
    return line if line and line.group(1).split(".")[0] not in _FAMILY else None


# glibc 2.41 declares C23's cospi/sinpi/rsqrt with noexcept; the crt/math_functions.h of CUDA 12.9 and older declares
# them without, so nvcc's host pass stops on any .cu file (thu-ml/SageAttention#240 on Fedora 42, NVIDIA/nccl#1700 on
# Ubuntu 25.04, NVIDIA/cuda-samples#378 with CUDA 12.9; opencv/opencv#27111 quotes NVIDIA's forum patch, which adds the
# noexcept to CUDA's declarations; JustVugg/colibri PR 630: CUDA 12.9 and older clash).
_GLIBC_C23_MATH = re.compile(
    r"exception specification is incompatible with that of previous function \"(cospi|sinpi|rsqrt)f?\""
    r"\s{0,4}\(declared at line \d{1,6} of\s{0,4}[^)\n]{0,300}crt/math_functions\.h\)"
)


@extractor
def cuda_headers_older_than_glibc(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_GLIBC_C23_MATH)
    if match:
        said = "glibc 2.41+ declares cospi/sinpi/rsqrt noexcept; CUDA 12.9's and older headers declare them without"
        yield signal("build_toolchain_missing", 0.9, [err.evidence(match), said], kind="glibc_c23_math")
