"""Readings written before batch-2026-12-02d from what shadowing *is*, not from any one thread: a file of the user's
answering the name of a package the user installed. Each test checks the edges the reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import ruled
from .ranking import top as _top


def _frame(path: str, code: str, line: int = 1) -> str:
    return f'  File "{path}", line {line}, in <module>\n    {code}\n'


def test_python_names_a_plain_file_that_answered_a_package() -> None:
    text = (
        "Traceback (most recent call last):\n"
        + _frame("/home/u/proj/train.py", "from transformers import AutoModel")
        + "ImportError: cannot import name 'AutoModel' from 'transformers' (/home/u/proj/transformers.py)\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.confidence == 0.85
    assert "transformers.py" in finding.title and finding.fix is not None
    windows = "ImportError: cannot import name 'transforms' from 'torchvision' (C:\\Users\\u\\Desktop\\torchvision.py)"
    assert _top(windows, platform="windows") == "shadowed_module"


def test_the_installed_package_or_a_project_module_is_no_shadow() -> None:
    installed = "ImportError: cannot import name 'AutoModel' from 'transformers' (/v/lib/python3.10/site-packages/transformers.py)"
    assert _top(installed, platform="linux") != "shadowed_module"
    # A module of the project's own, named like no installed package: the project's code lacks the name.
    own = "ImportError: cannot import name 'build_model' from 'segmenter' (/home/u/proj/segmenter.py)"
    assert _top(own, platform="linux") != "shadowed_module"
    # ...unless the text shows a package of that name installed.
    shown = own + '\n  File "/v/lib/python3.10/site-packages/segmenter/__init__.py", line 1'
    assert _top(shown, platform="linux") == "shadowed_module"


def test_a_standard_name_answered_by_a_users_file() -> None:
    asked_by_torch = (
        _frame("/v/lib/python3.10/site-packages/torch/_dynamo/utils.py", "from typing import Self")
        + "ImportError: cannot import name 'Self' from 'typing' (/home/u/proj/typing.py)\n"
    )
    finding = explain(asked_by_torch, platform="linux")[0]
    assert finding.cause == "shadowed_module" and "standard-library" in finding.title
    # A project module named like no installed or standard package stays the project's (see the test above).


def test_the_users_import_ran_the_users_file_of_a_package_name() -> None:
    text = (
        "Traceback (most recent call last):\n"
        + _frame("/home/k/proj/run.py", "import numpy as np", 4)
        + _frame("/home/k/proj/numpy.py", "a = np.zeros(3)", 5)
        + "NameError: name 'np' is not defined\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.confidence == 0.8 and "numpy" in finding.title


def test_a_bundled_package_folder_or_a_project_module_is_no_shadow() -> None:
    bundled = (  # an app's own dependencies folder holds the real torch (carson-katri/dream-textures#293's shape)
        _frame("C:\\addons\\dream\\generate.py", "import torch", 7)
        + _frame("C:\\addons\\dream\\.python_dependencies\\torch\\__init__.py", "raise err", 137)
        + "OSError: [WinError 126] The specified module could not be found.\n"
    )
    assert "shadowed_module" not in [f.cause for f in ruled(bundled, platform="windows")]
    project = _frame("/home/k/proj/run.py", "import segmenter") + _frame("/home/k/proj/segmenter.py", "x = y") + (
        "NameError: name 'y' is not defined\n"
    )
    assert _top(project, platform="linux") != "shadowed_module"


def test_pips_resolver_on_an_addon_pinned_to_one_torch() -> None:
    text = "xformers 0.0.23 requires torch==2.1.1, but you have torch 2.2.0 which is incompatible."
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.confidence == 0.7 and "xformers" in finding.title
    # A range is a Python package's dependency, not a build; a companion's pin is the companion reading's.
    assert _top("fastai 2.7.14 requires torch<2.3,>=1.10, but you have torch 2.3.0 which is incompatible.") == "other"
    companion = "torchvision 0.16.0 requires torch==2.1.0, but you have torch 2.2.0 which is incompatible."
    assert _top(companion, platform="linux") == "torchvision_torch_mismatch"


def test_docker_without_the_nvidia_runtime() -> None:
    text = 'docker: Error response from daemon: could not select device driver "" with capabilities: [[gpu]].'
    finding = explain(text, platform="linux")[0]  # NVIDIA/nvidia-docker#1034
    assert finding.cause == "no_driver_or_gpu" and finding.confidence >= 0.85


def test_cudas_words_for_a_gpu_the_process_cannot_use() -> None:
    unknown = (
        "UserWarning: CUDA initialization: CUDA unknown error - this may be due to an incorrectly set up environment, "
        "e.g. changing env variable CUDA_VISIBLE_DEVICES after program start. Setting the available devices to be zero."
    )
    finding = explain(unknown, platform="linux")[0]
    assert finding.cause == "no_driver_or_gpu" and finding.confidence == 0.6
    # Busy or unavailable is a GPU another process holds (batch-2026-12-03l's three threads: exclusive compute mode),
    # no usable GPU second.
    busy = "RuntimeError: CUDA error: CUDA-capable device(s) is/are busy or unavailable"
    old_busy = "RuntimeError: cuda runtime error (46) : all CUDA-capable devices are busy or unavailable"
    for text in (busy, old_busy):
        found = explain(text, platform="linux")
        assert [(f.cause, f.confidence) for f in found[:2]] == [("other", 0.6), ("no_driver_or_gpu", 0.4)], text


def test_a_session_printing_cuda_unavailable_with_its_build() -> None:
    session = ">>> torch.cuda.is_available()\nFalse\n"
    cuda_build = session + ">>> torch.__version__\n'2.1.0+cu121'\n"
    finding = explain(cuda_build, platform="linux")[0]
    assert finding.cause == "no_driver_or_gpu" and finding.confidence == 0.6
    cpu_build = session + ">>> torch.__version__\n'2.1.0+cpu'\n"
    assert _top(cpu_build, platform="linux") == "cpu_only_build"
    alone = explain(session, platform="linux")
    assert [f.cause for f in alone[:2]] == ["no_driver_or_gpu", "cpu_only_build"] and alone[0].confidence < 0.5


def test_an_addon_saying_which_torch_it_was_built_with() -> None:
    text = "ValueError: This version of spconv was built against PyTorch 1.10.0, while the current PyTorch is 1.13.1."
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("spconv ")
    assert _top("RuntimeError: mylib was compiled with torch 2.1.0 but torch 2.3.0 is installed") == "extension_abi_mismatch"
    # The same release twice is no mismatch; a companion's words are the companion's reading.
    assert _top("warning: foo was built for torch 2.1.0, but torch 2.1.0+cu121 is installed") == "other"
    companion = "torchaudio was compiled with torch 2.1.0 but torch 2.2.0 is installed"
    assert _top(companion, platform="linux") == "torchvision_torch_mismatch"


def test_an_addons_compiled_part_asked_for_from_a_source_folder() -> None:
    text = "ImportError: cannot import name '_C' from 'detectron2' (/home/u/detectron2/detectron2/__init__.py)"
    finding = explain(text, platform="linux")[0]  # detectron2's INSTALL.md, "Common Installation Issues"
    assert finding.cause == "shadowed_module" and finding.confidence == 0.7
    installed = "ImportError: cannot import name '_C' from 'detectron2' (/v/lib/python3.10/site-packages/detectron2/__init__.py)"
    assert _top(installed, platform="linux") != "shadowed_module"


def test_an_installed_addon_without_its_ops_module() -> None:
    text = (
        '  File "/usr/local/lib/python3.10/dist-packages/mmcv/utils/ext_loader.py", line 13, in load_ext\n'
        "    ext = importlib.import_module('mmcv.' + name)\n"
        "ModuleNotFoundError: No module named 'mmcv._ext'\n"
    )
    assert _top(text, platform="linux") == "extension_abi_mismatch"
    # Asked for by the user's own file, it says nothing about the install.
    own = '  File "/home/u/run.py", line 1, in <module>\n    import mmcv._ext\nModuleNotFoundError: No module named \'mmcv._ext\'\n'
    assert _top(own, platform="linux") != "extension_abi_mismatch"


def test_a_namespace_package_also_reads_as_a_folder_of_that_name() -> None:
    # For a package other than torch a folder of that name where Python starts comes first (batch-2026-12-05d: six of
    # the corpus's eight such texts); stated as installed, its install losing files does.
    text = "ImportError: cannot import name 'YOLO' from 'ultralytics' (unknown location)"
    # Not stated as installed, it may not be installed at all (batch-2026-12-05f: allenai/semsup-xc#1): that comes second.
    assert [f.cause for f in explain(text, platform="linux")[:3]] == [
        "shadowed_module",
        "module_not_installed_in_kernel_env",
        "corrupted_install",
    ]
    stated = explain(text, platform="linux", packages={"ultralytics": "8.3.228"})
    assert [f.cause for f in stated[:2]] == ["corrupted_install", "shadowed_module"]


def test_a_source_checkout_is_never_renamed() -> None:
    text = "ImportError: cannot import name '_C' from 'detectron2' (/home/u/detectron2/detectron2/__init__.py)"
    fix = explain(text, platform="linux")[0].fix
    assert fix is not None and fix.kind == "manual" and "rename" not in fix.code and "/home/u/detectron2" in fix.code


def test_torch_ops_load_library_naming_torchaudio_is_the_companion() -> None:
    # torch/_ops.py load_library: "Could not load this library: <path>", the companion named only in the path.
    linux = "/usr/local/lib/python3.11/dist-packages/torchaudio/lib/_torchaudio.so"
    for path in (linux, "C:\\v\\Lib\\site-packages\\torchaudio\\lib\\_torchaudio.pyd"):
        assert _top(f"OSError: Could not load this library: {path}") == "torchvision_torch_mismatch"
    assert _top("OSError: Could not load this library: /v/site-packages/fbgemm_gpu/fbgemm_gpu_py.so") != "torchvision_torch_mismatch"


def test_torch_ops_load_library_naming_an_addon_is_an_extension_built_for_another_torch() -> None:
    finding = explain("OSError: Could not load this library: /v/lib/python3.10/site-packages/fbgemm_gpu/fbgemm_gpu_py.so")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.confidence == 0.5 and "fbgemm_gpu" in finding.title
    # torch's own library, or one without a package folder, is not an add-on's.
    assert _top("OSError: Could not load this library: /v/site-packages/torch/lib/libtorch_cuda.so") != "extension_abi_mismatch"


def test_rocblas_without_kernels_for_the_gpus_architecture() -> None:
    # ROCm/rocBLAS#1331, brknsoul/ROCmLibs#4: no Tensile kernels for the gfx target named.
    text = (
        "rocBLAS error: Cannot read C:\\Program Files\\AMD\\ROCm\\6.1\\bin\\/rocblas/library/TensileLibrary.dat: "
        "No such file or directory for GPU arch : gfx1103"
    )
    finding = explain(text)[0]
    assert finding.cause == "gpu_arch_unsupported" and finding.fix is not None and "HSA_OVERRIDE_GFX_VERSION" in finding.fix.code
    # Without the architecture it is a missing file of an install, not read as this.
    assert _top("rocBLAS error: Cannot read /opt/rocm/lib/rocblas/library/TensileLibrary.dat: Illegal seek") != "gpu_arch_unsupported"


def test_torchs_compiled_core_lacking_a_name_its_python_files_import_is_two_builds_mixed() -> None:
    core = "/v/lib/python3.10/site-packages/torch/_C.cpython-310-x86_64-linux-gnu.so"
    assert _top(f"ImportError: cannot import name '_get_cpp_backtrace' from 'torch._C' ({core})") == "corrupted_install"
    # A companion's own import of it is the companion built for another torch.
    companion = (
        '  File "/v/lib/python3.10/site-packages/torchvision/_meta_registrations.py", line 4, in <module>\n'
        f"    from torch._C import _dispatch_has_kernel\nImportError: cannot import name '_dispatch_has_kernel' from 'torch._C' ({core})"
    )
    assert _top(companion) == "torchvision_torch_mismatch"


def test_another_packages_compiled_module_not_finding_its_dlls() -> None:
    """A bare "DLL load failed while importing X" for a package that is neither torch nor a companion: Python 3.8+'s
    DLL search rules come first (on the corpus: 5 first answers moved the right way, 2 the wrong way), the runtime second."""
    bare = "ImportError: DLL load failed while importing dlib: The specified module could not be found."
    findings = explain(bare, platform="windows")
    assert [f.cause for f in findings[:2]] == ["windows_dll_dependency", "missing_vc_redist"]
    assert findings[0].title == "A DLL that dlib needs is not on the DLL search path"
    assert findings[0].fix is not None and "os.add_dll_directory(folder)" in findings[0].fix.code
    compile(findings[0].fix.code, "fix", "exec")  # runs as given: the Windows suite runs it under Wine
    # The package from its frame, for a private module (pycuda's _driver, inducer/pycuda#213).
    framed = _frame("C:\\env\\Lib\\site-packages\\pycuda\\driver.py", "from pycuda._driver import *") + bare.replace("dlib", "_driver")
    assert explain(framed, platform="windows")[0].title == "A DLL that pycuda's _driver needs is not on the DLL search path"


def test_torchs_own_module_and_a_nameless_private_one_keep_the_runtime_first() -> None:
    torch_c = _frame("C:\\env\\Lib\\site-packages\\torch\\__init__.py", "from torch._C import *") + (
        "ImportError: DLL load failed while importing _C: The specified module could not be found."
    )
    assert _top(torch_c, platform="windows") == "missing_vc_redist"
    # "_C" alone, no frame and no import shown: most often torch's own.
    assert _top("ImportError: DLL load failed while importing _C: The specified module could not be found.", platform="windows") != (
        "windows_dll_dependency"
    )
