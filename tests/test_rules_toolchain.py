"""nvcc / CUDA_HOME against torch's CUDA, read from toolkit files (recorded and on this machine)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.recorded.facts import context, load
from torchenv_magic import explain
from torchenv_magic.diagnosis import diagnose_facts
from torchenv_magic.explainer import stated_facts
from torchenv_magic.model import Finding
from torchenv_magic.probes import toolchain
from torchenv_magic.rules import Context
from torchenv_magic.rules.toolchain import build_toolchain_missing


def make_toolkit(root: Path, files: dict[str, str]) -> Path:
    (root / "bin").mkdir(parents=True)
    (root / "bin" / "nvcc").write_bytes(b"\x7fELF")  # present; never run
    (root / "include").mkdir()
    (root / "include" / "cuda_runtime_api.h").write_text("/* header */\n")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def tool_facts(home: Path) -> dict[str, Any]:
    env = {"CUDA_HOME": str(home)}
    return {
        "cuda_home": toolchain.find_cuda_home(env),
        "nvcc": toolchain.find_nvcc(env),
        "toolkits": [],
        "detectron2": {"installed": False},
    }


def test_recorded_version_txt_cuda9_against_torch_cuda10(tmp_path: Path) -> None:
    data = load("toolkit_version_txt_cuda9_torch1.2.json")
    home = make_toolkit(tmp_path / "cuda", data["toolkit_files"])
    tools = tool_facts(home)
    assert tools["nvcc"]["version"] == "9.0" and tools["nvcc"]["version_source"].endswith("version.txt")
    (info,) = build_toolchain_missing(context(data, toolchain=tools))
    assert info.severity == "info"  # nothing is being built
    data["error_text"] = "Building wheel for detectron2 (setup.py) ... error"
    (error,) = build_toolchain_missing(context(data, toolchain=tools))
    assert error.cause == "build_toolchain_missing" and error.severity == "error"
    assert "9.0" in error.title and "10.0.130" in error.title


@pytest.mark.parametrize(
    ("name", "nvcc"), [("nvml_driver450_torch1.8.1cu102.json", "10.2"), ("nvml_driver_cuda9.1_torch1.0.1cu100.json", "10.1")]
)
def test_recorded_same_major_is_fine(tmp_path: Path, name: str, nvcc: str) -> None:
    data = load(name)
    major, minor = nvcc.split(".")
    home = make_toolkit(tmp_path / "cuda", {"include/cuda.h": f"#define CUDA_VERSION {int(major) * 1000 + int(minor) * 10}\n"})
    data["error_text"] = "Building wheel for detectron2"
    assert list(build_toolchain_missing(context(data, toolchain=tool_facts(home)))) == []


def test_version_json_layout(tmp_path: Path) -> None:
    # The layout CUDA >= 11.1 installers write (cuda_nvcc is nvcc's own component version).
    doc = {"cuda": {"name": "CUDA SDK", "version": "12.4.1"}, "cuda_nvcc": {"name": "CUDA NVCC", "version": "12.4.131"}}
    home = make_toolkit(tmp_path / "cuda", {"version.json": json.dumps(doc)})
    assert toolchain.read_toolkit_version(home)[0] == "12.4"


def test_no_toolkit_when_building(tmp_path: Path) -> None:
    data = load("nvml_driver450_torch1.8.1cu102.json")
    data["error_text"] = "OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root."
    tools = {"cuda_home": {"path": None, "source": None, "exists": False}, "nvcc": None, "toolkits": []}
    (finding,) = build_toolchain_missing(context(data, toolchain=tools))
    assert finding.severity == "error" and finding.fix.kind == "manual" and "cuda-toolkit-archive" in finding.fix.code
    del data["error_text"]
    assert list(build_toolchain_missing(context(data, toolchain=tools))) == []  # wheel users need no toolkit


def test_matching_toolkit_elsewhere_is_offered(tmp_path: Path) -> None:
    data = load("toolkit_version_txt_cuda9_torch1.2.json")
    data["error_text"] = "nvcc fatal"
    home = make_toolkit(tmp_path / "cuda", data["toolkit_files"])
    tools = {**tool_facts(home), "toolkits": [{"path": "/usr/local/cuda-10.0", "version": "10.0"}]}
    (finding,) = build_toolchain_missing(context(data, toolchain=tools, in_kernel=True))
    assert finding.fix.kind == "python" and "/usr/local/cuda-10.0" in finding.fix.code
    (finding,) = build_toolchain_missing(context(data, toolchain=tools))
    assert finding.fix.kind == "shell" and finding.fix.code.startswith("export CUDA_HOME=/usr/local/cuda-10.0")


def test_wrapper_nvcc_resolves_to_its_toolkit(tmp_path: Path) -> None:
    home = make_toolkit(tmp_path / "cuda-12.4", {"include/cuda.h": "#define CUDA_VERSION 12040\n"})
    wrapper = tmp_path / "bin" / "nvcc"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec {home}/bin/nvcc "$@"\n')
    env: dict[str, str] = {}
    nvcc = toolchain.find_nvcc(env, which=lambda _name: str(wrapper))
    assert nvcc is not None and nvcc["version"] == "12.4" and nvcc["toolkit"] == str(home)
    cuda_home = toolchain.find_cuda_home(env, which=lambda _name: str(wrapper))
    assert cuda_home["path"] == str(tmp_path) and cuda_home["has_headers"] is False


def test_cuda_home_without_headers_when_building() -> None:
    data = load("nvml_driver450_torch1.8.1cu102.json")
    data["error_text"] = "fatal error: cuda_runtime_api.h: No such file or directory (setup.py)"
    tools = {
        "cuda_home": {"path": "/usr/local", "source": "nvcc on PATH", "exists": True, "has_headers": False},
        "nvcc": {"path": "/usr/local/bin/nvcc", "toolkit": "/usr/local/cuda-10.2", "version": "10.2", "version_source": "x"},
        "toolkits": [],
    }
    (finding,) = build_toolchain_missing(context(data, toolchain=tools))
    assert finding.severity == "warning" and "/usr/local/cuda-10.2" in finding.fix.code


def test_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real probe here: nvcc on PATH is a wrapper script for a pip-installed CUDA 13.0."""
    started: list[Any] = []

    def no_subprocess(*args: Any, **kwargs: Any) -> None:
        started.append(args)
        raise AssertionError("the default diagnosis must start no subprocess")

    monkeypatch.setattr(subprocess.Popen, "__init__", no_subprocess)
    t0 = time.perf_counter()
    facts = toolchain.probe()
    elapsed = time.perf_counter() - t0
    assert started == [] and elapsed < 0.5
    if not Path("/usr/local/cuda-13.0").is_dir() or os.environ.get("CUDA_HOME"):
        pytest.skip("not the reference machine layout")
    assert facts["nvcc"]["version"] == "13.0"
    assert facts["nvcc"]["toolkit"] == "/usr/local/cuda-13.0"
    assert {"path": "/usr/local/cuda-13.0", "version": "13.0"} in facts["toolkits"]
    assert facts["detectron2"] == {"installed": False}


def test_rule_quiet_for_cpu_torch() -> None:
    data = load("toolkit_version_txt_cuda9_torch1.2.json")
    data["torch"] = {"__version__": "1.2.0+cpu", "cuda": None}
    data["error_text"] = "Building wheel"
    ctx: Context = context(data, toolchain={"cuda_home": {}, "nvcc": None, "toolkits": []})
    assert list(build_toolchain_missing(ctx)) == []


# --- The build log and the toolchain facts together (one rule for both ways in) ----------

CUDA_HOME_TEXT = "OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root."
NO_TOOLKIT = {"cuda_home": {"path": None, "source": None, "exists": False}, "nvcc": None, "toolkits": []}


def live(text: str, platform: str, packages: dict[str, str], **probed: Any) -> list[Finding]:
    facts = {**stated_facts(platform, packages), **probed}
    return diagnose_facts(facts, {"type": "OSError", "message": text, "tb_files": [], "text": text}).findings


NVCC_124 = {"path": "/usr/local/cuda-12.4/bin/nvcc", "toolkit": "/usr/local/cuda-12.4", "version": "12.4", "version_source": "x"}
TOOLKIT_124 = {"cuda_home": {"path": "/usr/local/cuda-12.4", "exists": True, "has_headers": True}, "nvcc": NVCC_124, "toolkits": []}
NVCC_118 = {**NVCC_124, "version": "11.8"}


@pytest.mark.parametrize(
    ("text", "platform", "tools"),
    [
        (CUDA_HOME_TEXT, "linux", NO_TOOLKIT),
        (
            "RuntimeError: The detected CUDA version (11.8) mismatches the version that was used to compile\nPyTorch (12.4).",
            "linux",
            {**TOOLKIT_124, "nvcc": NVCC_118},
        ),
        (
            'error: Microsoft Visual C++ 14.0 or greater is required. Get it with "Microsoft C++ Build Tools"',
            "windows",
            {**TOOLKIT_124, "msvc_cl": None},
        ),
        ("error: command '/usr/bin/gcc' failed with exit code 1", "linux", TOOLKIT_124),
    ],
)
def test_same_build_log_same_answer_pasted_or_live(text: str, platform: str, tools: dict[str, Any]) -> None:
    # The live facts are those of the machine the log came from (consistent with it).
    packages = {"torch": "2.5.1+cu124"}
    pasted = explain(text, platform=platform, packages=packages)[0]
    captured = live(text, platform, packages, toolchain=tools)[0]
    assert pasted.cause == captured.cause == "build_toolchain_missing"
    assert pasted.fix is not None and captured.fix is not None
    assert (pasted.fix.kind, pasted.fix.code) == (captured.fix.kind, captured.fix.code)
    assert "#" not in pasted.fix.code and "<" not in pasted.fix.code  # runs (or reads) as is
    assert captured.evidence[0] == text.splitlines()[0]  # the log's own line first, as is


def test_a_toolkit_found_on_disk_sharpens_the_fix() -> None:
    tools = {**NO_TOOLKIT, "toolkits": [{"path": "/usr/local/cuda-12.4", "version": "12.4"}]}
    (finding,) = [
        f for f in live(CUDA_HOME_TEXT, "linux", {"torch": "2.5.1+cu124"}, toolchain=tools) if f.cause == "build_toolchain_missing"
    ]
    assert finding.fix is not None and finding.fix.code.startswith("export CUDA_HOME=/usr/local/cuda-12.4")
    assert finding.evidence[0] == CUDA_HOME_TEXT and any(line.startswith("toolchain probe:") for line in finding.evidence)


def test_pasted_log_without_a_torch_version_still_gets_a_fix_to_run() -> None:
    finding = explain(CUDA_HOME_TEXT)[0]
    assert finding.fix is not None and "cuda-toolkit-archive" in finding.fix.code and "torch.version.cuda" in finding.fix.code


def test_the_log_ranks_first_when_the_facts_also_find_another_gap() -> None:
    # MSVC missing (the log) on a machine that also lacks nvcc (the facts): both are said, the log's first.
    text = 'error: Microsoft Visual C++ 14.0 or greater is required. Get it with "Microsoft C++ Build Tools"'
    found = [f for f in live(text, "windows", {"torch": "2.5.1+cu124"}, toolchain=NO_TOOLKIT) if f.cause == "build_toolchain_missing"]
    assert [("cl.exe" in f.title, "nvcc" in f.title) for f in found] == [(True, False), (False, True)]
