"""What a person reads first, shared by every renderer: the verdict, the top fix, the facts as (label, value) rows."""

from __future__ import annotations

from typing import Any

from ..model import Finding, Report

FAMILY = ("torch", "torchvision", "torchaudio", "detectron2", "numpy")


def verdict(report: Report) -> tuple[str, str]:
    """(severity, one line): the top finding, or that nothing is wrong."""
    top = report.top
    if top is None or top.severity == "info":
        return "ok", "No problems found with torch in this environment."
    return top.severity, top.title


def top_fix(report: Report) -> Finding | None:
    """The finding whose fix to try first (``Finding.try_first``, model.mark_try_first), else the
    most likely finding that comes with a fix (info findings are not problems)."""
    marked = next((f for f in report.findings if f.try_first and f.fix is not None), None)
    return marked or next((f for f in report.findings if f.fix is not None and f.severity != "info"), None)


def environment_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """Every row: what ``--json`` holds, in words (the panel's "show all", a GitHub issue)."""
    return [(label, value) for _, label, value in _topic_rows(facts)]


def relevant_rows(report: Report) -> tuple[list[tuple[str, str]], int]:
    """The rows that matter for these findings, and how many others there are.

    nvcc and the compiler matter for build problems, PATH for Windows DLL problems, the
    driver and GPU rows where there is a GPU or a CUDA build (or a GPU finding): on a
    CPU-only laptop whose torchvision does not match, none of them explains anything.
    """
    topics = _wanted_topics(report)
    rows = _topic_rows(report.facts)
    shown = [(label, value) for topic, label, value in rows if topic in topics]
    return shown, len(rows) - len(shown)


# Causes for which each optional group of rows explains something.
_TOPIC_CAUSES = {
    "gpu": {
        *("driver_too_old", "no_driver_or_gpu", "cpu_only_build", "gpu_arch_unsupported"),
        *("missing_cuda_runtime_lib", "lib_version_conflict"),
    },
    "build": {"build_toolchain_missing", "extension_abi_mismatch"},
    "windows": {"missing_vc_redist", "windows_dll_dependency", "windows_paging_file"},
    "libpath": {"missing_cuda_runtime_lib", "lib_version_conflict", "glibc_libstdcxx_too_old", "extension_abi_mismatch"},
}


def _wanted_topics(report: Report) -> set[str]:
    # Problems only: an info note ("a CPU-only build, fine without a GPU") explains no failure.
    causes = {finding.cause for finding in report.findings if finding.severity != "info"}
    topics = {"core", "env"} | {topic for topic, wanted in _TOPIC_CAUSES.items() if causes & wanted}
    nvml = _dict(report.facts, "nvml")
    # A driver call that hung or failed is news on any machine: the row says so.
    if nvml.get("available") or nvml.get("gpus") or nvml.get("probe_error") or _cuda_build(report.facts):
        topics.add("gpu")
    if "windows" in topics or "build" in topics:
        topics.add("path")
    return topics


def _cuda_build(facts: dict[str, Any]) -> bool:
    version_file = _dict(facts, "torch_build").get("version_file") or {}
    return bool(isinstance(version_file, dict) and version_file.get("cuda"))


# Which group each environment variable belongs to ("env": always worth a line when set).
_VARIABLE_TOPICS = {
    "PATH": "path",
    "CUDA_PATH": "build",
    "CUDA_HOME": "build",
    "CUDA_ROOT": "build",
    "TORCH_CUDA_ARCH_LIST": "build",
    "LD_LIBRARY_PATH": "libpath",
    "LD_PRELOAD": "libpath",
    "CUDA_VISIBLE_DEVICES": "gpu",
}


def _topic_rows(facts: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(topic, label, value) for every fact the report can show."""
    installed = _dict(facts, "packages").get("installed", {})
    rows = [("core", *_python_row(facts)), ("core", "OS", _os_text(facts))]
    rows += [("core" if name == "torch" or installed.get(name) else "absent", name, _package_text(facts, name)) for name in FAMILY]
    rows += [("core", "torch CUDA build", _cuda_build_text(facts)), ("core", "torch in this process", _live_text(facts))]
    rows += [("gpu", "NVIDIA driver", _driver_text(facts))]
    rows += [("gpu", f"GPU {gpu['index']}", _gpu_text(gpu)) for gpu in _dict(facts, "nvml").get("gpus") or []]
    rows += [("gpu", "nvidia-* wheels", _nvidia_wheels_text(facts))]
    rows += [("build", label, value) for label, value in _toolchain_rows(facts)]
    rows += [("windows" if label == "VC++ runtime" else "path", label, value) for label, value in _windows_rows(facts)]
    variables = _dict(facts, "environment").get("variables", {})
    rows += [(_VARIABLE_TOPICS.get(name, "env"), name, value) for name, value in variables.items()]
    return rows


def _dict(facts: dict[str, Any], key: str) -> dict[str, Any]:
    value = facts.get(key)
    return value if isinstance(value, dict) else {}


def _python_row(facts: dict[str, Any]) -> tuple[str, str]:
    py = _dict(facts, "python")
    if "probe_error" in py:
        return "Python", f"unknown ({py['probe_error']})"
    return "Python", f"{py.get('version')} {py.get('bits')}-bit, {py.get('executable')} ({py.get('env_kind')})"


def _os_text(facts: dict[str, Any]) -> str:
    py = _dict(facts, "python")
    return f"{py.get('os', '?')} {py.get('os_release', '')} {py.get('machine', '')}".strip()


def _package_text(facts: dict[str, Any], name: str) -> str:
    entries = _dict(facts, "packages").get("installed", {}).get(name) or []
    if not entries:
        return "not installed"
    text = ", ".join(f"{entry['version']} ({entry['location']})" for entry in entries)
    return text + (f"  [{len(entries)} installations]" if len(entries) > 1 else "")


def _cuda_build_text(facts: dict[str, Any]) -> str:
    build = _dict(facts, "torch_build")
    if not build.get("found"):
        return "n/a (torch not found)"
    version_file = build.get("version_file") or {}
    if version_file.get("hip"):
        return f"ROCm/HIP {version_file['hip']}"
    cuda = version_file.get("cuda")
    return f"CUDA {cuda}" if cuda else "none (CPU-only build)"


def _live_text(facts: dict[str, Any]) -> str:
    live = _dict(facts, "torch_live")
    if not live.get("loaded"):
        return "not imported"
    if not live.get("initialised"):
        return "half-imported (a failed or interrupted import)"
    text = f"{live.get('version')} loaded, CUDA available: {'yes' if live.get('cuda_available') else 'no'}"
    return text + (f", {live['device_count']} device(s)" if live.get("device_count") else "")


def _driver_text(facts: dict[str, Any]) -> str:
    nvml = _dict(facts, "nvml")
    if "probe_error" in nvml:  # NVML timed out or failed: the driver is unknown, not absent
        return f"unknown ({nvml['probe_error']})"
    if nvml.get("available"):
        return f"{nvml.get('driver_version')} (supports CUDA up to {nvml.get('cuda_driver_version')})"
    return f"none: {nvml.get('meaning') or nvml.get('error') or 'unknown'}"


def _gpu_text(gpu: dict[str, Any]) -> str:
    return f"{gpu.get('name')}, compute capability {gpu.get('compute_capability')}, {gpu.get('memory_total_mib')} MiB"


def _nvidia_wheels_text(facts: dict[str, Any]) -> str:
    installed = _dict(facts, "packages").get("installed", {})
    names = sorted(name for name in installed if name.startswith("nvidia-") and name != "nvidia-ml-py")
    return f"{len(names)} installed" + (f" ({', '.join(names)})" if names else "")


def _toolchain_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    tools = _dict(facts, "toolchain")
    if not tools or "error" in tools:
        return []
    nvcc, home = tools.get("nvcc") or {}, tools.get("cuda_home") or {}
    text = f"CUDA {nvcc.get('version') or '?'} ({nvcc.get('path')})" if nvcc else "not found"
    if home.get("path"):
        text += f"; CUDA_HOME -> {home['path']} ({home.get('source')})"
    rows = [("nvcc (extension builds)", text)]
    compiler = _compiler_text(tools)
    if compiler is not None:
        rows.append(("C++ compiler (extension builds)", compiler))
    d2 = tools.get("detectron2") or {}
    if d2.get("installed"):
        linked = [lib for lib in d2.get("needed_libs") or [] if lib.startswith(("libcudart", "libc10_cuda"))]
        links = ", ".join(linked) or "no CUDA libraries"
        rows.append(("detectron2 build", f"{d2.get('version')} ({d2.get('install_kind')}), _C links: {links}"))
    return rows


def _compiler_text(tools: dict[str, Any]) -> str | None:
    if "msvc_cl" in tools:  # Windows: torch's cpp_extension runs cl.exe
        return f"cl.exe ({tools['msvc_cl']})" if tools["msvc_cl"] else "cl.exe not found (not a Developer Command Prompt?)"
    compiler = tools.get("compiler")
    if not isinstance(compiler, dict):
        return None
    if not compiler.get("path"):
        where = f"$CXX={compiler.get('command')}" if compiler.get("source") == "$CXX" else "no c++ or g++ on PATH"
        return f"not found ({where})"
    name = f"{compiler.get('kind') or compiler.get('command')} {compiler.get('version') or '(version unknown)'}"
    path, resolved = compiler.get("path"), compiler.get("resolved")
    return f"{name} ({path} -> {resolved})" if resolved and resolved != path else f"{name} ({path})"


def _windows_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    win = _dict(facts, "windows")
    if not win.get("applicable"):
        return []
    runtime = win.get("vc_runtime") or {}
    parts = [f"{dll} {info.get('version') or '?'}" if info.get("present") else f"{dll} missing" for dll, info in runtime.items()]
    rows = [("VC++ runtime", ", ".join(parts))]
    conflicts = win.get("path_conflicts") or []
    if conflicts:
        rows.append(("PATH DLL conflicts", "; ".join(f"{c['folder']}: {', '.join(c['dlls'])}" for c in conflicts)))
    return rows
