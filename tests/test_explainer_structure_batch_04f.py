"""What batch-2026-12-04f's first run taught (docs/accuracy-runs/batch-2026-12-04f.firstrun.txt): a confidence that
said more than the corpus shows; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain


def test_an_unversioned_insufficient_driver_is_as_sure_as_the_corpus_is() -> None:
    # PaddlePaddle/Paddle#14625: a CUDA build on a CPU-only cluster read as an old driver at 90%. Of the corpus's 29
    # texts with these words and no version, 23 are an old driver: 80%, with no driver at all second.
    text = "Check failed: cudaSuccess == cudaStat (0 vs. 35) Cuda Error: CUDA driver version is insufficient for CUDA runtime version"
    findings = explain(text, platform="linux")
    assert [f.cause for f in findings][:2] == ["driver_too_old", "no_driver_or_gpu"]
    assert findings[0].confidence == 0.8
    # With the CUDA version the driver supports beside it (nvidia-smi's header) the reading is surer.
    smi = "| NVIDIA-SMI 470.57.02    Driver Version: 470.57.02    CUDA Version: 11.4     |\n" + text
    assert explain(smi, platform="linux")[0].confidence > 0.9
