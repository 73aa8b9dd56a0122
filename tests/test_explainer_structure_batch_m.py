"""What batch-2026-12-01m (85 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import top as _top


def test_rocm_finding_no_code_object_for_the_amd_gpu() -> None:
    text = '"hipErrorNoBinaryForGpu: Unable to find code object for all current devices!"\nAborted (core dumped)'
    finding = explain(text, platform="linux")[0]  # AshleyYakeley/stable-diffusion-rocm#4
    assert finding.cause == "gpu_arch_unsupported" and "AMD" in finding.title
    assert "HSA_OVERRIDE_GFX_VERSION=10.3.0" in finding.fix.code and "rocminfo" in finding.fix.code
    cuda = "RuntimeError: CUDA error: no kernel image is available for execution on the device"
    assert "AMD" not in explain(cuda)[0].title


def test_a_companions_own_load_missing_a_cuda_runtime_is_a_companion_for_another_cuda() -> None:
    text = (  # facebookresearch/demucs#225 on Colab
        '  File "/usr/local/lib/python3.7/dist-packages/torchaudio/_extension.py", line 21, in _init_extension\n'
        "    torch.ops.load_library(path)\n"
        '  File "/usr/local/lib/python3.7/dist-packages/torch/_ops.py", line 110, in load_library\n'
        "    ctypes.CDLL(path)\n"
        "OSError: libcudart.so.10.2: cannot open shared object file: No such file or directory"
    )
    causes = [item.cause for item in explain(text)]
    assert causes[:2] == ["torchvision_torch_mismatch", "missing_cuda_runtime_lib"]
    no_frames = "OSError: libcudart.so.9.0: cannot open shared object file: No such file or directory"
    stated_cpu_pair = {"torch": "1.10.0.dev20210618+cpu", "torchvision": "0.3.0"}  # pytorch/pytorch#60628
    assert _top(no_frames, packages=stated_cpu_pair) == "torchvision_torch_mismatch"
    assert _top(no_frames) == "missing_cuda_runtime_lib"


def test_torchvisions_image_extension_warning_naming_a_torch_library() -> None:
    text = (  # Vision-CAIR/MiniGPT-4#45
        "torchvision/io/image.py:13: UserWarning: Failed to load image Python extension: libtorch_cuda_cu.so: "
        "cannot open shared object file: No such file or directory"
    )
    assert _top(text, packages={"torch": "2.0.0+cu117"}) == "torchvision_torch_mismatch"
    image_library = text.replace("libtorch_cuda_cu.so", "libjpeg.so.8")
    assert _top(image_library) != "torchvision_torch_mismatch"


def test_a_cuda_home_with_its_quotes_kept() -> None:
    text = "unable to execute \"'/usr/local/cuda'/bin/nvcc\": No such file or directory"  # MVIG-SJTU/AlphaPose#765
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "quote characters" in finding.explanation
    assert "export CUDA_HOME=/usr/local/cuda\n" in finding.fix.code


def test_torchs_ninja_check() -> None:
    finding = explain("RuntimeError: Ninja is required to load C++ extensions")[0]  # NVlabs/nvdiffrast#35
    assert finding.cause == "build_toolchain_missing" and finding.fix.code == "pip install ninja"


def test_a_notebooks_import_line_names_the_extension_whose_dll_lacks_a_procedure() -> None:
    text = (  # openai/shap-e#16
        "---> 11 from pytorch3d import _C\n"
        "ImportError: DLL load failed while importing _C: The specified procedure could not be found."
    )
    assert _top(text, platform="windows") == "extension_abi_mismatch"
    companion = text.replace("pytorch3d", "torchvision")
    assert _top(companion, platform="windows") != "extension_abi_mismatch"


def test_condas_packages_not_found_for_its_platform() -> None:
    text = (  # conda-forge/miniforge#80
        "PackagesNotFoundError: The following packages are not available from current channels:\n\n  - pytorch\n\n"
        "Current channels:\n\n  - https://conda.anaconda.org/pytorch/osx-arm64\n  - https://conda.anaconda.org/pytorch/noarch\n"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "osx-arm64" in finding.title and finding.fix.code == "pip install torch"
    other_package = text.replace("- pytorch\n", "- opencv\n")
    assert _top(other_package, platform="macos") != "wheel_platform_mismatch"


def test_an_illegal_instruction_ending_in_a_period() -> None:
    text = 'python3 -c "import torch;print(torch.__version__)"\nIllegal instruction.'  # pytorch/pytorch#97226
    assert _top(text, platform="linux") == "wheel_platform_mismatch"


def test_macos_dylds_flat_namespace_wording() -> None:
    text = (  # parlance/ctcdecode#208
        "ImportError: dlopen(/x/envs/e/lib/python3.8/site-packages/ctcdecode/_ext/ctc_decode.cpython-38-darwin.so, 0x0002): "
        "symbol not found in flat namespace '__ZN3c1010TensorImpl17set_autograd_metaESt10unique_ptrINS_21AutogradMetaInterfaceE'"
    )
    assert _top(text, platform="macos") == "extension_abi_mismatch"
