"""The Windows seam and its rules, fed with DLL listings and versions recorded on real machines."""

from __future__ import annotations

import sys
import time

import pytest

from tests.recorded.facts import context, load, windows_facts
from torchenv_magic.probes import windows
from torchenv_magic.rules.windows import missing_vc_redist, wheel_platform_mismatch, windows_dll_dependency


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
    data = load("windows_two_libiomp5md.json")
    (finding,) = windows_dll_dependency(context(data))
    assert finding.cause == "windows_dll_dependency"
    assert finding.evidence[0] == "C:\\Users\\user\\miniconda3\\Library\\bin: libiomp5md.dll"
    assert finding.confidence >= 0.8  # the error names that DLL
    assert finding.fix.kind == "python" and "Library\\\\bin" in finding.fix.code
    assert list(missing_vc_redist(context(data))) == []


def test_torch_lib_itself_is_not_a_conflict() -> None:
    data = load("windows_two_libiomp5md.json")
    data["windows"]["PATH"] = "C:\\Users\\user\\miniconda3\\Lib\\site-packages\\torch\\lib;C:\\Windows\\System32"
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
