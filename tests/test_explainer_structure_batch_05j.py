"""What batch-2026-12-05j taught (docs/accuracy-runs/batch-2026-12-05j.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from tests.test_explainer_structure_batch_05d import read_by_rules
from torchenv_magic import explain


def _read(text: str, platform: str = "linux") -> list[str]:
    return read_by_rules(text, platform)


def test_a_torchvision_module_removed_in_0_17() -> None:
    # pytorch/pytorch#103973: basicsr's degradations.py under torchvision 0.17 or newer.
    text = (
        '  File "/v/lib/python3.10/site-packages/basicsr/data/degradations.py", line 8, in <module>\n'
        "    from torchvision.transforms.functional_tensor import rgb_to_grayscale\n"
        "ModuleNotFoundError: No module named 'torchvision.transforms.functional_tensor'\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and "removed" in finding.title
    assert any("torchvision 0.17 removed torchvision.transforms.functional_tensor" in line for line in finding.evidence)
    assert _read("ModuleNotFoundError: No module named 'torchvision.transforms.functional_pil'")[0] == "other"
    # A torchvision module that no release removed is not this reading.
    assert not any("0.17" in line for f in explain("No module named 'torchvision.transforms.v9'") for line in f.evidence)


def test_keras_asking_tensorflows_private_api_under_any_module_path() -> None:
    # katanemo/plano#231: TensorFlow 2.18 under a Keras pinned for an older one.
    text = "module 'tensorflow._api.v2.compat.v2.__internal__' has no attribute 'register_load_context_function'"
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "other" and finding.title == "Keras of another release than the TensorFlow installed"
    assert explain("module 'tensorflow.compat.v2.__internal__' has no attribute 'x'")[0].title == finding.title
    # TensorFlow's public modules lacking a name are not this reading.
    assert "Keras" not in explain("module 'tensorflow' has no attribute 'Session'")[0].title


def test_a_pyc_whose_flags_no_python_writes() -> None:
    # Akrog/pinliner#11: .pyc files an earlier run left; importlib's _classify_pyc words it so.
    finding = explain("ImportError: invalid flags 1730942170 in 'src'", platform="windows")[0]
    assert finding.cause == "shadowed_module" and "src" in finding.title
    assert finding.fix is not None and ".pyc" in finding.fix.code
    assert "shadowed_module" not in _read("ValueError: invalid flags for the format")


def test_an_extensions_own_kernel_without_code_for_the_gpu() -> None:
    # CharlesShang/DCNv2#35, fundamentalvision/Deformable-DETR#70: the op and torch built for two CUDA releases.
    finding = explain("error in modulated_deformable_im2col_cuda: invalid device function", platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("modulated_deformable_im2col_cuda")
    assert finding.fix is not None and "TORCH_CUDA_ARCH_LIST" in finding.fix.code
    # THC's check naming a .cu file outside torch's sources (daerduoCarey/PyTorchEMD#11) reads the same.
    emd = "THCudaCheck FAIL file=/home/u/PyTorchEMD/cuda/emd_kernel.cu line=190 error=98 : invalid device function"
    assert _read(emd)[:2] == ["extension_abi_mismatch", "gpu_arch_unsupported"]
    # torch's own kernels failing so is torch's build lacking the GPU.
    own = "THCudaCheck FAIL file=/pytorch/aten/src/THC/generic/THCTensorMath.cu line=15 error=8 : invalid device function"
    assert _read(own)[0] == "gpu_arch_unsupported"
    assert _read("RuntimeError: CUDA error: invalid device function")[0] == "gpu_arch_unsupported"


def test_a_libtorch_download_lacking_a_library_it_links() -> None:
    # LaurentMazare/tch-rs#101: the macOS LibTorch download without libmklml.dylib.
    text = (
        "dyld: Library not loaded: @rpath/libmklml.dylib\n"
        "  Referenced from: /Users/a/tch-rs/target/debug/build/torch-sys-33/out/libtorch/libtorch/lib/libtorch.dylib\n"
        "  Reason: image not found\n"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "corrupted_install" and "LibTorch download" in finding.title
    assert finding.fix is not None and "pytorch.org" in finding.fix.code and "pip" not in finding.fix.code
    # Python's torch lacking one of its own libraries is reinstalled with pip.
    wheel = (
        "ImportError: dlopen(/Users/a/env/lib/python3.8/site-packages/torch/_C.cpython-38-darwin.so, 2): Library not loaded: "
        "@rpath/libtorch_cpu.dylib\n  Referenced from: /Users/a/env/lib/python3.8/site-packages/torch/lib/libtorch_python.dylib\n"
    )
    python_torch = explain(wheel, platform="macos")[0]
    assert python_torch.cause == "corrupted_install" and python_torch.fix is not None and "pip" in python_torch.fix.code


def test_r_torchs_lantern_of_another_release() -> None:
    # mlverse/torch#58, on a Dutch Windows: the lantern.dll downloaded lacked a function the R package calls.
    text = (
        "Error: package or namespace load failed for 'torch':\n .onLoad failed in loadNamespace() for 'torch', details:\n"
        "  call: cpp_lantern_init(lantern_install_path())\n  error: lantern_TensorIndex_new - Kan opgegeven procedure niet vinden.\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "corrupted_install" and "lantern" in finding.title
    assert finding.fix is not None and "torch::install_torch(reinstall = TRUE)" in finding.fix.code
    # The words without R torch's loader are not this reading.
    assert "corrupted_install" not in _read("  error: lantern_x - not found\n", "windows")[:1]


def test_a_library_of_another_apple_platform() -> None:
    # abdelaziz-mahdy/pytorch_lite#74: LibTorch's CocoaPods build in an Apple-silicon simulator build.
    text = (
        "Error (Xcode): Building for 'iOS-simulator', but linking in object file "
        "(/Users/x/app/ios/Pods/LibTorch/install/lib/libtorch.a[arm64][2](empty.cpp.o)) built for 'iOS'\n"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and finding.title == "libtorch.a is built for iOS; this build is for iOS-simulator"
    assert finding.fix is not None and "EXCLUDED_ARCHS[sdk=iphonesimulator*]" in finding.fix.code
    # Newer ld's wording, another pair of platforms: a build of the library for the platform built.
    newer = "ld: building for macOS, but linking in object file built for iOS, file '/x/libfoo.a' for architecture arm64"
    other = explain(newer, platform="macos")[0]
    assert other.cause == "wheel_platform_mismatch" and other.fix is not None and "made for macOS" in other.fix.code


def test_gnu_ld_capitalised_by_older_binutils() -> None:
    # pytorch/pytorch#22116: an x86 LibTorch linked on a Jetson TX2.
    finding = explain("libtorch.so: error adding symbols: File in wrong format", platform="linux")[0]
    assert finding.cause == "wheel_platform_mismatch" and "LibTorch" in finding.title


def test_a_macos_system_framework_this_release_lacks() -> None:
    # tensorflow/io#1651: tensorflow-io 0.24.0 linking AVFAudio.
    text = (
        "caused by: ['dlopen(/Users/d/env/lib/python3.9/site-packages/tensorflow_io/python/ops/libtensorflow_io.so, 6): "
        "Library not loaded: /System/Library/Frameworks/AVFAudio.framework/Versions/A/AVFAudio\\n  Referenced from: "
        "/Users/d/env/lib/python3.9/site-packages/tensorflow_io/python/ops/libtensorflow_io.so\\n  Reason: image not found']"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "AVFAudio.framework" in finding.title and "tensorflow_io" in finding.title
    # A framework of the user's own (not macOS's) is not this reading.
    own = "dlopen(/Users/d/env/lib/python3.9/site-packages/x/y.so, 6): Library not loaded: @rpath/Foo.framework/Foo"
    assert "wheel_platform_mismatch" not in _read(own, "macos")[:1]


def test_bitsandbytes_with_no_library_loaded_on_a_mac() -> None:
    # maitrix-org/llm-reasoners#45: bitsandbytes' loader found no library it could load on macOS.
    text = "'NoneType' object has no attribute 'cadam32bit_grad_fp32'"
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "bitsandbytes" in finding.title
    assert finding.fix is not None and "bitsandbytes>=0.49.0" in finding.fix.code
    # On Linux the same words are a CUDA set-up failure of a Linux build, not a missing build.
    assert "wheel_platform_mismatch" not in _read(text, "linux")


def test_two_openmp_runtimes_read_from_a_bare_crash_on_macos() -> None:
    # pytorch/pytorch#132372: conda's scikit-learn imported before conda's PyTorch.
    text = "import sklearn\nimport torch\nimport numpy as np\ntorch.tensor(np.zeros((33000,)))\n\nzsh: segmentation fault  python3\n"
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "lib_version_conflict" and "sklearn" in finding.title
    # Not on Linux (no such report), nor without a package that brings its own OpenMP.
    assert "lib_version_conflict" not in _read(text, "linux")
    assert "lib_version_conflict" not in _read("import torch\nimport pandas\n\nzsh: segmentation fault  python3\n", "macos")


def test_cxx17_demanded_of_an_old_gcc() -> None:
    # hustvl/Vim#63: gcc 6.1 building causal_conv1d against torch 2.1.2, fixed by gcc 11.
    findings = [f for f in explain("#error You need C++17 to compile PyTorch", platform="linux", packages={"torch": "2.1.2"})]
    assert [f.cause for f in findings[:2]] == ["extension_abi_mismatch", "build_toolchain_missing"]
    assert findings[1].fix is not None and "gcc-9" in findings[1].fix.code
    # MSVC's builds are not read so.
    assert "build_toolchain_missing" not in _read("#error You need C++17 to compile PyTorch", "windows")


def test_the_trainer_asking_for_accelerate() -> None:
    # huggingface/transformers#28294: accelerate installed in Colab after transformers was imported. Read as transformers'
    # other "requires Accelerate" messages are (test_explainer_structure_batch_05d): a notebook's kernel first in a notebook.
    text = "Using the `Trainer` with `PyTorch` requires `accelerate>=0.20.1`"
    findings = explain(text, platform="linux")
    assert [f.cause for f in findings[:2]] == ["module_not_installed_in_kernel_env", "stale_module_after_upgrade"]
    assert findings[0].fix is not None and findings[0].fix.code == 'pip install "accelerate>=0.20.1"'
    notebook = explain("Cell In[3], line 1\n" + text, platform="linux")
    assert [f.cause for f in notebook[:2]] == ["stale_module_after_upgrade", "module_not_installed_in_kernel_env"]


def test_tensorflows_op_loader_finding_no_library_pip_installed() -> None:
    # tensorflow/decision-forests#238: its x86_64 inference.so on an ARM machine, which the loader calls missing.
    text = (
        "tensorflow.python.framework.errors_impl.NotFoundError: /home/d/env/lib64/python3.9/site-packages/"
        "tensorflow_decision_forests/tensorflow/ops/inference/inference.so: cannot open shared object file: No such file or directory"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "wheel_platform_mismatch" and "another CPU architecture" in finding.title
    assert "build_toolchain_missing" not in _read(text)
    # torch's extensions built on first use still read as a build that never finished (yuxumin/PoinTr#8).
    jit = "OSError: /home/u/.cache/torch_extensions/py38_cu113/knn/knn.so: cannot open shared object file: No such file or directory"
    assert _read(jit)[0] == "build_toolchain_missing"


# --- batch-2026-12-05k (21 texts, reported, not quoted), learned from after its first run -------------------------


def test_nvrtcs_builtins_named_without_nvrtcs_prefix() -> None:
    # p-gueguen/rctd-py#17: CUDA 13's NVRTC builtins missing on a Blackwell machine, pasted without "nvrtc: error:".
    finding = explain("failed to open libnvrtc-builtins.so.13.0", platform="linux")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "libnvrtc-builtins.so.13.0" in finding.title
    assert "missing_cuda_runtime_lib" not in _read("failed to open config.json")


def test_hip_not_knowing_the_gpu_at_all() -> None:
    # ROCm/legacy-rocm-build#1911: an RX 7900 XT under a ROCm release before RDNA3 was supported.
    text = (
        "UserWarning: HIP initialization: Unexpected error from hipGetDeviceCount(). Did you run some cuda functions "
        "before calling NumHipDevices() that might have already set an error? Error 101: hipErrorInvalidDevice"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "gpu_arch_unsupported" and "ROCm" in finding.title and finding.confidence == 0.6
    # The enum from another HIP call is not this reading.
    assert "gpu_arch_unsupported" not in _read("hipSetDevice returned hipErrorInvalidDevice")


# --- review mends after -05k -------------------------------------------------------------------------------------


def test_a_package_asking_for_the_cuda_runtime_torchs_wheel_keeps() -> None:
    # Project-MONAI/monai-deploy-app-sdk#461: holoscan asking for libcudart.so.11.0 beside torch 2.0.1+cu117. Reinstalling
    # torch does not help; its copy is there, off the loader's path (made for real in tests/e2e/test_batch_05j_real.py).
    text = (
        '  File "/home/u/env/lib/python3.8/site-packages/holoscan/graphs/__init__.py", line 24, in <module>\n'
        "    from ._graphs import FragmentFlowGraph, OperatorFlowGraph\n"
        "ImportError: libcudart.so.11.0: cannot open shared object file: No such file or directory\n"
    )
    finding = explain(text, platform="linux", packages={"torch": "2.0.1+cu117"})[0]
    assert finding.cause == "missing_cuda_runtime_lib" and finding.title.startswith("holoscan cannot find libcudart.so.11.0")
    assert finding.fix is not None and "LD_LIBRARY_PATH" in finding.fix.code and "libcudart.so.11*" in finding.fix.code
    assert finding.fix.note is not None and "import torch before holoscan" in finding.fix.note
    # A runtime of another CUDA than torch's is the package's build for that CUDA, not this.
    other = explain(text.replace("11.0", "12"), platform="linux", packages={"torch": "2.0.1+cu117"})[0]
    assert not other.title.startswith("holoscan cannot find")
