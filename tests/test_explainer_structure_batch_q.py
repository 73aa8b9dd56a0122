"""What batch-2026-12-01q (84 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import ruled
from .ranking import top as _top

_GCC_BOUND = (  # mit-han-lab/torchsparse#189 (torch 1.12's wording: an inclusive bound)
    "RuntimeError: The current installed version of x86_64-linux-gnu-g++ (11.3.0) is greater than the maximum required "
    "version by CUDA 11.3 (10.0.0). Please make sure to use an adequate version of x86_64-linux-gnu-g++ (>=5.0.0, <=10.0.0)."
)


def test_cpp_extension_says_gcc_is_newer_than_cuda_allows() -> None:
    finding = explain(_GCC_BOUND, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing"
    assert "gcc 10 or older" in finding.title and "cpp_extension checks the host compiler" in finding.explanation
    assert finding.fix is not None and "gcc-10 g++-10" in finding.fix.code
    # torch 2.x's wording: an exclusive bound, "<11.0", is gcc 10 too.
    newer = _GCC_BOUND.replace("(>=5.0.0, <=10.0.0)", "(>=5.0.0, <11.0)").replace(" (10.0.0).", ".")
    fix = explain(newer, platform="linux")[0].fix
    assert fix is not None and "gcc-10 g++-10" in fix.code
    # clang has its own table, and the gcc fixes do not apply.
    clang = explain(_GCC_BOUND.replace("x86_64-linux-gnu-g++", "clang++"), platform="linux")[0]
    assert clang.fix is None or "gcc-" not in clang.fix.code
    # The minimum, not the maximum: not a compiler too new.
    assert "newer than" not in explain(_GCC_BOUND.replace("is greater than the maximum", "is less than the minimum"))[0].title


_MSVC_HEADERS = (  # NVlabs/tiny-cuda-nn#280
    "cl : Command line warning D9025 : overriding '/D__CUDA_NO_HALF_OPERATORS__' with '/U__CUDA_NO_HALF_OPERATORS__'\n"
    "E:\\Program Files\\CUDA\\v11.7\\include\\crt/host_config.h(231): fatal error C1083: Cannot open include file: "
    "'crtdefs.h': No such file or directory"
)


def test_msvc_without_its_standard_headers() -> None:
    finding = explain(_MSVC_HEADERS, platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and "standard headers (crtdefs.h)" in finding.title
    assert finding.fix is not None and "Desktop development with C++" in finding.fix.code
    assert "standard headers" in explain(_MSVC_HEADERS.replace("'crtdefs.h'", "'cerrno'"), platform="windows")[0].title
    # A header of the project or of CUDA is another problem: not the compiler's own headers.
    for header in ("'cuda_runtime.h'", "'fmt/format.h'", "'Python.h'"):
        assert "standard headers" not in explain(_MSVC_HEADERS.replace("'crtdefs.h'", header), platform="windows")[0].title


_INIT_EXTENSION = (  # mit-han-lab/smoothquant#50
    "Traceback (most recent call last):\n"
    '  File "./generate_act_scales.py", line 7, in <module>\n    import torch\n'
    '  File "/opt/conda/envs/sq/lib/python3.8/site-packages/torch/__init__.py", line 778, in <module>\n'
    "    _C._initExtension(manager_path())\n"
    "AttributeError: partially initialized module 'torch' has no attribute 'UntypedStorage' (most likely due to a circular import)"
)


def test_torchs_core_asking_its_python_files_for_a_class_they_lack() -> None:
    assert _top(_INIT_EXTENSION) == "corrupted_install"
    # Another line of torch's __init__: the half-imported torch reading stays.
    assert _top(_INIT_EXTENSION.replace("_C._initExtension(manager_path())", "from torch._tensor import Tensor")) != (
        "corrupted_install"
    )
    # A user's file named torch.py in the frames: shadowing, as before.
    shadow = _INIT_EXTENSION.replace("/opt/conda/envs/sq/lib/python3.8/site-packages/torch/__init__.py", "/home/u/torch.py")
    assert _top(shadow) == "shadowed_module"


def test_insufficient_driver_without_a_version_may_be_no_driver_at_all() -> None:
    text = "RuntimeError: CUDA error: CUDA driver version is insufficient for CUDA runtime version"  # lora-scripts#101's words
    causes = [finding.cause for finding in explain(text, platform="windows")[:3]]
    assert causes[0] == "driver_too_old" and "no_driver_or_gpu" in causes
    # nvidia-smi's header shows a driver: no second reading.
    with_smi = text + "\n| NVIDIA-SMI 470.86       Driver Version: 470.86       CUDA Version: 11.4     |"
    assert "no_driver_or_gpu" not in [finding.cause for finding in ruled(with_smi, platform="linux")]


def test_conda_name_of_torch_is_torch() -> None:
    text = "ImportError: cannot import name 'PILLOW_VERSION' from 'PIL'"  # pytorch/vision#5374
    stated = explain(text, platform="macos", packages={"pytorch": "1.10.1", "torchvision": "0.2.2"})[0]
    assert stated.cause == "torchvision_torch_mismatch" and "torch 1.10.1" in stated.title
    assert stated.fix is not None and stated.fix.code == "pip install torchvision==0.11.2"
    assert explain(text, platform="macos", packages={"pytorch": "1.10.1", "torchvision": "0.11.2"})[0].cause != (
        "torchvision_torch_mismatch"
    )


def test_torch_custom_ops_missing_alone_is_a_newer_companion() -> None:
    text = "ModuleNotFoundError: No module named 'torch._custom_ops'"  # stanford-futuredata/ColBERT#383
    assert _top(text) == "torchvision_torch_mismatch"
    # Another private module of torch, with no frames: nothing says who imported it.
    assert _top(text.replace("torch._custom_ops", "torch._six")) != "torchvision_torch_mismatch"
    # The user's own file importing it: not a companion's doing.
    users = 'Traceback (most recent call last):\n  File "/home/u/train.py", line 3, in <module>\n    import torch._custom_ops\n' + text
    assert _top(users) != "torchvision_torch_mismatch"
