"""GPU arch, driver and detectron2-build rules, fed with facts recorded on real systems."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.recorded.facts import context, load
from torchenv_magic import explain
from torchenv_magic.compat import arch_supports
from torchenv_magic.probes import toolchain
from torchenv_magic.render.table import MINOR_COMPAT, MISMATCH, OK, compat_rows
from torchenv_magic.rules import Context
from torchenv_magic.rules.extensions import extension_abi_mismatch
from torchenv_magic.rules.gpu_facts import driver_too_old, gpu_arch_unsupported

NVML_FILES = [
    "nvml_v100_driver418_torch1.6.json",
    "nvml_driver450_torch1.8.1cu102.json",
    "nvml_driver_cuda9.1_torch1.0.1cu100.json",
    "nvml_rtx5090d_torch2.6cu126.json",
    "nvml_v100_torch2.11cu128.json",
    "nvml_gb10_torch2.13cu130.json",
    "nvml_rtx3080laptop_torch1.9cu111.json",
]
RULES = {"gpu_arch_unsupported": gpu_arch_unsupported, "driver_too_old": driver_too_old}


def problems(rule_name: str, ctx: Context) -> list:
    return [f for f in RULES[rule_name](ctx) if f.severity != "info"]


@pytest.mark.parametrize("name", NVML_FILES)
def test_recorded_reports(name: str) -> None:
    data = load(name)
    ctx = context(data)
    for rule_name, fires in data["expect"].items():
        if rule_name in RULES:
            assert bool(problems(rule_name, ctx)) is fires, (name, rule_name)


def test_driver_418_gets_the_cu101_build_of_the_same_torch() -> None:
    (finding,) = problems("driver_too_old", context(load("nvml_v100_driver418_torch1.6.json")))
    assert finding.cause == "driver_too_old" and finding.severity == "error"
    assert "torch==1.6.0" in finding.fix.code and "https://download.pytorch.org/whl/cu101" in finding.fix.code
    assert any("440.33" in line for line in finding.evidence)  # CUDA 10.2's driver floor
    assert not finding.fix.code.startswith("!")


def test_driver_known_only_by_its_cuda_gets_a_variant_it_runs_or_the_driver_update() -> None:
    # The driver's version was not posted, only the CUDA it supports (9.1): the cu90 build of the
    # same torch runs on it; the driver update names CUDA 10.0's toolkit driver.
    (finding,) = problems("driver_too_old", context(load("nvml_driver_cuda9.1_torch1.0.1cu100.json")))
    assert "torch==1.0.1" in finding.fix.code and "/whl/cu90" in finding.fix.code
    assert "410.48" in finding.fix.note  # CUDA 10.0 GA driver


def test_rtx5090_gets_a_release_with_sm_120() -> None:
    (finding,) = problems("gpu_arch_unsupported", context(load("nvml_rtx5090d_torch2.6cu126.json"), in_kernel=True))
    assert "sm_120" in finding.title
    assert finding.fix.code.startswith("%pip install")
    assert "/whl/cu128" in finding.fix.code  # 2.6's variants all stop at sm_90
    # the newest release whose cu12 build has sm_120 (the 13.x builds need a driver >= 580)
    assert "torch==2.11.0" in finding.fix.code


def test_v100_with_cu128_gets_a_variant_that_still_has_sm_70() -> None:
    findings = problems("gpu_arch_unsupported", context(load("nvml_v100_torch2.11cu128.json")))
    assert len(findings) == 2  # one per GPU
    # pytorch/pytorch#182250: the maintainers' answer was 2.11+cu126 (or 2.10+cu128); 2.11's cu128
    # build dropped Volta (pytorch#175253), its cu126 build kept it. Before the 2.8-2.14 arch rows
    # were sourced this fell back to torch 2.7.0 cu126.
    fix = findings[0].fix
    assert "torch==2.11.0" in fix.code and "/whl/cu126" in fix.code
    assert "sm_70" in fix.note


def test_loaded_arch_list_wins_over_the_table() -> None:
    data = load("nvml_rtx5090d_torch2.6cu126.json")
    data["arch_list"] = [*data["arch_list"], "sm_120"]  # a custom build that has it
    assert problems("gpu_arch_unsupported", context(data)) == []


@pytest.mark.parametrize(
    ("arch_list", "cc", "runs", "source"),
    [
        (["sm_50", "sm_70", "sm_80", "sm_86"], 61, False, "pytorch/pytorch#53164 (GTX 1070 Ti, cu111 nightly)"),
        (["sm_37", "sm_50", "sm_60", "sm_70"], 80, False, "pytorch/pytorch#45028 (A100)"),
        (
            ["sm_37", "sm_50", "sm_60", "sm_61", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90", "compute_37"],
            120,
            False,
            "FrederikHasecke/diffused-texture-addon#18 (RTX 5080)",
        ),
        (["sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90"], 89, True, "sm_86 cubins run on 8.9 (RTX 4090)"),
        (["sm_80", "sm_90"], 87, False, "Jetson Orin (8.7) is excluded from sm_80 (torch DEVICE_REQUIREMENT)"),
        (["sm_75"], 75, True, "exact match"),
    ],
)
def test_arch_supports(arch_list: list[str], cc: int, runs: bool, source: str) -> None:
    assert arch_supports(arch_list, cc) is runs, source


def test_minor_version_compatibility_is_info_not_error() -> None:
    # Driver floor for any CUDA 12.x runtime is 525 (NVIDIA release notes, table 2).
    data = load("nvml_driver450_torch1.8.1cu102.json")
    data["torch"] = {"__version__": "2.5.1+cu124", "cuda": "12.4"}
    data["nvml"] = {"driver_version": "535.104.05", "cuda_driver_version": 12020, "gpus": [{"name": "Tesla T4"}]}
    findings = list(driver_too_old(context(data)))
    assert [f.severity for f in findings] == ["info"]


def test_cpu_build_and_no_gpu_are_left_to_rules_gpu() -> None:
    data = load("nvml_v100_driver418_torch1.6.json")
    data["torch"] = {"__version__": "1.6.0+cpu", "cuda": None}
    ctx = context(data)
    assert list(driver_too_old(ctx)) == [] and list(gpu_arch_unsupported(ctx)) == []
    data = load("nvml_v100_driver418_torch1.6.json")
    ctx = context(data, nvml={"available": False, "error": "NVMLError_LibraryNotFound"})
    assert list(driver_too_old(ctx)) == []


# --- detectron2 ------------------------------------------------------------------------


def d2_context(d2: dict, torch: dict, libs: list[str] | None = None, text: str = "") -> Context:
    facts = {
        "python": {"os": "Linux", "installer": "pip"},
        "torch_build": {"found": True, "version_file": torch, "libs": libs or []},
        "toolchain": {"detectron2": {"installed": True, **d2}},
        "packages": {"installed": {}},
    }
    return Context(facts=facts, capture={"text": text} if text else None)


def test_prebuilt_detectron2_wheel_for_old_torch() -> None:
    # "0.6+cu113" is how the prebuilt wheels are versioned (D2_VERSION_SUFFIX=+$cu,
    # facebookresearch/detectron2 dev/packaging/build_all_wheels.sh); they exist for torch 1.8-1.10.
    ctx = d2_context({"version": "0.6+cu113", "install_kind": "wheel", "needed_libs": None}, {"__version__": "2.5.1+cu124", "cuda": "12.4"})
    (finding,) = extension_abi_mismatch(ctx)
    assert finding.cause == "extension_abi_mismatch"
    assert any("1.10" in line for line in finding.evidence)
    assert "--no-build-isolation" in finding.fix.code and "detectron2.git" in finding.fix.code


def test_prebuilt_detectron2_matching_torch_is_fine() -> None:
    ctx = d2_context(
        {"version": "0.6+cu113", "install_kind": "wheel", "needed_libs": None}, {"__version__": "1.10.1+cu113", "cuda": "11.3"}
    )
    assert list(extension_abi_mismatch(ctx)) == []


def test_detectron2_linked_against_other_cuda_major() -> None:
    d2 = {"version": "0.6", "install_kind": "source", "needed_libs": ["libc10.so", "libc10_cuda.so", "libcudart.so.11.0"]}
    (finding,) = extension_abi_mismatch(d2_context(d2, {"__version__": "2.1.0+cu121", "cuda": "12.1"}))
    assert any("libcudart.so.11.0" in line for line in finding.evidence)
    torch_cpu = {"__version__": "2.1.0+cpu", "cuda": None}
    (finding,) = extension_abi_mismatch(d2_context(d2, torch_cpu, libs=["libc10.so", "libtorch_cpu.so"]))
    assert any("libc10_cuda.so" in line for line in finding.evidence)
    same = {"__version__": "1.13.1+cu117", "cuda": "11.7"}
    assert list(extension_abi_mismatch(d2_context(d2, same, libs=["libc10.so", "libc10_cuda.so"]))) == []


def test_source_build_older_than_torch() -> None:
    d2 = {"version": "0.6", "install_kind": "source", "needed_libs": [], "compiled_mtime": 1000.0, "torch_mtime": 99999.0}
    text = "ImportError: .../detectron2/_C.cpython-38-x86_64-linux-gnu.so: undefined symbol: _ZNK2at6Tensor7is_cudaEv"
    (finding,) = extension_abi_mismatch(d2_context(d2, {"__version__": "1.9.0+cu102", "cuda": "10.2"}, text=text))
    assert finding.confidence >= 0.9  # the failure names detectron2's _C


def test_probe_reads_detectron2_without_importing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A detectron2 package whose _C is a real ELF file (torch's own _C from the test env, or
    # this interpreter's libpython): the probe must list it and read its DT_NEEDED entries.
    elf = next(Path("/usr/lib/x86_64-linux-gnu").glob("libz.so.1*"), None) or Path(shutil.which("python3") or "")
    pkg = tmp_path / "detectron2"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("raise RuntimeError('must not be imported')\n")
    shutil.copy(elf, pkg / "_C.cpython-311-x86_64-linux-gnu.so")
    dist = tmp_path / "detectron2-0.6.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: detectron2\nVersion: 0.6\n")
    (dist / "direct_url.json").write_text(json.dumps({"url": "file:///src/detectron2", "dir_info": {}}))
    monkeypatch.syspath_prepend(str(tmp_path))
    facts = toolchain.detectron2_build()
    assert facts["installed"] and facts["version"] == "0.6" and facts["install_kind"] == "source"
    assert facts["compiled"] == ["_C.cpython-311-x86_64-linux-gnu.so"]
    assert isinstance(facts["needed_libs"], list) and "libc.so.6" in facts["needed_libs"]


@pytest.mark.parametrize(
    ("direct_url", "kind"),
    [
        (None, "wheel"),
        ('{"url": "https://github.com/facebookresearch/detectron2.git", "vcs_info": {"vcs": "git", "commit_id": "abc"}}', "source"),
        ('{"url": "file:///home/u/detectron2", "dir_info": {"editable": true}}', "editable"),
        (
            '{"url": "https://dl.fbaipublicfiles.com/detectron2/wheels/cu113/torch1.10/detectron2-0.6%2Bcu113-cp38-cp38-linux_x86_64.whl", '
            '"archive_info": {}}',
            "wheel",
        ),
    ],
)
def test_install_kind(direct_url: str | None, kind: str) -> None:
    assert toolchain.install_kind(direct_url) == kind


# --- same situation, same answer: pasted text vs live facts, findings vs the panel's table ---------

TOO_OLD_TEXT = "RuntimeError: The NVIDIA driver on your system is too old (found version 11040). Please update your GPU driver"


def cu124_facts(driver: str, driver_cuda: str) -> dict:
    """torch 2.5.1+cu124 on a Linux machine with one T4 and the given driver, as the probes shape it."""
    return {
        "python": {"os": "Linux", "installer": "pip", "version": "3.11.7"},
        "packages": {"installed": {"torch": [{"name": "torch", "version": "2.5.1+cu124", "requires": []}]}},
        "torch_build": {"found": True, "version_file": {"__version__": "2.5.1+cu124", "cuda": "12.4"}},
        "nvml": {
            "available": True,
            "driver_version": driver,
            "cuda_driver_version": driver_cuda,
            "gpus": [{"index": 0, "name": "Tesla T4", "compute_capability": "7.5"}],
        },
    }


def test_driver_too_old_same_answer_from_a_pasted_text_and_from_live_facts() -> None:
    # issue 11: explain said "update the driver" where the live rule said "reinstall cu118".
    (stated,) = [f for f in explain(TOO_OLD_TEXT, packages={"torch": "2.5.1+cu124"}) if f.cause == "driver_too_old"]
    (live,) = driver_too_old(Context(facts=cu124_facts("470.82.01", "11.4"), capture={"text": TOO_OLD_TEXT}))
    assert stated.severity == live.severity == "error" and stated.confidence == live.confidence
    same = "--force-reinstall torch==2.5.1+cu118 torchvision==0.20.1+cu118 --index-url https://download.pytorch.org/whl/cu118"
    assert stated.fix is not None and live.fix is not None
    assert stated.fix.code == f"pip install {same}"  # a pasted text: a portable command
    assert live.fix.code.endswith(f" -m pip install {same}")  # this environment's interpreter
    assert "Or update the NVIDIA driver to 525" in stated.fix.note and "Or update the NVIDIA driver to 525" in live.fix.note
    assert TOO_OLD_TEXT in live.evidence and any(line.startswith("NVML: driver 470.82.01") for line in live.evidence)
    assert "stated: torch 2.5.1+cu124" in stated.evidence


@pytest.mark.parametrize(
    ("driver", "driver_cuda", "severities", "status"),
    [
        ("535.104.05", "12.2", ["info"], MINOR_COMPAT),  # 12.x minor-version compatibility (driver >= 525)
        ("470.82.01", "11.4", ["error"], MISMATCH),
        ("560.35.03", "12.6", [], OK),
    ],
)
def test_panel_table_and_findings_agree_on_the_driver(driver: str, driver_cuda: str, severities: list[str], status: str) -> None:
    facts = cu124_facts(driver, driver_cuda)
    assert [f.severity for f in driver_too_old(Context(facts=facts))] == severities
    (driver_row,) = [r for r in compat_rows(facts) if r.component == "NVIDIA driver"]
    assert driver_row.status == status


def test_no_kernel_image_overruled_when_the_build_has_code_for_the_gpu() -> None:
    data = load("nvml_rtx5090d_torch2.6cu126.json")
    data["arch_list"] = [*data["arch_list"], "sm_120"]
    data["error_text"] = "RuntimeError: CUDA error: no kernel image is available for execution on the device"
    (finding,) = gpu_arch_unsupported(context(data))
    assert finding.severity == "warning" and finding.confidence <= 0.5
    assert "extension" in finding.explanation


def test_sm_120_text_and_nvml_facts_give_one_finding_per_gpu_with_both_evidences() -> None:
    data = load("nvml_rtx5090d_torch2.6cu126.json")
    data["error_text"] = "NVIDIA GeForce RTX 5090 D with CUDA capability sm_120 is not compatible with the current PyTorch installation."
    (finding,) = gpu_arch_unsupported(context(data))
    assert finding.confidence >= 0.95 and any("NVML" in line for line in finding.evidence)
    assert any("sm_120 is not compatible" in line for line in finding.evidence)


# The message torch prints when the driver is older than its CUDA runtime (torch/cuda/__init__.py,
# "found version 11040": a driver that supports CUDA 11.4), pasted with the stated torch build.
OLD_DRIVER = (
    "UserWarning: CUDA initialization: The NVIDIA driver on your system is too old (found version 11040). Please update "
    "your GPU driver by downloading and installing a new version from the URL: http://www.nvidia.com/Download/index.aspx"
)


def test_old_driver_gets_the_driver_update_and_the_build_of_the_same_torch_it_runs() -> None:
    finding = explain(OLD_DRIVER, platform="linux", packages={"torch": "2.1.0+cu121"})[0]
    assert finding.cause == "driver_too_old" and finding.fix is not None
    # The hardware runs torch 2.1.0 today: its cu118 build (CUDA 11.8 by minor-version compatibility).
    assert "torch==2.1.0" in finding.fix.code and "/whl/cu118" in finding.fix.code
    assert "update the NVIDIA driver to 525 or newer" in finding.fix.note  # CUDA 12.1's floor
    assert "or install the CUDA 11.8 build of the same torch 2.1.0, which this driver runs" in finding.explanation


# torch's warning for a GPU outside the build's arch list (torch/cuda/__init__.py _check_capability),
# with the arch list of the official 2.14.1 CUDA 13.0 build (data/torch_arch_list.csv).
GTX_1080_ON_CU130 = (
    "UserWarning: NVIDIA GeForce GTX 1080 with CUDA capability sm_61 is not compatible with the current PyTorch installation.\n"
    "The current PyTorch install supports CUDA capabilities sm_75 sm_80 sm_86 sm_90 sm_100 sm_120."
)


def test_old_gpu_gets_the_same_release_in_the_variant_that_still_has_its_arch() -> None:
    finding = explain(GTX_1080_ON_CU130, platform="linux", packages={"torch": "2.14.1+cu130"})[0]
    assert finding.cause == "gpu_arch_unsupported" and finding.fix is not None
    assert "torch==2.14.1" in finding.fix.code and "/whl/cu126" in finding.fix.code  # not an older torch
