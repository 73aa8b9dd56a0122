"""Native libraries: a CUDA library that cannot be found (missing_cuda_runtime_lib), an
incompatible copy of a library found first (lib_version_conflict), a C/C++ runtime older
than the build (glibc_libstdcxx_too_old).

The error text's signals (explainer/shared_libs.py, explainer/windows_dll.py) name the
library; the facts say what to install: the nvidia-* wheels torch requires (``cuda_wheels``
probe), LD_LIBRARY_PATH (``environment``), the running C library and the kind of
environment (``python``). A pasted text only comes with what the user stated.
"""

from __future__ import annotations

import ntpath
import posixpath
import re
import shlex
from collections.abc import Iterator
from typing import Any

from .. import compat, versions
from ..explainer.signals import Signal, evidence_of
from ..fixes import index_for_variant, release_pin, shell_path
from ..model import Finding, Fix
from ..probes.cuda_wheels import package_base, package_for_library
from . import Context, rule
from .feasible import conda_env, conda_install
from .runtimes import foreign_runtime, loaded_too_late, mkl_release, older_runtime

# --- missing_cuda_runtime_lib ------------------------------------------------------------


@rule
def missing_cuda_runtime_lib(ctx: Context) -> Iterator[Finding]:
    cuda = ctx.fact("cuda_wheels")
    signals = ctx.signals("missing_cuda_runtime_lib")
    if signals:
        yield _named_library(ctx, signals, cuda)
        return
    for entry in cuda.get("missing") or []:
        yield _missing_wheel(ctx, None, str(entry["name"]), cuda, [])


def _named_library(ctx: Context, signals: list[Signal], cuda: dict[str, Any]) -> Finding:
    """The error names the library: its wheel when torch requires one, else torch's own build."""
    top = signals[0]
    if top.get("kind") == "driver_link":
        return _driver_link_finding(signals)
    if top.get("kind") == "package_cuda_build":
        return _package_cuda_build_finding(ctx, signals)
    if top.get("kind") == "system_cuda_for_package":
        return _system_cuda_for_package_finding(signals)
    if top.get("loader") == "ctranslate2" and (found := _ctranslate2_finding(ctx, signals)) is not None:
        return found
    if top.get("loader") == "bitsandbytes":
        return _bitsandbytes_search_finding(ctx, signals)
    if top.get("loader") in _FRAMEWORKS:
        return _framework_finding(ctx, signals, _FRAMEWORKS[str(top.get("loader"))])
    if top.get("loader") == "ldd":
        return _listed_by_ldd_finding(str(top.get("library")), signals)
    library = str(top.get("library") or "")
    if top.get("asked_by") and not _windows_library(ctx, library):
        return _torch_library_for_another_package(ctx, library, str(top.get("asked_by")), signals)
    package = package_for_library(library) if library else None
    name = _required_name(package, cuda) if package else None
    if name and name in (cuda.get("required") or {}):
        return _missing_wheel(ctx, library, name, cuda, evidence_of(signals), top.confidence)
    return _library_not_found(ctx, library, signals)


def _missing_wheel(
    ctx: Context, library: str | None, name: str, cuda: dict[str, Any], evidence: list[str], confidence: float = 0.0
) -> Finding:
    missing = {entry["name"]: entry for entry in cuda.get("missing") or []}
    entry = missing.get(name) or {}
    system_copy = bool(entry.get("in_loader_cache")) and library is None
    libs = library or ", ".join(f"{lib}.so" for lib in entry.get("libs") or []) or "its libraries"
    requirement = (cuda.get("required") or {}).get(name, name)
    evidence = [
        *evidence,
        f"cuda_wheels probe: {name} is {'not installed' if name in missing else 'installed, yet its library was not found'}",
    ]
    evidence.append(f"cuda_wheels probe: torch requires {requirement} (its metadata)")
    if system_copy:
        evidence.append("cuda_wheels probe: the system loader cache has a copy, which torch uses instead (its version may differ)")
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="warning" if system_copy else "error",
        title=f"CUDA library {libs} is missing: the {name} wheel is {'not installed' if name in missing else 'incomplete'}",
        explanation=(
            f"This CUDA build of torch loads {libs} from the {name} wheel, which pip installs with torch. "
            "It was uninstalled (or the install was cut short), so `import torch` cannot load it. "
            "Install the exact version torch asks for."
        ),
        evidence=evidence,
        fix=ctx.install([requirement], reinstall=name not in missing, restart_kernel=True),
        confidence=max(confidence, 0.9 if library or not system_copy else 0.5),
    )


# The CUDA libraries CTranslate2 (faster-whisper, whisperX) opens itself, by name and major version: cuBLAS and cuDNN,
# which it does not take from torch. The nvidia-* wheels bring them; CTranslate2 finds them once their folders are on the
# loader's path (SYSTRAN/faster-whisper README, "GPU": pip install nvidia-cublas-cu12 nvidia-cudnn-cu12==9.* and the
# LD_LIBRARY_PATH line below). Each name was resolved with pip install --dry-run --report on 2026-12-03 (nvidia-cublas-cu11
# 11.11.3.6, nvidia-cublas-cu12 12.9.3.13, nvidia-cudnn-cu12 9.5.1.17 on Linux).
_CT2_WHEELS = {"cublas": "nvidia-cublas-cu{cuda}", "cudnn": "nvidia-cudnn-cu12==9.*"}
_CT2_NAME = re.compile(r"^(?:lib)?(cublas|cudnn)\w{0,30}?(?:64_(\d{1,2})\.dll|\.so\.(\d{1,2}))", re.I)


def _ctranslate2_finding(ctx: Context, signals: list[Signal]) -> Finding | None:
    """A CUDA library CTranslate2 opens itself (explainer/windows_dll.py): its nvidia-* wheel, and its folder on the path."""
    library = str(signals[0].get("library") or "")
    named = _CT2_NAME.match(library)
    if named is None:
        return None
    module, major = named.group(1).lower(), named.group(2) or named.group(3)
    if module == "cudnn" and major != "9":
        return None  # cuDNN 8's wheels are not what faster-whisper's instructions name
    requirement = _CT2_WHEELS[module].format(cuda=major)
    windows = _windows_library(ctx, library)
    where = nvidia_folder_code(library)
    if windows:
        code = f'python -m pip install "{requirement}"\npython -c "{where}"'
        note = "Add the folder the second line prints to PATH (or copy its DLLs beside the program), then start it again."
    else:
        code = f'python -m pip install "{requirement}"\nexport LD_LIBRARY_PATH="$(python -c "{where}"):$LD_LIBRARY_PATH"'
        note = "Run both in the shell that starts the program, then start it again (in a notebook, set the path before Python starts)."
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="error",
        title=f"CTranslate2 cannot load {library}: that CUDA library is not where it looks",
        explanation=(
            "CTranslate2 (the engine of faster-whisper and whisperX) opens cuBLAS and cuDNN itself, by name and major "
            f"version, from the loader's path; it does not use torch's copies. {library} is not on that path: the "
            "nvidia-* wheel that provides it is not installed, or its folder is not on the path."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(kind="shell", code=code, note=note, restart_kernel=True),
        confidence=signals[0].confidence,
    )


def _windows_library(ctx: Context, library: str) -> bool:
    """The library is a Windows DLL: the text's platform says so, or its name does."""
    return ctx.platform == "windows" or library.lower().endswith(".dll")


# Frameworks that open CUDA's libraries themselves, by the names their build was made for (not torch's copies):
# their name, the install that fits a CUDA release, and how to get that release's libraries. TensorFlow's CUDA
# libraries as pip wheels on Linux from 2.14 (tensorflow.org/install/pip, `pip install tensorflow[and-cuda]`;
# rstudio/tensorflow's v2.14.0 release notes: "install the required Nvidia CUDA runtime as a pip package if on Linux").
_FRAMEWORKS: dict[str, tuple[str, str, str]] = {
    "paddle": (
        "PaddlePaddle",
        "this paddlepaddle-gpu build",
        "Install the paddlepaddle-gpu build made for the CUDA and cuDNN installed here (PaddlePaddle's install page "
        "lists a build per CUDA release), or install the CUDA and cuDNN release this build needs",
    ),
    # The CUDA and cuDNN each onnxruntime-gpu release was built with: onnxruntime.ai/docs/execution-providers/
    # CUDA-ExecutionProvider.html, "Requirements".
    "onnxruntime": (
        "ONNX Runtime",
        "this onnxruntime-gpu release",
        "Install the CUDA and cuDNN releases this onnxruntime-gpu release was built with (the Requirements table of ONNX "
        "Runtime's CUDA Execution Provider page lists them per release), or an onnxruntime-gpu release built for the CUDA "
        "installed here",
    ),
    # JAX's installation page: `pip install -U "jax[cuda12]"` installs jaxlib with NVIDIA's CUDA and cuDNN wheels of
    # the releases it was built with.
    "jax": (
        "JAX",
        "this jaxlib release",
        'Install jax with the CUDA extra of its release, which brings NVIDIA\'s CUDA and cuDNN wheels made for it (pip '
        'install -U "jax[cuda12]" on JAX\'s installation page), or a cuDNN at least as new as the one jaxlib was built '
        "against where CUDA comes from the system",
    ),
    # Each CuPy wheel is built for one CUDA release and named for it (cupy-cuda102; cupy-cuda11x and cupy-cuda12x from
    # CuPy 10 and 12): docs.cupy.dev/en/stable/install.html, "Installing CuPy from PyPI". From CuPy 14,
    # pip install "cupy-cuda13x[ctk]" brings the CUDA components as wheels too (its PyPI description).
    "cupy": (
        "CuPy",
        "this CuPy package",
        "Install the CuPy package built for the CUDA installed here (pip install cupy-cuda12x for CUDA 12, cupy-cuda11x for "
        "CUDA 11: CuPy's installation page lists one per CUDA release) after uninstalling this one, or install the CUDA "
        "toolkit release this package was built for",
    ),
    # MXNet's GPU wheels are one distribution per CUDA release (mxnet-cu90, mxnet-cu102, mxnet-cu112: "This version uses
    # CUDA-9.2" on pypi.org/project/mxnet-cu92).
    "mxnet": (
        "MXNet",
        "this mxnet-cuXX package",
        "Install the mxnet-cuXX package named for the CUDA installed here (mxnet-cu102 for CUDA 10.2, mxnet-cu112 for CUDA "
        "11.2) after uninstalling this one, or install the CUDA toolkit release this package was built for",
    ),
    "tensorflow": (
        "TensorFlow",
        "this TensorFlow release",
        "Install the CUDA and cuDNN releases this TensorFlow release was built with (TensorFlow's 'tested build "
        "configurations' table lists them; on Linux, pip install tensorflow[and-cuda] brings them as wheels from 2.14 on), "
        "or a TensorFlow release built for the CUDA installed here",
    ),
}


def _bitsandbytes_search_finding(ctx: Context, signals: list[Signal]) -> Finding:
    """bitsandbytes before 0.43 searching the loader's paths for libcudart.so itself, and finding none."""
    # Its CUDA setup looked for the runtime in the environment's folders and LD_LIBRARY_PATH and asked it for its version
    # (tloen/alpaca-lora#46, bitsandbytes 0.37: "libcudart.so path is None"). 0.43.0's cuda_setup/main.py (read in its
    # manylinux wheel) takes the version from torch.version.cuda (get_cuda_version) and only logs the runtime it finds.
    note = (
        "Releases from 0.43.0 load the library made for torch's own CUDA and need no libcudart.so on the path. "
        "Restart the kernel afterwards."
    )
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="error",
        title="bitsandbytes found no CUDA runtime (libcudart.so) in the folders it searched",
        explanation=(
            "This bitsandbytes release searches the environment's folders and LD_LIBRARY_PATH for libcudart.so itself, "
            "and found none: pip's torch keeps its CUDA runtime inside its own wheels, under other names, where that "
            "search does not look. Without it, bitsandbytes loads its CPU-only library and its GPU functions fail."
        ),
        evidence=evidence_of(signals)[:6],
        fix=ctx.install(["bitsandbytes>=0.43.0"], restart_kernel=True, note=note),
        confidence=signals[0].confidence,
    )


def _framework_finding(ctx: Context, signals: list[Signal], framework: tuple[str, str, str]) -> Finding:
    """A CUDA library another framework opens itself (explainer/windows_dll.py): the CUDA its build needs, on the path."""
    name, build, install = framework
    library = str(signals[0].get("library"))
    path = _library_path_variable(ctx, library)
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="error",
        title=f"{name} cannot load {library}",
        explanation=(
            f"{name} opens CUDA's libraries itself, by the names its build was made for, from the loader's path; it "
            f"does not use torch's copies. {library} is not found there: the CUDA or cuDNN it needs is not installed, is "
            f"another version than {build} was made for, or its folder is not on {path}."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="manual",
            code=f"{install}; then put the folder holding {library} on {path} and start Python again.",
            note="The library's name carries the version the build asks for (cudnn64_7.dll is cuDNN 7, cublas64_11.dll CUDA 11)."
            + (_MACOS_SIP if path == "DYLD_LIBRARY_PATH" else ""),
        ),
        confidence=signals[0].confidence,
    )


# macOS's System Integrity Protection strips DYLD_* variables from programs started through protected ones (/usr/bin's
# shells and python): tensorflow/tensorflow#6729, where CUDA 8's libcudart.8.0.dylib was in /usr/local/cuda/lib and
# DYLD_LIBRARY_PATH was set, was fixed by the reporter disabling SIP.
_MACOS_SIP = (
    " On macOS, System Integrity Protection drops DYLD_LIBRARY_PATH for programs started through the system's own "
    "shells and Python: set it where the Python that runs the code is started, or link the library into a folder the "
    "library's own search path (its @rpath) names."
)


def _library_path_variable(ctx: Context, library: str) -> str:
    """The variable the platform's loader searches: PATH for a DLL, DYLD_LIBRARY_PATH on macOS, else LD_LIBRARY_PATH."""
    if _windows_library(ctx, library):
        return "PATH"
    return "DYLD_LIBRARY_PATH" if ctx.platform == "macos" or library.endswith(".dylib") else "LD_LIBRARY_PATH"


def _driver_link_finding(signals: list[Signal]) -> Finding:
    """The driver's libcuda.so asked for by its bare name (explainer/shared_libs.py)."""
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="error",
        title="The NVIDIA driver's libcuda.so is not found under that name",
        explanation=(
            "Code that opens the driver's library itself asks for the bare name libcuda.so. A driver installs "
            "libcuda.so.1; the bare name is a link that the loader finds only where the driver's folder is in its cache "
            "or search path. Under WSL the driver's libraries live in /usr/lib/wsl/lib, which the loader knows only "
            "after ldconfig has read it. Where nvidia-smi fails, the driver itself is missing."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="shell",
            code="sudo ldconfig",
            note="Under WSL, if it is still not found: export LD_LIBRARY_PATH=/usr/lib/wsl/lib:$LD_LIBRARY_PATH in the "
            "shell that starts Python. Then restart Python (or the kernel).",
            restart_kernel=True,
        ),
        confidence=max(item.confidence for item in signals),
    )


def _package_cuda_build_finding(ctx: Context, signals: list[Signal]) -> Finding:
    """Another package's CUDA build of its own DLL, found, with a CUDA DLL it links not found: not torch's to reinstall."""
    top = signals[0]
    library, package = str(top.get("library") or "its DLL"), str(top.get("package") or "the package")
    extra = compat.cuda_extra(package)
    if extra:
        fix = ctx.install([extra], note=f"{extra} adds the NVIDIA CUDA runtime and cuBLAS wheels its CUDA build loads.")
    else:
        fix = Fix(
            kind="manual",
            code=f"Install the CUDA Toolkit release {package}'s CUDA build was made for (its install notes name it) and "
            "make sure its bin folder is on PATH, or install the CPU build of the package instead.",
        )
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="error",
        title=f"{package}'s CUDA build ({library}) cannot find the CUDA libraries it links",
        explanation=f"{library} is the CUDA build of {package}'s own library (its folder says so). Windows could not load "
        "it: most often a DLL it links, CUDA's runtime or cuBLAS, is neither installed for it nor on the DLL search "
        "path. Such a package takes them from NVIDIA's CUDA wheels or from the CUDA Toolkit, not from torch's copies in "
        "torch\\lib.",
        evidence=evidence_of(signals),
        fix=fix,
        confidence=top.confidence,
    )


# A Linux library's name as far as its major version: the loader and CTranslate2 name a release's full version
# (libcudnn_cnn.so.9.1.0) where the wheel holds the major version's file (nvidia-cudnn-cu12's lib/libcudnn_cnn.so.9).
_SONAME_MAJOR = re.compile(r"^(.+?\.so(?:\.\d{1,4})?)(?:\.\d{1,4}){0,3}$")


def nvidia_folder_code(library: str) -> str:
    """Python that prints the folder of the nvidia-* wheel holding ``library``, found by the library's name whatever the
    wheel's layout (nvidia/cuda_runtime/lib in CUDA 11 and 12 wheels, nvidia/cu13/lib in CUDA 13's, nvidia/cublas/bin on
    Windows) and whichever site-packages folder holds it (``nvidia`` is a namespace package: its __path__ lists each)."""
    soname = _SONAME_MAJOR.match(library)
    pattern = f"{soname.group(1)}*" if soname else library
    return (
        "import glob, os, nvidia; print(next(os.path.dirname(f) for p in nvidia.__path__ "
        f"for f in glob.glob(os.path.join(p, '**', '{pattern}'), recursive=True)))"
    )


def _torch_library_for_another_package(ctx: Context, library: str, package: str, signals: list[Signal]) -> Finding:
    """Another package asks for a CUDA library of torch's own CUDA, which torch's pip wheel keeps in an nvidia-* folder:
    torch finds it there (its libraries' rpath), the package does not, unless torch loaded it first. Made here: a library
    needing libnccl.so.2 fails alone, loads after `import torch`, and loads with the wheel's folder on LD_LIBRARY_PATH."""
    where = nvidia_folder_code(library)
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="error",
        title=f"{package} cannot find {library}, which torch's wheel keeps for torch alone",
        explanation=(
            f"{package} was built for the CUDA of the torch installed here and asks the loader for {library}. torch's pip "
            "wheels bring that library in an nvidia-* package and find it through their own search path; the loader does not "
            f"look there for {package}, so it finds it only if torch has already loaded it in the process."
        ),
        evidence=evidence_of(signals) + ctx.torch_evidence(),
        fix=Fix(
            kind="shell",
            code=f'export LD_LIBRARY_PATH="$(python -c "{where}"):$LD_LIBRARY_PATH"',
            note=f"Run it in the shell that starts Python (for a notebook, before its kernel starts). Or import torch before "
            f"{package}: torch's import loads its copy of {library}, which {package} then finds.",
            restart_kernel=True,
        ),
        confidence=signals[0].confidence,
    )


def _library_torch_never_ships(ctx: Context, library: str, signals: list[Signal]) -> Finding:
    release = _release_named(library) or "the CUDA release the package was built for"
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="error",
        title=f"The CUDA library {library} cannot be found, and no torch install brings it",
        explanation=(
            f"{library} is one of NVIDIA's NPP image libraries, part of the CUDA Toolkit. A package built against it (a "
            "video decoder's CUDA path, such as torchcodec's) needs it installed beside torch, whose own CUDA libraries do "
            "not include it; reinstalling torch cannot help."
        ),
        evidence=evidence_of(signals) + ctx.torch_evidence(),
        fix=Fix(
            kind="manual",
            code=f"Install NVIDIA NPP of {release} (the CUDA Toolkit's libnpp libraries, from NVIDIA's toolkit installer or "
            f"its libnpp package), then make the folder that holds {library} visible to the loader "
            f"({_library_path_variable(ctx, library)}) in the shell that starts Python.",
            note="A notebook's kernel reads the loader's path when it starts: restart it afterwards.",
            restart_kernel=True,
        ),
        confidence=signals[0].confidence,
    )


def _library_not_found(ctx: Context, library: str, signals: list[Signal]) -> Finding:
    """No wheel of this torch ships the library (an older torch, a conda or custom build, a
    DLL): reinstalling the torch build brings the copy it was built with."""
    if compat.cuda_library_no_torch_ships(library):  # NPP: reinstalling torch cannot bring it
        return _library_torch_never_ships(ctx, library, signals)
    builtins = _NVRTC_BUILTINS_NAME.match(library)
    libtorch = bool(ctx.dist("libtorch")) or any(item.get("libtorch") for item in signals)
    if builtins and (libtorch or compat.nvrtc_builtins_unversioned(ctx.torch_version)):
        return _nvrtc_builtins_unversioned(ctx, library, signals, libtorch)
    windows = library.lower().endswith(".dll")
    why = (
        "torch's CUDA DLLs are in torch\\lib, but one of them, or a DLL it needs (the NVIDIA driver's nvcuda.dll, "
        "zlibwapi.dll for some cuDNN 8 builds), is missing or incomplete; a separate cuDNN or CUDA on PATH can shadow them."
        if windows
        else f"{library} is not on the loader's search path. torch's pip wheels get it from the nvidia-* wheels (installed "
        "as dependencies) and conda builds from cudatoolkit/cuda-runtime; older or custom builds expect a system CUDA "
        "in LD_LIBRARY_PATH."
    )
    evidence = evidence_of(signals) + ctx.torch_evidence()
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="error",
        title=f"The CUDA library {library or 'torch needs'} cannot be found",
        explanation=why,
        evidence=evidence,
        fix=(_windows_cuda_build_fix(ctx, library) if windows else None)
        or torch_reinstall(ctx, note="Reinstalling the torch build brings the CUDA libraries it was built with."),
        confidence=signals[0].confidence,
    )


def _windows_cuda_build_fix(ctx: Context, library: str) -> Fix | None:
    """A CUDA DLL named for its release (cublas64_11.dll, cudnn_ops_infer64_8.dll) from a torch of unknown version: the
    newest torch build that brings that release. PyPI's Windows torch is a CPU build (PyPI's files for torch: win_amd64
    wheels without +cu), so a plain reinstall would drop the DLLs, not bring them back."""
    named = _release_named(library)
    if ctx.torch_version or not named:
        return None
    product, number = named.split()
    major = int(number.split(".")[0])
    # Older CUDA and cuDNN releases had no Windows wheels for every torch of theirs; from CUDA 11 and cuDNN 8 they did.
    found = compat.newest_torch_build_with(product, major) if major >= (11 if product == "CUDA" else 8) else None
    if not found:
        return None
    release, cuda = found
    return ctx.install(
        [f"torch=={release}"],
        index_url=compat.wheel_index_url(cuda),
        reinstall=True,
        restart_kernel=True,
        note=f"torch {release} is the newest build that brings {named}'s {library} (its CUDA {cuda} build); PyPI's Windows "
        "torch is a CPU build without it. Where the program pins another torch, install that release from the same index.",
    )


# NVRTC's builtins under the versioned name NVRTC opens on Linux (libnvrtc-builtins.so.11.1).
_NVRTC_BUILTINS_NAME = re.compile(r"^libnvrtc-builtins\.so\.\d{1,3}(?:\.\d{1,3})?$")


def _nvrtc_builtins_unversioned(ctx: Context, library: str, signals: list[Signal], libtorch: bool) -> Finding:
    """The build ships NVRTC's builtins under another name than NVRTC opens (compat.nvrtc_builtins_unversioned cites)."""
    if libtorch:
        fix = Fix(
            kind="manual",
            code=f"In LibTorch's lib folder, link the builtins it ships under the name NVRTC opens: ln -sf "
            f"libnvrtc-builtins-*{library[len('libnvrtc-builtins'):]} {library}",
            note="The hashed file (libnvrtc-builtins-7237cb5d.so.11.7 and the like) is already there; the link adds the name.",
        )
    else:
        python = shell_path(ctx.fact("python").get("executable") or "python")
        folder = f"$({python} -c \"import os, torch; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))\")"
        fix = Fix(
            kind="shell",
            code=f'cd "{folder}" && ln -sf libnvrtc-builtins.so {library}',
            note="A torch whose CUDA libraries come from NVIDIA's nvidia-* wheels (as torch 2.14.1's nvidia-cuda-nvrtc here "
            "ships libnvrtc-builtins.so.13.0 under that name) brings the name itself: upgrading torch is the other way.",
            restart_kernel=True,
        )
    build = "LibTorch's download" if libtorch else f"torch {ctx.torch_version}'s pip wheel"
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="error",
        title=f"{build} ships NVRTC's builtins, but not under the name {library} that NVRTC opens",
        explanation=(
            "NVRTC, the runtime compiler torch uses for fused kernels and JIT code, opens its builtins library by a name "
            "carrying CUDA's version. torch 1.8's CUDA 11.1 wheels ship that file only as libnvrtc-builtins.so, and LibTorch's "
            "downloads under a hashed name, so the file is there and the name is not (pytorch/pytorch#58101, #93134). A link "
            "under the name asked for, beside the file, is enough; reinstalling the same build brings the same names."
        ),
        evidence=evidence_of(signals) + ctx.torch_evidence(),
        fix=fix,
        confidence=signals[0].confidence,
    )


# The version a CUDA library's file name carries: cublas64_13.dll, libcudart.so.12, cudart64_110.dll (11.0).
_VERSION_IN_NAME = re.compile(r"64_(\d{1,3})(?:_\d)?\.dll$|\.so\.(\d{1,3})(?:\.|$)", re.I)
# Whose release that number is. cudart's and (from CUDA 11) cuBLAS's follow CUDA's own (cudart64_110.dll is CUDA 11.0's,
# cublas64_11.dll CUDA 11's), cuDNN's its own; cuFFT, cuRAND, cuSPARSE and cuSOLVER number themselves (cufft64_10.dll
# ships with CUDA 11), so for them the number is only the library's.
# NPP numbers its files by CUDA's major release too (libnppicc.so.13 is CUDA 13's).
# NVRTC's files follow CUDA's numbering too (nvrtc64_70.dll is CUDA 7.0's, nvrtc64_112_0.dll CUDA 11.2's).
_NAMED_RELEASE = (("cudnn", "cuDNN"), ("cudart", "CUDA"), ("cublas", "CUDA"), ("npp", "CUDA"), ("nvrtc", "CUDA"))


def _release_named(library: str) -> str | None:
    """'CUDA 12', 'CUDA 11.0' or 'cuDNN 8' when the file name says which release it belongs to, else None."""
    number = _VERSION_IN_NAME.search(library)
    product = next((product for stem, product in _NAMED_RELEASE if stem in library.lower()), None)
    if not (number and product):
        return None
    digits = number.group(1) or number.group(2)
    if product == "CUDA" and len(digits) == 3:  # cudart64_110.dll, cudart64_101.dll: major and minor
        digits = f"{digits[:2]}.{digits[2]}"
    elif product == "CUDA" and len(digits) == 2 and int(digits) >= 60:  # cudart64_80.dll, nvrtc64_70.dll: before CUDA 10
        digits = f"{digits[0]}.{digits[1]}"
    if product == "CUDA" and int(digits.split(".")[0]) < 11 and "cublas" in library.lower():
        return None  # cuBLAS numbered itself before CUDA 11
    return f"{product} {digits}"


def _system_cuda_for_package_finding(signals: list[Signal]) -> Finding:
    """Another package loading a CUDA DLL of the CUDA it was built for from the search path (explainer/windows_dll.py)."""
    library, package = str(signals[0].get("library")), str(signals[0].get("package"))
    release = _release_named(library)
    cuda = release.split()[-1] if release and release.startswith("CUDA") else None
    toolkit = f"NVIDIA's CUDA toolkit {cuda}" if cuda else "the CUDA toolkit it was built for"
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="error",
        title=f"{package} cannot find CUDA's {library}",
        explanation=(
            f"{package} loads CUDA's DLLs itself, by the names of the CUDA release it was built for, from the folders Windows "
            f"searches (PATH among them). {library} is in none of them: that CUDA toolkit is not installed, or its bin folder "
            "is not on PATH (CUDA_PATH alone is not searched). torch's own copies in torch\\lib are not looked at."
        ),
        evidence=evidence_of(signals),
        fix=Fix(
            kind="manual",
            code=f"Install {toolkit}, then add its bin folder (the one holding {library}, %CUDA_PATH%\\bin) to PATH and start "
            "a new terminal or kernel.",
            note=f"Or install a build of {package} made for the CUDA installed here.",
            restart_kernel=True,
        ),
        confidence=signals[0].confidence,
    )


def _listed_by_ldd_finding(library: str, signals: list[Signal]) -> Finding:
    """ldd (ntldd) lists a CUDA library as not found: the file listed was linked against that library's release."""
    release = _release_named(library)
    built = (
        f"Its name says it is {release}'s, so the file was built against {release}, and no {release} copy of it"
        if release
        else "Its name carries the version of it the file was built against, and no copy of that version"
    )
    if release is None:
        wanted = f"the CUDA release that provides {library} (its toolkit or runtime)"
    elif release.startswith("cuDNN"):
        wanted = f"{release} (NVIDIA's cuDNN download for the CUDA installed)"
    else:
        wanted = f"{release}'s libraries (its CUDA toolkit or runtime)"
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="error",
        title=f"The CUDA library {library} cannot be found",
        explanation=(
            f"ldd (ntldd on Windows) lists the libraries a file was linked against: {library} is found nowhere the loader "
            f"looks. {built} is installed or on the search path (LD_LIBRARY_PATH on Linux, PATH on Windows)."
        ),
        evidence=evidence_of(signals),
        fix=Fix(
            kind="manual",
            code=f"Install a build of that package made for the CUDA libraries installed here, or install {wanted} so "
            f"that {library} is on the loader's search path.",
            note="Run ldd (ntldd) on the same file again afterwards: no line should read 'not found'.",
        ),
        confidence=signals[0].confidence,
    )


def _required_name(package: str, cuda: dict[str, Any]) -> str:
    """The exact distribution name torch requires for this library's package ('-cu13' or not)."""
    for name in cuda.get("required") or {}:
        if package_base(name) == package_base(package):
            return str(name)
    return package


# --- lib_version_conflict ----------------------------------------------------------------


@rule
def lib_version_conflict(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("lib_version_conflict")
    died = aborted_with_openmp_copies(ctx, "lib_version_conflict", signals)
    if died is not None:
        yield died
        return
    signals = [item for item in signals if item.get("kind") != "abort"]  # an abort alone names no library
    if not signals:
        return
    top = signals[0]
    evidence = evidence_of(signals) + _search_path_evidence(ctx)
    if top.get("kind") == "openmp" and top.get("crash"):
        yield _openmp_crash_finding(top, evidence)
    elif top.get("kind") == "openmp":
        yield openmp_finding("lib_version_conflict", top, evidence, ctx=ctx)
    elif top.get("kind") == "cudnn_version":
        yield _cudnn_conflict(top, evidence, _interpreter(ctx), ctx.platform)
    elif top.get("kind") == "bundled_glibc":
        yield _bundled_glibc_part(top, evidence)
    elif top.get("kind") == "env_libstdcxx":
        yield _env_libstdcxx_first(ctx, top, evidence)
    elif top.get("kind") == "cudnn_loaded_first":
        yield _cudnn_loaded_first(top, evidence)
    elif top.get("kind") == "cudnn_release":
        yield _cudnn_release_finding(top, evidence)
    elif top.get("kind") == "mkl_dispatch":
        yield _mkl_dispatch_finding(ctx, top, evidence)
    elif top.get("kind") == "cuda_stub":
        yield _cuda_stub_finding(evidence, top.confidence)
    elif top.get("kind") == "abseil":
        yield _abseil_release_finding(ctx, top, evidence)
    elif top.get("kind") == "third_party":
        yield _third_party_build_finding(top, evidence)
    elif (runtime_finding := _RUNTIME_FINDINGS.get(str(top.get("kind")))) is not None:
        yield runtime_finding(top, evidence)
    elif top.get("owner") == "torch":
        yield _torch_library_conflict(ctx, top, evidence)
    else:
        yield _cuda_library_conflict(top, evidence, _interpreter(ctx), ctx.platform)


def _third_party_build_finding(top: Signal, evidence: list[str]) -> Finding:
    """A package's own library (TensorFlow's, PaddlePaddle's) missing a symbol of a library it links (explainer/shared_libs.py
    cites the reports)."""
    library, namespace, package = top.get("library"), top.get("namespace"), top.get("package") or "TensorFlow"
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"{package}'s {library} needs another build of {namespace} than the one loaded",
        explanation=(
            f"{library} is {package}'s own library, built against {namespace} (a library it links, outside {package}); "
            f"it asks for {top.get('symbol')}, which the copy of {namespace} loaded does not define. That copy is another "
            f"build: a conda environment mixing channels (conda-forge's {package} with another channel's library), or "
            "a folder on LD_LIBRARY_PATH holding another copy."
        ),
        evidence=evidence,
        fix=_rocm_build_fix() if str(namespace).startswith("hip") else _one_channel_fix(str(namespace)),
        confidence=top.confidence,
    )


def _rocm_build_fix() -> Fix:
    # HIP's runtime is ROCm's: a tensorflow-rocm wheel is built for one ROCm release (ROCm/tensorflow-upstream#444).
    return Fix(
        kind="manual",
        code="Install the tensorflow-rocm release built for the ROCm installed here (its release notes name the ROCm of "
        "each), or the ROCm release this wheel was built for.",
        note="cat /opt/rocm/.info/version shows the ROCm installed.",
    )


def _one_channel_fix(namespace: str) -> Fix:
    return Fix(
        kind="manual",
        code="In a conda environment, take every package from one channel: conda config --env --set channel_priority "
        "strict, then conda update --all (or create the environment again from conda-forge alone). Otherwise remove "
        f"from LD_LIBRARY_PATH the folder whose {namespace} library is found first.",
        note="conda list shows each package's channel in its last column.",
    )


def _abseil_release_finding(ctx: Context, top: Signal, evidence: list[str]) -> Finding:
    """A library built against one abseil LTS release, loaded with another (explainer/shared_libs.py cites): its
    distribution updated abseil without rebuilding it, so the packages must come from builds made together."""
    library, lts, path = top.get("library") or "A library", top.get("lts"), str(top.get("path") or "")
    if "/com.termux/" in path:
        note = "Termux rebuilds its packages against its new abseil; upgrading brings those builds."
        fix = Fix(kind="shell", code="pkg upgrade", note=note, restart_kernel=True)
    elif conda_env(ctx):
        # conda-forge names libabseil's versions by the LTS date (libabseil 20240722.0; its repodata patches pin
        # "libabseil 20230125 cxx17*": conda-forge-repodata-patches-feedstock PR 453), so the date is a version spec.
        note = (
            "Brings every package of the environment to builds made against one abseil. If the newest builds still "
            f"disagree, pin libabseil to the release the library names (conda install \"libabseil={lts}\"), and to an "
            "earlier build of it if one build broke it (conda-forge/pytorch-cpu-feedstock#311: libabseil 20240722.0's "
            "build number 1, before the one that dropped a symbol)."
        )
        fix = Fix(kind="conda", code="conda update --all", note=note, restart_kernel=True)
    else:
        code = f"Install {library}'s package again from the same source as abseil, in a build made against the abseil installed now."
        note = "A distribution's package manager does this when it upgrades them together (apt, brew, pkg, conda)."
        fix = Fix(kind="manual", code=code, note=note, restart_kernel=True)
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"{library} was built against abseil LTS {lts}, and another abseil release is loaded",
        explanation=(
            "Abseil's C++ names carry the release they come from (absl::lts_YYYYMMDD), so a library built against one "
            "abseil release finds none of its names in another. The abseil installed was updated, or comes from "
            f"another source, without {library} being rebuilt against it."
        ),
        evidence=evidence,
        fix=fix,
        confidence=top.confidence,
    )


# MKL or OpenMP from another install (rules/runtimes.py).
def _torchcodec_ffmpeg_build(top: Signal, evidence: list[str]) -> Finding:
    """torchcodec's core library for one FFmpeg major missing a function of FFmpeg's: another build of that FFmpeg."""
    library = top.get("library")
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"torchcodec's {library} needs another build of FFmpeg than the one loaded",
        explanation=(
            f"torchcodec ships no FFmpeg: {library} links the FFmpeg libraries (libavcodec, libavutil ...) of one major "
            f"release, found on the system, and asks them for {top.get('symbol')}, which the copy loaded does not define. "
            "That copy is another build of that release (a distribution's or a self-built FFmpeg with parts left out), or "
            "a folder on LD_LIBRARY_PATH holding an older one."
        ),
        evidence=evidence,
        fix=Fix(
            kind="conda",
            code=f'conda install -c conda-forge "{compat.conda_ffmpeg_for_torchcodec()}"',
            note="torchcodec's README installs FFmpeg this way, in the conda environment that runs Python; outside conda, "
            "install your system's FFmpeg package (its shared libraries) and drop other FFmpeg folders from "
            "LD_LIBRARY_PATH. Restart the kernel afterwards.",
            restart_kernel=True,
        ),
        confidence=top.confidence,
    )


def _cuda_releases_mixed(top: Signal, evidence: list[str]) -> Finding:
    """nvJitLink linking what a newer CUDA release's compiler produced (explainer/shared_libs.py cites the report)."""
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title="nvJitLink is older than the CUDA compiler whose output it links: two CUDA releases' libraries are loaded",
        verdict="Libraries of two CUDA releases met in one process: load one release's, the package's own.",
        explanation=(
            "nvJitLink links GPU code that nvrtc or NVVM compiled, and must be at least as new as they are. Here an nvrtc of a "
            "newer CUDA release was loaded beside the package's nvJitLink of an older one: a system CUDA folder found first "
            "(LD_LIBRARY_PATH, the toolkit's lib64) beside the nvidia-* wheels the package was built with."
        ),
        evidence=evidence,
        fix=Fix(
            kind="manual",
            code="Start Python with only the package's own CUDA libraries on the search path: unset LD_LIBRARY_PATH (or drop "
            "the system CUDA folders from it) in the shell that starts it, or install the package's build for the newer CUDA.",
            restart_kernel=True,
        ),
        confidence=top.confidence,
    )


_RUNTIME_FINDINGS = {
    "cuda_libraries_of_two_releases": _cuda_releases_mixed,
    "foreign_runtime": foreign_runtime,
    "torchcodec_ffmpeg": _torchcodec_ffmpeg_build,
    "older_runtime": older_runtime,
    "static_tls": loaded_too_late,
    "mkl_release": mkl_release,
}


def _cudnn_conflict(top: Signal, evidence: list[str], python: str = "python", platform: str | None = None) -> Finding:
    """torch/backends/cudnn checks the cuDNN it loaded against the one it was built with (explainer/shared_libs.py)."""
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"torch was built with cuDNN {top.get('built')} but loaded cuDNN {top.get('found')}, found first on the search path"
        if top.get("built")
        else "cuDNN reports a version mismatch: another cuDNN than torch's own was loaded first",
        explanation=(
            "torch's wheels bring their own cuDNN; another copy (from LD_LIBRARY_PATH, a system or conda cuDNN, or an "
            "older nvidia-cudnn wheel) was loaded before it, and torch refuses it (torch >= 1.12 an older cuDNN, older torch any other)."
        ),
        evidence=evidence,
        fix=_search_path_fix(False, python, platform),
        confidence=top.confidence,
    )


def _mkl_dispatch_finding(ctx: Context, top: Signal, evidence: list[str]) -> Finding:
    """MKL's dispatcher failing to load its CPU kernel library (explainer/shared_libs.py cites): the MKL loaded is not one
    whole release, a conda MKL half-updated or another install's core found first."""
    outside_conda = (
        "Outside conda: take other MKL installs (/opt/intel/mkl, an older conda's lib folder) out of LD_PRELOAD and "
        "LD_LIBRARY_PATH, so that one MKL's files are the ones loaded."
    )
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"MKL could not load {top.get('library')}: the MKL loaded is not one whole release",
        explanation=(
            "At first use MKL's core loads the kernel library for this CPU from its own folder; that library is missing "
            "or of another release, so the MKL in use mixes two installs (a conda MKL updated in part, or another MKL's "
            "core found first on the library path)."
        ),
        evidence=evidence,
        fix=Fix(kind="conda", code="conda install mkl", note="Brings the environment's MKL to one whole release. " + outside_conda,
                restart_kernel=True)
        if conda_env(ctx) is not False
        else Fix(kind="manual", code=outside_conda, restart_kernel=True),
        confidence=top.confidence,
    )  # fmt: skip


def _cudnn_release_finding(top: Signal, evidence: list[str]) -> Finding:
    """A framework's check (TensorFlow 1.x's, PaddlePaddle's) of the cuDNN it loaded against its build's (explainer/shared_libs.py):
    the cuDNN installed is another release, so either that release is installed or a build made for the one here."""
    framework, built, found = top.get("framework"), top.get("built"), top.get("found")
    if not (built and found):
        return _cudnn_release_unknown(top, evidence)
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"{framework} was compiled with cuDNN {built}, but the cuDNN installed is {found}",
        explanation=(
            f"{framework} checks the cuDNN it loads against the one its build was compiled with, and this release of it "
            f"accepts no other minor release. The cuDNN found first (the environment's, the image's or the system's) is "
            f"{found}, not {built}."
        ),
        evidence=evidence,
        fix=Fix(
            kind="manual",
            code=f"Install cuDNN {built} where the loader finds it first (in a conda environment, conda install "
            f"cudnn={built}; in a Docker image, the libcudnn package of {built}; otherwise NVIDIA's cuDNN archive), or "
            f"install a {framework} build made for cuDNN {found}.",
            note="Restart Python afterwards: the cuDNN already loaded stays until the process ends.",
            restart_kernel=True,
        ),
        confidence=top.confidence,
    )


def _cudnn_release_unknown(top: Signal, evidence: list[str]) -> Finding:
    """TensorFlow's cuDNN support did not start and the text names neither release: its build says which one it needs."""
    check = "python -c \"import tensorflow as tf; print(tf.sysconfig.get_build_info().get('cudnn_version'))\""
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title="TensorFlow could not start cuDNN: the cuDNN found is another release than its build's",
        explanation=(
            "TensorFlow checks the cuDNN it loads against the release its build was compiled with and will not use another "
            "minor release; its GPU operations then fail with this message. A cuDNN not found at all would have left it on "
            "the CPU instead."
        ),
        evidence=evidence,
        fix=Fix(
            kind="shell",
            code=check,
            note="It prints the cuDNN release this TensorFlow was built for. Install that release where the loader finds "
            "it first (with conda in a conda environment; the image's libcudnn package in Docker or Colab), or install "
            "the TensorFlow release made for the cuDNN installed; restart Python afterwards.",
            restart_kernel=True,
        ),
        confidence=top.confidence,
    )


def _cudnn_loaded_first(top: Signal, evidence: list[str]) -> Finding:
    """Another framework found an older cuDNN loaded than it was built with (explainer/shared_libs.py): torch's, first."""
    framework = str(top.get("framework"))
    jax = framework == "JAX"
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"{framework} was built with cuDNN {top.get('built')}, and an older cuDNN ({top.get('found')}) was loaded first",
        explanation=(
            "One process holds one cuDNN: whichever library loads it first wins. Beside torch, that is most often "
            f"torch's own nvidia-cudnn wheel, older than the one {framework} was built with, loaded because torch was "
            f"imported first. torch runs with a newer cuDNN of the same major version, so loading {framework}'s first "
            "serves both."
        ),
        evidence=evidence,
        fix=Fix(
            kind="python",
            code="import jax\njax.devices()  # JAX loads its cuDNN first\nimport torch",
            note="Restart the kernel (or Python) and run this before anything imports torch. If the two still need "
            "different major versions of cuDNN, keep them in separate environments.",
            restart_kernel=True,
        )
        if jax
        else Fix(
            kind="manual",
            code="Import JAX or TensorFlow, whichever printed this, and let it start on the GPU (jax.devices(), or "
            "tf.config.list_physical_devices('GPU')) before anything imports torch; or keep torch out of its environment.",
            note="Restart the kernel (or Python) first: the cuDNN already loaded stays until the process ends.",
        ),
        confidence=top.confidence,
    )


def _cuda_stub_finding(evidence: list[str], confidence: float) -> Finding:
    """The CUDA toolkit's stub libcuda.so answered for the driver's (explainer/shared_libs.py)."""
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title="The CUDA toolkit's stub libcuda.so was loaded instead of the NVIDIA driver's",
        explanation=(
            "CUDA toolkits ship a stub libcuda.so in lib64/stubs so that programs can be linked where no driver is "
            "installed; it is never meant to run. Its folder is on the library path (LD_LIBRARY_PATH, often set in a "
            "container image, or the loader's configuration) before the driver's own libcuda.so.1, so CUDA found the "
            "stub and every call fails with error 34."
        ),
        evidence=evidence,
        fix=Fix(
            kind="manual",
            code="Take the toolkit's stubs folder (for example /usr/local/cuda/lib64/stubs) off LD_LIBRARY_PATH and out of "
            "/etc/ld.so.conf.d, then run sudo ldconfig; in a container image, remove it from the image's LD_LIBRARY_PATH "
            "(or delete the stubs folder) and start the container again.",
            note="The driver's own libcuda.so.1 comes from the host driver (in containers, mounted by the NVIDIA Container Toolkit).",
        ),
        confidence=confidence,
    )


def _bundled_glibc_part(top: Signal, evidence: list[str]) -> Finding:
    """A package's own copy of a glibc library (explainer/shared_libs.py, bundled_glibc_part): set it aside."""
    path, library = str(top.get("path")), str(top.get("library"))
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"A bundled copy of glibc's {library} does not match this system's glibc",
        explanation=(
            f"{path} is part of the C library (glibc), shipped inside a package's own folder. glibc's libraries must all "
            "come from one release: they share private symbols (GLIBC_PRIVATE), so this copy fails against the system's "
            "glibc. Moving it aside lets the loader use the system's own library (mlverse/torch#1360)."
        ),
        evidence=evidence,
        fix=Fix(
            # Python, as every rename of this project's fixes is (no !mv and its shell quoting).
            kind="python",
            code=f"from pathlib import Path\ncopy = Path({path!r})\ncopy.rename(copy.with_name(copy.name + '.bak'))",
            note="Then restart the kernel (or the R or Python session). Reinstalling the package brings the copy back.",
            restart_kernel=True,
        ),
        confidence=top.confidence,
    )


def _env_libstdcxx_first(ctx: Context, top: Signal, evidence: list[str]) -> Finding:
    """An environment's older libstdc++ loaded for a system library built against the system's newer one
    (explainer/shared_libs.py, glibc_too_old): the environment's copy is the one to bring up to date."""
    required_by = str(top.get("required_by") or "a system library")
    if top.get("foreign"):
        return _foreign_libstdcxx_finding(top, evidence, required_by)
    if not top.get("system_library", True):  # one of the environment's own libraries asked (explainer/shared_libs.py)
        title = f"An older libstdc++ ({top.get('path')}) was loaded before the one {required_by.rsplit('/', 1)[-1]} needs"
        explanation = (
            f"{required_by} was built against a libstdc++ with {top.get('symbol')}; the copy loaded into the process, "
            "the environment's own, lacks it: that copy is older than the packages installed beside it, or another "
            "package's older copy was loaded first."
        )
    else:
        title = f"The environment's older libstdc++ was loaded for the system's {required_by.rsplit('/', 1)[-1]}"
        explanation = (
            f"{required_by} comes with the operating system and was built against its libstdc++, which has "
            f"{top.get('symbol')}; the process found the environment's own copy ({top.get('path')}) first, and that "
            "copy is older."
        )
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=title,
        explanation=explanation,
        evidence=evidence,
        fix=_libstdcxx_fix(ctx, str(top.get("symbol"))),
        confidence=top.confidence,
    )


def _foreign_libstdcxx_finding(top: Signal, evidence: list[str], required_by: str) -> Finding:
    """Another environment's libstdc++ (a conda Python's, under a venv made from it) loaded for a module of this one:
    that copy is the one to update, in its own environment (explainer/shared_libs.py, _another_environments_copy)."""
    loaded, symbol = str(top.get("path")), str(top.get("symbol"))
    owner = posixpath.normpath(loaded).rsplit("/lib/", 1)[0]
    package = compat.conda_libstdcxx(symbol)
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"Another environment's older libstdc++ ({loaded}) was loaded for {required_by.rsplit('/', 1)[-1]}",
        explanation=(
            f"{required_by} belongs to one environment, but the libstdc++ the process loaded is {owner}'s, which lacks "
            f"{symbol}. A venv made from a conda Python loads that conda's libraries through the interpreter's own library "
            "path (bin/../lib), and a folder on LD_LIBRARY_PATH does the same: their older copy comes first."
        ),
        evidence=evidence,
        fix=Fix(
            kind="conda",
            code=f"conda install -p {shlex.quote(owner)} -c conda-forge {shlex.quote(package)}",
            note=f"Updates the copy in {owner}, the one loaded. Or make the environment from a Python that is not conda's, "
            f"or take {owner}/lib out of LD_LIBRARY_PATH. Restart the kernel afterwards.",
            restart_kernel=True,
        ),
        confidence=top.confidence,
    )


def _interpreter(ctx: Context) -> str:
    """The failing interpreter as a shell word: the kernel's own, not the first python on PATH."""
    executable = None if ctx.stated else ctx.fact("python").get("executable")
    return shell_path(str(executable)) if executable else "python"


def _cuda_library_conflict(top: Signal, evidence: list[str], python: str = "python", platform: str | None = None) -> Finding:
    lib, symbol = top.get("library") or "A CUDA library", str(top.get("symbol") or "")
    nvjitlink = "nvJitLink" in symbol
    wanted = "libnvJitLink" if nvjitlink else "a library it depends on"
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"{lib} loaded an older {'libnvJitLink' if nvjitlink else 'copy of a library it depends on'} found first on the search path",
        explanation=(
            f"{lib} needs symbol {symbol}, which the copy of {wanted} loaded into the process lacks: an older copy "
            "from LD_LIBRARY_PATH or a system CUDA toolkit (/usr/local/cuda*/lib64, /opt/conda/lib) was found before "
            "the one in the matching nvidia-* wheel."
        ),
        evidence=evidence,
        fix=_search_path_fix(nvjitlink, python, platform),
        confidence=top.confidence,
    )


def _search_path_fix(nvjitlink: bool, python: str = "python", platform: str | None = None) -> Fix:
    """Put the wheel's own copy first: the loader reads LD_LIBRARY_PATH only when a process starts."""
    note = "Run it in the shell that starts Jupyter (or Python), then start that again (pytorch/pytorch#111469)."
    if platform == "macos":  # dyld reads DYLD_LIBRARY_PATH; LD_LIBRARY_PATH is the Linux loader's
        return Fix(
            kind="manual",
            code="Start Jupyter (or Python) from a shell where DYLD_LIBRARY_PATH does not name a CUDA or libtorch folder.",
            note="The other copy was found first through DYLD_LIBRARY_PATH or a system folder (/usr/local/cuda/lib); "
            "`echo $DYLD_LIBRARY_PATH` shows the variable.",
            restart_kernel=True,
        )
    if platform == "windows":  # Windows finds DLLs through PATH; LD_LIBRARY_PATH means nothing there
        return Fix(
            kind="manual",
            code="Start Python from a window whose PATH names no other CUDA or cuDNN folder (a CUDA toolkit's bin, a "
            "standalone cuDNN, a conda env's Library\\bin) before torch's own torch\\lib, or replace that other copy "
            "with the version torch was built with.",
            note="`where cudnn64_8.dll` (cudnn64_9.dll for cuDNN 9) in cmd.exe lists the copies PATH offers, first found "
            "first (pytorch/vision PR 7635: CI's cuDNN 8.5.0 over the 8.7.0 torch uses, fixed by installing 8.7.0).",
            restart_kernel=True,
        )
    if nvjitlink:
        code = (
            f'export LD_LIBRARY_PATH="$({python} -c "import site; print(site.getsitepackages()[0])")/nvidia/nvjitlink/lib'
            '${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"'
        )
        note += " Or drop the CUDA toolkit and conda lib folders from LD_LIBRARY_PATH."
        return Fix(kind="shell", code=code, note=note, restart_kernel=True)
    return Fix(kind="shell", code="unset LD_LIBRARY_PATH", note=note, restart_kernel=True)


# MKL 2024.1 (conda) dropped the ITT symbols torch's libtorch_cpu.so expects:
# "libtorch_cpu.so: undefined symbol: iJIT_NotifyEvent" (pytorch/pytorch#123097, closed with
# the workaround of pinning MKL 2024.0 in the conda environment).
_MKL_ITT_NOTE = (
    "MKL 2024.1 in this conda environment lacks symbols torch was built against (pytorch/pytorch#123097). Then restart the kernel."
)


def _torch_library_conflict(ctx: Context, top: Signal, evidence: list[str]) -> Finding:
    lib = top.get("library") or "torch's library"
    if str(top.get("symbol") or "").startswith(compat.MKL_ITT_SYMBOL):
        return Finding(
            cause="lib_version_conflict",
            severity="error",
            title=f"torch's {lib} needs an MKL older than 2024.1 (undefined symbol {top.get('symbol')})",
            explanation=(
                "torch's CPU library was built against MKL's ITT instrumentation symbols, which the MKL 2024.1 "
                "package of conda no longer exports; with that MKL in the environment `import torch` fails."
            ),
            evidence=evidence,
            fix=conda_install(ctx, ["mkl==2024.0"], _MKL_ITT_NOTE),  # conda's MKL: nothing to do outside conda
            confidence=max(top.confidence, 0.85),
        )
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"torch's {lib} resolved a symbol against the wrong copy of a library",
        explanation=(
            f"{lib} is torch's own library; an undefined symbol in it means a library it links (MKL, a CUDA library, "
            "or libtorch from a second torch install) was loaded from somewhere else first."
        ),
        evidence=evidence,
        fix=torch_reinstall(ctx, note="Also check LD_LIBRARY_PATH / LD_PRELOAD for other MKL, CUDA or libtorch folders."),
        confidence=top.confidence,
    )


def openmp_finding(cause: str, top: Signal, evidence: list[str], folders: list[str] | None = None, ctx: Context | None = None) -> Finding:
    """OMP: Error #15, the same answer on Windows (windows_dll_dependency) and elsewhere;
    ``folders``: where the probe found the second copy (PATH folders), when it looked.
    ``nomkl`` (conda's MKL-free packages) only in a conda environment (``ctx`` tells)."""
    where = f" (here: {'; '.join(folders)})" if folders else ""
    return Finding(
        cause=cause,
        severity="error",
        title="Two OpenMP runtimes were loaded into one process (OMP: Error #15)",
        explanation=(
            f"{top.get('library')} started while {top.get('loaded')} was already running. torch ships its own OpenMP "
            "runtime, and conda's MKL/numpy (Library\\bin) or another package brings a second copy."
        ),
        evidence=evidence,
        fix=_openmp_fix(ctx, str(top.get("library") or "the OpenMP runtime"), where),
        confidence=top.confidence,
        verdict="Two copies of the OpenMP library (which runs maths on several cores) were loaded into one process, and that stops it.",
    )


def _openmp_crash_finding(top: Signal, evidence: list[str]) -> Finding:
    """A crash inside libomp with no OMP #15 message (explainer/windows_dll.py, openmp_runtime_crash): macOS loads
    both copies without complaint, and their two thread pools collide (pytorch/pytorch#191933)."""
    fix = Fix(
        kind="manual",
        code="Use one OpenMP runtime in the process: install the other package in a build that uses the same libomp "
        "as torch (both from conda-forge in one conda environment), or run the two libraries in separate processes.",
        note="Setting OMP_NUM_THREADS=1 for one of them only makes the collision less likely.",
    )
    second_copy = (
        "torch's wheel brings its own libomp.dylib, and another package (LightGBM or XGBoost linked to Homebrew's libomp, "
        "for one) loads a second copy; each starts its own worker threads, and they corrupt each other."
    )
    if top.get("beside"):  # no crash frames: the package imported beside torch is the whole reading
        return Finding(
            cause="lib_version_conflict",
            severity="error",
            title=f"The crash is likely two OpenMP runtimes in one process: torch's and {top.get('beside')}'s",
            explanation=f"The crash printed no frames, but on macOS torch and the package imported beside it each bring "
            f"an OpenMP runtime: {second_copy}",
            evidence=evidence,
            fix=fix,
            confidence=top.confidence,
        )
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title="The process crashed inside OpenMP: two OpenMP runtimes were loaded into one process",
        explanation=f"The crash is in {top.get('library')}'s own thread pool. {second_copy}",
        evidence=evidence,
        fix=fix,
        confidence=top.confidence,
    )


def _openmp_fix(ctx: Context | None, library: str, where: str) -> Fix:
    unsafe = "KMP_DUPLICATE_LIB_OK=TRUE only hides the error and can give wrong results."
    remove = f"remove (or move off PATH) the copy of {library} outside torch's own lib folder{where}"
    if ctx is None:  # a caller that cannot tell the environment: the answer of conda's MKL
        return Fix(kind="conda", code="conda install nomkl", note=f"Or {remove}. {unsafe}", restart_kernel=True)
    conda = conda_install(ctx, ["nomkl"], f"Or {remove}. {unsafe}")
    return conda or Fix(kind="manual", code=f"{remove[0].upper()}{remove[1:]}, then restart the kernel.", note=unsafe, restart_kernel=True)


def aborted_with_openmp_copies(ctx: Context, cause: str, signals: list[Signal]) -> Finding | None:
    """The process aborted (a kernel that died importing torch) and two copies of the LLVM/Intel
    OpenMP runtime lie where it loads libraries from: OMP: Error #15, whose message died with it."""
    aborts = [item for item in signals if item.get("kind") == "abort"]
    copies = [item for item in ctx.fact("openmp").get("runtimes") or [] if item.get("family") == "llvm"]
    if not aborts or len(copies) < 2:
        return None
    names = [ntpath.basename(str(item["path"])) for item in copies]  # ntpath splits on either separator
    top = Signal(cause, 0.8, aborts[0].evidence, {"kind": "openmp", "library": names[1], "loaded": names[0]})
    evidence = evidence_of(aborts) + [f"openmp probe: {item['path']} ({item['owner']})" for item in copies]
    folders = [ntpath.dirname(str(item["path"])) for item in copies if item.get("owner") != "torch"]
    return openmp_finding(cause, top, evidence, folders, ctx=ctx)


def _search_path_evidence(ctx: Context) -> list[str]:
    variables = ctx.fact("environment").get("variables") or {}
    return [f"environment: {name}={variables[name]}" for name in ("LD_LIBRARY_PATH", "LD_PRELOAD") if variables.get(name)]


# --- glibc_libstdcxx_too_old -------------------------------------------------------------

_CONDA_PATH = ("conda", "/envs/", "mamba", "miniforge")


@rule
def glibc_libstdcxx_too_old(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("glibc_libstdcxx_too_old")
    if not signals:
        return
    top = signals[0]
    if top.get("kind") == "xpu_conda":
        yield _xpu_conda_libstdcxx_finding(ctx, signals)
        return
    if top.get("kind") == "manylinux_tag":
        yield _manylinux_tag_finding(signals)
        return
    symbol, required_by = str(top.get("symbol")), top.get("required_by")
    cxx = top.get("runtime") == "libstdc++"
    evidence = evidence_of(signals)
    confidence = top.confidence
    libc = str(ctx.fact("python").get("libc") or "")
    if libc:
        evidence.append(f"python probe: this interpreter runs on {libc}")
        if not cxx and _glibc_has(libc, symbol):
            confidence = min(confidence, 0.5)  # the running glibc is new enough: another copy was loaded
    yield Finding(
        cause="glibc_libstdcxx_too_old",
        severity="error",
        # The library's name, not its full path: the path is in the evidence, the title must read at a glance.
        title=f"The {'C++ runtime (libstdc++)' if cxx else 'C library (glibc)'} loaded is older than "
        f"{str(required_by).replace(chr(92), '/').rsplit('/', 1)[-1] if required_by else 'the build'} needs",
        explanation=f"{symbol} is missing from the {'libstdc++.so.6' if cxx else 'glibc'} this process loaded. "
        + (
            "Often an environment's own older libstdc++ (conda, an IDE, an old system) is found before a newer one."
            if cxx
            else "glibc comes with the operating system: the wheel was built for a newer Linux."
        ),
        evidence=evidence,
        fix=_libstdcxx_fix(ctx, symbol) if cxx else _glibc_fix(symbol),
        confidence=confidence,
    )


def _manylinux_tag_finding(signals: list[Signal]) -> Finding:
    """A manylinux_2_N wheel pip refused: a glibc older than 2.N is one reading (explainer/wheels.py cites the reports)."""
    top = signals[0]
    glibc, wheel = top.get("glibc"), top.get("wheel")
    return Finding(
        cause="glibc_libstdcxx_too_old",
        severity="warning",
        title=f"This Linux's glibc may be older than the {glibc} that {wheel} is built for",
        explanation=(
            f"The wheel's platform tag says it needs glibc {glibc} or newer, and pip refuses it on a system with an older "
            "glibc (CentOS 7 has 2.17). A pip older than 20.3, which does not know such tags, refuses it too: "
            "`ldd --version` and `python -m pip --version` tell which."
        ),
        evidence=evidence_of(signals),
        fix=Fix(
            kind="manual",
            code=f"Run it on a Linux (or container image) with glibc {glibc} or newer, or install a release of the package "
            "published for older glibc (a manylinux2014 wheel).",
            note="glibc cannot be upgraded inside an environment; `ldd --version` shows the system's. If it is new enough, "
            "upgrade pip instead: python -m pip install --upgrade pip",
        ),
        confidence=top.confidence,
    )


def _xpu_conda_libstdcxx_finding(ctx: Context, signals: list[Signal]) -> Finding:
    """torch's XPU build in a conda environment counting no Intel GPU (explainer/xpu.py cites the reports)."""
    note = "It updates the environment's own libstdc++, which is loaded before the system's. Restart the kernel afterwards."
    fix = conda_install(ctx, ["-c", "conda-forge", compat.conda_libstdcxx()], note) or Fix(
        kind="manual",
        code="Update the environment's libstdc++.so.6 (in its lib folder) to one at least as new as the system's, or move it "
        "aside so that the system's is loaded.",
        note=note,
        restart_kernel=True,
    )
    return Finding(
        cause="glibc_libstdcxx_too_old",
        severity="error",
        title="The conda environment's older libstdc++ keeps Intel's GPU runtime from loading",
        explanation=(
            "torch's XPU build reaches Intel GPUs through Intel's GPU runtime (the Level Zero loader and compute runtime), "
            "which comes from the system and was built against the system's libstdc++. Python in a conda environment loads "
            "the environment's own libstdc++.so.6 first; where that copy is older the runtime fails to load, and torch "
            "counts no XPU device although the driver is installed."
        ),
        evidence=evidence_of(signals),
        fix=fix,
        confidence=signals[0].confidence,
    )


def _glibc_has(libc: str, symbol: str) -> bool:
    have, need = versions.parse(libc.split()[-1]), versions.parse(symbol.split("_", 1)[-1])
    return have is not None and need is not None and have >= need


def _in_conda(ctx: Context) -> bool:
    if ctx.fact("python").get("env_kind") == "conda":
        return True
    text = ctx.text.text.lower()
    return any(marker in text for marker in _CONDA_PATH)


def _libstdcxx_fix(ctx: Context, symbol: str) -> Fix:
    gcc = compat.gcc_for_glibcxx(symbol)
    note = (
        "If the old copy is inside the environment (…/envs/NAME/lib/libstdc++.so.6) while the system one is newer, "
        "that copy is the one to update or remove (pytorch/pytorch#87279, #157709). Restart the kernel afterwards."
    )
    # An unknown symbol version gets the package's newest build.
    conda = conda_install(ctx, ["-c", "conda-forge", compat.conda_libstdcxx(symbol)], note) if _in_conda(ctx) else None
    if conda is not None:
        return conda
    return Fix(
        kind="manual",
        code=(
            f"Use a system (or container image) whose libstdc++ comes from GCC {gcc} or newer, "
            "or a torch release built for the one you have."
            if gcc
            # A plain std:: symbol names no GLIBCXX version: a newer runtime, or the library rebuilt with the older one.
            else f"Put a newer libstdc++ (one that defines {symbol}) first on the loader's path, for example from a newer "
            f"GCC or the conda-forge {compat.conda_libstdcxx()} package, or rebuild the library that needs it with the compiler of the "
            "libstdc++ you have."
        ),
        note=note,
        restart_kernel=True,
    )


def _glibc_fix(symbol: str) -> Fix:
    return Fix(
        kind="manual",
        code=f"Use a torch release built for your glibc, or a newer OS / container image whose glibc provides {symbol}.",
        note="glibc cannot be upgraded inside an environment; `ldd --version` shows the system's.",
    )


# --- shared by the rules of this module ---------------------------------------------------


def torch_reinstall(ctx: Context, note: str = "") -> Fix:
    """Reinstall the installed (or stated) torch build from its own wheel index (and its torchvision).

    The torchvision pinned is the one built for that torch; plain ``torch`` when no version is known.
    """
    from .. import compat

    torch_version = ctx.torch_version
    release = versions.release(torch_version)
    requirements = [f"torch=={release}" if release else "torch"]
    if ctx.dist("torchvision"):
        requirements.append(release_pin("torchvision", compat.torchvision_for(release) if release else None) or "torchvision")
    index = index_for_variant(versions.variant(torch_version))
    return ctx.install(requirements, index_url=index, reinstall=True, restart_kernel=True, note=note)
