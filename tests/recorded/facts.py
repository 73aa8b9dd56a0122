"""Turn a recorded real-system report (a JSON file here) into the facts the rules read.

The GPU part goes through the real NVML seam: :class:`FakeNvml` answers the pynvml calls
with the recorded values and ``probes.nvml.read_nvml`` reads it as it reads the driver. The
Windows part goes through ``probes.windows.read_windows`` with recorded folder listings and
file versions. Every file names its public source in "source".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from torchenv_magic import compat
from torchenv_magic.probes.nvml import read_nvml
from torchenv_magic.probes.windows import read_windows
from torchenv_magic.rules import Context

HERE = Path(__file__).parent


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HERE / name).read_text(encoding="utf-8"))
    assert data.get("source"), f"{name} names no source"
    return data


def all_files() -> list[str]:
    return sorted(path.name for path in HERE.glob("*.json"))


class FakeNvml:
    """A pynvml-like module answering from a recorded reading."""

    class NVMLError(Exception):
        pass

    def __init__(self, reading: dict[str, Any]) -> None:
        self.reading = reading

    def nvmlInit(self) -> None:
        pass

    def nvmlShutdown(self) -> None:
        pass

    def nvmlSystemGetDriverVersion(self) -> str:
        return str(self.reading.get("driver_version"))

    def nvmlSystemGetCudaDriverVersion_v2(self) -> int:
        return int(self.reading["cuda_driver_version"] or 0)

    def nvmlDeviceGetCount(self) -> int:
        return len(self.reading["gpus"])

    def nvmlDeviceGetHandleByIndex(self, index: int) -> dict[str, Any]:
        return dict(self.reading["gpus"][index])

    def nvmlDeviceGetName(self, handle: dict[str, Any]) -> bytes:
        return str(handle["name"]).encode()  # old nvidia-ml-py returns bytes

    def nvmlDeviceGetCudaComputeCapability(self, handle: dict[str, Any]) -> tuple[int, int]:
        if handle.get("cc"):
            return tuple(handle["cc"])  # type: ignore[return-value]
        cc = compat.compute_capability(str(handle["name"])) or "0.0"
        major, minor = cc.split(".")
        return int(major), int(minor)

    def nvmlDeviceGetMemoryInfo(self, handle: dict[str, Any]) -> Any:
        return type("Memory", (), {"total": int(handle.get("memory_mib", 0)) * 1024 * 1024})()


def nvml_facts(reading: dict[str, Any]) -> dict[str, Any]:
    facts = read_nvml(FakeNvml(reading))
    if reading.get("driver_version") is None:
        facts["driver_version"] = None  # not posted: keep it unknown, not "None"
    if reading.get("cuda_driver_version") is None:
        facts["cuda_driver_version"] = None
    for gpu in facts.get("gpus", []):
        if gpu["compute_capability"] == "0.0":
            gpu["compute_capability"] = None
    return facts


def windows_facts(win: dict[str, Any], bits: int) -> dict[str, Any]:
    listings = {folder.lower(): names for folder, names in win["listings"].items()}
    versions = {path.lower(): version for path, version in win.get("versions", {}).items()}
    return read_windows(
        {"SystemRoot": win["SystemRoot"], "PATH": win.get("PATH", "")},
        listdir=lambda folder: list(listings.get(folder.rstrip("\\").lower(), [])),
        file_version=lambda path: versions.get(path.lower()),
        torch_lib=win.get("torch_lib"),
        python_dir=win["python_dir"],
        bits=bits,
    )


def context(data: dict[str, Any], *, in_kernel: bool = False, **extra_facts: Any) -> Context:
    """A rules Context from a recorded file (plus any extra probe facts)."""
    python = {"installer": "pip", "executable": "python", "env_kind": "venv", **data["python"]}
    facts: dict[str, Any] = {"python": python, "packages": {"installed": {}}}
    torch = data.get("torch")
    facts["torch_build"] = {"found": True, "version_file": dict(torch), "libs": []} if torch else {"found": False}
    if "nvml" in data:
        facts["nvml"] = nvml_facts(data["nvml"])
    if data.get("arch_list"):
        facts["torch_live"] = {"loaded": True, "initialised": True, "arch_list": data["arch_list"]}
    if "windows" in data:
        facts["windows"] = windows_facts(data["windows"], python["bits"])
    facts.update(extra_facts)
    capture = {"text": data["error_text"]} if data.get("error_text") else None
    return Context(facts=facts, capture=capture, in_kernel=in_kernel)
