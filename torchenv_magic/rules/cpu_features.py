"""An illegal instruction while torch loads: this CPU against the build (part of wheel_platform_mismatch).

The process died with SIGILL: some code used an instruction this CPU does not have. The
CPU's features (probes/cpu.py) decide what to say:

- a CPU without AVX2 (or AVX): torch's x86 kernels choose DEFAULT/AVX2/AVX512 at run time,
  but crashes on such CPUs have come from code that used them anyway (pytorch/pytorch#37577,
  #43300) and from virtual machines whose CPU model hides them (#22338). In a VM the fix is
  the VM's CPU type; on real hardware, a build for this CPU.
- an x86-64 Python under Rosetta 2 on an Apple-silicon Mac: a native arm64 Python.
- a CPU that has them all: the library was built for a newer CPU than this one (a source
  build with ``-march=native`` on another machine, a vendor wheel), not for this CPU.
"""

from __future__ import annotations

from typing import Any

from ..explainer.signals import Signal, evidence_of
from ..model import Finding, Fix
from . import Context
from .shared_folders import sole_wheel_fix

_CAUSE = "wheel_platform_mismatch"
_SOURCES = "pytorch/pytorch#37577, #43300, #22338"


def illegal_instruction_finding(ctx: Context, signals: list[Signal]) -> Finding:
    cpu = ctx.fact("cpu")
    top = signals[0]
    evidence = evidence_of(signals) + _cpu_evidence(cpu) + ctx.torch_evidence()
    missing = [name for name in cpu.get("missing") or [] if name in ("avx", "avx2")]
    if cpu.get("translated"):
        return _rosetta(top, evidence)
    if missing:
        return _cpu_lacks(cpu, missing, top, evidence)
    if top.get("replacement"):
        return _library_build_for_older_cpus(ctx, top, evidence)
    if cpu.get("features"):
        return _built_for_newer_cpu(cpu, top, evidence)
    return _unknown_cpu(ctx, top, evidence)


def _finding(title: str, why: str, evidence: list[str], fix: Fix, confidence: float, verdict: str) -> Finding:
    return Finding(_CAUSE, "error", title, why, evidence, fix, confidence, verdict=verdict)


def _library_build_for_older_cpus(ctx: Context, top: Signal, evidence: list[str]) -> Finding:
    """A library whose own CPU check named its build for CPUs without these extensions (explainer/process_death.py)."""
    package, replacement = str(top.get("package")), str(top.get("replacement"))
    note = (
        f"Both install the same module, {package}: uninstall one before installing the other. In a Dockerfile, install it "
        "in place of the other; on an Apple-silicon Mac, a native arm64 image or Python needs neither."
    )
    return _finding(
        f"{package}'s build needs vector extensions this CPU lacks; {package} names {replacement} for such CPUs",
        f"{package} checked the CPU as it started and found extensions its build uses missing (an old CPU, a virtual "
        "machine hiding them, or an x86-64 container emulated on an Apple-silicon Mac), and the process then died on one. "
        f"{package} publishes {replacement}, built without them, for such CPUs.",
        evidence,
        sole_wheel_fix(ctx, (package,), ctx.install([replacement], restart_kernel=True, note=note)),
        max(top.confidence, 0.8),
        f"This CPU lacks instructions {package}'s build uses: install {replacement} instead.",
    )


def _rosetta(top: Signal, evidence: list[str]) -> Finding:
    return _finding(
        "An Intel (x86-64) Python runs under Rosetta 2 on this Apple-silicon Mac",
        "Rosetta translates x86-64 code, but not every vector instruction (Apple: AVX, AVX2 and AVX-512 are not "
        "translated before macOS 15, and the translated CPU never reports them). torch's Intel build died on one. "
        "A native arm64 Python runs the arm64 torch wheels, with the MPS GPU backend.",
        evidence,
        Fix(
            kind="manual",
            code="Install a native arm64 Python (python.org's universal2 installer, or Miniforge's osx-arm64 conda), "
            "create the environment with it and register that as the kernel: python -m ipykernel install --user --name arm64",
            note="`python -c \"import platform; print(platform.machine())\"` says arm64 for a native Python.",
        ),
        max(top.confidence, 0.85),
        "This Python is the Intel version running through Rosetta; torch needs the native Apple-silicon Python.",
    )


def _cpu_lacks(cpu: dict[str, Any], missing: list[str], top: Signal, evidence: list[str]) -> Finding:
    names = " and ".join(name.upper() for name in missing)
    model = cpu.get("model") or "This CPU"
    if cpu.get("virtual"):
        fix = Fix(
            kind="manual",
            code="Give the virtual machine the host's CPU model (Proxmox/libvirt/QEMU: CPU type 'host'; "
            "VirtualBox: disable the paravirtualised CPU profile; a cloud VM: a current instance type), then restart it.",
            note=f"Inside the VM, `grep -o -w avx2 /proc/cpuinfo` should then print avx2. Reports: {_SOURCES}.",
        )
        where = " This is a virtual machine: its virtual CPU model hides instructions the host may well have."
    else:
        fix = Fix(
            kind="manual",
            code="Run torch on a machine whose CPU has AVX2 (Intel since 2013 Haswell, AMD since 2015 Excavator), "
            "or build torch from source on this one (https://github.com/pytorch/pytorch#from-source).",
            note=f"An older torch release does not help reliably: the same crash was reported across releases ({_SOURCES}).",
        )
        where = ""
    return _finding(
        f"{model} has no {names}; torch died on an instruction it lacks",
        f"The kernel was killed by an illegal instruction while torch loaded. {model} lacks {names}, vector "
        f"instructions that torch's prebuilt x86 libraries and their dependencies use on fast paths; torch is meant "
        f"to fall back to plain code on such CPUs, but crashes like this one were reported ({_SOURCES}).{where}",
        evidence,
        fix,
        max(top.confidence, 0.85),
        f"This processor lacks {names} instructions, and torch crashed using one of them.",
    )


def _built_for_newer_cpu(cpu: dict[str, Any], top: Signal, evidence: list[str]) -> Finding:
    model = cpu.get("model") or "this CPU"
    return _finding(
        "A library torch loaded was built for a newer CPU than this one",
        f"The kernel was killed by an illegal instruction while torch loaded, although {model} has SSE4.2, AVX and "
        "AVX2. So a library in the import was compiled for a CPU with more (AVX-512 variants, AMX, or "
        "`-march=native` on the build machine): a source build or a wheel from another index. The official wheels "
        "choose their kernels for the CPU they run on.",
        evidence,
        Fix(
            kind="manual",
            code="Reinstall the torch family from the official index (https://pytorch.org/get-started/locally/), or "
            "rebuild the source build on this machine.",
            note="`python -X faulthandler -c \"import torch\"` in a terminal shows the Python frame it died in; "
            "`gdb -batch -ex run -ex bt --args python -c \"import torch\"` names the library.",
        ),
        top.confidence,
        "Something torch loaded was compiled for a newer processor than this one, and crashed the kernel.",
    )


def needs_avx_finding(ctx: Context, signals: list[Signal]) -> Finding:
    """A framework whose prebuilt binaries use AVX (TensorFlow from 1.6) failed to start: a CPU without AVX, unless the
    facts show this CPU has it (explainer/windows_dll.py cites the release note and the report)."""
    top, cpu = signals[0], ctx.fact("cpu")
    framework = str(top.get("framework") or "This framework")
    features = cpu.get("features")
    has_avx = isinstance(features, dict) and features.get("avx") is True
    platform = ctx.platform or "windows"
    return _finding(
        f"{framework}'s prebuilt build needs a CPU with AVX instructions",
        f"{framework}'s prebuilt binaries use AVX instructions (from TensorFlow 1.6 on), and on a CPU without them its "
        "library fails as it starts: on Windows as a DLL whose initialization routine failed. "
        + ("This CPU does have AVX, so look at the other readings first." if has_avx else "Check this CPU for AVX."),
        evidence_of(signals) + _cpu_evidence(cpu),
        Fix(
            kind="shell",
            code=_CHECK_COMMAND.get(platform, _CHECK_COMMAND["windows"]),
            note=f"No AVX: run {framework} on a CPU that has it (Intel since 2011 Sandy Bridge, AMD since 2011 "
            f"Bulldozer; in a virtual machine, give it the host's CPU type), or install a {framework} build compiled "
            "without AVX; an older release does not help from 1.6 on.",
        ),
        0.3 if has_avx else top.confidence,
        f"{framework} most likely needs AVX instructions that this processor lacks.",
    )


# How to read the CPU's vector extensions on each OS (no torchenv_magic needed on that machine).
_CHECK_COMMAND = {
    "linux": "grep -o -w -E 'avx|avx2|avx512f|hypervisor' /proc/cpuinfo | sort -u",
    "macos": "sysctl -n machdep.cpu.brand_string machdep.cpu.features machdep.cpu.leaf7_features sysctl.proc_translated",
    "windows": "python -c \"import ctypes; k = ctypes.windll.kernel32; "
    "print('AVX', k.IsProcessorFeaturePresent(39), 'AVX2', k.IsProcessorFeaturePresent(40))\"",
}


def _unknown_cpu(ctx: Context, top: Signal, evidence: list[str]) -> Finding:
    command = _CHECK_COMMAND.get(ctx.platform or "linux", _CHECK_COMMAND["linux"])
    return _finding(
        "The process died on an illegal instruction: code built for a CPU with more vector extensions",
        "An illegal instruction while torch loads means a library used an instruction this CPU lacks: usually AVX or "
        f"AVX2 on an older CPU or in a virtual machine whose CPU model hides them ({_SOURCES}), or a build compiled "
        "for a newer CPU than this one.",
        evidence,
        Fix(
            kind="shell",
            code=command,
            note="It lists the CPU's vector extensions. No avx2: run on a CPU (or a VM with CPU type 'host') that has "
            "it, or build torch from source on this machine.",
        ),
        top.confidence,
        "The kernel crashed on a processor instruction this computer does not have.",
    )


def _cpu_evidence(cpu: dict[str, Any]) -> list[str]:
    features = cpu.get("features")
    if not isinstance(features, dict):
        return []
    present = [name for name, has in features.items() if has]
    absent = [name for name, has in features.items() if has is False]
    line = f"cpu probe ({cpu.get('source')}): {cpu.get('model') or 'CPU'}: has {', '.join(present) or 'none of ' + '/'.join(features)}"
    if absent:
        line += f"; lacks {', '.join(absent)}"
    if cpu.get("virtual"):
        line += " (virtual machine)"
    return [line]
