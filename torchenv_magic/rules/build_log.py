"""What an extension's build log says, kind by kind: a title, an explanation and a fix.

The kinds are explainer/build.py's build_toolchain_missing signals (CUDA_HOME not set, nvcc of
another CUDA, gcc newer than nvcc accepts, pip's isolated build without torch, ...). Each kind
is one entry of ``BUILD_LOG``: its reading and, where the log alone says what to run, its fix.
rules/toolchain.py uses these where no probed fact explains the log (a pasted log, or nothing
probed); a kind without its own fix gets the toolkit fix there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import compat
from ..explainer.signals import Signal
from ..model import Fix
from . import Context
from .build_fixes import build_env_fix, compiler_fix, env_fix, macos_compiler_fix, msvc_fix


@dataclass(frozen=True)
class LogReading:
    describe: Callable[[Signal, str | None], tuple[str, str]]  # (title, explanation); torch's CUDA if known
    fix: Callable[[Context, Signal], Fix | None] | None = None  # None, or returning None: the toolkit fix


def _describe_cuda_home(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "CUDA_HOME is not set: the build cannot find the CUDA toolkit (nvcc)", (
        "Compiling CUDA code needs the CUDA *toolkit* (nvcc, headers), which torch's wheels do not include; "
        "torch.utils.cpp_extension looks for it through CUDA_HOME, then nvcc on PATH, then /usr/local/cuda."
    )


def _describe_setuptools_too_new(top: Signal, cuda: str | None) -> tuple[str, str]:
    removed = "pkg_resources.packaging" if top.get("removed_in") == "70" else "pkg_resources"
    return f"setuptools is too new for this torch: setuptools {top.get('removed_in')} removed {removed}", (
        f"torch.utils.cpp_extension, which builds and loads C++/CUDA extensions, imports {removed} in this torch release; "
        f"setuptools {top.get('removed_in')} and later no longer have it, so every extension build (and any package "
        "that imports cpp_extension) fails before compiling anything. An older setuptools, or a torch release whose "
        "cpp_extension no longer imports it, works."
    )


def _fix_setuptools_too_new(ctx: Context, top: Signal) -> Fix | None:
    note = "Then run the build again (with --no-build-isolation where pip builds it, so that it uses this setuptools)."
    return ctx.install([f"setuptools<{top.get('removed_in')}"], note=note)


def _describe_isolated_cpu_torch(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "pip built the package against the CPU-only torch of its isolated build environment, which finds no CUDA", (
        "pip builds a source package in a fresh environment holding the build requirements the package declares, torch "
        "among them, downloaded from PyPI; on Windows and macOS that is the CPU-only build. torch 2.2 and later look for "
        "CUDA_HOME only in a CUDA build, so that build reports CUDA_HOME unset whatever it is set to here. Built without "
        "isolation, it uses this environment's torch."
    )


def _fix_isolated_cpu_torch(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="manual",
        code="Run the same pip install command again with --no-build-isolation added (in the package's folder: pip install "
        "--no-build-isolation -e .), with this environment's CUDA build of torch installed first.",
    )


def _describe_cuda_home_malformed(top: Signal, cuda: str | None) -> tuple[str, str]:
    home = str(top.get("home"))
    if any(mark in home for mark in "'\""):
        what = "keeps the quote characters it was written with, so the build looks for nvcc under a folder name that includes them."
    elif ";" in home:
        what = (
            "holds several toolkit folders joined with ';' (as PATH is), so the build runs nvcc from a folder that does "
            "not exist and Windows answers that it cannot find the file."
        )
    elif ":" in home:
        what = (
            "holds several folders joined with ':' (as PATH does) or a stray ':', so the build looks for nvcc in a folder "
            "that does not exist."
        )
    else:
        what = "holds the toolkit's path more than once, run together, so the build looks for nvcc in a folder that does not exist."
    return f"CUDA_HOME is not one folder ({home!r}), so nvcc's path does not exist", (
        "torch.utils.cpp_extension runs CUDA_HOME/bin/nvcc and adds CUDA_HOME/include; CUDA_HOME must name exactly one "
        f"toolkit folder. Here its value {what}"
    )


def _fix_cuda_home_malformed(ctx: Context, top: Signal) -> Fix | None:
    folder = top.get("folder")
    if folder:
        return env_fix(ctx, str(folder))
    return None


def _describe_path_is_file(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"A toolkit variable names the file {top.get('file')}, where the build needs a folder", (
        "The build adds include, lib or bin to the value of a variable it reads (CUDNN_PATH, CUDNN_HOME, CUDA_HOME, "
        "CUDA_PATH), and found a file there instead of a folder: the variable was set to a library or a program inside "
        f"the toolkit. Set it to the toolkit's folder ({top.get('folder')}), the one that holds include and lib."
    )


def _fix_path_is_file(ctx: Context, top: Signal) -> Fix | None:
    file, folder = top.get("file"), top.get("folder")
    return Fix(
        kind="manual",
        code=f"Find the variable set to {file} (CUDNN_PATH, CUDNN_HOME, CUDA_HOME or CUDA_PATH, in your shell's "
        f"start-up file or the build's command) and set it to {folder} instead, then run the build again.",
        note="printenv | grep -i cud (Windows: set | findstr /i cud) lists them.",
    )


def _describe_ninja(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "ninja, the build tool torch compiles C++ extensions with, is not installed", (
        "torch.utils.cpp_extension builds an extension at load time (a JIT plugin) or at install with ninja, and "
        "stops before compiling when no ninja program is found for this Python."
    )


def _fix_ninja(ctx: Context, top: Signal) -> Fix | None:
    # The ninja wheel puts the program beside this Python's scripts, where torch looks.
    return ctx.install(["ninja"], note="Then run the build again.", not_installed=True)


def _describe_build_tool_unavailable(top: Signal, cuda: str | None) -> tuple[str, str]:
    tool = top.get("tool")
    return f"pip could not get {tool}, a build tool the build needs, from the index it asked", (
        f"PyPI has {tool} for every Python and platform, so pip seeing no version of it at all means the index it "
        "searched does not carry it: an --index-url (or PIP_INDEX_URL, or a pip.conf) naming only another index, such as "
        "PyTorch's wheel index or a company mirror. The build stops before compiling anything."
    )


def _fix_build_tool_unavailable(ctx: Context, top: Signal) -> Fix | None:
    note = (
        "Installs it from PyPI itself; then run the install again. To keep PyTorch's or a mirror's index, give it as "
        "--extra-index-url, which adds to PyPI instead of replacing it."
    )
    return ctx.install([str(top.get("tool"))], index_url="https://pypi.org/simple", note=note, not_installed=True)


def _describe_cmake(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "CMake, which this package's build runs, is not installed", (
        "The package compiles its C/C++ part with CMake when no prebuilt wheel fits this Python and platform, and its "
        "setup stops before compiling when no cmake program is found."
    )


def _fix_cmake(ctx: Context, top: Signal) -> Fix | None:
    # The cmake wheel puts the program beside this Python's scripts, on PATH for builds this Python runs.
    return ctx.install(["cmake"], note="Then run the same install again.", not_installed=True)


def _describe_nvcc_mismatch(top: Signal, cuda: str | None) -> tuple[str, str]:
    if not top.get("nvcc"):  # read from what nvcc wrote into the extension, not from a version it printed
        name = top.get("extension") or "The extension"
        return f"{name} was compiled by an nvcc of another CUDA release than the CUDA runtime it runs with", (
            "Its kernel-launch code calls CUDA runtime functions that only the toolkit that compiled it provides. "
            "Extensions must be compiled with the CUDA major version torch was built with: rebuild it with that toolkit."
        )
    return f"nvcc is CUDA {top.get('nvcc')} but torch was built with CUDA {cuda or 'another version'}", (
        "Extensions must be compiled with the CUDA major version torch was built with."
    )


def _describe_cudart_older_at_link(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "The program links an older CUDA runtime (libcudart) than the one LibTorch was built with", (
        f"LibTorch's libraries call {top.get('function')} in the CUDA runtime of the release they were built with; the "
        "libcudart the linker took, from the CUDA toolkit the build found, is of an older release that lacks it. Within one "
        "CUDA major version the runtime's file name is the same, so the linker takes the older one without complaint."
    )


def _fix_cudart_older_at_link(ctx: Context, top: Signal) -> Fix:
    return Fix(
        kind="manual",
        code="Build with the CUDA toolkit of LibTorch's CUDA release (the cuXYZ in the LibTorch download's name): point CMake "
        "at it (-DCUDAToolkit_ROOT set to that toolkit's folder, or CUDA_HOME), or download the LibTorch build made for the "
        "CUDA toolkit installed (nvcc --version shows its release).",
        note="Then delete the build folder (CMakeCache.txt keeps the toolkit it found first) and configure again.",
    )


def _describe_nvcc_arch(top: Signal, cuda: str | None) -> tuple[str, str]:
    if top.get("tool") == "triton's ptxas":
        return f"Triton's own ptxas cannot compile for {top.get('arch')}: it is older than this GPU", (
            "Triton compiles its kernels with the ptxas it ships (triton/backends/nvidia/bin), from the CUDA release it was "
            "built with; a GPU architecture newer than that release is unknown to it. A newer triton, of the release this "
            "torch asks for, ships a newer ptxas; or TRITON_PTXAS_PATH can name the ptxas of a CUDA toolkit that knows the GPU."
        )
    tool = top.get("tool") or "nvcc"
    return f"This {tool} cannot compile for {top.get('arch')}: its CUDA toolkit does not support that GPU architecture", (
        "Each CUDA toolkit compiles only for the GPU architectures it supports: a GPU newer than the toolkit (compute_86, "
        "RTX 30xx, with CUDA 11.0) or one whose support it dropped (sm_30 with CUDA 11) fails. The architecture comes from "
        "the GPU or from TORCH_CUDA_ARCH_LIST: use a toolkit of torch's CUDA major version that supports it, or set "
        "TORCH_CUDA_ARCH_LIST to architectures this nvcc supports."
    )


def _fix_nvcc_arch(ctx: Context, top: Signal) -> Fix | None:
    if top.get("tool") != "triton's ptxas":
        return None  # nvcc's: the toolkit fix
    # CUDA's Windows installer sets CUDA_PATH to the toolkit it installs; Linux's packages link /usr/local/cuda to it.
    ptxas = r"%CUDA_PATH%\bin\ptxas.exe" if ctx.os_name == "windows" else "/usr/local/cuda/bin/ptxas"
    return Fix(
        kind="manual",
        code=f"Install a CUDA toolkit that supports {top.get('arch')} (https://developer.nvidia.com/cuda-downloads), then "
        f"point Triton at its ptxas before running again: TRITON_PTXAS_PATH={ptxas}. Or upgrade torch together with the "
        "triton it asks for, whose bundled ptxas is newer.",
        note="Triton reads TRITON_PTXAS_PATH when it compiles: set it in the shell (export / set) or in os.environ "
        "before the first kernel runs.",
    )


def _describe_ptx_too_new(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"This ptxas knows PTX up to ISA {top.get('known')}, older than the PTX {top.get('ptx')} it was given", (
        "ptxas, the CUDA toolkit's assembler, turns PTX into GPU code and accepts the PTX versions of its own CUDA release "
        "and older ones. The PTX came from a newer compiler (Triton, or an nvcc of a newer CUDA release) than the toolkit "
        "whose ptxas runs: Triton uses the ptxas it ships unless TRITON_PTXAS_PATH or a CUDA toolkit on PATH names another."
    )


def _fix_ptx_too_new(ctx: Context, top: Signal) -> Fix:
    return Fix(
        kind="manual",
        code=f"Run with a ptxas that accepts PTX {top.get('ptx')}: install a newer CUDA toolkit (https://developer.nvidia.com/"
        "cuda-downloads) and point the build at it (CUDA_HOME and PATH; TRITON_PTXAS_PATH for Triton), or install the "
        "release of the compiler (Triton, the package's nvcc build) made for the CUDA toolkit you have.",
    )


def _describe_cuda_headers_mismatch(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "nvcc and the CUDA headers this build includes come from different CUDA releases", (
        "CUDA's C++ library (CCCL) checks that the nvcc compiling it is of the same release as the toolkit headers it is "
        "included with. Two CUDA installs are mixed: NVIDIA's pip wheels of different releases (nvidia-cuda-nvcc newer "
        "than nvidia-cuda-runtime, as a resolver may float them), or a CUDA_HOME whose include folder is another "
        "toolkit's than the nvcc on PATH."
    )


def _fix_cuda_headers_mismatch(ctx: Context, top: Signal) -> Fix:
    return Fix(
        kind="manual",
        code="Make nvcc and the CUDA headers one release: point CUDA_HOME and PATH at a single CUDA toolkit (nvcc --version "
        "and CUDA_HOME/include/cuda_runtime_api.h then agree), or, where NVIDIA's pip wheels provide them, reinstall "
        "nvidia-cuda-nvcc at the same version as nvidia-cuda-runtime (pip list shows both).",
        note="Then run the build again; a JIT build (FlashInfer, Triton kernels) rebuilds on the next run.",
    )


def _describe_cccl_too_old(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"The CUDA toolkit's headers are older than this code needs (no {top.get('member')} in them)", (
        "The code being compiled calls a function of CUDA's C++ library (CCCL: cuda::ptx, cuda::std) that the toolkit "
        "found does not have yet: its CUDA release is older than the one the code was written for. A JIT build "
        "(FlashInfer's kernels) compiles against the CUDA toolkit it finds (CUDA_HOME, nvcc on PATH), not torch's CUDA."
    )


def _fix_cccl_too_old(ctx: Context, top: Signal) -> Fix:
    return Fix(
        kind="manual",
        code="Install a newer CUDA toolkit of torch's CUDA major version (https://developer.nvidia.com/cuda-downloads; "
        "the package's install notes name the oldest it supports) and point CUDA_HOME and PATH at it, or use the package's "
        "prebuilt kernels or another backend instead of its JIT build.",
    )


def _describe_nvcc_runtime_mixed(top: Signal, cuda: str | None) -> tuple[str, str]:
    library = top.get("library") or "The library"
    return f"{library} was compiled by one CUDA release's nvcc and linked with another's runtime", (
        f"nvcc writes kernel-launch calls ({top.get('symbol')}) into the code it compiles, and each CUDA release's runtime "
        "has its own set of them. The build found the nvcc of one CUDA install and the headers or libcudart of another "
        "(CUDA_HOME, PATH and the CMake cache can each point at a different toolkit)."
    )


def _fix_nvcc_runtime_mixed(ctx: Context, top: Signal) -> Fix:
    return Fix(
        kind="manual",
        code="Build again from a clean build folder with one CUDA toolkit: point CUDA_HOME, PATH (its bin first) and "
        "LD_LIBRARY_PATH at the same toolkit, and give CMake that toolkit's nvcc (its -DCMAKE_CUDA_COMPILER option, the "
        "full path of bin/nvcc in that folder) so that no cached path names the other one.",
    )


def _describe_nvcc_too_old(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"The package needs nvcc from CUDA {top.get('needs')} or newer; the nvcc found is older", (
        "Its setup.py checks the version of the nvcc it will compile with (the first on PATH, or CUDA_HOME's), not "
        "torch's CUDA. Point CUDA_HOME and PATH at a newer toolkit of torch's CUDA major version, or install a "
        "prebuilt wheel of the package."
    )


def _describe_host_compiler(top: Signal, cuda: str | None) -> tuple[str, str]:
    if top.get("compiler") == "msvc":
        return f"Visual Studio is newer than this CUDA toolkit accepts (it supports {top.get('max_vs')})", (
            "nvcc compiles host code with MSVC and refuses Visual Studio releases newer than its toolkit supports (its "
            "crt/host_config.h check). Build with an MSVC toolset this CUDA supports, or a newer CUDA toolkit of "
            "torch's CUDA major version."
        )
    if top.get("standard"):
        return f"gcc is older than this build needs (gcc {top.get('min_gcc')} or later)", (
            f"The build compiles for {top.get('standard')} and this gcc does not know that standard's -std flag: it is "
            f"too old for {top.get('standard')}, as an old distribution's system gcc is. Use gcc {top.get('min_gcc')} or "
            "later (gcc.gnu.org/projects/cxx-status.html), named in $CC and $CXX."
        )
    if top.get("min_gcc"):
        return f"gcc is older than this build needs (gcc {top.get('min_gcc')} or later)", (
            "The extension's build stopped at a check of the host compiler: torch's own C++ headers, or "
            "torch.utils.cpp_extension's table of the gcc releases each CUDA supports, need a newer gcc than the one "
            "the build ran (an old distribution's system gcc). Build with a newer gcc ($CC and $CXX name it)."
        )
    limit = f"gcc {top.get('max_gcc')} or older" if top.get("max_gcc") else "an older gcc"
    checker = (
        "torch.utils.cpp_extension checks the host compiler against the CUDA version of nvcc (its table of the gcc "
        "releases each CUDA supports) and stops before compiling"
        if top.get("checker") == "torch"
        else "nvcc compiles host code with gcc and refuses gcc releases newer than its toolkit supports (its "
        "crt/host_config.h check)"
    )
    return f"gcc is newer than this CUDA toolkit accepts (it needs {limit})", (
        f"{checker}. Build with an older gcc (torch.utils.cpp_extension passes $CC to nvcc as -ccbin) "
        "or use a newer CUDA toolkit of torch's CUDA major version."
    )


def _fix_host_compiler(ctx: Context, top: Signal) -> Fix | None:
    if top.get("compiler") == "msvc":
        return Fix(
            kind="manual",
            code="In the Visual Studio Installer, add an older MSVC build-tools component (Individual components) that "
            "this CUDA supports and build from its x64 Native Tools prompt, or install a newer CUDA toolkit of torch's CUDA major version.",
            note="nvcc's -allow-unsupported-compiler flag skips the check, at the risk of a miscompiled extension.",
        )
    gcc = str(top.get("min_gcc") or top.get("max_gcc") or "")
    if not gcc.isdigit() or ctx.os_name == "windows":
        return None
    conda = top.get("conda") or ("linux-64" if ctx.fact("python").get("env_kind") == "conda" else None)
    # conda-forge has gcc 7 and later only: an older minimum is met by its gcc 7, an older maximum is not.
    if conda and (top.get("min_gcc") or int(gcc) >= 7):
        return _conda_gcc_fix(str(conda), max(int(gcc), 7))
    return _distribution_gcc_fix(gcc)


def _conda_gcc_fix(platform: str, gcc: int) -> Fix:
    """conda-forge's compiler packages of one gcc release (gcc_linux-64=10 matches 10.*), which the environment's
    activation scripts put in $CC/$CXX: https://conda-forge.org/docs/maintainer/knowledge_base/#compilers. They exist
    from gcc 7.3 on (https://anaconda.org/conda-forge/gxx_linux-64: 7.3.0 ... 15.2.0, 10.3.0 and 10.4.0)."""
    return Fix(
        kind="conda",
        code=f"conda install -c conda-forge gcc_{platform}={gcc} gxx_{platform}={gcc}",
        note="Deactivate and activate the environment again so that $CC and $CXX name the gcc "
        f"{gcc} compilers, then run the build again in that shell.",
    )


def _distribution_gcc_fix(gcc: str) -> Fix:
    """The distribution's gcc of one release, named in $CC/$CXX (torch.utils.cpp_extension passes $CC to nvcc as -ccbin)."""
    return Fix(
        kind="shell",
        code=f"sudo apt install gcc-{gcc} g++-{gcc}\nexport CC=gcc-{gcc} CXX=g++-{gcc}",
        note="Debian/Ubuntu package names; an older release may not have them (CentOS/RHEL: a devtoolset or gcc-toolset "
        "package of that gcc, then its enable script). Run the build again in this shell.",
    )


def _describe_op_not_built(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"The {top.get('extension')} CUDA op was never compiled", (
        "The project ships the op's C++/CUDA sources in its ops folder and leaves building them to the user (its own "
        "message names the commands); until then the module that wraps the op cannot be imported."
    )


def _fix_op_not_built(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="manual",
        code="Run the commands the message names (cd into the project's ops folder, then sh make.sh, or python setup.py "
        "build install) in this environment, with nvcc of torch's CUDA major version on PATH (CUDA_HOME set to it).",
        note="Then start Python again. Without a GPU where you build, set TORCH_CUDA_ARCH_LIST to the GPU's architecture first.",
    )


def _describe_submodule_not_built(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"{top.get('extension')} was never built from the project's {top.get('folder')}", (
        f"{top.get('extension')} is a compiled CUDA extension that the project builds from its own git submodule; no "
        "package index publishes this build, so it exists only once that build has run and succeeded in this environment. "
        "A clone made without --recursive leaves the submodule folder empty, and a failed build leaves nothing to import."
    )


def _fix_submodule_not_built(ctx: Context, top: Signal) -> Fix | None:
    folder = str(top.get("folder"))
    return Fix(
        kind="manual",
        code=f"In the project's folder, run git submodule update --init --recursive, then pip install --no-build-isolation "
        f"{folder} in this environment, with nvcc of torch's CUDA major version on PATH.",
        note="Read the build's own output if it fails: a missing compiler or CUDA_HOME is named there"
        + (" (on Windows, Visual Studio's C++ build tools)" if ctx.os_name == "windows" else "")
        + ". Then start Python again."
        + (f" {top.get('namesake')}" if top.get("namesake") else ""),
    )


def _describe_c_compiler(top: Signal, cuda: str | None) -> tuple[str, str]:
    needs = top.get("needs") or "Triton"
    if needs != "Triton":
        return f"{needs} found no C/C++ compiler", (
            "Compiling C++ code (an extension's sources, or the kernels torch.compile generates for the CPU) needs a C++ "
            "compiler on PATH (g++ or clang++; MSVC's cl.exe on Windows). There is none here: a slim Docker image or a "
            "minimal system without build tools, or a Nix or conda environment that does not provide one."
        )
    return "Triton found no C compiler to build its kernel launcher", (
        "Triton compiles each GPU kernel it generates (torch.compile, SageAttention, many LLM kernels) together with a "
        "small C launcher, built with the C compiler named by $CC or found on PATH. There is none here: a slim Docker "
        "image without build tools, or Windows without Visual Studio's C++ compiler for triton-windows."
    )


def _describe_wheel_build_failed(top: Signal, cuda: str | None) -> tuple[str, str]:
    package = top.get("package")
    return f"pip could not build {package} from source", (
        f"pip found no wheel of {package} for this Python and system, so it compiled the package itself, and that build "
        "failed. The first 'error' lines above pip's summary name why: most often no C/C++ compiler (MSVC on "
        "Windows), Python's headers missing (python3-dev), or the CUDA toolkit for CUDA code. A release with a wheel "
        "for this Python, or another Python version, avoids the build altogether."
    )


def _describe_setup_build_failed(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "A setup.py build of a compiled extension failed (only the build step's summary is shown)", (
        "The step ran the package's setup.py to compile its extension, and the compiler or the CUDA toolkit stopped it; "
        "the summary above keeps none of the build's own lines. The first 'error' lines of the full log name why: most "
        "often no working C/C++ compiler (in a Docker image: none installed, or CC/CXX not pointing at one), Python's "
        "headers missing (python3-dev), or no CUDA toolkit (nvcc) where the extension has CUDA code."
    )


def _fix_wheel_build_failed(ctx: Context, top: Signal) -> Fix | None:
    return compiler_fix(ctx)


def _fix_c_compiler(ctx: Context, top: Signal) -> Fix | None:
    if ctx.os_name == "windows":
        return msvc_fix()
    if ctx.platform == "macos":
        return macos_compiler_fix()
    return Fix(
        kind="shell",
        code="sudo apt-get install -y build-essential",
        note="Debian/Ubuntu (in a Dockerfile: RUN apt-get update && apt-get install -y build-essential); on Fedora: "
        "sudo dnf install gcc. Then run the program again.",
    )


def _describe_arch_list(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"TORCH_CUDA_ARCH_LIST names an architecture this torch does not know ({top.get('arch')})", (
        "torch.utils.cpp_extension compiles for the architectures in TORCH_CUDA_ARCH_LIST and stops on any entry missing "
        "from its own list: one newer than this torch release knows, or an old one it dropped. Without the variable it "
        "compiles for the GPUs it sees, capped at what this torch supports."
    )


def _fix_arch_list(ctx: Context, top: Signal) -> Fix | None:
    """Clear TORCH_CUDA_ARCH_LIST for the next build (kernel, cmd.exe/PowerShell or POSIX shell), so cpp_extension picks the GPU's."""
    note = (
        "Then run the build again. Building where no GPU is visible (docker build)? Set TORCH_CUDA_ARCH_LIST to "
        "architectures this torch lists: python -c \"import torch; print(torch.cuda.get_arch_list())\" (sm_86 is 8.6)."
    )
    return build_env_fix(ctx, note, unset="TORCH_CUDA_ARCH_LIST")


def _describe_cuda_link(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"The build cannot link CUDA's {top.get('library')}: it is not where the linker looks", (
        "An extension links against the CUDA toolkit's libraries in CUDA_HOME/lib64. A CUDA installed with conda "
        "keeps them in CUDA_HOME/lib (torch before 2.1 looked only in lib64: pytorch/pytorch#101285), and a "
        "runtime-only CUDA (the nvidia-* wheels, a driver-only image) has no toolkit to link against at all."
    )


def _describe_driver_link(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "The link asks for libcuda.so, the NVIDIA driver's library, and the linker finds none", (
        "libcuda is the driver's library, not the CUDA toolkit's: a driver installs libcuda.so.1, which programs load, "
        "while linking with -lcuda needs the unversioned libcuda.so, which only the driver's development files or the "
        "toolkit's stub (lib64/stubs) provide. Triton links its launcher with -lcuda when it first compiles a kernel, so "
        "it stops the same way at run time."
    )


# Made and checked here (a libcuda.so.1 registered with ldconfig, `gcc -lcuda` failing, then linking and running after
# these lines); with no driver installed, ldconfig lists no libcuda.so.1 and ln stops the chain.
_DRIVER_LINK_FIX = (
    'mkdir -p "$HOME/.local/lib/cuda-link" && ln -sf "$(/sbin/ldconfig -p | awk \'/libcuda\\.so\\.1 /{print $NF; exit}\')" '
    '"$HOME/.local/lib/cuda-link/libcuda.so" && export LIBRARY_PATH="$HOME/.local/lib/cuda-link${LIBRARY_PATH:+:$LIBRARY_PATH}"'
)


def _fix_driver_link(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="shell",
        code=_DRIVER_LINK_FIX,
        note="Run it in the shell that builds (or that starts Jupyter, for Triton), then build or start again there. On a "
        "machine without the NVIDIA driver (a build container), point LIBRARY_PATH at the CUDA toolkit's lib64/stubs "
        "folder instead, which holds a libcuda.so made for linking.",
        restart_kernel=True,
    )


def _describe_mingw32(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "A 32-bit MinGW gcc is building for a 64-bit Python", (
        f"The compiler found first on PATH is the original MinGW's (its files under mingw32\\), which makes 32-bit code "
        f"only and lacks the 64-bit libraries the link asks for ({top.get('library')}). Python and torch here are 64-bit, "
        "so the kernels they load must be built by a 64-bit gcc."
    )


def _fix_mingw32(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="manual",
        code="Install a 64-bit gcc (TDM-GCC's 64-bit edition with its openmp and pthreads parts selected, or MSYS2's "
        "mingw-w64-x86_64-gcc), put its bin folder ahead of C:\\MinGW\\bin on PATH, open a new terminal and run again.",
        note="gcc -v in the new terminal should print Target: x86_64-w64-mingw32.",
    )


def _describe_abi_compiler(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"The extension was compiled with {top.get('used')}, not {top.get('wanted')} as torch was", (
        "torch.utils.cpp_extension warns when the C++ compiler differs from the one torch was built with on this "
        "platform: the two lay out C++ code differently (ABI), so the extension builds but fails to load with "
        "missing symbols. Build it again with the compiler torch names."
    )


# The C compiler that goes with the C++ compiler torch names (cpp_extension's warning names the C++ one).
_C_COMPILER_OF = {"clang++": "clang", "g++": "gcc", "c++": "cc"}


def _fix_abi_compiler(ctx: Context, top: Signal) -> Fix | None:
    if ctx.os_name != "windows" and str(top.get("wanted")) in _C_COMPILER_OF:
        wanted = str(top.get("wanted"))
        return Fix(
            kind="shell",
            code=f"export CC={_C_COMPILER_OF[wanted]} CXX={wanted}",
            note="torch.utils.cpp_extension compiles with $CXX: in this shell, reinstall the extension with pip's "
            "--force-reinstall --no-cache-dir --no-build-isolation so it is compiled again.",
        )
    return None


def _describe_nvcc(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "nvcc (the CUDA compiler) is missing or failed", (
        "The build runs nvcc from CUDA_HOME/bin or PATH: the CUDA toolkit is not installed there, or nvcc stopped "
        "with the error shown (the first 'nvcc fatal' line names it)."
    )


def _describe_build_isolation(top: Signal, cuda: str | None) -> tuple[str, str]:
    package, builder = top.get("package") or "The package", top.get("builder") or "pip"
    return f"{package} was built in {builder}'s isolated build environment, which has no torch", (
        f"{'pip (and uv)' if builder == 'pip' else builder} build a source package in a fresh environment that holds "
        "only the build requirements the package declares. Its setup.py imports torch without declaring it, so the "
        "build cannot see the torch installed here. Build it against the installed torch without isolation (torch first)."
    )


def _fix_build_isolation(ctx: Context, top: Signal) -> Fix | None:
    if top.get("builder") == "pdm":  # pdm's own advice, in its message
        return Fix(kind="manual", code="Add torch to the project (pdm add torch), then run the same pdm command again with --no-isolation.")
    package = top.get("package")
    if package:
        return ctx.install(["--no-build-isolation", str(package)], note="Install torch first; this builds against it.")
    return Fix(kind="manual", code="Run the same install command again with --no-build-isolation, after installing torch.")


def _describe_msvc_headers(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"The Microsoft C++ compiler cannot find its standard headers ({top.get('header')}): the build environment is not set up", (
        "cl.exe runs, but the folders holding the C runtime's and the C++ library's own headers (crtdefs.h, cerrno, algorithm) "
        "are not on its INCLUDE path: the Build Tools lack the 'Desktop development with C++' workload or its Windows SDK, "
        "or the build was started outside a Visual Studio developer prompt, which is what sets INCLUDE."
    )


def _fix_msvc_headers(ctx: Context, top: Signal) -> Fix | None:
    return msvc_fix()


def _describe_cuda_headers(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"The CUDA headers ({top.get('header')}) are not found: CUDA_HOME is not a full CUDA toolkit", (
        "Compiling CUDA code needs the toolkit's headers (CUDA_HOME/include). A runtime-only CUDA (conda's "
        "cudatoolkit, the nvidia-* wheels, a driver-only image) has the libraries but no headers or nvcc."
    )


def _describe_python_headers(top: Signal, cuda: str | None) -> tuple[str, str]:
    if top.get("windows"):
        return "Python's C headers (Python.h) are missing: this Windows Python has no include folder", (
            "Compiling a Python extension (Triton's cuda_utils.c helper under torch.compile, a custom op) needs the "
            "interpreter's include folder, and linking it needs its libs folder. An embeddable Python (ComfyUI's "
            "python_embeded, the one uv or a portable app bundles) ships without both."
        )
    return "Python's C headers (Python.h) are missing: the build cannot compile a Python extension", (
        "Extensions include Python.h from the Python development files, which some Linux distributions package "
        "separately (python3-dev, python3-devel)."
    )


def _fix_python_headers(ctx: Context, top: Signal) -> Fix | None:
    if top.get("windows"):
        return _copy_python_folders("python3.lib")
    return compiler_fix(ctx)


def _describe_library_headers(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"A library header the extension's sources include ({top.get('header')}) is not installed", (
        "The extension compiles against a third-party C/C++ library whose development headers come from the system's "
        "package manager (Debian and Ubuntu name such packages lib...-dev), not from pip."
    )


def _fix_library_headers(ctx: Context, top: Signal) -> Fix | None:
    header = top.get("header")
    if ctx.platform == "macos":
        return Fix(
            kind="manual",
            code=f"Install the library that provides {header} with Homebrew (brew install and the library's name; the "
            "package's install notes name it), then run the build again.",
            note="Apple silicon's Homebrew lives in /opt/homebrew: if the build still misses the header, set "
            "CFLAGS=-I/opt/homebrew/include and LDFLAGS=-L/opt/homebrew/lib for it.",
        )
    return Fix(
        kind="manual",
        code=f"Install the system development package that provides {header} (on Debian/Ubuntu, apt-file search {header} "
        "names it; the extension's install notes usually list it), then run the build again.",
    )


def _describe_python_import_lib(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"The linker cannot find Python's import library ({top.get('library')})", (
        "Linking a Python extension on Windows needs the interpreter's import library from its libs folder. An embedded "
        "Python (such as ComfyUI's python_embeded) ships without it, and a build inside a venv can look for it in the "
        "venv instead of the Python install the venv was made from."
    )


def _fix_python_import_lib(ctx: Context, top: Signal) -> Fix | None:
    return _copy_python_folders(str(top.get("library")))


def _copy_python_folders(library: str) -> Fix:
    """An embeddable Python's missing include and libs folders, from a full install of the same version."""
    return Fix(
        kind="manual",
        code=f"Copy the include folder and the libs folder (with {library}) of a full install of the same "
        "Python version (python.org's installer) into the folder the build looks in (the Python running it, or the "
        "venv's own folder), or build the extension from a full Python install.",
    )


def _describe_macos_target(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"The build targets a macOS older than {top.get('macos')}, which torch's headers need", (
        "Apple's clang allows C++17's aligned allocation only when the build's deployment target (MACOSX_DEPLOYMENT_TARGET, "
        f"or the one the Python was built for) is macOS {top.get('macos')} or newer, and torch's own pybind11 headers use it."
    )


def _fix_macos_target(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="manual",
        code=f"Build again with MACOSX_DEPLOYMENT_TARGET={top.get('macos')} set in the shell that runs the build "
        f"(export MACOSX_DEPLOYMENT_TARGET={top.get('macos')}), replacing an older value an install guide set.",
    )


def _describe_linker_system_libraries(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "The linker did not find the system's own libraries (libc, libdl, libgomp)", (
        "The link asks for names every glibc has (GLIBC_2.2.5 on x86-64), so glibc is not too old: the linker that ran "
        "searched its own library folders instead of the system's. A conda environment's compiler_compat/ld does so; "
        "its warnings \"libdl.so.2, needed by ..., not found (try using -rpath or -rpath-link)\" come first."
    )


def _fix_linker_system_libraries(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="manual",
        code="Build with one toolchain: either the system's (gcc, g++ and ld from /usr/bin, outside the conda environment, "
        "or with the environment's compiler_compat/ld moved aside for the build), or conda-forge's compilers installed in "
        "the environment (conda install -c conda-forge gxx_linux-64 sysroot_linux-64), then build again.",
    )


def _describe_libstdcxx_newer(top: Signal, cuda: str | None) -> tuple[str, str]:
    name = top.get("extension") or "The extension"
    return f"{name} was compiled by a newer C++ compiler than the C++ runtime it runs with", (
        "Its code calls a C++ standard-library function (a std:: symbol) that the libstdc++ loaded into this process does "
        "not have: the compiler that built it ships a newer libstdc++ than the one found first at run time (a conda "
        "environment's own, or the system's)."
    )


def _fix_libstdcxx_newer(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="manual",
        code="Rebuild the extension with an older gcc (NVlabs/tiny-cuda-nn#284 was fixed by building with gcc 9 instead of "
        f"11), or give the environment a newer C++ runtime (conda install -c conda-forge {compat.conda_libstdcxx()}), then "
        "reinstall it with pip's --no-build-isolation --no-cache-dir.",
    )


def _describe_cuda_locate(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"The project's setup.py found no CUDA {top.get('part')} folder at {top.get('path')}", (
        "This setup.py's locate_cuda() (py-faster-rcnn's, copied by many detection projects) takes the toolkit from "
        "CUDAHOME, else from the folder of nvcc on PATH, and requires its lib64, include and bin/nvcc there. A toolkit "
        "that keeps its libraries in lib (macOS's, some distributions' packages), or nvcc found somewhere else, fails it."
    )


def _fix_cuda_locate(ctx: Context, top: Signal) -> Fix | None:
    if top.get("part") == "lib64":
        return Fix(
            kind="manual",
            code="In the project's setup.py, in locate_cuda(), change 'lib64' to 'lib' where the library folder is joined "
            "to the CUDA home (ls on the toolkit folder shows which it has), then run the build again.",
            note="If the toolkit is installed elsewhere, set CUDAHOME to its folder instead (the one holding bin/nvcc).",
        )
    return Fix(
        kind="manual",
        code="Set CUDAHOME to the CUDA toolkit's folder (the one holding bin/nvcc, include and the libraries), then run the "
        "build again.",
        note="locate_cuda() reads CUDAHOME (not CUDA_HOME), else takes the folder of the nvcc found on PATH.",
    )


def _describe_openmp(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "Apple's clang has no OpenMP: the build's -fopenmp flag or its omp.h fails", (
        "The sources use OpenMP (-fopenmp, #include <omp.h>), which Apple's clang does not bring: it needs Homebrew's "
        "libomp on its include and library paths, or the build needs a compiler that has OpenMP (Homebrew's gcc)."
    )


def _fix_openmp(ctx: Context, top: Signal) -> Fix | None:
    # Homebrew's libomp is keg-only: clang finds it only through these flags (occupancy_networks#113's fix), in the
    # form scikit-learn's macOS build instructions give them (scikit-learn.org/0.24/developers/advanced_installation.html:
    # CPPFLAGS "-Xpreprocessor -fopenmp", the include folder, and LDFLAGS with the rpath, -L and -lomp).
    flags = (
        'export CPPFLAGS="$CPPFLAGS -Xpreprocessor -fopenmp -I$(brew --prefix libomp)/include" '
        'LDFLAGS="$LDFLAGS -Wl,-rpath,$(brew --prefix libomp)/lib -L$(brew --prefix libomp)/lib -lomp"'
    )
    return Fix(
        kind="shell",
        code=f"brew install libomp && {flags}",
        note="Then run the build again from this shell (after removing its build folder). Building with Homebrew's gcc, "
        "which has OpenMP, is the other way (nanoporetech/nanopolish#16).",
    )


def _describe_macos_libstdcxx(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "Apple's clang finds no C++ standard library headers: the build targets a macOS older than 10.9", (
        "For a deployment target before macOS 10.9 clang uses libstdc++, which current Xcode no longer ships, so C++ "
        "headers such as <cstddef> are not found. Pythons built for old macOS releases (Anaconda's macosx-10.7) pass that "
        "target to every extension build. Targeting 10.9 or newer makes clang use libc++."
    )


def _fix_macos_libstdcxx(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="shell",
        code="export MACOSX_DEPLOYMENT_TARGET=10.9 CC=clang CXX=clang++",
        note="Then run the same install again in this shell (pip's --no-cache-dir keeps it from reusing the failed build).",
    )


def _describe_macos_target_mismatch(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"MACOSX_DEPLOYMENT_TARGET is {top.get('now')}, older than the {top.get('configured')} this Python was built for", (
        "setuptools refuses to build an extension for an older macOS than the Python itself was configured with, and "
        "the environment (a shell profile, an install script or conda) sets MACOSX_DEPLOYMENT_TARGET lower."
    )


def _fix_macos_target_mismatch(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="shell",
        code=f"export MACOSX_DEPLOYMENT_TARGET={top.get('configured')}",
        note="Then run the same install again in this shell.",
    )


def _describe_macos_cxx_headers(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"Apple's clang finds no C++ standard library headers ('{top.get('header')}' is missing)", (
        "clang looks for the C++ standard library's headers (libc++ on current macOS) and found none: the build chose "
        "the old libstdc++, which current Xcode no longer ships (an old deployment target, or flags passed on by an old "
        "Python), or the Command Line Tools' SDK is incomplete after a macOS upgrade."
    )


def _fix_macos_cxx_headers(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="shell",
        code="export CFLAGS=-stdlib=libc++ CXXFLAGS=-stdlib=libc++",
        note="Then run the same install again in this shell. If the header is still missing, reinstall the Command Line "
        "Tools (xcode-select --install) and try again.",
    )


def _describe_built_without_cuda(top: Signal, cuda: str | None) -> tuple[str, str]:
    name = top.get("extension") or "The extension"
    return f"{name} was compiled without CUDA support", (
        "Its CUDA code was not compiled in: when it was built, the build saw no CUDA (no nvcc or CUDA_HOME, or "
        "torch.cuda.is_available() was False), so only the CPU version exists and CUDA tensors fail. Rebuild it "
        "where CUDA is visible, after deleting its old build folder (a rebuild reuses the CPU-only objects)."
    )


def _fix_built_without_cuda(ctx: Context, top: Signal) -> Fix | None:
    if top.get("extension") == "apex":
        # NVIDIA/apex README: the C++/CUDA extensions are built only when asked for.
        return Fix(
            kind="manual",
            code="In a clone of https://github.com/NVIDIA/apex run: pip install -v --no-build-isolation "
            '--config-settings "--build-option=--cpp_ext" --config-settings "--build-option=--cuda_ext" ./',
            note="Needs nvcc of torch's CUDA major version (CUDA_HOME); a plain pip install of apex builds only its Python part.",
        )
    if top.get("extension") == "warp":
        # NVIDIA/warp README, "Building": build_lib.py builds the core library, with CUDA only where CUDA_HOME or CUDA_PATH
        # names a toolkit (the NVIDIA CUDA toolkit's installer sets CUDA_PATH on Windows).
        return Fix(
            kind="manual",
            code="Install the NVIDIA CUDA toolkit, open a new terminal (so that CUDA_PATH or CUDA_HOME is set), then in the "
            "Warp checkout run: python build_lib.py",
            note="Or use Warp's prebuilt wheel (pip install warp-lang) and start Python outside the checkout, whose warp "
            "folder would otherwise be imported instead.",
        )
    return Fix(
        kind="manual",
        code="Delete the extension's build folder, then reinstall it with FORCE_CUDA=1 set and nvcc on PATH "
        "(CUDA_HOME pointing at a toolkit of torch's CUDA major version).",
        note="detectron2 and maskrcnn-benchmark read FORCE_CUDA=1 to compile the CUDA code even when no GPU is visible.",
    )


def _describe_jit_not_built(top: Signal, cuda: str | None) -> tuple[str, str]:
    name = top.get("extension")
    return f"{name} is compiled on first use, and that build never produced its library", (
        "torch.utils.cpp_extension.load compiles such an extension the first time it is imported, into torch's "
        "extensions folder (or the package's own build folder), then loads the .so (.pyd on Windows) it made. The file "
        "is missing, so that build failed or was interrupted; its own output names why: most often ninja, nvcc "
        "(CUDA_HOME), MSVC on Windows or the CUDA development headers and libraries missing."
    )


# torch.utils.cpp_extension builds into TORCH_EXTENSIONS_DIR, else torch._appdirs.user_cache_dir("torch_extensions"):
# ~/.cache/torch_extensions on Linux, %LOCALAPPDATA%\torch_extensions\torch_extensions\Cache on Windows (read in
# torch 2.x's cpp_extension.get_default_build_root and _appdirs), then a py<version>_<cuda> folder, then the name.
_JIT_CACHE = {
    "windows": "%LOCALAPPDATA%\\torch_extensions\\torch_extensions\\Cache",
    "macos": "~/Library/Caches/torch_extensions",
    "linux": "~/.cache/torch_extensions",
}


def _fix_jit_not_built(ctx: Context, top: Signal) -> Fix | None:
    if top.get("deepspeed"):
        # DeepSpeed's op builders (op_builder/cpu_adam.py) compile against Python's headers; ds_report lists each op.
        op = str(top.get("extension")).upper()
        installed = (ctx.dist("deepspeed") or {}).get("version")
        # --no-deps: --force-reinstall alone would reinstall torch too, perhaps as another build.
        requirement = f"deepspeed=={installed}" if installed else "deepspeed"
        return Fix(
            kind="shell",
            code=f"DS_BUILD_{op}=1 python -m pip install {requirement} --force-reinstall --no-deps --no-cache-dir --no-build-isolation",
            note="This prebuilds the op at install time, printing why it fails: most often Python's headers or a compiler "
            "are missing (Debian/Ubuntu: sudo apt install build-essential python3-dev). ds_report then lists the op as "
            "installed. In cmd.exe set the variable first (set DS_BUILD_" + op + "=1), in PowerShell $env:DS_BUILD_" + op + "=1.",
        )
    folder = top.get("folder")
    if not folder:
        cache = _JIT_CACHE.get(ctx.platform or "linux", _JIT_CACHE["linux"])
        folder = f"{top.get('extension')} inside {cache} (in its py..._cu... folder; TORCH_EXTENSIONS_DIR instead, if set)"
    return Fix(
        kind="manual",
        code=f"Delete the folder {folder} and import it again, reading the build output it prints; "
        "install what that names (pip install ninja; the CUDA toolkit of torch's CUDA major version with its "
        "development libraries, CUDA_HOME pointing at it).",
        note="Where the import hides the output, set verbose=True in the project's torch.utils.cpp_extension.load call.",
    )


def _describe_never_built(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"{top.get('extension')}'s compiled part was never built", (
        "The project keeps C++/CUDA sources beside its Python files and builds them with its own setup step; its "
        "Python code imports the result, which does not exist until that step has run (and succeeded) in this "
        "environment."
    )


def _fix_never_built(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="manual",
        code="Run the project's build step in its root folder, in this environment: python setup.py build develop "
        "(or pip install -e . --no-build-isolation), with nvcc of torch's CUDA major version on PATH.",
        note="Read its output to the end: a failed build leaves the Python files in place and the compiled part missing.",
    )


def _describe_part_not_built(top: Signal, cuda: str | None) -> tuple[str, str]:
    package, name = top.get("package"), top.get("extension")
    return f"{package} is installed, but its compiled part {name} was never built", (
        f"{package}'s Python files import {name}, a C++/CUDA module built by a setup step of its own (a separate "
        "setup.py in its sources, or an install that compiles it only when a CUDA toolkit is found). That step never "
        "ran, or failed, in this environment, so the Python part is installed and the compiled part is not."
    )


def _fix_part_not_built(ctx: Context, top: Signal) -> Fix | None:
    package, name = top.get("package"), top.get("extension")
    return Fix(
        kind="manual",
        code=f"Build {name} from {package}'s sources in this environment, as its README says (the setup.py of the "
        "folder its C++/CUDA sources are in, run with this Python: python setup.py install), with nvcc of torch's "
        "CUDA major version on PATH.",
        note="Read the build's output to the end: a failed compile leaves the Python files in place and the part missing.",
    )


def _describe_glibc_c23_math(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "This system's glibc headers are newer than the CUDA toolkit's: nvcc stops on cospi/sinpi", (
        "glibc 2.41 and newer (Fedora 42, Ubuntu 25.04, Debian 13) declare cospi, sinpi and rsqrt with noexcept; the "
        "crt/math_functions.h of CUDA 12.9 and older declares them without, and C++ rejects the two declarations, so "
        "every .cu file fails to compile. Neither torch nor the extension is at fault."
    )


def _fix_glibc_c23_math(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="manual",
        code="Build in a container or distribution with glibc older than 2.41 (for example Ubuntu 24.04), or add "
        "noexcept (true) to the cospi, cospif, sinpi, sinpif, rsqrt and rsqrtf declarations in the toolkit's "
        "targets/x86_64-linux/include/crt/math_functions.h, as NVIDIA's forum patch does.",
        note="Edit a copy of the toolkit you own (the patch changes CUDA's headers for every build that uses them).",
    )


def _describe_cstdint(top: Signal, cuda: str | None) -> tuple[str, str]:
    return f"The extension's sources use {top.get('typename')} without including <cstdint>, which GCC 13 requires", (
        "Up to GCC 12 other standard headers brought in <cstdint>, so sources could use uint32_t or std::uintptr_t without "
        "including it; GCC 13 and newer no longer do, and nvcc compiles through the same headers. The sources predate "
        "that change; neither torch nor CUDA is at fault."
    )


def _fix_cstdint(ctx: Context, top: Signal) -> Fix | None:
    where = f"at the top of {top.get('file')}" if top.get("file") else "at the top of the header the first error names"
    return Fix(
        kind="manual",
        code=f"Add #include <cstdint> {where}, then build again; or build with GCC 12 or older "
        "(CC=gcc-12 CXX=g++-12 before the build command, with g++-12 installed).",
        note="The GCC 13 porting notes (gcc.gnu.org/gcc-13/porting_to.html, 'Header dependency changes') describe the change.",
    )


def _describe_cub_namespace(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "The extension's CUDA sources were written for an older CUB than this CUDA toolkit ships", (
        "CUDA bundles CUB, and the CUB of newer toolkits refuses sources that put CUB in a namespace of their own with "
        "CUB_NS_PREFIX/CUB_NS_POSTFIX alone, as older CUB asked: it wants CUB_NS_QUALIFIER too. The sources predate that "
        "change; neither torch nor the compiler is at fault."
    )


def _fix_cub_namespace(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="manual",
        code="Build it with an older CUDA toolkit (a CUDA 11 nvcc first on PATH, CUDA_HOME pointing at it: NVlabs/AutoDMP#8 "
        "built with CUDA 11.4), or use a release of the project made for this CUDA.",
        note="Or define CUB_NS_QUALIFIER beside CUB_NS_PREFIX in the sources (CUB's util_namespace.cuh says how).",
    )


def _describe_rust_too_old(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "The Rust compiler building this package is too old for its code", (
        "The package (tokenizers, safetensors and others are written in Rust) is built from source here because no wheel "
        "fits this platform or Python, and its code uses a feature this rustc still treats as unstable (error E0658): a "
        "newer stable Rust compiles it."
    )


def _fix_rust_too_old(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="shell",
        code="rustup update stable",
        note="Without rustup (a Rust from Homebrew, apt or conda), install Rust with rustup from https://rustup.rs and "
        "remove the older one from PATH; then run the same install again.",
    )


def _describe_triton_cuda(top: Signal, cuda: str | None) -> tuple[str, str]:
    return "triton-windows found no CUDA toolkit to compile its kernels with", (
        "Triton on Windows compiles each kernel with the CUDA toolkit's tools and headers and needs CUDA 12; it looks at "
        "CUDA_PATH and PATH. None was found there (or only an older toolkit, such as a conda environment's CUDA 11), "
        "although torch itself, which brings its own CUDA libraries, sees the GPU."
    )


def _fix_triton_cuda(ctx: Context, top: Signal) -> Fix | None:
    return Fix(
        kind="manual",
        code="Install a CUDA 12 toolkit (its Development and Runtime parts) from https://developer.nvidia.com/cuda-downloads, "
        "then open a new prompt so that CUDA_PATH and PATH name it, and run the program again.",
        note="In a conda environment holding an older cudatoolkit, remove it (conda remove cudatoolkit) so it does not come first.",
    )


BUILD_LOG: dict[str, LogReading] = {
    "rust_too_old": LogReading(_describe_rust_too_old, _fix_rust_too_old),
    "triton_cuda": LogReading(_describe_triton_cuda, _fix_triton_cuda),
    "cuda_home": LogReading(_describe_cuda_home),
    "isolated_cpu_torch": LogReading(_describe_isolated_cpu_torch, _fix_isolated_cpu_torch),
    "setuptools_too_new": LogReading(_describe_setuptools_too_new, _fix_setuptools_too_new),
    "cuda_home_malformed": LogReading(_describe_cuda_home_malformed, _fix_cuda_home_malformed),
    "path_is_file": LogReading(_describe_path_is_file, _fix_path_is_file),
    "ninja": LogReading(_describe_ninja, _fix_ninja),
    "cmake": LogReading(_describe_cmake, _fix_cmake),
    "build_tool_unavailable": LogReading(_describe_build_tool_unavailable, _fix_build_tool_unavailable),
    "nvcc_mismatch": LogReading(_describe_nvcc_mismatch),
    "cudart_older_at_link": LogReading(_describe_cudart_older_at_link, _fix_cudart_older_at_link),
    "nvcc_arch": LogReading(_describe_nvcc_arch, _fix_nvcc_arch),
    "nvcc_too_old": LogReading(_describe_nvcc_too_old),
    "ptx_too_new": LogReading(_describe_ptx_too_new, _fix_ptx_too_new),
    "nvcc_runtime_mixed": LogReading(_describe_nvcc_runtime_mixed, _fix_nvcc_runtime_mixed),
    "cuda_headers_mismatch": LogReading(_describe_cuda_headers_mismatch, _fix_cuda_headers_mismatch),
    "cccl_too_old": LogReading(_describe_cccl_too_old, _fix_cccl_too_old),
    "host_compiler": LogReading(_describe_host_compiler, _fix_host_compiler),
    "c_compiler": LogReading(_describe_c_compiler, _fix_c_compiler),
    "wheel_build_failed": LogReading(_describe_wheel_build_failed, _fix_wheel_build_failed),
    "setup_build_failed": LogReading(_describe_setup_build_failed, _fix_wheel_build_failed),
    "op_not_built": LogReading(_describe_op_not_built, _fix_op_not_built),
    "submodule_not_built": LogReading(_describe_submodule_not_built, _fix_submodule_not_built),
    "arch_list": LogReading(_describe_arch_list, _fix_arch_list),
    "cuda_link": LogReading(_describe_cuda_link),
    "driver_link": LogReading(_describe_driver_link, _fix_driver_link),
    "mingw32": LogReading(_describe_mingw32, _fix_mingw32),
    "abi_compiler": LogReading(_describe_abi_compiler, _fix_abi_compiler),
    "nvcc": LogReading(_describe_nvcc),
    "build_isolation": LogReading(_describe_build_isolation, _fix_build_isolation),
    "msvc_headers": LogReading(_describe_msvc_headers, _fix_msvc_headers),
    "cuda_headers": LogReading(_describe_cuda_headers),
    "python_headers": LogReading(_describe_python_headers, _fix_python_headers),
    "library_headers": LogReading(_describe_library_headers, _fix_library_headers),
    "python_import_lib": LogReading(_describe_python_import_lib, _fix_python_import_lib),
    "macos_target": LogReading(_describe_macos_target, _fix_macos_target),
    "openmp": LogReading(_describe_openmp, _fix_openmp),
    "cuda_locate": LogReading(_describe_cuda_locate, _fix_cuda_locate),
    "libstdcxx_newer": LogReading(_describe_libstdcxx_newer, _fix_libstdcxx_newer),
    "linker_system_libraries": LogReading(_describe_linker_system_libraries, _fix_linker_system_libraries),
    "macos_libstdcxx": LogReading(_describe_macos_libstdcxx, _fix_macos_libstdcxx),
    "macos_cxx_headers": LogReading(_describe_macos_cxx_headers, _fix_macos_cxx_headers),
    "macos_target_mismatch": LogReading(_describe_macos_target_mismatch, _fix_macos_target_mismatch),
    "built_without_cuda": LogReading(_describe_built_without_cuda, _fix_built_without_cuda),
    "jit_not_built": LogReading(_describe_jit_not_built, _fix_jit_not_built),
    "never_built": LogReading(_describe_never_built, _fix_never_built),
    "part_not_built": LogReading(_describe_part_not_built, _fix_part_not_built),
    "glibc_c23_math": LogReading(_describe_glibc_c23_math, _fix_glibc_c23_math),
    "cub_namespace": LogReading(_describe_cub_namespace, _fix_cub_namespace),
    "cstdint": LogReading(_describe_cstdint, _fix_cstdint),
}
