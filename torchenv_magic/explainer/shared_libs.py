"""Linux/macOS shared-library failures: a library not found, an undefined symbol, an old glibc.

Which cause a message means depends on *whose* library failed and *who* loaded it:
``libcudnn.so.8: cannot open`` while torch imports is a missing CUDA library, but
``libtorch_cpu.so: cannot open`` while ``detectron2._C`` imports is an extension built for
another torch (``libtorch_cpu.so`` appeared in torch 1.5; ``libtorch_cuda_cu.so`` was merged
into ``libtorch_cuda.so`` in 1.13). An ``undefined symbol`` in an extension's ``_C`` is that
extension's ABI; one inside ``nvidia/cusparse/lib/libcusparse.so.12`` is an older
``libnvJitLink`` found first on the search path (pytorch/pytorch#111469, #134929).

The extractors emit signals for several causes; ``loader`` in a signal's detail says whose
file did the loading: 'torch', 'vision' (torchvision/torchaudio), 'extension' or 'unknown'
(the innermost traceback frame outside the standard library: importlib and ctypes only
pass the load on). A versioned CUDA library (``libcudart.so.10.2``) that an *extension*
cannot find is usually one of another CUDA than torch's: once torch is imported, its own CUDA
libraries are loaded and an extension built for the same CUDA finds them by soname (a bare
``libcudart.so`` is code dlopening a toolkit's library itself). Without frames, the stated versions
decide: ``libcudart.so.10.2`` asked for next to a stated ``torch 1.9.0+cu111`` belongs to
something built for CUDA 10.2 (open-mmlab/mmsegmentation#943), as it does next to a stated
compiled extension such as mmcv-full (open-mmlab/mmcv#1380).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from .. import compat, versions
from .cuda import COLLECT_ENV_CUDA
from .imports import COMPANIONS, companion_in_frames, installed_file
from .imports import owner as frame_package
from .signals import Signal, extractor, signal
from .text import ErrorText, standard_library_frame
from .torch_files import second_install
from .vision import TORCH_SYMBOL

_CANNOT_OPEN = re.compile(r": ?cannot open shared object file", re.I)
_LIB_BEFORE = re.compile(r"([\w.+-]{1,120}\.so(?:\.\w{1,12}){0,4})$")
# A wrapped log can break the line between the two words (Dao-AILab/flash-attention#950).
# A wrapped log may put the symbol on the next line ("undefined symbol:\n    cudaGetDriverEntryPointByVersion, version
# libcudart.so.12": apache/mahout#1330); the version glibc names is the library whose older copy was found first.
# An issue title may drop the colon ("undefined symbol ncclCommRegister", MetaSearch/CodeJudge#2): read so only before a
# CUDA library's own function name, which prose does not start with.
_CUDA_LIBRARY_FUNCTION = r"(?:nccl|cublas|cusparse|cudnn|cufft|curand|cusolver|nvJitLink|nvrtc)[A-Z]"  # cublasLt* too
_CUDA_LIBRARY_SYMBOL = re.compile(rf"{_CUDA_LIBRARY_FUNCTION}\w{{1,80}}$")
_UNDEFINED = re.compile(rf"undefined\s{{1,4}}symbol(?::\s{{0,12}}|\s(?={_CUDA_LIBRARY_FUNCTION}))([^\s,`]{{1,300}})")
# The version the loader names beside the symbol: a library's (libcudart.so.12) or glibc's private set (GLIBC_PRIVATE).
_SYMBOL_VERSION = re.compile(r"\A,\s{0,4}version\s{1,4}(lib[\w.-]{1,60}?\.so[\d.]{0,12}|GLIBC_PRIVATE\b)")
_SO_PATH = re.compile(r"(\S{0,400}?\.so(?:\.\w{1,12}){0,4})\s{0,2}:\s{0,2}undefined symbol")
_NOT_IN_SYSTEM_PATH = re.compile(r"(lib[\w]{1,40}\.so\.\*\[0-9\]) not found in the system path")
# Wrapped logs break the line before "not found" (mlverse/torch#866).
_GLIBC = re.compile(
    r"version [`'‘]?(GLIBC(?:XX)?_[\d.]{1,12}|CXXABI_[\d.]{1,12})[`'’]?\s{1,4}not found(?:\s{1,4}\(required by ([^)\n]{1,400})\))?"
)
# The linker's words for the same, linking against a prebuilt libtorch (pytorch/pytorch#166101: "ld:
# thirdparty/torch/libtorch/lib/libtorch_cpu.so: undefined reference to `hypot@GLIBC_2.35'" on glibc 2.34).
# The oldest symbol version of glibc on x86-64 (its port began at glibc 2.2.5: `objdump -T` of Debian 12's libc.so.6
# lists 1,503 names of it here), so no glibc is too old for it.
_X86_64_BASE_GLIBC = "GLIBC_2.2.5"
_LINKER_GLIBC = re.compile(r"ld: ([^:\n]{1,400}): undefined reference to `\w{1,200}@(GLIBC(?:XX)?_[\d.]{1,12}|CXXABI_[\d.]{1,12})'")
# A paste cut before "not found", its line naming the system library only ("libstdc++.so.6: version CXXABI_1.3.8" under
# CentOS 7's libstdc++ 6.0.19: interpretml/interpret#4, fixed by a newer libstdc++). Without "not found" it reads less
# sure, and only for the C/C++ runtime's own libraries, which no other message names with a version so.
_RUNTIME_VERSION_CUT = re.compile(
    r"(?:libstdc\+\+\.so\.6|libc\.so\.6|libm\.so\.6): version [`'‘]?(GLIBC(?:XX)?_[\d.]{1,12}|CXXABI_[\d.]{1,12})[`'’]?\s{0,4}$", re.M
)
# glibc's loader: a library's symbol bound at link time to a versioned library whose copy found now lacks it
# (libcublas.so.11 from one CUDA release beside another release's libcublasLt.so.11: pytorch/pytorch#88882, #103832;
# newer glibc puts a comma after the symbol: cuML's libcublas beside torch's bundled libcublasLt, tomotwin-cryoet#42).
# A C++ symbol's mangled name runs past 120 characters (cuDNN 8's _Z22cudnnGenericOpTensorNd...: davisking/dlib#2719).
_VERSIONED_SYMBOL = re.compile(
    r"symbol (\w{1,600}),? version (lib[\w.-]{1,60}?\.so[\d.]{0,12}) not defined in file \2 with link time reference"
)
# NPP and nvJPEG too, the toolkit's image libraries (torchcodec's CUDA decoder links libnppicc.so.13, which the CUDA
# runtime alone lacks: pytorch/torchcodec#1437, where the maintainer said to install NVIDIA's NPP).
_CUDA_LIB = re.compile(
    r"^lib(cudart|cudnn\w{0,30}|cublas(?:Lt)?|cufft\w{0,4}|curand|cusparse(?:Lt)?|cusolver\w{0,4}|nccl|nvrtc\w{0,10}"
    r"|nvToolsExt|cupti|nvJitLink|cufile|nvshmem\w{0,10}|cudss|nvperf\w{0,10}|npp\w{0,6}|nvjpeg)\b",
    re.I,
)
_DRIVER_LIB = re.compile(r"^lib(cuda|nvidia-ml)\.so", re.I)
_BNB_CPU_LIBRARY = re.compile(r"^libbitsandbytes_cpu\.(?:so|dylib|dll)$")
# torch's own libraries by name; libtorch_ccl.so (intel/torch-ccl), libtorchaudio.so or libtorch_tensorrt.so are other
# packages' libraries named after torch, built against it (their undefined symbols are their builds').
_TORCH_LIB = re.compile(
    r"^lib(torch(?:_(?:cpu|cuda\w{0,10}|python|global_deps|hip|xpu|nvshmem))?|c10\w{0,10}|shm|caffe2\w{0,30}|TH\w{0,8})\.so", re.I
)  # libTH*: torch <= 0.4
_VISION = re.compile(r"(?:^|/)(torchvision|torchaudio|torchtext)/")  # a relative path too (pytorch/pytorch#23218)
# A companion's own library named with no folder ("OSError libtorchaudio.so: undefined symbol", Lightning-AI/
# torchmetrics#2188): built against another torch, as a file in its folder is.
_COMPANION_LIB = re.compile(r"^lib(torchaudio|torchtext)\w{0,20}\.so")
# torchcodec's core libraries link torch and FFmpeg both: torchcodec_for_another_torch and the FFmpeg readings say which.
_TORCHCODEC_CORE = re.compile(r"^libtorchcodec_\w{1,20}\.so")
_FFMPEG_SYMBOL = re.compile(r"^(?:av|avcodec|avformat|avutil|avfilter|avdevice|swr|swresample|sws)_\w")
# BUILD_SPLIT_CUDA builds only (torch 1.8 to 1.12 wheels): pytorch/pytorch#49050 added the split, #87502 (Oct 2022,
# in torch 2.0) deleted the option, so no torch >= 2.0 has these files.
_SPLIT_CUDA_LIB = re.compile(r"^libtorch_cuda_(?:cu|cpp)\.so")
_TORCH_C = re.compile(r"/torch/_C[.\w-]{0,60}\.so$")  # torch's own compiled core (pytorch/pytorch#14087)
# torch's installed lib folder, whose libraries are all torch's own or bundled by it.
_TORCH_LIB_FOLDER = re.compile(r"[/\\](?:site|dist)-packages[/\\]torch[/\\]lib[/\\]", re.I)
# TensorFlow's own core libraries, and the namespaces of its own code in them: a symbol of any other C++ namespace that
# they miss is a library they link, loaded in another build (conda-forge/conda-forge.github.io#2141: snappy::Sink, conda
# channels mixed; ROCm/tensorflow-upstream#444: hip_impl, another ROCm's HIP runtime).
_TENSORFLOW_LIB = re.compile(r"^(?:libtensorflow_(?:framework|cc)\.so(?:\.\d{1,3}){0,3}|_pywrap_tensorflow_internal\.so)$")
_TENSORFLOW_NAMESPACES = frozenset(["tensorflow", "tsl", "xla", "mlir", "llvm", "Eigen", "stream_executor", "absl"])
# oneDNN's (formerly MKL-DNN's) C functions, and its own library files, which define them.
_ONEDNN_API = re.compile(r"^(?:mkldnn|dnnl)_\w{1,80}$")
_ONEDNN_LIB = re.compile(r"^lib(?:mkldnn|dnnl)\b")
_MANGLED_NAMESPACE = re.compile(r"_Z(?:T[IVS])?N?[KVr]{0,3}(\d{1,3})")


# An Open MPI component (mca_<framework>_<component>.so in <prefix>/lib/openmpi) asking Open MPI's core libraries for
# one of their functions (opal_, ompi_, orte_, pmix_) they do not define: a component left by an earlier Open MPI
# install in the same prefix (horovod/horovod#69: mca_coll_cuda.so of a CUDA-built install under a new Open MPI; the
# maintainer's fix, removing the old install's files).
_OPEN_MPI_COMPONENT = re.compile(r"^(.{0,300}[\\/]openmpi)[\\/]mca_\w{1,60}\.so$")
_OPEN_MPI_SYMBOL = re.compile(r"^(?:opal|ompi|orte|pmix|mca)_\w{1,80}$")


def first_namespace(symbol: str) -> str | None:
    """The outermost C++ name of a mangled symbol (``_ZTIN6snappy4SinkE``: snappy); None for std's or a C name."""
    match = _MANGLED_NAMESPACE.match(symbol)
    return symbol[match.end() : match.end() + int(match.group(1))] if match else None
# Frames that only pass a load on: importlib (import_module), ctypes (CDLL), the interpreter's own,
# and torch's loaders of other packages' libraries (torch.ops.load_library, cpp_extension.load).
# Files that only pass a load on: Python's ctypes and torch's op and extension loaders (the package that asked
# for the library is the frame before them).
_CTYPES_FRAME = re.compile(r"(?:^|/)ctypes/__init__\.py$")
_LOAD_HELPER = re.compile(rf"{_CTYPES_FRAME.pattern}|/torch/_ops\.py$|/torch/utils/cpp_extension\.py$")
# A compiled module records the versioned soname it links (libcudart.so.12); the bare name
# (libcudart.so) is asked for by code that dlopens it itself, from a CUDA toolkit.
_VERSIONED = re.compile(r"\.so\.\d")
# torch/backends/cudnn/__init__.py: another cuDNN than the bundled one was loaded first (LD_LIBRARY_PATH,
# a system or conda cuDNN): "compiled  against (8, 5, 0) but found runtime version (8, 3, 3)" (torch >= 1.12,
# pytorch/pytorch#81881), "compiled against 7102 but linked against 7600" (older torch).
_CUDNN_VERSION = re.compile(
    r"cuDNN version (?:incompatibility|mismatch): PyTorch was compiled\s{1,4}against (\([\d, ]{1,12}\)|\d{3,5}) "
    r"but (?:found runtime version|linked against) (\([\d, ]{1,12}\)|\d{3,5})"
)
# Extensions that check themselves against the running torch. PyG's (rusty1s/pytorch_scatter#237):
# "Detected that PyTorch and torch_scatter were compiled with different CUDA versions"; torchvision and
# torchaudio print the same sentence (explainer/vision.py reads those). xFormers (facebookresearch/xformers#982):
# "xFormers can't load C++/CUDA extensions. xFormers was built for: PyTorch 2.2.0+cu121 with CUDA 1201 (you have 2.2.0+cpu)";
# older xFormers leave out the CUDA part: "PyTorch 2.0.1 (you have 2.1.0+cu121)" (facebookresearch/xformers#874).
# Its next sentence stands alone when a paste keeps only it (rusty1s/pytorch_sparse#117: "PyTorch has CUDA version 11.0
# and torch_sparse has CUDA version 11.2"; torch_scatter/__init__.py writes both sentences in one RuntimeError).
_CUDA_CHECK = re.compile(
    r"Detected that PyTorch and (\w{1,40}) were compiled\s{1,4}with\s{1,4}different\s{1,4}CUDA\s{1,4}(?:major\s{1,4})?versions"
    r"|PyTorch has CUDA version \d{1,2}\.\d{1,2} and (\w{1,40}) has CUDA version \d",
    re.I,
)
# Each xFormers operator says why it cannot run; "xFormers wasn't build with CUDA support" when its CUDA extension
# did not load into this torch (runpod-workers/worker-a1111#21: the image's torch 2.3.0 under an xFormers pinned
# with torch 2.1.2; reinstalling xFormers for the torch fixed it).
_XFORMERS_NO_CUDA = re.compile(r"xFormers wasn't build with CUDA support")
_XFORMERS = re.compile(
    r"xFormers can't load C\+\+/CUDA extensions\. xFormers was built for:\s{1,12}PyTorch (\S{1,40})(?: with CUDA (\d{3,5}))?"
    r"(?: \(you have (\S{1,40})\))?"
)
# Its report's lines stand alone too, when a paste starts below the header (Lightricks/LTX-Desktop#23): the indented
# "PyTorch 2.9.0+cu128 with CUDA 1208 (you have 2.10.0+cu128)" over "Python  3.10.11 (you have 3.13.12)".
# A paste of those lines alone loses their indent to dedent_paste, so none is required.
_XFORMERS_REPORT = re.compile(
    r"^\s{0,8}PyTorch (\S{1,40}) with CUDA (\d{3,5}) \(you have (\S{1,40})\)(?=\s{0,4}\n\s{0,8}Python\s{1,4}\d)", re.M
)
_CUDART = re.compile(r"^libcudart\.so\.(\d{1,2})(?:\.\d{1,2})?")
# Packages that ship compiled CUDA extensions built per torch/CUDA release (each publishes
# per-CUDA wheels or builds from source): a stated one names the likely owner of a foreign library.
_COMPILED_EXTENSIONS = (
    "mmcv-full",
    "mmcv",
    "detectron2",
    "apex",
    "xformers",
    "flash-attn",
    "pytorch3d",
    "torch-scatter",
    "torch-sparse",
    "torch-cluster",
    "torch-spline-conv",
    "pyg-lib",
    "spconv",
    # DGL's CUDA builds are per CUDA release (dgl 1.0.2+cu102) and, from 2.x, per torch release too (dmlc/dgl#5547: a
    # libcudart.so.11.0 asked for beside dgl+cu102, fixed by one CUDA for dgl and torch).
    "dgl",
    # AutoGPTQ's wheels are built per CUDA release too: a CUDA 12 build asking for libcudart.so.12 beside a CUDA 11 torch
    # (hiyouga/LlamaFactory#3866: auto-gptq 0.5.0, fixed by upgrading to 0.7.1, which the reinstall fix installs). Not vLLM:
    # its newest wheel, which that fix would install, asks for another torch (vllm-project/vllm#1718 pinned an older vllm).
    "auto-gptq",
)
# An egg's folder (torch_ccl-1.1.0+3141686-py3.8-linux-x86_64.egg/torch_ccl/, what `setup.py install` leaves) is passed over.
_EXT_PACKAGE = re.compile(
    r"/(?:site-packages|dist-packages)/(?:[^/]{1,120}\.egg/)?([A-Za-z_]\w{0,60})/|/([A-Za-z_]\w{0,60})/_C[.\w-]{0,60}\.so"
)


_EGG_FOLDER = re.compile(r"[\\/][^\\/]{1,120}\.egg[\\/]")
_INSTALLED_PACKAGE = re.compile(r"/(?:site|dist)-packages/(?=[^/]{1,120}/)")


def _from_site_packages(path: str) -> str:
    """An installed file's path from site-packages on, with forward slashes; any other path whole. An installed file is
    its package's, whatever the folders above site-packages are called: a virtualenv or conda env named "torch"
    (/home/u/.virtualenvs/torch/lib/python3.6/site-packages/pytorch3d/...) is not torch's file."""
    path = path.replace("\\", "/")
    installed = _INSTALLED_PACKAGE.search(path)
    return path[installed.start() :] if installed else path


def loader_of(path: str | None) -> str:
    """'torch', 'vision', 'extension' or 'unknown' for the file that did the loading."""
    if not path:
        return "unknown"
    path = _from_site_packages(path)
    if _VISION.search(path):
        return "vision"
    if re.search(r"/torch/(?:__init__|_C|_utils_internal|cuda/__init__)\b", path) or path.endswith("/torch/__init__.py"):
        return "torch"
    return "unknown" if "/torch/" in path else "extension"


# Frameworks that link or open CUDA's libraries by the names their own build was made for, not torch's copies
# (rules/libraries._FRAMEWORKS words them): a library of theirs missing is the CUDA their build needs, not an extension
# built for another torch (tensorflow/tensorflow#17147: TensorFlow's pywrap module asking for CUDA 8's libcublas.so.8.0
# with CUDA 9.1 installed; #6729: macOS dyld's "Library not loaded: @rpath/libcudart.8.0.dylib" for the same).
# CuPy and MXNet do the same: each wheel is built for one CUDA release (cupy-cuda102, mxnet-cu90) and asks for that
# release's libraries (cupy/cupy#3199: cupy-cuda102's libcudart.so.10.2; apache/mxnet#3829: libcudart.so.7.5).
_FRAMEWORK_FOLDER = re.compile(r"(?:^|/)(tensorflow|tensorflow_core|paddle|onnxruntime|cupy|cupy_backends|mxnet|jaxlib)/")
_FRAMEWORK_OF_FOLDER = {"tensorflow_core": "tensorflow", "cupy_backends": "cupy", "jaxlib": "jax"}
# A framework's own loader naming itself on the line of the failed load, where no frame shows: ONNX Runtime's
# "Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.11: cannot open ..."
# (microsoft/onnxruntime#13932), TensorFlow's "W tensorflow/stream_executor/platform/default/dso_loader.cc:60] Could not
# load dynamic library 'libcudart.so.11.0'" (deepchem/deepchem#2467; later tsl/platform/default/dso_loader.cc), Paddle's
# dynamic_loader.cc "Failed to find dynamic library: libcublas.so ( libcublas.so: cannot open ..." (PaddlePaddle/Paddle
# #28618) and "CuPy failed to load libnvrtc.so.12" (rapidsai/deployment#709, cupy-cuda12x).
_FRAMEWORK_LOADER_LINE = (
    ("onnxruntime", re.compile(r"onnxruntime_providers_cuda|\[ONNXRuntimeError\]|provider_bridge_ort\.cc")),
    ("tensorflow", re.compile(r"(?:tensorflow|tsl)/[\w/]{0,80}dso_loader\.cc")),
    ("paddle", re.compile(r"Failed to find dynamic library: ")),
    ("cupy", re.compile(r"CuPy failed to load ")),
)
# Distributions whose name says which framework a user stated (tensorflow-gpu, onnxruntime-gpu, paddlepaddle-gpu,
# cupy-cuda12x, mxnet-cu90mkl): what asks for a CUDA library when no frame or loader line says so and no torch is stated.
_STATED_FRAMEWORK = re.compile(r"^(?:(tensorflow|tf-nightly)|(onnxruntime)|(paddlepaddle)|(cupy)|(mxnet)|(jaxlib))(?:[-_]|$)")
_STATED_FRAMEWORK_NAMES = ("tensorflow", "onnxruntime", "paddle", "cupy", "mxnet", "jax")


def framework_of(path: str | None) -> str | None:
    """'tensorflow', 'paddle', 'onnxruntime', 'cupy', 'mxnet' or 'jax' for a file of one of those frameworks' own folders."""
    found = _FRAMEWORK_FOLDER.search(_from_site_packages(path or ""))
    return _FRAMEWORK_OF_FOLDER.get(found.group(1), found.group(1)) if found else None


def framework_asking(err: ErrorText, pos: int, importer: str | None) -> str | None:
    """The framework whose own loader asked for the library whose failed load is at ``pos``: its frame, its loader's words
    on that line, or (no frame at all, no torch stated) the one framework the user stated."""
    framework = framework_of(importer)
    if framework:
        return framework
    line = err.raw_line_at(pos)
    framework = next((name for name, words in _FRAMEWORK_LOADER_LINE if words.search(line)), None)
    if framework or importer or err.package("torch"):
        return framework
    stated = {_stated_framework(name) for name in err.packages} - {None}
    return stated.pop() if len(stated) == 1 else None


def _stated_framework(distribution: str) -> str | None:
    named = _STATED_FRAMEWORK.match(distribution)
    return next(name for name, group in zip(_STATED_FRAMEWORK_NAMES, named.groups()) if group) if named else None


def owner_frame(err: ErrorText, pos: int) -> str | None:
    """The innermost traceback file before ``pos`` that is not the standard library's."""
    for path in reversed(err.frames_before(pos)):
        norm = path.replace("\\", "/")
        if not (standard_library_frame(norm) or _LOAD_HELPER.search(norm)):
            return norm
    return None


def extension_name(path: str | None) -> str | None:
    """The package a compiled extension belongs to ('detectron2'), from a path in the text."""
    if not path:
        return None
    match = _EXT_PACKAGE.search(path.replace("\\", "/"))
    return (match.group(1) or match.group(2)) if match else None


def _typed_module(importer: str | None) -> str | None:
    """The module of a typed import (_typed_import's 'dgl/'), which names no folder of its own."""
    return importer[:-1] if importer and importer.endswith("/") and importer.count("/") == 1 else None


def _vision_package(path: str | None, library: str = "") -> str:
    match = _VISION.search((path or "").replace("\\", "/")) or _COMPANION_LIB.match(library)
    return match.group(1) if match else "torchvision"


# The driver's library asked for by its bare name, libcuda.so, as code that dlopens it itself does (bitsandbytes' ctypes,
# cuda-python, cuDNN 8's sub-libraries): a driver installs libcuda.so.1, and the bare name is a link that only some
# installs make. WSL keeps the driver's libraries in /usr/lib/wsl/lib, which the loader searches only once ldconfig has
# read it (bitsandbytes-foundation/bitsandbytes#17: fixed by sudo ldconfig; NVIDIA/cuda-python#17: by adding
# /usr/lib/wsl/lib to LD_LIBRARY_PATH; the corpus's WSL cuDNN texts the same). A missing driver is the other reading.
# Triton finds the driver's library through ldconfig's cache and asserts a folder holds libcuda.so: "libcuda.so cannot
# found!" (googlecolab/colabtools#4300 and QwenLM/Qwen#547, Colab, whose driver folder /usr/lib64-nvidia ldconfig had not
# read: fixed by adding it to /etc/ld.so.conf.d and running ldconfig).
_DLOPEN_BARE_DRIVER_LIBRARY = re.compile(r"Failed to dlopen libcuda\.so\b(?!\.)|\blibcuda\.so cannot found!")


def _unversioned_driver_library(evidence: list[str], confidence: float = 0.82) -> Iterator[Signal]:
    said = "libcuda.so is asked for by its bare name, a link a driver install does not always make (WSL: /usr/lib/wsl/lib)"
    yield signal("missing_cuda_runtime_lib", confidence, [*evidence, said], library="libcuda.so", kind="driver_link")
    yield signal("no_driver_or_gpu", 0.6, evidence, library="libcuda.so")


# bitsandbytes' own CUDA SETUP lines (0.3x-0.41) when its release has no library for the CUDA it found: "Required library
# version not found: libbitsandbytes_cuda122.so. Maybe you need to compile it from source? ... Defaulting to
# libbitsandbytes_cpu.so" (h2oai/h2o-llmstudio#339 and bitsandbytes-foundation/bitsandbytes#551: 0.39.1 under CUDA 12.2).
# The same situation as the undefined symbol in libbitsandbytes_cpu.so below, told before it happens.
_BNB_NO_CUDA_LIBRARY = re.compile(r"Required library version not found: libbitsandbytes_cuda(\d{2,3})\w{0,10}\.(?:so|dll)")


# CUDA's driver API is libcuda.so's (cuInit, cuCtxGetCurrent, cuTensorMapEncodeTiled, cuGreenCtxDestroy): "cu" and a
# capital, where the runtime's and the libraries' names go on in lower case (cudaMalloc, cublasCreate, cudnnCreate). Such
# a symbol missing means the libcuda.so loaded lacks that entry point: a driver older than the code's CUDA
# (sgl-project/sglang#8701: green contexts under driver 525; vllm-project/vllm#11623: cuTensorMapEncodeTiled under a
# CUDA 11.4 driver), or an older libcuda.so copy found before the driver's (the-rstar#17: an old copy in
# /usr/local/nvidia/lib64; pytorch/pytorch#15048, torch's own library: ld.so.conf still naming CUDA 9.2).
# cuFile's API (cuFileDriverOpen, GPUDirect Storage) is the one other library named so: libcufile.so's, not the driver's.
_DRIVER_API = re.compile(r"^cu(?!File)[A-Z][A-Za-z0-9]{2,60}(?:_v\d)?$")


def _driver_api_missing(symbol: str, evidence: list[str], base: str, own_torch: bool) -> Iterator[Signal]:
    said = f"{symbol} is a CUDA driver API function (libcuda.so's): the libcuda.so loaded lacks it"
    detail = {"driver_cuda": None, "driver": None}
    # torch's own libraries were linked against the CUDA they shipped with: there an old copy found first is likelier.
    yield signal("driver_too_old", 0.5 if own_torch else 0.65, [*evidence, said], **detail)
    yield signal("lib_version_conflict", 0.7 if own_torch else 0.55, [*evidence, said], library=base or None, symbol=symbol, owner="cuda")


# bitsandbytes' CUDA SETUP (0.3x-0.41) finding no CUDA runtime at all: "CUDA SETUP: libcudart.so path is None" (or
# "libcudart.so not found in any environmental path"), then its probe of the Python process itself failing, "python:
# undefined symbol: cudaRuntimeGetVersion" (tloen/alpaca-lora#46: libcudart.so nowhere on the paths it searched; fixed by
# pointing bitsandbytes at its CUDA library). And the driver's library by its bare name, "CUDA SETUP: WARNING! libcuda.so
# not found!" (bitsandbytes-foundation/bitsandbytes#52: WSL's /usr/lib/wsl/lib not searched, fixed by adding it to
# LD_LIBRARY_PATH), read as the other bare libcuda.so requests are.
_BNB_NO_CUDART = re.compile(r"libcudart\.so path is None|libcudart\.so not found in any environmental path")
_BNB_NO_DRIVER_LIBRARY = re.compile(r"CUDA SETUP: WARNING! libcuda\.so not found!")
# Its search warning that a folder "did not contain ['libcudart.so', 'libcudart.so.11.0', ...] as expected!", where it then
# loaded its CPU-only library: the search ended without a CUDA runtime (rmihaylov/falcontune#5: a conda environment
# without one; conda install cudatoolkit fixed it). Where it then found one, the CUDA library loads and no CPU one does.
_BNB_CUDART_NOT_IN = re.compile(r"did not contain \[?'?libcudart\.so[^\n]{0,80}? as expected! Searching further paths")
# (Not _BNB_CPU_LIBRARY above, a whole file name: this finds the library, or its warning, anywhere in the text.)
_BNB_CPU_LIBRARY_LOADED = re.compile(r"libbitsandbytes_cpu\.(?:so|dll|dylib)|bitsandbytes was compiled without GPU support")
# A CUDA runtime function looked up in the program itself: no libcudart was loaded to define it.
_PROCESS_LACKS_CUDART = re.compile(r"\bpython[\d.]{0,5}: undefined symbol: (cuda[A-Z]\w{1,60})")


@extractor
def bitsandbytes_without_this_cuda(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_BNB_NO_CUDA_LIBRARY)
    if match:
        said = f"this bitsandbytes has no library for CUDA {match.group(1)}, so it loads its CPU-only one"
        yield signal("cpu_only_build", 0.75, [err.evidence(match), said], framework="bitsandbytes")
        return
    no_runtime = err.search(_BNB_NO_CUDART) or (err.search(_BNB_CPU_LIBRARY_LOADED) and err.search(_BNB_CUDART_NOT_IN))
    if no_runtime:
        said = "bitsandbytes found no CUDA runtime (libcudart.so) in any folder it searched"
        probe = err.search(_PROCESS_LACKS_CUDART)
        evidence = [err.evidence(no_runtime), *([err.evidence(probe)] if probe else []), said]
        confidence = 0.75 if no_runtime.re is _BNB_NO_CUDART else 0.85  # the CPU library's words are read at 0.8
        yield signal("missing_cuda_runtime_lib", confidence, evidence, library="libcudart.so", loader="bitsandbytes")
        return
    driver = err.search(_BNB_NO_DRIVER_LIBRARY)
    if driver:
        yield from _unversioned_driver_library([err.evidence(driver)], 0.75)


@extractor
def bare_driver_library_dlopened(err: ErrorText) -> Iterator[Signal]:
    """cuda-python's own words for the bare libcuda.so, which names no 'cannot open shared object file'."""
    match = err.search(_DLOPEN_BARE_DRIVER_LIBRARY)
    if match:
        yield from _unversioned_driver_library([err.evidence(match)])


@extractor
def shared_object_missing(err: ErrorText) -> Iterator[Signal]:
    """``libX.so: cannot open shared object file``: whose library, loaded by whom. The last such line is the
    final exception's, whose frames name the loader (a library's own message printed before its traceback,
    bitsandbytes-foundation/bitsandbytes#1199, has none; a live capture puts the frames first)."""
    match = err.search_last(_CANNOT_OPEN)
    lib_match = _LIB_BEFORE.search(err.before(match)) if match else None
    if not (match and lib_match):
        return
    lib, evidence = lib_match.group(1), [err.evidence(match)]
    importer = owner_frame(err, match.start())
    if importer is None or importer.startswith("<"):
        importer = (
            _typed_import(err, match.start())
            or _warned_from(err, match.start())
            or _companion_could_not_load(err, match.end())
            or _addon_compiled_import(err, match.start())
            or _addon_compiled_import_below(err, match.end())
            or importer
        )
    loader = loader_of(importer)
    if importer:
        evidence.append(f"loaded while importing {importer}")
    if lib == "libcuda.so":
        # cuDNN's "Could not load library libcudnn_cnn_infer.so.8. Error: libcuda.so: ..." found its own library: what is
        # missing is the driver's, so this comes before the cuDNN library's reading.
        after_cudnn = ". Error: libcuda.so" in err.raw_line_at(match.start())
        yield from _unversioned_driver_library(evidence, 0.88 if after_cudnn else 0.82)
    elif _DRIVER_LIB.match(lib):
        yield signal("no_driver_or_gpu", 0.8, evidence, library=lib)
    elif _CUDA_LIB.match(lib) and loader == "extension" and _loaded_by_ctypes(err, match.start()):
        # A package's own native library opened with ctypes (bitsandbytes' cextension.py) is not linked against torch:
        # the CUDA library it asks for is missing here, whatever CUDA it was built for.
        yield signal("missing_cuda_runtime_lib", 0.85, evidence, library=lib, loader=loader)
        yield signal("extension_abi_mismatch", 0.5, evidence, extension=extension_name(importer), library=lib)
    elif _CUDA_LIB.match(lib):
        yield from _cuda_lib_missing(err, lib, match.start(), importer, evidence)
    elif (mkl := _MKL_RELEASE_NAME.match(lib)) and (release := compat.mkl_release_of_soname(mkl.group(1))):
        said = f"{lib} is the file name MKL {release[0]} gives it: the library was built against that release"
        detail = {"kind": "mkl_release", "library": lib, "release": release[0], "spec": release[1]}
        yield signal("lib_version_conflict", 0.75, [*evidence, said], **detail)
    elif packages := compat.system_library_package(lib):
        said = f"{lib} is a system library that the build links without bundling it (Debian/Ubuntu: {packages[0]})"
        command = f"sudo apt-get update && sudo apt-get install -y {packages[0]}"
        detail = {"kind": "system_library_missing", "library": lib, "command": command, "conda_package": packages[1]}
        yield signal("other", 0.7, [*evidence, said], **detail)
    elif _TORCH_LIB.match(lib):
        yield from _torch_core_not_loaded_yet(err, lib, match.start(), evidence)
        yield from _torch_lib_missing(err, lib, loader, importer, evidence)
        yield from _older_torch_files(err, lib, loader, evidence)


# libc10.so, torch's core library, with no file of torch's own before it: torch's own files find it beside them
# (torch/lib), so what asked is a compiled module loaded before `import torch` had loaded it. Every report of it alone
# in the corpus was that (princeton-vl/DPVO#39, HuiZeng/Image-Adaptive-3DLUT#28: the maintainers' fix was importing
# torch first). An extension's own frame, when shown, reads it surer as built for another torch.


def _torch_core_not_loaded_yet(err: ErrorText, lib: str, pos: int, evidence: list[str]) -> Iterator[Signal]:
    typed_torch = any(found.module == "torch" and found.end <= pos for found in err.import_statements)
    asked_by_torch = typed_torch or any(_torch_own_file(path) for path in err.frames_before(pos))
    if lib == "libc10.so" and not asked_by_torch:
        said = "no file of torch's own asked for it: torch had not been imported yet"
        yield signal("other", 0.7, [*evidence, said], kind="import_torch_first")


def _torch_own_file(path: str) -> bool:
    """A file in torch's folder (an environment named "torch" above site-packages is not it)."""
    return bool(re.search(r"(?:^|/)torch/", _from_site_packages(path)))




# torchaudio's own wrapper of that failure, printed after it without frames: "OSError: Could not load this library:
# .../torchaudio/lib/_torchaudio.abi3.so" (mooshieui#513, SwarmUI#1398: a torchaudio for CUDA 13 / 12.9 beside a
# torch from another index) names the file whose load failed.
_COULD_NOT_LOAD = re.compile(r"Could not load this library: ?([^\s'\"]{1,400})")


def _companion_could_not_load(err: ErrorText, pos: int) -> str | None:
    """A companion's file named by "Could not load this library" after ``pos``."""
    found = _COULD_NOT_LOAD.search(err.text, pos)
    path = found.group(1).replace("\\", "/") if found else ""
    return path if _VISION.search(path) else None


# A traceback cut to its last code line, an add-on importing its own compiled part ("from frnn import _C" above
# "ImportError: libtorch_cuda_cu.so: cannot open shared object file": lxxue/FRNN#18, a stale build for an older torch).
# A compiled part named for CUDA or ops counts too ("from vllm import cuda_utils" above "libcudart.so.12: cannot open
# shared object file": vllm 0.2.2 built for CUDA 12.1 in a CUDA 11.8 Colab, vllm-project/vllm#1718).
# A relative import names no package, only the compiled module, which must then be named for CUDA or ops ("from . import
# pointnet2_stack_cuda" above "libtorch_cuda_cu.so: cannot open shared object file": Cc-Hy/CMKD#59, pcdet's ops built
# for torch 1.x under torch 2.3); a bare relative _C could be any package's, torch's own included.
_COMPILED_PART = r"(?:_(?:C|ext)|\w{0,30}(?:cuda|_ops|_kernels?|_cpp)\w{0,30})"
_NAMED_COMPILED_PART = r"\w{0,30}(?:cuda|_ops|_kernels?|_cpp)\w{0,30}"
_ADDON_COMPILED_IMPORT = re.compile(
    rf"^\s{{0,40}}(?:from ([A-Za-z_]\w{{0,60}}) import {_COMPILED_PART}\b|import ([A-Za-z_]\w{{0,60}})\.{_COMPILED_PART}\b"
    rf"|from \.{{1,3}} ?import ({_NAMED_COMPILED_PART})\b)",
    re.M,
)


def _addon_compiled_import(err: ErrorText, pos: int) -> str | None:
    """The add-on folder ('frnn/') whose own import of its compiled part is the last code line before ``pos``."""
    return _addon_folder(err.search_last(_ADDON_COMPILED_IMPORT, end=pos))


def _addon_compiled_import_below(err: ErrorText, pos: int) -> str | None:
    """The same import pasted as the one code line under the error, where the text shows no traceback frame to name the
    loader ("from vllm import cuda_utils" under "libcudart.so.11.0: cannot open": vllm-project/vllm#1369, vllm 0.2.0 built
    for CUDA 11 under torch 2.1's CUDA 12)."""
    if err.frames_before(len(err.text)):
        return None
    return _addon_folder(_ADDON_COMPILED_IMPORT.search(err.text, pos, pos + 400))


def _addon_folder(found: re.Match[str] | None) -> str | None:
    """The add-on's folder ('vllm/') an _ADDON_COMPILED_IMPORT match names; torch's and its companions' are not add-ons."""
    name = (found.group(1) or found.group(2) or found.group(3)) if found else None
    return f"{name}/" if name and name not in ("torch", *COMPANIONS) else None


_TYPED_COMPANIONS = ("torchvision", "torchaudio", "torchtext")


# A compiled extension's own module, by its build's naming: flash-attn's flash_attn_2_cuda, apex's fused_layer_norm_cuda.
_CUDA_EXTENSION_MODULE = re.compile(r"^[a-z]\w{0,60}_cuda$")


def _typed_import(err: ErrorText, pos: int) -> str | None:
    """The companion or compiled-extension folder ('torchvision/', 'dgl/') a typed import statement before ``pos`` names.

    The statement typed at the prompt or in a cell, when the failing frame is ``<stdin>`` or a cell: `>>> from
    torchvision import _C` names the package whose library failed (pytorch/vision#3261). An extension counts only as the
    last statement before the error: "import flash_attn_2_cuda" right above "libcudart.so.11.0: cannot open" is that
    module's library (Dao-AILab/flash-attention#728: a build for CUDA 11 under a CUDA 12 torch), as "import dgl" is DGL's
    (dmlc/dgl#919: dgl-cuda10.0 linked CUDA 9.2's runtime)."""
    typed = [found.module for found in err.import_statements if found.end <= pos and not found.indented]
    companions = [module for module in typed if module in _TYPED_COMPANIONS]
    if companions:
        return f"{companions[-1]}/"
    last = typed[-1] if typed else ""
    extension = _CUDA_EXTENSION_MODULE.match(last) or last.replace("_", "-") in _COMPILED_EXTENSIONS
    return f"{last}/" if extension else None


# Python's warnings print the file that warned first on the line ("<path>.py:12: UserWarning: Cannot load
# onnxruntime.capi. Error: 'libcublas.so.9.1: cannot open ...'": microsoft/onnxruntime#2642, where the traceback's frames
# come only after it, as a live traceback would put them).
_WARNING_SOURCE = re.compile(r"^\s{0,8}(\S{1,400}?\.py):\d{1,6}: \w{0,40}Warning: ")


def _warned_from(err: ErrorText, pos: int) -> str | None:
    """The file whose warning holds offset ``pos``, when the line is one of Python's warnings."""
    found = _WARNING_SOURCE.match(err.raw_line_at(pos))
    return found.group(1).replace("\\", "/") if found else None


def _loaded_by_ctypes(err: ErrorText, pos: int) -> bool:
    """The failing load was the package's own ctypes call, not torch's loader (torch.ops.load_library)."""
    frames = [path.replace("\\", "/") for path in err.frames_before(pos)]
    return any(_CTYPES_FRAME.search(path) for path in frames) and not any(path.endswith("/torch/_ops.py") for path in frames)


# Libraries of some torch builds only: CUDA's (a companion from PyPI beside a ROCm torch asks for libtorch_cuda.so:
# the corpus text rocm-custom-torch-torchaudio-asks-libtorch-cuda), the split CUDA libraries (torch 1.8-1.13), ROCm's.
_OTHER_BUILD_LIB = re.compile(r"^libtorch_(?:cuda|cuda_cu|cuda_cpp|hip)\.so")


# torch's libraries that only some builds have: libtorch_cpu.so from torch 1.5 on (the split of libtorch), libc10_cuda.so
# in CUDA builds only. Asked for by an unnamed loader, the corpus's reports are a companion built for such a torch under
# one without it (pytorch-advanced#111: torchtext 0.7 under an older torch; a CUDA torchaudio under a CPU torch).
_NEWER_OR_CUDA_BUILD_LIB = re.compile(r"^(?:libtorch_cpu|libc10_cuda)\.so")


def _lib_of_another_build(err: ErrorText, lib: str) -> bool:
    """A torch library the stated torch (or, unstated, a likely one) does not have."""
    if _OTHER_BUILD_LIB.match(lib):
        return not err.stated_at_least("torch", (2, 0))
    if not _NEWER_OR_CUDA_BUILD_LIB.match(lib):
        return False
    if lib.startswith("libtorch_cpu"):
        return not err.stated_at_least("torch", (1, 5))
    return not versions.cuda_of_tag(versions.variant(err.package("torch") or ""))  # libc10_cuda: a CUDA torch has it


def _older_torch_files(err: ErrorText, lib: str, loader: str, evidence: list[str]) -> Iterator[Signal]:
    """A library only torch < 2.0 had, asked for beside a stated torch >= 2.0: files of an older torch
    install are still found (pip's torch 2.4.1 over a conda env's pytorch 1.11: thousandbrainsproject/tbp.monty#385)."""
    if loader != "extension" and _SPLIT_CUDA_LIB.match(lib) and err.stated_at_least("torch", (2, 0)):
        said = f"stated: torch {err.package('torch')} has no {lib} (split CUDA builds ended before 2.0)"
        yield second_install(0.5, evidence + [said])


def _cuda_lib_missing(err: ErrorText, lib: str, pos: int, importer: str | None, evidence: list[str]) -> Iterator[Signal]:
    loader = loader_of(importer)
    if compat.cuda_library_no_torch_ships(lib):
        # No torch has it, so no build for another torch or CUDA explains it: it is missing here, whoever asked.
        yield signal("missing_cuda_runtime_lib", 0.85, evidence, library=lib, loader=loader)
        if loader == "extension":
            yield signal("extension_abi_mismatch", 0.5, evidence, extension=extension_name(importer), library=lib)
        return
    if loader == "vision":
        # A runtime of another CUDA than torch's: the companion was built for another torch build. Even with
        # torch's CUDA unknown, every corpus report of a companion's own load missing a CUDA runtime was a
        # companion built for another CUDA (demucs#225, pytorch/vision#946, #3261); none a runtime missing.
        # torch's own CUDA known to be the one asked for: the runtime itself is what is missing.
        foreign = _foreign_cuda(err, lib)
        same_cuda = not foreign and _torch_cuda(err)[0] is not None and _CUDART.match(lib) is not None
        yield signal("missing_cuda_runtime_lib", 0.85 if same_cuda else 0.6, evidence, library=lib, loader=loader)
        said = evidence + ([foreign] if foreign else [])
        confidence = 0.85 if foreign else 0.55 if same_cuda else 0.75
        yield signal("torchvision_torch_mismatch", confidence, said, package=_vision_package(importer), library=lib)
        return
    framework = framework_asking(err, pos, importer)
    if framework:
        yield signal("missing_cuda_runtime_lib", 0.86, evidence, library=lib, loader=framework)
        return
    foreign = _foreign_cuda(err, lib) if loader == "unknown" else None
    companion = next((name for name in ("torchvision", "torchaudio") if err.package(name)), None)
    if foreign and companion and not _stated_extension(err):
        # No frames, a stated companion and no stated extension: the companion is what asks (pytorch/pytorch#60628:
        # torchvision 0.3.0 beside a CPU torch nightly asking for libcudart.so.9.0).
        yield signal("torchvision_torch_mismatch", 0.85, [*evidence, foreign], package=companion, library=lib)
        yield signal("missing_cuda_runtime_lib", 0.6, evidence, library=lib, loader=loader)
        return
    if (loader == "extension" and _VERSIONED.search(lib)) or foreign:
        name = extension_name(importer) or _stated_extension(err)
        typed = None if name else _typed_module(importer)
        distribution = typed.replace("_", "-") if typed else None  # import flash_attn is the flash-attn distribution
        if distribution in _COMPILED_EXTENSIONS:
            name, typed = distribution, None  # a distribution's own name ("import dgl"), which a reinstall can name
        # The runtime of torch's own CUDA, stated: the package was built for that CUDA, and what is missing is the
        # runtime on the loader's path (holoscan asking for libcudart.so.11.0 beside torch 2.0.1+cu117, whose runtime pip
        # keeps in nvidia/cuda_runtime/lib: Project-MONAI/monai-deploy-app-sdk#461, fixed by putting it on the path).
        same_cuda = _torch_cuda(err)[0] is not None and _CUDART.match(lib) is not None and not (foreign or _foreign_cuda(err, lib))
        said = evidence + ([foreign] if foreign else [])
        module = {"module": typed} if typed else {}  # only a module's name: no pip command may guess its distribution
        yield signal("extension_abi_mismatch", 0.6 if same_cuda else 0.86, said, extension=name, library=lib, **module)
        asked_by = {"asked_by": name} if same_cuda and name else {}  # torch's own copy is there, not on the loader's path
        yield signal("missing_cuda_runtime_lib", 0.8 if same_cuda else 0.65, evidence, library=lib, loader=loader, **asked_by)
        return
    yield signal("missing_cuda_runtime_lib", 0.85, evidence, library=lib, loader=loader)
    if loader == "unknown":  # no frames: an extension's library is as possible, if less likely
        yield signal("extension_abi_mismatch", 0.45, evidence, extension=_stated_extension(err), library=lib)


def _foreign_cuda(err: ErrorText, lib: str) -> str | None:
    """Why a CUDA runtime asked for is not this environment's (an evidence line), or None.

    torch asks for its own CUDA's runtime; a ``libcudart.so.N`` of another major than the stated
    torch build was asked for by something built for CUDA N. (The CUDA a user names in prose is
    the system's, which a conda torch build need not match: not evidence.)"""
    wanted = _CUDART.match(lib)
    if not wanted:
        return None
    torch_version = err.package("torch") or ""
    if versions.variant(torch_version) == "cpu":  # a CPU torch asks for no CUDA runtime at all
        return f"stated: torch {torch_version} is a CPU build; {lib} is a CUDA runtime"
    torch_cuda, said = _torch_cuda(err)
    # Up to CUDA 10 the runtime's soname carries the minor version (libcudart.so.10.1); from 11 only the major.
    runtime = wanted.group(0).removeprefix("libcudart.so.") if int(wanted.group(1)) <= 10 else wanted.group(1)
    if torch_cuda and not f"{torch_cuda}.".startswith(f"{runtime}."):
        return f"{said}; {lib} is CUDA {runtime}'s runtime"
    stated = _stated_extension(err)
    if stated and not torch_cuda:
        return f"stated: {stated} {err.package(stated)}, a compiled CUDA extension"
    return None


def _torch_cuda(err: ErrorText) -> tuple[str | None, str]:
    """The CUDA torch was built with, as the text or the caller says (stated build tag, else collect_env), and how."""
    torch_version = err.package("torch") or ""
    torch_cuda = versions.cuda_of_tag(versions.variant(torch_version))
    if torch_cuda:
        return torch_cuda, f"stated: torch {torch_version} is a CUDA {torch_cuda} build"
    reported = err.search(COLLECT_ENV_CUDA)
    return (reported.group(1), f"collect_env: torch was built with CUDA {reported.group(1)}") if reported else (None, "")


def _stated_extension(err: ErrorText) -> str | None:
    """A compiled-extension package the caller said is installed."""
    return next((name for name in _COMPILED_EXTENSIONS if err.package(name)), None)


# torch's libraries that only its CUDA builds have: an extension asking for one beside a stated CPU torch was built for
# a CUDA torch, which the CPU build replaced (eugr/spark-vllm-docker PR 263: uv re-resolving torch to PyPI's CPU wheel
# under vllm's CUDA build; the fix kept the CUDA torch).
_CUDA_BUILD_ONLY_LIB = re.compile(r"^(?:libtorch_cuda\w{0,12}|libc10_cuda)\.so")


def _torch_lib_missing(err: ErrorText, lib: str, loader: str, importer: str | None, evidence: list[str]) -> Iterator[Signal]:
    torch_version = err.package("torch") or ""
    if loader == "extension" and _CUDA_BUILD_ONLY_LIB.match(lib) and versions.variant(torch_version) == "cpu":
        said = f"stated: torch {torch_version} is a CPU build, which has no {lib}: the extension was built for a CUDA torch"
        yield signal("cpu_only_build", 0.9, [*evidence, said])
        yield signal("extension_abi_mismatch", 0.6, evidence, extension=extension_name(importer), library=lib)
        return
    if loader == "extension":
        yield signal("extension_abi_mismatch", 0.85, evidence, extension=extension_name(importer), library=lib)
    elif loader == "vision":
        yield signal("torchvision_torch_mismatch", 0.85, evidence, package=_vision_package(importer), library=lib)
    elif loader == "unknown" and _lib_of_another_build(err, lib):
        # A library only *another* torch build has (the split CUDA libraries of torch 1.8-1.13, ROCm's
        # libtorch_hip), asked for by an unnamed loader: the commonest is a companion built for that
        # torch, left behind when a notebook installed another (Colab's torchaudio under torch 1.9.1:
        # hugofloresgarcia/audacitorch#9); an extension or mixed torch files are the other readings.
        # A companion's own frames anywhere in the text (a log printing the message before its traceback:
        # ahmetoner/whisper-asr-webservice#284, torchaudio/__init__.py last) name which one.
        yield signal("torchvision_torch_mismatch", 0.6, evidence, package=companion_in_frames(err), library=lib)
        yield signal("corrupted_install", 0.5, evidence, library=lib, package="torch")
        yield signal("extension_abi_mismatch", 0.45, evidence, extension=None, library=lib)
    else:
        yield signal("corrupted_install", 0.8 if loader == "torch" else 0.55, evidence, library=lib, package="torch")
        if loader == "unknown":
            yield signal("extension_abi_mismatch", 0.45, evidence, extension=None, library=lib)


# Abseil's C++ names carry the LTS release they were built from as an inline namespace (absl::lts_20230802::...:
# abseil.io/about/releases, "LTS releases ... are ABI-compatible within the release", absl/base/options.h
# ABSL_OPTION_INLINE_NAMESPACE_NAME), so a library built against one abseil asks the loader for names only that release
# has. A distribution that updates abseil (conda-forge, Termux, Homebrew) leaves a package built against the old one
# failing until it is rebuilt: Termux's python-torch after abseil-cpp's update (termux/termux-packages#20129, fixed by
# rebuilding python-torch) and conda-forge's libprotobuf under torch after a new libabseil build
# (conda-forge/pytorch-cpu-feedstock#311). Linux's, macOS's and Android's loaders each word it.
_ABSEIL_SYMBOL = re.compile(
    r"(?:undefined\s{1,4}symbol:|Symbol not found:|cannot locate symbol)\s{0,12}[\"']?(_{1,2}ZN?\w{0,40}?absl\d{1,2}lts_(\d{8})\w{0,300})"
)
_REFERENCED_BY = re.compile(r"(?:referenced by|Referenced from:)\s{0,4}(?:<[\w-]{1,60}>\s{0,4})?[\"']?(\S{1,400}?)[\"']?(?:\.\.\.|\s|$)")


@extractor
def abseil_release_changed(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_ABSEIL_SYMBOL)
    if not match:
        return
    # The library asking: dyld's and bionic's line after the symbol, or glibc's path before it on the same line.
    asking = _REFERENCED_BY.search(err.text, match.start(), match.start() + 1200) or _SO_PATH.search(err.raw_line_at(match.start()))
    path = asking.group(1).replace("\\", "/") if asking else ""
    library = path.rsplit("/", 1)[-1] if asking else None
    lts = match.group(2)
    said = f"the symbol is abseil LTS {lts}'s: the library asking for it was built against that release, and another is loaded"
    detail = {"kind": "abseil", "lts": lts, "library": library, "path": path or None}
    # A Python package's own extension asking (TensorFlow's add-ons: conda-forge/tensorflow-feedstock#276) is read first
    # as that extension's build, for another TensorFlow; any other library, torch's own included, first as abseil's.
    extension = _INSTALLED_PACKAGE.search(path) and "/torch/" not in path
    yield signal("lib_version_conflict", 0.8 if extension else 0.88, [err.evidence(match), said], **detail)


# The loader's words cut where the symbol would follow ("...flash_attn_2_cuda.cpython-310-x86_64-linux-gnu.so: undefined
# symbol", all h2oai/h2ogpt#1348's paste kept, a dependency having upgraded torch under flash-attn): a package's own
# extension asking torch for something, read less surely than with the symbol named.
_UNDEFINED_CUT = re.compile(r"(?:site|dist)-packages/(\S{1,300}?\.so): undefined symbol\s{0,4}$", re.M)


@extractor
def undefined_symbol_cut(err: ErrorText) -> Iterator[Signal]:
    match = None if err.search(_UNDEFINED) else err.search(_UNDEFINED_CUT)  # the whole message is undefined_symbol's
    if not match:
        return
    path = match.group(1)
    if path.split("/", 1)[0].split(".", 1)[0] not in ("torch", *COMPANIONS) and not _VISION.search(path):
        name = extension_name(match.group(0))  # as the full message's reading names it (undefined_symbol)
        yield signal("extension_abi_mismatch", 0.7, [err.evidence(match)], extension=name, library=path.rsplit("/", 1)[-1])


# The linker's words for MKL's ITT names, linking a program against torch's libtorch_cpu.so from a conda environment
# whose MKL is 2024.1 (manimo#38: "site-packages/torch/lib/libtorch_cpu.so: undefined reference to `iJIT_IsProfilingActive'",
# fixed by the pip build of torch): the loader's "undefined symbol: iJIT_NotifyEvent" at link time, read the same.
_LINKER_MKL_ITT = re.compile(rf"([^\s:`']{{1,400}}\.so[.\d]{{0,12}}): undefined reference to `({compat.MKL_ITT_SYMBOL}\w{{1,60}})'")


@extractor
def mkl_itt_missing_at_link(err: ErrorText) -> Iterator[Signal]:
    match = None if err.search(_UNDEFINED) else err.search(_LINKER_MKL_ITT)
    if match:
        library = re.split(r"[\\/]", match.group(1))[-1]
        yield signal("lib_version_conflict", 0.75, [err.evidence(match)], library=library, symbol=match.group(2), owner="torch")


# Names only Python 2's C API had (pytorch/pytorch#31483: libtorch_python.so built by `python setup.py install` with
# Python 2, then imported by Python 3.6: "undefined symbol: _Py_ZeroStruct").
_PYTHON2_API = re.compile(r"_Py_(?:Zero|True)Struct$|PyString_\w{1,40}$|PyInt_\w{1,40}$|Py_InitModule4\w{0,20}$")


# A wrapped log breaks the line after the library's name: "OSError: .../libtorchcodec_core4.so:" above "  undefined
# symbol: _ZN3c104cuda29c10_cuda_check_implementationEiPKcS2_jb" (meta-llama/llama-cookbook#259).
_SO_PATH_WRAPPED = re.compile(r"(\S{0,400}?\.so(?:\.\w{1,12}){0,4})\s{0,2}:\s{0,2}\n\s{0,12}undefined symbol")


def _failing_library(err: ErrorText, at: int) -> str:
    """The path of the library the loader names for the undefined symbol at ``at``, on its line or the line above."""
    found = _SO_PATH.search(err.raw_line_at(at))
    if found is None:
        line_start = err.text.rfind("\n", 0, at)
        above = err.text.rfind("\n", 0, max(line_start, 0)) + 1
        found = _SO_PATH_WRAPPED.search(err.text, above, at + 20) if line_start > 0 else None
    return found.group(1).strip("'\"> ") if found else ""


@extractor
def undefined_symbol(err: ErrorText) -> Iterator[Signal]:
    """``<file>.so: undefined symbol: X``: the file's owner says whose ABI broke."""
    match = err.search(_UNDEFINED)
    if not match:
        return
    symbol = match.group(1)
    path = _failing_library(err, match.start())
    base = re.split(r"[\\/]", path)[-1]
    evidence = [err.line_at(match.start())]
    versioned = _SYMBOL_VERSION.search(err.text[match.end() : match.end() + 120])
    if versioned and _CUDA_LIB.match(versioned.group(1)):
        said = f"{symbol} is {versioned.group(1)}'s: an older copy of that library was found first"
        # The library asking (torch's libc10_cuda.so) is the one the finding names; the older copy is in the evidence.
        yield signal("lib_version_conflict", 0.85, [*evidence, said], library=base or versioned.group(1), symbol=symbol, owner="cuda")
        return
    if _DRIVER_API.match(symbol):
        yield from _driver_api_missing(symbol, evidence, base, own_torch=bool(_TORCH_LIB.match(base)))
        return
    if err.search(_PROCESS_LACKS_CUDART):
        return  # no library of an extension: the process itself, with no CUDA runtime loaded (bitsandbytes_without_this_cuda)
    mpi = _OPEN_MPI_COMPONENT.search(path)
    if mpi and _OPEN_MPI_SYMBOL.match(symbol):
        said = f"{base} is an Open MPI component that asks Open MPI's core for {symbol}: it is another install's"
        yield signal("corrupted_install", 0.8, [*evidence, said], reason="leftover_components", library=base, folder=mpi.group(1))
        return
    namespace = first_namespace(symbol)
    if _TENSORFLOW_LIB.match(base) and namespace and namespace not in _TENSORFLOW_NAMESPACES:
        said = f"{symbol} is {namespace}'s, a library TensorFlow's {base} links: another build of it was loaded"
        detail = {"library": base, "symbol": symbol, "owner": "tensorflow", "kind": "third_party", "namespace": namespace}
        yield signal("lib_version_conflict", 0.8, [*evidence, said], **detail)
        return
    if symbol.startswith(compat.MKL_ITT_SYMBOL) and not base:
        # MKL's ITT instrumentation names, with no library named: every corpus report of them (18) was torch's
        # libtorch_cpu.so under conda's MKL 2024.1, which dropped them (pytorch/pytorch#123097; MegaDetector#127 pasted
        # the symbol alone).
        yield signal("lib_version_conflict", 0.75, evidence, library="libtorch_cpu.so", symbol=symbol, owner="torch")
        return
    runtime = _runtime_file(base)
    if runtime:  # the other copy is the file that failed
        yield _foreign_runtime(runtime, evidence, 0.85, library=base, path=path or None, symbol=symbol)
        return
    runtime = _runtime_symbol(symbol)
    if runtime:  # the file that failed is the one built against the runtime; the other copy is not named
        yield _foreign_runtime(runtime, evidence, 0.85, library=base or None, path=None, symbol=symbol)
        return
    if _BNB_CPU_LIBRARY.match(base):
        # bitsandbytes found no CUDA library of its own for this CUDA and loaded its CPU-only one, which lacks the GPU
        # functions asked for (eosphoros-ai/DB-GPT-Hub#90: 0.39.0 under CUDA 12.1, fixed by upgrading bitsandbytes).
        yield signal("cpu_only_build", 0.8, [*evidence, "bitsandbytes loaded its CPU-only library"], framework="bitsandbytes")
    elif _TORCHCODEC_CORE.match(base):
        if _FFMPEG_SYMBOL.match(symbol):
            said = f"{symbol} is FFmpeg's: the FFmpeg libraries loaded are another build than the one {base} was linked against"
            yield signal("lib_version_conflict", 0.7, [*evidence, said], kind="torchcodec_ffmpeg", library=base, symbol=symbol)
        return  # torch's own names: torchcodec_for_another_torch reads them
    elif _VISION.search(path.replace("\\", "/")) or _COMPANION_LIB.match(base):
        yield signal("torchvision_torch_mismatch", 0.9, evidence, package=_vision_package(path, base), library=base, symbol=symbol)
    elif "/nvidia/" in path or _CUDA_LIB.match(base):
        yield signal("lib_version_conflict", 0.85, evidence, library=base or None, symbol=symbol, owner="cuda")
    elif not base and _CUDA_LIBRARY_SYMBOL.match(symbol):
        # A CUDA library's own function with no file named: whoever asked was linked against a newer copy of that library
        # than the one loaded (ncclCommRegister: an older NCCL found first, the corpus's label for 17 of its 20 such
        # texts); an extension of its own asking is the other reading.
        said = f"{symbol} is a function of a CUDA library: the copy loaded is older than the one the asker was built with"
        yield signal("lib_version_conflict", 0.75, [*evidence, said], library=None, symbol=symbol, owner="cuda")
        name = extension_name(err.importer(match.start()))
        yield signal("extension_abi_mismatch", 0.5, evidence, extension=name, library=None, symbol=symbol)
    elif (_TORCH_LIB.match(base) or _TORCH_C.search(path.replace("\\", "/"))) and _PYTHON2_API.match(symbol):
        # torch's library asks for Python 2's C API: it was built for another Python than the one running.
        yield signal("corrupted_install", 0.8, evidence, reason="torch_c", package="torch", library=base)
    elif _TORCH_LIB.match(base) or _TORCH_C.search(path.replace("\\", "/")) or _TORCH_LIB_FOLDER.search(path):
        # Any library of torch's own lib folder, the third-party ones it bundles included (torch 1.0's libmkldnn.so.0
        # asking for MKL's cblas_sgemm_alloc under conda's older MKL: millanp95/DeLUCS#4, fixed by pip's torch).
        yield signal("lib_version_conflict", 0.7, evidence, library=base, symbol=symbol, owner="torch")
    else:
        name = extension_name(path) or extension_name(err.importer(match.start()))
        if _STD_SYMBOL.match(symbol) and "cxx11" not in symbol:  # std::__cxx11 is the C++11 ABI flag: a torch-ABI build
            # A C++ standard-library symbol (std::__exception_ptr::exception_ptr::_M_addref) missing from the loaded
            # libstdc++: the runtime found first is older than the extension's compiler (conda's old libgcc under
            # torch-scatter: pyg-team/pytorch_geometric#506, fixed by a newer one); building with an older gcc is the
            # other way out (NVlabs/tiny-cuda-nn#284, fixed with gcc 9).
            detail = {"symbol": symbol, "required_by": path or None, "runtime": "libstdc++"}
            yield signal("glibc_libstdcxx_too_old", 0.75, evidence, **detail)
            yield signal("build_toolchain_missing", 0.65, evidence, kind="libstdcxx_newer", extension=name)
            yield signal("extension_abi_mismatch", 0.5, evidence, extension=name, library=base or None, symbol=symbol)
            return
        if _CUDA_LAUNCH_API.match(symbol):
            # The kernel-launch calls nvcc writes into the extension's own code: emitted by a CUDA toolkit
            # (nvcc) of another release than the CUDA runtime it runs with (__cudaPopCallConfiguration is
            # CUDA 9.2's: fundamentalvision/Deformable-DETR#3, jwyang/faster-rcnn.pytorch#190; cudaLaunch, gone
            # from CUDA 10.1's runtime: horovod/horovod#2224): the extension was built against another CUDA, which
            # is how 7 of the corpus's 10 texts of them are labelled; rebuild it with the toolkit of torch's CUDA.
            # One finding: its fix is the toolkit of torch's CUDA, and the rebuild.
            detail = {"extension": name, "library": base or None, "symbol": symbol, "reason": "nvcc_runtime"}
            if base.startswith("lib"):
                # A plain shared library (lib*.so, not a Python extension module; torch's own were read above): a
                # framework's own library built from source, compiled by one CUDA release's nvcc and linked with
                # another's runtime, its build mixing two CUDA installs (Oneflow-Inc/oneflow#10418: liboneflow.so lacking
                # cudaConfigureCall, "caused by two cuda versions conflicting"). Every corpus text of a torch extension
                # lacking these names is its Python module's (_C.cpython-37m-..., _ext, gpu_nms).
                said = f"{symbol} is a launch call nvcc writes: {base} was compiled by another CUDA's nvcc than its runtime"
                yield signal("build_toolchain_missing", 0.8, [*evidence, said], kind="nvcc_runtime_mixed", symbol=symbol, library=base)
                yield signal("extension_abi_mismatch", 0.6, evidence, **detail)
                return
            yield signal("extension_abi_mismatch", 0.85, evidence, **detail)
            return
        if _OWN_GLOBAL_FUNCTION.match(symbol):
            # A global C++ function of the extension's own (no namespace: not torch's, CUDA's or std's), defined in
            # another of its source files: the library was linked from a partial or stale build, objects of an earlier
            # build left in build/ (open-mmlab/OpenPCDet#216: "delete the build directory", then "Solved").
            said = f"{base or 'the library'} lacks one of its own functions: linked from a partial or stale build"
            yield signal("corrupted_install", 0.75, [*evidence, said], reason="stale_build", package=name or "The extension", library=base)
            yield signal("extension_abi_mismatch", 0.6, evidence, extension=name, library=base or None, symbol=symbol)
            return
        if _ONEDNN_API.match(symbol) and not _ONEDNN_LIB.match(base):
            # oneDNN's C API asked for by a package's library that links it: the copy of oneDNN loaded is another build
            # (PaddlePaddle/Paddle#17045: LD_LIBRARY_PATH naming another project's libmkldnn.so first; solved by putting
            # paddle's own libs folder there instead). The package itself is as built.
            said = f"{symbol} is oneDNN's (libmkldnn/libdnnl), a library {base or 'the library'} links: another build of it was loaded"
            detail = {"library": base or None, "symbol": symbol, "kind": "third_party", "namespace": "oneDNN", "package": name}
            yield signal("lib_version_conflict", 0.8, [*evidence, said], **detail)
            return
        unlinked = _UNLINKED_LIBRARY_API.match(symbol)
        if unlinked and not _TORCH_EXTENSIONS_CACHE.search(path):
            library = (
                "cuRAND (-lcurand)"
                if unlinked.group(1)
                else "Boost.Python (-lboost_python)"
                if unlinked.group(3)
                else "librt (-lrt, part of libc only from glibc 2.34)"
            )
            said = f"{symbol} is {library}'s, which {base or 'the library'} was linked without: its build left it out"
            detail = {"kind": "library_not_linked", "library": library, "symbol": symbol, "package": name}
            yield signal("other", 0.75, [*evidence, said], **detail)
            yield signal("extension_abi_mismatch", 0.45, evidence, extension=name, library=base or None, symbol=symbol)
            return
        graphics = compat.graphics_library_of_symbol(symbol)
        if graphics:
            said = f"{symbol} is {graphics[0]}'s, a system graphics library (Debian/Ubuntu: {graphics[1]})"
            command = f"sudo apt-get update && sudo apt-get install -y {graphics[1]}"
            # An undefined symbol, not a library not found: the library was linked without it, so installing it is not
            # enough; it must be built again once it is there (made here: a plugin built without -lEGL still fails with
            # libEGL installed, and loads once built with it).
            detail = {"kind": "system_library_missing", "library": graphics[0], "command": command, "rebuild": True}
            yield signal("other", 0.75, [*evidence, said], **detail)
            yield signal("extension_abi_mismatch", 0.45, evidence, extension=name, library=base or None, symbol=symbol)
            return
        if versioned and versioned.group(1) == "GLIBC_PRIVATE":
            # glibc's internal names, which change between its releases: the library was built on an older Linux than this
            # one (PaddlePaddle/Paddle#50056: core_avx.so asking for _dl_sym, which glibc 2.36 here no longer exports,
            # `nm -D`; the maintainers' fix was a Paddle release built for newer systems). torch's ABI is not involved.
            # Not the loader's other GLIBC_PRIVATE message, "version `GLIBC_PRIVATE' not found (required by .../librt.so.1)":
            # a piece of glibc bundled in a package, read by bundled_glibc_part below.
            said = f"{symbol} is a private glibc name that this system's glibc no longer has"
            yield signal("other", 0.8, [*evidence, said], kind="glibc_private_symbol", library=base or None, package=name)
            yield signal("extension_abi_mismatch", 0.45, evidence, extension=name, library=base or None, symbol=symbol)
            return
        if _PYTHON_C_API.match(symbol):
            # A name of Python's own C API (Py_ZeroStruct is Python 2's, _Py_Dealloc an exported function from 3.8): the
            # library was compiled against another Python's headers than the interpreter loading it (DenseFusion#2: a
            # _knn_pytorch.so built with Python 3 run under Python 2; UPSNet#71 and faster_rcnn#258: Cython modules
            # built under Python 2). Not torch's ABI: rebuilding with the Python that runs it is the fix.
            folder = _PYTHON2_FOLDER.match(path) if _PYTHON2_ONLY_API.match(symbol) else None
            if folder and base:
                # A name only Python 2 has, asked for by a module in a Python 2 folder: a Python 3 finds that module
                # first because the folder is on its search path (ROS 1's setup.bash puts /opt/ros/<distro>/lib/python2.7/
                # dist-packages on PYTHONPATH: mrlathome/faceutils#6, fixed by taking it off sys.path; jkjung-avt/
                # buildOpenCVTX2#15). Its own build is right, for the Python it was made for.
                said = f"{path} is in Python 2's folder {folder.group(1)}, which this Python 3 searches first"
                module = base.split(".")[0]
                detail = {"module": module, "reason": "other_python_folder", "path": path, "folder": folder.group(1), "symbol": symbol}
                yield signal("shadowed_module", 0.85, [*evidence, said], **detail)
                yield _built_for_another_python(symbol, base, evidence, 0.5, extension=name)
                return
            yield _built_for_another_python(symbol, base or None, evidence, 0.85, extension=name)
            return
        # `setup.py install` from a checkout leaves an .egg folder; a library outside any site-packages was built where it
        # is (maskrcnn-benchmark's maskrcnn_benchmark/_C.so in its clone, `setup.py develop`): either way no PyPI
        # distribution of that folder's name is what installed it, so the fix rebuilds it there.
        in_place = bool(path) and not installed_file(path)
        built_here = bool(_EGG_FOLDER.search(path)) or in_place
        detail = {"extension": name, "library": base or None, "symbol": symbol, "built_here": built_here, **_host_of(symbol, path)}
        yield signal("extension_abi_mismatch", 0.85, evidence, **detail)


def _built_for_another_python(symbol: str, library: str | None, evidence: list[str], confidence: float, *, extension: str | None) -> Signal:
    """A library lacking a name of Python's own C API (_PYTHON_C_API): compiled for another Python than the one loading it."""
    said = f"{symbol} is part of Python's C API, which this interpreter lacks: built for another Python"
    detail = {"extension": extension, "library": library, "symbol": symbol, "reason": "python_api_missing"}
    return signal("extension_abi_mismatch", confidence, [*evidence, said], **detail)


# A library built against TensorFlow's C++ asks for a mangled tensorflow:: name: its host is TensorFlow, not torch
# (tensorflow/gcs-config's _gcs_config_ops.so, horovod's mpi_lib, TF-DF's ops; rules/extensions.py words it). One inside
# TensorFlow's own folder is TensorFlow's (tensorflow/core/kernels/libtfkernel_sobol_op.so: google-deepmind/alphafold#124,
# a second, newer TensorFlow installed into /opt/conda beside the pinned one).
_TENSORFLOW_SYMBOL = re.compile(r"_ZNK?10tensorflow")
_TENSORFLOW_FOLDER = re.compile(r"[/\\]tensorflow(?:_core)?[/\\]")


def _host_of(symbol: str, path: str) -> dict[str, object]:
    """The framework whose C++ the failing library was built against, where it is not torch."""
    if not _TENSORFLOW_SYMBOL.match(symbol):
        return {}
    return {"host": "tensorflow", "host_own_library": bool(_TENSORFLOW_FOLDER.search(path))}


# bitsandbytes' own words when its release has no library for the CUDA torch uses: "Could not find the bitsandbytes CUDA
# binary at ...libbitsandbytes_cuda129.dll", then it loads its CPU-only library ("compiled without GPU support").
# Haoming02/sd-webui-forge-classic#184: 0.45.5 under torch's CUDA 12.9, fixed by bitsandbytes 0.47.0; bitsandbytes-
# foundation/bitsandbytes#1510 and lllyasviel/stable-diffusion-webui-forge#2712: releases before 0.45.3 under CUDA 12.8,
# fixed by the release with CUDA 12.8 binaries. The release was built for other CUDA releases than the torch beside it,
# which is the reading; the CPU library it fell back to is how that shows.
_BNB_NO_CUDA_BINARY = re.compile(r"Could not find the bitsandbytes CUDA binary at [^\n]{0,300}?libbitsandbytes_cuda(\d{2,4})")


@extractor
def bitsandbytes_no_binary_for_cuda(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_BNB_NO_CUDA_BINARY)
    if match:
        cuda = versions.cuda_of_tag(f"cu{match.group(1)}")
        said = f"this bitsandbytes release has no library for CUDA {cuda}, the CUDA in use, and loaded its CPU-only one"
        detail = {"extension": "bitsandbytes", "library": None, "reason": "no_binary_for_cuda", "cuda": cuda}
        yield signal("extension_abi_mismatch", 0.8, [err.evidence(match), said], **detail)
        yield signal("cpu_only_build", 0.5, [err.evidence(match), said], framework="bitsandbytes")


# Runtimes that torch, NumPy and extensions link and that several installs each bring a copy of (conda's MKL, a system
# Intel MKL under /opt/intel, the system's or a compiler's libgomp): an undefined symbol in one of their files, or one
# of their own symbols missing from another file, means another copy than the one built against was loaded first
# (pytorch/pytorch#7758: /opt/intel's libmkl_gf_lp64.so on LD_LIBRARY_PATH before conda's; #6131: the base
# environment's older MKL loaded for an environment's torch; #5099: torch's libmkldnn missing cblas_gemm_s8u8s32
# from a server's own MKL found first).
# MKL's release-numbered file names (which number is which release is compat's: mkl_release_of_soname).
_MKL_RELEASE_NAME = re.compile(r"^libmkl_\w{1,40}\.so\.(\d)$")
_RUNTIME_FILE = {"MKL": re.compile(r"^lib(?:mkl_\w{1,40}|iomp5)\.so", re.I)}
_RUNTIME_SYMBOL = {"MKL": re.compile(r"^(?:mkl_|MKL_|cblas_gemm_s8u8s32|cblas_gemm_s16s16s32)\w{0,100}$")}


def _runtime_file(base: str) -> str | None:
    """The shared runtime (MKL) a library file is part of, if any."""
    return next((name for name, pattern in _RUNTIME_FILE.items() if pattern.match(base)), None)


def _runtime_symbol(symbol: str) -> str | None:
    """The shared runtime a symbol is exported by, if it is one's own."""
    return next((name for name, pattern in _RUNTIME_SYMBOL.items() if pattern.match(symbol)), None)


def _foreign_runtime(runtime: str, evidence: list[str], confidence: float, **detail: str | None) -> Signal:
    said = f"another copy of {runtime} than the one built against was loaded first"
    return signal("lib_version_conflict", confidence, [*evidence, said], kind="foreign_runtime", runtime=runtime, **detail)


# MKL's own complaint when its caller was built against another MKL: "Intel MKL ERROR: Parameter 10 was incorrect on
# entry to DSYRK" (pytorch/pytorch#5100: a system MKL older than 2018 on LD_LIBRARY_PATH; fixed by conda's mkl=2018
# and removing that path).
_MKL_PARAMETER = re.compile(r"Intel MKL ERROR: Parameter \d{1,3} was incorrect on entry to \w{1,40}")


@extractor
def mkl_rejects_its_caller(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_MKL_PARAMETER)
    if match:
        yield _foreign_runtime("MKL", [err.evidence(match)], 0.7, library=None, path=None, symbol=None)


# The loader's "version `GOMP_4.0' not found (required by X)" for GNU OpenMP's libgomp: the copy loaded (named
# before the colon) is older than the one X was built against (pytorch/pytorch#11383: gcc 4.8.5's libgomp put into the
# conda environment over the newer one torch came with; SeanNaren/deepspeech.pytorch#77: torch's bundled libgomp loaded
# for a warp-ctc built with the system's gcc 5).
_RUNTIME_VERSION_MISSING = re.compile(
    r"([^\s:'\"]{0,400}?(libgomp[\w-]{0,20}\.so[\d.]{0,8})): version [`'‘]?"
    r"(GOMP_[\d.]{1,12})[`'’]?\s{1,4}not found(?:\s{1,4}\(required by ([^)\n]{1,400})\))?"
)


@extractor
def runtime_too_old_for_its_user(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_RUNTIME_VERSION_MISSING)
    if match:
        detail = {"library": match.group(2), "path": match.group(1), "symbol": match.group(3), "required_by": match.group(4)}
        yield signal("lib_version_conflict", 0.85, [err.evidence(match)], kind="older_runtime", runtime="OpenMP", **detail)


# glibc cannot fit a library's thread-local storage into the block it reserves when the library is loaded late (after
# the process started), which OpenMP runtimes hit most (triton-inference-server/server#4952: torch's bundled
# libgomp-d22c30c5.so.1; fixed by LD_PRELOAD of that file, so it loads at start).
_STATIC_TLS = re.compile(r"(/[^\s:'\"]{1,400}?\.so[\d.]{0,12}): cannot allocate memory in static TLS block")


@extractor
def loaded_too_late_for_tls(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_STATIC_TLS)
    if match:
        library = match.group(1).rsplit("/", 1)[-1]
        yield signal("lib_version_conflict", 0.85, [err.evidence(match)], kind="static_tls", library=library, path=match.group(1))


# C functions of libraries a build must link by name, which torch's own libraries do not bring to an extension: cuRAND's
# (pip's torch from 1.11 no longer links it for extensions, so DeepSpeed's prebuilt cpu_adam and quantizer ops, whose
# link lines lacked -lcurand, failed with "undefined symbol: curandCreateGenerator": deepspeedai/DeepSpeed#1879 and
# #3846, both fixed in DeepSpeed's op builder) and librt's shared memory and timers, in glibc's own libc only from 2.34
# (PaddlePaddle/Paddle#47421: libpaddle.so built with gcc 8.4 lacking shm_unlink, fixed by linking it). One built in
# torch's extension cache is not read so: that cache is shared by every environment, and another's build may be there
# (pytorch/pytorch#68905, the same cuRAND name).
# Boost.Python's C++ names (mangled N5boost6python) likewise: a module built on Boost.Python whose link line lacked
# -lboost_python (unlimblue/KNN_CUDA#1: "knn.so: undefined symbol: _ZTIN5boost6python7objects21py_function_impl_baseE",
# the maintainer's answer a Makefile that did not link boost_python).
_UNLINKED_LIBRARY_API = re.compile(
    r"^(?:(curand)[A-Z]\w{2,60}|(shm_open|shm_unlink|clock_gettime|timer_(?:create|settime|gettime|delete))"
    r"|(_ZN?T?[ISV]?N?K?5boost6python\w{1,200}))$"
)
# Python's C API: Py_X, PyX_Y and _PyX_Y names (Py_ZeroStruct, PyFPE_jbuf, _PyThreadState_Current), not a package's own
# C names that merely start with "Py" (C++ names are mangled, _Z...).
# Names of Python 2's C API that Python 3 removed (PyCObject from 3.2 on; PyString, PyInt, Py_InitModule4 and the
# Py_ZeroStruct/Py_TrueStruct singletons with 3.0: docs.python.org/3/howto/cporting.html).
_PYTHON2_ONLY_API = re.compile(r"^_?Py(?:CObject_\w+|String_\w+|Int_\w+|Class_\w+|_InitModule4\w*|_ZeroStruct|_TrueStruct)$")
_PYTHON2_FOLDER = re.compile(r"^(.{0,300}?/python2\.\d{1,2}/(?:dist|site)-packages)/")
_PYTHON_C_API = re.compile(r"^_?Py(?:[A-Z][A-Za-z]{0,20})?_[A-Za-z]\w{0,80}$")
_TORCH_EXTENSIONS_CACHE = re.compile(r"[/\\]torch_extensions[/\\]")

# A mangled global function (_Z<length><name>, no N...E namespace), whose first parameter is not a C type letter run.
_OWN_GLOBAL_FUNCTION = re.compile(r"_Z\d{1,3}(?!cuda|nv|cu[a-z])[A-Za-z_]\w{2,200}$")


# dyld's `dlopen(<file>, 6): Symbol not found: <torch symbol>` for an add-on's library (pyg-team/pyg-lib#217:
# libpyg.so built for another torch, loaded through torch.ops.load_library).
# macOS 12+'s dyld: "dlopen(<file>, 0x0002): symbol not found in flat namespace '<symbol>'" (parlance/ctcdecode#208).
# The quote may be lost and the symbol's leading "__Z" with it (open-mmlab/mmyolo#1021: "symbol not found in flat
# namespace N2at3mps9MPSStream6commitEb)", mmcv's _ext under torch 2.3.1), and a paste may start after "dlopen("
# (TMElyralab/MuseTalk#352): the file is then the path ending the line's text before ", 0x0002)". A pasted line may break
# after "Symbol not found:" (belangeo/pyo#131).
_DLOPEN_SYMBOL = re.compile(
    r"dlopen\(([^,()\n]{1,400}), \w{1,12}\): (?:Symbol not found:\s{0,3}|symbol not found in flat namespace '?)([^\s')]{1,300})"
)
_CUT_DLOPEN_SYMBOL = re.compile(r"\.(?:so|dylib), 0x\w{1,8}\): symbol not found in flat namespace '?([^\s')]{1,300})")
_CUT_TORCH_SYMBOL = re.compile(r"N(?:3c10|2at|5torch)\d")
_EXPECTED_IN_TORCH = re.compile(r"Expected in:\s{0,8}(?:<[\w-]{1,60}>\s{0,8})?\S{0,400}/torch/lib/lib(?:torch|c10)\w{0,30}\.dylib")
_STD_SYMBOL = re.compile(r"_ZN?K?St(?:\d|_)")  # std:: (mangled _ZNSt..., _ZNKSt..., _ZSt...)
_CUDA_LAUNCH_API = re.compile(r"_{0,2}cuda(?:PopCallConfiguration|PushCallConfiguration|SetupArgument|ConfigureCall|Launch)\b")


def _dlopen_symbol(err: ErrorText) -> tuple[re.Match[str], str, str] | None:
    """(match, library path, symbol) of dyld's missing-symbol message for a library, whole or cut at its start."""
    match = err.search(_DLOPEN_SYMBOL)
    if match:
        return match, match.group(1), match.group(2)
    cut = err.search(_CUT_DLOPEN_SYMBOL)
    if not cut:
        return None
    return cut, err.word_before(cut.start()) + cut.group(0).split(",", 1)[0], cut.group(1)


@extractor
def addon_symbol_missing_macos(err: ErrorText) -> Iterator[Signal]:
    found = _dlopen_symbol(err)
    if found is None:
        return
    match, path, symbol = found
    # Newer dyld names the library it looked in: one of torch's own makes any symbol torch's (pytorch/rl#1308: pybind11's
    # caster of at::Tensor, "Expected in: .../torch/lib/libtorch_python.dylib", torchrl built for torch 1.x).
    in_torch = _EXPECTED_IN_TORCH.search(err.text, match.end(), match.end() + 800)
    path = path.replace("\\", "/")
    # dyld prefixes C names with an underscore: "__Py_tracemalloc_config" is Python's _Py_tracemalloc_config. As on Linux
    # (undefined_symbol), a Python C-API name missing is a module compiled for another Python (Tencent/ncnn#2654: pyncnn
    # built against Python 2.7, imported by 3.8; cast#36, fixed by a later Python).
    python_api = symbol[1:] if symbol.startswith("_") else symbol
    if _PYTHON_C_API.match(python_api) and "/torch/" not in path:
        yield _built_for_another_python(python_api, path.rsplit("/", 1)[-1], [err.evidence(match)], 0.8, extension=None)
        return
    if not (TORCH_SYMBOL.match(symbol) or _CUT_TORCH_SYMBOL.match(symbol) or in_torch):
        return
    if "/torch/" in path or _VISION.search(path):
        return  # torch's own files (torch_files.py) or a companion's (vision.py)
    name = extension_name(path) or frame_package(owner_frame(err, match.start()))
    evidence = [err.evidence(match)]
    yield signal("extension_abi_mismatch", 0.85, evidence, extension=name, library=path.rsplit("/", 1)[-1], symbol=symbol)


# dyld names the library lacking a symbol ("Referenced from: <file>"). A system-wide copy (Homebrew's,
# MacPorts', /usr/local/lib) referenced while torch's own module loads is a library found before the
# environment's own copy (TomHeaven/pytorch-osx-build#19: /usr/local/lib/libquadmath.0.dylib, fixed by
# replacing it with the copy the build shipped).
_DYLD_MISSING = re.compile(r"Symbol not found: ?(\S{1,300})")
# Newer dyld quotes the paths ("Library not loaded: '@loader_path/libshm.dylib'": zjunlp/DeepKE#409).
_REFERENCED_FROM = re.compile(r"Referenced from: (?:<[\w-]{1,60}> )?'?(\S{1,400}?\.dylib)'?")
_SYSTEM_WIDE = re.compile(r"^(?:/usr/local/|/opt/homebrew/|/opt/local/)")
_DLOPEN = re.compile(r"dlopen\(([^,()\n]{1,400}), ")


@extractor
def system_library_first(err: ErrorText) -> Iterator[Signal]:
    """macOS: torch's module loaded a system-wide copy of a library that lacks what it needs."""
    match = err.search(_DYLD_MISSING)
    window = err.text[match.end() : match.end() + 600] if match else ""
    referenced = _REFERENCED_FROM.search(window)
    if not (match and referenced and _SYSTEM_WIDE.match(referenced.group(1))):
        return
    loading = next((path for path in loaded_files_before(err, match) if "/torch/" in path), None)
    if loading:
        evidence = [err.evidence(match), f"a system-wide copy was loaded: {referenced.group(1)}"]
        library = loading.rsplit("/", 1)[-1]
        yield signal("lib_version_conflict", 0.8, evidence, library=library, symbol=match.group(1), owner="torch")


# dyld: one of torch's own libraries asks for another of torch's that is absent ("Library not loaded:
# @rpath/libtorch_cpu.dylib ... (no such file)", pytorch/pytorch#72172) or of another build ("Incompatible
# library version: libshm.dylib requires version 1.0.0 or later, but libATen.dylib provides version 0.0.0",
# pytorch/pytorch#6455): torch's files are incomplete or from two builds. LibTorch's own download (a libtorch/ folder,
# as tch-rs and other bindings unpack it) is read alike, with the MKL and OpenMP libraries its macOS builds linked
# beside them (LaurentMazare/tch-rs#101: libtorch.dylib asking for @rpath/libmklml.dylib, which the download lacked;
# copying it into libtorch/lib mended it). A program linked against LibTorch is read so too when dyld looked for the
# library in a libtorch folder's lib/ and found no such file (xmake-io/xmake-repo#7184: LibTorch 2.5.0's package
# without libomp.dylib, which the program asks for; copying it into libtorch/lib mended it).
_DYLD_NOT_LOADED = re.compile(
    r"Library not loaded: ?'?@(?:rpath|loader_path)/(lib(?:torch\w{0,20}|c10\w{0,10}|shm|ATen|caffe2\w{0,30}|mklml|iomp5|omp)\.dylib)"
)
_TRIED_IN_LIBTORCH = re.compile(r"tried: '[^'\n]{0,400}[/\\]libtorch[/\\][^'\n]{0,200}?lib[/\\]lib\w{1,40}\.dylib' \(no such file\)")
# A CUDA library that torch's own library asks for (torch 1.6's macOS CUDA build needs the CUDA 10 toolkit's
# libcurand.10.0.dylib: TomHeaven/pytorch-osx-build#12).
_DYLD_CUDA_NOT_LOADED = re.compile(r"Library not loaded: ?'?@rpath/(lib\w{1,30}(?:\.[\d.]{1,12})?\.dylib)")
_DYLD_INCOMPATIBLE = re.compile(r"Incompatible library version: \S{1,120}\.dylib requires version [\d.]{1,20} or later, but ")
# Old TensorFlow's macOS module was a .so ("Referenced from: .../tensorflow/python/_pywrap_tensorflow.so").
_REFERENCED_SO = re.compile(r"Referenced from: '?(\S{1,400}?\.so)'?")
# dyld names where it looked for the symbol: a CUDA library of a system-wide toolkit (TomHeaven/pytorch-osx-build#21:
# /usr/local/cuda/lib/libcusparse.10.dylib of another CUDA release than torch was built with).
_EXPECTED_IN = re.compile(r"Expected in: (?:<[\w-]{1,60}> )?(\S{1,400}\.dylib)")
# The same lines naming a Python extension module (.so on macOS too) as well as a library.
_REFERENCED_FROM_MODULE = re.compile(r"Referenced from: (?:<[\w-]{1,60}> )?'?(\S{1,400}?\.(?:dylib|so))'?")
_EXPECTED_IN_MODULE = re.compile(r"Expected in: (?:<[\w-]{1,60}> )?'?(\S{1,400}?\.(?:dylib|so))'?")
_SITE_PACKAGE = re.compile(r"[/\\](?:site|dist)-packages[/\\]([\w.-]{1,80})(?:[/\\]|$)")


@extractor
def torch_dylib_missing(err: ErrorText) -> Iterator[Signal]:
    """macOS: torch's own library cannot load another of torch's own libraries."""
    match = err.search(_DYLD_NOT_LOADED)
    window = err.text[match.end() : match.end() + 800] if match else ""
    referenced = _REFERENCED_FROM.search(window)
    tried = _TRIED_IN_LIBTORCH.search(window)
    if match and tried and not (referenced and "/torch/" in referenced.group(1)):
        said = f"dyld looked for {match.group(1)} in LibTorch's own lib folder, and it is not there"
        detail = {"package": "torch", "library": match.group(1), "reason": "libtorch_download"}
        yield signal("corrupted_install", 0.75, [err.evidence(match), said], **detail)
        return
    if not (match and referenced and ("/torch/" in referenced.group(1) or "/libtorch/" in referenced.group(1))):
        return
    evidence = [err.evidence(match), f"asked for by torch's own {referenced.group(1).rsplit('/', 1)[-1]}"]
    incompatible = _DYLD_INCOMPATIBLE.search(window)
    if incompatible:
        yield signal("corrupted_install", 0.8, evidence, reason="mixed_builds", package="torch", library=match.group(1))
    else:  # dyld's "(no such file)" reason line, when the text kept it, says the file is gone for certain
        confidence = 0.8 if "no such file" in window else 0.7
        download = "/libtorch/" in referenced.group(1) and "-packages/" not in referenced.group(1)
        reason = {"reason": "libtorch_download"} if download else {}
        yield signal("corrupted_install", confidence, evidence, package="torch", library=match.group(1), **reason)


@extractor
def symbol_missing_between_neighbours(err: ErrorText) -> Iterator[Signal]:
    """dyld: a library lacks a symbol of the library right beside it. Files of one download belong together,
    so the folder holds files of two downloads (R torch's deps/: liblantern.dylib and libtorch_cpu.dylib of
    different releases, mlverse/torch#420). Python's torch/lib is read by the second-install readings."""
    match = err.search(_DYLD_MISSING)
    window = err.text[match.end() : match.end() + 1200] if match else ""
    referenced, expected = _REFERENCED_FROM_MODULE.search(window), _EXPECTED_IN_MODULE.search(window)
    if not (match and referenced and expected):
        return
    folder = _folder_of(referenced.group(1))
    if folder == _folder_of(expected.group(1)) and not folder.endswith("/torch/lib"):
        evidence = [err.evidence(match), f"both libraries are in {folder}"]
        library = expected.group(1).rsplit("/", 1)[-1]
        # A Python package's own folder (tensorflow/tensorflow#56616: two of site-packages/tensorflow/python's modules)
        # names the package; a download's folder (R torch's deps/) is LibTorch's.
        installed = _SITE_PACKAGE.search(folder)
        package = installed.group(1) if installed else "torch"
        yield signal("corrupted_install", 0.7, evidence, reason="mixed_builds", package=package, library=library)


# R torch's loader (cpp_lantern_init) binds each lantern_* function of its lantern library by name; one the library
# lacks is reported as "error: lantern_TensorIndex_new - " and the system's words for "procedure not found", in the
# system's language (mlverse/torch#58: Dutch Windows' "Kan opgegeven procedure niet vinden"; the maintainer's release
# shipped a lantern with it). The lantern library downloaded is of another release than the R package.
_LANTERN_FUNCTION_MISSING = re.compile(r"^\s{0,8}error: (lantern_\w{1,80}) - \S", re.M)


@extractor
def lantern_of_another_release(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_LANTERN_FUNCTION_MISSING) if "lantern_init" in err.text else None
    if match:
        said = f"R torch's lantern library has no {match.group(1)}, which the R package calls: they are of two releases"
        yield signal("corrupted_install", 0.75, [err.evidence(match), said], reason="r_lantern_release", package="torch", library="lantern")


def _folder_of(path: str) -> str:
    return path.replace("/./", "/").rsplit("/", 1)[0]


@extractor
def versioned_symbol_missing(err: ErrorText) -> Iterator[Signal]:
    """A library bound to a symbol version that the copy of its dependency found first does not define."""
    match = err.search(_VERSIONED_SYMBOL)
    if match:
        library = match.group(2)
        owner = "cuda" if _CUDA_LIB.match(library) else "torch"
        evidence = [err.evidence(match), f"the {library} found first is another release than the one it was linked with"]
        yield signal("lib_version_conflict", 0.85, evidence, library=library, symbol=match.group(1), owner=owner)


@extractor
def cuda_dylib_missing(err: ErrorText) -> Iterator[Signal]:
    """macOS: torch's own library, or a framework's, cannot load a CUDA library it was linked with."""
    match = err.search(_DYLD_CUDA_NOT_LOADED)
    window = err.text[match.end() : match.end() + 800] if match else ""
    referenced = _REFERENCED_FROM.search(window) or _REFERENCED_SO.search(window)
    path = referenced.group(1) if referenced else ""
    loader = "torch" if "/torch/" in path else framework_of(path)
    if match and loader and _CUDA_LIB.match(match.group(1)):
        evidence = [err.evidence(match), f"asked for by {loader}'s own {path.rsplit('/', 1)[-1]}"]
        yield signal("missing_cuda_runtime_lib", 0.85, evidence, library=match.group(1), loader=loader)


@extractor
def system_cuda_library_first(err: ErrorText) -> Iterator[Signal]:
    """macOS: a symbol torch's library needs was looked up in a system-wide CUDA library of another release."""
    match = err.search(_DYLD_MISSING)
    window = err.text[match.end() : match.end() + 600] if match else ""
    referenced, expected = _REFERENCED_FROM.search(window), _EXPECTED_IN.search(window)
    if not (match and referenced and expected and "/torch/" in referenced.group(1)):
        return
    library = expected.group(1).rsplit("/", 1)[-1]
    if _SYSTEM_WIDE.match(expected.group(1)) and _CUDA_LIB.match(library):
        evidence = [err.evidence(match), f"looked up in a system-wide copy: {expected.group(1)}"]
        yield signal("lib_version_conflict", 0.8, evidence, library=library, symbol=match.group(1), owner="cuda")


def loaded_files_before(err: ErrorText, match: re.Match[str]) -> list[str]:
    """The files dyld's ``dlopen(<file>, ...)`` names on the lines just before ``match``."""
    window = err.text[max(0, match.start() - 600) : match.start()]
    return [found.group(1).strip("'\" ") for found in _DLOPEN.finditer(window)]


# ldd's (and ntldd's, on Windows) listing of a library's dependencies, one CUDA library "=> not found": the loader will
# not find it either (ggml-cuda.dll linked against CUDA 13's cublas64_13.dll on a CUDA 12.1 system:
# dougeeai/llama-cpp-python-wheels#3, fixed by a wheel linked against CUDA 12's).
_LDD_CUDA_NOT_FOUND = re.compile(
    r"^\s{0,16}((?:lib)?(?:cudart|cudnn\w{0,30}?|cublas(?:Lt)?|cufft\w{0,4}?|curand|cusparse|cusolver\w{0,4}?|nvrtc|nvJitLink)"
    r"(?:64_\d{1,3}(?:_\d)?\.dll|\.so[\d.]{0,12})) => not found\s*$",
    re.M | re.I,
)


@extractor
def ldd_lists_cuda_library_not_found(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_LDD_CUDA_NOT_FOUND)
    if match:
        said = f"ldd's listing of what the library needs: {match.group(1)} is found nowhere the loader looks"
        yield signal("missing_cuda_runtime_lib", 0.8, [err.evidence(match), said], library=match.group(1), loader="ldd")


# NVRTC (torch's runtime compiler for fused kernels and JIT) opens its builtins library by a versioned name at
# first use; torch 1.8.1+cu111's pip wheel shipped it under another name (pytorch/pytorch#58101, #68980). A paste may
# keep only "failed to open libnvrtc-builtins.so.13.0" (p-gueguen/rctd-py#17: CUDA 13's builtins missing on Blackwell).
# The name ends at its last version number: the message's own full stop ("...so.13.0.") is not part of it. On Windows the
# builtins are nvrtc-builtins64_121.dll (binary-husky/gpt_academic#1216, zai-org/ChatGLM-6B#284: the same message).
_NVRTC_BUILTINS = re.compile(r"(?:nvrtc: error: )?failed to open ((?:lib)?nvrtc-builtins[\w.-]{0,40}?\.(?:so(?:\.\d{1,4}){0,3}|dll))")


# A C++ program's uncaught exception or a Rust program's panic, with no Python traceback: the torch that failed is
# LibTorch linked into a program of its own (wenet-e2e/wenet#1335: "terminate called after throwing an instance of
# 'std::runtime_error'"; pytorch/pytorch#93134: tch's "panicked at 'called `Result::unwrap()`").
_NATIVE_HOST = re.compile(r"terminate called after throwing an instance of|\bpanicked at '")


@extractor
def nvrtc_builtins_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NVRTC_BUILTINS)
    if match:
        native = bool(err.search(_NATIVE_HOST)) and "Traceback (most recent call last)" not in err.text
        detail = {"library": match.group(1), "loader": "torch", "libtorch": native}
        yield signal("missing_cuda_runtime_lib", 0.85, [err.evidence(match)], **detail)


@extractor
def cuda_runtime_not_in_system_path(err: ErrorText) -> Iterator[Signal]:
    """torch/__init__.py's ``_preload_cuda_deps`` when neither the wheel nor a system copy exists."""
    match = err.search(_NOT_IN_SYSTEM_PATH)
    if match:
        yield signal("missing_cuda_runtime_lib", 0.9, [err.evidence(match)], library=match.group(1), loader="torch")


@extractor
def extension_self_check(err: ErrorText) -> Iterator[Signal]:
    """An extension's own check against the running torch (PyG's CUDA check, xFormers' build line)."""
    check = err.search(_CUDA_CHECK)
    extension = (check.group(1) or check.group(2)) if check else None
    if check and extension and extension.lower() not in ("torchvision", "torchaudio"):
        yield signal("extension_abi_mismatch", 0.92, [err.evidence(check)], extension=extension, library=None)
        return
    xformers = err.search(_XFORMERS) or err.search(_XFORMERS_REPORT)
    if not xformers:
        unbuilt = err.search(_XFORMERS_NO_CUDA)
        if unbuilt:  # its operators list the reason; the usual one is an xFormers wheel made for another torch
            yield signal("extension_abi_mismatch", 0.7, [err.evidence(unbuilt)], extension="xformers", library=None)
        return
    built, have = xformers.group(1), xformers.group(3) or err.package("torch") or ""
    evidence = [err.evidence(xformers)]
    if versions.variant(have) == "cpu":  # a CUDA xFormers next to a CPU-only torch: the torch is the wrong build
        yield signal("cpu_only_build", 0.88, evidence + [f"xFormers was built for torch {built}; torch {have} is a CPU build"])
    yield signal("extension_abi_mismatch", 0.85, evidence, extension="xformers", library=None, built_for=built, have=have or None)


# pybind11 refusing a compiled module's signature because a C++ type it uses was registered by another compiled
# module that is not the one it was built with (traveller59/spconv#337: spconv built with gcc 9 against a cumm wheel
# built with gcc 10; fixed by a cumm built the same way): two binaries of an extension that do not match.
_PYBIND_TYPE_UNREGISTERED = re.compile(
    r"could not convert default argument '[^'\n]{1,200}' in (?:function|method) '\w{1,120}' into a Python object "
    r"\(type not registered yet\?\)"
)


@extractor
def extension_binaries_disagree(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_PYBIND_TYPE_UNREGISTERED)
    frames = err.frames_before(match.start()) if match else []
    extension = next((name for name in map(frame_package, reversed(frames)) if name), None)
    if match:
        yield signal("extension_abi_mismatch", 0.7, [err.evidence(match)], extension=extension, library=None)


# Add-ons that ship compiled kernels per torch release and say so when the running torch has none:
# torchao skips its extensions ("Skipping import of cpp extensions due to incompatible torch version 2.7.1+cu128 for
# torchao version 0.15.0": ace-step/ACE-Step-1.5#361, pytorch/ao#2919); DGL names the graphbolt library built for
# this torch, which its wheel lacks ("Cannot find DGL C++ graphbolt library at .../libgraphbolt_pytorch_2.5.1.dylib":
# dmlc/dgl#7835).
_TORCHAO_SKIPPED = re.compile(r"Skipping import of cpp extensions due to incompatible torch version ([\w.+-]{1,40}) for torchao")
# DGL's sparse library is named the same way (libdgl_sparse_pytorch_1.9.0.so: dmlc/dgl#5442, #7791, where a conda-forge
# torch 2.4.0.post301 has no library of its own).
_DGL_GRAPHBOLT = re.compile(
    r"Cannot find DGL C\+\+ (?:graphbolt|sparse) library at [^\n]{0,400}?(?:graphbolt|sparse)_pytorch_([\w.]{3,20}?)\.(?:so|dylib|dll)"
)
# An add-on's own check naming the torch it needs and the one it found: "Intel® Extension for PyTorch* needs to work
# with PyTorch 2.2.*, but PyTorch 2.1.0+cu121 is found" (intel/intel-extension-for-transformers#1278), "Kaolin requires
# PyTorch >=1.6.0, <=1.13.0, but found version 1.13.1 instead" (NVIDIAGameWorks/kaolin#694), "Open3D needs PyTorch
# version 1.7.*, but version 1.8.2 is installed!" (isl-org/Open3D-ML#430). The phrase is searched first; the add-on's
# name is read from the text before it.
_ADDON_TORCH_CHECK = re.compile(
    r" (?:needs|requires)(?: to work with)? PyTorch(?: version)? ([^,\n]{1,40}(?:, ?[<>=!~][^,\n]{1,20})?), but "
    r"(?:PyTorch |found |version ){0,2}([\w.+]{1,40})(?: is (?:found|installed)| instead)",
    re.I,
)
# The same check worded by the build: "<add-on> was compiled with torch 2.1.0 but torch 2.3.0 is installed", "... built
# against PyTorch 1.10.0, while the current PyTorch is 1.13.1". Read only when the two versions differ.
_TORCH_VERSION = r"(?:PyTorch|torch)(?: version)? (?:is |version )?v?(\d{1,2}(?:\.\d{1,3}){1,2}(?:\+\w{1,20})?)"
_ADDON_BUILT_FOR = re.compile(
    rf" (?:was |is )?(?:compiled|built) (?:with|for|against) {_TORCH_VERSION}[,;.]? (?:but|while|whereas) [^\n]{{0,40}}?{_TORCH_VERSION}",
    re.I,
)
_MESSAGE_PREFIX = re.compile(r"^(?:[\w.]{0,60}(?:Error|Exception|Warning):\s{0,4}|ERROR!?:?\s{1,4}|Version mismatch:\s{0,4})+")


def _differing(built_for: re.Match[str] | None) -> re.Match[str] | None:
    """The build's torch and the installed one, when they are two releases (not one printed twice)."""
    if built_for and versions.release(built_for.group(1)) != versions.release(built_for.group(2)):
        return built_for
    return None


@extractor
def addon_without_kernels_for_this_torch(err: ErrorText) -> Iterator[Signal]:
    torchao, dgl = err.search(_TORCHAO_SKIPPED), err.search(_DGL_GRAPHBOLT)
    if torchao:
        have = torchao.group(1)
        yield signal("extension_abi_mismatch", 0.85, [err.evidence(torchao)], extension="torchao", library=None, have=have)
    if dgl:
        have = dgl.group(1)
        yield signal("extension_abi_mismatch", 0.85, [err.evidence(dgl)], extension="dgl", library=None, have=have)
    check = err.search(_ADDON_TORCH_CHECK) or _differing(err.search(_ADDON_BUILT_FOR))
    name = _MESSAGE_PREFIX.sub("", err.before(check, 120)).strip(" !*") if check else ""
    if check and check.re is _ADDON_BUILT_FOR and name:  # "This version of spconv was built ...": the add-on's word
        name = name.split()[-1]
    if check and name and versions.parse(check.group(2)):
        needs, have = check.group(1).strip(), check.group(2)
        said = f"{name} checks torch: it needs {needs}, and {have} is installed"
        if name.lower() in COMPANIONS:
            yield signal("torchvision_torch_mismatch", 0.85, [err.evidence(check), said], package=name.lower(), reason="resolver")
        else:
            yield signal("extension_abi_mismatch", 0.85, [err.evidence(check), said], extension=name, library=None, have=have, needs=needs)


# SageAttention's own check that its wheel has the kernels for this GPU's architecture ("SM80 kernel is not available.
# make sure you GPUs with compute capability 8.0 or higher", sageattention/core.py): after torch was updated, the
# wheel built for the old torch loads without them (comfyanonymous/ComfyUI#7770, Tavris1/ComfyUI-Easy-Install#33:
# reinstalling the SageAttention wheel for the new torch fixed both).
_SAGE_KERNEL_MISSING = re.compile(r"SM\d{2,3} kernel is not available\. [Mm]ake sure you GPUs with compute capability")


@extractor
def sageattention_without_kernels(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_SAGE_KERNEL_MISSING)
    if match:
        said = "SageAttention's wheel has no kernels for this GPU with the torch installed: it was built for another torch"
        yield signal("extension_abi_mismatch", 0.7, [err.evidence(match), said], extension="sageattention", library=None)


# pip's resolver on an add-on whose wheel pins one exact torch, as compiled add-ons' wheels do (xFormers, vLLM): "xformers
# 0.0.23 requires torch==2.1.1, but you have torch 2.2.0 which is incompatible". Its binaries were built for that torch.
# A range ("fastai 2.7.14 requires torch<2.3,>=1.10") is a Python package's dependency, not a build: not read here.
# The fixed phrase is searched first; the add-on's name and version are the two words before it.
_ADDON_PINNED = re.compile(r" requires torch==([\w.+]{1,40}), but you(?:'ll)? have torch ([\w.+]{1,40}) which is incompatible")
_NAME_AND_VERSION = re.compile(r"(?:^|\s)([A-Za-z][\w.-]{0,60}) [\w.+]{1,40}$")


@extractor
def addon_pinned_to_other_torch(err: ErrorText) -> Iterator[Signal]:
    pinned = err.search(_ADDON_PINNED)
    named = _NAME_AND_VERSION.search(err.before(pinned, 120)) if pinned else None
    if not (pinned and named) or named.group(1).lower() in COMPANIONS or named.group(1).lower().startswith("torch"):
        return
    name, needs, have = named.group(1), pinned.group(1), pinned.group(2)
    said = f"the installed {name} was built for torch {needs}; torch {have} is installed"
    yield signal("extension_abi_mismatch", 0.7, [err.evidence(pinned), said], extension=name, library=None, have=have, needs=f"=={needs}")


# The same words for a TensorFlow add-on whose compiled ops are built for one TensorFlow release: its pin is that build's,
# a range included ("tensorflow-io 0.14.0 requires tensorflow<2.3.0,>=2.2.0, but you'll have tensorflow 2.3.0 which is
# incompatible": tensorflow/tensorflow#41954, "only works with tensorflow>=2.2.0,<2.3.0 for API compatibility", fixed by
# tensorflow-io 0.15.0; tensorflow/text#39, tensorflow-text 1.0.0b0 pinning 2.0.0b0). Only the add-ons
# compat.extension_distribution lists as built against TensorFlow: keras or tensorflow-probability pins are Python's.
_TENSORFLOW_PINNED = re.compile(
    r"\b([A-Za-z][\w.-]{0,60}) [\w.+]{1,40} (?:has requirement|requires) (tensorflow(?:-gpu|-cpu)?)[=<>!~][^\n]{0,80}?, "
    r"but you(?:'ll)? have \2 ([\w.+]{1,40}) which is incompatible"
)


@extractor
def tensorflow_addon_pinned_to_other_release(err: ErrorText) -> Iterator[Signal]:
    pinned = err.search(_TENSORFLOW_PINNED)
    if not pinned or (compat.extension_distribution(pinned.group(1)) or {}).get("host") != "tensorflow":
        return
    said = f"the installed {pinned.group(1)} was built for another TensorFlow release than {pinned.group(3)}"
    yield signal("extension_abi_mismatch", 0.7, [err.evidence(pinned), said], extension=pinned.group(1), library=None, host="tensorflow")


# cumm's tensorview (spconv's core) built without CUDA, beside a CUDA torch: "/io/include/tensorview/tensor.h(171)
# don't compiled with cuda" from a plain `cumm` or an spconv of another CUDA (traveller59/spconv#423: spconv-cu114 under
# torch cu113, fixed by the spconv-cu113 and cumm-cu113 wheels).
_TENSORVIEW_NO_CUDA = re.compile(r"tensorview/tensor\.h\(\d{1,5}\)\s{0,4}\n?\s{0,4}don't compiled with cuda")


# An installed add-on's own loader asking for its compiled ops module, which the install lacks: a build without its ops
# or a wheel for another torch, CUDA or Python (mmcv's "No module named 'mmcv._ext'": mmcv's FAQ, the lite `mmcv`
# 1.x package instead of mmcv-full, or mmcv 2.x built without ops).
_OPS_MODULE_MISSING = re.compile(r"No module named '([A-Za-z_]\w{0,60})\._ext'")


@extractor
def addon_ops_module_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_OPS_MODULE_MISSING)
    frames = err.frames_before(match.start()) if match else []
    if match and frames and frame_package(frames[-1]) == match.group(1):
        said = f"the installed {match.group(1)} has no compiled ops module (_ext)"
        yield signal("extension_abi_mismatch", 0.7, [err.evidence(match), said], extension=match.group(1), library=None)


# mmcv's own check that its compiled ops module has each op its Python code loads (mmcv/utils/ext_loader.py: "assert
# hasattr(ext, fun), f'{fun} miss in module {name}'"): the _ext found is of another mmcv release than the Python files
# asking, as when the lite mmcv was installed over mmcv-full and left its _ext behind (open-mmlab/mmpretrain#748).
_MMCV_OP_MISSING_FROM_EXT = re.compile(r"\b(\w{1,80}) miss in module _ext\b")


@extractor
def mmcv_ops_of_another_release(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_MMCV_OP_MISSING_FROM_EXT)
    if match:
        said = f"mmcv's compiled ops (_ext) lack {match.group(1)}, which its Python files load: two mmcv releases mixed"
        yield signal("corrupted_install", 0.6, [err.evidence(match), said], package="mmcv", reason="mmcv_mixed", library="_ext")
        yield signal("extension_abi_mismatch", 0.45, [err.evidence(match)], extension="mmcv", library=None)


# mmcv's op registry when the installed mmcv has no CUDA kernels for an op: "hard_voxelize_forward_impl: implementation
# for device cuda:0 not found." A CPU-only or lite mmcv, or one built for another torch/CUDA (open-mmlab/mmdetection3d#1413:
# "installed the wrong version of mmcv", fixed by the mmcv build matching torch and CUDA).
# A console may wrap the line inside a word ("device cu\nda:0": open-mmlab/mmrotate#395).
_MMCV_NO_DEVICE_IMPL = re.compile(r"\w{1,80}_impl: implementation for device c\n?u\n?d\n?a(?::\d{1,2})? not found")


# An mmcv the user built here (`python setup.py install` leaves an .egg: open-mmlab/mmcv#2439, mmcv_full-1.7.0-py3.8-
# linux-x86_64.egg) lacks the kernel because its build saw no CUDA: rebuilt with FORCE_CUDA=1 it had them.
_LOCAL_MMCV_BUILD = re.compile(r"[\\/]mmcv[\w.-]{0,60}\.egg[\\/]mmcv[\\/]")


@extractor
def mmcv_op_without_cuda_kernel(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_MMCV_NO_DEVICE_IMPL)
    if not match:
        return
    built_here = any(_LOCAL_MMCV_BUILD.search(path) for path in err.frames_before(match.start()))
    if built_here:
        said = "this mmcv was built here (an .egg) without its CUDA kernels: its build saw no CUDA"
        yield signal("build_toolchain_missing", 0.8, [err.evidence(match), said], kind="built_without_cuda", extension="mmcv")
        said = "the installed mmcv has no CUDA kernel for this op: an mmcv build without CUDA ops, or for another torch/CUDA"
        yield signal("extension_abi_mismatch", 0.6, [err.evidence(match), said], extension="mmcv", library=None)
        return
    # An installed wheel: most often one without CUDA ops (a CPU or lite build; open-mmlab/mmcv#2099 and #2968, facechain
    # #70: fixed by OpenMMLab's CUDA wheel for the torch installed), less often one for another torch/CUDA (mmdetection3d#1413).
    said = "the installed mmcv has no CUDA kernel for this op: an mmcv build without CUDA ops"
    yield signal("cpu_only_build", 0.75, [err.evidence(match), said], extension="mmcv")
    yield signal("extension_abi_mismatch", 0.6, [err.evidence(match)], extension="mmcv", library=None)


# A process aborting while torch.ops.load_library loads an add-on's library (Python's faulthandler shows the frames, most
# recent first): a library built against another torch whose static initialisers fail (pytorch/ao#2901: torchao's
# .so built with torch 2.8 under a 2.9 nightly; pytorch/ao PR 2908 then skipped loading them).
_FATAL_ABORT = re.compile(r"Fatal Python error: Aborted|^Aborted \(core dumped\)", re.M)
_LOAD_LIBRARY_FRAME = re.compile(r"[/\\]torch[/\\]_ops\.py\"?,? line \d{1,6},? in load_library")
_IMPORTED_BY_COMMAND = re.compile(r"python\d?(?:\.\d{1,2})? (?:-X \w{1,20} )?-c [\"']import (\w{1,60})")


@extractor
def addon_aborts_in_load_library(err: ErrorText) -> Iterator[Signal]:
    aborted, loading = err.search(_FATAL_ABORT), err.search(_LOAD_LIBRARY_FRAME)
    if not (aborted and loading):
        return
    command = err.search(_IMPORTED_BY_COMMAND)
    stated = next((name for name in err.packages if name not in ("torch", *COMPANIONS)), None)
    name = stated or (command.group(1) if command and command.group(1) != "torch" else None)
    said = "the process aborted while torch.ops.load_library loaded an add-on's compiled library"
    yield signal("extension_abi_mismatch", 0.7, [err.evidence(aborted), err.evidence(loading), said], extension=name, library=None)


# torch.ops.load_library's own wording when an add-on's library does not load (torch/_ops.py): the loader's reason is
# often cut from the paste. An add-on's library that torch refuses is most often one built for another torch (fbgemm_gpu,
# torchrec, torchao wheels pinned to one torch release); the companions' are read in vision.py.
_LOAD_LIBRARY_FAILED = re.compile(r"Could not load this library: ([^\n]{1,400}\.(?:so|pyd|dll|dylib))")


@extractor
def addon_library_refused_by_load_library(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_LOAD_LIBRARY_FAILED)
    name = extension_name(match.group(1)) if match else None
    if match and name and name not in ("torch", *COMPANIONS):
        said = f"torch.ops.load_library could not load {name}'s compiled library"
        yield signal("extension_abi_mismatch", 0.5, [err.evidence(match), said], extension=name, library=match.group(1))


@extractor
def spconv_without_cuda(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TENSORVIEW_NO_CUDA)
    if match:
        said = "spconv's tensorview (cumm) was built without CUDA: the spconv/cumm wheels must be the ones for torch's CUDA"
        yield signal("extension_abi_mismatch", 0.8, [err.evidence(match), said], extension="spconv", library=None)


# cuDNN's own status for the same, from a cuDNN call rather than torch's check (MahmoudAshraf97/whisper-diarization#120:
# "cuDNN error: CUDNN_STATUS_VERSION_MISMATCH" in an RNN under another cuDNN loaded first; fixed by the maintainer's
# steps removing the other cuDNN from the library path).
_CUDNN_STATUS_MISMATCH = re.compile(r"CUDNN_STATUS_VERSION_MISMATCH")


@extractor
def cudnn_version_conflict(err: ErrorText) -> Iterator[Signal]:
    """torch found another cuDNN than the one it was built with: ``built`` and ``found`` as the text gives them."""
    match = err.search(_CUDNN_VERSION)
    status = None if match else err.search(_CUDNN_STATUS_MISMATCH)
    if status:
        detail = {"kind": "cudnn_version", "library": "cuDNN", "built": None, "found": None, "owner": "cuda"}
        yield signal("lib_version_conflict", 0.8, [err.evidence(status)], **detail)
    if match:
        detail = {"kind": "cudnn_version", "library": "cuDNN", "built": match.group(1), "found": match.group(2), "owner": "cuda"}
        # torch's own check naming both versions outranks a companion's warning beside it (JaidedAI/EasyOCR#716: torchvision's
        # "Failed to load image Python extension" above the error; fixed by the cuDNN torch was built against).
        yield signal("lib_version_conflict", 0.92, [err.evidence(match)], **detail)


# Another framework's own check of the cuDNN its process loaded: JAX's ("Found cuDNN version 8700, but JAX was built
# against version 8800, which is newer") and XLA's, in JAX and TensorFlow ("Loaded runtime CuDNN library: 9.1.0 but
# source was compiled with: 9.8.0"). Beside torch, torch's older cuDNN wheel was loaded first: whichever library
# loads cuDNN first wins (jax-ml/jax#19004, the maintainer; #18032: jax.devices() before importing torch worked;
# AI-Hypercomputer/maxtext PR 1509: torch's nvidia-cudnn wheels were the older copy).
_JAX_CUDNN = re.compile(r"Found cuDNN version (\d{3,5}), but JAX was built against version (\d{3,5}), which is newer")
_XLA_CUDNN = re.compile(
    r"Loaded runtime CuDNN library: (\d{1,2}\.\d{1,2}\.\d{1,3}) but source was compiled with: (\d{1,2}\.\d{1,2}\.\d{1,3})"
)


# MKL's dispatcher loads the kernel library for this CPU (libmkl_avx2.so, libmkl_mc3.so, falling back to libmkl_def.so)
# at first use, from beside the libmkl_core it runs in. "Intel MKL FATAL ERROR: Cannot load libmkl_avx2.so or
# libmkl_def.so." is an MKL that is not one whole release: conda's MKL half-updated (TIGRLab/admin#1102: `conda install
# mkl` fixed it; youngwanLEE/CenterMask#38: updating Anaconda), or another MKL's core found first (alumae/kaldi-
# gstreamer-server#251: /opt/intel/mkl's libraries preloaded). The Windows form, a DLL missing from a LibTorch zip
# (pytorch/pytorch#125013), is a download lacking files, read elsewhere.
_MKL_DISPATCH = re.compile(r"Intel MKL FATAL ERROR: Cannot load (lib\w{1,40}\.so(?:\.\d{1,2})?)")


@extractor
def mkl_dispatcher_failed(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_MKL_DISPATCH)
    if match:
        said = "MKL's dispatcher found no kernel library of its own release beside the MKL core it runs in"
        yield signal("lib_version_conflict", 0.75, [err.evidence(match), said], kind="mkl_dispatch", library=match.group(1))


# TensorFlow 1.x's own words for the same check, with cuDNN's versions as one number (major*1000 + minor*100 + patch):
# "Loaded runtime CuDNN library: 7103 (compatibility version 7100) but source was compiled with 7005 (compatibility
# version 7000)". Then the cuDNN installed (a conda env's, a Docker image's, the system's) is another release than the
# one the build was compiled with: qianguih/voxelnet#50 (conda install cudnn=7.0.5 fixed it),
# windj007/docker-jupyter-keras-tools#7 (libcudnn7 7.0.4 in the image), fo40225/tensorflow-windows-wheel#4 (a wheel
# rebuilt for cuDNN 7.1).
_TF1_CUDNN = re.compile(
    r"Loaded runtime CuDNN library: (\d)(\d)(\d{2}) \(compatibility version \d{4}\) but source was compiled with:? (\d)(\d)(\d{2})\b"
)


# PaddlePaddle's own check, as a warning before the failing cuDNN call: "The installed Paddle is compiled with CUDNN 7.6,
# but CUDNN version in your machine is 7.3, which may cause serious incompatible bug" (PaddlePaddle/Paddle#26309: AI
# Studio's cuDNN 7.3 under a build for 7.6, then CUDNN_STATUS_BAD_PARAM; fixed by cuDNN 7.6 first on LD_LIBRARY_PATH).
_PADDLE_CUDNN = re.compile(
    r"The installed Paddle is compiled with CUDNN (\d{1,2}\.\d{1,2}), but CUDNN version in your machine is (\d{1,2}\.\d{1,2})"
)
# Paddle 0.x/1.0's check of the cuDNN library found against its build's header: "[cudnn init] libcudnn v5 with header v7
# unmatched!" (PaddlePaddle/Paddle#12965: the host's cuDNN 5 under a build for cuDNN 7; the maintainer: install the
# cuDNN the build needs).
_PADDLE_CUDNN_HEADER = re.compile(r"\[cudnn init\] libcudnn v(\d{1,2}) with header v(\d{1,2}) unmatched")


# TensorFlow's op failing because its cuDNN support never started: "DNN library is not found." (its stream_executor
# returns Unimplemented("DNN library is not found.") when a convolution finds no DNN support). A cuDNN that cannot be
# loaded at all leaves TensorFlow without GPU devices (it warns and runs on the CPU); this comes when the cuDNN found is
# another release than the build's, whose check failed at start-up (googlecolab/colabtools#3013: Colab's cuDNN 8.0 under
# a TensorFlow 2.9 built for 8.1, fixed by TensorFlow 2.8.2 or by installing cuDNN 8.1; jax-ml/jax#6517 printed the
# version check above the same words).
_TF_DNN_MISSING = re.compile(r"\bDNN library is not found\.")


@extractor
def cudnn_release_other_than_built(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TF1_CUDNN)
    if match:
        found = f"{match.group(1)}.{match.group(2)}.{int(match.group(3))}"
        built = f"{match.group(4)}.{match.group(5)}.{int(match.group(6))}"
        detail = {"kind": "cudnn_release", "library": "cuDNN", "framework": "TensorFlow", "built": built, "found": found}
        yield signal("lib_version_conflict", 0.85, [err.evidence(match)], **detail)
        return
    paddle = err.search(_PADDLE_CUDNN)
    if paddle and paddle.group(1) != paddle.group(2):
        detail = {"kind": "cudnn_release", "library": "cuDNN", "framework": "PaddlePaddle"}
        yield signal("lib_version_conflict", 0.8, [err.evidence(paddle)], built=paddle.group(1), found=paddle.group(2), **detail)
        return
    header = err.search(_PADDLE_CUDNN_HEADER)
    if header and header.group(1) != header.group(2):
        detail = {"kind": "cudnn_release", "library": "cuDNN", "framework": "PaddlePaddle"}
        yield signal("lib_version_conflict", 0.8, [err.evidence(header)], built=header.group(2), found=header.group(1), **detail)
        return
    unstarted = err.search(_TF_DNN_MISSING)
    if unstarted:
        said = "TensorFlow's cuDNN support did not start: the cuDNN found is most likely another release than its build's"
        detail = {"kind": "cudnn_release", "library": "cuDNN", "framework": "TensorFlow"}
        yield signal("lib_version_conflict", 0.7, [err.evidence(unstarted), said], built=None, found=None, **detail)


@extractor
def cudnn_loaded_first_by_another_library(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_JAX_CUDNN) or err.search(_XLA_CUDNN)
    if match:
        framework = "JAX" if match.re is _JAX_CUDNN else "XLA (JAX or TensorFlow)"
        detail = {"kind": "cudnn_loaded_first", "library": "cuDNN", "framework": framework}
        yield signal("lib_version_conflict", 0.85, [err.evidence(match)], built=match.group(2), found=match.group(1), **detail)


# cudaErrorStubLibrary (34): "CUDA driver is a stub library". The toolkit's lib64/stubs/libcuda.so exists for linking
# only; found on the library path before the driver's own libcuda.so.1, every CUDA call fails (NVIDIA CUDA Runtime API,
# cudaErrorStubLibrary; fredi-python/stable-diffusion-docker#22: an image with the stubs folder on LD_LIBRARY_PATH,
# fixed by removing the stubs). The driver API's CUDA_ERROR_STUB_LIBRARY is the same number, which some libraries print
# alone: Warp's "Failed to get driver entry point 'cuInit' (CUDA error 34)" (NVIDIA/warp#219, the stubs folder ahead of
# the driver on the library path).
_CUDA_STUB = re.compile(r"CUDA driver is a stub library|cudaErrorStubLibrary|CUDA_ERROR_STUB_LIBRARY|\b(?i:cuda) error:? \(?34\)?(?![\d.])")


# nvJitLink linking code that a newer NVVM or nvrtc produced: "ERROR 4 in nvvmAddNVVMContainerToProgram, may need newer
# version of nvJitLink library" (Genesis-Embodied-AI/gs-madrona PR 63: a cu12 wheel's bundled nvJitLink fed the output of
# the host's CUDA 13 libnvrtc, found first; fixed by loading the cu12 libnvrtc.so.12). Two CUDA releases' libraries met.
_NVJITLINK_TOO_OLD = re.compile(r"may need newer version of nvJitLink library")


@extractor
def nvjitlink_older_than_its_input(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NVJITLINK_TOO_OLD)
    if match:
        said = "the nvJitLink loaded is older than the CUDA release whose compiler (nvrtc, NVVM) produced its input"
        yield signal("lib_version_conflict", 0.75, [err.evidence(match), said], kind="cuda_libraries_of_two_releases", library="nvJitLink")


@extractor
def cuda_stub_loaded(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CUDA_STUB)
    if match:
        said = "the CUDA toolkit's stub libcuda.so (for linking only) was loaded instead of the NVIDIA driver's"
        yield signal("lib_version_conflict", 0.85, [err.evidence(match), said], kind="cuda_stub", library="libcuda.so")


@extractor
def glibc_too_old(err: ErrorText) -> Iterator[Signal]:
    """``version `GLIBCXX_3.4.30' not found (required by ...)``: ``runtime`` is 'libstdc++' or 'glibc'."""
    match = err.search(_GLIBC)
    cut = None if match else err.search(_RUNTIME_VERSION_CUT)
    if cut:
        runtime = "glibc" if cut.group(1).startswith("GLIBC_") else "libstdc++"
        yield signal("glibc_libstdcxx_too_old", 0.75, [err.evidence(cut)], symbol=cut.group(1), required_by=None, runtime=runtime)
    linked = None if match or cut else err.search(_LINKER_GLIBC)
    if linked and linked.group(2) == _X86_64_BASE_GLIBC:
        # Every x86-64 glibc has its first version's names: the linker found no libc to link against at all, as a
        # linker with its own library folders does (conda's compiler_compat/ld: abetlen/llama-cpp-python#1639, whose
        # "libdl.so.2, needed by ..., not found (try using -rpath or -rpath-link)" warnings come first).
        said = f"{_X86_64_BASE_GLIBC} is x86-64's first glibc version, which every glibc has: the linker found no system libc"
        yield signal("build_toolchain_missing", 0.8, [err.evidence(linked), said], kind="linker_system_libraries")
        return
    if linked:
        symbol, required_by = linked.group(2), linked.group(1)
        runtime = "glibc" if symbol.startswith("GLIBC_") else "libstdc++"
        yield signal("glibc_libstdcxx_too_old", 0.85, [err.evidence(linked)], symbol=symbol, required_by=required_by, runtime=runtime)
    if match:
        symbol, required_by = match.group(1), match.group(2)
        runtime = "glibc" if symbol.startswith("GLIBC_") else "libstdc++"
        env_copy = _env_libstdcxx_before_system(err, match) if runtime == "libstdc++" else None
        if env_copy:
            said = f"{required_by} is the system's own library, built against the system's newer libstdc++"
            detail = {"kind": "env_libstdcxx", "library": "libstdc++.so.6", "path": env_copy, "symbol": symbol}
            yield signal("lib_version_conflict", 0.9, [err.evidence(match), said], required_by=required_by, system_library=True, **detail)
        older_copy = None if env_copy or runtime != "libstdc++" else _env_libstdcxx_loaded(err, match)
        foreign = bool(older_copy) and _another_environments_copy(str(older_copy), required_by or "")
        confidence = 0.6 if env_copy or foreign else 0.9
        yield signal("glibc_libstdcxx_too_old", confidence, [err.evidence(match)], symbol=symbol, required_by=required_by, runtime=runtime)
        if foreign:
            said = f"the libstdc++ loaded ({older_copy}) is another environment's, not that of {required_by}'s environment"
            detail = {"kind": "env_libstdcxx", "library": "libstdc++.so.6", "path": older_copy, "symbol": symbol, "foreign": True}
            yield signal("lib_version_conflict", 0.9, [err.evidence(match), said], required_by=required_by, system_library=False, **detail)
        elif older_copy:
            # The environment's own copy answered for one of its own libraries: that copy is too old (the commoner
            # reading, kept first), or another package's older copy was loaded first (scipy's, for openmm/openmm#3943;
            # Mohinta2892/catena#40, fixed by preloading the system's newer one).
            said = f"the libstdc++ loaded is the environment's own copy ({older_copy}), which another may have come before"
            detail = {"kind": "env_libstdcxx", "library": "libstdc++.so.6", "path": older_copy, "symbol": symbol}
            yield signal("lib_version_conflict", 0.5, [err.evidence(match), said], required_by=required_by, system_library=False, **detail)


# The libstdc++ the loader used, named before ": version `GLIBCXX_...' not found": an environment's own copy (conda's
# <env>/lib, or <env>/bin/../lib) when a system library (/lib/x86_64-linux-gnu/libjack.so.0) asks for a GLIBCXX it lacks:
# the system library was built against the system's libstdc++, which is newer; the environment's older copy came first
# (nazdridoy/kokoro-tts#45: sounddevice's libportaudio pulling libjack; fixed by conda-forge's newer libstdcxx-ng in the env).
_LOADED_LIBSTDCXX = re.compile(
    r"(/\S{1,400}/(?:envs/[^/\s]{1,80}|(?:ana|mini)conda\d?|miniforge\d?|mambaforge)/(?:bin/\.\./)?lib/libstdc\+\+\.so\.6): $"
)


# The same copy named through a package's folder ("<env>/lib/python3.9/site-packages/scipy/sparse/../../../../libstdc++.so.6"),
# read once its "../" steps are resolved.
_LOADED_ANY_LIBSTDCXX = re.compile(r"(/\S{1,400}/libstdc\+\+\.so\.6): $")


def _env_libstdcxx_loaded(err: ErrorText, match: re.Match[str]) -> str | None:
    loaded = _LOADED_ANY_LIBSTDCXX.search(err.before(match))
    if not loaded:
        return None
    for path in (loaded.group(1), posixpath.normpath(loaded.group(1))):  # <env>/bin/../lib as printed, else resolved
        in_env = _LOADED_LIBSTDCXX.search(path + ": ")
        if in_env:
            return in_env.group(1)
    return None


_SITE_PACKAGES_PREFIX = re.compile(r"^(/\S{1,400}?)/lib/python\d\.\d{1,2}/(?:site|dist)-packages/")


def _another_environments_copy(loaded: str, required_by: str) -> bool:
    """The libstdc++ loaded lies in another environment than the installed module that needs it: a venv made from
    conda's Python (whose own rpath, <conda>/bin/../lib, brings conda's copy: TFODCourse#50, a venv under /opt/Python
    made from ~/anaconda3's Python), or another environment's lib folder on LD_LIBRARY_PATH."""
    needing = _SITE_PACKAGES_PREFIX.match(required_by)
    if not needing:
        return False
    # Compared by the environments' own folder names: a report may mask the start of one path ("***/miniconda3/...").
    loaded_env = posixpath.basename(posixpath.normpath(loaded).rsplit("/lib/", 1)[0])
    return posixpath.basename(posixpath.normpath(needing.group(1))) != loaded_env


def _env_libstdcxx_before_system(err: ErrorText, match: re.Match[str]) -> str | None:
    if not _SYSTEM_LIB_FOLDER.match(match.group(2) or ""):
        return None
    loaded = _LOADED_LIBSTDCXX.search(err.before(match))
    return loaded.group(1) if loaded else None


# A piece of glibc (librt, libpthread, libdl, ...) shipped inside a package's own lib folder and loaded beside the
# system's glibc: glibc's parts share private symbols, so a bundled librt.so.1 asks the system libpthread for a
# GLIBC_PRIVATE it lacks (mlverse/torch#1360: torch/lib/librt.so.1 on Ubuntu 22.04, fixed by moving the copy aside).
# Not "undefined symbol: X, version GLIBC_PRIVATE": a library built for an older glibc (the undefined-symbol reading
# above, by _SYMBOL_VERSION).
_GLIBC_PRIVATE = re.compile(
    r"version [`'‘]?GLIBC_PRIVATE[`'’]?\s{1,4}not found\s{1,4}\(required by\s{1,4}"
    r"([^)\n]{1,400}/(lib(?:rt|pthread|dl|m|c|resolv|util)\.so[\d.]{0,8}))\)"
)
_SYSTEM_LIB_FOLDER = re.compile(r"^(?:/usr)?/lib(?:64|32)?/")


@extractor
def bundled_glibc_part(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_GLIBC_PRIVATE)
    if match and not _SYSTEM_LIB_FOLDER.match(match.group(1)):
        said = f"{match.group(1)} is a copy of part of glibc that does not match the system's own glibc"
        evidence = [err.evidence(match), said]
        detail = {"kind": "bundled_glibc", "library": match.group(2), "path": match.group(1), "symbol": "GLIBC_PRIVATE"}
        yield signal("lib_version_conflict", 0.8, evidence, **detail)


# A companion's own operator refusing the CUDA device: its build has no CUDA kernels, the CPU variant beside a CUDA
# torch (torchcodec 0.1's default PyPI wheel decoding on device="cuda": "RuntimeError: Unsupported device: cuda",
# fixed by the build from the cu121 index, pytorch/torchcodec#442).
_UNSUPPORTED_CUDA = re.compile(r"^\w{0,40}Error: Unsupported device: cuda\b", re.M)


@extractor
def companion_without_cuda_kernels(err: ErrorText) -> Iterator[Signal]:
    refused = err.search(_UNSUPPORTED_CUDA)
    frames = err.frames_before(refused.start()) if refused else []
    package = next((name for name in map(frame_package, reversed(frames)) if name and name != "torch"), None)
    if refused and package in ("torchcodec", "torchvision", "torchaudio"):
        said = f"{package}'s own call refused the CUDA device: the {package} installed is a build without CUDA"
        yield signal("torchvision_torch_mismatch", 0.75, [err.evidence(refused), said], package=package, reason="variant")
