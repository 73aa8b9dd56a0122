"""The cause ids every finding uses (design.md section 5), with a one-line meaning each."""

from __future__ import annotations

CAUSES: dict[str, str] = {
    "torchvision_torch_mismatch": "torchvision/torchaudio/torchtext built for another torch release or build variant (CUDA/ROCm/CPU)",
    "extension_abi_mismatch": "a compiled extension (detectron2 _C, mmcv, apex, xformers, ...) built against another torch/CUDA",
    "lib_version_conflict": "torch's own native libraries load an incompatible copy of a third-party library found first on the search path",
    "missing_vc_redist": "Windows: Visual C++ runtime missing or too old (vcruntime140, msvcp140, vcruntime140_1, libomp140)",
    "windows_dll_dependency": "other Windows DLL load failures: conflicting DLL copies on PATH, duplicate OpenMP runtimes, DLL search rules",
    "windows_paging_file": "WinError 1455: paging file too small to map torch's DLLs",
    "missing_cuda_runtime_lib": "a CUDA library (libcudart, libcudnn, libcublas ... .so/.dll) cannot be found",
    "driver_too_old": "the NVIDIA driver is older than the CUDA runtime the torch build needs",
    "no_driver_or_gpu": "no NVIDIA driver or no GPU visible to the process",
    "cpu_only_build": "a CPU-only torch build asked for CUDA",
    "gpu_arch_unsupported": "the GPU's compute capability is not in the build's architecture list",
    "module_not_installed_in_kernel_env": "the package is not installed for this kernel's interpreter (perhaps installed for another)",
    "shadowed_module": "a local file/folder or source tree shadows the real package",
    "partial_import_state": "a failed import left modules or native libraries behind; re-import misbehaves",
    "stale_module_after_upgrade": "the version on disk differs from the one loaded in this process; restart needed",
    "duplicate_installations": "two installations/metadata of the same package (pip + conda, two dist-info)",
    "numpy_abi_mismatch": "torch or an extension built against another NumPy C ABI",
    "glibc_libstdcxx_too_old": "the system C/C++ runtime is older than the build needs",
    "wheel_platform_mismatch": "no wheel for this Python version, bitness, OS or CPU architecture",
    "build_toolchain_missing": "building an extension: compiler, nvcc, CUDA_HOME or MSVC missing, mismatched or too old",
    "corrupted_install": "files missing or mixed from different installs",
    "other": "none of the above",
}
