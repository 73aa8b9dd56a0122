"""Linux/macOS shared-library failures: a library not found, an undefined symbol, an old glibc.

Which cause a message means depends on *whose* library failed and *who* loaded it:
``libcudnn.so.8: cannot open`` while torch imports is a missing CUDA library, but
``libtorch_cpu.so: cannot open`` while ``detectron2._C`` imports is an extension built for
another torch (``libtorch_cpu.so`` appeared in torch 1.5; ``libtorch_cuda_cu.so`` was merged
into ``libtorch_cuda.so`` in 1.13). An ``undefined symbol`` in an extension's ``_C`` is that
extension's ABI; one inside ``nvidia/cusparse/lib/libcusparse.so.12`` is an older
``libnvJitLink`` found first on the search path (pytorch/pytorch#111469, #134929).

The extractors emit signals for several causes; ``loader`` in a signal's detail says whose
file did the loading: 'torch', 'vision' (torchvision/torchaudio), 'extension' or 'unknown'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
from .text import ErrorText

_CANNOT_OPEN = re.compile(r": cannot open shared object file")
_LIB_BEFORE = re.compile(r"([\w.+-]{1,120}\.so(?:\.\w{1,12}){0,4})$")
_UNDEFINED = re.compile(r"undefined symbol: ?([^\s,]{1,300})")
_SO_PATH = re.compile(r"(\S{0,400}?\.so(?:\.\w{1,12}){0,4})\s{0,2}:\s{0,2}undefined symbol")
_NOT_IN_SYSTEM_PATH = re.compile(r"(lib[\w]{1,40}\.so\.\*\[0-9\]) not found in the system path")
_GLIBC = re.compile(r"version [`'‘]?(GLIBC(?:XX)?_[\d.]{1,12}|CXXABI_[\d.]{1,12})[`'’]? not found(?: \(required by ([^)\n]{1,400})\))?")
_CUDA_LIB = re.compile(
    r"^lib(cudart|cudnn\w{0,30}|cublas(?:Lt)?|cufft\w{0,4}|curand|cusparse(?:Lt)?|cusolver\w{0,4}|nccl|nvrtc\w{0,10}"
    r"|nvToolsExt|cupti|nvJitLink|cufile|nvshmem\w{0,10}|cudss|nvperf\w{0,10})\b",
    re.I,
)
_DRIVER_LIB = re.compile(r"^lib(cuda|nvidia-ml)\.so", re.I)
_TORCH_LIB = re.compile(r"^lib(torch\w{0,20}|c10\w{0,10}|shm|caffe2\w{0,30})\.so", re.I)
_VISION = re.compile(r"/(torchvision|torchaudio|torchtext)/")
_EXT_PACKAGE = re.compile(r"/(?:site-packages|dist-packages)/([A-Za-z_][\w]{0,60})/|/([A-Za-z_][\w]{0,60})/_C[.\w-]{0,60}\.so")


def loader_of(path: str | None) -> str:
    """'torch', 'vision', 'extension' or 'unknown' for the file that did the loading."""
    if not path:
        return "unknown"
    path = path.replace("\\", "/")
    if _VISION.search(path):
        return "vision"
    if re.search(r"/torch/(?:__init__|_C|_utils_internal|cuda/__init__)\b", path) or path.endswith("/torch/__init__.py"):
        return "torch"
    return "unknown" if "/torch/" in path else "extension"


def extension_name(path: str | None) -> str | None:
    """The package a compiled extension belongs to ('detectron2'), from a path in the text."""
    if not path:
        return None
    match = _EXT_PACKAGE.search(path.replace("\\", "/"))
    return (match.group(1) or match.group(2)) if match else None


def _vision_package(path: str | None) -> str:
    match = _VISION.search((path or "").replace("\\", "/"))
    return match.group(1) if match else "torchvision"


@extractor
def shared_object_missing(err: ErrorText) -> Iterator[Signal]:
    """``libX.so: cannot open shared object file``: whose library, loaded by whom."""
    match = err.search(_CANNOT_OPEN)
    lib_match = _LIB_BEFORE.search(err.before(match)) if match else None
    if not (match and lib_match):
        return
    lib, evidence = lib_match.group(1), [err.evidence(match)]
    importer = err.importer(match.start())
    loader = loader_of(importer)
    if importer:
        evidence.append(f"loaded while importing {importer}")
    if _DRIVER_LIB.match(lib):
        yield signal("no_driver_or_gpu", 0.8, evidence, library=lib)
    elif _CUDA_LIB.match(lib):
        yield from _cuda_lib_missing(lib, loader, importer, evidence)
    elif _TORCH_LIB.match(lib):
        yield from _torch_lib_missing(lib, loader, importer, evidence)


def _cuda_lib_missing(lib: str, loader: str, importer: str | None, evidence: list[str]) -> Iterator[Signal]:
    yield signal("missing_cuda_runtime_lib", 0.85, evidence, library=lib, loader=loader)
    if loader == "extension":
        yield signal("extension_abi_mismatch", 0.55, evidence, extension=extension_name(importer), library=lib)
    elif loader == "vision":
        yield signal("torchvision_torch_mismatch", 0.55, evidence, package=_vision_package(importer), library=lib)


def _torch_lib_missing(lib: str, loader: str, importer: str | None, evidence: list[str]) -> Iterator[Signal]:
    if loader == "extension":
        yield signal("extension_abi_mismatch", 0.85, evidence, extension=extension_name(importer), library=lib)
    elif loader == "vision":
        yield signal("torchvision_torch_mismatch", 0.85, evidence, package=_vision_package(importer), library=lib)
    else:
        yield signal("corrupted_install", 0.8 if loader == "torch" else 0.55, evidence, library=lib, package="torch")
        if loader == "unknown":
            yield signal("extension_abi_mismatch", 0.45, evidence, extension=None, library=lib)


@extractor
def undefined_symbol(err: ErrorText) -> Iterator[Signal]:
    """``<file>.so: undefined symbol: X``: the file's owner says whose ABI broke."""
    match = err.search(_UNDEFINED)
    if not match:
        return
    symbol = match.group(1)
    path_match = _SO_PATH.search(err.raw_line_at(match.start()))
    path = path_match.group(1).strip("'\"> ") if path_match else ""
    base = re.split(r"[\\/]", path)[-1]
    evidence = [err.line_at(match.start())]
    if _VISION.search(path.replace("\\", "/")):
        yield signal("torchvision_torch_mismatch", 0.9, evidence, package=_vision_package(path), library=base, symbol=symbol)
    elif "/nvidia/" in path or _CUDA_LIB.match(base):
        yield signal("lib_version_conflict", 0.85, evidence, library=base or None, symbol=symbol, owner="cuda")
    elif _TORCH_LIB.match(base):
        yield signal("lib_version_conflict", 0.7, evidence, library=base, symbol=symbol, owner="torch")
    else:
        name = extension_name(path) or extension_name(err.importer(match.start()))
        yield signal("extension_abi_mismatch", 0.85, evidence, extension=name, library=base or None, symbol=symbol)


@extractor
def cuda_runtime_not_in_system_path(err: ErrorText) -> Iterator[Signal]:
    """torch/__init__.py's ``_preload_cuda_deps`` when neither the wheel nor a system copy exists."""
    match = err.search(_NOT_IN_SYSTEM_PATH)
    if match:
        yield signal("missing_cuda_runtime_lib", 0.9, [err.evidence(match)], library=match.group(1), loader="torch")


@extractor
def glibc_too_old(err: ErrorText) -> Iterator[Signal]:
    """``version `GLIBCXX_3.4.30' not found (required by ...)``: ``runtime`` is 'libstdc++' or 'glibc'."""
    match = err.search(_GLIBC)
    if match:
        symbol, required_by = match.group(1), match.group(2)
        runtime = "glibc" if symbol.startswith("GLIBC_") else "libstdc++"
        yield signal("glibc_libstdcxx_too_old", 0.9, [err.evidence(match)], symbol=symbol, required_by=required_by, runtime=runtime)
