"""Tests for torchenv_magic.compat and the data tables behind it."""

from __future__ import annotations

import csv
import io
from importlib import resources

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from torchenv_magic import compat

TABLES = {
    "torch_releases": ("torch",),
    "torch_wheel_variants": ("torch", "accelerator", "version"),
    "torch_python": ("torch_minor",),
    "torch_cudnn": ("torch", "cuda"),
    "torch_arch_list": ("torch", "cuda"),
    "torch_pypi_default_cuda": ("torch",),
    "cuda_driver": ("cuda",),
    "cuda_minor_compat": ("cuda_major",),
    "gpu_compute_capability": ("gpu",),
    "detectron2_wheels": ("detectron2", "torch", "cuda"),
    "detectron2_requirements": ("requirement",),
    "msvc_runtime": ("torch_minor",),
    "glibcxx_gcc": ("glibcxx",),
    "torchtext_releases": ("torch",),
    "xformers_releases": ("torch",),
    "torchao_releases": ("torch",),
    "extension_distributions": ("name",),
}
VERSION_COLUMNS = {
    "torch",
    "torchvision",
    "torchaudio",
    "torchtext",
    "xformers",
    "version",
    "cuda",
    "cudnn",
    "torch_minor",
    "compute_capability",
    "detectron2",
    "torchao",
}


def _rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("torchenv_magic") / "data" / f"{name}.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(compat.strip_comment_header(text))))


def test_every_data_file_is_known() -> None:
    names = {p.name[:-4] for p in (resources.files("torchenv_magic") / "data").iterdir() if p.name.endswith(".csv")}
    assert set(TABLES) <= names


@pytest.mark.parametrize("name", sorted(TABLES))
def test_rows_have_sources(name: str) -> None:
    rows = _rows(name)
    assert rows
    for row in rows:
        assert row["source"].strip(), row


@pytest.mark.parametrize("name", sorted(TABLES))
def test_no_duplicate_keys(name: str) -> None:
    keys = [tuple(row[k].strip().lower() for k in TABLES[name]) for row in _rows(name)]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("name", sorted(TABLES))
def test_versions_parse(name: str) -> None:
    for row in _rows(name):
        for col, value in row.items():
            if col in VERSION_COLUMNS and value and value != "cpu":
                Version(value)
        if name == "torch_python":
            SpecifierSet(row["python_specifier"])
        if name == "cuda_driver":
            assert row["linux_min_driver"]
            for col in ("linux_min_driver", "windows_min_driver"):
                if row[col]:
                    assert all(p.isdigit() for p in row[col].split(".")), row
        if name == "torch_arch_list":
            assert all(a.startswith("sm_") for a in row["arch_list"].split(";"))


def test_torch_releases_cover_1_0_to_2_14() -> None:
    known = compat.known_torch_releases()
    assert known[0] == "1.0.0"
    assert known[-1] == "2.14.1"
    minors = {tuple(int(p) for p in v.split(".")[:2]) for v in known}
    for minor in range(0, 14):
        if minor != 3:
            assert (1, minor) in minors or minor > 13
    for minor in range(0, 15):
        assert (2, minor) in minors


# -- torchvision / torchaudio ------------------------------------------------


@pytest.mark.parametrize(
    ("torch", "tv"),
    [
        ("1.0.0", "0.2.1"),
        ("1.0.1", "0.2.2"),
        ("1.13.1", "0.14.1"),
        ("2.0.1", "0.15.2"),
        ("2.5.1", "0.20.1"),
        ("2.5.1+cu124", "0.20.1"),
        ("v2.5.1", "0.20.1"),
        ("2.5", "0.20.1"),
        ("2.13.0+cpu", "0.28.0"),
        ("2.14.0", "0.29.0"),
        ("2.14.1", "0.29.1"),
        ("2.14.1+cu130", "0.29.1"),
        ("2.14", "0.29.1"),
        ("2.6.0a0+git1234", "0.21.0"),
    ],
)
def test_torchvision_for(torch: str, tv: str) -> None:
    assert compat.torchvision_for(torch) == tv


def test_torchvision_patch_pairings_filled_from_spack() -> None:
    # spack/spack-packages py_torchvision/package.py: depends_on("py-torch@2.7.1", when="@0.22.1") etc.
    assert compat.torchvision_for("2.7.1") == "0.22.1"
    assert compat.torchvision_for("2.12.0") == "0.27.0"
    assert compat.torch_for_torchvision("0.27.0") == "2.12.0"


def test_torchvision_minor_only_when_patch_missing() -> None:
    # torch patch releases no source names get the companion's minor version
    assert compat.torchvision_for("2.7.2") == "0.22"
    assert compat.torchvision_for("2.13.1") == "0.28"


@pytest.mark.parametrize(
    ("torch", "ta"),
    [
        ("1.13.1", "0.13.1"),
        ("2.0.1", "2.0.2"),
        ("2.5.1", "2.5.1"),
        ("2.14.1+cu130", "2.11.0"),
        ("1.0.0", None),
    ],
)
def test_torchaudio_for(torch: str, ta: str | None) -> None:
    assert compat.torchaudio_for(torch) == ta


@pytest.mark.parametrize(
    ("tv", "torch"),
    [("0.20.1", "2.5.1"), ("0.29.1", "2.14.1"), ("0.2.1", "1.0.0"), ("0.22.1", "2.7.1"), ("0.22.9", "2.7"), ("0.20", "2.5.1")],
)
def test_torch_for_torchvision(tv: str, torch: str) -> None:
    assert compat.torch_for_torchvision(tv) == torch


# -- variants, cudnn, arch -----------------------------------------------------


def test_cuda_variants() -> None:
    assert compat.cuda_variants_for("1.0.0") == ["8.0", "9.0", "10.0"]
    assert compat.cuda_variants_for("1.13.1") == ["11.6", "11.7"]
    assert compat.cuda_variants_for("2.0.1+cu117") == ["11.7", "11.8"]
    assert compat.cuda_variants_for("2.5.1") == ["11.8", "12.1", "12.4"]
    assert compat.cuda_variants_for("2.14.1") == ["12.6", "13.0", "13.2"]
    assert compat.cuda_variants_for("2.5") == ["11.8", "12.1", "12.4"]
    assert compat.rocm_variants_for("2.5.1") == ["6.1", "6.2"]


def test_cudnn_and_arch() -> None:
    assert compat.cudnn_for("2.1.2", "12.1") == "8.9.2.26"
    assert compat.cudnn_for("2.0.1", "cu117") == "8.5.0.96"
    assert compat.cudnn_for("2.14.1+cu130", "13.0") == "9.24.0.43"
    assert compat.cudnn_for("2.14.1", "12.6") == "9.10.2.21"  # the 2.14 row of RELEASE.md (pytorch#194367)
    assert compat.cudnn_for("2.4.1", "12.4") == "9.1.0.70"
    assert compat.cudnn_for("2.6.0+cu126", "12.6") == "9.5.1.17"
    assert compat.cudnn_for("2.10.0", "13.0") is None  # pytorch#173677 changed it; variants not readable
    assert compat.cudnn_for("2.13.0", "13.2") == "9.20.0.48"
    assert compat.cudnn_for("2.8.0", "12.8") is None  # not sourced yet
    arch = compat.arch_list_for("2.5.1", "12.4")
    assert arch is not None and "sm_90" in arch and "sm_37" not in arch
    assert "sm_37" in (compat.arch_list_for("2.5.1", "11.8") or [])


SM_126 = ["sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90"]
SM_TURING_BLACKWELL = ["sm_75", "sm_80", "sm_86", "sm_90", "sm_100", "sm_120"]


@pytest.mark.parametrize(
    ("torch", "cuda", "arch"),
    [
        # pip wheels (pytorch/builder manywheel/build_cuda.sh on the release branch), not conda builds:
        # no sm_61 / sm_35 / sm_90a, and the cu102 wheel of 1.12 stops at sm_70
        ("1.12.1", "10.2", ["sm_37", "sm_50", "sm_60", "sm_70"]),
        ("2.5.1", "12.4", SM_126),
        ("2.8.0", "12.8", ["sm_70", *SM_TURING_BLACKWELL]),  # Volta kept for 2.8 (pytorch#160269)
        ("2.9.1", "13.0", SM_TURING_BLACKWELL),
        ("2.10.0", "12.8", ["sm_70", *SM_TURING_BLACKWELL]),
        ("2.11.0", "12.8", SM_TURING_BLACKWELL),  # Volta dropped from cu128 in 2.11 (pytorch#175253)
        ("2.11.0", "12.6", SM_126),
        ("2.12.0", "13.2", SM_TURING_BLACKWELL),
        ("2.13.0", "12.6", SM_126),
        ("2.14.1", "13.0", SM_TURING_BLACKWELL),  # measured from the wheel on this machine
        ("2.14.1+cu126", "12.6", SM_126),
    ],
)
def test_arch_list_for(torch: str, cuda: str, arch: list[str]) -> None:
    assert compat.arch_list_for(torch, cuda) == arch


def test_arch_list_unknown() -> None:
    assert compat.arch_list_for("1.11.0", "11.3") is None
    assert compat.arch_list_for("2.13.0", "12.9") is None  # no 2.13 cu129 wheel in the variant table


def test_sm_70_builds_after_2_10() -> None:
    """What the V100 fix relies on: which sourced release/variant pairs still carry sm_70."""
    with_volta = {
        (r, v)
        for r in compat.known_torch_releases()
        if Version(r) >= Version("2.10")
        for v in compat.cuda_variants_for(r)
        if "sm_70" in (compat.arch_list_for(r, v) or [])
    }
    assert ("2.10.0", "12.8") in with_volta and ("2.11.0", "12.6") in with_volta
    assert ("2.11.0", "12.8") not in with_volta and ("2.14.1", "13.0") not in with_volta


# -- drivers --------------------------------------------------------------------


def test_min_driver() -> None:
    assert compat.min_driver_for("12.4") == "550.54.14"
    assert compat.min_driver_for("12.4.1") == "550.54.15"
    assert compat.min_driver_for("12.4", "windows") == "551.61"
    assert compat.min_driver_for("cu118") == "520.61.05"
    assert compat.min_driver_for("13.0") == "580.65.06"
    assert compat.min_driver_for("13.0", "windows") is None
    assert compat.min_driver_for("8.0") == "367.48"
    assert compat.min_driver_for("10.2") == "440.33"
    assert compat.min_driver_for("12.6", minor_compat=True) == "525"
    assert compat.min_driver_for("13.2", "windows", minor_compat=True) == "580"
    assert compat.min_driver_minor_compat("11.8") == "450"
    assert compat.min_driver_for("12.4", "macos") is None


def test_newest_cuda_variant_for_driver() -> None:
    assert compat.newest_cuda_variant_for_driver("2.14.1", "575.57.08") == "12.6"
    assert compat.newest_cuda_variant_for_driver("2.14.1", "580.65.06") == "13.2"
    assert compat.newest_cuda_variant_for_driver("2.5.1", "470.82.01") == "11.8"
    assert compat.newest_cuda_variant_for_driver("2.5.1", "440.33") is None
    assert compat.newest_cuda_variant_for_driver("1.0.0", "400.0") == "9.0"


@pytest.mark.parametrize(
    ("driver", "cuda", "os", "driver_cuda", "verdict"),
    [
        ("560.35.03", "12.4", "linux", None, "ok"),  # at least 12.4's toolkit driver (550.54.14)
        ("535.104.05", "12.4", "linux", None, "minor_compat"),  # 12.x floor 525 (table 2)
        ("535.104.05", "12.4", "linux", "12.2", "minor_compat"),
        ("470.82.01", "12.4", "linux", "11.4", "too_old"),  # another CUDA major
        ("520.61.05", "12.1", "linux", None, "too_old"),  # below 12.x's floor
        (None, "12.4", "linux", "11.4", "too_old"),  # known only by the CUDA it reports
        (None, "11.8", "linux", "11.4", "minor_compat"),  # reports 11.4: at least 470.42.01 >= 450
        (None, "12.4", "linux", "12.6", "ok"),
        ("418.67", "10.2", "linux", "10.1", "too_old"),  # CUDA 10 has no minor-version compatibility
        ("575.57.08", "13.0", "windows", None, "too_old"),  # 13.x needs 580 (no Windows toolkit row)
        (None, "12.4", "linux", None, None),
        ("535.104.05", "not cuda", "linux", None, None),
        ("535.104.05", "12.4", "macos", None, None),
    ],
)
def test_driver_supports(driver: str | None, cuda: str, os: str, driver_cuda: str | None, verdict: str | None) -> None:
    assert compat.driver_supports(driver, cuda, os, driver_cuda) == verdict


def test_newest_cuda_variant_for_a_driver_known_by_its_cuda() -> None:
    # "The NVIDIA driver on your system is too old (found version 11040)" under torch 2.5.1+cu124
    assert compat.newest_cuda_variant_for_driver("2.5.1", None, "linux", "11.4") == "11.8"
    assert compat.newest_cuda_variant_for_driver("1.0.1.post2", None, "linux", "9.1") == "9.0"
    assert compat.newest_cuda_variant_for_driver("2.5.1", None) is None


def test_min_driver_to_run() -> None:
    assert compat.min_driver_to_run("12.4") == "525"  # minor-version compatibility
    assert compat.min_driver_to_run("10.2") == "440.33"  # toolkit driver: no minor compat before 11


def test_old_gpu_gets_the_variant_of_the_same_release_that_still_has_its_arch() -> None:
    """A GTX 1080 (sm_61) on 2.14.1+cu130: the cu126 build of 2.14.1 still has sm_60 code, before any older torch."""
    assert compat.arch_supports(compat.arch_list_for("2.14.1", "13.0") or [], 61) is False
    assert compat.build_for_gpu(61, "2.14.1+cu130", build_cuda="13.0") == ("2.14.1", "12.6")
    assert compat.first_cuda_with_arch(61) is not None


def test_build_for_gpu() -> None:
    blackwell = 120
    older = ["sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90"]
    assert compat.first_cuda_with_arch(blackwell) == "12.8"
    # No driver reading: an RTX 5090 needs at least CUDA 12.8's driver, and nothing says it runs 13.x.
    assert compat.build_for_gpu(blackwell, None, build_arch=older) == ("2.11.0", "12.8")
    assert compat.build_for_gpu(blackwell, "2.5.1+cu121", build_cuda="12.1") == ("2.11.0", "12.8")
    assert compat.build_for_gpu(blackwell, "2.7.0") == ("2.7.0", "12.8")  # keep the user's release when it has a build
    assert compat.build_for_gpu(blackwell, "2.11.0", driver="580.65.06") == ("2.11.0", "13.0")
    assert compat.build_for_gpu(70, "2.11.0", build_cuda="12.8") == ("2.11.0", "12.6")  # Volta: dropped from 2.11 cu128
    assert compat.build_for_gpu(blackwell, "2.5.1", driver="470.82.01") is None


def test_default_cuda_variant() -> None:
    assert compat.default_cuda_variant("2.14.1") == "13.0"  # the PyPI Linux wheel (torch_pypi_default_cuda.csv)
    assert compat.default_cuda_variant("2.5.1") == "12.4"  # no PyPI row: the newest official variant
    assert compat.default_cuda_variant(None) == compat.default_cuda_variant(compat.known_torch_releases()[-1])


def test_arch_supports_reads_sm_and_compute_entries() -> None:
    assert compat.arch_supports(["sm_80", "compute_90"], 90)
    assert not compat.arch_supports(["sm_80", "garbage", ""], 120)


def test_wheel_index_url() -> None:
    assert compat.wheel_index_url("12.6") == "https://download.pytorch.org/whl/cu126"
    assert compat.wheel_index_url("cu130") == "https://download.pytorch.org/whl/cu130"
    assert compat.wheel_index_url("13.0.2") == "https://download.pytorch.org/whl/cu130"
    assert compat.wheel_index_url(None) == "https://download.pytorch.org/whl/cpu"
    assert compat.wheel_index_url("rocm6.2.4") == "https://download.pytorch.org/whl/rocm6.2.4"


# -- GPUs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cc"),
    [
        ("NVIDIA GeForce RTX 3090", "8.6"),
        ("GeForce RTX 3090", "8.6"),
        ("rtx 3090", "8.6"),
        ("Tesla T4", "7.5"),
        ("NVIDIA A100-SXM4-80GB", "8.0"),
        ("NVIDIA H100 80GB HBM3", "9.0"),
        ("NVIDIA GeForce RTX 4090", "8.9"),
        ("NVIDIA GeForce RTX 5090", "12.0"),
        ("Quadro RTX 6000", "7.5"),
        ("NVIDIA RTX 6000 Ada Generation", "8.9"),
        ("NVIDIA GeForce RTX 3080 Laptop GPU", "8.6"),
        ("NVIDIA GeForce RTX 4060 Laptop GPU", "8.9"),
        ("Tesla V100-SXM2-16GB", "7.0"),
        ("Tesla K80", "3.7"),
        ("NVIDIA B200", "10.0"),
        ("NVIDIA GeForce GTX 1080 Ti", "6.1"),
        ("GeForce GTX TITAN X", "5.2"),
        ("NVIDIA TITAN X", "6.1"),
    ],
)
def test_compute_capability(name: str, cc: str) -> None:
    assert compat.compute_capability(name) == cc


# NVML's names of common laptop, entry and workstation GPUs (as nvidia-smi / pynvml print them),
# most of them missing from NVIDIA's own list (rows sourced in gpu_compute_capability.csv).
@pytest.mark.parametrize(
    ("name", "cc"),
    [
        ("NVIDIA GeForce GTX 1650", "7.5"),
        ("NVIDIA GeForce GTX 1650 Ti with Max-Q Design", "7.5"),
        ("NVIDIA GeForce GTX 1650 with Max-Q Design", "7.5"),
        ("NVIDIA GeForce GTX 1660 Ti", "7.5"),
        ("NVIDIA GeForce GTX 1660 SUPER", "7.5"),
        ("NVIDIA GeForce MX250", "6.1"),
        ("NVIDIA GeForce MX450", "7.5"),
        ("NVIDIA GeForce MX550", "7.5"),
        ("NVIDIA GeForce RTX 2050", "8.6"),
        ("Quadro T1000", "7.5"),
        ("NVIDIA T1000 8GB", "7.5"),
        ("NVIDIA GeForce GT 1030", "6.1"),
        ("NVIDIA RTX A2000 Laptop GPU", "8.6"),
        ("NVIDIA RTX A2000 8GB Laptop GPU", "8.6"),
        ("NVIDIA GeForce RTX 2060 SUPER", "7.5"),
        ("Tesla T4", "7.5"),
    ],
)
def test_compute_capability_of_laptop_and_workstation_gpus(name: str, cc: str) -> None:
    assert compat.compute_capability(name) == cc


def test_gpu_table_names_its_sources_in_its_header() -> None:
    text = (resources.files("torchenv_magic") / "data" / "gpu_compute_capability.csv").read_text("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("https://developer.nvidia.com/cuda-gpus" in line for line in header)
    assert text.splitlines()[len(header)].startswith("gpu,compute_capability,source")


# -- python -------------------------------------------------------------------------


def test_python_range() -> None:
    assert compat.python_range_for("2.5.1") == ">=3.9,<3.13"
    assert compat.python_range_for("2.14.1+cu130") == ">=3.10,<3.15"
    assert compat.python_range_for("1.13.1") == ">=3.7,<3.11"
    spec = SpecifierSet(compat.python_range_for("1.0.0") or "")
    assert spec.contains("2.7") and spec.contains("3.7") and not spec.contains("3.4")
    assert compat.newest_torch_for_python("3.11.7") == "2.14.1"
    assert compat.newest_torch_for_python("3.8") == "2.4.1"
    assert compat.newest_torch_for_python("2.7") == "1.4.0"


# -- detectron2 -------------------------------------------------------------------------


def test_detectron2() -> None:
    rows = compat.detectron2_prebuilt("1.10.0+cu113")
    assert {r["cuda"] for r in rows} == {"11.3", "11.1", "10.2", "cpu"}
    assert all(r["url"].startswith("https://dl.fbaipublicfiles.com/detectron2/wheels/") for r in rows)
    assert compat.detectron2_prebuilt("2.5.1") == []
    assert len(compat.detectron2_prebuilt(None)) == 11
    req = compat.detectron2_requirements()
    assert req["torch"] == ">=1.8" and req["python"] == ">=3.7"


# -- garbage --------------------------------------------------------------------------

GARBAGE: list[object] = [
    "",
    "   ",
    "garbage",
    "2.x",
    "..",
    "cu",
    "-1",
    "a" * 10_000,
    "2.5.1+",
    None,
    3.11,
    ["2.5.1"],
    "\x00",
    "९.९",
]


@pytest.mark.parametrize("bad", GARBAGE)
def test_garbage_never_raises(bad: object) -> None:
    for fn in (
        compat.torchvision_for,
        compat.torchaudio_for,
        compat.torch_for_torchvision,
        compat.python_range_for,
        compat.compute_capability,
        compat.newest_torch_for_python,
        compat.min_driver_minor_compat,
    ):
        assert fn(bad) is None  # type: ignore[arg-type]
    assert compat.cuda_variants_for(bad) == []  # type: ignore[arg-type]
    assert compat.rocm_variants_for(bad) == []  # type: ignore[arg-type]
    assert compat.min_driver_for(bad) is None  # type: ignore[arg-type]
    assert compat.min_driver_for("12.4", bad) is None  # type: ignore[arg-type]
    assert compat.cudnn_for(bad, bad) is None  # type: ignore[arg-type]
    assert compat.arch_list_for(bad, "12.4") is None  # type: ignore[arg-type]
    assert compat.newest_cuda_variant_for_driver(bad, bad) is None  # type: ignore[arg-type]
    assert compat.newest_cuda_variant_for_driver("2.5.1", bad) is None  # type: ignore[arg-type]
    assert compat.driver_supports(bad, bad, bad, bad) is None  # type: ignore[arg-type]
    assert compat.driver_supports(bad, "12.4") is None  # type: ignore[arg-type]
    assert compat.wheel_index_url(bad).startswith("https://download.pytorch.org/whl/")  # type: ignore[arg-type]
    if bad is not None:  # None means "all rows"
        assert compat.detectron2_prebuilt(bad) == []  # type: ignore[arg-type]


def test_unknown_but_valid_versions() -> None:
    assert compat.torchvision_for("9.9.9") is None
    assert compat.cuda_variants_for("0.4.1") == []
    assert compat.min_driver_for("99.0") is None
    assert compat.python_range_for("3.0") is None


def test_system_runtime_floors_come_from_the_sourced_tables() -> None:
    # data/msvc_runtime.csv (pytorch/pytorch#169429) and data/glibcxx_gcc.csv (GCC's ABI policy)
    assert compat.min_msvcp_for("2.9.0+cu128") == "14.40" and compat.min_msvcp_for("2.14.1") == "14.40"
    assert compat.min_msvcp_for("2.8.0") is None
    assert compat.gcc_for_glibcxx("GLIBCXX_3.4.30") == "12" and compat.gcc_for_glibcxx("3.4.29") == "11"
    assert compat.gcc_for_glibcxx("GLIBCXX_9.9") is None


def test_cuda_of_a_build_tag() -> None:
    from torchenv_magic import versions

    assert [versions.cuda_of_tag(t) for t in ("cu124", "cu118", "cu90", "cu130", "cpu", "rocm6.2", None)] == [
        "12.4",
        "11.8",
        "9.0",
        "13.0",
        None,
        None,
        None,
    ]


def test_torchtext_for_a_torch_release() -> None:
    # data/torchtext_releases.csv: PyPI METADATA pins (0.8.1 ... 0.17.2) and pytorch/text's README table
    assert compat.torchtext_for("2.2.2") == "0.17.2"
    assert compat.torchtext_for("2.3.1+cu121") == "0.18.0"
    assert compat.torchtext_for("2.0.0") == "0.15.1"
    assert compat.torchtext_for("2.4.0") is None  # torchtext 0.18 was the last release
    assert compat.torchtext_for("not a version") is None


def test_torchdata_for_a_torch_release() -> None:
    # data/torchdata_releases.csv: PyPI METADATA pins up to 0.7.0, pytorch/data's README table after
    assert compat.torchdata_for("2.0.1") == "0.6.1"  # its METADATA: torch (==2.0.1)
    assert compat.torchdata_for("1.13.1+cu117") == "0.5.1"
    assert compat.torchdata_for("2.1.2") == "0.7.1"
    assert compat.torchdata_for("2.2.2") is None and compat.torchdata_for("2.3.0") is None  # releases paused
    assert compat.torchdata_for("2.4.1") == "0.8.0"  # the README pairs minors from 0.8 on
    assert compat.torchdata_for("2.5.1") == "0.9.0"  # the last with torchdata.datapipes
    assert compat.torchdata_for("2.9.1") == "0.11.0"  # the newest release, torch>=2
    assert compat.torchdata_for("1.10.2") is None and compat.torchdata_for("not a version") is None
    assert compat.torchdata_made_for("0.11.0") == "2.6.0"


def test_torchcodec_for_a_torch_release() -> None:
    # data/torchcodec_releases.csv: torchcodec's README table (PyPI project description of 0.17.0); no METADATA pins
    assert compat.torchcodec_for("2.4.1") == "0.0.3"
    assert compat.torchcodec_for("2.7.1+cu128") == "0.5"  # 0.3, 0.4 and 0.5 are all for 2.7: the newest
    assert compat.torchcodec_for("2.9.0") == "0.9.1"
    assert compat.torchcodec_for("2.10.0") == "0.10.0"
    assert compat.torchcodec_for("2.11.0") == "0.16.0" and compat.torchcodec_for("2.14.1") == "0.16.0"  # >=2.11
    assert compat.torchcodec_for("2.3.1") is None and compat.torchcodec_for("not a version") is None
    assert compat.torchcodec_made_for("0.16.0") == "2.11"


def test_torchao_for_a_torch_release() -> None:
    # data/torchao_releases.csv: pytorch/ao#2919's table (0.12.0 for 2.5.0/2.6.0/2.7.1 ...), 0.15.0 from PR #3624
    assert compat.torchao_for("2.7.1+cu128") == "0.12.0"  # ace-step/ACE-Step-1.5#361's fix
    assert compat.torchao_for("2.7.0") == "0.12.0"  # the same minor
    assert compat.torchao_for("2.8.0") == "0.13.0"
    assert compat.torchao_for("2.9.0") == "0.14.1" and compat.torchao_for("2.9.1") == "0.15.0"
    assert compat.torchao_for("2.4.1") is None and compat.torchao_for("not a version") is None


def test_xformers_for_a_torch_release() -> None:
    # data/xformers_releases.csv: each xformers wheel's METADATA pin, read from PyPI
    assert compat.xformers_for("2.1.0+cu121") == "0.0.22.post7"
    assert compat.xformers_for("2.5.1") == "0.0.29.post1"
    assert compat.xformers_for("2.14.1") == "0.0.35"  # xformers 0.0.35 asks torch>=2.10
    assert compat.xformers_for("1.13.1") is None
