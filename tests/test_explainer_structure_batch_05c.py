"""What batch-2026-12-05c taught (docs/accuracy-runs/batch-2026-12-05c.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from torchenv_magic import explain


def _causes(text: str) -> list[str]:
    return [finding.cause for finding in explain(text, platform="linux")]


def test_a_driver_api_symbol_missing_is_a_libcuda_without_it() -> None:
    # sgl-project/sglang#8701: sgl_kernel asking for CUDA 12.4's green contexts under driver 525.
    text = ("ImportError: /usr/local/lib/python3.10/dist-packages/sgl_kernel/common_ops.abi3.so: undefined symbol: "
            "cuGreenCtxDestroy")
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "driver_too_old" and any("CUDA driver API" in line for line in finding.evidence)
    assert _causes(text)[1] == "lib_version_conflict"  # or an older libcuda.so copy found first
    # torch's own library was linked against its CUDA: there an old copy found first comes first (pytorch/pytorch#15048).
    own = "python3: symbol lookup error: /x/site-packages/torch/lib/libtorch.so.1: undefined symbol: cuCtxGetCurrent"
    assert _causes(own)[:2] == ["lib_version_conflict", "driver_too_old"]
    # The runtime's and the libraries' names (cuda..., cublas...) are not the driver's.
    for symbol in ("cudaGraphInstantiateWithFlags", "cublasLtHSHMatmulAlgoInit", "cuFileDriverOpen"):
        other = f"ImportError: /x/site-packages/sgl_kernel/common_ops.abi3.so: undefined symbol: {symbol}"
        assert all(not any("CUDA driver API" in line for line in f.evidence) for f in explain(other, platform="linux"))
