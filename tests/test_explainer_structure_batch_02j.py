"""Readings learned from batch-2026-12-02j's first run (docs/accuracy-runs/batch-2026-12-02j.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes, top


def _frame(path: str, code: str, line: int = 1) -> str:
    return f'  File "{path}", line {line}, in <module>\n    {code}\n'


# --- build toolchain ---------------------------------------------------------------------------------------------


def test_gcc_older_than_the_build_needs_names_the_release_it_needs() -> None:
    header = "#error \"You're trying to build Pytorch with a too old version of GCC. We need GCC 5 or later\""
    finding = explain(header, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "gcc 5 or later" in finding.title
    assert finding.fix is not None and finding.fix.code.startswith("sudo apt install gcc-5 g++-5")
    # cpp_extension's own check (torch/utils/cpp_extension.py, _check_cuda_version), in a conda environment's build.
    check = (
        "RuntimeError: The current installed version of g++ (4.8.5) is less than the minimum required version by CUDA 11.8 "
        "(6.0.0). Please make sure to use an adequate version of g++ (>=6.0.0, <12.0).\n"
        "/home/u/miniconda3/envs/x/bin/x86_64-conda-linux-gnu-c++ -MMD"
    )
    finding = explain(check, platform="linux")[0]
    assert "gcc 6 or later" in finding.title and finding.fix is not None
    assert finding.fix.code == "conda install -c conda-forge gcc_linux-64=7 gxx_linux-64=7"  # conda-forge has gcc >= 7
    # "greater than the maximum" stays the too-new reading.
    too_new = "The current installed version of g++ (13.1.0) is greater than the maximum required version by CUDA 11.8."
    assert "newer than" in explain(too_new, platform="linux")[0].title


def test_triton_without_a_c_compiler_is_a_missing_toolchain_on_each_platform() -> None:
    text = "RuntimeError: Failed to find C compiler. Please specify via CC environment variable or set triton.knobs.build.impl."
    linux = explain(text, platform="linux")[0]
    assert linux.cause == "build_toolchain_missing" and "Triton" in linux.title
    assert linux.fix is not None and linux.fix.code == "sudo apt-get install -y build-essential"
    windows = explain(text, platform="windows")[0].fix
    assert windows is not None and "Visual Studio" in windows.code


def test_nvdiffrasts_own_msvc_search_is_msvc_missing() -> None:
    assert top("RuntimeError: Could not locate a supported Microsoft Visual C++ installation", platform="windows") == (
        "build_toolchain_missing"
    )


def test_cuda_home_of_several_windows_toolkits_joined_with_semicolons() -> None:
    root = "C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA"
    line = f"[2/16] {root}\\v12.1;{root}\\v11.8;{root}\\v12.1\\include;\\bin\\nvcc --generate-dependencies-with-compile x.cu"
    finding = explain("CreateProcess failed: The system cannot find the file specified.\n" + line, platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and "';'" in finding.explanation
    assert finding.fix is not None and finding.fix.code.startswith(f"set CUDA_HOME={root}\\v12.1\n")
    # One toolkit folder is no joined path.
    assert causes(f"[2/16] {root}\\v12.1\\bin\\nvcc -c x.cu", platform="windows")[0] != "build_toolchain_missing"


def test_an_addons_ops_that_never_loaded_were_never_built() -> None:
    warned = (
        "ms_deform_attn.py:31: UserWarning: Failed to load custom C++ ops. Running on CPU mode Only!\n"
        "NameError: name '_C' is not defined"
    )
    finding = explain(warned, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "groundingdino" in finding.title
    raised = _frame("/env/lib/python3.9/site-packages/groundingdino/models/ms_deform_attn.py", "output = _C.forward(x)")
    assert top(raised + "NameError: name '_C' is not defined") == "build_toolchain_missing"
    # torch's own _C unbound stays torch's reading.
    own = _frame("/env/lib/python3.9/site-packages/torch/__init__.py", "from torch._C import *")
    assert top(own + "NameError: name '_C' is not defined") != "build_toolchain_missing"


def test_an_mmcv_op_without_its_cuda_kernel_is_the_wrong_mmcv_build() -> None:
    # Since batch-2026-12-06f: an installed mmcv's missing kernel reads first as its build without CUDA ops (mmcv#2099,
    # #2968, facechain#70), then as one for another torch or CUDA (mmdetection3d#1413).
    findings = explain("RuntimeError: hard_voxelize_forward_impl: implementation for device cuda:0 not found.")
    assert [f.cause for f in findings[:2]] == ["cpu_only_build", "extension_abi_mismatch"]
    assert all("mmcv" in f.title for f in findings[:2])


# --- damaged installs, GPU, companions, wheels -------------------------------------------------------------------


def test_a_cuda_dll_that_torch_lib_ships_is_a_damaged_install_first() -> None:
    text = (
        'OSError: [WinError 126] The specified module could not be found. Error loading "C:\\sd\\venv\\lib\\site-packages'
        '\\torch\\lib\\cudnn_adv_infer64_8.dll" or one of its dependencies.'
    )
    assert causes(text, platform="windows")[:2] == ["corrupted_install", "missing_cuda_runtime_lib"]
    # The same DLL in a CUDA toolkit's folder is a CUDA library off the search path.
    system = text.replace("C:\\sd\\venv\\lib\\site-packages\\torch\\lib", "C:\\Program Files\\NVIDIA\\CUDNN\\v8.9\\bin")
    assert top(system, platform="windows") == "missing_cuda_runtime_lib"


def test_thcs_unknown_error_at_cuda_init_is_an_unusable_gpu() -> None:
    text = "RuntimeError: cuda runtime error (30) : unknown error at /opt/conda/conda-bld/pytorch/aten/src/THC/THCGeneral.cpp:51"
    assert top(text, platform="linux") == "no_driver_or_gpu"
    assert top("RuntimeError: cuda runtime error (2) : out of memory at THCCachingAllocator.cpp:510") != "no_driver_or_gpu"


def test_torchcodecs_core_lacking_a_torch_symbol_without_its_banner() -> None:
    text = "OSError: /v/site-packages/torchcodec/libtorchcodec_core6.so: undefined symbol: torch_dtype_float4_e2m1fn_x2"
    assert top(text, platform="linux") == "torchvision_torch_mismatch"
    ffmpeg = "OSError: /v/site-packages/torchcodec/libtorchcodec_core6.so: undefined symbol: av_frame_alloc"
    assert top(ffmpeg, platform="linux") != "torchvision_torch_mismatch"


def test_uvs_hint_without_backticks_on_an_intel_mac() -> None:
    text = (
        "error: Distribution torch==2.8.0 doesn't have a source distribution or wheel for the current platform\n"
        "hint: You're on macOS (macosx_15_0_x86_64), but torch (v2.8.0) only has wheels for macosx_11_0_arm64"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "Intel" in finding.title


# --- shadowing -------------------------------------------------------------------------------------------------------


def test_a_projects_import_answered_by_another_projects_folder() -> None:
    nodes = "/ComfyUI/custom_nodes"
    text = (
        "Traceback (most recent call last):\n"
        + _frame(f"{nodes}/ComfyUI-Impact-Pack/modules/impact/core.py", "from sam2.sam2_image_predictor import SAM2ImagePredictor")
        + _frame(f"{nodes}/comfyui_layerstyle/py/sam2/sam2_image_predictor.py", "from ..sam2.modeling.sam2_base import SAM2Base")
        + "ImportError: attempted relative import beyond top-level package\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module" and "Another project's sam2" in finding.title
    # The project's own package under the asking file's project is no other project's.
    own = text.replace(f"{nodes}/comfyui_layerstyle/py/sam2", f"{nodes}/ComfyUI-Impact-Pack/modules/sam2")
    assert top(own, platform="linux") != "shadowed_module"
    # An import the answering module makes itself failing is not about the answering package.
    deeper = text.replace("ImportError: attempted relative import beyond top-level package", "ModuleNotFoundError: No module named 'hydra'")
    assert top(deeper, platform="linux") != "shadowed_module"


def test_pypis_namesake_of_the_package_the_code_means() -> None:
    text = (
        _frame("/home/a/Dictation/whisper_dictate.py", 'model = whisper.load_model("small")', 22)
        + "AttributeError: module 'whisper' has no attribute 'load_model'\n"
    )
    finding = explain(text, platform="linux", packages={"whisper": "1.1.10"})[0]
    assert finding.cause == "shadowed_module" and finding.confidence == 0.85 and "PyPI" in finding.title
    assert finding.fix is not None and finding.fix.code == "pip uninstall -y whisper\npip install openai-whisper"
    assert explain(text, platform="linux")[0].confidence == 0.7  # nothing stated: still the likeliest reading
    # A name the namesake has too, or a local whisper.py, is not this reading.
    assert explain(text.replace("load_model", "open"), platform="linux")[0].title.find("PyPI") == -1
    local = _frame("/home/a/proj/run.py", "import whisper") + _frame("/home/a/proj/whisper.py", "whisper.load_model('x')")
    assert "PyPI" not in explain(local + "AttributeError: module 'whisper' has no attribute 'load_model'")[0].title
