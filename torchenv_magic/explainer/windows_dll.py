"""Windows DLL load failures: WinError 126/127/182/193/1455, localised, and what they mean.

``import torch`` on Windows preloads every DLL in ``torch\\lib`` and reports the first
failure as ``OSError: [WinError N] <message> Error loading "<dll>" or one of its
dependencies`` (torch/__init__.py, ``_load_dll_libraries``). The message is the system
message in the user's language, so the code is recovered from the localised text when
the number is missing (older Pythons print only ``DLL load failed: <message>``).
The message strings are those of the Windows system error codes
(https://learn.microsoft.com/windows/win32/debug/system-error-codes--0-499- and
--1300-1699-) as they appear in the corpus's public issues and in localised Windows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..fixes import paging_file_fix, portable_install_fix, vc_redist_fix
from ..model import Finding, Fix
from .fixgen import torch_reinstall_fix
from .registry import finding, text_rule
from .text import ErrorText

_WINERROR = re.compile(r"WinError (\d{1,5})\b")
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
            r"|Не найдена указанная процедура",
            re.I,
        ),
    ),
    (
        193,
        re.compile(
            r"is not a valid Win32 application|不是有效的 ?Win32 ?应用程序|ist keine zulässige Win32-Anwendung"
            r"|n.est pas une application Win32 valide|не является приложением Win32|は有効な Win32 アプリケーションではありません",
            re.I,
        ),
    ),
    (
        182,
        re.compile(
            r"operating system cannot run %1|操作系统无法运行 ?%1|Операционная система не может запустить %1"
            r"|Betriebssystem kann %1 nicht ausführen",
            re.I,
        ),
    ),
)
_DLL_NAME = re.compile(r"""(?:Error loading|Could not find module|Erro loading)\s{0,4}["“'\\]{0,2}([^"”'\n]{1,400}?\.dll)""", re.I)
_DLL_LOAD_FAILED = re.compile(r"DLL load failed(?: while importing [\w.]{1,80})?", re.I)
_VC_RUNTIME_DLL = re.compile(r"\b(vcruntime140(?:_1)?|msvcp140(?:_\d)?|vcomp140|concrt140|libomp140\.x86_64)\.dll\b", re.I)
_VC_WARNING = re.compile(r"Microsoft Visual C\+\+ Redistributable is not installed")
_OMP15 = re.compile(r"OMP: Error #15: Initializing (\S{1,80}), but found (\S{1,80}) already initialized")
_CUDA_DLL = re.compile(
    r"^(cudnn|cublas|cufft|curand|cusparse|cusolver|cudart|nvrtc|nvjitlink|nvtoolsext|torch_cuda|c10_cuda|caffe2_nvrtc|zlibwapi)", re.I
)
_PER_USER_SITE = re.compile(r"AppData\\Roaming\\Python\\Python\d{2,3}\\site-packages|LocalCache\\local-packages", re.I)
_CUDNN_LOCATE = re.compile(r"Could not (?:locate|load library) (cudnn\w{0,40}\.dll|zlibwapi\.dll|cublas\w{0,40}\.dll)", re.I)

# DLLs of torch\lib that fail with 126 when the VC++ runtime (or its OpenMP runtime) is
# missing: c10.dll - discuss.pytorch.org "FileNotFoundError: Could not find module c10.dll"
# (cited by drowe67/freedv-gui#771, fixed by installing the redistributable); fbgemm.dll needs
# libomp140.x86_64.dll in torch 2.4.0 - pytorch/pytorch#131662 (fixed in 2.4.1 by #130697).
_TORCH_CORE_DLL = re.compile(r"^(c10|torch_cpu|torch_python|torch|shm|torch_global_deps|asmjit|uv|libiomp5md|caffe2\w{0,40})\.dll$", re.I)


def _code(err: ErrorText) -> tuple[int | None, str]:
    """The Windows error code and the line it was read from ('' when none)."""
    match = err.search(_WINERROR)
    if match:
        return int(match.group(1)), err.evidence(match)
    for code, pattern in _LOCALISED:
        hit = err.search(pattern)
        if hit:
            return code, err.evidence(hit)
    failed = err.search(_DLL_LOAD_FAILED) or err.search(_DLL_NAME)
    return None, err.evidence(failed) if failed else ""


def _dll(err: ErrorText) -> str | None:
    match = err.search(_DLL_NAME)
    if not match:
        return None
    return re.split(r"[\\/]", match.group(1))[-1].strip()


@text_rule
def windows_dll_load_failed(err: ErrorText) -> Iterator[Finding]:
    code, line = _code(err)
    if not line:
        return
    dll = _dll(err)
    evidence = [line] + ([f"DLL: {dll}"] if dll else [])
    if code == 1455:
        yield _paging(evidence)
    elif code in (127, 182, 193):
        yield from _conflict(err, code, dll, evidence)
    else:
        yield from _not_found(err, dll, evidence)


def _paging(evidence: list[str]) -> Finding:
    return finding(
        "windows_paging_file",
        "Windows ran out of virtual memory while loading torch's DLLs (WinError 1455)",
        "Windows must reserve ('commit') memory for every DLL it maps, and the CUDA DLLs in torch\\lib "
        "need several GB. With a small or fixed paging file that reservation fails. It often happens in "
        "DataLoader worker processes, which each load torch again.",
        evidence,
        paging_file_fix("Or lower num_workers in your DataLoader: each worker process maps torch's DLLs again."),
        0.95,
    )


def _conflict(err: ErrorText, code: int, dll: str | None, evidence: list[str]) -> Iterator[Finding]:
    meaning = {
        127: "a DLL was found but lacks a function torch needs: another version of it was loaded first",
        182: "Windows found a DLL it cannot run: usually another version of it earlier on the DLL search path",
        193: "a DLL is not a 64-bit Windows library (wrong architecture, or a damaged file)",
    }[code]
    yield finding(
        "windows_dll_dependency",
        f"Windows loaded a conflicting DLL{f' for {dll}' if dll else ''} (WinError {code})",
        f"WinError {code}: {meaning}. Folders on PATH (an old CUDA toolkit's bin, Anaconda's Library\\bin, "
        "Intel oneAPI, another torch\\lib) can hold DLLs with the same names as torch's.",
        evidence,
        _dll_conflict_fix(dll),
        0.8 if code == 127 else 0.75,
    )
    if code == 193:
        yield finding(
            "corrupted_install",
            "A torch DLL may be damaged",
            "A truncated or mixed download also gives WinError 193.",
            evidence,
            torch_reinstall_fix(err),
            0.35,
        )


def _dll_conflict_fix(dll: str | None) -> Fix:
    name = dll or "<the DLL named in the error>"
    return Fix(
        kind="manual",
        code=f"where {name}\n:: remove the folders this lists outside torch\\lib from PATH (or uninstall what put them there),\n"
        ":: then restart the kernel; check that Python is 64-bit: python -c \"import struct; print(struct.calcsize('P')*8)\"",
        note="Since Python 3.8 PATH is no longer searched for an extension's DLLs, but DLLs already loaded by another package still win.",
        restart_kernel=True,
    )


def _not_found(err: ErrorText, dll: str | None, evidence: list[str]) -> Iterator[Finding]:
    """WinError 126 (or an unnumbered 'DLL load failed'): the DLL or one of its dependencies is missing."""
    name = (dll or "").lower()
    if name == "fbgemm.dll":
        yield _fbgemm(err, evidence)
    elif _VC_RUNTIME_DLL.search(name):
        yield _vc_runtime(f"{dll} is part of the Visual C++ runtime.", evidence, 0.9)
    elif _CUDA_DLL.match(name):
        yield from _cuda_dll(err, dll or "", evidence)
    elif name == "shm.dll" and _per_user_2_3(err):
        yield from _user_install(err, evidence)
    else:
        core = bool(_TORCH_CORE_DLL.match(name))
        yield _vc_runtime(
            f"{dll or 'A torch DLL'} exists in torch\\lib, but Windows could not load one of the libraries it "
            "depends on; the usual missing one is the Microsoft Visual C++ runtime (vcruntime140.dll, "
            "vcruntime140_1.dll, msvcp140.dll).",
            evidence,
            0.7 if core else 0.55,
        )
        yield finding(
            "windows_dll_dependency",
            "A dependency of a torch DLL is missing or shadowed",
            "If the Visual C++ runtime is installed, another copy of a dependency found first on the DLL "
            "search path (or a per-user install path Windows does not search) is the next suspect.",
            evidence,
            _dll_conflict_fix(dll),
            0.45,
        )


def _per_user_2_3(err: ErrorText) -> bool:
    """torch 2.3.0, or torch installed outside the interpreter's own site-packages."""
    return (err.package("torch") or "").startswith("2.3.0") or bool(err.search(_PER_USER_SITE))


def _user_install(err: ErrorText, evidence: list[str]) -> Iterator[Finding]:
    """pytorch/pytorch#125109: torch 2.3.0's shm.dll needs MKL DLLs that Windows does not find
    when torch lives in a per-user or custom target directory; fixed in 2.3.1."""
    yield finding(
        "windows_dll_dependency",
        "shm.dll's dependencies are not on the DLL search path (per-user or custom install)",
        "torch 2.3.0 added an MKL dependency to shm.dll that Windows only finds next to the interpreter's own "
        "site-packages; a per-user (AppData\\Roaming\\Python, Microsoft Store Python) or --target install misses it.",
        evidence,
        portable_install_fix(
            ["torch>=2.3.1"], note="Or install torch into the environment's own site-packages (a venv) instead of --user."
        ),
        0.8,
    )
    yield _vc_runtime("If torch is not 2.3.0, the Visual C++ runtime is the next suspect.", evidence, 0.5)


def _fbgemm(err: ErrorText, evidence: list[str]) -> Finding:
    note = (
        "torch 2.4.0's fbgemm.dll needs libomp140.x86_64.dll, which the VC++ redistributable does not always "
        'provide; torch 2.4.1 fixed it (pytorch/pytorch#131662, #130697): pip install --upgrade "torch>=2.4.1".'
    )
    return finding(
        "missing_vc_redist",
        "fbgemm.dll cannot load its runtime (libomp140.x86_64.dll / Visual C++ runtime)",
        "fbgemm.dll is present but a DLL it depends on is not: the LLVM OpenMP runtime libomp140.x86_64.dll "
        "(torch 2.4.0) or the Visual C++ runtime itself.",
        evidence,
        vc_redist_fix(note),
        0.85,
    )


def _vc_runtime(explanation: str, evidence: list[str], confidence: float) -> Finding:
    return finding(
        "missing_vc_redist",
        "The Microsoft Visual C++ runtime is missing or too old",
        explanation,
        evidence,
        vc_redist_fix(),
        confidence,
    )


def _cuda_dll(err: ErrorText, dll: str, evidence: list[str]) -> Iterator[Finding]:
    yield finding(
        "missing_cuda_runtime_lib",
        f"A CUDA library ({dll}) or one of its dependencies cannot be loaded",
        "torch's CUDA DLLs are in torch\\lib, but one of them, or a DLL it needs (the NVIDIA driver's "
        "nvcuda.dll, zlibwapi.dll for some cuDNN 8 builds), is missing or incomplete.",
        evidence,
        torch_reinstall_fix(err, note="Also update the NVIDIA driver."),
        0.55,
    )
    yield _vc_runtime("CUDA DLLs also need the Visual C++ runtime.", evidence, 0.4)


@text_rule
def vc_redist_warning(err: ErrorText) -> Iterator[Finding]:
    """torch/__init__.py prints this when vcruntime140.dll cannot be found (Windows)."""
    match = err.search(_VC_WARNING)
    if match:
        yield _vc_runtime("torch checked for the Visual C++ runtime (vcruntime140.dll) and did not find it.", [err.evidence(match)], 0.95)


@text_rule
def vc_runtime_dll_named(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_VC_RUNTIME_DLL)
    if match and ("not found" in err.line_at(match.start()).lower() or "could not" in err.line_at(match.start()).lower()):
        yield _vc_runtime(f"{match.group(0)} belongs to the Visual C++ runtime.", [err.evidence(match)], 0.85)


@text_rule
def duplicate_openmp(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_OMP15)
    if not match:
        return
    windows = match.group(1).lower().endswith(".dll") or err.platform == "windows"
    yield finding(
        "windows_dll_dependency" if windows else "lib_version_conflict",
        "Two OpenMP runtimes were loaded into one process (OMP: Error #15)",
        f"{match.group(1)} started while {match.group(2)} was already running. torch ships its own OpenMP "
        "runtime, and conda's MKL/numpy (Library\\bin) or another package brings a second copy.",
        [err.evidence(match)],
        Fix(
            kind="conda",
            code="conda install nomkl  # or remove the duplicate libiomp5md.dll outside torch\\lib",
            note="KMP_DUPLICATE_LIB_OK=TRUE only hides the error and can give wrong results.",
            restart_kernel=True,
        ),
        0.9,
    )


@text_rule
def cudnn_dll_missing(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_CUDNN_LOCATE)
    if match:
        yield finding(
            "missing_cuda_runtime_lib",
            f"{match.group(1)} cannot be found",
            "cuDNN (or a DLL it needs, such as zlibwapi.dll) is not on the DLL search path.",
            [err.evidence(match)],
            torch_reinstall_fix(err, note="torch's CUDA wheels bundle cuDNN; a separate cuDNN on PATH can shadow it."),
            0.85,
        )
