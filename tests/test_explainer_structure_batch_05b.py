"""What batch-2026-12-05b taught (docs/accuracy-runs/batch-2026-12-05b.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from torchenv_magic import explain


def test_deepspeeds_cpu_optimizer_without_its_op_is_a_failed_op_build() -> None:
    # ymcui/Chinese-LLaMA-Alpaca#368: DeepSpeed 0.9.2's cpu_adam never built (Python's headers were missing).
    text = "AttributeError: 'DeepSpeedCPUAdam' object has no attribute 'ds_opt_adam'"
    finding = explain(text, platform="linux", packages={"deepspeed": "0.9.2"})[0]
    assert finding.cause == "build_toolchain_missing" and "cpu_adam" in finding.title
    # The op prebuilt at install time, the installed release kept and torch left alone.
    assert finding.fix.code.startswith("DS_BUILD_CPU_ADAM=1 python -m pip install deepspeed==0.9.2 ")
    assert "--no-deps" in finding.fix.code and "python3-dev" in finding.fix.note
    assert "deepspeed --force" in explain(text, platform="linux")[0].fix.code  # no version stated: no pin
    # Another attribute of the optimizer is the user's code, not this reading.
    other = explain("AttributeError: 'DeepSpeedCPUAdam' object has no attribute 'step_count'", platform="linux")
    assert all("compiled on first use" not in f.title for f in other)


def test_bitsandbytes_without_a_library_for_this_cuda_reads_as_its_cpu_fallback() -> None:
    # h2oai/h2o-llmstudio#339: bitsandbytes 0.39.1 under CUDA 12.2, the same situation as the undefined symbol in
    # libbitsandbytes_cpu.so that the repository already reads (eosphoros-ai/DB-GPT-Hub#90).
    text = ("CUDA SETUP: Detected CUDA version 122\nCUDA SETUP: Required library version not found: libbitsandbytes_cuda122.so. "
            "Maybe you need to compile it from source?\nCUDA SETUP: Defaulting to libbitsandbytes_cpu.so...")
    finding = explain(text, platform="linux")[0]
    symbol = explain("libbitsandbytes_cpu.so: undefined symbol: cquantize_blockwise_fp16_nf4", platform="linux")[0]
    assert (finding.cause, finding.title) == (symbol.cause, symbol.title) == ("cpu_only_build", "bitsandbytes loaded its CPU-only library")
    assert "bitsandbytes" in finding.fix.code
    # Its library for this CUDA found, bitsandbytes says nothing of the kind.
    found = "CUDA SETUP: Loading binary /x/site-packages/bitsandbytes/libbitsandbytes_cuda122.so..."
    assert all(f.title != "bitsandbytes loaded its CPU-only library" for f in explain(found, platform="linux"))
