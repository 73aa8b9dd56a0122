"""collect_env's 26 fields, mapped to where our JSON report gives the same fact.

Each field names the JSON paths (in ``python -m torchenv_magic --json``) that carry it,
best first, and whether it *matters for diagnosis*: whether a cause id of design.md
section 5 is decided with it. The benchmark resolves the paths against the report it just
produced, so the table shows what the code gives today, not what this file hopes.

Path syntax: dotted keys; ``*`` in a key matches like a shell glob (``nvidia-cudnn-cu*``);
``[0]`` / ``[*]`` index a list (``[*]`` takes the first element that resolves).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Any

_MISSING = object()
_SEGMENT = re.compile(r"^(?P<key>[^\[]+)(?:\[(?P<index>\d+|\*)\])?$")
# collect_env's ways of saying "nothing": its fields are None, "N/A" or empty when it could not
# read them (it prints "Could not collect" for None).
NOT_COLLECTED = (None, "", "N/A", "None", "{}")


@dataclass(frozen=True)
class Field:
    name: str
    matters: bool
    why: str
    paths: tuple[str, ...] = ()


FIELDS: tuple[Field, ...] = (
    Field(
        "torch_version",
        True,
        "every version rule (torchvision_torch_mismatch, stale_module_after_upgrade ...)",
        ("facts.torch_build.version_file.__version__", "facts.packages.installed.torch[0].version"),
    ),
    Field("is_debug_build", False, "a debug build is not a cause of import failures", ("facts.torch_build.version_file.debug",)),
    Field(
        "cuda_compiled_version", True, "cpu_only_build, driver_too_old, missing_cuda_runtime_lib", ("facts.torch_build.version_file.cuda",)
    ),
    Field(
        "gcc_version",
        True,
        "build_toolchain_missing (compiler too old/new for nvcc or torch)",
        ("facts.toolchain.compiler.version",),
    ),
    Field("clang_version", False, "no rule uses clang (macOS extension builds are out of scope here)", ("facts.toolchain.clang.version",)),
    Field("cmake_version", False, "only for building torch itself from source", ("facts.toolchain.cmake.version",)),
    Field("os", True, "wheel_platform_mismatch; the fix command differs per OS", ("facts.python.os",)),
    Field(
        "libc_version",
        True,
        "glibc_libstdcxx_too_old",
        ("facts.python.libc", "facts.python.libc_version", "facts.python.glibc", "facts.toolchain.libc.version", "facts.system.libc"),
    ),
    Field("python_version", True, "wheel_platform_mismatch (no wheel for this Python)", ("facts.python.version",)),
    Field("python_platform", True, "wheel_platform_mismatch (OS, bitness, CPU architecture)", ("facts.python.machine",)),
    Field(
        "is_cuda_available",
        True,
        "cpu_only_build, no_driver_or_gpu (ours: NVML + build, no torch import)",
        ("facts.torch_live.cuda_available", "facts.nvml.available"),
    ),
    Field(
        "cuda_runtime_version", True, "build_toolchain_missing (collect_env's value is nvcc's version)", ("facts.toolchain.nvcc.version",)
    ),
    Field(
        "cuda_module_loading",
        False,
        "a lazy-loading setting; no import failure depends on it",
        ("facts.environment.variables.CUDA_MODULE_LOADING",),
    ),
    Field("nvidia_driver_version", True, "driver_too_old", ("facts.nvml.driver_version", "facts.nvml.error")),
    Field("nvidia_gpu_models", True, "gpu_arch_unsupported (GPU name -> compute capability)", ("facts.nvml.gpus", "facts.nvml.error")),
    Field(
        "cudnn_version",
        True,
        "missing_cuda_runtime_lib, lib_version_conflict (libcudnn)",
        ("facts.torch_live.cudnn", "facts.packages.installed.nvidia-cudnn-cu*[0].version"),
    ),
    Field("is_xpu_available", False, "Intel GPUs: no cause id covers them", ("facts.torch_live.xpu_available",)),
    Field(
        "pip_version",
        False,
        "which installer a fix uses matters, not pip's version (facts.python.installer)",
        ("facts.packages.installed.pip[0].version",),
    ),
    Field("pip_packages", True, "versions and variants of the torch family, numpy, CUDA wheels; duplicates", ("facts.packages.installed",)),
    Field(
        "conda_packages", True, "duplicate_installations (pip + conda), conda cudatoolkit", ("facts.packages.conda", "facts.conda.packages")
    ),
    Field(
        "hip_compiled_version",
        True,
        "build variant (ROCm vs CUDA vs CPU) in torchvision_torch_mismatch",
        ("facts.torch_build.version_file.hip",),
    ),
    Field("hip_runtime_version", False, "ROCm runtime: no cause id covers it", ("facts.torch_live.hip_runtime",)),
    Field("miopen_runtime_version", False, "ROCm MIOpen: no cause id covers it", ("facts.torch_live.miopen",)),
    Field(
        "caching_allocator_config",
        False,
        "memory allocator tuning, not an import failure",
        ("facts.environment.variables.PYTORCH_CUDA_ALLOC_CONF",),
    ),
    Field("is_xnnpack_available", False, "a mobile backend flag", ("facts.torch_live.xnnpack",)),
    Field("cpu_info", False, "lscpu dump; the CPU architecture that matters is python_platform's", ("facts.cpu.model", "facts.python.cpu")),
)


def resolve(data: Any, path: str) -> tuple[str, Any] | None:
    """(concrete path, value) for the first match of ``path`` in ``data``, or None."""
    found = _walk(data, path.split("."), [])
    return found if found is not None and found[1] is not None else None


def _walk(node: Any, segments: list[str], done: list[str]) -> tuple[str, Any] | None:
    if not segments:
        return ".".join(done), node
    match = _SEGMENT.match(segments[0])
    if match is None or not isinstance(node, dict):
        return None
    for key in _matching_keys(node, match["key"]):
        for label, child in _indexed(node[key], key, match["index"]):
            found = _walk(child, segments[1:], [*done, label])
            if found is not None:
                return found
    return None


def _matching_keys(node: dict[str, Any], pattern: str) -> list[str]:
    if "*" not in pattern:
        return [pattern] if pattern in node else []
    return sorted(key for key in node if fnmatch.fnmatchcase(key, pattern))


def _indexed(value: Any, key: str, index: str | None) -> list[tuple[str, Any]]:
    if index is None:
        return [(key, value)]
    if not isinstance(value, list):
        return []
    if index == "*":
        return [(f"{key}[{i}]", item) for i, item in enumerate(value)]
    position = int(index)
    return [(f"{key}[{position}]", value[position])] if position < len(value) else []


def compare(collect_env_fields: dict[str, Any] | None, report: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per field: where our report gives it, and whether a needed one is missing.

    ``status``: "given"; "n/a" (collect_env collected nothing here either, so there is
    nothing to match); "not given". Without collect_env's values (no torch in that
    environment, so collect_env cannot run) a field we cannot find is "absent".
    """
    rows = []
    for field in FIELDS:
        hit = next((found for path in field.paths if (found := resolve(report, path)) is not None), None)
        theirs = (collect_env_fields or {}).get(field.name)
        collected = collect_env_fields is not None and theirs not in NOT_COLLECTED
        status = "given" if hit is not None else "absent" if collect_env_fields is None else "not given" if collected else "n/a"
        rows.append(
            {
                "field": field.name,
                "matters": field.matters,
                "why": field.why,
                "status": status,
                "path": hit[0] if hit else None,
                "ours": _short(hit[1]) if hit else None,
                "theirs": _short(theirs),
            }
        )
    return rows


def missing_needed(rows: list[dict[str, Any]]) -> list[str]:
    """Fields that matter, that collect_env reported, and that our report does not give."""
    return [row["field"] for row in rows if row["matters"] and row["status"] == "not given"]


def _short(value: Any, limit: int = 48) -> str:
    if isinstance(value, dict):
        text = f"{{{len(value)} entries}}"
    elif isinstance(value, list):
        text = f"[{len(value)} items]"
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
