"""Readings learned from batch-2026-12-03e's first run (docs/accuracy-runs/batch-2026-12-03e.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def test_inductors_windows_compiler_check() -> None:
    # loscrossos/core_zonos#1 (the message) and BuffMcBigHuge/ComfyUI-Zonos#7 (only the raise line pasted).
    said = "torch._inductor.exc.InductorError: RuntimeError: Compiler: cl is not found."
    raised = (
        '  File "C:\\venv\\lib\\site-packages\\torch\\_inductor\\cpp_builder.py", line 135, in check_compiler_exist_windows\n'
        '    raise RuntimeError(f"Compiler: {compiler} is not found.") from exc\n'
    )
    for text in (said, raised):
        finding = explain(text, platform="windows")[0]
        assert finding.cause == "build_toolchain_missing" and "Build Tools for Visual Studio" in (finding.fix.code if finding.fix else "")
    assert causes(said.replace("cl is", "g++ is"))[:1] != ["build_toolchain_missing"]


def test_msvcs_own_openmp_header_missing() -> None:
    # woct0rdho/triton-windows#169: torch.compile's cpp_prefix.h including omp.h, the MSVC tools incomplete.
    text = "cpp_prefix.h(3): fatal error C1083: Cannot open include file: 'omp.h': No such file or directory"
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and "omp.h" in finding.title


def test_python_headers_of_an_embeddable_windows_python() -> None:
    # woct0rdho/triton-windows#77 (MSVC in Russian) and Triton's own tcc wording.
    msvc = "cuda_utils.c(12): fatal error C1083: Не удается открыть файл включение: Python.h: No such file or directory,"
    tcc = "C:\\Temp\\cuda_utils.c:1: error: include file 'Python.h' not found"
    for text in (msvc, tcc):
        finding = explain(text, platform="windows")[0]
        assert finding.cause == "build_toolchain_missing" and finding.fix is not None
        assert "include folder" in finding.fix.code and "libs folder" in finding.fix.code
    # gcc's own words stay the Linux reading (python3-dev), not the Windows folders.
    linux = explain("src/ext.c:1:10: fatal error: Python.h: No such file or directory", platform="linux")[0]
    assert linux.cause == "build_toolchain_missing" and linux.fix is not None and "libs folder" not in linux.fix.code


def test_tritons_tcc_failing_on_its_helper() -> None:
    # lllyasviel/FramePack#248: tcc.exe's exit status only; the maintainer named the embedded Python's missing Python.h.
    text = (
        "subprocess.CalledProcessError: Command '['I:\\\\fp\\\\system\\\\python\\\\Lib\\\\site-packages\\\\triton\\\\runtime"
        "\\\\tcc\\\\tcc.exe', 'C:\\\\Temp\\\\tmp8\\\\cuda_utils.c', '-O3', '-shared', '-lpython3']' returned non-zero exit status 1."
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and 0.5 <= finding.confidence < 0.8
    # tcc failing on another file than Triton's helpers says nothing of Python's headers.
    assert "Python.h" not in explain(text.replace("cuda_utils.c", "kernel.c"), platform="windows")[0].title


def test_a_projects_compiled_op_named_with_its_package_and_file() -> None:
    # csjunxu/SADNet#4: Python 3.7+ adds "from 'dcn' (<path>)" to the bare name.
    text = (
        '  File "/home/u/SADNet/dcn/deform_conv.py", line 10, in <module>\n'
        "    from . import deform_conv_cuda\n"
        "ImportError: cannot import name 'deform_conv_cuda' from 'dcn' (/home/u/SADNet/dcn/__init__.py)\n"
    )
    assert explain(text, platform="linux")[0].cause == "build_toolchain_missing"
    # A name that is not a compiled part's stays unread by this reading.
    assert causes(text.replace("deform_conv_cuda", "DeformConv"))[:1] != ["build_toolchain_missing"]


def test_an_installed_packages_cuda_part_missing() -> None:
    # rusty1s/pytorch_cluster#20 (a submodule) and AutoGPTQ/AutoGPTQ#193 (its unbound name in a Colab frame).
    cluster = (
        '  File "/home/u/.local/lib/python3.6/site-packages/torch_cluster/graclus.py", line 5, in <module>\n'
        "    import torch_cluster.graclus_cuda\n"
        "ModuleNotFoundError: No module named 'torch_cluster.graclus_cuda'\n"
    )
    gptq = (
        "[/usr/local/lib/python3.10/dist-packages/auto_gptq/nn_modules/qlinear/qlinear_cuda_old.py](https://localhost:8080/#) "
        "in __init__(self, bits)\n---> 83         self.autogptq_cuda = autogptq_cuda_256\n\n"
        "NameError: name 'autogptq_cuda_256' is not defined\n"
    )
    for text, package in ((cluster, "torch_cluster"), (gptq, "auto_gptq")):
        finding = explain(text, platform="linux")[0]
        assert finding.cause == "build_toolchain_missing" and package in finding.title and "without CUDA" in finding.title
    # Another package's CUDA part, asked for from this one's file, is not this package's build.
    other = cluster.replace("No module named 'torch_cluster.graclus_cuda'", "No module named 'spconv.ops_cuda'")
    assert "torch_cluster" not in explain(other, platform="linux")[0].title


def test_windows_dialog_for_a_missing_runtime_and_ctranslate2s_dll_words() -> None:
    # ContinuumIO/anaconda-issues#443 and KoljaB/RealtimeSTT#220.
    dialog = "The program can't start because VCRUNTIME140.dll is missing from your computer."
    assert explain(dialog, platform="windows")[0].cause == "missing_vc_redist"
    ct2 = "RuntimeError: Library cublas64_12.dll is not found or cannot be loaded"
    assert explain(ct2, platform="windows")[0].cause == "missing_cuda_runtime_lib"


def test_opencvs_dll_failure_reads_as_the_media_feature_pack() -> None:
    # Stability-Matrix#417 (Python names cv2) and a PyCharm console (cv2 imported right above a bare failure).
    named = "ImportError: DLL load failed while importing cv2: Le module spécifié est introuvable."
    bare = ">>> import cv2\nTraceback (most recent call last):\nImportError: DLL load failed: The specified module could not be found."
    for text in (named, bare):
        finding = explain(text, platform="windows")[0]
        assert finding.cause == "windows_dll_dependency" and "Media" in (finding.fix.code if finding.fix else "")
    # torch's own c10.dll failing in a script that also imports cv2 is not OpenCV's.
    c10 = (
        "import cv2\nimport torch\n"
        'OSError: [WinError 126] The specified module could not be found. Error loading "C:\\t\\torch\\lib\\c10.dll"'
    )
    assert explain(c10, platform="windows")[0].cause == "missing_vc_redist"


def test_pip_of_another_python_refusing_this_pythons_wheel() -> None:
    # woct0rdho/triton-windows#32: `python --version` 3.12.7, a cp312 wheel refused by a Python 3.10's pip.
    text = (
        "E:\\ComfyUI_windows_portable\\python_embeded>python --version\nPython 3.12.7\n\n"
        'E:\\ComfyUI_windows_portable\\python_embeded>pip install "C:\\dl\\triton-3.1.0-cp312-cp312-win_amd64.whl"\n'
        "ERROR: triton-3.1.0-cp312-cp312-win_amd64.whl is not a supported wheel on this platform.\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and finding.fix is not None
    # The fix is the typed install again through `python`, with the same arguments: nothing to fill in.
    assert finding.fix.code == 'python -m pip install "C:\\dl\\triton-3.1.0-cp312-cp312-win_amd64.whl"'
    # Without the typed command, the wheel's own name (pip prints no folder), from the folder that holds it.
    untyped = "\n".join(line for line in text.splitlines() if "pip install" not in line)
    fix = explain(untyped, platform="windows")[0].fix
    assert fix is not None and fix.code == "python -m pip install triton-3.1.0-cp312-cp312-win_amd64.whl" and "folder" in fix.note
    # A wheel for another Python than the one shown is the wheel's platform after all.
    assert causes(text.replace("Python 3.12.7", "Python 3.11.9"))[:1] == ["wheel_platform_mismatch"]
    # So is a Windows wheel pasted from Linux.
    linux = "$ python --version\nPython 3.12.7\n$ pip install triton-3.1.0-cp312-cp312-win_amd64.whl\n" + text.splitlines()[-1]
    assert causes(linux)[:1] == ["wheel_platform_mismatch"]


def test_a_package_run_from_its_checkout_named_without_separators() -> None:
    # facebookresearch/CompilerGym#76: CompilerGym/compiler_gym/__init__.py importing its generated version module.
    text = (
        '  File "/Users/u/CompilerGym/compiler_gym/__init__.py", line 21, in <module>\n'
        "    from compiler_gym.util.version import __version__\n"
        "ModuleNotFoundError: No module named 'compiler_gym.util.version'\n"
    )
    assert explain(text, platform="macos")[0].cause == "shadowed_module"
    assert causes(text.replace("/CompilerGym/", "/projects/"))[:1] != ["shadowed_module"]


def test_a_kernel_pointing_at_a_python_that_is_gone() -> None:
    # jupyter/notebook#5956: an old kernelspec naming a removed Homebrew python3.7.
    finding = explain("No such file or directory: '/usr/local/opt/python/bin/python3.7'", platform="macos")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and finding.fix is not None
    assert "kernelspec" in finding.fix.code
    assert causes("No such file or directory: '/usr/local/opt/python/bin/data.csv'")[:1] != ["module_not_installed_in_kernel_env"]


def test_a_projects_own_cuda_assertion() -> None:
    # lucidrains/deep-daze#72 (Windows, PyPI's CPU wheel) and YanjieZe/rl3d#4 (Linux).
    text = (
        '  File "{site}deep_daze.py", line 25, in <module>\n'
        "    assert torch.cuda.is_available(), 'CUDA must be available in order to use Deep Daze'\n"
        "AssertionError: CUDA must be available in order to use Deep Daze\n"
    )
    windows = explain(text.format(site="c:\\python39\\lib\\site-packages\\deep_daze\\"), platform="windows")
    linux = explain(text.format(site="/home/u/rl3d/src/"), platform="linux")
    for ranked in (windows, linux):
        assert [f.cause for f in ranked[:2]] == ["cpu_only_build", "no_driver_or_gpu"]


def test_a_torch_name_the_installed_headers_do_not_declare() -> None:
    # lightaime/deep_gcns_torch#16: torch-scatter's sources for torch 1.4 built against torch 1.2.
    text = "csrc/segment_csr.cpp:43:24: error: ‘torch::autograd::AutogradContext’ has not been declared"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and "torch::autograd::AutogradContext" in finding.title
    assert causes("src/a.cpp:4:2: error: ‘myproj::Thing’ has not been declared")[:1] != ["extension_abi_mismatch"]


def test_torchs_cudnn_check_outranks_a_companions_warning() -> None:
    # JaidedAI/EasyOCR#716: torchvision's image-extension warning above torch's cuDNN version check.
    text = (
        "cuDNN version incompatibility: PyTorch was compiled against (8, 4, 0) but linked against (8, 3, 3)\n"
        "/u/.local/lib/python3.10/site-packages/torchvision/io/image.py:13: UserWarning: Failed to load image Python "
        "extension: /u/.local/lib/python3.10/site-packages/torchvision/image.so: undefined symbol: _ZN3c105ErrorC2ENS_14SourceLocationESs\n"
    )
    assert explain(text, platform="linux")[0].cause == "lib_version_conflict"


def test_an_extension_imported_before_torch() -> None:
    # AlwaysFHao/Mamba-Install#1: `import causal_conv1d_cuda` on its own.
    text = (
        ">>> import causal_conv1d_cuda\nTraceback (most recent call last):\n"
        "ImportError: libc10.so: cannot open shared object file: No such file or directory"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and "before torch" in finding.title
    # torch itself failing to find libc10.so is not an import order.
    assert "before torch" not in explain(text.replace("causal_conv1d_cuda", "torch"), platform="linux")[0].title


def test_cuda_in_a_wsl_container_with_an_older_toolkit() -> None:
    # open-webui/open-webui#2527, YanWenKun/ComfyUI-Docker#74.
    text = (
        "RuntimeError: Unexpected error from cudaGetDeviceCount(). Did you run some cuda functions before calling "
        "NumCudaDevices() that might have already set an error? Error 500: named symbol not found"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and "container" in finding.title


def test_a_third_party_librarys_header_missing() -> None:
    # mit-han-lab/torchsparse#359: google/dense_hash_map, from libsparsehash-dev.
    text = "torchsparse/backend/hashmap/hashmap_cpu.hpp:7:10: fatal error: google/dense_hash_map: No such file or directory"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and finding.fix is not None
    assert "apt-file search google/dense_hash_map" in finding.fix.code
    # torch's removed THC headers stay an extension written for another torch.
    assert causes("src/x.cu:2:10: fatal error: THC/THC.h: No such file or directory")[:1] == ["extension_abi_mismatch"]


def test_a_data_error_is_not_guessed_from_path_words() -> None:
    # A pandas KeyError whose path words match a libstdc++ report raised in pandas' _libs (sovit-123/...#57).
    text = (
        "KeyError                                  Traceback (most recent call last)\n"
        "~\\anaconda3\\lib\\site-packages\\pandas\\core\\indexes\\base.py in get_loc(self, key)\n"
        "pandas\\_libs\\index.pyx in pandas._libs.index.IndexEngine.get_loc()\n\nKeyError: 10\n"
    )
    assert [f.cause for f in explain(text, platform="windows")] == ["other"]
