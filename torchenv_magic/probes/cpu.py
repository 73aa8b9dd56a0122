"""The CPU's vector instruction sets, read from the OS (never by running them).

Why: code that uses an instruction this CPU lacks dies with SIGILL ("Illegal
instruction") while ``import torch`` loads it, and the kernel dies with it. Reported
cases: AVX2 static initialisers in libtorch_cpu.so on a CPU without AVX
(pytorch/pytorch#37577), AVX in the default code path of torch 1.6.0 (#43300), a VM
whose virtual CPU model hides AVX ("QEMU Virtual CPU version (cpu64-rhel6)", #22338).
torch picks its kernels at run time from the CPU's features (``ATEN_CPU_CAPABILITY``,
DEFAULT/AVX2/AVX512), so a crash means something used them anyway; which features the
CPU has is what tells "this CPU" from "that build".

Sources per OS: Linux ``/proc/cpuinfo`` (first processor's ``flags``; ``hypervisor`` marks
a VM); macOS ``sysctl`` (``machdep.cpu.*``; ``sysctl.proc_translated`` = 1 under Rosetta 2,
whose translation did not run AVX before macOS 15 and whose CPUID never reports it: Apple,
"About the Rosetta translation environment"; Go's src/internal/cpu/cpu_x86_darwin.go);
Windows ``IsProcessorFeaturePresent`` (PF_* constants of winnt.h).
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from typing import Any

# The x86-64 vector extensions that torch's CPU kernels are built for (DEFAULT uses none).
FEATURES = ("sse4_2", "avx", "avx2", "fma", "avx512f")
# IsProcessorFeaturePresent ids (winnt.h): PF_SSE4_2_INSTRUCTIONS_AVAILABLE = 38,
# PF_AVX_INSTRUCTIONS_AVAILABLE = 39, PF_AVX2_INSTRUCTIONS_AVAILABLE = 40,
# PF_AVX512F_INSTRUCTIONS_AVAILABLE = 41 (FMA has no PF_ id).
_WINDOWS_PF = {"sse4_2": 38, "avx": 39, "avx2": 40, "avx512f": 41}
_X86 = ("x86_64", "amd64", "i386", "i686", "x86")
_CPUINFO_LIMIT = 1 << 16  # the first processor's block is enough; big machines list hundreds


def probe() -> dict[str, Any]:
    machine = platform.machine()
    facts: dict[str, Any] = {"machine": machine, "x86": machine.lower() in _X86}
    if not facts["x86"]:
        return facts  # arm64, ppc64le...: no x86 vector extensions to report
    if sys.platform.startswith("linux"):
        facts.update(_linux())
    elif sys.platform == "darwin":
        facts.update(_macos())
    elif os.name == "nt":
        facts.update(_windows())
    features = facts.get("features")
    if isinstance(features, dict):
        facts["missing"] = [name for name in FEATURES if features.get(name) is False]
    return facts


def parse_cpuinfo(text: str) -> dict[str, Any]:
    """``/proc/cpuinfo`` -> model, the vector features present, whether it runs in a VM."""
    model, flags = "", set()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "model name" and not model:
            model = value.strip()
        elif key == "flags":
            flags = set(value.split())
            break  # the first processor's flags: all processors of one machine share them
    if not flags:
        return {"model": model, "source": "/proc/cpuinfo"}
    return {
        "model": model,
        "features": {name: name in flags for name in FEATURES},
        "virtual": "hypervisor" in flags,
        "source": "/proc/cpuinfo",
    }


def _linux() -> dict[str, Any]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            return parse_cpuinfo(handle.read(_CPUINFO_LIMIT))
    except OSError:
        return {}


def _sysctl(name: str) -> str:
    try:
        done = subprocess.run(["sysctl", "-n", name], capture_output=True, text=True, timeout=2, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _macos() -> dict[str, Any]:
    words = set((_sysctl("machdep.cpu.features") + " " + _sysctl("machdep.cpu.leaf7_features")).lower().split())
    # sysctl spells them SSE4.2 / AVX1.0 / AVX2 / FMA / AVX512F.
    present = {"sse4_2": "sse4.2" in words, "avx": "avx1.0" in words, "avx2": "avx2" in words}
    present.update(fma="fma" in words, avx512f="avx512f" in words)
    facts: dict[str, Any] = {"model": _sysctl("machdep.cpu.brand_string"), "source": "sysctl"}
    if words:
        facts["features"] = present
    facts["translated"] = _sysctl("sysctl.proc_translated") == "1"
    return facts


def _windows() -> dict[str, Any]:
    import ctypes

    try:
        present = ctypes.windll.kernel32.IsProcessorFeaturePresent  # type: ignore[attr-defined,unused-ignore]
        features = {name: bool(present(code)) for name, code in _WINDOWS_PF.items()}
    except (AttributeError, OSError):
        return {}
    return {
        "model": os.environ.get("PROCESSOR_IDENTIFIER", ""),
        "features": features,
        "source": "IsProcessorFeaturePresent",
    }
