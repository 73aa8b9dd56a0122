"""A process killed while torch loads: an illegal instruction (the CPU) or an abort (two OpenMP runtimes).

The CPU facts are recorded from real reports (sources beside each); the OpenMP runtimes
are real files in a temporary environment layout, found by the real probe.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from torchenv_magic import explain
from torchenv_magic.breadcrumbs import death_capture
from torchenv_magic.diagnosis import diagnose_facts
from torchenv_magic.probes import cpu, openmp

# pytorch/pytorch#2714: /proc/cpuinfo of an Intel Core i3-7100U (has AVX2), as posted (first lines).
FLAGS_I3_7100U = (
    "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss "
    "ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology "
    "nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx est tm2 ssse3 sdbg fma cx16 xtpr pdcm "
    "pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch "
    "cpuid_fault epb invpcid_single pti ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase "
    "tsc_adjust bmi1 avx2 smep bmi2 erms invpcid mpx rdseed adx smap clflushopt intel_pt xsaveopt xsavec xgetbv1 "
    "xsaves dtherm arat pln pts hwp hwp_notify hwp_act_window hwp_epp md_clear flush_l1d"
)
CPUINFO_I3_7100U = (
    "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 142\n"
    "model name\t: Intel(R) Core(TM) i3-7100U CPU @ 2.40GHz\n"
    f"flags\t\t: {FLAGS_I3_7100U}\n"
)
# pytorch/pytorch#22338: `lscpu` of a KVM guest whose CPU model hides AVX ("Illegal instruction
# (core dumped)" on import); its model name and Flags line, in /proc/cpuinfo's layout.
FLAGS_QEMU_RHEL6 = (
    "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pse36 clflush mmx fxsr sse sse2 syscall nx lm nopl "
    "cpuid pni cx16 hypervisor lahf_lm abm pti"
)
CPUINFO_QEMU_RHEL6 = f"model name\t: QEMU Virtual CPU version (cpu64-rhel6)\nflags\t\t: {FLAGS_QEMU_RHEL6}\n"
# pytorch/pytorch#37577: gdb on `python -c "import torch"` on a CPU without AVX.
GDB_SIGILL = """Program received signal SIGILL, Illegal instruction.
0x00007fffe9076f17 in _GLOBAL__sub_I_BinaryOpsKernel.cpp.AVX2.cpp ()
   from /home/j/src/pytorch/torch/lib/libtorch_cpu.so"""


def test_cpuinfo_of_a_real_cpu_and_of_a_vm_that_hides_avx() -> None:
    laptop = cpu.parse_cpuinfo(CPUINFO_I3_7100U)
    assert laptop["model"] == "Intel(R) Core(TM) i3-7100U CPU @ 2.40GHz"
    assert laptop["features"] == {"sse4_2": True, "avx": True, "avx2": True, "fma": True, "avx512f": False}
    assert laptop["virtual"] is False
    vm = cpu.parse_cpuinfo(CPUINFO_QEMU_RHEL6)
    assert vm["virtual"] is True
    assert [name for name, has in vm["features"].items() if not has] == ["sse4_2", "avx", "avx2", "fma", "avx512f"]


def test_this_machines_cpu_is_read() -> None:
    facts = cpu.probe()
    assert facts["machine"]
    if facts["x86"] and Path("/proc/cpuinfo").exists():
        assert facts["source"] == "/proc/cpuinfo" and set(facts["features"]) == set(cpu.FEATURES)
        assert facts["missing"] == [name for name, has in facts["features"].items() if not has]


def _cpu_facts(text: str) -> dict[str, Any]:
    facts = {"machine": "x86_64", "x86": True, **cpu.parse_cpuinfo(text)}
    facts["missing"] = [name for name, has in facts["features"].items() if not has]
    return facts


def _death(fatal: str) -> dict[str, Any]:
    capture = death_capture({"import_line": "import torch", "fatal": fatal})
    assert capture["type"] == "KernelDeath"
    return capture


def _live(facts: dict[str, Any], capture: dict[str, Any]) -> list[Any]:
    torch = {"version": "2.13.0+cpu", "location": "/env/lib/python3.11/site-packages"}
    base: dict[str, Any] = {"python": {"os": "Linux", "bits": 64, "version": "3.11.7"}, "packages": {"installed": {"torch": [torch]}}}
    return diagnose_facts({**base, **facts}, capture, in_kernel=True).findings


def test_kernel_killed_by_sigill_in_a_vm_without_avx_gets_the_vm_cpu_type() -> None:
    top = _live({"cpu": _cpu_facts(CPUINFO_QEMU_RHEL6)}, _death("Fatal Python error: Illegal instruction"))[0]
    assert top.cause == "wheel_platform_mismatch"
    assert top.title == "QEMU Virtual CPU version (cpu64-rhel6) has no AVX and AVX2; torch died on an instruction it lacks"
    assert any("lacks sse4_2, avx, avx2, fma, avx512f (virtual machine)" in line for line in top.evidence)
    assert top.fix is not None and "CPU type 'host'" in top.fix.code


def test_kernel_killed_by_sigill_on_a_cpu_with_avx2_blames_the_build() -> None:
    top = _live({"cpu": _cpu_facts(CPUINFO_I3_7100U)}, _death("Fatal Python error: Illegal instruction"))[0]
    assert top.cause == "wheel_platform_mismatch"
    assert top.title == "A library torch loaded was built for a newer CPU than this one"
    assert top.fix is not None and "official index" in top.fix.code


def test_sigill_under_rosetta_gets_a_native_python() -> None:
    facts = {"machine": "x86_64", "x86": True, "model": "Apple M2", "features": {}, "translated": True, "source": "sysctl"}
    top = _live({"cpu": facts}, _death("Fatal Python error: Illegal instruction"))[0]
    assert top.title.startswith("An Intel (x86-64) Python runs under Rosetta 2")
    assert top.fix is not None and "arm64" in top.fix.code


@pytest.mark.parametrize(
    "text",
    [
        GDB_SIGILL,
        "$ python -c 'import torch'\nIllegal instruction (core dumped)",
        "zsh: illegal hardware instruction  python -c 'import torch'",
        "Process finished with exit code 132 (interrupted by signal 4: SIGILL)",
        "Process finished with exit code -1073741795 (0xC000001D)",
    ],
)
def test_pasted_illegal_instruction_texts(text: str) -> None:
    top = explain(text)[0]
    assert top.cause == "wheel_platform_mismatch"
    assert top.fix is not None and top.fix.kind == "shell"


def test_pasted_windows_sigill_gets_a_windows_check() -> None:
    top = explain("Process finished with exit code -1073741795 (0xC000001D)", platform="windows")[0]
    assert top.fix is not None and "IsProcessorFeaturePresent(40)" in top.fix.code


def _env_with_runtimes(root: Path, names: list[tuple[str, str]]) -> None:
    for folder, name in names:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_bytes(b"\x7fELF" + name.encode())


def test_openmp_probe_finds_copies_in_torch_lib_the_env_and_vendored_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "lib" / "python3.11" / "site-packages"
    _env_with_runtimes(
        tmp_path,
        [
            ("lib", "libiomp5.so"),  # where `pip install intel-openmp` / conda's intel-openmp put it
            ("lib", "libgomp.so.1"),  # GNU's: another runtime, no Error #15
            (str(site.relative_to(tmp_path) / "torch" / "lib"), "libomp.dylib"),
            (str(site.relative_to(tmp_path) / "scikit_learn.libs"), "libgomp-a34b3233.so.1.0.0"),
            (str(site.relative_to(tmp_path) / "faiss.libs"), "libiomp5-4c5b6d2e.so"),
            (str(site.relative_to(tmp_path) / "torch" / "lib"), "libtorch_cpu.so"),
        ],
    )
    monkeypatch.setattr(openmp.sys, "prefix", str(tmp_path))
    monkeypatch.setattr(openmp, "_site_packages", lambda: [site])
    facts = openmp.probe()
    found = {(Path(item["path"]).name, item["family"], item["owner"]) for item in facts["runtimes"]}
    assert found == {
        ("libiomp5.so", "llvm", "environment"),
        ("libgomp.so.1", "gnu", "environment"),
        ("libomp.dylib", "llvm", "torch"),
        ("libgomp-a34b3233.so.1.0.0", "gnu", "scikit_learn"),
        ("libiomp5-4c5b6d2e.so", "llvm", "faiss"),
    }
    assert facts["llvm_copies"] == 3


def test_a_hard_link_is_one_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _env_with_runtimes(tmp_path, [("lib", "libiomp5.so")])
    (tmp_path / "Library" / "bin").mkdir(parents=True)
    os.link(tmp_path / "lib" / "libiomp5.so", tmp_path / "Library" / "bin" / "libiomp5md.dll")  # Path.hardlink_to: 3.10+
    monkeypatch.setattr(openmp.sys, "prefix", str(tmp_path))
    monkeypatch.setattr(openmp, "_site_packages", lambda: [])
    assert openmp.probe()["llvm_copies"] == 1


OPENMP_TWO_COPIES = {
    "runtimes": [
        {"path": "/env/lib/libiomp5.so", "family": "llvm", "owner": "environment"},
        {"path": "/env/lib/python3.11/site-packages/torch/lib/libiomp5.so", "family": "llvm", "owner": "torch"},
    ],
    "llvm_copies": 2,
}


def test_kernel_aborted_with_two_openmp_copies_is_omp_error_15() -> None:
    top = _live({"openmp": OPENMP_TWO_COPIES}, _death("Fatal Python error: Aborted"))[0]
    assert top.cause == "lib_version_conflict"
    assert top.title == "Two OpenMP runtimes were loaded into one process (OMP: Error #15)"
    assert "openmp probe: /env/lib/libiomp5.so (environment)" in top.evidence
    assert top.fix is not None and "/env/lib" in top.fix.code + top.fix.note


def test_an_abort_alone_names_nothing() -> None:
    one = {"runtimes": OPENMP_TWO_COPIES["runtimes"][:1], "llvm_copies": 1}
    causes = [finding.cause for finding in _live({"openmp": one}, _death("Fatal Python error: Aborted"))]
    assert "lib_version_conflict" not in causes
    assert [finding.cause for finding in explain("Fatal Python error: Aborted")] == ["other"]
