"""The Windows rules on facts recorded from the Wine runs of tests/windows (no Wine process):
what the live readers add when the failure is not one the suite can make for real."""

from __future__ import annotations

from typing import Any

from torchenv_magic.diagnosis import diagnose_facts

LIB = r"Z:\work\main\.cache\envs\variants\win-thirty_two_bit\Lib\site-packages\torch\lib"
RUNTIME = {  # as the live probe read it in every case but vc_runtime_missing
    dll: {"present": True, "path": rf"Z:\env\{dll}", "where": "python folder", "version": version, "loaded": True}
    for dll, version in (("vcruntime140.dll", "14.38.33126.1"), ("msvcp140.dll", "14.40.33810.0"), ("vcruntime140_1.dll", "14.38.33126.1"))
}


def _facts(dependencies: dict[str, Any]) -> dict[str, Any]:
    windows = {"applicable": True, "python_bits": 64, "vc_runtime": RUNTIME, "torch_lib": LIB, "path_conflicts": []}
    return {"python": {"os": "Windows"}, "windows": {**windows, "dll_dependencies": dependencies}}


def _capture(code: int, dll: str, **extra: Any) -> dict[str, Any]:
    wording = {126: "Module not found.", 193: "Bad EXE format for %1."}[code]  # Wine's wording of these codes
    message = f'[WinError {code}] {wording} Error loading "{LIB}\\{dll}" or one of its dependencies.'
    return {"type": "OSError", "message": message, "text": f"OSError: {message}", "winerror": code, "chain": [], **extra}


def test_foreign_dll_copied_into_torch_lib() -> None:
    """A 32-bit DLL in torch\\lib that no RECORD lists (a hand-copied cuDNN, say): a foreign DLL, not a damaged torch."""
    check = {
        "winerror": 193,
        "dll": "cudnn64_9.dll",
        "files": [{"path": rf"{LIB}\cudnn64_9.dll", "status": "not_recorded", "machine": "x86", "bits": 32, "machine_here": "x64"}],
    }
    report = diagnose_facts(_facts({"checked": 12, "missing": [], "foreign": []}), _capture(193, "cudnn64_9.dll", windows_dll=check))
    top = report.findings[0]
    assert top.cause == "windows_dll_dependency", [(f.cause, f.confidence) for f in report.findings]
    assert any("in no torch-family RECORD; a x86 image, this process is x64" in line for line in top.evidence)


def test_missing_system_dll_behind_the_named_one() -> None:
    """The import tables name a DLL found nowhere that is neither torch's nor the VC++ runtime."""
    missing = [{"dll": "dbghelp.dll", "needed_by": ["c10.dll"]}]
    report = diagnose_facts(_facts({"checked": 11, "missing": missing, "foreign": []}), _capture(126, "c10.dll"))
    top = report.findings[0]
    assert (top.cause, top.title) == ("windows_dll_dependency", "torch's DLLs import dbghelp.dll, which this system does not provide")
    assert "PE import tables: c10.dll import dbghelp.dll, found nowhere" in top.evidence
