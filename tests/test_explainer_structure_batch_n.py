"""What batch-2026-12-01n (88 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import top as _top

_COLLECT_ENV = (  # pytorch/pytorch#30071
    "PyTorch version: 1.3.1\n"
    "Is debug build: No\n"
    "CUDA used to build PyTorch: 10.1.243\n\n"
    "OS: Ubuntu 16.04.4 LTS\n"
    "Python version: 3.6\n"
    "Is CUDA available: No\n"
    "CUDA runtime version: 10.0.130\n"
    "GPU models and configuration:\n"
    "GPU 0: TITAN Xp\n\n"
    "Nvidia driver version: 410.48\n"
)


def test_collect_env_with_a_driver_older_than_the_builds_cuda() -> None:
    finding = explain(_COLLECT_ENV, platform="linux")[0]
    assert finding.cause == "driver_too_old" and "410.48" in finding.title and "CUDA 10.1" in finding.title
    assert "418.39" in finding.verdict  # NVIDIA's toolkit driver for CUDA 10.1 (compat's cuda_driver table)
    # The edges: a driver new enough, CUDA available after all, or no driver listed: no driver finding.
    assert _top(_COLLECT_ENV.replace("410.48", "418.39")) != "driver_too_old"
    assert _top(_COLLECT_ENV.replace("Is CUDA available: No", "Is CUDA available: Yes")) != "driver_too_old"
    assert _top(_COLLECT_ENV.replace("Nvidia driver version: 410.48\n", "")) != "driver_too_old"


def test_hip_invalid_device_function_in_either_case() -> None:
    for words in ("HIP error: Invalid device function", "HIP error: invalid device function"):  # ROCm/legacy-rocm-build#5264
        finding = explain(f"VAEEncode\n{words}\nFor debugging consider passing AMD_SERIALIZE_KERNEL=3")[0]
        assert finding.cause == "gpu_arch_unsupported" and "AMD" in finding.title


def test_torchvisions_image_extension_warning_with_winerror_127() -> None:
    text = (  # Comfy-Org/ComfyUI#6861
        r"C:\ComfyUI\python_embeded\Lib\site-packages\torchvision\io\image.py:14: UserWarning: Failed to load image "
        "Python extension: '[WinError 127] The specified procedure could not be found'If you don't plan on using image "
        "functionality from `torchvision.io`, you can ignore this warning."
    )
    assert _top(text, platform="windows") == "torchvision_torch_mismatch"
    missing_module = text.replace("[WinError 127] The specified procedure", "[WinError 126] The specified module")
    assert _top(missing_module, platform="windows") != "torchvision_torch_mismatch"


_EXLLAMA = (  # turboderp-org/exllamav2#434, frames printed after the error
    " DLL load failed while importing exllamav2_ext: The specified procedure could not be found.\n"
    '  File "python-3.11.8-amd64\\Lib\\site-packages\\exllamav2\\ext.py", line 19, in <module>\n'
    "    import exllamav2_ext\n"
)


def test_an_add_ons_compiled_module_named_after_it_lacking_a_procedure() -> None:
    finding = explain(_EXLLAMA, platform="windows", packages={"torch": "2.2.1", "exllamav2": "0.0.20"})[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("exllamav2 ")
    # A module named exactly like its package (cv2), or a module not missing a procedure, is no torch extension.
    cv2 = _EXLLAMA.replace("exllamav2_ext", "exllamav2")
    assert _top(cv2, platform="windows", packages={"torch": "2.2.1"}) != "extension_abi_mismatch"
    not_found = _EXLLAMA.replace("specified procedure", "specified module")
    assert _top(not_found, platform="windows", packages={"torch": "2.2.1"}) != "extension_abi_mismatch"


def test_a_setup_py_running_nvcc_that_is_not_there() -> None:
    text = (  # NVIDIA/apex#1549, Windows in Chinese
        '  File "setup.py", line 17, in get_cuda_bare_metal_version\n'
        '    raw_output = subprocess.check_output([cuda_dir + "/bin/nvcc", "-V"], universal_newlines=True)\n'
        '  File "E:\\Anaconda3\\envs\\x\\lib\\subprocess.py", line 1311, in _execute_child\n'
        "    hp, ht, pid, tid = _winapi.CreateProcess(executable, args,\n"
        "FileNotFoundError: [WinError 2] 系统找不到指定的文件。"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and "nvcc" in finding.title
    other_program = text.replace('cuda_dir + "/bin/nvcc"', '"git"')
    assert _top(other_program, platform="windows") != "build_toolchain_missing"


def test_an_install_stopped_by_a_full_disk() -> None:
    text = (  # easydiffusion/easydiffusion#1649
        "Collecting nvidia-cusparse-cu11==11.7.4.91 (from torch==2.0.1)\n"
        "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n\n"
        "    import torch\n"
        "ModuleNotFoundError: No module named 'torch'"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and "disk space" in finding.title and "TMPDIR" in finding.fix.code
    assert _top(text.replace("[Errno 28] No space left on device", "[Errno 13] Permission denied")) != "other"


def test_macos_dyld_refusing_a_duplicate_rpath() -> None:
    text = (  # pytorch/pytorch PR #189704
        "ImportError: dlopen(.../torch/_C.cpython-313-darwin.so, 0x0002): Library not loaded: @rpath/libtorch_cpu.dylib\n"
        "  Referenced from: .../torch/lib/libtorch_python.dylib\n"
        "  Reason: tried: '.../torch/lib/libtorch_cpu.dylib' (duplicate LC_RPATH '@loader_path'), ..."
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "other" and "rpath" in finding.title
    assert _top(text.replace(" (duplicate LC_RPATH '@loader_path')", " (no such file)"), platform="macos") != "other"
