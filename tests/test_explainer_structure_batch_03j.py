"""Readings learned from batch-2026-12-03j's first run (docs/accuracy-runs/batch-2026-12-03j.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain
from torchenv_magic.rules.libraries import nvidia_folder_code

from .ranking import causes


def test_the_drivers_library_asked_for_by_its_bare_name() -> None:
    # bitsandbytes-foundation/bitsandbytes#17: ctypes.CDLL("libcuda.so") under WSL; fixed by sudo ldconfig.
    text = (
        '  File "/env/lib/python3.8/site-packages/bitsandbytes/cuda_setup/main.py", line 57, in get_cuda_lib_handle\n'
        '    cuda = ctypes.CDLL("libcuda.so")\nOSError: libcuda.so: cannot open shared object file: No such file or directory'
    )
    found = explain(text, platform="linux")
    assert [f.cause for f in found[:2]] == ["missing_cuda_runtime_lib", "no_driver_or_gpu"]
    assert found[0].fix is not None and found[0].fix.code == "sudo ldconfig" and "/usr/lib/wsl/lib" in found[0].fix.note
    # NVIDIA/cuda-python#17's words, and cuDNN 8's, whose own sub-library was found: the driver's link comes first.
    assert causes("RuntimeError: Failed to dlopen libcuda.so", platform="linux")[:1] == ["missing_cuda_runtime_lib"]
    cudnn = "Could not load library libcudnn_cnn_infer.so.8. Error: libcuda.so: cannot open shared object file: No such file or directory"
    assert explain(cudnn, platform="linux")[0].title == "The NVIDIA driver's libcuda.so is not found under that name"
    # The versioned name a driver installs, missing: no driver (the reading it always had).
    versioned = "OSError: libcuda.so.1: cannot open shared object file: No such file or directory"
    assert causes(versioned, platform="linux")[:1] == ["no_driver_or_gpu"]


def test_ctranslate2s_own_cuda_libraries() -> None:
    # whisper-ctranslate2#74: CUDA 11's cuBLAS for a CTranslate2 3.x on Colab's CUDA 12.
    linux = explain("RuntimeError: Library libcublas.so.11 is not found or cannot be loaded", platform="linux")[0]
    assert linux.cause == "missing_cuda_runtime_lib" and linux.fix is not None
    first, second = linux.fix.code.splitlines()
    assert first == 'python -m pip install "nvidia-cublas-cu11"'
    # The folder found by the library's name (rules/libraries.nvidia_folder_code; run for real in
    # tests/e2e/test_nvidia_folder_finder.py and, on Windows, tests/windows/test_windows_fix_shells.py).
    assert second == f'export LD_LIBRARY_PATH="$(python -c "{nvidia_folder_code("libcublas.so.11")}"):$LD_LIBRARY_PATH"'
    # KoljaB/RealtimeSTT#220: the DLL on Windows: the wheel's folder holding it, for PATH.
    windows = explain("RuntimeError: Library cublas64_12.dll is not found or cannot be loaded", platform="windows")[0]
    assert windows.fix is not None and windows.fix.code.splitlines()[0] == 'python -m pip install "nvidia-cublas-cu12"'
    assert windows.fix.code.splitlines()[1] == f'python -c "{nvidia_folder_code("cublas64_12.dll")}"' and "PATH" in windows.fix.note
    # cuDNN 9 from faster-whisper's own instructions; cuDNN 8 is not what they name, so the general reading stays.
    cudnn9 = explain("Unable to load any of {libcudnn_ops.so.9.1.0, libcudnn_ops.so.9.1, libcudnn_ops.so.9, libcudnn_ops.so}")[0]
    assert cudnn9.fix is not None and 'nvidia-cudnn-cu12==9.*' in cudnn9.fix.code
    cudnn8 = explain("RuntimeError: Library libcudnn_ops_infer.so.8 is not found or cannot be loaded", platform="linux")[0]
    assert cudnn8.cause == "missing_cuda_runtime_lib" and not cudnn8.title.startswith("CTranslate2")


def test_a_deployment_target_older_than_the_pythons() -> None:
    # pytorch/audio#120 and facebookresearch/pytorch3d#1385.
    text = 'error: $MACOSX_DEPLOYMENT_TARGET mismatch: now "10.14" but "11.0" during configure'
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "build_toolchain_missing" and finding.fix is not None
    assert finding.fix.code == "export MACOSX_DEPLOYMENT_TARGET=11.0"


def test_uvs_url_wheel_for_another_platform() -> None:
    # PozzettiAndrea/ComfyUI-TRELLIS2#67: flash-attn's Linux wheel chosen on Windows.
    url = "https://github.com/Dao-AILab/flash-attention/releases/download/v2.8.3/flash_attn-2.8.3%2Bcu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl"
    finding = explain(f"  Caused by: A URL dependency is incompatible with the current platform: {url}", platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch"
    # The file name as pip would name it: %2B is the '+' of the local version.
    assert "cp312 on linux_x86_64" in finding.explanation


def test_a_lib64_standard_library_is_the_standard_librarys() -> None:
    # hydro-yield/buhayra#5: a cron job's Python 2.7 from /usr/lib64, whose runpy.py is the standard library's own.
    from torchenv_magic.explainer.text import standard_library_frame

    assert standard_library_frame("/usr/lib64/python2.7/runpy.py")
    assert standard_library_frame("/usr/lib/python3.11/runpy.py")
    assert not standard_library_frame("/home/u/lib64/runpy.py")
    assert not standard_library_frame("/usr/lib64/python3.9/site-packages/torch/__init__.py")


def test_torchs_core_library_not_loaded_yet() -> None:
    # k2-fsa/k2#349 (a -03k text): k2/autograd.py's `import _k2` raising "libc10.so: cannot open"; import torch first.
    text = (
        '  File "/env/lib/python3.8/site-packages/k2/autograd.py", line 6, in <module>\n    import _k2\n'
        "ImportError: libc10.so: cannot open shared object file: No such file or directory"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and "imported before torch" in finding.title
    # torch's own import failing on libc10.so is torch's own install, not the import order.
    own = text.replace("import _k2", "from torch._C import *")
    assert causes(own, platform="linux")[:1] != ["other"]
    # libtorch_cuda_cu.so (a library of some torch builds only) keeps the built-for-another-torch reading.
    other_build = text.replace("libc10.so", "libtorch_cuda_cu.so")
    assert causes(other_build, platform="linux")[:1] == ["extension_abi_mismatch"]


def test_ninjas_own_failed_line() -> None:
    # yuxinjiang/anomalydiffusion#56 (a -03k text): the only line a short paste kept of the build log.
    text = "/x/op/fused_bias_act_kernel.cu -o fused_bias_act_kernel.cuda.o\nFAILED: fused_bias_act_kernel.cuda.o"
    assert causes(text, platform="linux")[:1] == ["build_toolchain_missing"]
    # The word inside a sentence is not ninja's line.
    assert causes("the test FAILED: see log.o for details", platform="linux")[:1] != ["build_toolchain_missing"]
