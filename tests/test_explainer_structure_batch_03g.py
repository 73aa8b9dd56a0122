"""Readings learned from batch-2026-12-03g's first run (docs/accuracy-runs/batch-2026-12-03g.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def test_another_mkl_loaded_first_by_its_file() -> None:
    # pytorch/pytorch#7758: an /opt/intel MKL on LD_LIBRARY_PATH before conda's.
    folder = "/opt/intel/compilers_and_libraries_2018.1.163/linux/mkl/lib/intel64_lin"
    text = f"ImportError: {folder}/libmkl_gf_lp64.so: undefined symbol: mkl_lapack_ao_zgetrf"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and finding.fix is not None
    # The fix takes exactly that folder off the search path: nothing to fill in.
    assert finding.fix.kind == "shell" and f'grep -vxF "{folder}"' in finding.fix.code
    # pytorch/pytorch#6131: the base conda environment's older MKL: update it there.
    base = "ImportError: /home/u/anaconda3/lib/libmkl_gf_lp64.so: undefined symbol: mkl_lapack_ao_zgetrf"
    fix = explain(base, platform="linux")[0].fix
    assert fix is not None and fix.code == "conda update -n base mkl"
    # An extension's own library with an undefined symbol stays the extension's.
    other = "ImportError: /site-packages/foo/_C.so: undefined symbol: _ZN2at6TensorC1Ev"
    assert causes(other)[:1] == ["extension_abi_mismatch"]


def test_an_mkl_symbol_missing_from_torchs_own_library() -> None:
    # pytorch/pytorch#5099: torch's libmkldnn asking for cblas_gemm_s8u8s32, which a server's own MKL lacks.
    text = "ImportError: /env/lib/python3.7/site-packages/torch/lib/libmkldnn.so.0: undefined symbol: cblas_gemm_s8u8s32"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and finding.fix is not None
    # The other copy is not named, so the fix does not take torch's own folder off the path.
    assert "torch/lib" not in finding.fix.code and "LD_LIBRARY_PATH" in finding.fix.code
    # pytorch/pytorch#5100: MKL's own complaint, read more weakly (no file named).
    said = explain("Intel MKL ERROR: Parameter 10 was incorrect on entry to DSYRK", platform="linux")[0]
    assert said.cause == "lib_version_conflict" and said.confidence < finding.confidence


def test_an_older_openmp_runtime_loaded_first() -> None:
    # SeanNaren/deepspeech.pytorch#77 and pytorch/pytorch#11383.
    text = (
        "ImportError: /usr/local/lib/python2.7/dist-packages/torch/lib/libgomp.so.1: version `GOMP_4.0' not found "
        "(required by /home/u/warp-ctc/build/libwarpctc.so)"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and "libwarpctc.so" in finding.title
    assert finding.fix is not None and "LD_PRELOAD" in finding.fix.code
    # glibc's own version nodes stay the C library's reading.
    glibc = text.replace("libgomp.so.1", "libstdc++.so.6").replace("GOMP_4.0", "GLIBCXX_3.4.30")
    assert causes(glibc)[:1] == ["glibc_libstdcxx_too_old"]


def test_a_library_loaded_too_late_for_its_thread_local_storage() -> None:
    # triton-inference-server/server#4952: fixed by LD_PRELOAD of the very file named.
    path = "/tmp/env/lib/python3.8/site-packages/torch/lib/libgomp-d22c30c5.so.1"
    finding = explain(f"OSError: {path}: cannot allocate memory in static TLS block", platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and finding.fix is not None
    assert finding.fix.code == f"export LD_PRELOAD={path}"


def test_a_program_started_with_sudo() -> None:
    # ThomDietrich/bt-mqtt-gateway#274: the venv activated, then `sudo ./gateway.py`.
    text = "$ source .venv/bin/activate\n$ sudo ./gateway.py\nModuleNotFoundError: No module named 'yaml'\n"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and "sudo" in finding.title
    assert finding.fix is not None and finding.fix.code == 'sudo "$(command -v python)" ./gateway.py'
    # sudo's -E keeps the environment but not PATH: the flag stays, the Python is named.
    flagged = explain("$ sudo -E python3 run.py\nModuleNotFoundError: No module named 'flask'", platform="linux")[0]
    assert flagged.fix is not None and flagged.fix.code == 'sudo -E "$(command -v python3)" run.py'
    # `sudo pip install` is an install, not the program that failed.
    installed = explain("$ sudo pip install flask\nModuleNotFoundError: No module named 'flask'", platform="linux")[0]
    assert "sudo" not in installed.title


def test_a_missing_module_whose_pypi_name_differs_and_a_sentences_full_stop() -> None:
    finding = explain("ModuleNotFoundError: No module named 'yaml'", platform="linux")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and finding.fix is not None and "install pyyaml" in finding.fix.code
    # facebookresearch/pygcn#3: "No module named 'gcn'." ends a sentence; a dotted name is not read as the package.
    assert causes("    import gcn\nModuleNotFoundError: No module named 'gcn'.")[:1] == ["module_not_installed_in_kernel_env"]


def test_the_notebook_server_cannot_start_a_kernels_python() -> None:
    # jupyter/jupyter_client#269: a kernelspec left pointing at a deleted virtualenv.
    text = (
        "[E 19:59:11.447 NotebookApp] Failed to run command:\n"
        "    ['/Users/u/Envs/cnn/bin/python3', '-m', 'ipykernel', '-f', '/Users/u/Library/Jupyter/runtime/kernel-1.json']"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and finding.fix is not None and "kernelspec" in finding.fix.code
    assert causes(text.replace("'ipykernel'", "'http.server'"))[:1] != ["module_not_installed_in_kernel_env"]


def test_torchs_tensorboard_message() -> None:
    # bubbliiiing/yolo3-pytorch#143: tensorboard not installed in the environment running train.py.
    text = (
        "ImportError: TensorBoard logging requires TensorBoard with Python summary writer installed. "
        "This should be available in 1.14 or above."
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and "tensorboard" in finding.title


def test_clangs_missing_openmp_header() -> None:
    # nanoporetech/nanopolish#16: Apple's clang; gcc's own wording is not this reading's.
    text = "src/a.cpp:20:10: fatal error: 'omp.h' file not found\n#include <omp.h>\n         ^\n1 error generated."
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "build_toolchain_missing" and finding.fix is not None and "brew install libomp" in finding.fix.code
    assert "-lomp" in finding.fix.code and "xcode-select" not in finding.fix.code


def test_torch_ngps_compiled_backend_named_after_its_folder() -> None:
    # yerfor/GeneFace#262: raymarching/raymarching.py's `import _raymarching_face as _backend`.
    frame = '  File "/home/u/GeneFace/modules/radnerfs/raymarching/raymarching.py", line 10, in <module>\n'
    text = frame + "    import _raymarching_face as _backend\nModuleNotFoundError: No module named '_raymarching_face'\n"
    assert causes(text)[:1] == ["build_toolchain_missing"]
    exact = text.replace("_raymarching_face", "_raymarching")
    assert causes(exact)[:1] == ["build_toolchain_missing"]
    # A module named like the folder but without the underscore is the project's own import, not a compiled part.
    assert causes(text.replace("_raymarching_face", "raymarching"))[:1] != ["build_toolchain_missing"]


def test_sageattentions_kernel_check() -> None:
    # comfyanonymous/ComfyUI#7770 and Tavris1/ComfyUI-Easy-Install#33.
    text = (
        "Error running sage attention: SM89 kernel is not available. Make sure you GPUs with compute capability 8.9., "
        "using pytorch attention instead."
    )
    windows = explain(text, platform="windows")[0]
    assert windows.cause == "extension_abi_mismatch" and windows.fix is not None
    assert "woct0rdho/SageAttention/releases" in windows.fix.code
    # On Linux the fix builds SageAttention 2 from its repository: PyPI's sageattention is 1.0.6, without CUDA kernels.
    linux = explain(text, platform="linux")[0]
    assert linux.fix is not None and "git+https://github.com/thu-ml/SageAttention.git" in linux.fix.code


def test_a_checkouts_compiled_library_not_found_by_file_name() -> None:
    # rusty1s/pytorch_scatter#183: torch_scatter/__init__.py's find_spec(...).origin in a Downloads checkout.
    text = (
        '  File "/Users/u/Downloads/pytorch_scatter/torch_scatter/__init__.py", line 11, in <module>\n'
        "    torch.ops.load_library(importlib.machinery.PathFinder().find_spec(\n"
        "AttributeError: 'NoneType' object has no attribute 'origin'\n"
    )
    assert causes(text, platform="macos")[:1] == ["build_toolchain_missing"]
    installed = text.replace("/Users/u/Downloads/pytorch_scatter/", "/env/lib/python3.9/site-packages/")
    assert causes(installed, platform="macos")[:1] != ["build_toolchain_missing"]


def test_rocms_invalid_instruction_set() -> None:
    # AUTOMATIC1111/stable-diffusion-webui#15434: an RX 7600 XT under a rocm6.0 build it is not a target of.
    text = (
        "Callback: Queue 0x7d4de2e00000 aborting with error : HSA_STATUS_ERROR_INVALID_ISA: "
        "The instruction set architecture is invalid. code: 0x100f"
    )
    assert causes(text)[:1] == ["gpu_arch_unsupported"]


# Learned from batch-2026-12-03h's first run (docs/accuracy-runs/batch-2026-12-03h.firstrun.txt).


def test_a_standard_import_answered_by_the_next_frames_file() -> None:
    # microsoft/PTVS#2961: Visual Studio's debugger launcher (not a site-packages package) importing random.
    caller = '  File "C:\\Program Files\\VS\\ptvsd\\repl\\__init__.py", line 44, in <module>\n    import random\n'
    text = caller + '  File "C:\\Users\\u\\Desktop\\random.py", line 23\n    for i in range(3):\nSyntaxError: invalid syntax\n'
    assert causes(text, platform="windows")[:1] == ["shadowed_module"]
    # The standard library's own random.py after that import is no shadow.
    standard = text.replace("C:\\Users\\u\\Desktop\\random.py", "C:\\Python39\\lib\\random.py")
    assert causes(standard, platform="windows")[:1] != ["shadowed_module"]


def test_a_packages_generated_version_module_missing() -> None:
    # dottxt-ai/outlines#1238: a clone's root imported instead of the installed package.
    assert causes("ModuleNotFoundError: No module named 'outlines._version'")[:1] == ["shadowed_module"]
    # Any other part missing, with no frame, is the weaker reading -04g taught (tests/test_explainer_structure_batch_04g.py):
    # the generated version module says more.
    version = explain("ModuleNotFoundError: No module named 'outlines._version'")[0].confidence
    assert explain("ModuleNotFoundError: No module named 'outlines.models'")[0].confidence < version


def test_a_relative_import_in_the_file_python_ran() -> None:
    # pywlroots#3: tiny/__main__.py run by its path; fixed by `python -m tiny` from the folder above.
    text = (
        '  File "/usr/lib/python3.9/runpy.py", line 87, in _run_code\n    exec(code, run_globals)\n'
        '  File "/home/u/git/pywlroots/tiny/__main__.py", line 23, in <module>\n    from .server import TinywlServer\n'
        "ImportError: attempted relative import with no known parent package\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and finding.fix is not None and finding.fix.code == "python -m tiny"
    assert "/home/u/git/pywlroots" in finding.fix.note
    # Deeper in the traceback, the relative import is a module imported by the wrong name (a shadowing reading's).
    deeper = '  File "py/node.py", line 168, in load\n    from models.x import Y\n' + text.split("\n", 2)[2]
    assert all("run as a script" not in finding.title for finding in explain(deeper))


def test_locate_cudas_missing_folder() -> None:
    # rbgirshick/py-faster-rcnn#527 (macOS) and Guanghan/lighttrack#1: fixed by looking in lib instead of lib64.
    text = "EnvironmentError: The CUDA lib64 path could not be located in /usr/local/cuda/lib64"
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "build_toolchain_missing" and finding.fix is not None and "'lib64' to 'lib'" in finding.fix.code
    nvcc = explain("The CUDA nvcc path could not be located in /usr/local/cuda/bin/nvcc")[0]
    assert nvcc.fix is not None and "CUDAHOME" in nvcc.fix.code


def test_pillows_own_compiled_core_failing_to_load() -> None:
    # pytorch/vision#436: torchvision's `from PIL import Image`, Pillow's _imaging failing.
    text = (
        '  File "C:\\a\\site-packages\\torchvision\\datasets\\lsun.py", line 2, in <module>\n    from PIL import Image\n'
        '  File "C:\\a\\site-packages\\PIL\\Image.py", line 58, in <module>\n    from . import _imaging as core\n'
        "ImportError: DLL load failed: The specified module could not be found.\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "corrupted_install" and finding.fix is not None and "pillow" in finding.fix.code
    # torch's own _C failing stays the DLL readings'.
    torch_c = text.replace("PIL\\Image.py", "torch\\__init__.py").replace("from . import _imaging as core", "from torch._C import *")
    assert causes(torch_c, platform="windows")[:1] != ["corrupted_install"]
