"""What batch-2026-12-06b taught (docs/accuracy-runs/batch-2026-12-06b.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def test_pygs_second_sentence_alone_is_its_cuda_check() -> None:
    # rusty1s/pytorch_sparse#117: only "PyTorch has CUDA version 11.0 and torch_sparse has CUDA version 11.2" was pasted.
    finding = explain("PyTorch has CUDA version 11.0 and torch_sparse has CUDA version 11.2")[0]
    assert finding.cause == "extension_abi_mismatch" and "torch_sparse" in finding.title
    # torchvision's own sentence stays torchvision's (explainer/vision.py), not an extension's.
    assert explain("PyTorch has CUDA version 11.0 and torchvision has CUDA version 10.2")[0].cause != "extension_abi_mismatch"


_VSCODE_KERNEL = (
    "Verbose 17:12:33: KernelProcess error: /System/Library/Frameworks/Python.framework/Versions/2.7/Resources/Python.app/"
    "Contents/MacOS/Python: No module named ipykernel_launcher\n"
)


def test_a_launchers_log_line_naming_the_interpreter_is_that_interpreter_lacking_the_module() -> None:
    # microsoft/vscode-jupyter#9104: VS Code picked the macOS system Python 2.7 as the kernel.
    assert explain(_VSCODE_KERNEL)[0].cause == "module_not_installed_in_kernel_env"
    # Mid-line, the interpreter must be a path: prose naming "python" is not an interpreter's own line.
    prose = "I typed python: No module named ipykernel_launcher\n"
    assert not explain(prose) or explain(prose)[0].confidence < 0.8


_RANGE_WARNING = (
    "UserWarning:\n    Found GPU0 NVIDIA GB10 which is of cuda capability 12.1.\n"
    "    Minimum and Maximum cuda capability supported by this version of PyTorch is\n    (8.0) - (12.0)\n"
)


def test_the_range_warning_for_a_later_minor_of_the_newest_major_is_a_false_alarm() -> None:
    # pytorch/pytorch#172629: a GB10 (12.1) under torch 2.9.1 built up to 12.0 warned, and worked.
    finding = explain(_RANGE_WARNING, packages={"torch": "2.9.1"})[0]
    assert finding.cause == "other" and "false alarm" in finding.title
    assert finding.fix is not None and finding.fix.code.startswith("Nothing needs reinstalling") and "pip" not in finding.fix.code
    # Below the range (a GTX 1080 Ti, 6.1, under a build from 7.0) the GPU is unsupported, as before.
    old = _RANGE_WARNING.replace("NVIDIA GB10", "NVIDIA GeForce GTX 1080 Ti").replace("12.1.", "6.1.").replace("(8.0)", "(7.0)")
    assert explain(old)[0].cause == "gpu_arch_unsupported"
    # Above the range in another major (a 12.0 GPU under a build up to 9.0) is unsupported too.
    newer_major = _RANGE_WARNING.replace("12.1.", "12.0.").replace("(12.0)", "(9.0)")
    assert explain(newer_major)[0].cause == "gpu_arch_unsupported"
    # Jetson's integrated 8.7 does not run code built for 8.6.
    jetson = _RANGE_WARNING.replace("12.1.", "8.7.").replace("(12.0)", "(8.6)")
    assert explain(jetson)[0].cause == "gpu_arch_unsupported"


_BUILD_EXT_WINERROR_2 = """\
  Building wheel for quant-cuda (setup.py) ... error
  error: subprocess-exited-with-error
  ╰─> [4 lines of output]
      running bdist_wheel
      running build
      running build_ext
      error: [WinError 2] The system cannot find the file specified
      [end of output]
"""


def test_build_ext_not_finding_a_program_on_windows_is_the_compiler_missing() -> None:
    # oobabooga/text-generation-webui#1937: GPTQ's quant_cuda without the MSVC Build Tools.
    found = explain(_BUILD_EXT_WINERROR_2, platform="windows")
    assert found[0].cause == "build_toolchain_missing" and "cl.exe" in found[0].title
    assert "missing_vc_redist" not in [f.cause for f in found]  # no DLL was being loaded
    # The same WinError loading a DLL is still read as a DLL's dependency missing.
    loading = "OSError: [WinError 2] The system cannot find the file specified: 'C:\\env\\lib\\site-packages\\x\\y.dll'\n"
    assert explain(loading, platform="windows")[0].cause != "build_toolchain_missing"


_NPP_MISSING = (
    "OSError: Could not load this library: /env/lib/python3.14/site-packages/torchcodec/libtorchcodec_core6.so\n"
    "OSError: libnppicc.so.13: cannot open shared object file: No such file or directory\n"
)


def test_a_cuda_library_no_torch_ships_is_missing_and_reinstalling_torch_is_not_the_fix() -> None:
    # pytorch/torchcodec#1437: torchcodec's CUDA decoder links NVIDIA's NPP, which torch's wheels do not bring.
    finding = explain(_NPP_MISSING, platform="linux")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "libnppicc.so.13" in finding.title
    assert finding.fix is not None and "pip install" not in finding.fix.code and "CUDA 13" in finding.fix.code
    # A library torch's wheels do ship keeps the fix that brings torch's own copy.
    cudnn = explain("OSError: libcudnn.so.9: cannot open shared object file: No such file or directory\n", platform="linux")[0]
    assert cudnn.cause == "missing_cuda_runtime_lib" and "NPP" not in cudnn.title


def test_torchcodec_failing_every_ffmpeg_on_windows_is_ffmpegs_dlls_not_found() -> None:
    # meta-pytorch/torchcodec#1108: torchcodec 0.7 tried its core DLL for FFmpeg 7 down to 4, and none loaded.
    lines = "".join(
        f"FFmpeg version {n}: Could not find module 'C:\\Python313\\site-packages\\torchcodec\\libtorchcodec_core{n}.dll' "
        "(or one of its dependencies). Try using the full path with constructor syntax.\n"
        for n in (7, 6, 5, 4)
    )
    text = "[start of libtorchcodec loading traceback]\n" + lines + "[end of libtorchcodec loading traceback].\n"
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "windows_dll_dependency" and "FFmpeg" in finding.title
    assert finding.fix is not None and finding.fix.kind == "conda" and '"ffmpeg<8"' in finding.fix.code
    # A torchcodec that also tried FFmpeg 8 asks for below 9.
    eight = text.replace("FFmpeg version 7", "FFmpeg version 8: Could not find module 'C:\\x\\libtorchcodec_core8.dll' "
                         "(or one of its dependencies).\nFFmpeg version 7")
    assert '"ffmpeg<9"' in explain(eight, platform="windows")[0].fix.code  # type: ignore[union-attr]


def test_a_cuda_runtime_missing_right_after_typing_an_extensions_import_is_that_extensions_build() -> None:
    # Dao-AILab/flash-attention#728: a flash-attn built for CUDA 11 imported under CUDA 12.
    text = (
        "import torch\nimport flash_attn_2_cuda as flash_attn_cuda\n"
        "ImportError: libcudart.so.11.0: cannot open shared object file: No such file or directory\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("flash_attn_2_cuda ")
    # Only the module is known: no pip command guesses a distribution from it.
    assert finding.fix is not None and finding.fix.kind == "manual"
    # dmlc/dgl#919: a package's own name is one a reinstall can name.
    dgl = explain("import dgl\nlibcudart.so.9.2: cannot open shared object file: No such file or directory\n")[0]
    assert dgl.cause == "extension_abi_mismatch" and dgl.title.startswith("dgl ")
    # A package's import name that is its distribution's with "_" for "-" (flash_attn, flash-attn) is named so too.
    flash = explain("import flash_attn\nlibcudart.so.11.0: cannot open shared object file: No such file or directory\n")[0]
    assert flash.title.startswith("flash-attn ") and flash.fix is not None and "flash-attn" in flash.fix.code
    # A typed import of anything else (not the statement before the error, or no extension) changes nothing.
    plain = "import numpy\nImportError: libcudart.so.11.0: cannot open shared object file: No such file or directory\n"
    assert explain(plain)[0].cause == "missing_cuda_runtime_lib"


def test_mmcvs_op_missing_from_its_own_ext_is_two_mmcv_releases_mixed() -> None:
    # open-mmlab/mmpretrain#748: the lite mmcv installed over mmcv-full; its Python asked the old _ext for a newer op.
    finding = explain("active_rotated_filter_forward miss in module _ext", platform="windows")[0]
    assert finding.cause == "corrupted_install" and "mmcv" in finding.title
    assert finding.fix is not None and "mmcv-full" in finding.fix.code and "Reinstall the same version" not in finding.explanation
    # Another module's name is not mmcv's _ext.
    assert not explain("forward miss in module _extras") or explain("forward miss in module _extras")[0].cause != "corrupted_install"


_BNB_WINDOWS = (
    "The installed version of bitsandbytes was compiled without GPU support. 8-bit optimizers, 8-bit multiplication, "
    "and GPU quantization are unavailable.\nfunction 'cadam32bit_grad_fp32' not found\n"
)


def test_windows_ctypes_not_finding_bitsandbytes_function_is_a_release_without_a_windows_build() -> None:
    # bitsandbytes-foundation/bitsandbytes#879: fixed by a copy that held the Windows CUDA binaries.
    finding = explain(_BNB_WINDOWS, platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch" and finding.fix is not None and "0.43" in finding.fix.code
    # Without bitsandbytes' own warning, a missing function of that name is not read so.
    bare = explain("function 'cadam32bit_grad_fp32' not found\n", platform="windows")
    assert not bare or bare[0].cause != "wheel_platform_mismatch" or bare[0].confidence < 0.2


def test_no_kernel_image_in_torchvisions_own_kernel_is_torchvisions_build() -> None:
    # sniklaus/3d-ken-burns#15: torchvision's nms_cuda had no code for the GPU; the maintainer blamed the torchvision build.
    text = (
        '"RuntimeError: CUDA error: no kernel image is available for execution on the device '
        '(nms_cuda at /tmp/pip-req-build-c2_g4c3l/torchvision/csrc/cuda/nms_cuda.cu:127)"'
    )
    found = explain(text, packages={"torch": "1.3.1"})
    assert [f.cause for f in found[:2]] == ["torchvision_torch_mismatch", "gpu_arch_unsupported"]
    assert "nms_cuda" in found[0].explanation
    # The same error from torch's own kernel is the GPU outside torch's build, as before.
    torch_kernel = text.replace("torchvision/csrc/cuda/nms_cuda.cu", "aten/src/ATen/native/cuda/Loss.cu")
    assert explain(torch_kernel, packages={"torch": "1.3.1"})[0].cause == "gpu_arch_unsupported"
