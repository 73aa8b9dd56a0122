"""Building an extension (detectron2, apex, flash-attn, custom ops): compiler, nvcc, CUDA_HOME, MSVC.

Message shapes come from torch.utils.cpp_extension (``CUDA_HOME environment variable is
not set``, ``Error checking compiler version for cl``, ``The detected CUDA version ...
mismatches the version that was used to compile PyTorch``), setuptools/distutils
(``Microsoft Visual C++ 14.0 or greater is required``), nvcc (``Unsupported gpu
architecture 'compute_86'``, host_config.h's ``unsupported GNU version! gcc versions later
than 8``, ``Cannot find compiler 'cl.exe' in PATH``), pip's and uv's isolated builds
(``Getting requirements to build wheel``, ``pip-build-env-``) and the extensions' own C++
(``Not compiled with GPU support``: detectron2, maskrcnn-benchmark, DCNv2).

Signals for ``build_toolchain_missing`` carry ``kind``:

- 'cuda_home', 'cuda_home_malformed' (``home``: the CUDA_HOME the path shows, ``folder``:
  the one folder it should be), 'cuda_headers' (``header``), 'nvcc' (missing);
- 'nvcc_mismatch' (``nvcc`` and ``torch_cuda``, the two CUDA versions named), 'nvcc_arch'
  (``arch``: an architecture this nvcc does not support), 'nvcc_too_old' (``needs``: the
  CUDA a package requires of nvcc);
- 'host_compiler' (``compiler``: 'gcc' with ``max_gcc``, the newest gcc this nvcc accepts,
  or 'msvc' with ``max_vs``; ``checker``: 'torch' when cpp_extension's own check said it),
  'msvc' (cl.exe missing), 'msvc_headers' (``header``: a standard header cl.exe cannot find), 'python_headers' (``windows``: an
  embeddable Windows Python without its include and libs folders),
  'python_import_lib' (``library``: Windows' pythonXY.lib), 'library_headers' (``header``: a third-party library's),
  'macos_target' (``macos``: the oldest macOS the code needs), 'openmp' (Apple
  clang), 'macos_libstdcxx' (Apple clang targeting a macOS without libc++ by default), 'compiler' (the compiler
  stopped with an error);
- 'arch_list' (``arch``: a TORCH_CUDA_ARCH_LIST entry this torch does not know);
- 'build_isolation' (``package``: what pip built without torch), 'built_without_cuda'
  (``extension``: the package whose CUDA code was not compiled in).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import compat, versions
from .imports import owner as installed_package  # this module's readings name their own `owner`
from .signals import Signal, extractor, signal
from .text import ErrorText

# torch's cpp_extension, and DeepSpeed's op builder ("CUDA_HOME does not exist, unable to compile CUDA op(s)",
# deepspeedai/DeepSpeed#2772), which also JIT-compiles ops at import.
# SageAttention's setup.py (and those copied from it) words it its own way: "Cannot find CUDA_HOME. CUDA must be available to
# build the package." (modal-labs/modal-examples#1353: a debian-slim image without the CUDA toolkit).
_CUDA_HOME = re.compile(
    r"CUDA_HOME environment variable is not set|CUDA_HOME does not exist, unable to compile CUDA op"
    r"|Cannot find CUDA_HOME\. CUDA must be available to build the package"
)
# cpp_extension's _find_cuda_home when CUDA_HOME *is* found but torch.cuda.is_available() is False: no GPU or driver
# visible where the build runs (a docker build, a container started without --gpus: D-Align#1, where setup.py then
# refused to build), or a CPU-only torch.
_NO_CUDA_RUNTIME = re.compile(r"No CUDA runtime is found, using CUDA_HOME=")
_MSVC = re.compile(r"Microsoft Visual C\+\+ 14\.0(?: or greater)? is required")
# cl.exe runs but finds neither the C runtime's nor the C++ library's own headers (NVlabs/tiny-cuda-nn#280:
# "fatal error C1083: Cannot open include file: 'crtdefs.h'" from CUDA's host_config.h, 'cerrno', 'algorithm'):
# its INCLUDE paths are not set, so the Visual Studio C++ workload, its Windows SDK or the developer prompt is missing.
# omp.h is MSVC's own too (torch.compile's cpp_prefix.h includes it: woct0rdho/triton-windows#169, fixed by adding the
# MSVC build tools and the Windows SDK and putting MSVC's bin folder on PATH).
_MSVC_STANDARD_HEADER = re.compile(
    r"fatal error C1083: Cannot open include file: '((?:crtdefs|corecrt|vcruntime|stddef|stdio|stdlib|string|math|limits|float"
    r"|errno|windows|basetsd|stdint|omp)\.h|[a-z_]{3,20})'"
    # The same headers missed by another compiler reading the Windows SDK's ucrt (Triton's bundled compiler:
    # woct0rdho/triton-windows#3, "corecrt.h:10:10: fatal error: vcruntime.h: No such file or directory", fixed by running
    # from Visual Studio's developer prompt).
    r"|fatal error: ((?:vcruntime|crtdefs)\.h): No such file or directory"
)
# triton-windows' own warnings when it looks for what it compiles with (its windows_utils.py): MSVC and the Windows SDK
# (woct0rdho/triton-windows#3), or the CUDA toolkit, whose CUDA 12 it needs (woct0rdho/triton-windows#37: a conda env's
# CUDA 11 toolkit; its README: "CUDA 12 is required", with the toolkit's bin folder on PATH or CUDA_PATH set).
_TRITON_WINDOWS_MISSING = re.compile(r"^WARNING: Failed to find (MSVC|Windows SDK|CUDA)\.?$", re.M)
_CL = re.compile(
    # torch's warning, wrapped by a console after "checking" (SpectacularAI/sdk-examples#121: gsplat's JIT build).
    r"Error checking\s{1,4}compiler version for cl\b|'cl\.exe' failed with exit code|cl\.exe: (?:not found|command not found)"
    r"|cl is not a full path and was not found in the PATH|Cannot find compiler 'cl\.exe' in PATH"
    # torch.utils.cpp_extension's own `where cl` before a JIT build on Windows (torch/utils/cpp_extension.py; yfeng95/DECA#168).
    r"|Command '\['where', 'cl'\]' returned non-zero exit status"
    # NVIDIA's StyleGAN custom_ops (torch_utils/custom_ops.py, copied into DragGAN and many GAN repositories) looking
    # for cl.exe under Visual Studio's default folders before its JIT build.
    r"|Could not find MSVC/GCC/CLANG installation on this computer"
    # nvdiffrast's torch plugin looking for cl.exe under Visual Studio's folders before its JIT build on Windows
    # (sicxu/Deep3DFaceRecon_pytorch#95: fixed by an installed Visual Studio's vcvars64.bat putting cl.exe on PATH).
    r"|Could not locate a supported Microsoft Visual C\+\+ installation"
    # torch.compile's inductor on Windows (torch/_inductor/cpp_builder.py check_compiler_exist_windows): "Compiler: cl is
    # not found." (loscrossos/core_zonos#1), or only its raise line when the paste stops there (BuffMcBigHuge/ComfyUI-Zonos#7).
    r"|Compiler: cl(?:\.exe)? is not found"
    # setuptools' own words when it runs cl.exe and Windows finds none (guochengqian/PointNeXt#88: python setup.py install).
    r"|error: command '(?:[^'\n]{0,200}[\\/])?cl\.exe' failed: No such file or directory"
    r"|in check_compiler_exist_windows\s{0,4}\n\s{0,12}raise RuntimeError\(f\"Compiler: \{compiler\} is not found"
)
_NVCC = re.compile(
    r"nvcc: (?:not found|[Cc]ommand not found)|nvcc fatal(?!\s{0,8}: Cannot find compiler 'cl)"
    # pip's words without the errno too ("installation problem: No such file or directory: '/usr/local/cuda/bin/nvcc'":
    # microsoft/DeepSpeed#4553, a container with no CUDA toolkit).
    r"|(?:\[Errno 2\] )?No such file or directory: '[^'\n]{0,200}nvcc'|unable to execute '[^'\n]{0,200}nvcc'"
    # mamba-ssm's and causal-conv1d's setup.py: "mamba_ssm was requested, but nvcc was not found" (state-spaces/mamba#497, #639)
    r"| was requested, but nvcc was not found"
    # The setup.py these projects share (flash-attn's, copied by mamba-ssm and causal-conv1d) sets bare_metal_version
    # only after running CUDA_HOME's nvcc; without nvcc the next use fails (state-spaces/mamba#104).
    r"|NameError: name 'bare_metal_version' is not defined"
    # A package that builds its CUDA part on first use saying it found no toolkit (no nvcc) and going on without it
    # (nerfstudio-project/nerfacc#89: "NerfAcc: No CUDA toolkit found. NerfAcc will be disabled.", fixed by a CUDA
    # toolkit whose nvcc runs); raised as an exception's message, the class name comes first on the line.
    r"|(?m:^)(?:\w{1,40}Error: )?\w{1,40}: No CUDA toolkit found\b"
    # flashinfer's JIT (vLLM compiles its kernels on first use) in an image with the CUDA runtime but no toolkit:
    # "Could not find nvcc and default cuda_home='/usr/local/cuda' doesn't exist" (oumi-ai/oumi#2503, fixed by a -devel
    # CUDA base image).
    r"|Could not find nvcc and default cuda_home="
)
# A setup.py running nvcc itself, in a traceback that ends with the program not found: Windows words it in the
# system's language ("[WinError 2] 系统找不到指定的文件": NVIDIA/apex#1549, apex's get_cuda_bare_metal_version
# running cuda_dir + "/bin/nvcc").
_RUNS_NVCC = re.compile(r"\b(?:check_output|Popen|run|call)\(\[[^\n\]]{0,120}nvcc\b")
_FILE_NOT_FOUND = re.compile(r"^FileNotFoundError: \[(?:WinError|Errno) 2\]", re.M)
# torch's message is wrapped over two lines (indented) in most logs; a cut-off copy keeps the first half.
# DeepSpeed's op builder says it its own way; with a minor-only difference it only warns ("... but since
# the APIs are compatible, accepting this combination"), which is no failure.
_CUDA_MISMATCH = re.compile(
    r"The detected CUDA version \(([\d.]{1,10})\) mismatches the version that was used to compile"
    r"(?:\s{1,12}PyTorch \(([\d.]{1,10})\))?"
    r"|Installed CUDA version ([\d.]{1,10}) does not match the version torch was compiled with ([\d.]{1,10}),?\s{0,4}unable"
    # apex's setup.py says it its own way (NVIDIA/apex#1748): nvcc's release is printed above it, torch's in it.
    r"|Cuda extensions are being compiled with a version of Cuda that does not match the version used to compile"
    r"\s{1,4}Pytorch binaries\.\s{1,4}Pytorch binaries were compiled with Cuda ([\d.]{1,10})"
    # torch's message left unformatted, as RuntimeError's argument tuple (jl1-cd#5: mmcv built by mim):
    # "('The detected CUDA version (%s) mismatches ... (%s). Please ...', '11.3', '12.8')".
    r"|The detected CUDA version \(%s\) mismatches [^']{0,200}', '([\d.]{1,10})', '([\d.]{1,10})'"
    # k2's get_version.py says it torch's first (k2-fsa/k2#1158): "PyTorch is built with CUDA version: 11.7.
    # The current running CUDA version is: 10.2.89".
    r"|PyTorch is built with CUDA version: ([\d.]{1,10}?)\.?\s{1,12}The current running CUDA version is: ([\d.]{1,10})"
)
# ptxas says it with its own option's name, 'gpu-name': Triton's bundled ptxas older than the GPU (ModelTC/LightLLM#176:
# triton 2.0.0 on an RTX 4090, sm_89, fixed by triton 2.1.0; triton-lang/triton#8539: sm_121a, fixed by
# TRITON_PTXAS_PATH naming CUDA 13's ptxas).
# nvcc refusing an architecture value that is no architecture's name at all: a typo in the build's own flags, not an nvcc
# too old (multimodallearning/pytorch-mask-rcnn#38: "Value '[sm_61]' is not defined", brackets copied from the README's
# placeholder into make.sh; -arch=sm_61 written plainly built). nvcc 13.0 words it "Unsupported gpu architecture
# '[sm_61]'", and so for quotes kept in the value ("''sm_61''") and a list where one value goes ('sm_75,sm_86'), measured
# here; in that wording the value runs to the line's last quote, so that quotes inside it are kept.
_NVCC_VALUE = re.compile(
    r"Value '(?P<value>[^\n]{1,60}?)' is not defined for option 'gpu-(?:architecture|(?P<ptxas>name))'"
    r"|Unsupported gpu architecture '(?P<unsupported>[^\n]{1,60})'\s{0,4}$"
    # A real architecture's name needs no end of line: quotes and words may follow it on a pasted line.
    r"|Unsupported gpu architecture '(?P<arch>compute_\d{2,3}[af]?)'",
    re.M,
)
# What nvcc calls an architecture: sm_61, compute_90a, lto_89, and nvcc 11.6's native, all and all-major, which an older
# nvcc refuses as too old (ggml-org/whisper.cpp#876).
_ARCH_NAME = re.compile(r"^(?:(?:sm|compute|lto)_\d{2,3}[af]?|native|all|all-major)$")

# A package's setup.py checking nvcc's version itself (flash-attn: "FlashAttention is only supported on
# CUDA 11.6 and above.  Note: make sure nvcc has a supported version"; Dao-AILab/flash-attention#825).
# Only where the message is about the build (flash-attn's own name, or nvcc named on the line).
# SageAttention's setup.py says it as "CUDA 12.0 or higher is required to build the package" (A-bot-world#8).
_NVCC_TOO_OLD = re.compile(
    r"FlashAttention is only supported on CUDA (\d{1,2}(?:\.\d{1,2})?) and above"
    r"|is only supported on CUDA (\d{1,2}(?:\.\d{1,2})?) and above(?=[^\n]{0,120}\bnvcc\b)"
    r"|CUDA (\d{1,2}(?:\.\d{1,2})?) or higher is required to build"
)
# nvcc older than the sources: CUDA 9 introduced the synchronising warp intrinsics (__syncwarp, __shfl_*_sync), so an
# nvcc of CUDA 8 says they are undefined (NVIDIA/flownet2-pytorch#158: fixed by CUDA_HOME=/usr/local/cuda-9.0).
_WARP_SYNC_UNDEFINED = re.compile(r"identifier \"(?:__syncwarp|__shfl(?:_up|_down|_xor)?_sync|__ballot_sync|__activemask)\" is undefined")
# CUDA 8's host_config.h words it "unsupported GUN version ! gcc version later than 5.3" (k2-fsa/fast_rnnt#9).
_HOST_GCC = re.compile(r"unsupported G(?:NU|UN) version ?! gcc versions? later than (\d{1,2})")
# torch.utils.cpp_extension's own check of the host compiler against nvcc's CUDA (_check_cuda_version, CUDA_GCC_VERSIONS):
# "The current installed version of g++ (11.3.0) is greater than the maximum required version by CUDA 11.3 (10.0.0).
# Please make sure to use an adequate version of g++ (>=5.0.0, <=10.0.0)." (torch 1.13, mit-han-lab/torchsparse#189);
# torch 2.x ends it "(>=6.0.0, <13.0)", an exclusive bound.
_CPP_EXT_GCC_TOO_NEW = re.compile(
    r"The current installed version of ([^\s()]{1,300}?) \([\d.]{1,20}\) is greater\s{1,4}than the maximum required version"
    r" by CUDA ([\d.]{1,10})"
)
# The compiler may be named by its path (conda's x86_64-conda-linux-gnu-c++: icg_net#3).
# The host compiler older than the build needs: torch's own headers (c10/util/C++17.h in torch 1.x: "You're trying to
# build Pytorch with a too old version of GCC. We need GCC 5 or later", open-mmlab/mmdetection#2663, fixed by gcc 5.4),
# or cpp_extension's check against nvcc's CUDA (torch/utils/cpp_extension.py, _check_cuda_version: "... is less than
# the minimum required version by CUDA 11.8 (6.0.0)").
_GCC_TOO_OLD = re.compile(
    r"build Py[Tt]orch with a too old version of GCC\. We need GCC (\d{1,2}) or later"
    r"|The current installed version of (?:[^\s()]{0,300}?g\+\+|[^\s()]{0,300}?gcc|c\+\+) \([\d.]{1,20}\) is less\s{1,4}than the minimum"
    r" required version by CUDA [\d.]{1,10} \((\d{1,2})[\d.]{0,10}\)"
)
# gcc refusing the flag of a C++ standard it predates: "unrecognized command line option '-std=c++14'" (gcc 4.8.5 building
# yolov5_obb's nms_rotated, hukaixuan19970627/yolov5_obb#510, fixed by gcc 5.3.1). The gcc to ask for: full C++14
# from gcc 5, C++17's language from gcc 7 (gcc 5 and 6 had it in part, as c++1z), -std=c++20 from gcc 10 (before,
# c++2a) (gcc.gnu.org/projects/cxx-status.html).
_STD_FLAG_UNKNOWN = re.compile(r"unrecognized command[- ]line option [‘'\"`]?-std=(?:c|gnu)\+\+(14|17|20)\b")
_FIRST_GCC_WITH_STD = {"14": "5", "17": "7", "20": "10"}
_ADEQUATE_BOUND = re.compile(r"adequate version of [^\s()]{1,300}? \(>=[\d.]{1,20}, (<=?)(\d{1,2})\.")
_ANY_GNU = re.compile(r"unsupported G(?:NU|UN) version")
# conda's own compilers (conda-forge's gcc_linux-64, installed by an environment.yml): their triplet names the folder
# of their headers and the compiler itself (lab4d-org/lab4d#10: .../envs/lab4d/x86_64-conda-linux-gnu/include/c++/11.4.0).
_CONDA_TOOLCHAIN = re.compile(r"\b(x86_64|aarch64|powerpc64le)-conda(?:_cos\d)?-linux-gnu")
_CONDA_PLATFORM = {"x86_64": "linux-64", "aarch64": "linux-aarch64", "powerpc64le": "linux-ppc64le"}


def _conda_compiler_platform(err: ErrorText) -> str | None:
    """conda's platform suffix of its compiler packages (``linux-64``) when conda's own gcc compiled, else None."""
    match = err.search(_CONDA_TOOLCHAIN)
    return _CONDA_PLATFORM[match.group(1)] if match else None


# nvcc of CUDA 11.x before 11.6 with gcc 11's libstdc++ headers: std_function.h "parameter packs not expanded with
# '...'" while compiling a .cu file (pierotofy/OpenSplat#61, citing NVIDIA/nccl#650): a host compiler that nvcc does
# not support, however the build tool words it.
_GCC11_STD_FUNCTION = re.compile(
    r"c\+\+/11(?:\.\d{1,2}){0,2}/bits/std_function\.h:\d{1,5}:\d{1,5}: error: parameter packs not expanded with"
)
# The same error quoted without its header's path (NVlabs/instant-ngp#119: only "error: parameter packs not expanded
# with '...'", fixed by building with g++-10 or gcc-9). In builds of CUDA code it is that pairing nearly always, but
# plain C++ can say it too: weaker.
_PARAMETER_PACKS = re.compile(r"error: parameter packs not expanded with")
# The link step not finding CUDA's runtime library in CUDA_HOME (nerfstudio-project/nerfstudio#2748: a conda CUDA
# keeps it in lib, torch 2.0's cpp_extension looked in lib64 only, fixed in torch 2.1 by pytorch/pytorch#101285).
_LINK_CUDA = re.compile(r"\bld: cannot find -l(cudart|cuda|cublas|cublasLt|cusparse|curand|cufft|nvrtc)\b")
# The original MinGW's gcc (mingw.org, 32-bit only: its files under mingw32/) linking for a 64-bit Python: it lacks the
# libraries a 64-bit build links (THUDM/ChatGLM-6B#485: cpm_kernels' quantisation kernels, "mingw32/bin/ld.exe: cannot
# find -lpthread"; the maintainer's fix was a 64-bit gcc, TDM-GCC with pthread and OpenMP selected). mingw-w64's own
# folders are named for their target (x86_64-w64-mingw32/), so they are not read so.
_MINGW32_LINK = re.compile(r"(?<![\w-])mingw32[\\/]bin[\\/]ld\.exe: cannot find -l(\w{1,40})")
# torch.utils.cpp_extension's own warning that the extension is compiled with another compiler than torch was built
# with ("Your compiler (g++) is not compatible with the compiler Pytorch was built with for this platform, which is
# clang++ on darwin"): the extensions then fail to load with missing symbols (pyg-team/pytorch_geometric#636, fixed by
# building them with clang).
_ABI_COMPILER = re.compile(
    r"Your compiler \(([^()\n]{1,80})\) is not compatible with the compiler Pytorch was\s{1,4}built with for this\s{1,4}platform,"
    r"\s{1,4}which is ([\w+.-]{1,20}) on (\w{1,20})"
)
# The same host_config.h check on Windows (nerfstudio-project/nerfstudio#3171, CUDA 11.8 with a newer VS 2022).
_HOST_MSVC = re.compile(r"unsupported Microsoft Visual Studio version! Only the versions between (\d{4}) and (\d{4})")
# CUDA_HOME set to several folders joined with ':' (as PATH is), or with a stray ':': torch then
# runs nvcc from '<CUDA_HOME>/bin/nvcc', e.g. ':/usr/local/cuda/bin/nvcc' or '/usr/local/cuda:/bin/nvcc'
# (rusty1s/pytorch_cluster#55, pytorch/extension-cpp#48). POSIX paths only: 'C:/...' is a drive.
_JOINED_NVCC = re.compile(r"(?<![\w:])((?:/[\w.+-]{1,80}){0,8}:(?:/[\w.+-]{1,80}){0,8}:?)/bin/nvcc\b")
# Windows' form: CUDA_HOME (or CUDA_PATH, which cpp_extension reads when CUDA_HOME is unset) holding several toolkits
# joined with ';' as PATH is, so ninja runs '<v12.1;v11.6;...>\bin\nvcc' and Windows answers "CreateProcess failed: The
# system cannot find the file specified" (NVlabs/nvdiffrast#159).
_JOINED_NVCC_WINDOWS = re.compile(r"((?:[A-Za-z]:\\[^;\n\"']{1,200};){1,12}[^;\n\"']{0,200})\\bin\\nvcc\b")
_TOOLKIT_ROOT = re.compile(r"^[A-Za-z]:\\[^;]{0,200}\\v\d{1,2}\.\d{1,2}$")
# collect_env's "CUDA_HOME  /a:/b" line, or cpp_extension's "using CUDA_HOME='/a:/b'" (Megvii-BaseDetection/AeDet#9).
_JOINED_HOME = re.compile(
    r"^CUDA_HOME\s{1,40}((?:/[\w.+-]{1,80}){0,8}:(?:/[\w.+-]{1,80}){0,8}:?)[ \t]*$"
    r"|using CUDA_HOME='((?:/[\w.+-]{1,80}){0,8}:(?:/[\w.+-]{1,80}){0,8}:?)'",
    re.M,
)
# CUDA_HOME set with its quotes kept (export CUDA_HOME="'/usr/local/cuda'"): nvcc's path then holds the quote
# characters (MVIG-SJTU/AlphaPose#765: unable to execute "'/usr/local/cuda'/bin/nvcc").
_QUOTED_NVCC = re.compile(r"""('/[\w./+-]{1,200}'|"/[\w./+-]{1,200}")/bin/nvcc""")
# torch.utils.cpp_extension's own check before a JIT build (NVlabs/nvdiffrast#35).
# Older torch ran `ninja --version` in verify_ninja_availability and let the missing program's error through
# (zhanghang1989/PyTorch-Encoding#167: "FileNotFoundError: [Errno 2] No such file or directory: 'ninja'").
_NO_NINJA = re.compile(r"Ninja is required to load C\+\+ extensions|No such file or directory: 'ninja'")
_GCC_FAILED = re.compile(
    r"error: command '[^'\n]{0,200}(?:gcc|g\+\+|c\+\+)' failed|ninja: build stopped: subcommand failed"
    r"|Error building extension '|Error compiling objects for extension|error: command '[^'\n]{0,200}nvcc(?:\.exe)?' failed"
    r"|Command '\['ninja', '-v'[^\n]{0,80}returned non-zero exit status"
    # ninja's own line for the compile step that failed, all a short paste may keep of the log
    # (yuxinjiang/anomalydiffusion#56: "FAILED: fused_bias_act_kernel.cuda.o", fixed with an older host gcc).
    r"|^FAILED: \S{1,200}\.(?:cuda\.)?o\s{0,4}$",
    re.M,
)
# A CUDA_HOME that is a runtime only (conda's cudatoolkit, a driver-only image): no headers to compile against.
# gcc's "fatal error: cuda.h: No such file", MSVC's "fatal error C1083: Cannot open include file: 'cuda.h': No such
# file" and its translations, which keep the code and the quoted name (pytorch/pytorch#8329: “cuda.h”).
_CUDA_HEADERS = re.compile(
    r"fatal error(?: C1083)?: (?:[^\n'\"“‘]{0,80}['\"“‘])?"
    r"(cuda_runtime(?:_api)?\.h|cuda\.h|cublas_v2\.h|cusparse\.h|curand\.h|cuda_fp16\.h|cusolverDn\.h)['\"”’]?: No such file"
)
_PYTHON_HEADERS = re.compile(r"fatal error: Python\.h: No such file or directory")
# The same on Windows, where an embeddable Python (ComfyUI's python_embeded, uv's or FramePack's bundled one) ships no
# include and libs folders: MSVC's C1083 (any language: only the code and the file name stay), or Triton's bundled tcc
# ("include file 'Python.h' not found") compiling its cuda_utils.c helper (woct0rdho/triton-windows#77: fixed by
# adding a full install's include and libs folders).
_PYTHON_HEADERS_WINDOWS = re.compile(
    r"fatal error C1083: [^\n]{0,120}?['\"“]?Python\.h['\"”]?: No such file|include file '<?Python\.h>?' not found"
)
# gcc missing the header of a third-party library the extension's sources use, which pip cannot install: the system's
# development package provides it (mit-han-lab/torchsparse#359: google/dense_hash_map, fixed with apt-get install
# libsparsehash-dev). Only a header inside a library's own folder (google/, boost/, Eigen/): a bare "mylib.h" is as
# likely the project's own include path. torch's, CUDA's and Python's own headers have their own readings.
# A paste of the header line alone, without gcc's "fatal error: " (ManiGaussian#41: "glm/glm.hpp: No such file or
# directory" building diff-gaussian-rasterization, fixed with apt-get install libglm-dev): only a C/C++ header's name.
_LIBRARY_HEADER = re.compile(
    r"fatal error: [‘'\"]?([A-Za-z_][\w.+-]{0,40}/[\w/.+-]{1,80})[’'\"]?: No such file or directory"
    r"|^\s{0,8}([A-Za-z_][\w.+-]{0,40}/[\w/.+-]{0,80}\.(?:h|hpp|hh|cuh|inl)): No such file or directory",
    re.M,
)
# uv's own hint under a failed build, naming the header a system library would provide (Devparihar5/poc-realtime-ai-
# assistant PR 19: "you need to install a library that provides "portaudio.h" for pyaudio@0.2.14"; fixed by Homebrew's
# portaudio). uv words it so only for a header the compiler did not find.
_UV_HEADER_HINT = re.compile(r"you need to install a library that provides \"([\w./+-]{1,80}\.h(?:pp)?)\" for ([\w.-]{1,80})@")
_OWN_HEADERS = re.compile(r"^(?:THC?|THCUNN|THNN|ATen|c10|torch|pybind11|Python|cu\w*|nv\w*|crt|omp)\b", re.I)
# Triton's tcc.exe failing to build that helper, the compiler's own line not pasted (lllyasviel/FramePack#248: the
# triton-windows maintainer named the missing Python.h of the embedded Python as the cause).
_TRITON_TCC_FAILED = re.compile(
    r"CalledProcessError: Command '\['[^'\n]{0,300}[\\/]triton[\\/]+runtime[\\/]+tcc[\\/]+tcc\.exe', "
    r"'[^'\n]{0,300}?(?:cuda_utils|main)\.c'[^\n]{0,3000}?returned non-zero exit status"
)
# Apple clang refusing C++17's aligned operator new below a macOS 10.14 deployment target, which torch's own pybind11
# headers use: the build asks for an older macOS than they support (facebookresearch/pytorch3d#68: built with
# MACOSX_DEPLOYMENT_TARGET=10.9 as its instructions said, it completed with 10.14; the instructions were then changed).
_MACOS_ALIGNED_NEW = re.compile(
    r"aligned (?:de)?allocation function of type [^\n]{0,200}\n?[^\n]{0,40}?is only available on macOS (\d{2}\.\d{1,2}) or newer"
)
# The Windows linker's same gap: Python's import library (libs\python310.lib), which an embedded Python (ComfyUI's
# python_embeded) lacks and a venv's build may look for beside its own Scripts (turboderp/exllama#76: linked once the
# full install's python310.lib was copied where the build looked; MSVC's LNK1104 "cannot open file").
_PYTHON_IMPORT_LIB = re.compile(r"LNK1104: cannot open file '(python3\d{0,2}\.lib)'")
# Apple clang building for a macOS older than 10.9 (Anaconda's Python built for macosx-10.7 passes that target on), where
# it defaults to libstdc++, which current Xcode no longer ships: "warning: include path for stdlibc++ headers not found"
# and then "'cstddef' file not found" (pyg-team/pytorch_geometric#613; PyG's install notes built with
# MACOSX_DEPLOYMENT_TARGET=10.9 CC=clang CXX=clang++).
_MACOS_LIBSTDCXX = re.compile(r"include path for stdlibc\+\+ headers not found")
# setuptools' (distutils') own check: the deployment target in the environment is older than the one the Python was
# configured with (pytorch/audio#120: now "10.9" but "10.11"; facebookresearch/pytorch3d#1385: "10.14" but "11.0" on an
# M1 Mac; both built once MACOSX_DEPLOYMENT_TARGET was the configured value).
_MACOS_TARGET_MISMATCH = re.compile(
    r"\$MACOSX_DEPLOYMENT_TARGET mismatch: now \"(\d{1,2}(?:\.\d{1,2})?)\" but \"(\d{1,2}(?:\.\d{1,2})?)\" during configure"
)
# clang missing a C++ standard header without that warning (dmlc/dgl#1197: "'ios' file not found" on macOS Catalina,
# fixed by CFLAGS='-stdlib=libc++'): no standard library is where clang looks, whether the target chose libstdc++ or the
# Command Line Tools' SDK is incomplete. Only the standard's own header names (cppreference, "C++ Standard Library
# headers"), which no project or library ships.
_MACOS_CXX_HEADER = re.compile(
    r"fatal error: '(ios|iostream|istream|ostream|sstream|fstream|iomanip|string|vector|map|set|unordered_map|unordered_set"
    r"|algorithm|memory|functional|utility|tuple|array|type_traits|limits|iterator|stdexcept|exception|new|mutex|thread"
    r"|atomic|chrono|random|numeric|complex|cstddef|cstdlib|cstdint|cstring|cmath|cstdio|cassert|climits|cfloat)' file not found"
)
# Apple's clang has no OpenMP (autonomousvision/occupancy_networks#113).
# clang's own words for the header when no OpenMP is installed for it (nanoporetech/nanopolish#16: Apple's clang, fixed
# by building with Homebrew's gcc; gcc brings omp.h with its libgomp and says "omp.h: No such file or directory").
_OPENMP = re.compile(r"clang: error: unsupported option '-fopenmp'|fatal error: 'omp\.h' file not found")
# pip and uv build a source package in a fresh environment holding only its declared build
# requirements: a setup.py that imports torch without declaring it fails there even when torch
# is installed (Dao-AILab/flash-attention#1421, whyNLP/LCKV#17).
# pdm says it in its own words (pdm-project/pdm#2202: "Module 'torch' is missing, please make sure it is specified
# in the 'build-system.requires' section").
# DeepSpeed's setup.py says it its own way when asked to pre-compile its ops (OptimalScale/LMFlow#282).
_NO_TORCH = re.compile(
    r"No module named '(torch)'|Module '(torch)' is missing, please make sure it is specified in the 'build-system"
    r"|Unable to pre-compile ops without (torch) installed"
)
_ISOLATED_BUILD = re.compile(
    r"pip-build-env-|Getting requirements to build (?:wheel|editable)|get_requires_for_build_(?:wheel|editable)"
    r"|build backend returned an error|Failed to build `|--no-build-isolation|Preparing metadata \(pyproject\.toml\)"
    # pip 25's own summary: "ERROR: Failed to build 'torch-scatter' when getting requirements to build wheel"
    # (gridfm/gridfm-graphkit PR 95: no torch-scatter wheel for torch 2.13, so a source build without torch).
    r"|Failed to build '[^'\n]{1,300}' when getting requirements to build"
    # A setup.py that imports torch while pip prepares it, before the torch of the same install exists
    # (flash-attn from a requirements file: falcontechnologies#11).
    r"|setup\.py egg_info did not run successfully|Preparing metadata \(setup\.py\)"
    # Older pip's words for the same step, the setup.py in pip's temporary checkout (tiny-cuda-nn's bindings/torch,
    # 4DGaussians' 4D-Rotor-Gaussians#3: "Command errored out ... egg_info", fixed by a pip that built it without isolation;
    # rusty1s/pytorch_scatter#145: torch and torch-scatter in one requirements file, torch not yet installed).
    r"|[/\\]pip-(?:req-build|install)-\w{1,20}[/\\][^\n'\"]{0,200}setup\.py"
)
_BUILD_WINDOW = 3000
_BUILT_PACKAGE = re.compile(
    r"Failed to build [`']([\w.-]{1,80}?)(?:==[^`'\s]{1,40})?[`']|`([\w.-]{1,80}?)@[\w.+-]{1,40}` depends on `torch`"
    # pip 25 names a local checkout by its URL: "Failed to build 'file:///root/Wan2GP/SageAttention'" (Wan2GP#1732);
    # its path is what to install again
    r"|Failed to build 'file://(/[^'\n\s]{1,300})'"
    r"|Building wheel for ([\w.-]{1,80}) \(|Collecting ([\w.-]{1,80})"
)
# pip (21 and newer) unpacks each source package in pip-install-<id>/<name>_<32 hex digits>/.
_PIP_UNPACKED = re.compile(r"[/\\]pip-install-\w{1,20}[/\\]([A-Za-z][\w.-]{0,80}?)_[0-9a-f]{32}[/\\]")
# The extensions' C++ raises this when their CUDA code was not compiled in (the build saw no CUDA):
# detectron2, maskrcnn-benchmark, mmcv ("nms is not compiled with GPU support").
# Retold in a user's words too ('I still get "Not compiled with gpu" error': facebookresearch/pytorch3d#318).
_NO_GPU_BUILD = re.compile(r"[Nn]ot compiled with (?i:GPU)\b")
# NVIDIA Warp's own words for a build of it without CUDA, run from its source checkout (NVIDIA/warp#257: built before the
# CUDA toolkit was installed; fixed by installing the toolkit and building again).
_WARP_WITHOUT_CUDA = re.compile(r"this build of Warp does not support CUDA")
_WARP_FRAME = re.compile(r"[\\/]warp[\\/][\w.]{1,60}\.py$")
# apex installed without its C++/CUDA extensions (NVIDIA/apex#499: build with --cpp_ext --cuda_ext).
_APEX_MODULE = re.compile(r"No module named '(fused_layer_norm_cuda|amp_C|fused_adam_cuda|syncbn|apex_C|fused_mix_prec_layer_norm_cuda)'")
_PACKAGE_DIR = re.compile(
    r"[/\\](?:site|dist)-packages[/\\]([A-Za-z_]\w{0,60})[/\\]|[/\\]([A-Za-z_]\w{0,60})[/\\](?:layers|ops|csrc|_ext)\b"
)


# torch's own cpp_extension importing what newer setuptools removed: `from pkg_resources import packaging`, gone in
# setuptools 70 (stanford-futuredata/ColBERT#350 and flashinfer-ai/flashinfer PR 319: fixed by setuptools 69.5.1;
# ROCm/pytorch PR 1424 removed the import from 1.13's), and pkg_resources itself, gone in setuptools 82, which torch
# releases before 2.9 import there (nerfstudio-project/gsplat PR 899). Building or loading any extension fails so.
_SETUPTOOLS_REMOVED = re.compile(
    r"cannot import name 'packaging' from 'pkg_resources'|No module named '?pkg_resources'?"
)
_CPP_EXTENSION_FRAME = re.compile(r"torch[/\\]utils[/\\]cpp_extension\.py")


@extractor
def setuptools_newer_than_torch(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_SETUPTOOLS_REMOVED)
    frames = err.frames_before(match.start()) if match else []
    if match and frames and _CPP_EXTENSION_FRAME.search(frames[-1]):
        removed_in = "70" if "packaging" in match.group() else "82"
        said = f"torch's cpp_extension imports what setuptools {removed_in} removed"
        yield signal("build_toolchain_missing", 0.9, [err.evidence(match), said], kind="setuptools_too_new", removed_in=removed_in)


# apex's get_cuda_bare_metal_version, copied by kaolin and others, runs cuda_dir + "/bin/nvcc" with torch's CUDA_HOME,
# which is None when no CUDA toolkit was found (NVIDIAGameWorks/kaolin#561: a Windows machine without the toolkit).
_CUDA_DIR_NONE = re.compile(
    r"\b(?:cuda_dir|CUDA_HOME)\s{0,2}\+\s{0,2}[\"'][/\\]bin[/\\]nvcc[\"'][\s\S]{0,300}?"
    r"TypeError: unsupported operand type\(s\) for \+: 'NoneType' and 'str'"
)


# The same words from a build pip runs in its isolated environment, with that environment's own torch (its overlay) on
# Windows or macOS: PyPI's torch there is the CPU build (pytorch/pytorch#122924), and torch 2.2 and later look for
# CUDA_HOME only in a CUDA build (pytorch/pytorch#106310), so the build finds none however CUDA_HOME is set
# (facebookresearch/sam2#41: CUDA 12.4 installed and CUDA_HOME set; pip install --no-build-isolation -e . built it).
_OVERLAY_TORCH = re.compile(r"pip-build-env-\w{1,20}[/\\]overlay[/\\][^\n]{0,200}?[/\\]site-packages[/\\]torch[/\\]", re.I)


@extractor
def cuda_home_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CUDA_HOME) or err.search(_CUDA_DIR_NONE)
    overlay = err.search(_OVERLAY_TORCH) if match and err.platform in ("windows", "macos") else None
    if match and overlay:
        said = "the build imported the torch pip put in its isolated build environment, not this environment's"
        yield signal("build_toolchain_missing", 0.9, [err.evidence(match), err.evidence(overlay), said], kind="isolated_cpu_torch")
        return
    if match:
        yield signal("build_toolchain_missing", 0.95 if match.re is _CUDA_HOME else 0.85, [err.evidence(match)], kind="cuda_home")
        return
    no_runtime = err.search(_NO_CUDA_RUNTIME)
    if no_runtime:
        said = "CUDA_HOME was found, but torch sees no usable GPU where the build runs"
        # torch 2.2 and later look for CUDA_HOME only in a CUDA build (pytorch/pytorch#106310, "Don't set CUDA_HOME when
        # not compiled with CUDA support", merged 2023-11-06; torch 2.13's cpp_extension.py here does so), so with such a
        # torch stated the build has CUDA and the GPU or its driver is what is missing.
        if err.stated_at_least("torch", (2, 2)):
            yield signal("no_driver_or_gpu", 0.7, [err.evidence(no_runtime), said, f"torch {err.package('torch')} is a CUDA build"])
            return
        # On Windows PyPI's torch is the CPU-only build (pytorch/pytorch#122924), so there it is likelier than a missing
        # GPU (graphdeco-inria/gaussian-splatting#748: environment.yml had installed torch 2.0's CPU build).
        windows = err.platform == "windows"
        yield signal("no_driver_or_gpu", 0.45 if windows else 0.6, [err.evidence(no_runtime), said])
        yield signal("cpu_only_build", 0.55 if windows else 0.4, [err.evidence(no_runtime)])


# cpp_extension's _get_cuda_arch_flags with TORCH_CUDA_ARCH_LIST unset takes the architectures of the GPUs it sees; with
# none visible (a docker build, which gets no GPU) the list is empty and "arch_list[-1] += '+PTX'" raises IndexError
# (clementpinard/pytorch-correlation-extension#90: fixed by setting TORCH_CUDA_ARCH_LIST in the Dockerfile).
_EMPTY_ARCH_LIST = re.compile(
    r"arch_list\[-1\] \+= '\+PTX'[^\n]{0,40}\n(?:[^\n]{0,80}\n){0,3}?[^\n]{0,80}IndexError: list index out of range"
)


# tiny-cuda-nn asks torch.cuda for the GPU's compute capability, at build time in its bindings' setup.py ("Unknown compute
# capability. Specify the target compute capabilities in the TCNN_CUDA_ARCHITECTURES environment variable ...":
# NVlabs/tiny-cuda-nn#445, a Dockerfile's build, which sees no GPU) and at import in tinycudann/modules.py ("Unknown
# compute capability. Ensure PyTorch with CUDA support is installed": georghess/neurad-studio#40, a container run without
# GPU access). torch.cuda.is_available() was False: no GPU visible, or a CPU-only torch (nerfstudio-project/nerfstudio#1576).
_TCNN_BUILD_SAW_NO_GPU = re.compile(r"Unknown compute capability\. Specify the target compute capabilities in the TCNN_CUDA_ARCHITECTURES")
_TCNN_RUN_SAW_NO_GPU = re.compile(r"Unknown compute capability\. Ensure PyTorch with CUDA support is installed")


@extractor
def build_saw_no_gpu(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_EMPTY_ARCH_LIST)
    if match and not err.search(_NO_CUDA_RUNTIME):
        said = "the build took its GPU architectures from the GPUs it could see, and saw none"
        yield signal("no_driver_or_gpu", 0.75, [err.evidence(match), said], kind="build_without_gpu")
        return
    tcnn = err.search(_TCNN_BUILD_SAW_NO_GPU)
    if tcnn:
        said = "tiny-cuda-nn's build asked torch for the GPU's compute capability, and torch saw no GPU"
        detail = {"kind": "build_without_gpu", "variable": "TCNN_CUDA_ARCHITECTURES", "example": "86"}
        yield signal("no_driver_or_gpu", 0.7, [err.evidence(tcnn), said], **detail)
        yield signal("cpu_only_build", 0.4, [err.evidence(tcnn)])
        return
    tcnn = err.search(_TCNN_RUN_SAW_NO_GPU)
    if tcnn:
        said = "tiny-cuda-nn asked torch for the GPU's compute capability, and torch saw no GPU (none visible, or a CPU build)"
        yield signal("no_driver_or_gpu", 0.55, [err.evidence(tcnn), said], kind="no_device")
        yield signal("cpu_only_build", 0.5, [err.evidence(tcnn)])


# The locate_cuda() that py-faster-rcnn's lib/setup.py wrote and many detection repositories copied: it takes the
# toolkit from CUDAHOME or nvcc's folder and insists on <home>/lib64, which macOS's toolkit (lib) and some Linux
# packages (/usr/lib64 when nvcc is /usr/bin/nvcc) do not have (rbgirshick/py-faster-rcnn#527, Guanghan/lighttrack#1:
# both fixed by making that setup.py look in lib).
_LOCATE_CUDA = re.compile(r"The CUDA (lib64|include|nvcc|bin) path could not be located in (\S{1,300})")


@extractor
def locate_cuda_refused(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_LOCATE_CUDA)
    if match:
        detail = {"part": match.group(1), "path": match.group(2).rstrip(".'\"")}
        yield signal("build_toolchain_missing", 0.85, [err.evidence(match)], kind="cuda_locate", **detail)


# A build joining a toolkit variable with "/include" (or lib, lib64, bin) where the variable names a file, not the folder:
# "/usr/local/cuda/lib64/libcudnn.so.7/include: Not a directory" (facebookresearch/maskrcnn-benchmark#1131: CUDNN_PATH
# set to cuDNN's library file; fixed by CUDNN_PATH=/usr/local/cuda/). The folder meant is the one above the file's
# lib64/lib/bin folder.
# The shell's words put the path first ("ls: cannot access '<path>': Not a directory"), Python's after them
# ("NotADirectoryError: [Errno 20] Not a directory: '<path>'"): both made here with libc.so.6 as the file.
_TOOLKIT_FILE = (
    r"(?:/|[A-Za-z]:\\)[^\s:'\"]{0,300}?[\\/][\w.+-]{1,80}\.(?:so(?:\.\d{1,4}){0,3}|dylib|dll|lib|a|h|exe)|/[^\s:'\"]{0,300}?/bin/nvcc"
)
_JOINED_FOLDER = r"[\\/](?:include|lib64|lib|bin)\b"
_PATH_IS_FILE = re.compile(
    rf"({_TOOLKIT_FILE}){_JOINED_FOLDER}[^\n:]{{0,200}}: Not a directory|Not a directory: '(?P<after>{_TOOLKIT_FILE}){_JOINED_FOLDER}"
)
_TOOLKIT_SUBFOLDER = re.compile(r"[\\/](?:lib64|lib|bin)$")


@extractor
def toolkit_variable_names_a_file(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_PATH_IS_FILE) if "Not a directory" in err.text else None
    if match:
        file = match.group(1) or match.group("after")
        folder = _TOOLKIT_SUBFOLDER.sub("", re.split(r"[\\/]", file[::-1], maxsplit=1)[1][::-1]) or "/"
        said = f"{file} is a file: the build added a folder name to it, so a variable it reads names a file, not a folder"
        yield signal("build_toolchain_missing", 0.85, [err.evidence(match), said], kind="path_is_file", file=file, folder=folder)


@extractor
def cuda_home_malformed(err: ErrorText) -> Iterator[Signal]:
    """A CUDA_HOME of several folders (or with a stray ':'), seen in the nvcc path or collect_env."""
    # Cheap substring checks first: the path patterns would otherwise run over every '/' of a long log.
    match = (err.search(_JOINED_NVCC) or err.search(_QUOTED_NVCC) if "/bin/nvcc" in err.text else None) or (
        err.search(_JOINED_HOME) if "CUDA_HOME" in err.text else None
    )
    windows = err.search(_JOINED_NVCC_WINDOWS) if not match and "\\bin\\nvcc" in err.text else None
    if windows:
        home = windows.group(1)
        parts = [part for part in home.split(";") if part]
        folder = next((part for part in parts if _TOOLKIT_ROOT.match(part)), parts[0])
        yield signal("build_toolchain_missing", 0.9, [err.line_at(windows.start())], kind="cuda_home_malformed", home=home, folder=folder)
        return
    if not match:
        repeated = _repeated_toolkit_nvcc(err)
        if repeated:
            pos, home = repeated
            evidence = [err.line_at(pos)]
            yield signal("build_toolchain_missing", 0.9, evidence, kind="cuda_home_malformed", home=home, folder=_last_toolkit(home))
        return
    home = next(group for group in match.groups() if group)
    parts = [part.strip("'\"") for part in home.split(":") if part.strip("'\"")]
    folder = next((part for part in parts if "cuda" in part.lower()), parts[0] if parts else None)
    yield signal("build_toolchain_missing", 0.93, [err.evidence(match)], kind="cuda_home_malformed", home=home, folder=folder)


def _repeated_toolkit_nvcc(err: ErrorText) -> tuple[int, str] | None:
    """(offset, CUDA_HOME) of an nvcc path naming the CUDA folder more than once, run together: CUDA_HOME set to copies
    of one path with nothing between them (Point2Skeleton under WSL, scene-recognition-in-3d#4:
    'usr/local/cuda-10.2usr/local/cuda-10.2/usr/local/cuda-10.2/bin/nvcc'). The first 20 nvcc paths are read."""
    start = 0
    for _ in range(20):
        pos = err.text.find("/bin/nvcc", start)
        if pos == -1:
            return None
        home = err.word_before(pos, separators="'\"")
        if home.lower().count("cuda") >= 2:
            return pos, home
        start = pos + len("/bin/nvcc")
    return None


def _last_toolkit(home: str) -> str:
    """The last whole toolkit folder in a run-together CUDA_HOME: its last part naming cuda, with the usr/local/opt
    folders before it ('/usr/local/cuda-10.2')."""
    parts = home.split("/")
    last = max(i for i, part in enumerate(parts) if "cuda" in part.lower())
    first = last
    while first > 0 and parts[first - 1] in ("usr", "local", "opt"):
        first -= 1
    return "/" + "/".join(parts[first : last + 1])


# Triton compiles a small C launcher for each kernel it JIT-compiles and needs a C compiler for it (triton/runtime/
# build.py): a slim Docker image without one (jamiepine/voicebox#877, fixed by build-essential), or Windows without
# Visual Studio's compiler for triton-windows (kijai/ComfyUI-MochiWrapper#91, SageAttention through Triton).
_NO_C_COMPILER = re.compile(r"Failed to find C compiler\. Please specify via CC environment variable")
# The same want, said by torch.compile's C++ backend ("InvalidCxxCompiler: No working C++ compiler found in
# torch._inductor.config.cpp.cxx": NixOS/nixpkgs#446105) and by a setup.py that asks the shell for g++ ("Command
# '['which', 'g++']' returned non-zero exit status 1": torch.utils.cpp_extension's check, SplaTAM#8, maskrcnn-benchmark).
# gcc without its C++ part (Debian's gcc without g++) says it cannot run cc1plus (deepspeedai/DeepSpeed#3094: "gcc: fatal error:
# cannot execute 'cc1plus': execvp: No such file or directory", fixed by installing g++).
_NO_CXX_COMPILER = re.compile(
    r"InvalidCxxCompiler: No working C\+\+ compiler found|Command '\['which', '(?:g\+\+|gcc|c\+\+|cc)'\]' returned non-zero exit status"
    r"|cannot execute [‘'`]cc1plus[’'`]"
)


@extractor
def c_compiler_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NO_C_COMPILER)
    if match:
        yield signal("build_toolchain_missing", 0.9, [err.evidence(match)], kind="c_compiler", needs="Triton")
        return
    cxx = err.search(_NO_CXX_COMPILER)
    if cxx:
        who = "torch.compile (its C++ backend)" if "InvalidCxxCompiler" in cxx.group(0) else "The build"
        yield signal("build_toolchain_missing", 0.85, [err.evidence(cxx)], kind="c_compiler", needs=who)


# pip's last words for a package it compiled from source and failed to build, and the package's name ("Failed building
# wheel for X"; pip 23's "Could not build wheels for X, which is required to install pyproject.toml-based projects").
# This module's weak reading and wheels' "that package publishes wheels" reading both read the package here.
PIP_WHEEL_BUILD_FAILED = r"(?:Could not build wheels for|Failed building wheel for) ([A-Za-z0-9][\w.-]{0,80})"
# With nothing above saying why (the log cut off): building from source needs a compiler, Python's headers and, for
# CUDA code, the toolkit (31 of the corpus's 35 texts with these words are labelled so). Weak, so that any reading of
# the log's own lines comes first.
_WHEEL_BUILD_FAILED = re.compile(PIP_WHEEL_BUILD_FAILED)


@extractor
def wheel_build_failed(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_WHEEL_BUILD_FAILED)
    if match and match.group(1).lower() not in ("torch", "pytorch"):  # torch itself from source is PyPI's placeholder
        yield signal("build_toolchain_missing", 0.45, [err.evidence(match)], kind="wheel_build_failed", package=match.group(1))


# A Docker build step that compiles an extension with its setup.py and fails, its own log not shown, only Docker's summary
# ("ERROR: failed to solve: process \"... CUDA_HOME=/usr/local/cuda FORCE_CUDA=1 python setup.py develop\" did not complete
# successfully: exit code: 1": Kaivalya192/Object_Reconstruction#5, kaolin built once the Dockerfile set CC and CXX; the
# classic builder says "The command '/bin/sh -c ...' returned a non-zero code"). The same weak reading as pip's summary.
_DOCKER_SETUP_BUILD_FAILED = re.compile(
    r"(?:failed to solve: process|The command) [\"'][^\n]{0,1500}?\bsetup\.py (?:develop|install|build_ext|bdist_wheel)\b"
    r"[^\n]{0,300}?(?:did not complete successfully|returned a non-zero code)"
)


@extractor
def docker_setup_build_failed(err: ErrorText) -> Iterator[Signal]:
    match = None if err.search(_WHEEL_BUILD_FAILED) else err.search(_DOCKER_SETUP_BUILD_FAILED)
    if match:
        yield signal("build_toolchain_missing", 0.45, [err.evidence(match)], kind="setup_build_failed")


# rustc's E0658, "use of unstable library feature" or "... are unstable", building a Rust package from source (the
# tokenizers or safetensors wheel where none fits the platform): a crate written for stable Rust uses what this older
# rustc still calls unstable (Rust error index, E0658; invoke-ai/InvokeAI#243: an older Rust on an M1 Mac, fixed by
# installing Rust with rustup).
_RUST_TOO_OLD = re.compile(r"error\[E0658\]: [^\n]{1,200}")


@extractor
def rust_too_old(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_RUST_TOO_OLD)
    if match:
        yield signal("build_toolchain_missing", 0.8, [err.evidence(match)], kind="rust_too_old")


# A package built with CMake (pybind11's cmake_example setup.py, which dlib's and many others' follow: "CMake must be
# installed to build the following extensions: _dlib_pybind11", davisking/dlib#2307, fixed by `pip install cmake`;
# dlib's later "CMake is not installed on your system!"; a build script running a cmake that is not there).
_NO_CMAKE = re.compile(
    r"CMake must be installed to build the following extensions|CMake is not installed on your system"
    r"|No such file or directory: 'cmake'|cmake: (?:command )?not found"
)


@extractor
def cmake_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NO_CMAKE)
    if match:
        yield signal("build_toolchain_missing", 0.85, [err.evidence(match)], kind="cmake")


@extractor
def ninja_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NO_NINJA)
    if match:
        yield signal("build_toolchain_missing", 0.95, [err.evidence(match)], kind="ninja")


# setuptools' build_ext on Windows stopping because a program it started does not exist: "running build_ext" then
# "error: [WinError 2] The system cannot find the file specified" (oobabooga/text-generation-webui#1937: GPTQ's
# quant_cuda built without the MSVC Build Tools, fixed by installing them). The program is the compiler (cl.exe) unless
# the log names another; no DLL is being loaded, so windows_dll.py leaves this WinError to this reading.
BUILD_EXT_FILE_NOT_FOUND = re.compile(r"^\s{0,12}running build_ext\s{0,4}\n(?:[^\n]{0,300}\n){0,20}?\s{0,12}error: \[WinError 2\]", re.M)


@extractor
def msvc_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_MSVC) or err.search(_CL)
    if match:
        yield signal("build_toolchain_missing", 0.95 if match.re is _MSVC else 0.85, [err.evidence(match)], kind="msvc")
    elif "WinError 2" in err.text and (started := err.search(BUILD_EXT_FILE_NOT_FOUND)):
        said = "the build could not start a program it needs: on Windows that is the MSVC compiler, cl.exe, unless named"
        yield signal("build_toolchain_missing", 0.75, [err.evidence(started), said], kind="msvc")


# torch.utils.cpp_extension (_get_cuda_arch_flags) refusing an entry of TORCH_CUDA_ARCH_LIST that is not in this
# torch's list of architectures: one newer than this torch knows ("9.0+PTX" under an older torch: OpenBMB/BMTrain#83,
# fixed by listing 6.0 to 8.6) or one it dropped ("3.0" in a ~/.bashrc: NVIDIA/apex#615).
_UNKNOWN_ARCH = re.compile(r"Unknown CUDA arch \(([\w.+]{1,20})\) or GPU not supported")


@extractor
def arch_list_unknown_to_torch(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_UNKNOWN_ARCH)
    if match:
        yield signal("build_toolchain_missing", 0.9, [err.evidence(match)], kind="arch_list", arch=match.group(1))


@extractor
def msvc_without_headers(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_MSVC_STANDARD_HEADER)
    if match:
        header = match.group(1) or match.group(2)
        yield signal("build_toolchain_missing", 0.85, [err.evidence(match)], kind="msvc_headers", header=header)


@extractor
def triton_windows_missing_a_tool(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TRITON_WINDOWS_MISSING)
    if not match:
        return
    if match.group(1) == "CUDA":
        yield signal("build_toolchain_missing", 0.75, [err.evidence(match)], kind="triton_cuda")
    else:
        yield signal("build_toolchain_missing", 0.8, [err.evidence(match)], kind="msvc")


# ptxas given PTX of a newer ISA than it knows: the compiler that wrote the PTX (Triton, or a newer nvcc) is newer than
# the CUDA toolkit whose ptxas assembles it ("ptxas ... fatal   : Unsupported .version 7.3; current version is '7.1'":
# triton-lang/triton#322, CUDA 11.1's ptxas under a Triton that needs CUDA 11.3 or newer).
_PTX_TOO_NEW = re.compile(r"fatal\s{0,4}: Unsupported \.version (\d{1,2}\.\d{1,2}); current version is '(\d{1,2}\.\d{1,2})'")


# The linker of a C++ program built against LibTorch: libtorch_cuda.so asks the CUDA runtime for a function the libcudart
# linked lacks ("libtorch_cuda.so: undefined reference to `cudaLaunchKernelExC@libcudart.so.11.0'": pytorch/pytorch#125300,
# a cu118 LibTorch linked with a local CUDA 11.7 toolkit's cudart, which added that function in 11.8; fixed by the toolkit
# and LibTorch of one CUDA release). Within one major the soname is the same, so the older runtime links until then.
_LIBTORCH_CUDART_LINK = re.compile(r"(libtorch\w{0,20}\.so)[.\d]{0,12}: undefined reference to `(cuda\w{1,80})@libcudart\.so\.(\d{1,2})")


@extractor
def libtorch_linked_with_older_cudart(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_LIBTORCH_CUDART_LINK)
    if match:
        said = f"the libcudart linked lacks {match.group(2)}, which LibTorch's {match.group(1)} calls: an older CUDA toolkit's"
        yield signal("build_toolchain_missing", 0.75, [err.evidence(match), said], kind="cudart_older_at_link", function=match.group(2))


@extractor
def ptxas_older_than_its_ptx(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_PTX_TOO_NEW)
    if match:
        said = f"this ptxas assembles PTX up to ISA {match.group(2)}; it was given PTX {match.group(1)}"
        detail = {"kind": "ptx_too_new", "ptx": match.group(1), "known": match.group(2)}
        yield signal("build_toolchain_missing", 0.7, [err.evidence(match), said], **detail)


# CCCL's own check (cuda/std/__cccl/cuda_toolkit.h) that nvcc and the CUDA headers included are of one CUDA release: pip's
# nvidia-cuda-nvcc wheel floated to 13.2 over 13.0's runtime headers (edutelligence PR 687, merged: pin nvcc to the
# runtime's major.minor), and mixed CUDA wheels under a JIT build (flashinfer-ai/flashinfer#3493, fixed by reinstalling
# the toolchain wheels of torch's cu130).
_CUDA_HEADERS_MISMATCH = re.compile(r"CUDA compiler and CUDA toolkit headers are incompatible")
# CCCL's cuda:: namespaces (cuda::ptx, cuda::std) lacking what the code calls: the toolkit's CCCL is older than the code
# needs (vllm-project/vllm PR 37507: FlashInfer's JIT kernels need the tensormap intrinsics of CUDA 12.6's CCCL).
_CCCL_MEMBER_MISSING = re.compile(r"""namespace ["'“]?cuda::(?:ptx|std|experimental|device)["'”]? has no member ["'“]?(\w{1,80})""")


@extractor
def cuda_headers_problem(err: ErrorText) -> Iterator[Signal]:
    """The CUDA headers a build includes do not fit its nvcc, or are older than the code needs."""
    mismatch = err.search(_CUDA_HEADERS_MISMATCH)
    if mismatch:
        said = "nvcc and the CUDA headers the build includes come from different CUDA releases"
        yield signal("build_toolchain_missing", 0.85, [err.evidence(mismatch), said], kind="cuda_headers_mismatch")
        return
    missing = err.search(_CCCL_MEMBER_MISSING)
    if missing:
        said = "the CUDA toolkit's C++ library (CCCL) is older than the code being compiled needs"
        yield signal("build_toolchain_missing", 0.75, [err.evidence(missing), said], kind="cccl_too_old", member=missing.group(1))


@extractor
def nvcc_problem(err: ErrorText) -> Iterator[Signal]:
    mismatch = err.search(_CUDA_MISMATCH)
    if mismatch:
        yield signal(
            "build_toolchain_missing",
            0.9,
            [err.evidence(mismatch)],
            kind="nvcc_mismatch",
            nvcc=mismatch.group(1) or mismatch.group(3) or mismatch.group(6) or mismatch.group(9),
            torch_cuda=mismatch.group(2) or mismatch.group(4) or mismatch.group(5) or mismatch.group(7) or mismatch.group(8),
        )
        return
    value = err.search(_NVCC_VALUE)
    written = (value.group("value") or value.group("unsupported") or value.group("arch")) if value else ""
    if value and not _ARCH_NAME.match(written):
        said = f"'{written}' is not an architecture's name (sm_61, compute_61): the build's flags are mistyped"
        yield signal("other", 0.7, [err.evidence(value), said], kind="nvcc_arch_value_malformed")
        return
    if value and written.startswith(("sm_", "compute_")):  # a real GPU architecture refused: nvcc older than the GPU
        triton = "triton" in err.lower or any(name.endswith("triton") for name in err.packages)
        tool = ("triton's ptxas" if triton else "ptxas") if value.group("ptxas") else "nvcc"
        yield signal("build_toolchain_missing", 0.9, [err.evidence(value)], kind="nvcc_arch", arch=written, tool=tool)
        return
    warp = err.search(_WARP_SYNC_UNDEFINED)
    if warp:
        yield signal("build_toolchain_missing", 0.85, [err.evidence(warp)], kind="nvcc_too_old", needs="9.0")
        return
    old = err.search(_NVCC_TOO_OLD)
    if old:
        needs = next(group for group in old.groups() if group)
        yield signal("build_toolchain_missing", 0.9, [err.evidence(old)], kind="nvcc_too_old", needs=needs)
        return
    msvc = err.search(_HOST_MSVC)
    if msvc:
        versions = f"{msvc.group(1)}-{msvc.group(2)}"
        yield signal("build_toolchain_missing", 0.9, [err.evidence(msvc)], kind="host_compiler", compiler="msvc", max_vs=versions)
        return
    standard = err.search(_STD_FLAG_UNKNOWN)
    if standard:
        needs, conda = _FIRST_GCC_WITH_STD[standard.group(1)], _conda_compiler_platform(err)
        said = f"this gcc does not know C++{standard.group(1)}'s flag: it is too old for it (gcc {needs} or later)"
        detail = {"compiler": "gcc", "min_gcc": needs, "conda": conda, "standard": f"C++{standard.group(1)}"}
        yield signal("build_toolchain_missing", 0.85, [err.evidence(standard), said], kind="host_compiler", **detail)
        return
    too_old = err.search(_GCC_TOO_OLD)
    if too_old:
        needs = too_old.group(1) or too_old.group(2)
        conda = _conda_compiler_platform(err)
        evidence = [err.evidence(too_old)]
        yield signal("build_toolchain_missing", 0.9, evidence, kind="host_compiler", compiler="gcc", min_gcc=needs, conda=conda)
        return
    cpp_ext = _gcc_bound(err)
    if cpp_ext:
        bound_check, newest = cpp_ext
        evidence = [err.evidence(bound_check)]
        conda = _conda_compiler_platform(err)
        yield signal(
            "build_toolchain_missing", 0.9, evidence, kind="host_compiler", compiler="gcc", max_gcc=newest, checker="torch", conda=conda
        )
        return
    gnu = err.search(_HOST_GCC) or err.search(_ANY_GNU) or err.search(_GCC11_STD_FUNCTION) or err.search(_PARAMETER_PACKS)
    if gnu:
        newest = gnu.group(1) if gnu.re is _HOST_GCC else ("10" if gnu.re in (_GCC11_STD_FUNCTION, _PARAMETER_PACKS) else None)
        conda = _conda_compiler_platform(err)
        evidence, confidence = [err.evidence(gnu)], 0.7 if gnu.re is _PARAMETER_PACKS else 0.9
        yield signal("build_toolchain_missing", confidence, evidence, kind="host_compiler", compiler="gcc", max_gcc=newest, conda=conda)
        return
    match = err.search(_NVCC)
    if match:
        yield signal("build_toolchain_missing", 0.9, [err.evidence(match)], kind="nvcc")
        return
    mingw32 = err.search(_MINGW32_LINK)
    if mingw32:
        said = "mingw32/ is the original MinGW's gcc, which builds 32-bit code only"
        yield signal("build_toolchain_missing", 0.8, [err.evidence(mingw32), said], kind="mingw32", library=f"lib{mingw32.group(1)}")
        return
    link = err.search(_LINK_CUDA)
    if link and link.group(1) == "cuda":
        # libcuda is the driver's library, not the toolkit's: a driver installs libcuda.so.1, and the unversioned
        # libcuda.so a link asks for only with its development files or as the toolkit's stub (lib64/stubs). Triton
        # links its launcher with -lcuda at run time (triton-lang/triton#1981: fixed by a libcuda.so link beside
        # libcuda.so.1; state-spaces/mamba#123: by LIBRARY_PATH naming the stubs; NVlabs/tiny-cuda-nn#183: by a libcuda.so
        # link in the environment's lib).
        said = "libcuda is the NVIDIA driver's library: the linker finds no libcuda.so, the driver installs libcuda.so.1"
        yield signal("build_toolchain_missing", 0.85, [err.evidence(link), said], kind="driver_link", library="libcuda")
        return
    if link:
        yield signal("build_toolchain_missing", 0.85, [err.evidence(link)], kind="cuda_link", library=f"lib{link.group(1)}")
        return
    other_compiler = err.search(_ABI_COMPILER)
    if other_compiler:
        used, wanted = other_compiler.group(1), other_compiler.group(2)
        yield signal("build_toolchain_missing", 0.8, [err.evidence(other_compiler)], kind="abi_compiler", used=used, wanted=wanted)
        return
    run, missing = err.search(_RUNS_NVCC), err.search(_FILE_NOT_FOUND)
    if run and missing and run.start() < missing.start():
        yield signal("build_toolchain_missing", 0.85, [err.evidence(run), err.evidence(missing)], kind="nvcc")


def _gcc_bound(err: ErrorText) -> tuple[re.Match[str], str | None] | None:
    """cpp_extension's "version of g++ ... is greater than the maximum required version by CUDA": (match, newest gcc major).

    clang's bounds are another table (CUDA_CLANG_VERSIONS), and the fixes here are gcc's: a clang compiler is left out.
    """
    match = err.search(_CPP_EXT_GCC_TOO_NEW)
    if not match or "clang" in match.group(1):
        return None
    bound = _ADEQUATE_BOUND.search(err.raw_line_at(match.start()))
    if not bound:
        return match, None
    return match, bound.group(2) if bound.group(1) == "<=" else str(int(bound.group(2)) - 1)


# pip's isolated build environment installing its own torch to compile an add-on against ("Running command pip
# subprocess to install build dependencies ... Collecting torch>=1.5 ... torch-1.11.0-cp37-cp37m-manylinux1_x86_64.whl"),
# another release than the torch installed beside it: the extension is then built for that torch and fails to load
# under the installed one (toshas/torch-discounted-cumsum#9: 1.11.0 in the build env, 1.8.1 installed).
_BUILD_DEPENDENCIES = re.compile(r"pip subprocess to install build dependencies|Installing build dependencies")
_BUILD_ENV_TORCH_WHEEL = re.compile(r"\btorch-(\d{1,2}\.\d{1,3}\.\d{1,3})(?:%2B\w{1,20}|\+\w{1,20})?-cp\d{2,3}")


@extractor
def build_env_pulled_another_torch(err: ErrorText) -> Iterator[Signal]:
    building, installed = err.search(_BUILD_DEPENDENCIES), versions.release(err.package("torch"))
    wheel = _BUILD_ENV_TORCH_WHEEL.search(err.text, building.end(), building.end() + 3000) if building and installed else None
    if building and wheel and installed and versions.release(wheel.group(1)) != installed:
        package = _package_built(err, building.start())
        said = f"pip's isolated build environment installed torch {wheel.group(1)} to build against; torch {installed} is installed"
        yield signal("extension_abi_mismatch", 0.7, [err.evidence(wheel), said], extension=package, library=None, have=installed)


@extractor
def isolated_build_without_torch(err: ErrorText) -> Iterator[Signal]:
    """``No module named 'torch'`` raised inside pip's/uv's isolated build environment."""
    missing = err.search(_NO_TORCH)
    # The build's own output around the message (pip indents it, uv follows it with its hint): a later
    # "No module named 'torch'" of the same log, outside the build, is torch missing for that Python.
    around = (max(0, missing.start() - _BUILD_WINDOW), missing.end() + _BUILD_WINDOW) if missing else (0, 0)
    isolated = _ISOLATED_BUILD.search(err.text, *around) if missing else None
    if not (missing and isolated):
        return
    package = _package_built(err, missing.start())
    evidence = [err.evidence(missing), err.evidence(isolated)]
    builder = "pdm" if missing.group(2) else "pip"
    yield signal("build_toolchain_missing", 0.92, evidence, kind="build_isolation", package=package, builder=builder)


def _package_built(err: ErrorText, pos: int) -> str | None:
    """The package whose build failed: pip's last "Collecting X" before the error (a requirements file collects torch
    first: rusty1s/pytorch_scatter#145), else uv's "Failed to build `X`" after it, else the folder pip unpacked it in
    (pip-install-<id>/deepspeed_<hash>/setup.py: OptimalScale/LMFlow#282). Never torch itself."""
    for built in (err.search_last(_BUILT_PACKAGE, pos), err.search(_BUILT_PACKAGE), err.search(_PIP_UNPACKED)):
        name = next((group for group in built.groups() if group), None) if built else None
        if name and name.lower() != "torch":
            return name
    return None


# An add-on that imports its compiled ops in a try/except and runs on without them: Grounding DINO's ms_deform_attn.py
# warns "Failed to load custom C++ ops. Running on CPU mode Only!" and later fails with "name '_C' is not defined". Its
# setup.py compiles the op only when CUDA_HOME is set at install (IDEA-Research/Grounded-Segment-Anything#53,
# google/RB-Modulation#2: set CUDA_HOME, then reinstall).
_OPS_NOT_LOADED = re.compile(r"Failed to load custom C\+\+ ops\. Running on CPU mode Only!")
_C_UNBOUND = re.compile(r"name '_C' is not defined")
# The calling line right above that NameError when no frame header names its file (a copy cut at the frame's start,
# IPython's numbered listing: chenfei-wu/TaskMatrix#368, IDEA-Research/Grounded-Segment-Anything#360): an op called on
# _C by a public name (`_C.ms_deform_attn_forward(`) is an add-on's compiled op; torch's own files call private ones.
_ADDON_OP_CALL = re.compile(r"(?<![.\w])_C\.([a-z]\w{0,80})\(")
_NOT_AN_ADDON = ("torch", "torchvision", "torchaudio", "torchtext", "IPython", "ipykernel")
_SITE_PACKAGE = re.compile(r"site-packages[\\/]([A-Za-z_]\w{0,60})[\\/]")


@extractor
def addon_ops_never_built(err: ErrorText) -> Iterator[Signal]:
    warned, unbound = err.search(_OPS_NOT_LOADED), err.search(_C_UNBOUND)
    # The innermost frame's own package: whoever raised it (torch's own _C is imports.torch_c_missing's reading, and a
    # frame of IPython's or of the user's code is not an add-on's).
    frames = err.frames_before(unbound.start()) if unbound else []
    raised_in = _owner_package(frames[-1:])
    calls_an_op = _calls_an_addon_op(err, unbound)
    if raised_in in _NOT_AN_ADDON:
        if not calls_an_op:
            return
        raised_in = None  # the op's own frame was cut off; the frame last named is whoever ran it
    found = warned or (unbound if raised_in or calls_an_op else None)
    if found:
        name = raised_in or _site_package_named(err, found.start()) or ("groundingdino" if "ms_deform_attn" in err.text else None)
        said = f"{name or 'the add-on'}'s compiled ops were never loaded: it was installed without building them"
        yield signal("build_toolchain_missing", 0.8, [err.evidence(found), said], kind="built_without_cuda", extension=name)


def _calls_an_addon_op(err: ErrorText, unbound: re.Match[str] | None) -> bool:
    """Whether the last lines above ``name '_C' is not defined`` call a public op on _C."""
    return bool(unbound and _ADDON_OP_CALL.search(err.text, max(0, unbound.start() - 1_500), unbound.start()))


def _site_package_named(err: ErrorText, end: int) -> str | None:
    """The installed package of the last site-packages path before ``end`` that is not torch's family."""
    names = [m.group(1) for m in _SITE_PACKAGE.finditer(err.text, 0, end)]
    names = [name for name in names if name not in _NOT_AN_ADDON]
    return names[-1] if names else None


# Mask2Former's ms_deform_attn_func.py (vendored by OpenSeeD, Mask DINO, LLaVA-Grounding ...) when its CUDA op was never
# compiled: "Please compile MultiScaleDeformableAttention CUDA op with the following commands: cd .../ops, sh make.sh"
# (UX-Decoder/LLaVA-Grounding#6, solved by building the op as IDEA-Research/OpenSeeD#23 says).
_MSDA_NOT_BUILT = re.compile(r"Please compile MultiScaleDeformableAttention CUDA op with the following commands")


@extractor
def deformable_attention_op_never_built(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_MSDA_NOT_BUILT)
    if match:
        yield signal("build_toolchain_missing", 0.85, [err.evidence(match)], kind="op_not_built", extension="MultiScaleDeformableAttention")


# An extension whose C++ asks torch for data_ptr<long> (or an accessor of long): torch instantiates its typed accessors
# for int64_t, which is long on Linux but long long on Windows and macOS, so there the symbol does not exist. MSVC names it
# "at::TensorBase::data_ptr<long>" (mangled ??$data_ptr@J@: nerfacc 0.3.2, KAIST-VCLAB nerfacc#141, fixed in its source;
# dvlab-research/PointGroup#15); Apple's loader "__ZNK2at10TensorBase8data_ptrIlEEPT_v" (pytorch/pytorch#84339, #54406).
# The extension's source is at fault, not the install: int64_t in place of long builds everywhere.
_LONG_NOT_INT64 = re.compile(r"(?<![A-Za-z])data_ptr(?:<long>|IlEE|@J@)")


@extractor
def extension_asks_for_long_data(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_LONG_NOT_INT64)
    if match:
        said = "data_ptr<long> exists only where long is 64-bit int64_t (Linux); Windows and macOS build it for long long"
        yield signal("other", 0.9, [err.evidence(match), said], kind="long_is_not_int64")


# MSVC's linker missing a CUDA math library's function in an extension ("error LNK2019: unresolved external symbol
# cublasHgemm": exllama's cuda_ext.py built without cuBLAS, jllllll/exllama#36, fixed by extra_ldflags=["cublas.lib"]).
# On Linux a shared library may leave the name to the loader (torch's own libraries bring cuBLAS); a Windows DLL must name
# every library at link time, so the extension's Windows build lacks the library: its build script's fault.
_UNLINKED_CUDA_LIBRARY = re.compile(r"unresolved external symbol _{0,2}(cublas|cublasLt|cusparse|curand|cufft|cusolver)[A-Z_]\w{0,80}")


@extractor
def windows_build_missing_a_cuda_library(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_UNLINKED_CUDA_LIBRARY)
    if match:
        library = f"{match.group(1)}.lib"
        said = f"MSVC links every library a DLL uses at build time: the extension's build does not name {library}"
        yield signal("other", 0.8, [err.evidence(match), said], kind="windows_link_lacks_cuda_library", library=library)


@extractor
def built_without_cuda(err: ErrorText) -> Iterator[Signal]:
    """``Not compiled with GPU support``: the package whose frames raised it was built without CUDA."""
    apex = err.search(_APEX_MODULE)
    if apex:
        yield signal("build_toolchain_missing", 0.85, [err.evidence(apex)], kind="built_without_cuda", extension="apex")
        return
    warp = err.search(_WARP_WITHOUT_CUDA)
    warp_frames = [frame for frame in err.frames_before(warp.start()) if _WARP_FRAME.search(frame)] if warp else []
    if warp and warp_frames and not any(installed_package(frame) for frame in warp_frames):
        said = "Warp raised it from a source checkout: that build of Warp was made without CUDA"
        yield signal("build_toolchain_missing", 0.8, [err.evidence(warp), said], kind="built_without_cuda", extension="warp")
        return
    match = err.search(_NO_GPU_BUILD)
    if not match:
        return
    # The frames that called it, else the C++ source location in the message ("... at /x/detectron2/layers/csrc/...").
    owner = _owner_package(err.frames_before(match.start())) or _owner_package([err.raw_line_at(match.start())])
    yield signal("build_toolchain_missing", 0.85, [err.evidence(match)], kind="built_without_cuda", extension=owner)


# PyG's compiled libraries (torch_scatter, torch_sparse, torch_cluster, torch_spline_conv) raise "Not compiled with CUDA
# support" from their C++ when the wheel installed is their CPU build (rusty1s/pytorch_cluster#186: torch_cluster's
# radius under a CUDA torch, fixed by its wheel from PyG's index for that torch and CUDA). The frames name the package.
_NO_CUDA_BUILD = re.compile(r"\bNot compiled with CUDA support\b")


def _stated_pyg_library(err: ErrorText) -> str | None:
    """The one PyG library stated installed beside the text (rusty1s/pytorch_scatter#384: the message alone, with
    torch-scatter 2.1.1 stated; a Jetson's torch 2.0.0 had no wheel of PyG's index, so it was built without CUDA)."""
    stated = [name for name in compat.PYG_LIBRARIES if err.package(name.replace("_", "-"))]
    return stated[0] if len(stated) == 1 else None


@extractor
def extension_wheel_without_cuda(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NO_CUDA_BUILD)
    framed = _owner_package(err.frames_before(match.start())) if match else None
    owner = framed or (_stated_pyg_library(err) if match else None)
    if match and owner:
        said = (
            f"{owner}'s own C++ raised it: the {owner} installed was built without its CUDA code"
            if framed
            else f"{owner} is the one PyG library stated installed; its C++ raises this when built without CUDA"
        )
        yield signal("cpu_only_build", 0.8 if owner in compat.PYG_LIBRARIES else 0.6, [err.evidence(match), said], extension=owner)
        yield signal("build_toolchain_missing", 0.4, [err.evidence(match)], kind="built_without_cuda", extension=owner)


# cpp_extension comparing nvcc with torch.version.cuda, which a CPU-only torch leaves None: building a CUDA extension
# against a CPU build (dreamgaussian/dreamgaussian#49, fixed in #6 by installing the CUDA build of torch).
_TORCH_CUDA_NONE = re.compile(r"version\.parse\(torch\.version\.cuda\)")
_NONE_GIVEN = re.compile(r"TypeError: expected string or bytes-like object(?:, got 'NoneType')?")


@extractor
def cuda_build_against_cpu_torch(err: ErrorText) -> Iterator[Signal]:
    parse = err.search(_TORCH_CUDA_NONE)
    none = _NONE_GIVEN.search(err.text, parse.end()) if parse else None
    if parse and none:
        said = "torch.version.cuda is None: the torch the build compiles against is a CPU-only build"
        yield signal("cpu_only_build", 0.85, [err.evidence(parse), err.evidence(none), said])


def _owner_package(frames: list[str]) -> str | None:
    """The package of the innermost frame that belongs to one (site-packages, or a source tree's layers/ops)."""
    for path in reversed(frames):
        match = _PACKAGE_DIR.search(path)
        name = (match.group(1) or match.group(2)) if match else None
        if name and name not in ("torch", "importlib"):
            return name
    return None


@extractor
def missing_headers(err: ErrorText) -> Iterator[Signal]:
    """A header the compiler needs is not there: CUDA's (``header``), Python's, or OpenMP on macOS."""
    cuda = err.search(_CUDA_HEADERS)
    if cuda:
        yield signal("build_toolchain_missing", 0.88, [err.evidence(cuda)], kind="cuda_headers", header=cuda.group(1))
        return
    libstdcxx = err.search(_MACOS_LIBSTDCXX)
    if libstdcxx:
        yield signal("build_toolchain_missing", 0.85, [err.evidence(libstdcxx)], kind="macos_libstdcxx")
        return
    target = err.search(_MACOS_TARGET_MISMATCH)
    if target:
        detail = {"now": target.group(1), "configured": target.group(2)}
        yield signal("build_toolchain_missing", 0.9, [err.evidence(target)], kind="macos_target_mismatch", **detail)
        return
    cxx_header = err.search(_MACOS_CXX_HEADER)
    if cxx_header:
        yield signal("build_toolchain_missing", 0.75, [err.evidence(cxx_header)], kind="macos_cxx_headers", header=cxx_header.group(1))
        return
    aligned = err.search(_MACOS_ALIGNED_NEW)
    if aligned:
        yield signal("build_toolchain_missing", 0.85, [err.evidence(aligned)], kind="macos_target", macos=aligned.group(1))
        return
    import_lib = err.search(_PYTHON_IMPORT_LIB)
    if import_lib:
        yield signal("build_toolchain_missing", 0.85, [err.evidence(import_lib)], kind="python_import_lib", library=import_lib.group(1))
        return
    windows = err.search(_PYTHON_HEADERS_WINDOWS)
    if windows:
        yield signal("build_toolchain_missing", 0.85, [err.evidence(windows)], kind="python_headers", windows=True)
        return
    tcc = err.search(_TRITON_TCC_FAILED)
    if tcc:
        said = "Triton's bundled tcc could not build its C helper, which needs the Python's include and libs folders"
        yield signal("build_toolchain_missing", 0.6, [err.evidence(tcc), said], kind="python_headers", windows=True)
        return
    python = err.search(_PYTHON_HEADERS) or err.search(_OPENMP)
    if python:
        kind = "python_headers" if python.re is _PYTHON_HEADERS else "openmp"
        yield signal("build_toolchain_missing", 0.85, [err.evidence(python)], kind=kind)
        return
    library = err.search(_LIBRARY_HEADER) or err.search(_UV_HEADER_HINT)
    header = (library.group(1) or library.group(2)) if library else ""
    if library and not _OWN_HEADERS.match(header) and "THC" not in header:
        confidence = 0.8 if library.re is _UV_HEADER_HINT else 0.6
        yield signal("build_toolchain_missing", confidence, [err.evidence(library)], kind="library_headers", header=header)


# The compiler rejecting a torch C++ name the extension's sources use: they were written for another torch release
# (rusty1s/pytorch_cluster#27: master's `at::detail::getDefaultCPUGenerator` against torch 1.1.0). gcc quotes with
# ‘’ in a UTF-8 locale and '' otherwise; MSVC says "error C2039: 'x': is not a member of 'at::detail'".
_TORCH_API_REJECTED = re.compile(
    r"error(?: C2039)?: [‘'](\w{1,80})[’']:? is not a member of [‘']((?:at|c10|torch)(?:::\w{1,60}){0,4})[’']"
    r"|error: [‘'](?:struct |class )?((?:at|c10|torch)(?:::\w{1,60}){1,4})[’'] has no member named [‘'](\w{1,80})[’']"
    # A qualified torch name the installed headers do not declare (lightaime/deep_gcns_torch#16: torch-scatter's
    # segment_csr.cpp using torch::autograd::AutogradContext, which torch 1.2 lacks; fixed by moving to torch 1.4).
    r"|error: [‘']((?:at|c10|torch)(?:::\w{1,60}){0,3})::(\w{1,80})[’'] has not been declared"
)


# The same for what torch removed or added: the TH/THC headers (gone in torch 1.11: point-transformer#73, DCNv2#136),
# ATen/ceil_div.h (new in torch 1.11: a DCNv2 source for a newer torch under 1.8.1, smoke#74), the AT_CHECK macro
# (removed in torch 1.5 for TORCH_CHECK: DCPose#35), and CUDA headers of ATen a torch added later
# (princeton-vl/DROID-SLAM#92: ATen/native/cuda/KernelUtils.cuh under torch 1.4, fixed by torch 1.7.1).
# gcc in some locales drops the space and the opening quote: "fatal error:THC.h”:" (b-flo/warp-transducer#99's THC.h).
_TORCH_HEADER_MISSING = re.compile(
    r"fatal error: ?[‘“]?((?:TH|THC|THCUNN|THNN)/\w{1,60}\.h|THC?\.h|ATen/[\w/]{1,80}\.(?:h|cuh)|c10/[\w/]{1,80}\.h)[:'‘’\"”]"
)
# nvcc says it its own way: 'identifier "AT_CHECK" is undefined' (FCOS#276, under torch 1.5).
_TORCH_MACRO_UNDECLARED = re.compile(
    r"[‘'](AT_CHECK|AT_ASSERTM?|THC\w{1,60}|THArgCheck|THError)[’'] was not declared in this scope"
    r"|identifier \"(AT_CHECK|AT_ASSERTM?|THC\w{1,60}|THArgCheck|THError)\" is undefined"
)


# And what torch demands of the build or took away: the C++ standard of its headers (C++14 from torch 1.5, C++17 from
# torch 2.1, against a setup.py still passing -std=c++11: NVIDIA/flownet2-pytorch#196), torch.utils.ffi (removed in
# torch 1.0 for cpp extensions: j96w/DenseFusion#20).
# nvcc's words for sources written for a newer torch's types (xinntao/EDVR#105: DCN sources passing c10::ScalarType
# where torch 1.1 wants at::Type).
_TORCH_TYPE_REJECTED = re.compile(
    r"no suitable (?:constructor|conversion function) exists to convert from \"((?:c10|at|torch)::\w{1,60})\" to "
    r"\"((?:c10|at|torch)::\w{1,60})\""
)
_TORCH_DEMANDS = re.compile(
    r"#error You need (C\+\+1[47]) to compile PyTorch|(torch\.utils\.ffi) is deprecated\. Please use cpp extensions"
)


@extractor
def sources_for_another_torch(err: ErrorText) -> Iterator[Signal]:
    """The extension's sources, written for another torch release: an extension for another torch, which the extension
    rule explains with what to install (the release made for this torch), not a toolchain to mend."""
    match = (
        err.search(_TORCH_API_REJECTED)
        or err.search(_TORCH_HEADER_MISSING)
        or err.search(_TORCH_MACRO_UNDECLARED)
        or err.search(_TORCH_DEMANDS)
        or err.search(_TORCH_TYPE_REJECTED)
    )
    if not match:
        return
    if match.re is _TORCH_TYPE_REJECTED:
        name = f"{match.group(1)} as {match.group(2)}"
    elif match.re is _TORCH_API_REJECTED:
        first, namespace = (1, 2) if match.group(1) else (4, 3) if match.group(3) else (6, 5)
        name = f"{match.group(namespace)}::{match.group(first)}"
    else:
        name = match.group(1) or match.group(2)
    extension = _owner_package(err.frames_before(match.start())) or _package_built(err, match.start())
    detail = {"extension": extension, "library": None, "reason": "sources_for_other_torch", "name": name}
    if match.re is _TORCH_DEMANDS and match.group(1):
        detail["standard"] = match.group(1)  # the build's flags, not its sources, are what is old
    yield signal("extension_abi_mismatch", 0.75, [err.evidence(match)], **detail)
    if detail.get("standard") == "C++17" and err.platform != "windows":
        # The same header (c10/util/C++17.h) stops GCC before 9 first ("We need GCC 9 or later"), a line a paste may
        # leave out; and GCC before 7 sets __cplusplus to 201500L, not 201703L, whatever -std flag (hustvl/Vim#63:
        # gcc 6.1 with torch 2.1.2, fixed by gcc 11).
        said = "an old gcc fails this check whatever the build's flags: torch's headers need GCC 9 or later"
        yield signal("build_toolchain_missing", 0.5, [err.evidence(match), said], kind="host_compiler", compiler="gcc", min_gcc="9")


@extractor
def compiler_failed(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_GCC_FAILED)
    if match:
        yield signal("build_toolchain_missing", 0.6, [err.evidence(match)], kind="compiler")
