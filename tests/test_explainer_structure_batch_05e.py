"""What batch-2026-12-05e taught (docs/accuracy-runs/batch-2026-12-05e.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from tests.test_explainer_structure_batch_05d import read_by_rules
from torchenv_magic import explain


def _read(text: str) -> list[str]:
    return read_by_rules(text, "linux")


def test_warp_finding_no_driver_library() -> None:
    # NVIDIA/warp#672: libcuda.so does not open, and the driver's CUDA version reads 0.0.
    text = (
        "Warp CUDA error: Could not open libcuda.so.\n"
        "Warp UserWarning: Insufficient CUDA driver version.\n"
        "   The minimum required CUDA driver version is 12.0, but the installed CUDA driver version is 0.0."
    )
    assert _read(text)[0] == "no_driver_or_gpu"
    # Warp 1.19's words, printed here (no NVIDIA driver on this machine), before "Invalid device identifier: cuda:0".
    newer = (
        "Warp CUDA warning: Could not find or load the NVIDIA CUDA driver. GPU execution will not be available.\n"
        "Warp 1.19.0 initialized:\n   CUDA Toolkit 13.4, CUDA driver not available (NVRTC compilation available)\n"
        "ValueError: Invalid device identifier: cuda:0"
    )
    assert _read(newer)[0] == "no_driver_or_gpu"
    # A driver that answered with its version is another reading.
    older = "The minimum required CUDA driver version is 12.0, but the installed CUDA driver version is 11.4."
    assert "no_driver_or_gpu" not in _read(older)[:1]


def test_numpys_multiarray_umath_missing_is_a_module_built_for_newer_numpy() -> None:
    # numpy/numpy#11871: pandas built for a newer NumPy under NumPy 1.14.
    finding = explain(">>> import pandas as pd\nImportError: No module named _multiarray_umath", platform="linux")[0]
    assert finding.cause == "numpy_abi_mismatch" and "newer NumPy" in finding.title
    # Python 3's quoting and the package-qualified name read the same.
    assert _read("ModuleNotFoundError: No module named 'numpy.core._multiarray_umath'")[0] == "numpy_abi_mismatch"
    assert "numpy_abi_mismatch" not in _read("ModuleNotFoundError: No module named 'numpy.core._multiarray_tests'")


def test_a_packages_compiled_part_missing_with_no_file_named() -> None:
    # facebookresearch/detectron2#2752: the source folder where Python started, gone once run from another folder.
    finding = explain("ImportError: cannot import name '_C' from 'detectron2'", platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None
    assert "outside the repository" in finding.fix.code and "pip install -e . --no-build-isolation" in finding.fix.code
    assert _read("ImportError: cannot import name '_C' from 'detectron2'")[:2] == ["shadowed_module", "build_toolchain_missing"]
    # torch's own family is left to its companion and shadowing readings.
    assert "build_toolchain_missing" not in _read("ImportError: cannot import name '_C' from 'torchvision'")
