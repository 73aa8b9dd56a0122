"""Windows DLL load failures: WinError 126/127/182/193/1455, localised, and what they mean.

``import torch`` on Windows preloads every DLL in ``torch\\lib`` and reports the first
failure as ``OSError: [WinError N] <message> Error loading "<dll>" or one of its
dependencies`` (torch/__init__.py, ``_load_dll_libraries``). The message is the system
message in the user's language, so the code is recovered from the localised text when
the number is missing (older Pythons print only ``DLL load failed: <message>``).
The message strings are those of the Windows system error codes
(https://learn.microsoft.com/windows/win32/debug/system-error-codes--0-499- and
--1300-1699-) as they appear in the corpus's public issues and in localised Windows.

The code decides, never the wording: Wine says "Module not found." for 126 and "DLL
initialization failed." for 1114, localised Windows says it in the user's language.

Signals carry ``code`` (the WinError number, None when unnumbered), ``dll`` (the file
named) and ``kind``: 'not_found' (126: the DLL or a dependency is missing), 'conflict'
(127/182/193: another copy was loaded), 'init_failed' (1114: a DLL's initialisation
failed), 'runtime_dll' (a VC++ runtime DLL named),
'torch_warning' (torch's own VC++ check), 'fbgemm' (torch 2.4.0's libomp140 dependency),
'openmp' (two OpenMP runtimes), 'cuda_dll' (a CUDA DLL named).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .build import BUILD_EXT_FILE_NOT_FOUND
from .imports import COMPANIONS, TENSORFLOW_DISTRIBUTIONS, companion_in_frames
from .imports import owner as frame_package
from .shared_libs import extension_name, owner_frame
from .signals import Signal, extractor, signal
from .text import PYTHON_32_FOLDER, ErrorText
from .torch_files import second_install

# Also a program's own words with Windows' code after the DLL's name ("vstrt: failed to preload ...\\cublas64_11.dll,
# errno 127": AmusementClub/vs-mlrt#13, torch's CUDA DLLs of the same names loaded first in the same process).
_WINERROR = re.compile(r"WinError (\d{1,5})\b|\.dll, errno (\d{1,5})\b", re.I)
_LOCALISED: tuple[tuple[int, re.Pattern[str]], ...] = (
    (
        1455,
        re.compile(
            r"paging file is too small|页面文件太小|頁面檔太小|Auslagerungsdatei ist zu klein|fichier de pagination est insuffisant"
            r"|archivo de paginación es demasiado pequeño|ページング ファイルが小さすぎ|Файл подкачки слишком мал"
            r"|file di paging è troppo piccolo",
            re.I,
        ),
    ),
    (
        126,
        re.compile(
            r"specified module could not be found|找不到指定的模块|找不到指定的模組|angegebene Modul wurde nicht gefunden"
            r"|module spécifié est introuvable|No se puede encontrar el módulo especificado|指定されたモジュールが見つかりません"
            r"|Не найден указанный модуль|지정된 모듈을 찾을 수 없습니다|Impossibile trovare il modulo specificato"
            r"|Não foi possível encontrar o módulo especificado|Nie można odnaleźć określonego modułu",
            re.I,
        ),
    ),
    (
        127,
        re.compile(
            r"specified procedure could not be found|找不到指定的程序|angegebene Prozedur wurde nicht gefunden"
            r"|procédure spécifiée est introuvable|No se encontró el proceso especificado|指定されたプロシージャが見つかりません"
            r"|Не найдена указанная процедура|Não foi possível encontrar o procedimento especificado"
            # 找不到指定的程序 translated back by the reporter (facebookresearch/pytorch3d#1792)
            r"|specified program could not be found",
            re.I,
        ),
    ),
    (
        193,
        re.compile(
            r"is not a valid Win32 application|不是有效的 ?Win32 ?应用程序|ist keine zulässige Win32-Anwendung"
            r"|n.est pas une application Win32 valide|не является приложением Win32|は有効な Win32 アプリケーションではありません"
            r"|não é um aplicativo Win32 válido|no es una aplicación Win32 válida",
            re.I,
        ),
    ),
    (
        1114,
        re.compile(
            r"dynamic link library \(DLL\) initialization routine failed|动态链接库\(DLL\)初始化例程失败"
            r"|Eine DLL-Initialisierungsroutine ist fehlgeschlagen|routine d.initialisation d.une bibliothèque de liens dynamiques"
            r"|Error en una rutina de inicialización de biblioteca de vínculos dinámicos",
            re.I,
        ),
    ),
    (
        182,
        re.compile(
            r"operating system cannot run %1|操作系统无法运行 ?%1|Операционная система не может запустить %1"
            r"|Betriebssystem kann %1 nicht ausführen|sistema operacional não pode executar %1|sistema operativo no puede ejecutar %1",
            re.I,
        ),
    ),
)
_DLL_WORDS = ("dll", "DLL", "Dll", ".pyd", "WinError", "Win32", "%1")
# .pyd too: torchvision's and torchaudio's compiled modules (torchvision\_C.pyd) are DLLs by another name.
# R's loader says "unable to load shared object '<path>'" (torch for R's torchvision.dll: bencevans/
# CameraTrapDetector#7, "LoadLibrary failure: The specified procedure could not be found"); libgpuarray's 'Could not load
# "nvrtc64_70.dll": The specified module could not be found.' (Theano/libgpuarray#562: CUDA's bin folder was not on PATH),
# with Windows' reason after it: TensorFlow's self-check words "Could not load 'cudart64_80.dll'" without one.
_DLL_NAME = re.compile(
    r"""(?:Error loading|Could not find module|Erro loading|unable to load shared object"""
    r"""|Could not load(?=\s{0,4}["“'][^"”'\n]{1,400}\.dll["”']:\s{0,4}The specified module could not be found))\s{0,4}"""
    r"""["“'\\]{0,2}([^"”'\n]{1,400}?\.(?:dll|pyd))""",
    re.I,
)
# ONNX Runtime names the missing dependency itself: 'Error loading "...onnxruntime_providers_cuda.dll" which depends on
# "cublasLt64_12.dll" which is missing.' (Wan2GP#1513: CUDA 13 alone installed, the CUDA 12 provider's cuBLAS missing,
# fixed by installing CUDA 12.8). The dependency, not the DLL being loaded, is what to look for.
_MISSING_DEPENDENCY = re.compile(r"""["'”]?\s{0,4}which depends on\s{0,4}["'“]([\w.+-]{1,120}\.dll)["'”]\s{0,4}which is missing""", re.I)
_DLL_LOAD_FAILED = re.compile(r"DLL load failed(?: while importing [\w.]{1,80})?", re.I)
_VC_RUNTIME_DLL = re.compile(r"\b(vcruntime140(?:_1)?|msvcp140(?:_\d)?|vcomp140|concrt140|libomp140\.x86_64)\.dll\b", re.I)
_VC_WARNING = re.compile(r"Microsoft Visual C\+\+ Redistributable is not installed")
# Without its "OMP: " prefix too: pasted texts lose it (jianchang512/ChatTTS-ui#22 starts "P: Error #15").
_OMP15 = re.compile(r"Error #15: Initializing (\S{1,80}), but found (\S{1,80}) already initialized")
_CUDA_DLL = re.compile(
    r"^(cudnn|cublas|cufft|curand|cusparse|cusolver|cudart|nvrtc|nvjitlink|nvtoolsext|torch_cuda|c10_cuda|caffe2_nvrtc|zlibwapi)", re.I
)
_ZLUDA = re.compile(r"zluda", re.I)
_PER_USER_SITE = re.compile(r"AppData\\Roaming\\Python\\Python\d{2,3}\\site-packages|LocalCache\\local-packages", re.I)
# cuDNN 8's own loader says the same on Linux ("Could not load library libcudnn_cnn_infer.so.8": a WSL2 or pip
# install whose cuDNN sub-library, or the libcuda it needs, is not found: make-your-video#4, nougat#115).
_CUDNN_LOCATE = re.compile(
    r"Could not (?:locate|load library) (cudnn\w{0,40}\.dll|zlibwapi\.dll|cublas\w{0,40}\.dll"
    # on Linux only when nothing follows or the loader's reason is a file not found (an undefined symbol after
    # "Error:" is another cuDNN or CUDA library found first: lib_version_conflict's, dust3r#198)
    r"|libcudnn\w{0,40}\.so(?:\.\d{1,3}){0,3}(?=\.?\s{0,4}$|\.\s{0,4}Error: \S{0,300}: cannot open shared object file))",
    re.I | re.M,
)

_UNABLE_TO_LOAD_ANY = re.compile(r"Unable to load any of \{(lib(?:cudnn|cublas|cudart|cufft|curand|cusparse)\w{0,30}\.so[\d.]{0,12})")
# CTranslate2's loader on Windows names the one DLL (KoljaB/RealtimeSTT#220: "Library cublas64_12.dll is not found or
# cannot be loaded", fixed by putting cuBLAS 12's DLLs where it looks). Its older releases end at "is not found"
# (rhasspy/wyoming-faster-whisper#30: "Library libcublas.so.12 is not found", fixed by pip's nvidia-cublas-cu12 wheel's
# folder on LD_LIBRARY_PATH).
_CT2_LIBRARY = re.compile(
    r"Library ((?:lib)?(?:cudnn|cublas|cudart|cufft|curand|cusparse|nvrtc)\w{0,40}\.(?:dll|so[\d.]{0,12})) is not found"
    r"(?: or cannot be loaded)?"
)

# DLLs of torch\lib that fail with 126 when the VC++ runtime (or its OpenMP runtime) is
# missing: c10.dll - discuss.pytorch.org "FileNotFoundError: Could not find module c10.dll"
# (cited by drowe67/freedv-gui#771, fixed by installing the redistributable); fbgemm.dll needs
# libomp140.x86_64.dll in torch 2.4.0 - pytorch/pytorch#131662 (fixed in 2.4.1 by #130697).
_TORCH_CORE_DLL = re.compile(r"^(c10|torch_cpu|torch_python|torch|shm|torch_global_deps|asmjit|uv|libiomp5md|caffe2\w{0,40})\.dll$", re.I)


# A program (not Python's loader) that Windows could not start because a DLL it links is missing: the NTSTATUS
# STATUS_DLL_NOT_FOUND, as a process's exit code in hex or as a signed or unsigned number (LaurentMazare/diffusers-rs#75:
# a Rust program linking libtorch, "exit code: 0xc0000135, STATUS_DLL_NOT_FOUND", fixed by putting torch\lib on PATH).
# It is WinError 126's case: the same missing DLL, reported by the process instead of LoadLibrary.
_STATUS_DLL_NOT_FOUND = re.compile(r"STATUS_DLL_NOT_FOUND|\b0xc0000135\b|(?<![\d-])(?:3221225781|-1073741515)(?!\d)", re.I)


def _code(err: ErrorText) -> tuple[int | None, str]:
    """The Windows error code and the line it was read from ('' when none)."""
    match = err.search(_WINERROR) or err.search(_STATUS_DLL_NOT_FOUND)
    if match:
        return int(match.group(1) or match.group(2)) if match.re is _WINERROR else 126, err.evidence(match)
    # Each language's message costs a slow case-insensitive pass (0.1 ms per 2 KB): the DLL-loading ones only where the
    # text names a DLL, a .pyd or Win32 at all (a paging-file message needs no DLL: "os error 1455" from safetensors).
    names_dll = any(word in err.text for word in _DLL_WORDS)
    for code, pattern in _LOCALISED:
        hit = err.search(pattern) if code == 1455 or names_dll else None
        if hit:
            return code, err.evidence(hit)
    failed = err.search(_DLL_LOAD_FAILED) or err.search(_DLL_NAME)
    return None, err.evidence(failed) if failed else ""


def _dll_named(err: ErrorText) -> re.Match[str] | None:
    """The DLL the error names: the one at or after the last WinError line when there is one, since a warning above it
    can name another (torchvision's "Failed to load image Python extension: 'Could not find module ...image.pyd'" above
    IPEX's own "[WinError 126] ... Error loading ...intel-ext-pt-gpu.dll": intel/intel-extension-for-pytorch#632)."""
    first = err.search(_DLL_NAME)
    failure = err.search_last(_WINERROR) if first else None
    if first is None or failure is None or failure.start() <= first.start():
        return first
    return _DLL_NAME.search(err.text, failure.start()) or first


def _dll(err: ErrorText) -> str | None:
    """The DLL that could not be found: the missing dependency when the loader names it, else the DLL it was loading."""
    match = _dll_named(err)
    if not match:
        return None
    dependency = _named_dependency(err, match)
    return dependency.group(1) if dependency else re.split(r"[\\/]", match.group(1))[-1].strip()


def _named_dependency(err: ErrorText, named: re.Match[str]) -> re.Match[str] | None:
    """The missing dependency the loader names right after the DLL ``named`` (_dll_named's match) it was loading."""
    return _MISSING_DEPENDENCY.match(err.text, named.end())


def _other_package_loading(err: ErrorText, name: str, owner: str | None) -> str | None:
    """The installed package other than torch that loads the CUDA DLL ``name`` (not one of torch's own CUDA DLLs): the
    DLL's folder (``owner``, _owner(err), which the caller has already read), else the innermost traceback frame in
    site-packages (pygpu for site-packages\\pygpu\\tests\\support.py, whose compiled gpuarray.pyx frames below it name no
    folder)."""
    if name.startswith(("torch_", "c10_", "caffe2_")):
        return None
    frames = reversed(err.frames_before(len(err.text)))
    # The DLL that depends on it, when the loader names both (onnxruntime\capi\onnxruntime_providers_cuda.dll: Wan2GP#1513).
    loading = _dll_named(err)
    package = owner or (frame_package(loading.group(1)) if loading and _named_dependency(err, loading) else None)
    package = package or next((package for path in frames if (package := frame_package(path))), None)
    return package if package != "torch" else None


def _owner(err: ErrorText) -> str | None:
    """The package whose folder holds the failing DLL ('torch' for torch\\lib, 'torchvision' for its _C.pyd).

    Without a DLL path, the package whose own file did the loading: ``torchtext\\_extension.py``
    calling ``torch.ops.load_library`` for its libtorchtext (pytorch/pytorch#157604); torch's
    loaders and ctypes only pass the load on."""
    match = _dll_named(err)
    named = _dll_package(match.group(1)) if match else None
    if named or not (failure := err.search(_WINERROR) or err.search(_DLL_LOAD_FAILED)):
        return named
    # torchvision\ops\boxes.py at `from torchvision import _C` (pytorch/vision#1018): the companion's own load.
    loader = frame_package(owner_frame(err, failure.start()))
    if loader is None and _through_torch_ops(err, failure.start()):
        # torch.ops.load_library loads only other packages' libraries; with the error printed before its cause's
        # traceback ("The above exception was the direct cause"), the companion's frames come after it
        # (Voice-Clone-Studio#79: torchaudio 2.11's _torchaudio.pyd under torch 2.9.1).
        loader = companion_in_frames(err)
    return loader if loader in COMPANIONS else None


def _dll_package(path: str) -> str | None:
    """'torch' or the companion whose DLL ``path`` is: by its folder (torch\\lib, torchvision\\) or by the library's
    own name (R's torchvision.dll, libtorchaudio.pyd)."""
    parts = [part.lower() for part in re.split(r"[\\/]", path)]
    stem = re.sub(r"^lib|\.(?:dll|pyd)$", "", parts[-1])
    return next((part for part in reversed(parts[:-1]) if part in ("torch", *COMPANIONS)), None) or (
        stem if stem in COMPANIONS else None
    )


def _extension_loader(err: ErrorText) -> str | None:
    """The add-on whose own file failed importing its compiled ``_C`` (pytorch3d's egg: facebookresearch/pytorch3d#1515),
    or its compiled module named after it (exllamav2's ``exllamav2_ext``)."""
    failure = err.search(_DLL_LOAD_FAILED)
    if not failure:
        return None
    module = _imported_module(failure)
    if not module:
        # Python 3.7 and older name no module ("DLL load failed: The specified procedure could not be found."): only
        # an add-on's own `from X import _C` line above it says whose (facebookresearch/detectron2#6, after torch 1.4).
        shown = err.search_last(_IMPORTS_C, failure.start())
        return shown.group(1) if shown and shown.group(1) not in ("torch", *COMPANIONS) else None
    if module not in ("_C", "_ext"):
        return _named_extension(err, module) or _suffixed_extension(module)
    frame = owner_frame(err, failure.start())
    loader = frame_package(frame) or _project_folder(frame)
    if loader is None:
        # A notebook's traceback shows the import line, not the file (openai/shap-e#16: "---> 11 from pytorch3d import _C").
        shown = err.search_last(_IMPORTS_C, failure.start())
        loader = shown.group(1) if shown else None
    return loader if loader and loader not in ("torch", *COMPANIONS) else None


_IMPORTS_C = re.compile(r"\bfrom ([A-Za-z_]\w{0,60}) import _C\b")


def _imported_module(failure: re.Match[str]) -> str:
    """The module Python names in "DLL load failed while importing <module>" (3.8 and newer), else ""."""
    return failure.group(0).rsplit(" ", 1)[-1] if "importing" in failure.group(0) else ""


def _failed_module(err: ErrorText) -> str:
    """The compiled module a bare DLL failure names: from "while importing <module>" or the .pyd ctypes could not find."""
    failure = err.search(_DLL_LOAD_FAILED)
    module = _imported_module(failure) if failure else ""
    named = None if module else _dll_named(err)
    file = re.split(r"[\\/ ]", named.group(1))[-1] if named else ""
    return module or (file.split(".")[0] if file.lower().endswith(".pyd") else "")


def _private_compiled_module(err: ErrorText) -> str | None:
    """The failing module when it is a private one (``_fused``) that torch and its companions do not have."""
    module = _failed_module(err)
    own = module.startswith(("_C", "_torch", "_dl")) or module in ("_ext", "_extension")
    return module if module.startswith("_") and not own else None


def _bare_addon_module(module: str) -> str | None:
    """The add-on named by the module of a bare DLL failure (``_failed_module``) when the module carries a build
    suffix (``custom_rasterizer_kernel``, ``exllamav2_ext``)."""
    # ctypes' words count too (FileNotFoundError: Could not find module '..._scatter_cuda.pyd' (or one of its
    # dependencies)): a CUDA build of torch-scatter beside a CPU torch, rusty1s/pytorch_scatter#296.
    if module.startswith("_"):
        # A private module of some package (torch_scatter's _scatter_cuda): the add-on is not its name.
        return "" if _suffixed_extension(module.lstrip("_")) else None
    return _suffixed_extension(module) if module else None


def _suffixed_module_owner(err: ErrorText) -> str | None:
    """The installed add-on whose own file imported a compiled module that is not its ``_C``/``_ext`` (auto_gptq for
    exllama_kernels): the distribution to reinstall, which the module's own name does not give."""
    failure = err.search(_DLL_LOAD_FAILED)
    if failure is None or _imported_module(failure) in ("", "_C", "_ext"):
        return None
    frame = owner_frame(err, failure.start())
    package = frame_package(frame) if frame else None
    return package if package not in (None, "torch", *COMPANIONS) else None


def _addon_ext(err: ErrorText, code: int) -> bool:
    """The module that failed is an add-on's compiled one: ``_ext`` (never torch's or a companion's own, theirs is _C:
    mmcv's mmcv._ext, DCNv2's, pointnet2's), or the ``_C`` of an installed add-on (detectron2's prebuilt wheel,
    opendatalab/PDF-Extract-Kit#5). For a dependent DLL not found (126), only an installed one: a project's own build
    beside its sources (FairMOT's dcnv2) more often misses its CUDA toolkit's DLLs on the search path."""
    failure = err.search(_DLL_LOAD_FAILED)
    module = _imported_module(failure) if failure else ""
    frame = owner_frame(err, failure.start()) if failure else None
    installed_addon = frame is not None and frame_package(frame) not in (None, "torch", *COMPANIONS)
    if failure is not None and module and module not in ("_ext", "_C"):
        # An installed add-on's file importing a compiled module named with a build suffix, whose CUDA runtime (126) is
        # missing: a prebuilt kernel for another torch/CUDA (auto-gptq 0.5.0's exllama_kernels under torch 2.0.1+cu117,
        # PromtEngineer/localGPT#630: 0.4.2 worked).
        return code == 126 and installed_addon and bool(_suffixed_extension(module))
    if failure is None or module not in ("_ext", "_C"):
        return False
    if module == "_C":
        return code == 126 and installed_addon
    return code == 127 or frame is None or frame_package(frame) is not None


def _project_folder(frame: str | None) -> str | None:
    """The folder of a project's own file that imports a compiled _C/_ext beside it (FairMOT's networks\\dcnv2\\
    dcn_v2.py importing _ext: ifzhang/FairMOT#450), named as the extension."""
    parts = re.split(r"[\\/]", frame or "")
    return parts[-2] if len(parts) >= 2 and parts[-2] and not parts[-2].endswith(":") else None


def _load_library_caller(err: ErrorText) -> str | None:
    """The add-on whose own file called torch.ops.load_library for the library that failed (pyg-team/
    pytorch_geometric#6931: torch_sparse\\__init__.py under another torch, WinError 127)."""
    failure = err.search(_WINERROR)
    if not (failure and _through_torch_ops(err, failure.start())):
        return None
    loader = frame_package(owner_frame(err, failure.start()))
    return loader if loader and loader not in ("torch", *COMPANIONS) else None


def _through_torch_ops(err: ErrorText, pos: int) -> bool:
    """The failing load went through torch.ops.load_library (torch/_ops.py among the frames before ``pos``), which
    loads only other packages' libraries."""
    return any(path.replace("\\", "/").endswith("/torch/_ops.py") for path in err.frames_before(pos))


# A compiled module named after its add-on with a build suffix (exllamav2_ext, selective_scan_cuda, fused_kernels):
# with no frame to say whose it is, the name does (ComfyUI-ExLlama-Nodes#7: exllamav2_ext from a wheel for another
# torch, WinError 127 in Chinese).
_EXTENSION_SUFFIX = re.compile(r"^([A-Za-z]\w{1,60}?)_(?:ext|cuda|kernels?|ops|C)$")


def _suffixed_extension(module: str) -> str | None:
    match = _EXTENSION_SUFFIX.match(module)
    return match.group(1) if match and match.group(1) not in ("torch", *COMPANIONS) else None


def _named_extension(err: ErrorText, module: str) -> str | None:
    """An installed package, seen in the traceback, whose compiled module carries its name with a suffix: the
    module ``exllamav2_ext`` imported by exllamav2's own files (turboderp-org/exllamav2#434: wheels built for torch
    2.3.0 under 2.2.1). A module named exactly like its package (cv2) says nothing about torch; nor does a text
    without torch."""
    if not (err.package("torch") or "torch" in err.text):
        return None
    packages = dict.fromkeys(frame_package(path) for path in err.frames_before(len(err.text)))  # in traceback order
    return next(
        (name for name in packages if name and name not in ("torch", *COMPANIONS) and module.startswith(name) and module != name),
        None,
    )


@extractor
def windows_dll_load_failed(err: ErrorText) -> Iterator[Signal]:
    code, line = _code(err)
    if not line or (code == 2 and err.search(BUILD_EXT_FILE_NOT_FOUND)):
        return  # a build's missing program, not a DLL: build.msvc_missing reads it
    dll = _dll(err)
    evidence = [line] + ([f"DLL: {dll}"] if dll else [])
    owner = _owner(err)
    if owner in COMPANIONS and code != 1455:
        # torch itself loaded (torchvision imports it first), so its runtime DLLs are there: a
        # companion's own module failing is usually one built for another torch (a CPU torch
        # with PyPI's CUDA torchvision: pytorch/pytorch#25600). A procedure that torch's DLLs do not
        # export (127) is that for certain: torchtext 0.18 under torch 2.9, pytorch/pytorch#157604.
        yield signal("torchvision_torch_mismatch", 0.85 if code == 127 else 0.6, evidence, package=owner, library=dll)
    elif code == 127 and (extension := _extension_loader(err) or _load_library_caller(err)):
        # A procedure torch's DLLs do not export, asked for by an add-on's own _C: built for another torch.
        yield signal("extension_abi_mismatch", 0.85, evidence, extension=extension, library=dll)
    elif code == 127 and (module := _private_compiled_module(err)):
        # A private compiled module that is neither torch's nor a companion's (SageAttention's _fused) lacking a procedure
        # of torch's DLLs: an add-on's wheel built for another torch (thu-ml/SageAttention#71, a torch 2.9 wheel on 2.11).
        yield signal("extension_abi_mismatch", 0.85, evidence, extension=None, library=dll, module=module)
    elif code in (126, 127) and _addon_ext(err, code):
        # An add-on's _ext whose procedure (127) or dependent DLL (126: the CUDA runtime of the CUDA it was built for)
        # is missing: a wheel for another torch or CUDA (open-mmlab/mmtracking#482, open-mmlab/mmdetection#5580).
        extension = _suffixed_module_owner(err) or _extension_loader(err)
        yield signal("extension_abi_mismatch", 0.85 if code == 127 else 0.7, evidence, extension=extension, library=dll)
    elif code is None and (extension := _bare_addon_module(module := _failed_module(err))) is not None:
        # No reason given ("DLL load failed while importing custom_rasterizer_kernel", a title): an add-on's compiled
        # module, named with a build suffix, most often comes from a wheel for another torch (kijai/ComfyUI-Hunyuan3DWrapper#37).
        yield signal("extension_abi_mismatch", 0.6, evidence, extension=extension or None, library=dll, module=module)
    elif owner == "torch" and err.search(_PER_USER_SITE):
        # torch imported from the per-user site-packages, which Python puts ahead of an environment's
        # own (a second torch beside the environment's: oobabooga/one-click-installers#47).
        said = "torch was imported from the per-user site-packages (AppData\\Roaming\\Python)"
        yield second_install(0.6, [*evidence, said])
    if code == 1455:
        yield signal("windows_paging_file", 0.95, evidence, code=code, dll=dll)
    elif code in (127, 182, 193):
        if code == 193 and (thirty_two := err.search(PYTHON_32_FOLDER)):
            # "%1 is not a valid Win32 application" in a python.org 32-bit Python (Python37-32): a 64-bit DLL, as most
            # packages ship, cannot load into a 32-bit process (microsoft/BlingFire#18, a maintainer agreeing; the
            # pyexiv2 maintainer's answer in LeoHsiao1/pyexiv2#6: use a 64-bit Python).
            failure = err.search(_WINERROR)
            package = frame_package(owner_frame(err, failure.start())) if failure else None
            shown = [*evidence, f"{thirty_two.group(0).strip(chr(92) + '/')} is python.org's 32-bit Python"]
            yield signal("wheel_platform_mismatch", 0.8, shown, kind="dll_in_32bit_python", package=package, dll=dll)
        if code != 193:
            yield from _loaded_first_by_another_package(err, code, dll, line)
        yield from _conflict(code, dll, evidence)
    elif code == 1114:
        yield from _init_failed(err, code, dll, evidence, owner)
    else:
        yield from _not_found(err, code, dll, evidence, owner)


# Windows' own dialog when a DLL asks another for a function it does not export: "The procedure entry point <symbol>
# could not be located in the dynamic link library <file>" (akshowhini/OCR_tablenet#13: torchvision 0.9.2's _C.pyd
# under another torch), in a Russian Windows "Entry point into procedure <symbol> is not found in library DLL <file>"
# (opendatalab/MinerU#688: libtorchtext.pyd). The file is the one asking; its package says whose build differs. Some
# dialogs, or pastes, leave the symbol out (facebookresearch/xformers#1248: xformers' _C.pyd built for an older torch).
_ENTRY_POINT = re.compile(
    r"(?:procedure entry point|Entry point into procedure)(?:\s{1,4}([^\n]{1,300}(?:\n[^\n]{1,300}){0,3}?))?\s{0,4}"
    r"(?:could not be located in the dynamic link library|is not found in\s{1,4}library DLL)\s{1,4}([^\n\"]{1,400}?\.(?:pyd|dll))",
    re.I,
)


@extractor
def procedure_entry_point_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_ENTRY_POINT)
    if not match:
        return
    path = match.group(2)
    package, library = _dll_package(path), re.split(r"[\\/]", path)[-1].lower()
    evidence = [err.evidence(match), f"the DLL asking: {path}"]
    if package in COMPANIONS:
        yield signal("torchvision_torch_mismatch", 0.85, evidence, package=package, library=library)
    elif package is None and "site-packages" in path.lower():
        yield signal("extension_abi_mismatch", 0.75, evidence, extension=extension_name(path), library=library)


# MKL's own loader on Windows prints the system's message before the DLL's name: "INTEL MKL ERROR: The operating system
# cannot execute %1. mkl_intel_thread.dll." is ERROR_BAD_EXE_FORMAT's kind (WinError 193): the DLL, or one it loads,
# is not a library this 64-bit process can run, another copy found first (facebookresearch/demucs#27: a broken
# libiomp5md.dll beside it, replaced by a working copy). "The specified module could not be found" is a missing file.
_MKL_DLL_UNRUNNABLE = re.compile(
    r"INTEL MKL ERROR: The operating system cannot (?:execute|run) ?% ?1\.? (mkl_\w{1,40}(?:\.\d)?\.dll)", re.I
)


# Its "The specified module could not be found. mkl_def.1.dll." (then "Intel MKL FATAL ERROR: Cannot load
# mkl_def.1.dll."): MKL loads its per-CPU computational DLLs by name at run time, and that one is not there. LibTorch
# 2.3's Windows zips shipped mkl_core and mkl_intel_thread without them (pytorch/pytorch#125013, fixed by adding the DLLs
# of Intel's intelmkl.redist.win-x64 2021.4; LaurentMazare/tch-rs#870, fixed by going back to LibTorch 2.2).
_MKL_DLL_NOT_FOUND = re.compile(r"INTEL MKL ERROR: The specified module could not be found\.? (mkl_\w{1,40}(?:\.\d)?\.dll)", re.I)


@extractor
def mkl_dll_unrunnable(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_MKL_DLL_UNRUNNABLE)
    if match:
        yield from _conflict(193, match.group(1), [err.evidence(match)])
        return
    missing = err.search(_MKL_DLL_NOT_FOUND)
    if missing:
        said = f"MKL loads {missing.group(1)} itself, by name, at run time: the file is not where it looks"
        yield signal("windows_dll_dependency", 0.75, [err.evidence(missing), said], code=126, dll=missing.group(1), kind="mkl_dll_missing")


def _conflict(code: int, dll: str | None, evidence: list[str]) -> Iterator[Signal]:
    yield signal("windows_dll_dependency", 0.8 if code == 127 else 0.75, evidence, code=code, dll=dll, kind="conflict")
    if code == 193:  # a truncated or mixed download also gives 193
        yield signal("corrupted_install", 0.35, evidence, library=dll, package="torch", code=code)


# Packages that load CUDA DLLs of their own (or the CUDA toolkit's, from PATH) when imported: one imported before torch
# in the same process leaves its copy of cublas64_11.dll loaded, and torch's lacks a procedure in it (WinError 127).
# NVIDIA/TensorRT#1693: `import tensorrt` then `import torch` failed on torch\lib\cublas64_11.dll; the maintainer's
# workaround was importing torch first.
_LOADS_CUDA_DLLS = frozenset({"tensorrt", "tensorflow", "paddle", "onnxruntime", "cupy", "mxnet"})


def _loaded_first_by_another_package(err: ErrorText, code: int, dll: str | None, line: str) -> Iterator[Signal]:
    """WinError 127/182 on a CUDA DLL of torch\\lib, with a package that loads CUDA DLLs typed before `import torch`."""
    if ">>> " not in err.text and "In [" not in err.text:
        return  # no typed session (the prompts of Python and IPython), so no import order to read
    if not (dll and _CUDA_DLL.match(dll) and _shipped_in_torch_lib(err, dll.lower())):
        return
    typed = [statement for statement in err.import_statements if statement.prompted]
    torch_at = next((statement.end for statement in typed if statement.module == "torch"), None)
    before_torch = [statement.module for statement in typed if torch_at and statement.end < torch_at]
    first = next((module for module in before_torch if module in _LOADS_CUDA_DLLS), None)
    if first:
        said = f"{first} was imported before torch in this session: its copy of {dll} was already loaded"
        yield signal("windows_dll_dependency", 0.85, [line, said], kind="loaded_first_by", package=first, dll=dll, code=code)


def _init_failed(err: ErrorText, code: int, dll: str | None, evidence: list[str], owner: str | None) -> Iterator[Signal]:
    """WinError 1114: the DLL was found and mapped, but its initialisation (DllMain) failed.

    The usual cause for torch's c10.dll is a Visual C++ runtime older than the one it was
    built with (pytorch/pytorch#169429, data/msvc_runtime.csv); else another copy of a
    dependency loaded first, or a damaged file (which only a check against RECORD shows).
    TensorFlow's own runtime failing so is first a CPU without AVX (_tensorflow_runtime).
    """
    if _tensorflow_runtime(err, owner):
        said = "TensorFlow's Windows builds since 1.6 use AVX instructions; on a CPU without AVX its DLL fails to initialise"
        yield signal("wheel_platform_mismatch", 0.7, [*evidence, said], kind="needs_avx", framework="TensorFlow")
    yield signal("missing_vc_redist", 0.6, evidence, code=code, dll=dll, kind="init_failed")
    yield signal("windows_dll_dependency", 0.5, evidence, code=code, dll=dll, kind="init_failed")
    yield signal("corrupted_install", 0.3, evidence, library=dll, package="torch", code=code)


# TensorFlow's prebuilt binaries use AVX from release 1.6 (its RELEASE.md, 1.6.0's breaking changes: "Prebuilt binaries
# will use AVX instructions. This may break TF on older CPUs."); on Windows a CPU without AVX shows as the DLL's
# initialisation failing (tensorflow/tensorflow#37221: TensorFlow 2.0.0, the reporter's CPU had no AVX). Read where the
# failing load is TensorFlow's own (its native runtime's words, its pywrap module, its folder), or where TensorFlow from
# 1.6 on is the package stated and torch is not.
_TENSORFLOW_RUNTIME = re.compile(
    r"Failed to load the native TensorFlow runtime|pywrap_tensorflow|[/\\]tensorflow(?:_core)?[/\\]python[/\\]", re.I
)


def _tensorflow_runtime(err: ErrorText, owner: str | None) -> bool:
    """``owner``: _owner(err), which the caller has already read."""
    if owner is not None:
        return False  # the DLL failing is torch's or a companion's own (c10.dll), whatever else the traceback passed
    if err.search(_TENSORFLOW_RUNTIME):
        return True
    stated = next((name for name in TENSORFLOW_DISTRIBUTIONS if err.package(name)), None)
    return stated is not None and err.stated_at_least(stated, (1, 6)) and not err.package("torch")


# Intel Extension for PyTorch's own GPU library, which links the same oneAPI runtime (intel/intel-extension-for-pytorch
# #632: intel-ext-pt-gpu.dll, WinError 126 until oneAPI's compiler and MKL environments were set).
_IPEX_DLL = re.compile(r"intel[-_]extension[-_]for[-_]pytorch[/\\]bin[/\\]intel-ext-pt-gpu\.dll", re.I)
_XPU_BUILD = re.compile(r"\btorch[-=\s]{1,4}\d[\w.]{0,20}\+xpu\b|" + _IPEX_DLL.pattern, re.I)


def _xpu_build(err: ErrorText) -> bool:
    """Intel's XPU build of torch or of its extension: a stated version, or one the text shows, tagged +xpu; or the
    extension's GPU library."""
    stated = (err.package("torch") or "", err.package("intel-extension-for-pytorch") or "")  # stated names come normalised
    return any(version.endswith("+xpu") for version in stated) or bool(err.search(_XPU_BUILD))


# The Store's Python lives in WindowsApps under its package family name, PythonSoftwareFoundation.Python.3.X_<id>.
_STORE_PYTHON = re.compile(r"PythonSoftwareFoundation\.Python\.3")
# A conda environment: its prefix in a path (Anaconda3, Miniconda3, .conda\envs\name, ...\envs\name\lib), or its
# activation in the paste.
_CONDA_ENVIRONMENT = re.compile(
    r"(?:Anaconda3|Miniconda3|miniforge3|mambaforge|\.conda)[\\/]|[\\/]envs[\\/][\w.-]{1,80}[\\/][Ll]ib[\\/]|\bconda activate\b", re.I
)
# The environment's prefix, from a site-packages path (C:\Users\me\.conda\envs\work\lib\site-packages\numpy\...).
_CONDA_PREFIX = re.compile(
    r"\b([A-Za-z]:\\[^\n\"']{0,200}?(?:[\\/]envs[\\/][\w.-]{1,80}|Anaconda3|Miniconda3|miniforge3|mambaforge))[\\/][Ll]ib[\\/]site-packages",
    re.I,
)
# Packages whose conda builds link DLLs of the environment's Library\bin (MKL or OpenBLAS, freetype, libpng).
_CONDA_LINKED = ("numpy", "scipy", "matplotlib")


def _conda_linked_package(err: ErrorText) -> str | None:
    """numpy, SciPy or Matplotlib when it is their own module that failed to load."""
    package = _loading_package(err)
    return package if package in _CONDA_LINKED else None


def _loading_package(err: ErrorText) -> str | None:
    """The package whose module failed to load: by its frame, else (no frame) the import the paste shows last
    ("from matplotlib import ft2font")."""
    failure = err.search(_DLL_LOAD_FAILED) or err.search(_WINERROR)
    if failure is None:
        return None
    frame = owner_frame(err, failure.start())
    package = frame_package(frame) if frame else None
    if package is None and frame is None:
        package = next((found.module for found in reversed(err.import_statements) if found.end <= failure.start()), None)
    return package


def _other_package_module(err: ErrorText) -> tuple[str, str] | None:
    """(module, package) when the compiled module that failed is neither torch's nor a companion's (dlib, pycuda's
    _driver, onnxruntime's pybind state, an add-on's _C): by the package loading it, else by the module's own public
    name. A private module (_C) of no known package is most often torch's own and is left to the torch readings."""
    module = _failed_module(err)
    if not module:
        return None
    package = _loading_package(err) or (module if not module.startswith("_") else None)
    if package is None or package in ("torch", *COMPANIONS):
        return None
    return module, package


def _conda_prefix(err: ErrorText) -> str | None:
    found = err.search(_CONDA_PREFIX)
    return found.group(1) if found else None


# A DLL the loader names inside an installed torch's own lib folder (a wrapped paste keeps the folders on one line).
_TORCH_LIB_DLL = re.compile(r"[/\\]torch[/\\]lib[/\\]([\w.-]{1,120}\.dll)", re.I)


def _shipped_in_torch_lib(err: ErrorText, name: str) -> bool:
    return any(match.group(1).lower() == name for match in _TORCH_LIB_DLL.finditer(err.text))


# A DLL inside a folder named for CUDA ("lib\cuda\", "cu121\"), in a wrapped paste too; group 1 is the package folder
# under site-packages (or its egg's folder: ctransformers-0.2.26-py3.9.egg) the path continues from, where the text shows it.
_CUDA_FOLDER_DLL = re.compile(
    r"(?:site-packages[/\\]([A-Za-z][\w.-]{0,80}?)(?:-\d[^/\\]{0,40}\.egg)?[/\\][^\n'\"]{0,300}?)?"
    r"[/\\](?:cuda|cu\d{2,3})[/\\]\s?([\w.-]{1,120}\.dll)",
    re.I,
)


# Or a package of its own named for its CUDA build, as llama-cpp-python's CUDA wheels that text-generation-webui
# installs as llama_cpp_cuda (oobabooga/text-generation-webui#6255: llama_cpp_cuda\lib\llama.dll not found, fixed by
# installing CUDA 12, whose runtime DLLs it links).
_CUDA_PACKAGE_DLL = re.compile(r"site-packages[/\\]([A-Za-z]\w{0,60}_cuda\w{0,30})[/\\][^\n'\"]{0,300}?[/\\]([\w.-]{1,120}\.dll)", re.I)


def _in_cuda_folder(err: ErrorText, name: str) -> list[re.Match[str]]:
    """The paths that show DLL ``name`` in a folder named for CUDA (none: it is not in one)."""
    paths = [*_CUDA_FOLDER_DLL.finditer(err.text), *_CUDA_PACKAGE_DLL.finditer(err.text)]
    return [match for match in paths if name and match.group(2).lower() == name]


def _not_found(err: ErrorText, code: int | None, dll: str | None, evidence: list[str], owner: str | None) -> Iterator[Signal]:
    """WinError 126 (or an unnumbered 'DLL load failed'): the DLL or one of its dependencies is missing. ``owner``:
    _owner(err), which the caller has already read."""
    name = (dll or "").lower()
    if name == "fbgemm.dll":
        yield signal("missing_vc_redist", 0.85, evidence, code=code, dll=dll, kind="fbgemm")
    elif _VC_RUNTIME_DLL.search(name):
        yield signal("missing_vc_redist", 0.9, evidence, code=code, dll=dll, kind="runtime_dll")
    elif name == "shm.dll":
        # torch's shm.dll is present but a DLL it links (MKL's, since torch 2.3.0) is not on the DLL search path:
        # per-user and custom-target installs (pytorch/pytorch#125109, fixed in 2.3.1), source builds
        # (pytorch/pytorch#140875); twelve corpus reports, none fixed by the VC++ runtime.
        said = [*evidence, "shm.dll is torch's own; a DLL it depends on is not on the DLL search path"]
        per_user = bool(err.search(_PER_USER_SITE))
        yield signal("windows_dll_dependency", 0.75, said, code=code, dll=dll, kind="not_found", per_user_site=per_user, owner="torch")
        yield signal("missing_vc_redist", 0.45, evidence, code=code, dll=dll, kind="not_found", torch_core=True, owner="torch")
    elif name == "torch_python.dll":
        # torch's binding links the pythonXY.dll of the Python the wheel was built for; the rest of torch\lib loaded
        # before it, so the runtime is there. An embedded or other Python (Blender's previous version running an
        # add-on's torch installed for the newer one: carson-katri/dream-textures#293) lacks that DLL.
        said = [*evidence, "torch_python.dll needs the pythonXY.dll of the Python torch was installed for"]
        yield signal("windows_dll_dependency", 0.7, said, code=code, dll=dll, kind="not_found", per_user_site=False, owner="torch")
        yield signal("missing_vc_redist", 0.45, evidence, code=code, dll=dll, kind="not_found", torch_core=True, owner="torch")
    elif _xpu_build(err):
        # Intel's XPU builds of torch load the oneAPI runtime's DLLs (compiler, MKL), found only once oneAPI is
        # installed and its environment activated; torch\lib's first DLL is merely the one that reports it
        # (intel/intel-extension-for-pytorch#485, the maintainers' summary of the Windows reports).
        xpu = "intel_extension_for_pytorch" if _IPEX_DLL.search(err.text) else "torch"
        said = [*evidence, f"an Intel XPU build of {xpu}: its DLLs need the oneAPI runtime's on the DLL search path"]
        yield signal("windows_dll_dependency", 0.8, said, code=code, dll=dll, kind="xpu_runtime", per_user_site=False, owner=xpu)
    elif name == "caffe2_nvrtc.dll" or (_CUDA_DLL.match(name) and err.search(_ZLUDA)):
        # Under ZLUDA, torch's CUDA DLLs run on an AMD GPU through ZLUDA's replacement DLLs and the HIP SDK's,
        # which Windows finds only through PATH: a dependency is off the search path (patientx/ComfyUI-Zluda#5, #7, #9).
        # caffe2_nvrtc.dll links only nvrtc, which the CUDA wheels ship beside it, and delay-loads the driver's
        # nvcuda.dll (pytorch/pytorch caffe2/CMakeLists.txt): its 126 is a replaced nvrtc's dependency off the
        # search path, as in every such corpus report (ComfyUI-Zluda#5, #7, #9, #76), named ZLUDA or not.
        if err.search(_ZLUDA):
            evidence = [*evidence, "a ZLUDA setup: its DLLs and the HIP SDK's bin folder must be on PATH"]
        yield signal("windows_dll_dependency", 0.7, evidence, code=code, dll=dll, kind="not_found", per_user_site=False, owner="torch")
        yield signal("missing_cuda_runtime_lib", 0.45, evidence, code=code, library=dll, loader="torch")
    elif _CUDA_DLL.match(name) and _shipped_in_torch_lib(err, name):
        # A CUDA DLL inside torch\lib ships in the wheel with every DLL it depends on: the file is there and one of its
        # companions from the same wheel is not, as after an install closed midway (d8ahazard/sd_dreambooth_extension#143,
        # cudnn_adv_infer64_8.dll; vladmandic/sdnext#2332, where the maintainer advised a clean venv). A build that
        # lacked a dependency reads the same (pytorch/builder PR 955: zlibwapi.dll, missing from a 2021 conda nightly).
        said = [*evidence, f"{dll} is in torch\\lib: the torch wheel ships it together with the DLLs it depends on"]
        yield signal("corrupted_install", 0.6, said, package="torch", library=dll)
        yield signal("missing_cuda_runtime_lib", 0.5, evidence, code=code, library=dll, loader="torch")
        yield signal("missing_vc_redist", 0.4, evidence, code=code, dll=dll, kind="cuda_dll")
    elif _CUDA_DLL.match(name) and (loader := _other_package_loading(err, name, owner)):
        # Another installed package loading CUDA's DLLs itself, by the names of the CUDA it was built for, from the DLL
        # search path, where only a CUDA toolkit of that release puts them (Theano/libgpuarray#562: pygpu's nvrtc64_70.dll,
        # found once CUDA's bin folder was on PATH). torch's wheels bring no copy it would look at.
        said = [*evidence, f"{loader} loads {dll} from the DLL search path: the CUDA it was built for, not torch's copies"]
        yield signal("missing_cuda_runtime_lib", 0.6, said, code=code, library=dll, kind="system_cuda_for_package", package=loader)
        yield signal("missing_vc_redist", 0.4, evidence, code=code, dll=dll, kind="cuda_dll")
    elif _CUDA_DLL.match(name):
        yield signal("missing_cuda_runtime_lib", 0.55, evidence, code=code, library=dll, loader="torch")
        yield signal("missing_vc_redist", 0.4, evidence, code=code, dll=dll, kind="cuda_dll")
    elif cuda_folder_paths := _in_cuda_folder(err, name):
        # A package's CUDA build of its own library, kept in a folder named for CUDA (ctransformers\lib\cuda\
        # ctransformers.dll: marella/chatdocs#51, fixed by `pip install ctransformers[cuda]`, which brings the CUDA
        # runtime and cuBLAS wheels it links): the DLLs it needs are CUDA's, more often than the C++ runtime.
        said = [*evidence, f"{dll} is a CUDA build (its folder says so): it links CUDA's runtime DLLs"]
        package = next((path.group(1) for path in cuda_folder_paths if path.group(1)), None)
        yield signal("missing_cuda_runtime_lib", 0.6, said, code=code, library=dll, kind="package_cuda_build", package=package)
        yield signal("missing_vc_redist", 0.45, evidence, code=code, dll=dll, kind="cuda_dll")
    elif err.search(_STORE_PYTHON):
        # The Microsoft Store's Python runs as a packaged app: torch's DLL search-path setup does not reach its
        # loader, so torch\lib is never searched (pytorch/pytorch#32916: Process Monitor shows torch_python.dll looked
        # up only in the app's folder and System32; the maintainers' advice is python.org's or conda's Python).
        said = [*evidence, "the Microsoft Store's Python: torch\\lib is not on its DLL search path"]
        yield signal("windows_dll_dependency", 0.75, said, code=code, dll=dll, kind="store_python", per_user_site=False, owner="torch")
        yield signal("missing_vc_redist", 0.4, evidence, code=code, dll=dll, kind="not_found", torch_core=False, owner="torch")
    elif tried := [int(found.group(1)) for found in _TORCHCODEC_CORE_NOT_LOADED.finditer(err.text)]:
        # torchcodec tries its core DLL for each FFmpeg major it supports, newest first; each links that FFmpeg's DLLs
        # (avcodec-61.dll ...), which no wheel brings. Every one failing is FFmpeg's DLLs found nowhere Windows searches:
        # not installed, or only on PATH, which Python's loading of a DLL's dependencies does not search
        # (meta-pytorch/torchcodec#1108; torchcodec's README: install FFmpeg, for example conda's "ffmpeg<8").
        majors = ", ".join(map(str, tried))
        said = [*evidence, f"torchcodec could load its core DLL for none of FFmpeg {majors}: FFmpeg's DLLs were not found"]
        detail = {"code": code, "dll": dll, "per_user_site": False, "owner": "torchcodec"}
        yield signal("windows_dll_dependency", 0.75, said, kind="torchcodec_ffmpeg", ffmpeg_majors=tried, **detail)
        yield signal("missing_vc_redist", 0.4, evidence, code=code, dll=dll, kind="not_found", torch_core=False, owner="torchcodec")
    elif not dll and err.search(_STATUS_DLL_NOT_FOUND) and not err.search(_WINERROR):
        # A program of its own (one linking libtorch) that Windows could not start: torch's Python package puts torch\lib
        # on the DLL search path for Python alone, so such a program finds torch's DLLs only through PATH.
        said = [*evidence, "a program, not Python's loader, could not start: a DLL it links is not on its search path"]
        yield signal("windows_dll_dependency", 0.7, said, code=code, dll=None, kind="program_not_started", per_user_site=False, owner=None)
        yield signal("missing_vc_redist", 0.45, evidence, code=code, dll=None, kind="not_found", torch_core=False, owner=None)
    elif (package := _conda_linked_package(err)) and (conda := err.search(_CONDA_ENVIRONMENT)):
        # conda's numpy, SciPy and Matplotlib link the BLAS, MKL and font DLLs of the environment's Library\bin, which
        # Windows searches only once the environment is activated: run unactivated (an IDE's debugger starting the env's
        # python.exe, a terminal activated after launch), their own .pyd is found and its dependencies are not
        # (microsoft/PTVS#5993, a maintainer's report; microsoft/vscode-python#5559, fixed by activating first).
        prefix = _conda_prefix(err)
        where = prefix or conda.group(0).strip(" \\/")
        said = [*evidence, f"{package} of a conda environment ({where}): its DLLs are in the environment's Library\\bin"]
        detail = {"code": code, "dll": dll, "per_user_site": False, "owner": package, "conda_prefix": prefix}
        yield signal("windows_dll_dependency", 0.65, said, kind="conda_not_activated", **detail)
        yield signal("missing_vc_redist", 0.45, evidence, code=code, dll=dll, kind="not_found", torch_core=False, owner=package)
    elif _opencv_failed(err):
        # OpenCV's cv2.pyd links Windows' Media Foundation DLLs (MFPlat.dll, MF.dll), which Windows N and KN editions
        # and some server images lack until the Media Feature Pack is added (opencv/opencv-python#185;
        # Stability-Matrix#417 and a Windows 11 report, both fixed by adding it).
        said = [*evidence, "cv2 needs Windows' Media Foundation DLLs, which N/KN editions lack without the Media Feature Pack"]
        yield signal("windows_dll_dependency", 0.65, said, code=code, dll=dll, kind="media_feature_pack", per_user_site=False, owner="cv2")
        yield signal("missing_vc_redist", 0.45, evidence, code=code, dll=dll, kind="not_found", torch_core=False, owner="cv2")
    elif not dll and (other := _other_package_module(err)):
        # Another package's compiled module whose own DLLs Windows did not find. Since Python 3.8, Windows looks for an
        # extension's dependencies in its own folder, the system's and the folders added with os.add_dll_directory, not
        # PATH: a module built against torch loads only after `import torch` has added torch\lib
        # (facebookresearch/pytorch3d#1919, kijai/ComfyUI-Hunyuan3DWrapper#112), one built against CUDA only once CUDA's
        # bin folder is added (davisking/dlib#2039, inducer/pycuda#213, microsoft/onnxruntime#6046). Ranked above the
        # Visual C++ runtime, it moved 5 of the corpus's first answers the right way and 2 (labelled the runtime) the wrong way.
        module, package = other
        whose = f"{package}'s compiled module" if module != package else "a compiled module"
        said = [*evidence, f"{module} is {whose}, not torch's or a companion's"]
        detail = {"code": code, "dll": dll, "per_user_site": False, "owner": package, "module": module}
        yield signal("windows_dll_dependency", 0.55, said, kind="module_dependency", **detail)
        yield signal("missing_vc_redist", 0.45, evidence, code=code, dll=dll, kind="not_found", torch_core=False, owner=package)
    else:
        per_user = bool(err.search(_PER_USER_SITE))
        core = bool(_TORCH_CORE_DLL.match(name))
        redist = 0.7 if core else 0.4 if owner in COMPANIONS else 0.55
        yield signal("missing_vc_redist", redist, evidence, code=code, dll=dll, kind="not_found", torch_core=core, owner=owner)
        yield signal("windows_dll_dependency", 0.45, evidence, code=code, dll=dll, kind="not_found", per_user_site=per_user, owner=owner)


# Pillow's own compiled core failing to load (PIL\\Image.py's `from . import _imaging as core`), whoever imported PIL:
# the Pillow install is broken or from another build (pytorch/vision#436, reached through torchvision's import of PIL;
# the maintainers' answer was reinstalling Pillow).
@extractor
def pillow_core_failed(err: ErrorText) -> Iterator[Signal]:
    failure = err.search(_DLL_LOAD_FAILED)
    if failure and frame_package(owner_frame(err, failure.start())) == "PIL":
        said = "the module that failed to load is Pillow's own compiled _imaging"
        yield signal("corrupted_install", 0.6, [err.line_at(failure.start()), said], package="pillow", library="PIL\\_imaging")


# torchcodec's loader report, one line per FFmpeg major it tried (meta-pytorch/torchcodec#1108).
_TORCHCODEC_CORE_NOT_LOADED = re.compile(
    r"^FFmpeg version (\d{1,2}): Could not find module '[^'\n]{0,300}libtorchcodec_core\d{1,2}\.dll' \(or one of its dependencies\)", re.M
)
_IMPORT_CV2 = re.compile(r"^\s{0,12}(?:>>> )?(?:import cv2\b|from cv2 import\b)|[\\/]cv2[\\/]__init__\.py", re.M)


def _opencv_failed(err: ErrorText) -> bool:
    """The DLL failure is cv2's: Python names it, or (naming no DLL or module) it comes right after cv2's import."""
    module, failure = _failed_module(err), err.search(_DLL_LOAD_FAILED)
    if module or not failure or err.search(_DLL_NAME):
        return module == "cv2"
    imported = [match.end() for match in _IMPORT_CV2.finditer(err.text, 0, failure.start())]
    return bool(imported) and failure.start() - imported[-1] < 600


@extractor
def vc_redist_warning(err: ErrorText) -> Iterator[Signal]:
    """torch/__init__.py prints this when vcruntime140.dll cannot be found (Windows)."""
    match = err.search(_VC_WARNING)
    if match:
        yield signal("missing_vc_redist", 0.95, [err.evidence(match)], dll="vcruntime140.dll", kind="torch_warning")


@extractor
def vc_runtime_dll_named(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_VC_RUNTIME_DLL)
    line = err.line_at(match.start()).lower() if match else ""
    # Windows' own dialog says "is missing" or "was not found" (ContinuumIO/anaconda-issues#443: "VCRUNTIME140.dll is
    # missing from your computer", fixed by the VC++ 2015 redistributable).
    if match and ("not found" in line or "could not" in line or "is missing" in line):
        yield signal("missing_vc_redist", 0.85, [err.evidence(match)], dll=match.group(0), kind="runtime_dll")


@extractor
def duplicate_openmp(err: ErrorText) -> Iterator[Signal]:
    """``OMP: Error #15``: a Windows DLL pair is a DLL-search problem, a .so pair a library conflict."""
    match = err.search(_OMP15)
    if not match:
        return
    first, second = match.group(1), match.group(2)
    windows = first.lower().endswith(".dll") or err.platform == "windows"
    cause = "windows_dll_dependency" if windows else "lib_version_conflict"
    yield signal(cause, 0.9, [err.evidence(match)], kind="openmp", library=first, loaded=second)


# A crash inside OpenMP's runtime on macOS, its frames in libomp's __kmp_ functions: two libomp.dylib copies in one
# process (torch's own and Homebrew's, loaded by LightGBM: pytorch/pytorch#191933) each running its own thread pool.
_LIBOMP_CRASH = re.compile(r"libomp\.dylib\W{1,3}__kmp_\w{1,80}")
_CRASHED = re.compile(r"SIGSEGV|EXC_BAD_ACCESS|[Ss]egmentation fault")  # zsh prints it in lower case


# Without its frames: a segmentation fault on macOS in code that imports torch and a package that brings an OpenMP
# runtime of its own (scikit-learn's macOS wheels bundle sklearn/.dylibs/libomp.dylib, 1.5.0's arm64 wheel read here;
# LightGBM 4.5.0's lib_lightgbm.dylib links @rpath/libomp.dylib; conda builds link conda's llvm-openmp): pytorch/pytorch
# #132372, conda's scikit-learn imported before conda's PyTorch, where a maintainer found both runtimes loaded.
_OWN_OPENMP_PACKAGES = frozenset({"sklearn", "lightgbm", "xgboost", "faiss"})


@extractor
def openmp_runtime_crash(err: ErrorText) -> Iterator[Signal]:
    frame, crashed = err.search(_LIBOMP_CRASH), err.search(_CRASHED)
    if frame and crashed and not err.search(_OMP15):
        said = "the crash is inside libomp's own thread pool: two OpenMP runtimes loaded in one process"
        evidence = [err.evidence(crashed), err.evidence(frame), said]
        yield signal("lib_version_conflict", 0.6, evidence, kind="openmp", library="libomp.dylib", loaded="libomp.dylib", crash=True)
        return
    if not (crashed and err.platform == "macos"):
        return
    imported = {statement.module for statement in err.import_statements}
    beside = sorted(imported & _OWN_OPENMP_PACKAGES)
    if "torch" in imported and beside:
        said = f"{beside[0]} and torch in one process on macOS: each may bring its own OpenMP runtime (libomp.dylib)"
        evidence = [err.evidence(crashed), said]
        detail = {"kind": "openmp", "library": "libomp.dylib", "loaded": "libomp.dylib", "crash": True, "beside": beside[0]}
        yield signal("lib_version_conflict", 0.5, evidence, **detail)


# PaddlePaddle's own loader (paddle/phi/backends/dynload): "The third-party dynamic library (cudnn64_7.dll) that Paddle
# depends on is not configured correctly. (error code is 126)" (PaddlePaddle/PaddleOCR#9913: a paddlepaddle-gpu build for
# another CUDA, replaced by the build for the installed CUDA 11.2; PaddlePaddle/Paddle#38663: cublas64_11.dll put on the
# DLL search path), and its check that no cuDNN was opened ("[Hint: cudnn_dso_handle should not be null.]":
# opendatalab/PDF-Extract-Kit#77, cuDNN's folder added to LD_LIBRARY_PATH).
_PADDLE_DYNLOAD = re.compile(r"The third-party dynamic library \(([^()\n]{1,200})\) that Paddle depends on is not configured correctly")
# Older Paddle (1.x) words it "Cannot load cudnn shared library. Cannot invoke method cudnnGetVersion" (PaddleOCR#63, #300:
# cuDNN not on LD_LIBRARY_PATH), and TensorFlow 0.x/1.x "Unable to load cuDNN DSO" (tensorflow#62).
_PADDLE_NULL_HANDLE = re.compile(
    r"\[Hint: (cudnn|cublas|cusolver|cusparse|curand|cufft|nccl)_dso_handle should not be null\.\]"
    r"|Cannot load (cudnn|cublas|cusolver|cusparse|curand|cufft|nccl) shared library"
)
_OLD_TF_CUDNN = re.compile(
    r"Unable to load cuDNN DSO|Could not find cuDNN \d{1,2}\.\s{1,8}The GPU version of TensorFlow requires that the correct cuDNN DLL"
)
# jaxlib's own words when its CUDA backend opens no cuDNN (jcbmrshll/turbozero#19: jax[cuda12_pip] 0.4.24, fixed by the
# versions of jax and NVIDIA's wheels pinned together again).
# A loader's plainest words, a CUDA DLL's name (_CUDA_LIBRARY_NAME) and "not found" as the whole exception (PaddlePaddle/PaddleOCR#458:
# "RuntimeError: cublas64_100.dll not found." from a Paddle built for CUDA 10.0 where CUDA 10.1 was installed).
# A wrapper re-raising it with str() puts its own exception's name first ("ImportError: RuntimeError: ...").
_DLL_NOT_FOUND = re.compile(r"^(?:\w{0,40}Error: ){1,2}([\w.-]{1,60}\.dll) not found\.?\s{0,4}$", re.M | re.I)
_JAX_CUDNN = re.compile(r"CUDA backend failed to initialize: Unable to load cuDNN\. Is it installed\?")


# TensorFlow's own loader, which opens CUDA's libraries by the names its build was made for ("Could not load dynamic
# library 'cudart64_110.dll'; dlerror: cudart64_110.dll not found": DiffMorph#19, dc_tts#59, fixed by installing the
# CUDA release the build needs; 'libcudart.so.10.1' under tf-nightly with CUDA 10.0: tensorflow/tensorflow#34282).
# TensorRT's libnvinfer is not one of them: TensorFlow tries it at start-up and goes on without it ("TF-TRT Warning:
# Cannot dlopen some TensorRT libraries. If you would like to use Nvidia GPU with TensorRT ..."; "it's just a
# tensorflow msg, ignore it": TheLastBen/fast-stable-diffusion#1580), so its lines are passed over, not read as the
# failure: the error below them is.
# TensorFlow 1.x said it as "Couldn't open CUDA library libcudnn.dylib. LD_LIBRARY_PATH: ..." (tensorflow/tensorflow
# #2920: macOS with only libcudnn.5.dylib, fixed by linking libcudnn.dylib to it).
# TensorFlow 1.x on Windows checked the DLLs itself before loading (tensorflow/python/platform/self_check.py): "Could
# not find 'cudnn64_7.dll'. TensorFlow requires that this DLL be installed in a directory that is named in your %PATH%"
# (tensorflow/tensorflow#17138: TensorFlow 1.6 built for cuDNN 7 where cuDNN 6 was installed). The self-check script its
# maintainers gave Windows users in the CUDA 8 days (TensorFlow 1.3 and 1.4) says "Could not load 'cudart64_80.dll'. The
# GPU version of TensorFlow requires that this DLL be installed" (tensorflow/tensorflow#13970: CUDA 9 installed, CUDA 8
# needed, "it works now" with it) and, for cuDNN, "Could not find cuDNN 6." (tensorflow/tensorflow#13837).
_TF_DSO_LOADER = re.compile(
    r"Could not load dynamic library '([^'\n]{1,120})'|Couldn't open CUDA library ([\w.+-]{1,120}?)\.?(?=\s|$)"
    r"|Could not find '([^'\n]{1,120})'\. TensorFlow requires that this DLL be installed"
    r"|Could not load '([^'\n]{1,120})'\. The GPU version of TensorFlow\s{1,4}requires that this DLL be installed"
)
_CUDA_LIBRARY_NAME = re.compile(
    r"^(?:lib)?(?:cudart|cudnn|cublas|cufft|curand|cusparse|cusolver|nvrtc|nvjitlink|cupti|nccl)\w{0,30}"
    r"(?:\.so(?:\.\d{1,4}){0,3}|\.dll|(?:\.\d{1,4}){0,3}\.dylib)$",
    re.I,
)


# ONNX Runtime's Python layer finding its compiled module without its names: onnxruntime_pybind11_state did not load,
# and for onnxruntime-gpu that is the CUDA and cuDNN DLLs of the release it was built for not found
# (microsoft/onnxruntime#6591: onnxruntime-gpu 1.6.0, fixed by installing CUDA 10.2 with cuDNN 8 and pointing CUDA_PATH
# there). The CPU package's own DLLs are the VC++ runtime's, which its own words name.
_ONNXRUNTIME_CORE_UNLOADED = re.compile(r"cannot import name 'get_all_providers' from 'onnxruntime\.capi\._pybind_state'")


@extractor
def onnxruntime_gpu_core_unloaded(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_ONNXRUNTIME_CORE_UNLOADED)
    if match and (err.package("onnxruntime-gpu") or "onnxruntime-gpu" in err.lower or "onnxruntime_gpu" in err.lower):
        said = "onnxruntime-gpu's compiled module did not load: the CUDA and cuDNN libraries its build needs were not found"
        detail = {"library": "the CUDA and cuDNN libraries", "loader": "onnxruntime"}
        yield signal("missing_cuda_runtime_lib", 0.6, [err.evidence(match), said], **detail)


def _named(loader_line: re.Match[str]) -> str:
    """The library a TensorFlow loader line names, in whichever of its wordings."""
    return next(name for name in loader_line.groups() if name)


@extractor
def cudnn_dll_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CUDNN_LOCATE)
    if match:
        yield signal("missing_cuda_runtime_lib", 0.85, [err.evidence(match)], library=match.group(1), loader="torch")
        return
    # CTranslate2's own loader (faster-whisper) lists the names it tried: "Unable to load any of {libcudnn_cnn.so.9.1.0,
    # libcudnn_cnn.so.9.1, libcudnn_cnn.so.9, libcudnn_cnn.so}" (OpenNMT/CTranslate2#1826: pip's cuDNN 9 not on the
    # loader's path).
    listed = err.search(_UNABLE_TO_LOAD_ANY) or err.search(_CT2_LIBRARY)
    if listed:
        yield signal("missing_cuda_runtime_lib", 0.8, [err.evidence(listed)], library=listed.group(1), loader="ctranslate2")
        return
    named, unopened = err.search(_PADDLE_DYNLOAD), err.search(_PADDLE_NULL_HANDLE)
    paddle = named or unopened
    if paddle:
        library = named.group(1) if named else f"the {paddle.group(1) or paddle.group(2)} library"
        said = f"PaddlePaddle loads {library} itself and could not: it is missing, of another version, or not on the path"
        yield signal("missing_cuda_runtime_lib", 0.8, [err.evidence(paddle), said], library=library, loader="paddle")
        return
    plain = err.search(_DLL_NOT_FOUND)
    if plain and _CUDA_LIBRARY_NAME.match(plain.group(1)):
        said = f"{plain.group(1)} is a CUDA library; the program's loader found no copy of it"
        yield signal("missing_cuda_runtime_lib", 0.7, [err.evidence(plain), said], library=plain.group(1))
        return
    jax = err.search(_JAX_CUDNN)
    if jax:
        said = "jaxlib loads cuDNN itself and could not: it is missing, or not the release jaxlib was built against"
        yield signal("missing_cuda_runtime_lib", 0.75, [err.evidence(jax), said], library="the cuDNN library", loader="jax")
        return
    old_tf = err.search(_OLD_TF_CUDNN)
    if old_tf:
        said = "TensorFlow loads cuDNN itself and could not: it is missing, of another version, or not on the path"
        yield signal("missing_cuda_runtime_lib", 0.75, [err.evidence(old_tf), said], library="the cuDNN library", loader="tensorflow")
        return
    first = err.search(_TF_DSO_LOADER)  # through the prefilter: most texts have no loader line to walk
    loaded = _TF_DSO_LOADER.finditer(err.text, first.start()) if first else iter(())
    tensorflow = next((m for m in loaded if _CUDA_LIBRARY_NAME.match(_named(m))), None)
    if tensorflow:
        library = _named(tensorflow)
        said = f"TensorFlow loads {library} itself and could not: it is missing, of another version, or not on the path"
        yield signal("missing_cuda_runtime_lib", 0.8, [err.evidence(tensorflow), said], library=library, loader="tensorflow")
