"""What batch-2026-12-01p (80 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import top as _top


def test_cuda_error_803_driver_and_cuda_driver_mismatch() -> None:
    text = (  # easydiffusion/easydiffusion#134
        "Error: Unexpected error from cudaGetDeviceCount(). Did you run some cuda functions before calling "
        "NumCudaDevices() that might have already set an error? Error 803: system has unsupported display driver / cuda "
        "driver combination"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "driver_too_old" and finding.confidence == 0.8
    assert _top(text.replace("Error 803: system has unsupported display driver / cuda driver combination", "Error 999")) != (
        "driver_too_old"
    )


def test_numpy_replaced_under_a_running_session() -> None:
    ilp64 = "AttributeError: module 'numpy.linalg._umath_linalg' has no attribute '_ilp64'"  # pysyncon#35
    assert _top(ilp64) == "stale_module_after_upgrade"
    printed_old = (  # googlecolab/colabtools#260
        "!pip install --upgrade scipy\nimport scipy\nprint(scipy.__version__)\n\n"
        "  Found existing installation: scipy 0.19.1\n    Uninstalling scipy-0.19.1:\n      Successfully uninstalled scipy-0.19.1\n"
        "Successfully installed scipy-1.1.0\n0.19.1\n"
    )
    assert _top(printed_old) == "stale_module_after_upgrade"
    assert _top(printed_old.replace("\n0.19.1\n", "\n1.1.0\n")) != "stale_module_after_upgrade"


_SCRIPTED = (  # pytorch/audio#171's shape: torchaudio 0.2 from master on torch 1.1
    "Traceback (most recent call last):\n"
    '  File "/env/lib/python3.6/site-packages/torch/jit/annotations.py", line 95, in parse_type_line\n'
    "    arg_ann = eval(arg_ann_str, _eval_env)\n"
    "NameError: name 'Optional' is not defined\n\n"
    "During handling of the above exception, another exception occurred:\n\n"
    "Traceback (most recent call last):\n"
    '  File "train.py", line 13, in <module>\n    import torchaudio\n'
    '  File "/env/lib/python3.6/site-packages/torchaudio/transforms.py", line 6, in <module>\n'
    "    from . import functional as F\n"
)


def test_torchscript_failing_on_a_companions_own_function() -> None:
    assert _top(_SCRIPTED) == "torchvision_torch_mismatch"
    # The user's own scripting of a torchvision model (TorchScript's frames come first, the companion's inside them).
    users = _SCRIPTED.replace("/torch/jit/annotations.py", "/torch/serialization.py")
    assert _top(users) != "torchvision_torch_mismatch"


def test_a_companions_library_with_its_missing_symbol_cut_off() -> None:
    text = "ImportError: /opt/conda/lib/python3.6/site-packages/torchvision/_C.cpython-36m-x86_64-linux-gnu.so: undefined symbol: "
    assert _top(text) == "torchvision_torch_mismatch"  # pytorch/pytorch PR #20865
    assert _top(text.replace("torchvision/_C", "mylib/_C")) != "torchvision_torch_mismatch"


def test_torch_built_for_python_2() -> None:
    text = "ImportError: /home/u/.local/lib/python3.6/site-packages/torch/lib/libtorch_python.so: undefined symbol: _Py_ZeroStruct"
    finding = explain(text, platform="linux")[0]  # pytorch/pytorch#31483
    assert finding.cause == "corrupted_install" and "cpXY" in (finding.fix.note or "")
    assert _top(text.replace("_Py_ZeroStruct", "_ZN3c104impl8GPUTrace13haveStateE")) != "corrupted_install"


def test_the_link_step_not_finding_cudart() -> None:
    text = "FAILED: gsplat_cuda.so\n/usr/bin/ld: cannot find -lcudart: No such file or directory"  # nerfstudio#2748
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "libcudart" in finding.title
    assert _top("/usr/bin/ld: cannot find -lpng: No such file or directory") != "build_toolchain_missing"


def test_setup_py_in_pips_old_temporary_folder_names_the_package_built() -> None:
    text = (  # rusty1s/pytorch_scatter#145
        "Collecting torch\n  Using cached torch-1.5.1-cp38-cp38-manylinux1_x86_64.whl (753.2 MB)\n"
        "Collecting torch-scatter\n  Using cached torch_scatter-2.0.5.tar.gz (20 kB)\n"
        '      File "/tmp/pip-install-mmf5_au2/torch-scatter/setup.py", line 6, in <module>\n        import torch\n'
        "    ModuleNotFoundError: No module named 'torch'"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and finding.title.startswith("torch-scatter ")
    assert "torch-scatter" in finding.fix.code


def test_macos_flat_namespace_symbol_unquoted_or_cut() -> None:
    unquoted = (  # open-mmlab/mmyolo#1021
        "ImportError: dlopen(venv/lib/python3.9/site-packages/mmcv/_ext.cpython-39-darwin.so, 0x0002): symbol not found in "
        "flat namespace N2at3mps9MPSStream6commitEb)"
    )
    assert explain(unquoted, platform="macos")[0].title.startswith("mmcv ")
    cut = (  # TMElyralab/MuseTalk#352
        "python3.10/site-packages/mmcv/_ext.cpython-310-darwin.so, 0x0002): symbol not found in flat namespace "
        "'__ZN2at3mps9MPSStream6commitEb'"
    )
    assert explain(cut, platform="macos")[0].title.startswith("mmcv ")
    not_torch = cut.replace("__ZN2at3mps9MPSStream6commitEb", "_png_create_read_struct")
    assert _top(not_torch, platform="macos") != "extension_abi_mismatch"


def test_a_projects_own_compiled_ext_lacking_a_procedure() -> None:
    text = (  # ifzhang/FairMOT#450
        '  File "C:\\Users\\me\\FAIRMOT_ROOT\\src\\lib\\models\\networks\\dcnv2\\dcn_v2.py", line 12, in <module>\n'
        "    import _ext as _backend\n"
        "ImportError: DLL load failed while importing _ext: The specified procedure could not be found."
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("dcnv2 ")
    module_missing = text.replace("specified procedure", "specified module")
    assert _top(module_missing, platform="windows") != "extension_abi_mismatch"


def test_a_stated_python_is_the_interpreters_version() -> None:
    text = 'Installing torch and torchvision\n    raise RuntimeError(message)\nRuntimeError: Couldn\'t install torch.'
    finding = explain(text, platform="windows", packages={"python": "3.11.1", "torch": "1.12.1"})[0]  # webui#5841
    assert finding.cause == "wheel_platform_mismatch" and "Python 3.11.1" in finding.title
    assert _top(text, platform="windows", packages={"python": "3.10.6", "torch": "1.12.1"}) != "wheel_platform_mismatch"


def test_inspect_finding_no_source_under_torchscript() -> None:
    text = (  # pyinstaller/pyinstaller#4251
        '  File "site-packages\\torchvision\\ops\\misc.py", line 148, in FrozenBatchNorm2d\n'
        '  File "site-packages\\torch\\jit\\__init__.py", line 850, in script_method\n'
        '  File "inspect.py", line 786, in findsource\n'
        "OSError: could not get source code"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "other" and "source" in finding.title
