"""Readings learned from batch-2026-12-02k's first run (docs/accuracy-runs/batch-2026-12-02k.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes, top


def _frame(path: str, code: str, line: int = 1) -> str:
    return f'  File "{path}", line {line}, in <module>\n    {code}\n'


def test_sources_written_for_another_torch_are_an_extension_for_another_torch() -> None:
    for text in (
        "src/knnquery/knnquery_cuda.cpp:2:10: fatal error: THC/THC.h: No such file or directory",
        "csrc/cpu/dcn_v2_psroi_pooling_cpu.cpp:16:10: fatal error: ATen/ceil_div.h: No such file or directory",
        "src/deform_conv_cuda.cpp:559:3: error: ‘AT_CHECK’ was not declared in this scope; did you mean ‘DCHECK’?",
    ):
        finding = explain(text, platform="linux")[0]
        assert finding.cause == "extension_abi_mismatch" and "C++ sources use" in finding.title
        assert finding.fix is not None and "release made for this torch" in finding.fix.code
    # A header of CUDA's or the extension's own is not torch's API.
    assert top("fatal error: cuda_runtime_api.h: No such file or directory") == "build_toolchain_missing"
    assert top("src/x.cpp:2:10: fatal error: my_ops/helpers.h: No such file or directory") != "extension_abi_mismatch"
    assert top("src/x.cpp:9:3: error: ‘my_macro’ was not declared in this scope") != "extension_abi_mismatch"


def test_cuda_8s_nvcc_lacks_the_warp_sync_intrinsics() -> None:
    text = 'correlation_cuda_kernel.cu(130): error: identifier "__syncwarp" is undefined'
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "CUDA 9.0 or newer" in finding.title


def test_a_library_deleted_from_a_package_folder_is_a_damaged_install() -> None:
    text = (
        "RuntimeError: /env/lib/python3.11/site-packages/torchvision.libs/libcudart.7ec1eba6.so.12 (deleted): cannot "
        "open shared object file: No such file or directory"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "corrupted_install" and finding.title.startswith("torchvision's own libcudart")
    assert top(text.replace(" (deleted)", "")) != "corrupted_install"


def test_an_extensions_own_function_missing_is_a_stale_build() -> None:
    own = (
        "/ops/pointnet2_stack_cuda.cpython-36m-x86_64-linux-gnu.so: undefined symbol: "
        "_Z36three_interpolate_grad_wrapper_stackN2at6TensorES0_S0_S0_"
    )
    finding = explain(own, platform="linux")[0]
    assert finding.cause == "corrupted_install" and "stale build" in finding.title
    assert finding.fix is not None and "build folder" in finding.fix.code
    # torch's namespaced symbols are an extension built for another torch.
    torch_symbol = "/ops/x_cuda.so: undefined symbol: _ZN2at4_ops10zeros_like4callERKNS_6TensorE"
    assert top(torch_symbol, platform="linux") == "extension_abi_mismatch"


def test_the_driver_too_old_sentence_without_its_version() -> None:
    assert top("RuntimeError: The NVIDIA driver on your system is too old") == "driver_too_old"
    assert explain("RuntimeError: The NVIDIA driver on your system is too old (found version 11040).")[0].confidence == 0.95


def test_torch_28s_compute_capability_wording_with_a_wrapped_gpu_name() -> None:
    text = (
        "UserWarning: Found GPU0 NVIDIA GeFor\nce GTX 1060 which is of compute capability (CC) 6.1.\n"
        "The following list shows the CCs this version of PyTorch was built for and the hardware CCs it supports\n"
        "- 7.5 which supports hardware CC >=7.5,<8.0\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "gpu_arch_unsupported" and finding.title.startswith("NVIDIA GeForce GTX 1060 (sm_61)")


def test_an_installed_addons_suffixed_kernel_module_without_its_cuda_runtime() -> None:
    text = (
        _frame("C:\\Py310\\lib\\site-packages\\auto_gptq\\qlinear\\qlinear_exllama.py", "from exllama_kernels import make_q4", 14)
        + "ImportError: DLL load failed while importing exllama_kernels: The specified module could not be found.\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("auto_gptq")
    assert finding.fix is not None and "auto-gptq" in finding.fix.code
    # A project's own import of a module without a build suffix stays the runtime reading.
    plain = text.replace("site-packages\\auto_gptq", "proj").replace("exllama_kernels", "helpers")
    assert top(plain, platform="windows") != "extension_abi_mismatch"


def test_comfyui_portables_own_python_lacks_the_module() -> None:
    root = "E:\\Comfy\\ComfyUI_windows_portable"
    text = (
        _frame(f"{root}\\ComfyUI\\custom_nodes\\ComfyUI-SUPIR\\SUPIR\\util.py", "import cv2", 4)
        + "ModuleNotFoundError: No module named 'cv2'\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and "portable" in finding.title
    assert finding.fix is not None and finding.fix.code == f"{root}\\python_embeded\\python.exe -m pip install opencv-python"
    spaced = explain(text.replace("E:\\Comfy", "E:\\My Apps"), platform="windows")[0].fix
    assert spaced is not None and spaced.code.startswith('"E:\\My Apps') and "PowerShell" in spaced.note
    # A part of a package missing is not a package missing.
    part = text.replace("No module named 'cv2'", "No module named 'xformers.ops'")
    assert "portable" not in explain(part, platform="windows")[0].title


def test_a_crash_inside_libomp_on_macos_is_two_openmp_runtimes() -> None:
    text = "EXC_BAD_ACCESS (SIGSEGV) in OpenMP worker thread\n  libomp.dylib`__kmp_suspend_64<false, true> + 44\n"
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "lib_version_conflict" and "crashed inside OpenMP" in finding.title
    assert finding.fix is not None and "conda install nomkl" not in finding.fix.code
    assert "lib_version_conflict" not in causes("EXC_BAD_ACCESS (SIGSEGV)\n  libtorch_cpu.dylib`at::native::add + 12")


def test_mask2formers_deformable_attention_op_never_built() -> None:
    # Learned from batch-2026-12-02l (18 texts, reported, not quoted): UX-Decoder/LLaVA-Grounding#6.
    text = (
        '  File "/home/p/llava/model/openseed/body/encoder/ops/functions/ms_deform_attn_func.py", line 29, in <module>\n'
        "    raise ModuleNotFoundError(info_string)\nModuleNotFoundError: \n\n"
        "Please compile MultiScaleDeformableAttention CUDA op with the following commands:\n"
        "        `cd mask2former/modeling/pixel_decoder/ops`\n        `sh make.sh`\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and finding.title == "The MultiScaleDeformableAttention CUDA op was never compiled"
    assert finding.fix is not None and "make.sh" in finding.fix.code
