"""Linux/macOS shared-library failures: a library not found, an undefined symbol, an old glibc.

Which cause a message means depends on *whose* library failed and *who* loaded it:
``libcudnn.so.8: cannot open`` while torch imports is a missing CUDA library, but
``libtorch_cpu.so: cannot open`` while ``detectron2._C`` imports is an extension built for
another torch (``libtorch_cpu.so`` appeared in torch 1.5; ``libtorch_cuda_cu.so`` was merged
into ``libtorch_cuda.so`` in 1.13). An ``undefined symbol`` in an extension's ``_C`` is that
extension's ABI; one inside ``nvidia/cusparse/lib/libcusparse.so.12`` is an older
``libnvJitLink`` found first on the search path (pytorch/pytorch#111469, #134929).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Finding, Fix
from .fixgen import matching_vision_fix, torch_reinstall_fix
from .registry import finding, text_rule
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


def _who(path: str | None) -> str:
    """'torch', 'vision', 'extension' or 'unknown' for the file that did the loading."""
    if not path:
        return "unknown"
    path = path.replace("\\", "/")
    if _VISION.search(path):
        return "vision"
    if re.search(r"/torch/(?:__init__|_C|_utils_internal|cuda/__init__)\b", path) or path.endswith("/torch/__init__.py"):
        return "torch"
    return "unknown" if "/torch/" in path else "extension"


def _extension_name(path: str | None) -> str | None:
    if not path:
        return None
    match = _EXT_PACKAGE.search(path.replace("\\", "/"))
    return (match.group(1) or match.group(2)) if match else None


def _extension_fix(name: str | None) -> Fix:
    package = name or "<the extension>"
    code = (
        f"pip uninstall -y {package}\n"
        f"pip install --no-cache-dir --no-build-isolation {package}  # or the prebuilt wheel matching your torch + CUDA"
    )
    note = (
        "A compiled extension only loads into the torch release (and CUDA version) it was built against: install "
        "the build made for your torch, or rebuild it from source after removing its old build/ folder and *.so files."
    )
    return Fix(kind="shell", code=code, note=note, restart_kernel=True)


def _extension(err: ErrorText, name: str | None, evidence: list[str], confidence: float) -> Finding:
    label = name or "A compiled extension"
    return finding(
        "extension_abi_mismatch",
        f"{label} was built against a different torch or CUDA",
        f"{label}'s compiled module expects the libraries and C++ symbols of the torch it was built with; the "
        "installed torch differs (another release, C++ ABI or CUDA version).",
        evidence,
        _extension_fix(name),
        confidence,
    )


@text_rule
def shared_object_missing(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_CANNOT_OPEN)
    lib_match = _LIB_BEFORE.search(err.before(match)) if match else None
    if not (match and lib_match):
        return
    lib, evidence = lib_match.group(1), [err.evidence(match)]
    importer = err.importer(match.start())
    who = _who(importer)
    if importer:
        evidence.append(f"loaded while importing {importer}")
    if _DRIVER_LIB.match(lib):
        yield _no_driver(lib, evidence)
    elif _CUDA_LIB.match(lib):
        yield from _cuda_lib_missing(err, lib, who, importer, evidence)
    elif _TORCH_LIB.match(lib):
        yield from _torch_lib_missing(err, lib, who, importer, evidence)


def _no_driver(lib: str, evidence: list[str]) -> Finding:
    return finding(
        "no_driver_or_gpu",
        f"{lib} (part of the NVIDIA driver) cannot be found",
        "libcuda.so.1 and libnvidia-ml.so.1 come with the NVIDIA driver, not with torch: this machine or container has no driver visible.",
        evidence,
        Fix(
            kind="manual",
            code="nvidia-smi  # must list your GPU; in Docker run with --gpus all",
            note="Install the NVIDIA driver, or use the CPU build of torch.",
        ),
        0.8,
    )


def _cuda_lib_missing(err: ErrorText, lib: str, who: str, importer: str | None, evidence: list[str]) -> Iterator[Finding]:
    yield finding(
        "missing_cuda_runtime_lib",
        f"The CUDA library {lib} cannot be found",
        f"{lib} is not on the loader's search path. torch's pip wheels get it from the nvidia-* wheels (installed as "
        "dependencies) and conda builds from cudatoolkit/cuda-runtime; older or custom builds expect a system CUDA in "
        "LD_LIBRARY_PATH.",
        evidence,
        torch_reinstall_fix(err, note="Reinstalling pulls the nvidia-* wheels this torch build needs."),
        0.85,
    )
    if who == "extension":
        yield _extension(err, _extension_name(importer), evidence, 0.55)
    elif who == "vision":
        yield _vision(err, evidence, 0.55)


def _torch_lib_missing(err: ErrorText, lib: str, who: str, importer: str | None, evidence: list[str]) -> Iterator[Finding]:
    if who == "extension":
        yield _extension(err, _extension_name(importer), evidence, 0.85)
        return
    if who == "vision":
        yield _vision(err, evidence, 0.85)
        return
    yield finding(
        "corrupted_install",
        f"torch's own library {lib} is missing",
        f"{lib} ships inside the torch package (torch/lib); when it is missing the install is incomplete or mixed from two versions.",
        evidence,
        torch_reinstall_fix(
            err,
            note="Uninstall first if two torch versions were installed over each other: "
            "pip uninstall -y torch (repeat until none is left).",
        ),
        0.8 if who == "torch" else 0.55,
    )
    if who == "unknown":
        yield _extension(err, None, evidence, 0.45)


def _vision(err: ErrorText, evidence: list[str], confidence: float) -> Finding:
    return finding(
        "torchvision_torch_mismatch",
        "torchvision (or torchaudio) was built for another torch",
        "Its compiled operators link against the torch libraries of the release they were built with.",
        evidence,
        matching_vision_fix(err),
        confidence,
    )


@text_rule
def undefined_symbol(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_UNDEFINED)
    if not match:
        return
    line = err.line_at(match.start())
    path_match = _SO_PATH.search(err.raw_line_at(match.start()))
    path = path_match.group(1).strip("'\"> ") if path_match else ""
    base = re.split(r"[\\/]", path)[-1]
    evidence = [line]
    if _VISION.search(path.replace("\\", "/")):
        yield _vision(err, evidence, 0.9)
    elif "/nvidia/" in path or _CUDA_LIB.match(base):
        yield _cuda_conflict(base, match.group(1), evidence)
    elif _TORCH_LIB.match(base):
        yield _torch_lib_conflict(err, base, evidence)
    else:
        importer = err.importer(match.start())
        yield _extension(err, _extension_name(path) or _extension_name(importer), evidence, 0.85)


def _cuda_conflict(lib: str, symbol: str, evidence: list[str]) -> Finding:
    wanted = "libnvJitLink" if "nvJitLink" in symbol else "a library it depends on"
    return finding(
        "lib_version_conflict",
        f"{lib or 'A CUDA library'} loaded an older {wanted} found first on the search path",
        f"{lib or 'The library'} needs symbol {symbol}, which the copy of {wanted} loaded into the process lacks: an "
        "older copy from LD_LIBRARY_PATH or a system CUDA toolkit (/usr/local/cuda*/lib64, /opt/conda/lib) was "
        "found before the one in the matching nvidia-* wheel.",
        evidence,
        Fix(
            kind="shell",
            code='echo "$LD_LIBRARY_PATH"  # drop CUDA toolkit / conda lib folders from it, e.g.: unset LD_LIBRARY_PATH',
            note='Or put the wheel\'s copy first: export LD_LIBRARY_PATH=$(python -c "import site; print(site.getsitepackages()[0])")'
            "/nvidia/nvjitlink/lib:$LD_LIBRARY_PATH (pytorch/pytorch#111469). Then restart the kernel.",
            restart_kernel=True,
        ),
        0.85,
    )


def _torch_lib_conflict(err: ErrorText, lib: str, evidence: list[str]) -> Finding:
    return finding(
        "lib_version_conflict",
        f"torch's {lib} resolved a symbol against the wrong copy of a library",
        f"{lib} is torch's own library; an undefined symbol in it means a library it links (MKL, a CUDA library, or "
        "libtorch from a second torch install) was loaded from somewhere else first.",
        evidence,
        torch_reinstall_fix(err, note="Also check LD_LIBRARY_PATH / LD_PRELOAD for other MKL, CUDA or libtorch folders."),
        0.7,
    )


@text_rule
def cuda_runtime_not_in_system_path(err: ErrorText) -> Iterator[Finding]:
    """torch/__init__.py's ``_preload_cuda_deps`` when neither the wheel nor a system copy exists."""
    match = err.search(_NOT_IN_SYSTEM_PATH)
    if match:
        yield finding(
            "missing_cuda_runtime_lib",
            f"{match.group(1)} is in no nvidia-* wheel and not on the system path",
            "This torch build loads its CUDA runtime from the nvidia-cuda-runtime wheel (or a system copy); neither is installed.",
            [err.evidence(match)],
            torch_reinstall_fix(err, note="Reinstalling pulls the nvidia-* wheels; pip check lists missing ones."),
            0.9,
        )


@text_rule
def glibc_too_old(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_GLIBC)
    if not match:
        return
    symbol, required_by = match.group(1), match.group(2)
    line = err.evidence(match)
    cxx = not symbol.startswith("GLIBC_")
    yield finding(
        "glibc_libstdcxx_too_old",
        f"The {'C++ runtime (libstdc++)' if cxx else 'C library (glibc)'} loaded is older than {required_by or 'the build'} needs",
        f"{symbol} is missing from the {'libstdc++.so.6' if cxx else 'glibc'} this process loaded. "
        + (
            "Often an environment's own older libstdc++ (conda, an IDE, an old system) is found before a newer one."
            if cxx
            else "glibc comes with the operating system: the wheel was built for a newer Linux."
        ),
        [line],
        _glibc_fix(cxx, line),
        0.9,
    )


def _glibc_fix(cxx: bool, line: str) -> Fix:
    if cxx:
        return Fix(
            kind="conda",
            code="conda install -c conda-forge 'libstdcxx-ng>=12'  # in a conda env; elsewhere use a newer system libstdc++",
            note="If the old copy is inside the environment (…/envs/<name>/lib/libstdc++.so.6) while the system one is newer, "
            "that env copy is the one to update or remove (pytorch/pytorch#87279, #157709). Restart the kernel afterwards.",
            restart_kernel=True,
        )
    return Fix(
        kind="manual",
        code="ldd --version  # the system glibc; use a torch release built for it, or a newer OS / container image",
        note=line,
    )
