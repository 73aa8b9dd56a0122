"""What batch-2026-12-01e taught the explainer, checked at the edges each reading depends on.

Each text is cut from a corpus report (named beside it); the variants change only the
structural fact the reading rests on, and the answer must follow it.
"""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes as _causes
from .ranking import top as _top

SITE = "/usr/local/lib/python3.10/dist-packages"




def test_any_failed_import_from_a_companion_checkout_is_shadowing() -> None:
    relative = (  # pytorch/audio#1: python started in the torchaudio checkout
        '  File "torchaudio/__init__.py", line 5, in <module>\n    from ._ext import th_sox\n'
        '  File "torchaudio/_ext/th_sox/__init__.py", line 3, in <module>\n'
        "ImportError: No module named _th_soxq"
    )
    assert _top(relative) == "shadowed_module"
    assert _top(relative.replace('"torchaudio/', f'"{SITE}/torchaudio/')) != "shadowed_module"
    own_message = (  # pytorch/text#1778
        '  File "/Users/u/Code/text/torchtext/_extension.py", line 56, in _init_extension\n'
        '    raise ImportError("torchtext C++ Extension is not found.")\n'
        "ImportError: torchtext C++ Extension is not found."
    )
    assert _top(own_message, platform="macos") == "shadowed_module"


def test_torch_compiling_a_checkouts_ops_is_shadowing() -> None:
    text = (  # pytorch/vision#2228: torch.jit compiles the checkout's torchvision.ops, which has no compiled part
        '  File "/private/tmp/vision/torchvision/ops/boxes.py", line 8, in <module>\n'
        "    def nms(boxes, scores, iou_threshold):\n"
        '  File "/usr/local/envs/tv/lib/python3.8/site-packages/torch/jit/__init__.py", line 1281, in script\n'
        "    fn = torch._C._jit_script_compile(qualified_name, ast, _rcb, get_default_args(obj))\n"
        "RuntimeError:\nobject has no attribute nms:\n"
    )
    assert _top(text, platform="macos") == "shadowed_module"


def test_a_standard_import_answered_by_a_file_of_the_same_name_elsewhere_is_shadowing() -> None:
    text = (  # bryandlee/animegan2-pytorch#90: torch/cuda/__init__.py run as a script
        '  File "D:\\env\\Lib\\site-packages\\torch\\_utils_internal.py", line 6, in <module>\n    import tempfile\n'
        '  File "D:\\env\\Lib\\tempfile.py", line 45, in <module>\n    from random import Random as _Random\n'
        '  File "d:\\env\\Lib\\site-packages\\torch\\cuda\\random.py", line 5, in <module>\n    from torch import Tensor\n'
        "ImportError: cannot import name 'Tensor' from partially initialized module 'torch' (most likely due to a circular import)"
    )
    assert _top(text, platform="windows") == "shadowed_module"
    standard = text.replace("site-packages\\torch\\cuda\\random.py", "random.py")
    assert _top(standard, platform="windows") != "shadowed_module"


def test_a_standard_package_that_is_not_a_package_is_shadowing() -> None:
    text = "ModuleNotFoundError: No module named 'multiprocessing.util'; 'multiprocessing' is not a package"  # pytorch#46723
    assert _top(text) == "shadowed_module"
    # Any name: a plain module answered where a package was expected, a file named like it (batch-2026-12-02,
    # functorch.py: pytorch-labs/subclass_zoo#49), a little less sure than for a standard package.
    other = explain(text.replace("multiprocessing", "mytools"))[0]
    assert other.cause == "shadowed_module" and other.confidence < explain(text)[0].confidence


def test_numpys_own_module_disagreeing_in_a_notebook_is_a_stale_kernel() -> None:
    text = (  # the install cell changed numpy under the running Colab session
        "[<ipython-input-3-224a3e5ff6e1>](https://localhost:8080/#) in <cell line: 0>()\n"
        "numpy/random/mtrand.pyx in init numpy.random.mtrand()\n\n"
        "ValueError: numpy.dtype size changed, may indicate binary incompatibility. Expected 96 from C header, got 88 from PyObject"
    )
    assert _causes(text)[:2] == ["stale_module_after_upgrade", "numpy_abi_mismatch"]
    script = text.split("\n", 1)[1]  # not a notebook: NumPy's files from two versions, the ABI reading
    assert _top(script) == "numpy_abi_mismatch"


def test_pip_and_the_running_process_disagreeing_on_a_version_is_a_stale_kernel() -> None:
    text = (  # googlecolab/colabtools#336
        "Requirement already satisfied: pbr<4,>=0.6 in /usr/local/lib/python2.7/dist-packages (from lda) (3.1.1)\n"
        "ContextualVersionConflict: (pbr 5.1.1 (/usr/local/lib/python2.7/dist-packages), Requirement.parse('pbr<4,>=0.6'), set(['lda']))"
    )
    assert _top(text) == "stale_module_after_upgrade"
    assert "stale_module_after_upgrade" not in _causes(text.replace("(3.1.1)", "(5.1.1)"))


def test_a_pinned_notebook_install_then_another_version_shown_is_a_stale_kernel() -> None:
    text = "!pip install pandas==0.23.4\nimport pandas as pd\npd.__version__\n'0.22.0'"  # googlecolab/colabtools#298
    assert _top(text) == "stale_module_after_upgrade"
    assert "stale_module_after_upgrade" not in _causes(text.replace("'0.22.0'", "'0.23.4'"))


def test_numpy_refusing_a_second_load_is_a_reimport() -> None:
    assert _top("ImportError: cannot load module more than once per process") == "partial_import_state"  # spyder#26017


def test_macos_loader_messages_name_damage_cuda_libraries_and_platform() -> None:
    libshm = (  # zjunlp/DeepKE#409: newer dyld quotes the paths
        "ImportError: dlopen(/Users/u/env/lib/python3.8/site-packages/torch/_C.cpython-38-darwin.so, 0x0002): "
        "Library not loaded: '@loader_path/libshm.dylib'\n"
        "  Referenced from: '/Users/u/env/lib/python3.8/site-packages/torch/lib/libtorch_python.dylib'\n"
        "  Reason: tried: '/Users/u/env/lib/python3.8/site-packages/torch/lib/libshm.dylib' (no such file)"
    )
    assert _top(libshm, platform="macos") == "corrupted_install"
    curand = (  # TomHeaven/pytorch-osx-build#12
        " Library not loaded: @rpath/libcurand.10.0.dylib\n"
        "  Referenced from: /opt/env/lib/python3.7/site-packages/torch/lib/libtorch_global_deps.dylib\n  Reason: image not found"
    )
    assert _top(curand, platform="macos") == "missing_cuda_runtime_lib"
    load_command = "libomp.dylib: cannot load 'libomp.dylib' (load command 0x80000034 is unknown)"  # pytorch#78938
    assert _top(load_command, platform="macos") == "wheel_platform_mismatch"


def test_a_python_c_api_symbol_missing_from_torchs_binding_is_a_wheel_for_another_python() -> None:
    text = (  # pytorch/pytorch#17237: Python 3.6.0 lacks PySlice_Unpack
        "dyld: Symbol not found: _PySlice_Unpack\n"
        "  Referenced from: /Library/Frameworks/Python.framework/Versions/3.6/lib/python3.6/site-packages/torch/lib/libtorch_python.dylib"
    )
    assert _top(text, platform="macos") == "wheel_platform_mismatch"
    elsewhere = text.replace("site-packages/torch/lib/libtorch_python", "site-packages/mylib/_ext")
    assert "wheel_platform_mismatch" not in _causes(elsewhere, platform="macos")


def test_uv_and_pips_placeholder_say_no_wheel_fits_this_platform() -> None:
    uv = (  # KillianLucas transcribe-anything#77, uv's sentence wrapped
        "error: Distribution `torch==2.7.1 @ registry+https://pypi.org/simple` can't be installed\n"
        "       because it doesn't have a source distribution or wheel for the current platform"
    )
    assert _top(uv, platform="macos") == "wheel_platform_mismatch"
    alpine = "RuntimeError: PyTorch does not currently provide packages for PyPI (see status at https://github.com/pytorch/pytorch/issues/566)."
    assert _top(alpine) == "wheel_platform_mismatch"  # docker-library/python#341


def test_a_session_or_listing_showing_the_cpu_build() -> None:
    session = ">>> print(torch.cuda.is_available())\nFalse\n>>> print(torch.version.cuda)\nNone"  # MinerU#240
    assert _top(session, platform="windows") == "cpu_only_build"
    assert _top(session.replace("\nNone", "\n12.1"), platform="windows") != "cpu_only_build"
    conda = "pytorch                   1.11.0              py3.8_cpu_0    pytorch\ncpuonly                   2.0   0    pytorch"
    assert _top(conda) == "cpu_only_build"  # meta-pytorch/data#315


def test_a_launchers_gpu_check_reads_no_gpu_first_and_the_cpu_build_second() -> None:
    text = "RuntimeError: Torch is not able to use GPU; add --skip-torch-cuda-test to COMMANDLINE_ARGS variable to disable this check"
    assert _causes(text)[:2] == ["no_driver_or_gpu", "cpu_only_build"]


def test_pips_resolver_naming_a_companion_for_another_torch() -> None:
    old = "ERROR: torchvision 0.6.1+cu101 has requirement torch==1.5.1, but you'll have torch 0.4.0 which is incompatible."
    new = "torchaudio 2.1.0 requires torch==2.1.0, but you have torch 2.2.0 which is incompatible."
    assert _top(old) == "torchvision_torch_mismatch" and _top(new) == "torchvision_torch_mismatch"


def test_an_install_that_failed_after_removing_the_old_torch_is_damage() -> None:
    text = (  # pypa/pip#11857
        "    Found existing installation: torch 1.13.0\n    Uninstalling torch-1.13.0:\n"
        "      Successfully uninstalled torch-1.13.0\n"
        "ERROR: Could not install packages due to an OSError: [WinError 32] The process cannot access the file"
    )
    assert _top(text, platform="windows") == "corrupted_install"
    assert _top(text.replace("Successfully uninstalled torch-1.13.0\n", ""), platform="windows") != "corrupted_install"


def test_a_torch_inside_another_packages_egg_is_a_second_install() -> None:
    text = (  # pytorch/pytorch#7176
        '  File "/usr/local/lib/python2.7/dist-packages/caffe2-0.8.2-py2.7-linux-x86_64.egg/torch/__init__.py", line 14\n'
        "ImportError: No module named version"
    )
    assert _top(text) == "duplicate_installations"
