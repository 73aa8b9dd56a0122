"""What batch-2026-12-06j taught (docs/accuracy-runs/batch-2026-12-06j.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from torchenv_magic import explain


def _causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)[:3]]  # type: ignore[arg-type]


def test_a_rocm_build_counting_no_gpu_is_no_gpu_reached_then_a_card_rocm_skips() -> None:
    # Comfy-Org/ComfyUI#5138 (no ROCm driver on Linux Mint) and #5406 (an RDNA2 card under WSL's ROCm).
    findings = explain("RuntimeError: No HIP GPUs are available")
    assert [finding.cause for finding in findings[:2]] == ["no_driver_or_gpu", "gpu_arch_unsupported"]
    assert "ROCm" in findings[0].title and findings[0].fix is not None and "rocminfo" in findings[0].fix.code
    # NVIDIA's own words keep their reading, which names no ROCm.
    nvidia = explain("RuntimeError: No CUDA GPUs are available")[0]
    assert nvidia.cause == "no_driver_or_gpu" and "ROCm" not in nvidia.title


def test_a_kernel_cuda_cannot_query_is_a_kernel_without_code_for_this_gpu() -> None:
    # NVIDIA/cuEquivariance#29 (Pascal) and RosettaCommons/foundry#5 (a TITAN RTX under a fused kernel).
    for text in (
        "RuntimeError: can't query kernel attributes",
        'RuntimeError: CUDA error: "named symbol not found" at run_fmha.cu:160\n'
        "Failed call: cudaFuncSetAttribute(*kernel_ptr, cudaFuncAttributeMaxDynamicSharedMemorySize, smem_size)",
    ):
        finding = explain(text)[0]
        assert finding.cause == "gpu_arch_unsupported" and "kernel" in finding.title
    # The driver's Error 500 from cudaGetDeviceCount (Docker Desktop's WSL driver) is not a kernel's.
    container = "RuntimeError: Unexpected error from cudaGetDeviceCount(). Error 500: named symbol not found"
    assert explain(container)[0].cause != "gpu_arch_unsupported"


def test_cublas_failing_to_run_under_an_old_cuda_build_is_a_gpu_newer_than_the_build() -> None:
    # dbolya/yolact#77, pytorch/pytorch#17334: RTX 20xx under torch 1.0's CUDA 9.0 build.
    text = (
        "RuntimeError: cublas runtime error : the GPU program failed to execute at "
        "/opt/conda/conda-bld/pytorch_1549628766161/work/aten/src/THC/THCBlas.cu:258"
    )
    finding = explain(text, packages={"torch": "1.0.1"})[0]
    assert finding.cause == "gpu_arch_unsupported" and "newer" in finding.title


def test_forge_neos_gpu_check_is_read_as_the_webuis() -> None:
    # Haoming02/sd-webui-forge-classic#277: "PyTorch is not able to access CUDA", fixed by reinstalling the CUDA torch.
    causes = _causes('    raise RuntimeError("PyTorch is not able to access CUDA")\nRuntimeError: PyTorch is not able to access CUDA')
    assert causes[:2] == ["no_driver_or_gpu", "cpu_only_build"]


_PYGPU = """\
  File "C:\\temp\\Miniconda3\\lib\\site-packages\\pygpu\\tests\\support.py", line 37, in <module>
    context = gpuarray.init(get_env_dev())
  File "pygpu\\gpuarray.pyx", line 587, in pygpu.gpuarray.pygpu_init
pygpu.gpuarray.GpuArrayException: b'Could not load "{dll}": The specified module could not be found.\\r\\n'
"""


def test_another_package_loading_a_cuda_dll_itself_needs_that_cuda_on_path() -> None:
    # Theano/libgpuarray#562: CUDA's bin folder was not on PATH (only CUDA_PATH was set).
    finding = explain(_PYGPU.format(dll="nvrtc64_70.dll"), platform="windows")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "pygpu" in finding.title
    assert finding.fix is not None and "CUDA toolkit 7.0" in finding.fix.code and "PATH" in finding.fix.code
    assert "pip install" not in finding.fix.code  # torch's copies are not what it loads
    # A release CUDA numbers after 10 keeps its two digits as a major (cudart64_12.dll is CUDA 12's).
    newer = explain(_PYGPU.format(dll="cudart64_12.dll"), platform="windows")[0]
    assert newer.fix is not None and "CUDA toolkit 12," in newer.fix.code


def test_an_add_ons_import_pasted_under_its_error_names_the_loader() -> None:
    # vllm-project/vllm#1369: vllm 0.2.0 built for CUDA 11 under torch 2.1's CUDA 12.
    text = "ImportError: libcudart.so.11.0: cannot open shared object file: No such file or directory\n\nfrom vllm import cuda_utils"
    assert _causes(text, packages={"torch": "2.1.0"})[0] == "extension_abi_mismatch"
    # With a traceback, its frames name the loader (here torch's own _C): a line under the error is not read.
    frame = '  File "/env/lib/python3.10/site-packages/torch/__init__.py", line 229, in <module>\n    from torch._C import *\n'
    assert _causes(frame + text)[0] == "missing_cuda_runtime_lib"


_XPU = (
    "{prefix}/lib/python3.10/site-packages/torch/xpu/__init__.py:60: UserWarning: Failed to initialize XPU devices. The "
    "driver may not be installed, installed incorrectly, or incompatible with the current setup.\n"
    "  return torch._C._xpu_getDeviceCount()\nFalse\n"
)


def test_an_xpu_build_counting_no_device_in_conda_is_the_environments_libstdcxx() -> None:
    # pytorch/pytorch#147226 and intel/intel-extension-for-pytorch#702.
    finding = explain(_XPU.format(prefix="/home/u/.conda/envs/xpu"), platform="linux")[0]
    assert finding.cause == "glibc_libstdcxx_too_old" and finding.fix is not None and "libstdcxx-ng" in finding.fix.code
    # Outside conda nothing names another libstdc++: Intel's driver and runtime come first.
    plain = explain(_XPU.format(prefix="/home/u/venv"), platform="linux")
    assert plain[0].cause == "no_driver_or_gpu" and "Intel" in plain[0].title
    assert not any(finding.cause == "glibc_libstdcxx_too_old" and finding.severity != "info" for finding in plain)


def test_a_torch_without_the_xpu_backend_gets_torchs_xpu_build() -> None:
    # intel/intel-extension-for-pytorch#244: IPEX 1.11's CPU release; torch builds for Intel GPUs from 2.5 on.
    finding = explain("RuntimeError: PyTorch is not linked with support for xpu devices", packages={"torch": "1.11.0"})[0]
    assert finding.cause == "cpu_only_build" and "XPU" in finding.title
    assert finding.fix is not None and "https://download.pytorch.org/whl/xpu" in finding.fix.code


def test_numpys_size_warning_alone_is_not_a_failure() -> None:
    # numpy/numpy#11628: numpy 1.15.0 printed Cython's harmless warning for working modules.
    warning = (
        "/Library/Python/2.7/site-packages/scipy/special/__init__.py:640: RuntimeWarning: numpy.dtype size changed, may "
        "indicate binary incompatibility. Expected 96, got 88"
    )
    assert _causes(warning, packages={"numpy": "1.15.0"})[0] == "other"
    # Raised, it is the ABI mismatch it always was.
    raised = "ValueError: numpy.dtype size changed, may indicate binary incompatibility. Expected 96 from C header, got 88 from PyObject"
    assert _causes(raised)[0] == "numpy_abi_mismatch"


_NVCC = Path("/usr/local/cuda-13.0/bin/nvcc")


def _nvcc_says(arch: str, tmp_path: Path) -> str:
    source = tmp_path / "k.cu"
    source.write_text("__global__ void k() {}\n")
    done = subprocess.run([str(_NVCC), f"-arch={arch}", "-c", str(source), "-o", str(tmp_path / "k.o")], capture_output=True, text=True)
    return done.stdout + done.stderr


@pytest.mark.skipif(not _NVCC.exists() or shutil.which("gcc") is None, reason="needs CUDA 13.0's nvcc and gcc")
def test_a_mistyped_architecture_value_is_the_builds_flags_read_from_real_nvcc(tmp_path: Path) -> None:
    # multimodallearning/pytorch-mask-rcnn#38: "[sm_61]" copied into make.sh; nvcc 13.0's own words, made here.
    for mistyped in ("[sm_61]", "sm_75,sm_86", "'sm_61'"):
        said = _nvcc_says(mistyped, tmp_path)
        assert "nvcc fatal" in said, said
        finding = explain(said)[0]
        assert finding.cause == "other" and "architecture value" in finding.title, (mistyped, said)
    # A real architecture this nvcc no longer builds for (CUDA 13 dropped sm_61) is the toolkit's, not a typo.
    dropped = _nvcc_says("sm_61", tmp_path)
    assert "Unsupported gpu architecture 'sm_61'" in dropped and explain(dropped)[0].cause == "build_toolchain_missing"


def test_an_architecture_name_an_older_nvcc_lacks_is_not_a_typo() -> None:
    # ggml-org/whisper.cpp#876: -arch=native before CUDA 11.6.
    text = "nvcc fatal   : Value 'native' is not defined for option 'gpu-architecture'"
    assert explain(text)[0].cause == "build_toolchain_missing"
    assert explain("nvcc fatal   : Value '[sm_61]' is not defined for option 'gpu-architecture'")[0].cause == "other"
