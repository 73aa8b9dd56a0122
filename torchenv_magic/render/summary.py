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
    """The most likely finding that comes with a fix (info findings are not problems)."""
    return next((f for f in report.findings if f.fix is not None and f.severity != "info"), None)


def environment_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [_python_row(facts), ("OS", _os_text(facts))]
    rows += [(name, _package_text(facts, name)) for name in FAMILY]
    rows += [("torch CUDA build", _cuda_build_text(facts)), ("torch in this process", _live_text(facts))]
    rows += [("NVIDIA driver", _driver_text(facts))]
    rows += [(f"GPU {gpu['index']}", _gpu_text(gpu)) for gpu in _dict(facts, "nvml").get("gpus") or []]
    rows += [("nvidia-* wheels", _nvidia_wheels_text(facts))]
    rows += _toolchain_rows(facts) + _windows_rows(facts)
    rows += [(name, value) for name, value in _dict(facts, "environment").get("variables", {}).items()]
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
