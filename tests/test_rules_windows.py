"""The Windows seam and its rules, fed with DLL listings and versions recorded on real machines."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tests.recorded.facts import context, load, windows_facts
from torchenv_magic import explain
from torchenv_magic.model import Finding, rank
from torchenv_magic.probes import windows
from torchenv_magic.rules import Context, load_all, run_rules
from torchenv_magic.rules.wheels import wheel_platform_mismatch
from torchenv_magic.rules.windows import missing_vc_redist, windows_dll_dependency


def test_probe_is_not_applicable_off_windows() -> None:
    if sys.platform == "win32":
        pytest.skip("runs on Windows")
    t0 = time.perf_counter()
    assert windows.probe() == {"applicable": False}
    assert time.perf_counter() - t0 < 0.005


def test_old_msvcp140_under_torch_2_9() -> None:
    data = load("windows_vcredist_14.36_torch2.9.json")
    (finding,) = missing_vc_redist(context(data))
    assert finding.cause == "missing_vc_redist" and finding.severity == "error"
    assert "14.36" in finding.title and "14.40" in finding.title
    assert "https://aka.ms/vs/17/release/vc_redist.x64.exe" in finding.fix.code
    assert list(windows_dll_dependency(context(data))) == []


def test_same_runtime_is_fine_before_torch_2_9() -> None:
    data = load("windows_vcredist_14.36_torch2.9.json")
    data["torch"] = {"__version__": "2.8.0+cpu", "cuda": None}
    assert list(missing_vc_redist(context(data))) == []


def test_missing_msvcp140() -> None:
    data = load("windows_vcredist_14.36_torch2.9.json")
    data["windows"]["listings"]["C:\\Windows\\System32"] = ["vcruntime140.dll", "vcruntime140_1.dll"]  # redist not installed
    (finding,) = missing_vc_redist(context(data))
    assert finding.title.endswith("msvcp140.dll")
    assert any("vcruntime140.dll: " in line and "Python311" in line for line in finding.evidence)


def test_conda_env_copy_loads_before_system32() -> None:
    data = load("windows_conda_where_msvcp140.json")
    facts = windows_facts(data["windows"], bits=64)
    msvcp = facts["vc_runtime"]["msvcp140.dll"]
    assert msvcp["where"] == "python folder" and msvcp["path"].startswith("D:\\ProgramData\\Anaconda3\\envs\\yolov-8")
    assert facts["vc_runtime"]["vcruntime140.dll"] == {"present": False}  # not in the posted listing
    assert list(missing_vc_redist(context(data))) != []  # ... which torch's own check reports


def test_two_libiomp5md_on_path() -> None:
    data = load("windows_two_libiomp5md.json")  # the error is OMP: Error #15; the probe finds the second copy
    (finding,) = windows_dll_dependency(context(data))
    assert finding.cause == "windows_dll_dependency"
    assert finding.evidence[0] == "windows probe: PATH folder C:\\Users\\user\\miniconda3\\Library\\bin holds libiomp5md.dll"
    assert finding.evidence[1].startswith("OMP: Error #15")  # the error's own line, as is
    assert finding.confidence >= 0.8  # the error names that DLL
    assert finding.fix.kind == "conda" and "Library\\bin" in finding.fix.note  # the same fix as the text alone, with the folder
    assert finding.fix.code == explain(data["error_text"], platform="windows")[0].fix.code
    assert list(missing_vc_redist(context(data))) == []


def test_path_conflicts_without_an_error_are_a_warning_with_a_path_fix() -> None:
    data = load("windows_two_libiomp5md.json")
    del data["error_text"]
    (finding,) = windows_dll_dependency(context(data))
    assert finding.severity == "warning" and finding.fix.kind == "python"
    assert "Library\\bin" in finding.fix.note and 'os.environ["PATH"]' in finding.fix.code


def test_torch_lib_itself_is_not_a_conflict() -> None:
    data = load("windows_two_libiomp5md.json")
    data["windows"]["PATH"] = "C:\\Users\\user\\miniconda3\\Lib\\site-packages\\torch\\lib;C:\\Windows\\System32"
    assert not any("PATH folder" in line for f in windows_dll_dependency(context(data)) for line in f.evidence)
    del data["error_text"]
    assert list(windows_dll_dependency(context(data))) == []


def test_32bit_python() -> None:
    data = load("python_32bit_windows.json")
    (finding,) = wheel_platform_mismatch(context(data))
    assert finding.cause == "wheel_platform_mismatch" and "32-bit" in finding.title
    data["python"].update(bits=64, version="3.12")
    assert list(wheel_platform_mismatch(context(data))) == []


def test_python_outside_the_newest_torch_range() -> None:
    data = load("python_32bit_windows.json")
    data["python"]["bits"] = 64  # Python 3.7, torch not installed: 1.13.1 is the newest built for it
    (finding,) = wheel_platform_mismatch(context(data))
    assert finding.severity == "warning" and "torch==1.13.1" in finding.fix.code


def test_installed_torch_in_range() -> None:
    data = load("windows_vcredist_14.36_torch2.9.json")  # Python 3.11.5, torch 2.9
    assert list(wheel_platform_mismatch(context(data))) == []


def test_rules_quiet_off_windows() -> None:
    data = load("nvml_v100_driver418_torch1.6.json")
    ctx = context(data, windows={"applicable": False})
    assert list(missing_vc_redist(ctx)) == [] and list(windows_dll_dependency(ctx)) == []


# --- The error text and the Windows probe together (one rule set for both ways in) ---------

C10_126 = 'OSError: [WinError 126] The specified module could not be found. Error loading "C:\\env\\Lib\\site-packages\\torch\\lib\\c10.dll" or one of its dependencies.'  # noqa: E501 - a real message shape, kept whole
FBGEMM = C10_126.replace("c10.dll", "fbgemm.dll")


def ranked(ctx: Context) -> list[Finding]:
    findings, _notes = run_rules(ctx, load_all())
    return rank(findings)


def live(data: dict, text: str) -> Context:
    data = {**data, "error_text": text}
    return context(data)


def runtime_ok() -> dict:
    """A Windows machine whose VC++ runtime is complete and new enough for torch 2.8."""
    data = load("windows_vcredist_14.36_torch2.9.json")
    data["torch"] = {"__version__": "2.8.0+cpu", "cuda": None}
    return data


def test_126_with_a_complete_runtime_points_to_another_dll_copy() -> None:
    # The text alone says "VC++ runtime" first; the probe found every runtime DLL: that goes down.
    assert [f.cause for f in explain(C10_126)][:2] == ["missing_vc_redist", "windows_dll_dependency"]
    found = ranked(live(runtime_ok(), C10_126))
    causes = [f.cause for f in found]
    assert causes.index("windows_dll_dependency") < causes.index("missing_vc_redist")
    top = found[0]
    assert top.cause == "windows_dll_dependency" and top.evidence[0].startswith("OSError: [WinError 126]")
    assert any(line.startswith("windows probe: msvcp140.dll: 14.36") for line in top.evidence)


def test_126_with_msvcp140_missing_is_the_runtime_with_text_and_probe_evidence() -> None:
    data = runtime_ok()
    data["windows"]["listings"]["C:\\Windows\\System32"] = ["vcruntime140.dll", "vcruntime140_1.dll"]
    top = ranked(live(data, C10_126))[0]
    assert top.cause == "missing_vc_redist" and top.title.endswith("msvcp140.dll")
    assert top.evidence[0].startswith("OSError: [WinError 126]")
    assert "windows probe: msvcp140.dll: not found next to python.exe or in System32" in top.evidence
    assert top.fix is not None and top.fix.code == explain(C10_126)[0].fix.code  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        FBGEMM,  # the probe does not read libomp140.x86_64.dll: it cannot overrule this one
        "OSError: [WinError 1455] The paging file is too small for this operation to complete.",
        'OSError: [WinError 127] The specified procedure could not be found. Error loading "x\\torch\\lib\\caffe2.dll"',
        # OMP: Error #15 is left out: its fix is conda's nomkl only where the env is conda, which the live
        # facts (a venv here) deny and a pasted text cannot tell (tests/test_fix_cells.py checks both).
    ],
)
def test_same_text_same_answer_pasted_or_live(text: str) -> None:
    pasted = explain(text, platform="windows", packages={"torch": "2.8.0+cpu"})[0]
    captured = ranked(live(runtime_ok(), text))[0]
    assert captured.cause == pasted.cause
    assert captured.fix is not None and pasted.fix is not None
    assert (captured.fix.kind, captured.fix.code) == (pasted.fix.kind, pasted.fix.code)


def test_32bit_python_confirms_a_no_matching_distribution_text() -> None:
    data = load("python_32bit_windows.json")
    text = "ERROR: Could not find a version that satisfies the requirement torch (from versions: none)"
    (finding,) = wheel_platform_mismatch(live(data, text))
    assert "32-bit" in finding.title and finding.evidence[0] == text and finding.evidence[1].startswith("python probe:")
    assert finding.confidence >= 0.95


# --- the loader's real search (probes/windows.py torch_loader, path_conflicts' loaded_here) ---------
# torch/__init__.py of torch 2.5.1 .. 2.13 (_load_dll_libraries), as shipped in every wheel:
TORCH_INIT_LOADER = """
        for dll_path in dll_paths:
            os.add_dll_directory(dll_path)
        ...
            if with_load_library_flags:
                res = kernel32.LoadLibraryExW(dll, None, 0x00001100)
"""
CONDA_BIN = "C:\\Users\\user\\miniconda3\\Library\\bin"


def test_torch_loader_is_read_from_torch_init(tmp_path: Path) -> None:
    from torchenv_magic.probes.windows import torch_loader

    lib = tmp_path / "torch" / "lib"
    lib.mkdir(parents=True)
    assert torch_loader(str(lib)) == "unknown"  # no __init__.py to read
    (lib.parent / "__init__.py").write_text(TORCH_INIT_LOADER)
    assert torch_loader(str(lib)) == "search_flags"
    (lib.parent / "__init__.py").write_text("import ctypes\nctypes.CDLL('c10.dll')\n")  # torch < 1.8 relied on PATH
    assert torch_loader(str(lib)) == "path"


def test_loaded_here_marks_the_copy_this_process_uses() -> None:
    from torchenv_magic.probes.windows import path_conflicts

    listing = {CONDA_BIN: ["libiomp5md.dll", "mkl_core.2.dll"], "C:\\tools": ["uv.dll"]}
    loaded = [CONDA_BIN + "\\libiomp5md.dll", "C:\\env\\Lib\\site-packages\\torch\\lib\\uv.dll"]
    torch_lib = "C:\\env\\Lib\\site-packages\\torch\\lib"
    found = path_conflicts(f"{CONDA_BIN};C:\\tools", torch_lib, ["libiomp5md.dll", "uv.dll"], lambda f: listing.get(f, []), loaded)
    assert found == [
        {"folder": CONDA_BIN, "dlls": ["libiomp5md.dll"], "loaded_here": ["libiomp5md.dll"]},
        {"folder": "C:\\tools", "dlls": ["uv.dll"], "loaded_here": []},  # uv.dll is loaded, but torch\lib's
    ]


def _loader_context(*, loaded_here: bool) -> Context:
    data = load("windows_two_libiomp5md.json")
    del data["error_text"]
    ctx = context(data)
    ctx.facts["windows"]["torch_loader"] = "search_flags"
    for conflict in ctx.facts["windows"]["path_conflicts"]:
        conflict["loaded_here"] = list(conflict["dlls"]) if loaded_here else []
    return ctx


def test_path_copies_this_torch_does_not_search_are_a_note_only() -> None:
    (finding,) = windows_dll_dependency(_loader_context(loaded_here=False))
    assert finding.severity == "info" and finding.fix is None
    assert "this torch does not load them" in finding.title


def test_a_path_copy_already_loaded_is_what_torch_uses() -> None:
    (finding,) = windows_dll_dependency(_loader_context(loaded_here=True))
    assert finding.title == f"libiomp5md.dll is loaded in this process from {CONDA_BIN}, not from torch\\lib"
    assert finding.severity == "warning" and finding.fix is not None and finding.fix.kind == "python"
