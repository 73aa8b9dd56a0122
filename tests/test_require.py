"""Workshop preflight: requirement files, the checks, the magic and the CLI, on this machine.

The test venv has no torch and this machine has no NVIDIA driver (design.md section 6), so
the live checks here are real failures. The GPU-present path uses an NVML reading recorded
from a real system (named beside it); everything else is this interpreter's own facts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from packaging.specifiers import SpecifierSet

from torchenv_magic.diagnosis import diagnose
from torchenv_magic.fixes import CPU_INDEX
from torchenv_magic.model import Report
from torchenv_magic.require import RequireError, Requirements, load_file, preflight, requirements_txt_lines
from torchenv_magic.require.checks import evaluate, installed_versions, matches
from torchenv_magic.rules import Context
from torchenv_magic.rules.gpu import cpu_only_fix

ROOT = Path(__file__).resolve().parents[1]

# pytorch/pytorch#160804 (2025-08-16): "NVIDIA GeForce RTX 5090 (32GB GDDR7)", "CUDA Version:
# 12.8 (Driver 570.181)", Ubuntu. Compute capability 12.0 is what NVML reports for that GPU
# (torchenv_magic/data's GPU table, NVIDIA's CUDA GPUs page).
RTX_5090_NVML: dict[str, Any] = {
    "available": True,
    "driver_version": "570.181",
    "cuda_driver_version": "12.8",
    "gpus": [{"index": 0, "name": "NVIDIA GeForce RTX 5090", "compute_capability": "12.0", "memory_total_mib": 32768}],
}
# torch/version.py of the real CUDA build in tests/envs.py's "cuda" base (torch 2.14.1, CUDA 13).
CUDA_BUILD = {"found": True, "version_file": {"__version__": "2.14.1+cu130", "cuda": "13.0", "hip": None}}
CPU_BUILD = {"found": True, "version_file": {"__version__": "2.13.0+cpu", "cuda": None, "hip": None}}


def this_report(**facts: Any) -> Report:
    """This interpreter's real diagnosis, with some probe facts swapped for recorded ones."""
    report = diagnose(in_kernel=False)
    return Report(findings=report.findings, facts={**report.facts, **facts})


# The diagnosis adds this check wherever the interpreter itself is outside torch's wheel
# range (Python 3.9: no torch after 2.8 has wheels for it), a correct note these tests,
# which are about the listed requirements, leave aside.
INTERPRETER_CHECK = "diagnosis: wheel_platform_mismatch"


def statuses(result: Any) -> dict[str, str]:
    return {check.name: check.status for check in result.checks if check.name != INTERPRETER_CHECK}


def listed(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [check for check in checks if check["name"] != INTERPRETER_CHECK]


# Requirement files.


def test_requirements_txt_skips_comments_and_pip_options(tmp_path: Path) -> None:
    path = tmp_path / "requirements.txt"
    path.write_text("# workshop\n--index-url https://download.pytorch.org/whl/cpu\ntorch>=2.2  # the core\n\ntorchvision\n-r more.txt\n")
    assert load_file(path).packages == ["torch>=2.2", "torchvision"]
    assert requirements_txt_lines("numpy<3 ; python_version >= '3.9'\n") == ["numpy<3 ; python_version >= '3.9'"]


def test_workshop_toml(tmp_path: Path) -> None:
    path = tmp_path / "workshop.toml"
    path.write_text('[requires]\npackages = ["torch>=2.2", "torchvision"]\ngpu = true\npython = ">=3.10"\n')
    assert load_file(path) == Requirements(packages=["torch>=2.2", "torchvision"], gpu=True, python=">=3.10")


def test_shipped_example_files_load() -> None:
    toml = load_file(ROOT / "examples" / "workshop.toml")
    assert "torch>=2.2" in toml.packages and toml.python
    assert load_file(ROOT / "examples" / "requirements-workshop.txt").packages


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool]\nx = 1\n", "no [requires] table"),
        ('[requires]\npackages = ["torch"]\ncuda = true\n', "unknown key(s) in [requires]: cuda"),
        ('[requires]\npackages = "torch"\n', "must be a list of strings"),
        ('[requires]\ngpu = "yes"\n', "true or false"),
        ("[requires]\npython = 3.10\n", "must be a string"),
        ('[requires]\npackages = ["torch>>2"]\n', "not a valid requirement"),
        ('[requires]\npython = "three"\n', "not a valid version range"),
        ("[requires\n", "not valid TOML"),
    ],
)
def test_bad_toml_is_a_usage_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "workshop.toml"
    path.write_text(text)
    with pytest.raises(RequireError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        load_file(path)


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(RequireError, match="cannot read"):
        load_file(tmp_path / "nope.toml")


def test_merge_keeps_order_and_command_line_python_wins() -> None:
    merged = Requirements(packages=["torch"], python=">=3.9").merged(Requirements(packages=["torch", "numpy"], gpu=True, python=">=3.10"))
    assert merged == Requirements(packages=["torch", "numpy"], gpu=True, python=">=3.10")


# Version comparison.


@pytest.mark.parametrize(
    ("version", "spec", "expected"),
    [
        ("2.14.1+cu130", "==2.14.1", True),  # torch.__version__ of a healthy CUDA install (design.md 6)
        ("2.14.1+cu130", ">=2.2", True),
        ("2.13.0+cpu", "==2.14.1", False),
        ("2.14.1+cpu", "==2.14.1+cu130", False),  # a spec that names the variant compares it
        ("2.14.1+cu130", "==2.14.1+cu130", True),
        ("2.6.0rc1", ">=2.5", True),
        ("0.29.1", "", True),
    ],
)
def test_matches_compares_releases(version: str, spec: str, expected: bool) -> None:
    assert matches(version, SpecifierSet(spec)) is expected


# The checks, on this interpreter.


def test_missing_torch_fails_with_cpu_index_fix_for_this_interpreter() -> None:
    result = preflight(Requirements(packages=["torch>=2.2", "torchvision", "packaging>=21"]), in_kernel=False)
    assert statuses(result) == {"torch>=2.2": "fail", "torchvision": "fail", "packaging>=21": "pass"}
    torch = result.checks[0]
    assert "not installed for this kernel's Python" in torch.reason
    assert torch.fix is not None and torch.fix.code.startswith(f'{sys.executable} -m pip install "torch>=2.2"')
    assert torch.fix.code.endswith(f"--index-url {CPU_INDEX}")  # Linux without an NVIDIA driver
    # One command for the torch family, so pip resolves torch and torchvision together.
    assert [fix.code for fix in result.fixes] == [f'{sys.executable} -m pip install "torch>=2.2" torchvision --index-url {CPU_INDEX}']
    assert not result.ok


def test_present_packages_pass_and_markers_are_honoured() -> None:
    result = preflight(Requirements(packages=["packaging>=21", "pywin32; sys_platform == 'win32'"]), in_kernel=False)
    assert result.ok and result.fixes == []
    assert "not needed here" in result.checks[1].reason


def test_non_torch_failure_installs_from_pypi() -> None:
    result = preflight(Requirements(packages=["packaging<1"]), in_kernel=True)
    check = result.checks[0]
    assert check.status == "fail" and "is installed; the workshop needs <1" in check.reason
    assert check.fix is not None and check.fix.code == '%pip install "packaging<1"'  # no torch index for other packages


def test_workshop_without_torch_ignores_torch_findings() -> None:
    # The diagnosis here says "torch is not installed"; a numpy-only workshop does not care.
    result = preflight(Requirements(packages=["packaging"]), in_kernel=False)
    assert [check.name for check in result.checks] == ["packaging"]


def test_python_range() -> None:
    version = ".".join(map(str, sys.version_info[:3]))
    passed = preflight(Requirements(python=">=3.9"), in_kernel=False)
    assert passed.ok and passed.checks[0].reason == f"Python {version}"
    failed = preflight(Requirements(python=">=3.99"), in_kernel=False)
    assert not failed.ok and f"runs Python {version}" in failed.checks[0].reason
    assert failed.fixes[0].kind == "shell" and "ipykernel install" in failed.fixes[0].code


def test_gpu_check_without_driver_fails_with_the_nvml_reason() -> None:
    result = preflight(Requirements(gpu=True), in_kernel=False)
    names = statuses(result)
    assert names["NVIDIA GPU"] == "fail" and names["torch CUDA build"] == "fail"
    assert "no NVIDIA driver is installed" in result.checks[0].reason


def test_gpu_present_and_cuda_build_pass() -> None:
    report = this_report(nvml=RTX_5090_NVML, torch_build=CUDA_BUILD)
    result = evaluate(Requirements(gpu=True), report, {}, in_kernel=True)
    assert statuses(result) == {"NVIDIA GPU": "pass", "torch CUDA build": "pass"}
    assert "NVIDIA GeForce RTX 5090 (compute capability 12.0), driver 570.181" in result.checks[0].reason
    assert result.checks[1].reason == "torch 2.14.1+cu130 is built for CUDA 13.0"


def test_cpu_build_on_a_gpu_machine_gets_the_rules_cuda_reinstall() -> None:
    report = this_report(nvml=RTX_5090_NVML, torch_build=CPU_BUILD)
    result = evaluate(Requirements(gpu=True), report, {}, in_kernel=True)
    cuda = result.checks[1]
    assert cuda.status == "fail" and cuda.cause == "cpu_only_build"
    # The fix is the rules' own (rules.gpu.cpu_only_fix); torchvision moves with torch.
    assert cuda.fix is not None and "torch==2.13.0+cu12" in cuda.fix.code and "torchvision==0.28.0+cu12" in cuda.fix.code
    assert "--index-url https://download.pytorch.org/whl/cu12" in cuda.fix.code  # a CUDA variant that driver 570.181 runs
    assert cuda.fix == cpu_only_fix(Context(facts=report.facts, in_kernel=True))


def test_dict_form_is_json_and_reprs_escape() -> None:
    result = preflight(Requirements(packages=["torch<2", "packaging"]), in_kernel=True)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["schema_version"] == 1 and data["ok"] is False
    assert [check["status"] for check in listed(data["checks"])] == ["fail", "pass"]
    bundle = result._repr_mimebundle_()
    assert bundle["text/plain"].startswith("torchenv require: NOT READY (1 of")
    assert "[FAIL] torch<2" in bundle["text/plain"]
    assert "<code>torch&lt;2</code>" in bundle["text/html"]
    assert "torch<2" not in bundle["text/html"]


def test_installed_versions_reads_metadata() -> None:
    versions = installed_versions(["packaging", "no-such-dist-xyz"])
    assert versions["packaging"] and versions["no-such-dist-xyz"] is None


# The magic.


def test_magic_displays_checklist_with_pip_magic_fix(shell: InteractiveShell) -> None:
    with capture_output() as captured:
        assert shell.run_line_magic("torchenv", 'require "torch>=2.2" packaging') is None
    bundle = captured.outputs[0].data
    assert "[FAIL] torch>=2.2" in bundle["text/plain"]
    assert f'%pip install "torch>=2.2" --index-url {CPU_INDEX}' in bundle["text/plain"]
    assert "<div class='torchenv-require'>" in bundle["text/html"]


def test_magic_json_and_file(shell: InteractiveShell, tmp_path: Path) -> None:
    path = tmp_path / "workshop.toml"
    path.write_text('[requires]\npackages = ["packaging"]\npython = ">=3.9"\n')
    data = shell.run_line_magic("torchenv", f"require -f {path} --json")
    assert data["ok"] is True and data["requirements"]["packages"] == ["packaging"]


BAD_LINES = ["require", "require --no-such-flag", "require 'torch>>2'", "require -f /no/such.toml", "require --python three"]


@pytest.mark.parametrize("line", BAD_LINES)
def test_magic_bad_usage(shell: InteractiveShell, line: str) -> None:
    with pytest.raises(UsageError, match="%torchenv require"):
        shell.run_line_magic("torchenv", line)


def test_magic_help_prints_and_returns(shell: InteractiveShell) -> None:
    with capture_output() as captured:
        assert shell.run_line_magic("torchenv", "require --help") is None
    assert "--gpu" in captured.stdout


# The CLI.


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "torchenv_magic", "require", *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def test_cli_exit_codes() -> None:
    assert run_cli("packaging").returncode == 0
    failed = run_cli("torch>=2.2")
    assert failed.returncode == 1 and "[FAIL] torch>=2.2" in failed.stdout
    for bad in ([], ["torch>>2"], ["-f", "/no/such.toml"], ["--no-such-flag"]):
        result = run_cli(*bad)
        assert result.returncode == 2, (bad, result.stderr)
        assert "Traceback" not in result.stderr


def test_cli_json(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("packaging\ntorch\n")
    result = run_cli("-f", "requirements.txt", "--json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert result.returncode == 1
    assert {check["name"]: check["status"] for check in listed(data["checks"])} == {"packaging": "pass", "torch": "fail"}
    assert data["fixes"][0]["code"].startswith(sys.executable)
