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

# What a beginner reads first when a rule has nothing more precise to say: one sentence in
# plain words per cause (no "ABI", no "build variant"; tests/test_plain_words.py keeps it so).
PLAIN: dict[str, str] = {
    "torchvision_torch_mismatch": "torchvision (or torchaudio) was made for a different torch than the one installed.",
    "extension_abi_mismatch": "A compiled add-on (such as detectron2) was built for a different torch or CUDA than the one installed.",
    "lib_version_conflict": "torch loaded the wrong copy of one of its libraries: an older copy elsewhere on this computer was found first.",
    "missing_vc_redist": "Windows is missing the Microsoft Visual C++ runtime that torch needs (a free download from Microsoft).",
    "windows_dll_dependency": "Windows could not load one of torch's DLL files, or loaded a wrong copy from another folder.",
    "windows_paging_file": "Windows ran out of virtual memory while loading torch.",
    "missing_cuda_runtime_lib": "A CUDA library that torch needs is not installed or cannot be found.",
    "driver_too_old": "Your NVIDIA driver is too old for this torch.",
    "no_driver_or_gpu": "torch cannot see an NVIDIA GPU here: there is no GPU, or no NVIDIA driver.",
    "cpu_only_build": "Your torch is the CPU build, so it cannot use the GPU.",
    "gpu_arch_unsupported": "This torch was not built for your GPU model.",
    "module_not_installed_in_kernel_env": "The package is not installed for the Python this notebook runs.",
    "shadowed_module": "A file or folder of yours has the same name as the package, and Python imported it instead.",
    "partial_import_state": "An import of torch failed part-way, so this kernel must be restarted before torch can load.",
    "stale_module_after_upgrade": "Packages changed while this kernel was running: restart the kernel to use them.",
    "duplicate_installations": "The same package is installed twice, and the two copies get in each other's way.",
    "numpy_abi_mismatch": "Your NumPy version is not the one torch (or an add-on) was built with.",
    "glibc_libstdcxx_too_old": "This computer's system C/C++ libraries are older than this torch needs.",
    "wheel_platform_mismatch": "There is no torch download for this Python version or this kind of computer.",
    "build_toolchain_missing": "Building an add-on (such as detectron2) from source failed: something the build needs is missing or does not fit your torch.",
    "corrupted_install": "Some of torch's files are missing or damaged: reinstall it.",
    "other": "This error does not match any known problem with installing torch.",
}
