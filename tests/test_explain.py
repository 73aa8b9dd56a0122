"""Each text rule of torchenv_magic.explain alone: its match, its fix, and what it must not match.

The positive texts are lines taken from the corpus's public issues (tests/corpus names the
source of each); the negative ones are near misses that must not trigger the rule.
"""

from __future__ import annotations

import random
import string
import time

import pytest

from torchenv_magic import explain
from torchenv_magic.causes import CAUSES
from torchenv_magic.explainer import EXTRACTORS, ErrorText
from torchenv_magic.explainer.text import HEAD_CHARS, TAIL_CHARS, cap
from torchenv_magic.fixes import VC_REDIST_URL
from torchenv_magic.model import Finding


def top(text: str, **kwargs: object) -> Finding:
    findings = explain(text, **kwargs)  # type: ignore[arg-type]
    assert findings, text
    return findings[0]


def causes(text: str, **kwargs: object) -> list[str]:
    return [f.cause for f in explain(text, **kwargs)]  # type: ignore[arg-type]


FBGEMM = 'OSError: [WinError 126] The specified module could not be found. Error loading "C:\\env\\Lib\\site-packages\\torch\\lib\\fbgemm.dll" or one of its dependencies.'  # noqa: E501 - a real message, kept whole


# --- Windows DLLs --------------------------------------------------------------------------


def test_fbgemm_is_missing_vc_redist_with_redist_link_and_2_4_1_note() -> None:
    finding = top(FBGEMM)
    assert finding.cause == "missing_vc_redist"
    assert finding.fix is not None and VC_REDIST_URL in finding.fix.code
    assert "2.4.1" in finding.fix.note and "131662" in finding.fix.note
    assert any("fbgemm.dll" in line for line in finding.evidence)


@pytest.mark.parametrize(
    "message",
    [
        "找不到指定的模块。",  # zh-CN, hiyouga/LlamaFactory#5132
        "Das angegebene Modul wurde nicht gefunden.",  # de, pytorch/pytorch#125109
        "Le module spécifié est introuvable.",
        "No se puede encontrar el módulo especificado.",
        "Не найден указанный модуль.",  # ru, SunOner/sunone_aimbot#66
        "指定されたモジュールが見つかりません。",
        "Não foi possível encontrar o módulo especificado.",  # pt, vladmandic/sdnext#3375
    ],
)
def test_localised_126_without_number_is_read_as_module_not_found(message: str) -> None:
    text = f'ImportError: DLL load failed: {message} Error loading "C:\\t\\torch\\lib\\c10.dll" or one of its dependencies.'
    assert causes(text)[:2] == ["missing_vc_redist", "windows_dll_dependency"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('OSError: [WinError 127] The specified procedure could not be found. Error loading "x\\torch\\lib\\caffe2.dll"', 127),
        ("ImportError: DLL load failed: 操作系统无法运行 %1。", 182),
        ("ImportError: DLL load failed: Операционная система не может запустить %1.", 182),
        ('OSError: [WinError 193] %1 is not a valid Win32 application, Error loading "e:\\torch\\lib\\caffe2_detectron_ops_gpu.dll"', 193),
    ],
)
def test_conflicting_dll_codes(text: str, code: int) -> None:
    finding = top(text)
    assert finding.cause == "windows_dll_dependency"
    assert str(code) in finding.title
    # Runs as is: drops from PATH the folders holding DLLs named like torch\lib's (found at run time).
    assert finding.fix is not None and finding.fix.kind == "python" and 'os.environ["PATH"]' in finding.fix.code
    assert "<" not in finding.fix.code and "::" not in finding.fix.code


@pytest.mark.parametrize(
    "text",
    [
        'OSError: [WinError 1455] The paging file is too small for this operation to complete. Error loading "C:\\torch\\lib\\cudnn_adv_infer64_8.dll"',  # noqa: E501 - a real message, kept whole
        'OSError: [WinError 1455] 页面文件太小，无法完成操作。 Error loading "D:\\torch\\lib\\cublas64_11.dll" or one of its dependencies.',
    ],
)
def test_paging_file(text: str) -> None:
    finding = top(text)
    assert finding.cause == "windows_paging_file"
    assert finding.fix is not None and "Virtual memory" in finding.fix.code
    assert "num_workers" in finding.fix.note


def test_vc_redist_warning_printed_by_torch() -> None:
    text = "Microsoft Visual C++ Redistributable is not installed, this may lead to the DLL load failure.\n" + FBGEMM
    finding = top(text)
    assert finding.cause == "missing_vc_redist" and finding.confidence >= 0.95


def test_shm_dll_of_per_user_torch_2_3_0_is_dll_search_rules() -> None:
    text = 'OSError: [WinError 126] Das angegebene Modul wurde nicht gefunden. Error loading "C:\\Users\\x\\AppData\\Roaming\\Python\\Python312\\site-packages\\torch\\lib\\shm.dll" or one of its dependencies.'  # noqa: E501 - a real message, kept whole
    finding = top(text)
    assert finding.cause == "windows_dll_dependency"
    assert finding.fix is not None and "torch>=2.3.1" in finding.fix.code


def test_duplicate_openmp_windows_and_linux() -> None:
    windows = top("OMP: Error #15: Initializing libiomp5md.dll, but found libiomp5md.dll already initialized.")
    assert windows.cause == "windows_dll_dependency"
    assert windows.fix is not None and "nomkl" in windows.fix.code and "KMP_DUPLICATE_LIB_OK" in windows.fix.note
    linux = top("OMP: Error #15: Initializing libiomp5.so, but found libomp.so already initialized.", platform="linux")
    assert linux.cause == "lib_version_conflict"


def test_cudnn_dll_not_located() -> None:
    assert top("Could not locate cudnn_ops_infer64_8.dll. Please make sure it is in your library path!").cause == "missing_cuda_runtime_lib"


# --- Shared libraries ------------------------------------------------------------------------


def test_cuda_runtime_library_missing_while_importing_torch() -> None:
    text = (
        '  File "/env/lib/python3.8/site-packages/torch/__init__.py", line 229, in <module>\n'
        "    from torch._C import *  # noqa: F403\n"
        "ImportError: libcudnn.so.8: cannot open shared object file: No such file or directory"
    )
    finding = top(text)
    assert finding.cause == "missing_cuda_runtime_lib"
    assert finding.fix is not None and finding.fix.code.startswith("pip install")


def test_torch_library_missing_is_corrupted_when_torch_imports_it() -> None:
    text = '  File "/env/site-packages/torch/__init__.py", line 290, in <module>\nImportError: libtorch_cpu.so: cannot open shared object file: No such file or directory'  # noqa: E501 - a real message, kept whole
    assert top(text).cause == "corrupted_install"


def test_torch_library_missing_from_an_extension_is_abi_mismatch() -> None:
    text = (
        '  File "/env/site-packages/detectron2/layers/deform_conv.py", line 10, in <module>\n'
        "    from detectron2 import _C\n"
        "ImportError: libtorch_cpu.so: cannot open shared object file: No such file or directory"
    )
    finding = top(text)
    assert finding.cause == "extension_abi_mismatch" and "detectron2" in finding.title


def test_driver_library_missing_is_no_driver() -> None:
    assert top("OSError: libcuda.so.1: cannot open shared object file: No such file or directory").cause == "no_driver_or_gpu"


def test_undefined_symbol_in_extension_vs_in_cuda_wheel() -> None:
    ext = "ImportError: /env/site-packages/detectron2/_C.cpython-38-x86_64-linux-gnu.so: undefined symbol: _ZN3c1012CUDATensorIdEv"
    assert top(ext).cause == "extension_abi_mismatch"
    cuda = (
        "ImportError: /env/site-packages/torch/lib/../../nvidia/cusparse/lib/libcusparse.so.12: "
        "undefined symbol: __nvJitLinkAddData_12_1, version libnvJitLink.so.12"
    )
    finding = top(cuda)
    assert finding.cause == "lib_version_conflict" and "LD_LIBRARY_PATH" in (finding.fix.code if finding.fix else "")
    vision = "OSError: /env/site-packages/torchvision/_C.so: undefined symbol: _ZN3c106detail19maybe_wrap_dim_slowEllb"
    assert top(vision).cause == "torchvision_torch_mismatch"


def test_libcudart_not_in_system_path() -> None:
    assert top("ValueError: libcudart.so.*[0-9] not found in the system path ['/x']").cause == "missing_cuda_runtime_lib"


def _live(text: str, packages: dict[str, str], **probed: object) -> list[Finding]:
    """The same failure captured in a kernel whose probes read ``packages`` (plus ``probed``)."""
    from torchenv_magic.diagnosis import diagnose_facts
    from torchenv_magic.explainer import stated_facts

    facts = {**stated_facts("linux", packages), **probed}
    return diagnose_facts(facts, {"type": "ImportError", "message": text, "tb_files": [], "text": text}).findings


def _install_args(finding: Finding) -> str:
    """What a pip fix installs, however pip is invoked (``pip`` pasted, ``<python> -m pip`` live)."""
    assert finding.fix is not None
    return finding.fix.code.split(" install ", 1)[-1]


# cuda_wheels facts as the probe reads them: torch 2.3.1+cu121 requires the cu12 runtime wheel, which is gone.
CU121_RUNTIME_MISSING = {
    "required": {"nvidia-cuda-runtime-cu12": "nvidia-cuda-runtime-cu12==12.1.105"},
    "missing": [
        {
            "name": "nvidia-cuda-runtime-cu12",
            "requirement": "nvidia-cuda-runtime-cu12==12.1.105",
            "libs": ["libcudart"],
            "in_loader_cache": [],
        }
    ],
}


def test_cuda_wheel_is_named_only_where_torch_requires_it() -> None:
    # torch 1.4 needs a system CUDA 10.0 (pytorch/pytorch#60515): no nvidia-* wheel ships it.
    old = "ImportError: libcudart.so.10.0: cannot open shared object file: No such file or directory"
    pasted, live = top(old, packages={"torch": "1.4.0"}), _live(old, {"torch": "1.4.0"}, cuda_wheels={"required": {}, "missing": []})[0]
    assert pasted.cause == live.cause == "missing_cuda_runtime_lib"
    assert _install_args(pasted) == _install_args(live) == "--force-reinstall torch==1.4.0"
    new = "ImportError: libcudart.so.12: cannot open shared object file: No such file or directory"
    live = _live(new, {"torch": "2.3.1+cu121"}, cuda_wheels=CU121_RUNTIME_MISSING)[0]
    assert live.cause == "missing_cuda_runtime_lib" and _install_args(live) == "nvidia-cuda-runtime-cu12==12.1.105"
    assert live.evidence[0] == new and any(line.startswith("cuda_wheels probe:") for line in live.evidence)


@pytest.mark.parametrize(
    ("text", "packages"),
    [
        ("ImportError: libcudart.so.10.0: cannot open shared object file: No such file or directory", {"torch": "1.4.0"}),
        ("ImportError: /e/site-packages/detectron2/_C.so: undefined symbol: _ZN3c1012CUDATensorIdEv", {"torch": "1.8.0+cu101"}),
        ("ImportError: /e/site-packages/pytorch3d/_C.cpython-39-x86_64-linux-gnu.so: undefined symbol: _ZN2at", {"torch": "2.1.0"}),
        ("ImportError: /e/nvidia/cusparse/lib/libcusparse.so.12: undefined symbol: __nvJitLinkAddData_12_1", {"torch": "2.4.0"}),
        ("ImportError: /e/site-packages/torch/lib/libtorch_cpu.so: undefined symbol: mkl_blas_dgemm", {"torch": "2.4.0"}),
        ("ImportError: /usr/lib/libstdc++.so.6: version `GLIBCXX_3.4.30' not found (required by /e/torch/lib/libtorch.so)", {}),
        ("OMP: Error #15: Initializing libiomp5.so, but found libomp.so already initialized.", {}),
    ],
)
def test_library_causes_same_answer_pasted_or_live(text: str, packages: dict[str, str]) -> None:
    pasted, live = top(text, platform="linux", packages=packages), _live(text, packages)[0]
    assert live.cause == pasted.cause
    assert live.fix is not None and pasted.fix is not None and live.fix.kind == pasted.fix.kind
    assert _install_args(live) == _install_args(pasted)
    assert "<" not in pasted.fix.code and "#" not in pasted.fix.code  # runs as is: no placeholder, no comment to edit


def test_detectron2_fix_is_installable_without_pypi() -> None:
    # detectron2 is not on PyPI: its prebuilt wheel index for torch 1.8 + CUDA 10.1, else a source build.
    prebuilt = top("ImportError: /e/site-packages/detectron2/_C.so: undefined symbol: _ZN3c10", packages={"torch": "1.8.0+cu101"})
    assert prebuilt.fix is not None and "-f https://dl.fbaipublicfiles.com/detectron2/wheels/cu101/torch1.8/" in prebuilt.fix.code
    source = top("ImportError: /e/site-packages/detectron2/_C.so: undefined symbol: _ZN3c10", packages={"torch": "2.5.1"})
    assert source.fix is not None and "--no-build-isolation git+https://github.com/facebookresearch/detectron2.git" in source.fix.code


@pytest.mark.parametrize(
    "text",
    [
        "ImportError: /usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.30' not found (required by /e/torch/lib/libtorch_python.so)",  # noqa: E501 - a real message, kept whole
        "/lib64/libm.so.6: version `GLIBC_2.23' not found (required by /home/centos/libtorch_cpu.so)",
    ],
)
def test_glibc_and_libstdcxx_too_old(text: str) -> None:
    finding = top(text)
    assert finding.cause == "glibc_libstdcxx_too_old"
    assert "required by" not in finding.title or "libtorch" in finding.title


# --- CUDA ------------------------------------------------------------------------------------


def test_driver_too_old_reads_the_driver_cuda_version() -> None:
    finding = top("RuntimeError: The NVIDIA driver on your system is too old (found version 11040). Please update your GPU driver")
    assert finding.cause == "driver_too_old" and "11.4" in finding.title


def test_driver_too_old_fix_picks_a_fitting_variant_of_the_stated_torch() -> None:
    finding = top("The NVIDIA driver on your system is too old (found version 11080).", packages={"torch": "2.1.0+cu121"})
    assert finding.fix is not None
    assert "torch==2.1.0" in finding.fix.code and "whl/cu118" in finding.fix.code


def test_driver_insufficient() -> None:
    assert top("RuntimeError: CUDA error: CUDA driver version is insufficient for CUDA runtime version").cause == "driver_too_old"


def test_no_driver() -> None:
    finding = top("RuntimeError: Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver")
    assert finding.cause == "no_driver_or_gpu" and finding.fix is not None and "nvidia-smi" in finding.fix.code


def test_cpu_only_build_fix_uses_a_cuda_index() -> None:
    finding = top("AssertionError: Torch not compiled with CUDA enabled", packages={"torch": "2.5.1+cpu"})
    assert finding.cause == "cpu_only_build"
    assert finding.fix is not None and "torch==2.5.1" in finding.fix.code and "whl/cu" in finding.fix.code
    mac = top("AssertionError: Torch not compiled with CUDA enabled", platform="macos")
    assert mac.fix is not None and "mps" in mac.fix.code


def test_sm_120_not_compatible_points_to_cu128() -> None:
    text = (
        "NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the current PyTorch installation.\n"
        "The current PyTorch install supports CUDA capabilities sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_90."
    )
    finding = top(text)
    assert finding.cause == "gpu_arch_unsupported" and "sm_120" in finding.title
    assert finding.fix is not None and "whl/cu128" in finding.fix.code


def test_no_kernel_image_alone() -> None:
    assert top("RuntimeError: CUDA error: no kernel image is available for execution on the device").cause == "gpu_arch_unsupported"


def test_driver_too_old_reads_a_pasted_nvidia_smi_header() -> None:
    text = (
        "RuntimeError: The NVIDIA driver on your system is too old (found version 11040).\n"
        "| NVIDIA-SMI 470.86       Driver Version: 470.86       CUDA Version: 11.4     |"
    )
    finding = top(text, packages={"torch": "2.5.1+cu124"})
    assert finding.cause == "driver_too_old" and "470.86" in finding.title
    assert finding.fix is not None and "whl/cu118" in finding.fix.code and "525" in finding.fix.note


def test_not_compiled_with_cuda_next_to_a_stated_cuda_build_is_doubted() -> None:
    # The stated torch is a CUDA build: the process that failed loaded another torch.
    finding = top("AssertionError: Torch not compiled with CUDA enabled", packages={"torch": "2.5.1+cu124"})
    assert finding.cause == "cpu_only_build" and finding.severity == "warning" and finding.confidence < 0.5


# --- Packaging, imports, builds, NumPy, torchvision --------------------------------------------


def test_torchvision_nms_with_packages_pins_the_matching_release_and_index() -> None:
    finding = top("RuntimeError: operator torchvision::nms does not exist", packages={"torch": "2.5.1+cu124", "torchvision": "0.21.0"})
    assert finding.cause == "torchvision_torch_mismatch"
    assert finding.fix is not None
    # torch stays as it is; torchvision moves to the release and the index built for it.
    assert finding.fix.code == "pip install torchvision==0.20.1+cu124 --index-url https://download.pytorch.org/whl/cu124"
    assert "%pip" in finding.fix.note and "restart the kernel" in finding.fix.note
    assert "stated: torch 2.5.1+cu124, torchvision 0.21.0" in finding.evidence


def test_torchvision_of_the_right_release_but_another_build_is_reinstalled() -> None:
    # A plain pin would answer "Requirement already satisfied" (design.md section 6).
    finding = top("RuntimeError: operator torchvision::nms does not exist", packages={"torch": "2.13.0+cpu", "torchvision": "0.28.0"})
    assert finding.fix is not None
    assert (
        finding.fix.code == "pip install torchvision==0.28.0+cpu --no-deps --index-url https://download.pytorch.org/whl/cpu"
    )


def test_stated_mismatch_ranks_below_a_failure_inside_torch_itself() -> None:
    """pytorch/pytorch#61947: torch 1.9.0 with torchvision 0.9.1 is a real mismatch, but caffe2.dll is torch's own."""
    text = "WinError 127 Error loading D:\\Python\\Python37\\Lib\\site-packages\\torch\\lib\\caffe2.dll or one of its dependencies."
    found = explain(text, platform="windows", packages={"torch": "1.9.0+cu111", "torchvision": "0.9.1+cu111"})
    mismatch = next(f for f in found if f.cause == "torchvision_torch_mismatch")
    assert mismatch.confidence < 0.8 and "not what failed here" in mismatch.explanation
    numpy = explain("ImportError: numpy.core.multiarray failed to import", packages={"torch": "2.5.1+cu124", "torchvision": "0.21.0"})
    assert [f.cause for f in numpy][:2] == ["numpy_abi_mismatch", "torchvision_torch_mismatch"]


@pytest.mark.parametrize("torch_version", ["2.4.0a0+3bcc3cddb5.nv24.07", "2.5.1+git1234abc"])
def test_torchvision_fix_names_no_index_for_a_source_or_vendor_build(torch_version: str) -> None:
    # Was --index-url .../whl/cpu: a CPU torch offered to an NGC container's CUDA build.
    finding = top("RuntimeError: operator torchvision::nms does not exist", packages={"torch": torch_version})
    assert finding.fix is not None and "--index-url" not in finding.fix.code


def test_torchvision_nms_without_packages_still_gives_a_fix() -> None:
    finding = top("RuntimeError: No such operator torchvision::nms")
    assert finding.fix is not None and "torchvision" in finding.fix.code


@pytest.mark.parametrize(
    "text",
    [
        "A module that was compiled using NumPy 1.x cannot be run in\nNumPy 2.1.0 as it may crash.",
        "AttributeError: _ARRAY_API not found",
        "ImportError: numpy.core.multiarray failed to import",
    ],
)
def test_numpy_abi(text: str) -> None:
    finding = top(text)
    assert finding.cause == "numpy_abi_mismatch" and finding.fix is not None and "numpy<2" in finding.fix.code


def test_numpy_too_old_for_module() -> None:
    finding = top("RuntimeError: module compiled against API version 0x10 but this version of numpy is 0xe")
    assert finding.cause == "numpy_abi_mismatch" and finding.fix is not None and "--upgrade" in finding.fix.code


@pytest.mark.parametrize(
    "text",
    [
        "ERROR: Could not find a version that satisfies the requirement torch (from versions: none)\nERROR: No matching distribution found for torch",  # noqa: E501 - a real message, kept whole
        "torch-1.0.0-cp37-cp37m-linux_x86_64.whl is not a supported wheel on this platform.",
    ],
)
def test_wheel_platform_mismatch(text: str) -> None:
    assert top(text).cause == "wheel_platform_mismatch"


def test_no_matching_local_tag_mentions_index_url() -> None:
    finding = top("ERROR: No matching distribution found for torch==1.11.0+cu113")
    assert "--index-url" in finding.explanation


def test_module_not_installed_fix_mentions_kernel_pip() -> None:
    finding = top("ModuleNotFoundError: No module named 'torch'")
    assert finding.cause == "module_not_installed_in_kernel_env"
    assert finding.fix is not None and finding.fix.code == "pip install torch torchvision" and "%pip" in finding.fix.note


def test_stated_packages_do_not_overrule_no_module_named() -> None:
    # A `pip list` from a terminal often describes another Python: that is the very cause.
    finding = top("ModuleNotFoundError: No module named 'torchvision'", packages={"torch": "2.5.1+cu124", "torchvision": "0.20.1"})
    assert finding.cause == "module_not_installed_in_kernel_env"
    assert "stated: torchvision 0.20.1 is installed, but not for the Python that failed" in finding.evidence
    assert finding.fix is not None
    assert finding.fix.code == "pip install torchvision==0.20.1+cu124 --index-url https://download.pytorch.org/whl/cu124"


def test_no_module_named_torch_c_is_not_module_not_installed() -> None:
    assert "module_not_installed_in_kernel_env" not in causes("ModuleNotFoundError: No module named 'torch._C'")


@pytest.mark.parametrize(
    "text",
    [
        "RuntimeError: function 'abs' already has a docstring",
        "RuntimeError: Only a single TORCH_LIBRARY can be used to register the namespace prims",
        "AttributeError: partially initialized module 'torch' has no attribute 'fx' (most likely due to a circular import)",
    ],
)
def test_reimport_errors_say_restart(text: str) -> None:
    finding = top(text)
    assert finding.cause == "partial_import_state"
    assert finding.fix is not None and finding.fix.restart_kernel


def test_local_torch_py_in_traceback_is_shadowing() -> None:
    text = (
        'Traceback (most recent call last):\n  File "/home/u/project/torch.py", line 1, in <module>\n    import torch\n'
        "AttributeError: partially initialized module 'torch' has no attribute 'tensor' (most likely due to a circular import)"
    )
    finding = top(text)
    assert finding.cause == "shadowed_module"
    assert finding.fix is not None and "Path('/home/u/project/torch.py')" in finding.fix.code and "'torch_local.py'" in finding.fix.code


def test_project_file_named_like_a_module_torch_imports_is_shadowing() -> None:
    text = (
        '  File "/u/flux/.venv/lib/python3.13/site-packages/torch/__init__.py", line 3, in <module>\n    import math\n'
        '  File "/u/flux/src/flux/math.py", line 2, in <module>\n    from torch import Tensor\n'
        "ImportError: cannot import name 'Tensor' from partially initialized module 'torch' (most likely due to a circular import)"
    )
    finding = top(text)
    assert (finding.cause, finding.title) == ("shadowed_module", "A local math.py hides the module math that torch imports")
    assert finding.fix is not None and "Path('/u/flux/src/flux/math.py')" in finding.fix.code and "'math_local.py'" in finding.fix.code


def test_stale_runtime_warnings() -> None:
    colab = "WARNING: The following packages were previously imported in this runtime:\n  [torch]\nYou must restart the runtime"
    assert top(colab).cause == "stale_module_after_upgrade"
    pip = "Successfully installed torch-2.5.1\nNote: you may need to restart the kernel to use updated packages.\nImportError: cannot import name 'x'"  # noqa: E501 - a real message, kept whole
    assert top(pip).cause == "stale_module_after_upgrade"
    assert "stale_module_after_upgrade" not in causes("Successfully installed torch-2.5.1")


def test_duplicate_and_corrupted() -> None:
    leftover = top("WARNING: Ignoring invalid distribution -orch (c:\\py\\site-packages)")
    assert leftover.cause == "duplicate_installations" and "'~orch'" in leftover.title
    assert leftover.fix is not None and "c:\\py\\site-packages" in leftover.fix.note
    damaged = top("zipfile.BadZipFile: Bad CRC-32 for file 'torch/lib/libtorch_cuda.so'", packages={"torch": "2.5.1+cu124"})
    assert damaged.cause == "corrupted_install" and damaged.fix is not None
    # The same build again, not from the cache that may hold the damaged wheel.
    assert (
        damaged.fix.code
        == "pip install --force-reinstall torch==2.5.1+cu124 --no-cache-dir --index-url https://download.pytorch.org/whl/cu124"
    )


@pytest.mark.parametrize(
    "text",
    [
        "OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.",
        'error: Microsoft Visual C++ 14.0 or greater is required. Get it with "Microsoft C++ Build Tools"',
        "UserWarning: Error checking compiler version for cl: [WinError 2] The system cannot find the file specified",
        "RuntimeError: The detected CUDA version (12.4) mismatches the version that was used to compile\nPyTorch (11.8).",
    ],
)
def test_build_toolchain(text: str) -> None:
    assert top(text).cause == "build_toolchain_missing"


def test_out_of_memory_is_other_not_an_install_problem() -> None:
    finding = top("torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB")
    assert finding.cause == "other" and "batch" in (finding.fix.code if finding.fix else "")


# --- The contract: never raises, ranked, every cause reachable, fast --------------------------


def test_empty_and_unknown_text() -> None:
    assert explain("") == [] and explain("   \n") == []
    fallback = explain("SyntaxError: invalid syntax")
    assert [f.cause for f in fallback] == ["other"] and fallback[0].confidence < 0.2


def test_findings_are_ranked_and_merged_by_cause() -> None:
    text = "Microsoft Visual C++ Redistributable is not installed\n" + FBGEMM
    found = explain(text)
    assert [f.confidence for f in found] == sorted((f.confidence for f in found), reverse=True)
    assert len({f.cause for f in found}) == len(found)


def test_every_cause_id_is_produced_by_some_text() -> None:
    texts = [
        FBGEMM,
        "OMP: Error #15: Initializing libiomp5md.dll, but found libiomp5md.dll already initialized.",
        "OSError: [WinError 1455] The paging file is too small for this operation to complete.",
        "ImportError: libcudnn.so.8: cannot open shared object file: No such file or directory",
        "ImportError: /e/site-packages/detectron2/_C.so: undefined symbol: _ZN3c10",
        "ImportError: /e/nvidia/cusparse/lib/libcusparse.so.12: undefined symbol: __nvJitLinkAddData_12_1",
        "RuntimeError: operator torchvision::nms does not exist",
        "The NVIDIA driver on your system is too old (found version 11040)",
        "Found no NVIDIA driver on your system",
        "Torch not compiled with CUDA enabled",
        "no kernel image is available for execution on the device",
        "No module named 'torch'",
        "partially initialized module 'ai_edge_torch' has no attribute 'convert'",
        "function 'abs' already has a docstring",
        "WARNING: The following packages were previously imported in this runtime:\n  [torch]",
        "WARNING: Ignoring invalid distribution -orch (/e/site-packages)",
        "A module that was compiled using NumPy 1.x cannot be run in\nNumPy 2.0.0",
        "version `GLIBCXX_3.4.30' not found",
        "torch-2.0.0-cp38-cp38-win_amd64.whl is not a supported wheel on this platform.",
        "CUDA_HOME environment variable is not set",
        "zipfile.BadZipFile: Bad CRC-32 for file 'torch/lib/x.dll'",
        "just some text",
    ]
    produced = {f.cause for text in texts for f in explain(text)}
    assert produced == set(CAUSES)


def test_every_signal_extractor_is_quiet_on_unrelated_text() -> None:
    import torchenv_magic.explainer.extractors  # noqa: F401 - registers every extractor

    err = ErrorText.build("Traceback (most recent call last):\nValueError: bad value")
    assert len(EXTRACTORS) >= 10
    for name, func in EXTRACTORS.items():
        assert not list(func(err) or ()), name


@pytest.mark.parametrize("module", ["shared_libs", "windows_dll", "wheels", "build", "runtime"])
def test_library_dll_wheel_build_extractors_are_quiet_on_unrelated_text(module: str) -> None:
    from torchenv_magic.explainer.signals import EXTRACTORS

    err = ErrorText.build("Traceback (most recent call last):\nValueError: bad value")
    mine = {name: func for name, func in EXTRACTORS.items() if func.__module__.endswith(f".{module}")}
    assert mine, module
    for name, func in mine.items():
        assert not list(func(err) or ()), name


def test_huge_input_is_capped_and_fast() -> None:
    filler = "x" * 1_000 + "\n"
    text = FBGEMM + "\n" + filler * 2_000 + "RuntimeError: operator torchvision::nms does not exist\n"
    start = time.perf_counter()
    found = [f.cause for f in explain(text)]
    assert time.perf_counter() - start < 0.5
    assert found[0] in ("missing_vc_redist", "torchvision_torch_mismatch")
    assert len(cap(text)) <= HEAD_CHARS + TAIL_CHARS + 10


@pytest.mark.parametrize(
    "text",
    [
        "File " * 50_000,
        "Error loading " + "\\" * 100_000 + ".dll",
        "undefined symbol: " + "a" * 100_000,
        "(" * 100_000,
        "\x00\ud800\uffff" * 1000,
    ],
)
def test_pathological_inputs_do_not_hang_or_raise(text: str) -> None:
    start = time.perf_counter()
    explain(text, platform="windows", packages={"torch": "not a version", "": ""})
    assert time.perf_counter() - start < 1.0


def test_random_text_never_raises() -> None:
    rng = random.Random(4)
    alphabet = string.printable + "找模块ü\\\"'"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        assert isinstance(explain(text), list)


def test_bad_arguments_are_tolerated() -> None:
    assert explain("No module named 'torch'", platform="plan9", packages={"torch": ""})[0].cause == "module_not_installed_in_kernel_env"
    assert explain(None) == []  # type: ignore[arg-type]


def test_a_coloured_or_html_escaped_copy_reads_as_the_plain_text() -> None:
    # A log or a notebook's saved output keeps the terminal's colour codes; a page's source or an e-mail's HTML part
    # escapes the quotes. Measured over the corpus: both copies of every text rank its cause as the plain text does.
    text = (
        'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n    import torch\n'
        "ModuleNotFoundError: No module named 'torch'\n"
    )
    expected = [(f.cause, f.title) for f in explain(text)]
    coloured = text.replace("ModuleNotFoundError", "\x1b[0;31mModuleNotFoundError\x1b[0m").replace("File", "\x1b[0;32mFile\x1b[0m")
    escaped = text.replace("'", "&#39;").replace('"', "&quot;")
    assert [(f.cause, f.title) for f in explain(coloured)] == expected
    assert [(f.cause, f.title) for f in explain(escaped)] == expected
