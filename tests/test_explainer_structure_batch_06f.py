"""What batch-2026-12-06f taught (docs/accuracy-runs/batch-2026-12-06f.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def test_ctranslate2s_older_not_found_wording_names_the_library() -> None:
    # rhasspy/wyoming-faster-whisper#30: CTranslate2 before "or cannot be loaded" was added to its message.
    finding = explain("RuntimeError: Library libcublas.so.12 is not found", platform="linux")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "libcublas.so.12" in finding.title
    assert finding.fix is not None and "nvidia-cublas-cu12" in finding.fix.code


def test_tritons_libcuda_assertion_is_the_drivers_library_not_in_ldconfigs_cache() -> None:
    # googlecolab/colabtools#4300: Colab's /usr/lib64-nvidia not read by ldconfig; fixed by ldconfig.
    finding = explain("    assert any(os.path.exists(os.path.join(path, 'libcuda.so')) for path in dirs), msg\n"
                      "AssertionError: libcuda.so cannot found!")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "libcuda.so" in finding.title
    assert finding.fix is not None and "ldconfig" in finding.fix.code


def test_cuda_runtime_error_30_without_a_space_is_the_drivers_unknown_error() -> None:
    # xingyizhou/CenterNet#933: fixed by reloading nvidia_uvm.
    finding = explain("cuda runtime error (30): unknown error")[0]
    assert finding.cause == "no_driver_or_gpu"
    assert finding.fix is not None and "modprobe nvidia_uvm" in finding.fix.code
    # The spaced form (maskrcnn-benchmark#238) and CUDA's own wording get the same advice now.
    spaced = explain("RuntimeError: cuda runtime error (30) : unknown error at /pytorch/aten/src/THC/THCGeneral.cpp:51")[0]
    assert spaced.cause == "no_driver_or_gpu" and spaced.fix is not None and "nvidia_uvm" in spaced.fix.code


def test_numbas_cuinit_failure_is_no_device_for_the_process() -> None:
    # rapidsai/cuml#5624: WSL2, the libcuda found was not /usr/lib/wsl/lib's.
    text = (
        "numba.cuda.cudadrv.driver.CudaAPIError: [100] Call to cuInit results in CUDA_ERROR_NO_DEVICE\n"
        "numba.cuda.cudadrv.error.CudaSupportError: Error at driver init: Call to cuInit results in CUDA_ERROR_NO_DEVICE (100)"
    )
    finding = explain(text)[0]
    assert finding.cause == "no_driver_or_gpu" and finding.confidence >= 0.8
    assert finding.fix is not None and "nvidia_uvm" not in finding.fix.code


_RELATIVE_OP_IMPORT = """\
    from . import {module}
ImportError: libtorch_cuda_cu.so: cannot open shared object file: No such file or directory
"""


def test_a_relative_import_of_a_cuda_named_module_is_an_add_ons_compiled_op() -> None:
    # Cc-Hy/CMKD#59: pcdet's pointnet2_stack_cuda built for torch 1.x under torch 2.3, which has no libtorch_cuda_cu.so.
    finding = explain(_RELATIVE_OP_IMPORT.format(module="pointnet2_stack_cuda"), packages={"torch": "2.3.0"})[0]
    assert finding.cause == "extension_abi_mismatch"
    assert any("pointnet2_stack_cuda" in line for line in finding.evidence)
    # A bare relative _C could be any package's, torch's own included: not read as an add-on's.
    bare = explain(_RELATIVE_OP_IMPORT.format(module="_C"), packages={"torch": "2.3.0"})[0]
    assert not any("loaded while importing" in line for line in bare.evidence)


_MMCV_NMS = """\
 File "....\\lib\\site-packages\\mmcv\\ops\\nms.py", line 28, in forward
    inds = ext_module.nms(
RuntimeError: nms_impl: implementation for device cuda:0 not found.
"""


def test_an_installed_mmcv_without_a_cuda_kernel_is_its_cpu_build() -> None:
    # open-mmlab/mmcv#2099: mmcv-full 1.5.3 from plain pip on Windows had no CUDA ops.
    finding = explain(_MMCV_NMS, platform="windows")[0]
    assert finding.cause == "cpu_only_build" and finding.title.startswith("mmcv installed here has no CUDA kernels")
    assert finding.fix is not None and "download.openmmlab.com/mmcv/dist/" in finding.fix.code
    # With torch's release and CUDA known, the exact page of OpenMMLab's index (torch x.y.0) and the installed version.
    pinned = explain(_MMCV_NMS, platform="linux", packages={"torch": "2.1.2+cu118", "mmcv-full": "1.7.1"})[0]
    assert pinned.fix is not None and "mmcv-full==1.7.1" in pinned.fix.code and "--force-reinstall" in pinned.fix.code
    assert "--only-binary :all:" in pinned.fix.code  # never PyPI's source archive, which may build without CUDA again
    assert "https://download.openmmlab.com/mmcv/dist/cu118/torch2.1.0/index.html" in pinned.fix.code
    # mmcv 2.x calls its full package mmcv.
    second = explain(_MMCV_NMS, platform="linux", packages={"torch": "2.1.0+cu121", "mmcv": "2.1.0"})[0]
    assert second.fix is not None and "mmcv==2.1.0" in second.fix.code
    # An mmcv built here (an .egg) is still read as a build that saw no CUDA.
    egg = _MMCV_NMS.replace("lib\\site-packages\\mmcv\\", "lib\\site-packages\\mmcv_full-1.7.0-py3.8-win-amd64.egg\\mmcv\\")
    assert explain(egg)[0].cause == "build_toolchain_missing"


_PYG_NO_CUDA = """\
  File "/home/u/anaconda3/envs/diffdock/lib/python3.9/site-packages/torch_cluster/radius.py", line 72, in radius
    return torch.ops.torch_cluster.radius(x, y, ptr_x, ptr_y, r,
RuntimeError: Not compiled with CUDA support
"""


def test_a_pyg_library_not_compiled_with_cuda_is_its_cpu_wheel() -> None:
    # rusty1s/pytorch_cluster#186: torch_cluster's CPU wheel under a CUDA torch; fixed by PyG's wheel for that torch.
    finding = explain(_PYG_NO_CUDA)[0]
    assert finding.cause == "cpu_only_build" and finding.title.startswith("torch_cluster installed here")
    pinned = explain(_PYG_NO_CUDA, packages={"torch": "2.0.1+cu117", "torch-cluster": "1.6.1"})[0]
    assert pinned.fix is not None and "torch-cluster==1.6.1" in pinned.fix.code
    assert "https://data.pyg.org/whl/torch-2.0.0+cu117.html" in pinned.fix.code
    # With no frame naming the package, nothing says whose build it is: this reading stays silent.
    assert "has no CUDA kernels" not in explain("RuntimeError: Not compiled with CUDA support")[0].title


def test_a_dll_of_a_package_named_for_its_cuda_build_misses_cudas_runtime() -> None:
    # oobabooga/text-generation-webui#6255: llama_cpp_cuda's llama.dll, fixed by installing CUDA 12.
    text = (
        "FileNotFoundError: Could not find module 'J:\\AI\\text-generation-webui\\installer_files\\env\\Lib\\site-packages"
        "\\llama_cpp_cuda\\lib\\llama.dll'"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "llama_cpp_cuda" in finding.title
    # The plain package's DLL (the CPU build) is not read so.
    plain = explain(text.replace("llama_cpp_cuda", "llama_cpp"), platform="windows")[0]
    assert plain.cause != "missing_cuda_runtime_lib"
