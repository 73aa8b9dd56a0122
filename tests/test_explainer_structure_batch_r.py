"""What batch-2026-12-01r (84 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import top as _top


def test_arch_list_entry_this_torch_does_not_know() -> None:
    text = "ValueError: Unknown CUDA arch (9.0+PTX) or GPU not supported"  # OpenBMB/BMTrain#83
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "TORCH_CUDA_ARCH_LIST" in finding.title and "9.0+PTX" in finding.title
    assert finding.fix is not None and finding.fix.code == "unset TORCH_CUDA_ARCH_LIST"
    windows = explain(text, platform="windows")[0].fix
    assert windows is not None and windows.code == "set TORCH_CUDA_ARCH_LIST="
    assert "TORCH_CUDA_ARCH_LIST" not in explain("ValueError: Unknown CUDA device (9.0) requested")[0].title


def test_macos_clang_targeting_a_macos_without_libcxx() -> None:
    text = (  # pyg-team/pytorch_geometric#613
        "warning: include path for stdlibc++ headers not found; pass '-stdlib=libc++' on the command line to use the "
        "libc++ standard library instead [-Wstdlibcxx-not-found]\n"
        "/anaconda3/lib/python3.7/site-packages/torch/include/torch/csrc/api/include/torch/cuda.h:5:10: fatal error: "
        "'cstddef' file not found"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "build_toolchain_missing" and "macOS older than 10.9" in finding.title
    assert finding.fix is not None and "MACOSX_DEPLOYMENT_TARGET=10.9" in finding.fix.code
    assert "10.9" not in explain(text.split("\n", 1)[1], platform="macos")[0].title


def test_deepspeed_pre_compiling_ops_in_pips_checkout_without_torch() -> None:
    text = (  # OptimalScale/LMFlow#282
        "  × python setup.py egg_info did not run successfully.\n"
        '        File "C:\\Users\\u\\AppData\\Local\\Temp\\pip-install-lbtscf83\\deepspeed_2606a16b880f42699029a68bee453a56\\setup.py", '
        "line 122, in <module>\n"
        '          assert torch_available, "Unable to pre-compile ops without torch installed. Please install torch before '
        'attempting to pre-compile ops."\n'
        "      AssertionError: Unable to pre-compile ops without torch installed. Please install torch before attempting "
        "to pre-compile ops.\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and finding.title.startswith("deepspeed was built")
    assert finding.fix is not None and finding.fix.code == "pip install --no-build-isolation deepspeed"
    # The same message outside pip's checkout: no package name to read, the manual fix.
    plain = explain(text.replace("pip-install-lbtscf83\\deepspeed_2606a16b880f42699029a68bee453a56", "src\\DeepSpeed"), platform="windows")
    assert plain[0].fix is None or "deepspeed" not in plain[0].fix.code


_EXT_127 = "ImportError: DLL load failed while importing _ext: 找不到指定的程序。"  # open-mmlab/mmtracking#482


def test_an_addons_ext_module_failing_on_windows() -> None:
    assert _top(_EXT_127, platform="windows") == "extension_abi_mismatch"
    assert _top(_EXT_127.replace("找不到指定的程序", "找不到指定的模块"), platform="windows") == "extension_abi_mismatch"
    # torch's own _C: not an add-on's module.
    assert _top(_EXT_127.replace("importing _ext", "importing _C"), platform="windows") != "extension_abi_mismatch"


def test_hip_trace_naming_invalid_device_function() -> None:
    text = (  # ROCm/legacy-rocm-build#2527
        ":3:hip_module.cpp           :669 : 14629861952 us: [pid:31113 tid:0x7fa5a37fe700] hipLaunchKernel: Returned "
        "hipErrorInvalidDeviceFunction : \n!!! Exception during processing !!!\nTraceback (most recent call last):"
    )
    assert _top(text) == "gpu_arch_unsupported"
    assert _top(text.replace("hipErrorInvalidDeviceFunction", "hipSuccess")) != "gpu_arch_unsupported"


def test_setuptools_distutils_shim_assertion_is_a_stale_session() -> None:
    text = "AssertionError: /usr/lib/python3.11/distutils/core.py"  # StatQuest/signa#10
    assert _top(text) == "stale_module_after_upgrade"
    # The file as a traceback frame, not as the assertion's message: no reading of it.
    frame = '  File "/usr/lib/python3.11/distutils/core.py", line 148, in setup\nAssertionError: wrong layout'
    assert _top(frame) != "stale_module_after_upgrade"


def test_a_companions_op_throwing_a_cpp_exception() -> None:
    text = (  # pytorch/pytorch#31597
        "Traceback (most recent call last):\n"
        '  File "/env/lib/python3.7/site-packages/torchvision/extension.py", line 29, in _check_cuda_version\n'
        "    _version = torch.ops.torchvision._cuda_version()\n"
        "MemoryError: std::bad_alloc"
    )
    assert _top(text) == "torchvision_torch_mismatch"
    users = text.replace("/env/lib/python3.7/site-packages/torchvision/extension.py", "/home/u/train.py")
    assert _top(users) != "torchvision_torch_mismatch"


def test_condas_solver_on_a_companion_needing_another_pytorch() -> None:
    text = (  # RosettaCommons/RFdiffusion (yao#8)
        "└─ torchaudio is not installable because there are no viable options\n"
        "   ├─ torchaudio 2.5.1 would require\n"
        "   │  └─ pytorch >=2.5.1,<2.5.2.0a0 , which conflicts with any installable versions previously reported;\n"
    )
    assert _top(text, platform="macos") == "torchvision_torch_mismatch"
    assert _top(text.replace("torchaudio 2.5.1 would", "numpy 2.5.1 would"), platform="macos") != "torchvision_torch_mismatch"


def test_cuda_home_holding_the_toolkit_path_run_together() -> None:
    text = (  # Point2Skeleton's scene-recognition-in-3d#4, under WSL
        "    [3/9] usr/local/cuda-10.2usr/local/cuda-10.2/usr/local/cuda-10.2/bin/nvcc -I/mnt/f/env/torch/include "
        "-c -o interpolate_gpu.o\n    FAILED: /mnt/f/code/pointnet2/build/interpolate_gpu.o"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "run together" in finding.explanation
    assert finding.fix is not None and "export CUDA_HOME=/usr/local/cuda-10.2\n" in finding.fix.code
    # One toolkit folder in the nvcc path: nothing malformed.
    assert "not one folder" not in explain(text.replace("usr/local/cuda-10.2usr/local/cuda-10.2/usr", "/usr"), platform="linux")[0].title
