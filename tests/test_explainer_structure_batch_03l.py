"""Readings learned from batch-2026-12-03l's first run (docs/accuracy-runs/batch-2026-12-03l.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def _missing(importer: str, module: str) -> str:
    return f'  File "{importer}", line 4, in <module>\n    import {module}\nModuleNotFoundError: No module named \'{module}\''


def test_a_compiled_part_named_after_the_file_that_imports_it() -> None:
    # Dao-AILab/flash-attention#160: flash_attn/layers/rotary.py imports rotary_emb, built separately from csrc/rotary.
    installed = _missing("/env/lib/python3.8/site-packages/flash_attn/layers/rotary.py", "rotary_emb")
    finding = explain(installed, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing"
    assert finding.title == "flash_attn is installed, but its compiled part rotary_emb was never built"
    assert finding.fix is not None and "python setup.py install" in finding.fix.code
    # henrywoo/pyllama#30: gptq/quant.py imports quant_cuda (a compiled name, from an installed package's file).
    assert causes(_missing("/usr/local/lib/python3.9/dist-packages/gptq/quant.py", "quant_cuda"))[:1] == ["build_toolchain_missing"]
    # kvcache-ai/ktransformers#544: a capital starts the rest of the name (KTransformersOps after ktransformers/).
    checkout = _missing("/work/ktransformers/util/custom_gguf.py", "KTransformersOps")
    assert causes(checkout, platform="linux")[:1] == ["build_toolchain_missing"]
    # mit-han-lab/llm-awq#140: the package folder two levels up (awq/quantize/qmodule.py imports awq_inference_engine).
    awq = _missing("/home/u/llm-awq/awq/quantize/qmodule.py", "awq_inference_engine")
    assert causes(awq, platform="linux")[:1] == ["build_toolchain_missing"]


def test_a_name_that_only_begins_like_its_importer_is_not_read_as_one() -> None:
    # quant.py importing a missing 'quantization' (no word break) or 'utils.py' importing 'requests' is a missing install.
    for importer, module in (
        ("/env/lib/python3.10/site-packages/gptq/quant.py", "quantization"),
        ("/home/u/project/utils.py", "requests"),
        ("/home/u/project/app.py", "app_config"),  # a project's own module beside app.py: its stem is not read
        # a companion distribution named after the installed package it serves: a missing install, not a build
        ("/env/lib/python3.11/site-packages/tensorboard/program.py", "tensorboard_data_server"),
    ):
        found = explain(_missing(importer, module), platform="linux")
        assert found[0].cause == "module_not_installed_in_kernel_env", (importer, module, [f.cause for f in found])
    # torch's family is never a project's compiled part.
    assert causes(_missing("/env/lib/python3.10/site-packages/torchvision/ops.py", "torchvision_ops"))[:1] != [
        "build_toolchain_missing"
    ]


def test_a_gpu_another_process_holds() -> None:
    # karpathy/nanoGPT PR 116 and iffiX/machin#25: GPUs in Exclusive Process mode; microsoft/WSL#6098: a broken build.
    for line in (
        "RuntimeError: CUDA error: CUDA-capable device(s) is/are busy or unavailable",
        "RuntimeError: CUDA error: all CUDA-capable devices are busy or unavailable",
    ):
        found = explain(line, platform="linux")
        assert [f.cause for f in found[:2]] == ["other", "no_driver_or_gpu"]
        assert found[0].fix is not None and "nvidia-smi" in found[0].fix.code and "set_device" in found[0].fix.code
    # CUDA's unknown error stays no usable GPU.
    unknown = "RuntimeError: CUDA unknown error - this may be due to an incorrectly set up environment"
    assert causes(unknown)[:1] == ["no_driver_or_gpu"]


def test_pip_refusing_a_user_install_inside_a_virtualenv() -> None:
    # GoogleCloudPlatform/dataproc-templates PR 782.
    text = (
        "ModuleNotFoundError: No module named 'google'\n"
        "ERROR: Can not perform a '--user' install. User site-packages are not visible in the virtualenv."
    )
    found = explain(text, platform="linux")
    assert [f.cause for f in found] == ["module_not_installed_in_kernel_env"]
    assert found[0].fix is not None and "without --user" in found[0].fix.code
    # pip's refusal alone names no missing module: not this reading.
    alone = "ERROR: Can not perform a '--user' install. User site-packages are not visible in the virtualenv."
    assert "module_not_installed_in_kernel_env" not in causes(alone)


def test_cmake_missing() -> None:
    # davisking/dlib#2307, fixed by pip install cmake.
    text = "RuntimeError:\n  CMake must be installed to build the following extensions: _dlib_pybind11"
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "build_toolchain_missing" and finding.fix is not None
    assert finding.fix.code.split()[-1] == "cmake"
    assert causes("FileNotFoundError: [Errno 2] No such file or directory: 'cmake'")[:1] == ["build_toolchain_missing"]


def test_a_compiled_part_older_than_its_code() -> None:
    # johnsmith0031/alpaca_lora_4bit#147: rebuilt with python setup.py install.
    finding = explain("module 'alpaca_lora_4bit.quant_cuda' has no attribute 'vecquant4recons_v2'", platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch"
    assert finding.fix is not None and "setup.py install" in finding.fix.code
    # torch's own compiled core lacking a name is not a project's stale build.
    assert "stale" not in " ".join(f.title for f in explain("module 'torch._C' has no attribute '_cuda_setDevice'"))
    # A plain (not compiled-looking) module lacking a name is not this reading.
    assert causes("module 'alpaca_lora_4bit.quant' has no attribute 'vecquant4recons_v2'")[:1] != ["extension_abi_mismatch"]


def test_a_pyw_script_named_like_the_library() -> None:
    # kalekundert/glooey#19: glooey.pyw answering its own `import glooey` (Windows imports .pyw files as modules).
    text = (
        'Traceback (most recent call last):\n  File "C:\\Users\\a\\testing\\glooey.pyw", line 4, in <module>\n'
        '    import glooey\n  File "C:\\Users\\a\\testing\\glooey.pyw", line 10, in <module>\n'
        "    class MyLabel(glooey.Label):\nAttributeError: module 'glooey' has no attribute 'Label'"
    )
    assert causes(text, platform="windows")[:1] == ["shadowed_module"]


def test_paddles_own_loader() -> None:
    # PaddlePaddle/PaddleOCR#9913 (Windows) and opendatalab/PDF-Extract-Kit#77 (Linux).
    windows = (
        "RuntimeError: (PreconditionNotMet) The third-party dynamic library (cudnn64_7.dll) that Paddle depends on is "
        "not configured correctly. (error code is 126)"
    )
    finding = explain(windows, platform="windows")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and finding.title == "PaddlePaddle cannot load cudnn64_7.dll"
    assert finding.fix is not None and "PATH" in finding.fix.code and "LD_LIBRARY_PATH" not in finding.fix.code
    linux = "[Hint: cudnn_dso_handle should not be null.] (at ../paddle/phi/backends/dynload/cudnn.cc:76)"
    found = explain(linux, platform="linux")[0]
    assert found.cause == "missing_cuda_runtime_lib" and found.fix is not None and "LD_LIBRARY_PATH" in found.fix.code


def test_the_store_alias_answering_python() -> None:
    # AUTOMATIC1111/stable-diffusion-webui#1423.
    text = (
        "Couldn't launch python\n\nexit code: 9009\n\nstderr:\nPython was not found; run without arguments to install "
        "from the Microsoft Store, or disable this shortcut from Settings > Manage App Execution Aliases."
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "other" and finding.fix is not None and "App execution aliases" in finding.fix.code


def test_an_environments_older_libstdcxx_for_its_own_library() -> None:
    # openmm/openmm#3943: scipy's route to the env's own libstdc++.so.6, resolved; the conflict is offered second.
    text = (
        "ImportError: /usr/share/miniconda/lib/python3.9/site-packages/scipy/sparse/../../../../libstdc++.so.6: version "
        "`GLIBCXX_3.4.30' not found (required by /usr/share/miniconda/lib/python3.9/site-packages/openmm/../../../libOpenMM.so.8.0)"
    )
    found = explain(text, platform="linux")
    assert [f.cause for f in found[:2]] == ["glibc_libstdcxx_too_old", "lib_version_conflict"]
    assert "/usr/share/miniconda/lib/libstdc++.so.6" in found[1].title
    # The system's own libstdc++ answering: no environment copy, no conflict offered.
    system = (
        "ImportError: /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.30' not found "
        "(required by /home/u/miniconda3/envs/x/lib/python3.10/site-packages/torch/lib/libtorch_python.so)"
    )
    assert "lib_version_conflict" not in causes(system, platform="linux")
