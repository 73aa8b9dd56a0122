"""What batch-2026-12-04o taught (docs/accuracy-runs/batch-2026-12-04o.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from torchenv_magic import explain


def test_cuda_error_34_by_its_number_is_the_stub_libcuda() -> None:
    # NVIDIA/warp#219: the toolkit's stubs folder ahead of the driver on the library path.
    text = "Warp CUDA error: Failed to get driver entry point 'cuInit' (CUDA error 34)"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and "stub libcuda.so" in finding.title
    assert explain("RuntimeError: CUDA_ERROR_STUB_LIBRARY", platform="linux")[0].cause == "lib_version_conflict"
    # Another number, or 34 as part of one, is not that error (the similar-reports guess may still name the cause).
    other = explain("Warp CUDA error: Failed to get driver entry point 'cuInit' (CUDA error 340)", platform="linux")
    assert all("stub libcuda.so" not in f.title for f in other)


def test_an_invalid_kernel_image_reads_as_a_driver_too_old_for_it() -> None:
    # Dao-AILab/flash-attention#1749: flash-attn 2.8.1's compressed kernels under driver 535; 2.8.0 ran.
    finding = explain("[rank0]: RuntimeError: CUDA error: device kernel image is invalid", platform="linux")[0]
    assert finding.cause == "driver_too_old" and finding.confidence < 0.8  # a damaged binary says the same
    # The driver's own words stay surer.
    assert explain("RuntimeError: CUDA driver version is insufficient for CUDA runtime version")[0].confidence >= 0.8


def test_pip_building_torch_from_source_is_pypis_placeholder() -> None:
    # batch-2026-12-04p: 1adrianb/face-alignment#170 and rosinality/stylegan2-pytorch#13 (Windows, 2020): no torch wheel
    # fitted, so pip built PyPI's 0.1.2 placeholder, whose setup.py lacks its tools.
    nnwrap = "Running setup.py install for torch: finished with status 'error'\nNo module named 'tools.nnwrap'."
    assert explain(nnwrap, platform="windows")[0].cause == "wheel_platform_mismatch"
    built = "Building wheel for torch (setup.py) ... error\n  ERROR: Command errored out with exit status 1:"
    assert explain(built, platform="windows")[0].cause == "wheel_platform_mismatch"
    # An add-on named torch-something is not torch: its build failing is the add-on's.
    addon = "  Running setup.py install for torch-sparse ... error\n  ERROR: Command errored out with exit status 1:"
    assert all(f.title != "No torch wheel matches this Python / OS / CPU" for f in explain(addon, platform="linux"))
