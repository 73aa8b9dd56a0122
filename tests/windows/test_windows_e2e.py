"""torchenv_magic inside a real Windows CPython, on real failures of real win_amd64 wheels.

Per broken environment (tests/windows/cases.py) one Windows process, under Wine, runs the
failing cell in a real IPython shell with the extension loaded, then ``%torchenv --json``;
the tests read that: the live diagnosis's top cause and what it names, the hint under the
traceback, ``torchenv explain`` (this machine's CLI) on the text a user would paste, and
the fix, whose cmd.exe form is run by Wine's cmd.exe.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.windows import winenv
from tests.windows.cases import Outcome
from torchenv_magic.fixes import pip_command

Get = Callable[[str], Outcome]

# case -> (top cause of the live diagnosis, a word its title, evidence or fix must name)
LIVE = {
    "c10_deleted": ("corrupted_install", "c10.dll"),
    "torch_cpu_deleted": ("corrupted_install", "torch_cpu.dll"),
    "uv_deleted": ("corrupted_install", "uv.dll"),
    "iomp_deleted": ("corrupted_install", "libiomp5md.dll"),
    "torch_python_deleted": ("corrupted_install", "torch_python.dll"),
    "vc_runtime_missing": ("missing_vc_redist", "msvcp140.dll"),
    "init_fails": ("corrupted_install", "c10.dll"),
    "thirty_two_bit": ("corrupted_install", "x86"),
    "old torchvision": ("torchvision_torch_mismatch", "torchvision==0.20.1"),
}
# case -> the top cause of `torchenv explain` on the pasted text alone. The text cannot see
# the files: a 126 naming shm.dll reads as a dependency of shm.dll off the DLL search path (twelve
# real reports in tests/corpus, none fixed by the VC++ runtime: explainer/windows_dll.py); only the
# live diagnosis finds the deleted file.
EXPLAIN = {
    "c10_deleted": "windows_dll_dependency",
    "torch_cpu_deleted": "windows_dll_dependency",
    "uv_deleted": "windows_dll_dependency",
    "iomp_deleted": "missing_vc_redist",
    "torch_python_deleted": "missing_vc_redist",
    "vc_runtime_missing": "missing_vc_redist",
    "init_fails": "missing_vc_redist",
    "thirty_two_bit": "windows_dll_dependency",
    "old torchvision": "torchvision_torch_mismatch",
}


def top(report: dict) -> dict:
    assert report["findings"], report
    return report["findings"][0]


def said(finding: dict) -> str:
    fix = finding.get("fix") or {}
    return " ".join([finding["title"], finding["explanation"], *finding["evidence"], fix.get("code", "")])


@pytest.mark.parametrize("name", list(LIVE))
def test_live_diagnosis_names_the_cause(outcome: Get, name: str) -> None:
    result = outcome(name)
    cause, named = LIVE[name]
    assert result.failed["error"] is not None, result.failed["output"]
    finding = top(result.report)
    assert finding["cause"] == cause, [(f["cause"], f["confidence"], f["title"]) for f in result.report["findings"]]
    windows = {key: result.report["facts"]["windows"].get(key) for key in ("probe_error", "dll_dependencies")}
    assert named in said(finding), (finding["evidence"], windows)


@pytest.mark.parametrize("name", list(LIVE))
def test_hint_under_the_traceback(outcome: Get, name: str) -> None:
    failed = outcome(name).failed
    traceback, _, hint = failed["output"].partition("\ntorchenv: ")
    assert failed["error"] in traceback  # the traceback is shown, not replaced
    assert hint.startswith(top(outcome(name).report)["title"]), failed["output"][-800:]
    assert "%torchenv for the full report" in hint


@pytest.mark.parametrize("name", list(EXPLAIN))
def test_explain_on_the_pasted_text(outcome: Get, name: str) -> None:
    text = outcome(name).failed["captured"]
    assert "Traceback" in text
    report = explain_cli(text)
    assert top(report)["cause"] == EXPLAIN[name], [(f["cause"], f["confidence"]) for f in report["findings"]]


def explain_cli(text: str) -> dict:
    command = [sys.executable, "-m", "torchenv_magic", "explain", "-", "--platform", "windows", "--json"]
    result = subprocess.run(command, input=text, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def test_winerror_code_not_wine_wording(outcome: Get) -> None:
    """Wine says "DLL initialization failed."; the diagnosis keys on the code, 1114."""
    result = outcome("init_fails")
    assert result.failed["winerror"] == 1114
    assert "initialization routine" not in result.failed["captured"]  # not Windows' English wording
    evidence = said(top(result.report))
    assert "c10.dll" in evidence and "RECORD" in evidence


def test_missing_runtime_from_live_facts(outcome: Get) -> None:
    """msvcp140.dll is listed in Wine's System32 (a stub) but cannot load: the probe loads it, as torch does."""
    facts = outcome("vc_runtime_missing").report["facts"]["windows"]
    assert facts["vc_runtime"]["msvcp140.dll"] == {"present": False, "load_error": 126}
    assert facts["vc_runtime"]["vcruntime140.dll"]["version"].startswith("14.")
    missing = {item["dll"]: item["needed_by"] for item in facts["dll_dependencies"]["missing"]}
    assert "c10.dll" in missing["msvcp140.dll"]


def test_missing_dependency_found_behind_the_named_dll(outcome: Get) -> None:
    """The 126 names shm.dll; the import tables say c10.dll is what is missing."""
    result = outcome("c10_deleted")
    assert 'shm.dll" or one of its dependencies' in result.failed["captured"]
    missing = result.report["facts"]["windows"]["dll_dependencies"]["missing"]
    assert {"dll": "c10.dll", "needed_by": ["shm.dll", "torch_cpu.dll", "torch_python.dll"]} in missing


def test_loaded_modules_reader_and_reset(outcome: Get) -> None:
    """After torch._C loaded (torchvision's nms failed later), the Windows module list shows it:
    %torchenv reset refuses. After a 126 before torch._C, it clears the modules."""
    loaded = outcome("old torchvision").report["facts"]["loaded_libs"]
    assert loaded["supported"] and loaded["core_torch_loaded"]
    paths = [lib["path"] for lib in loaded["libs"]]
    assert any(path.endswith("\\torch\\lib\\c10.dll") for path in paths)
    assert any(path.endswith("\\torchvision\\_C.pyd") for path in paths)
    assert "restart" in outcome("old torchvision").cell("%torchenv reset")["output"].lower()
    assert "cleared" in outcome("c10_deleted").cell("%torchenv reset")["output"]


def test_diagnosis_after_nms_failure_survives(outcome: Get) -> None:
    """Issue 15 saw a page fault importing torchenv_magic.probes after this failure: it is Wine's
    heap (plain ``_thread.allocate_lock()`` faults the same way, docs/windows.md); with the
    extension loaded before the failure, the hint and the report complete."""
    result = outcome("old torchvision")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.failed["error"] == "NotImplementedError"


def test_second_openmp_runtime(outcome: Get) -> None:
    """OMP: Error #15 aborts the process (exit code 3): explained from its text, and by the next process."""
    result = outcome("second_openmp")
    died = result.stdout + result.stderr
    assert result.returncode == 3 and "OMP: Error #15" in died
    assert top(explain_cli(died))["cause"] == "windows_dll_dependency"
    assert result.then is not None  # the next process: %load_ext explains the death (breadcrumbs.py)
    load = result.then.cells[0]["output"]
    assert "the previous kernel died while running `import torch`" in load, load
    assert "(windows_dll_dependency" in load and "libiomp5md-4c5b6d2e.dll" in load, load


# --- the fix runs on Windows -----------------------------------------------------------


def _pip_words(code: str) -> list[str]:
    assert code.startswith("%pip install "), code
    return shlex.split(code.removeprefix("%pip install "))


@pytest.mark.parametrize(
    ("name", "expect"),
    [("c10_deleted", "No matching distribution found for torch==2.5.1+cpu"), ("old torchvision", "Would install torchvision-0.20.1")],
)
def test_fix_runs_in_cmd(outcome: Get, name: str, expect: str) -> None:
    """The terminal form of the fix (fixes.pip_command for cmd.exe, with this env's python.exe)
    run by Wine's cmd.exe, as a dry run from the wheels on disk: cmd.exe's quoting of the
    interpreter path (with a space in 'old torchvision') and pip's reading of every word."""
    result = outcome(name)
    kernel_fix = top(result.report)["fix"]
    terminal_fix = top(result.terminal)["fix"]
    python = winenv.windows_path(result.python_dir / "python.exe")
    words = _pip_words(kernel_fix["code"])
    command = pip_command("install", words, in_kernel=False, platform="windows", shell="cmd", python=python)
    assert terminal_fix["code"].split(" -m pip ")[1] == command.split(" -m pip ")[1]
    assert "For cmd.exe; in PowerShell: & " in terminal_fix["note"]
    offline = f'--dry-run --no-index --find-links "{winenv.windows_path(winenv.WHEELS)}"'
    output = run_cmd(result.python_dir, f"{command} {offline}")
    assert expect in output, output[-1500:]


def run_cmd(python_dir: Path, line: str) -> str:
    """``line`` run by Wine's cmd.exe from a batch file (as typed at a cmd.exe prompt)."""
    batch = python_dir / "fix.bat"
    batch.write_text("@echo off\r\n" + line + "\r\n", encoding="utf-8")
    result = subprocess.run(
        ["wine", "cmd", "/c", winenv.windows_path(batch)],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=240,
        env=winenv.wine_env(),
    )
    return result.stdout + result.stderr
