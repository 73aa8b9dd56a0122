"""What batch-2026-12-01k (82 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import ruled
from .ranking import top as _top

USER_SITE_TORCH = (  # k2-fsa/icefall#1283: a conda env's torchaudio against ~/.local's torch
    '  File "/mnt/m/miniconda3/envs/icefall/lib/python3.10/site-packages/torchaudio/_extension.py", line 52, in _load_lib\n'
    "    torch.ops.load_library(path)\n"
    '  File "/home/m/.local/lib/python3.10/site-packages/torch/_ops.py", line 643, in load_library\n'
    "    ctypes.CDLL(path)\n"
    "OSError: libtorch_cuda_cpp.so: cannot open shared object file: No such file or directory"
)


def test_torch_from_the_user_site_beside_a_conda_envs_companion_is_a_second_torch() -> None:
    finding = explain(USER_SITE_TORCH)[0]
    assert finding.cause == "duplicate_installations" and finding.confidence == 0.95
    assert "/home/m/.local/lib/python3.10/site-packages" in finding.title
    assert finding.fix.code == "python -m pip uninstall -y torch"  # removes the copy imported first: the user site's
    pip_site = USER_SITE_TORCH.replace("/mnt/m/miniconda3/envs/icefall", "/usr/local")
    causes = [item.cause for item in explain(pip_site)]  # pip may have installed it against the user site's torch
    assert causes[0] == "torchvision_torch_mismatch" and "duplicate_installations" in causes[:3]
    one_site = USER_SITE_TORCH.replace("/mnt/m/miniconda3/envs/icefall/lib", "/home/m/.local/lib")
    assert "duplicate_installations" not in [item.cause for item in ruled(one_site)]


COLLECT_ENV_TWO_TORCHES = (  # facebookresearch/detectron2#3351
    "RuntimeError: No such operator torchvision::nms\n\n"
    "Versions of relevant libraries:\n"
    "[pip3] torch==1.9.0\n"
    "[pip3] torchvision==0.7.0\n"
    "[conda] pytorch                   1.6.0\n"
)


def test_a_listing_of_two_torches_explains_a_companion_made_for_the_other() -> None:
    finding = explain(COLLECT_ENV_TWO_TORCHES, packages={"torch": "1.9.0", "torchvision": "0.7.0"})[0]
    assert finding.cause == "duplicate_installations" and finding.confidence == 0.97
    assert any("torchvision 0.7.0 is the release for torch 1.6" in line for line in finding.evidence)
    made_for_the_running_one = explain(COLLECT_ENV_TWO_TORCHES, packages={"torch": "1.9.0", "torchvision": "0.10.0"})
    assert all(item.confidence < 0.97 for item in made_for_the_running_one if item.cause == "duplicate_installations")
    nightly = COLLECT_ENV_TWO_TORCHES.replace("[conda] pytorch  ", "[conda] pytorch-nightly")  # one folder overwritten
    assert explain(nightly, packages={"torch": "1.9.0", "torchvision": "0.7.0"})[0].cause == "torchvision_torch_mismatch"
    same_release = COLLECT_ENV_TWO_TORCHES.replace("torch==1.9.0", "torch==1.6.0+cu101")  # one install, two tools
    assert "duplicate_installations" not in [item.cause for item in ruled(same_release)]


XPU_DLL = (  # intel/intel-extension-for-pytorch#485
    "OSError: [WinError 126] The specified module could not be found. Error loading "
    '"C:\\Users\\s\\venv\\lib\\site-packages\\torch\\lib\\backend_with_compiler.dll" or one of its dependencies'
)


def test_an_intel_xpu_torchs_dll_failure_is_the_oneapi_runtime() -> None:
    finding = explain(XPU_DLL, platform="windows", packages={"torch": "2.1.10+xpu"})[0]
    assert finding.cause == "windows_dll_dependency" and "oneAPI" in finding.title
    assert 'call "C:\\Program Files (x86)\\Intel\\oneAPI\\setvars.bat"' in finding.fix.code
    assert "powershell" in finding.fix.note  # Intel's form for PowerShell users
    plain = explain(XPU_DLL, platform="windows", packages={"torch": "2.1.0"})[0]
    assert "oneAPI" not in plain.title


def test_caffe2_nvrtc_failing_to_load_is_its_dependency_off_the_search_path() -> None:
    text = (  # patientx/ComfyUI-Zluda#76, with no ZLUDA in the text
        'OSError: [WinError 126] The specified module could not be found. Error loading "D:\\ComfyUI\\venv\\Lib\\'
        'site-packages\\torch\\lib\\caffe2_nvrtc.dll" or one of its dependencies.'
    )
    causes = [item.cause for item in explain(text, platform="windows")]
    assert causes[:2] == ["windows_dll_dependency", "missing_cuda_runtime_lib"]
    cudnn = text.replace("caffe2_nvrtc.dll", "cudnn_ops_infer64_8.dll")
    # Another CUDA DLL that torch\lib ships: a damaged install first, the CUDA library second (batch-2026-12-02j).
    assert [item.cause for item in explain(cudnn, platform="windows")][:2] == ["corrupted_install", "missing_cuda_runtime_lib"]


def test_torch_14s_onnx_registry_rejecting_torchvisions_op_name() -> None:
    text = (  # alievk/avatarify-python#105
        "RuntimeError: Failed to register operator torchvision::_new_empty_tensor_op.                            "
        "The symbolic name must match the format Domain::Name"
    )
    finding = explain(text)[0]
    assert finding.cause == "torchvision_torch_mismatch" and finding.title.startswith("torchvision")


def test_cpp_extensions_own_lookup_of_cl_exe() -> None:
    text = "subprocess.CalledProcessError: Command '['where', 'cl']' returned non-zero exit status 1."  # yfeng95/DECA#168
    assert _top(text, platform="windows") == "build_toolchain_missing"
    assert _top(text.replace("'cl'", "'ninja'"), platform="windows") != "build_toolchain_missing"


def test_pdms_isolated_build_without_torch_gets_pdms_own_advice() -> None:
    text = (  # pdm-project/pdm#2202
        '  File "/home/m/.local/share/pdm/venv/lib/python3.10/site-packages/pyproject_hooks/_impl.py", line 166, in '
        "get_requires_for_build_wheel\n"
        "pdm.exceptions.BuildError: Build backend raised error: Module 'torch' is missing, please make sure it is specified "
        "in the 'build-system.requires' section. If it is not possible, add it to the project and use '--no-isolation' option."
    )
    finding = explain(text)[0]
    assert finding.cause == "build_toolchain_missing" and "pdm's isolated build" in finding.title
    assert "--no-isolation" in finding.fix.code and "--no-build-isolation" not in finding.fix.code


def test_pip_picking_torchs_placeholder_sdist_means_no_wheel_fits() -> None:
    text = (  # pytorch/pytorch#51854: a native arm64 Python before torch had macOS arm64 wheels
        "Collecting torch\n  Using cached torch-0.1.2.post2.tar.gz (128 kB)\n"
        "WARNING: The candidate selected for download or install is a yanked version: 'torch' candidate (version 0.1.2.post2 at"
    )
    assert _top(text, platform="macos") == "wheel_platform_mismatch"
    assert _top("Collecting torch\n  Using cached torch-2.1.0.tar.gz (1 kB)", platform="macos") != "wheel_platform_mismatch"


def test_uvs_range_without_a_wheel_for_an_intel_mac_python() -> None:
    text = (  # unslothai/unsloth#5187: uv picked an x86_64 CPython, run under Rosetta
        "  ╰─▶ ... torch>=2.6.0,<=2.10.0+cpu has no wheels with a matching\n"
        "      platform tag (e.g., `macosx_26_0_x86_64`)\n"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "Intel (x86_64) macOS" in finding.title
    assert "arm64" in finding.fix.code and "torch==2.2.2" in finding.fix.code
    linux = text.replace("macosx_26_0_x86_64", "manylinux_2_17_aarch64")
    assert "Intel" not in explain(linux)[0].title


def test_a_subpackage_of_the_installed_torch_without_its_init_is_a_damaged_install() -> None:
    text = (  # microsoft/DirectML#648
        "File ~\\AppData\\Roaming\\Python\\Python312\\site-packages\\torch\\__init__.py:1686\n"
        "-> 1686 from torch.amp import autocast, GradScaler\n"
        "ImportError: cannot import name 'autocast' from 'torch.amp' (unknown location)"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "corrupted_install" and "torch/amp/__init__.py" in finding.title
    users_file = text.replace("~\\AppData\\Roaming\\Python\\Python312\\site-packages\\torch\\__init__.py", "C:\\proj\\train.py")
    assert _top(users_file, platform="windows") != "corrupted_install"
