"""What batch-2026-12-01d taught the explainer, checked at the edges each reading depends on.

Each text is cut from a corpus report (named beside it); the variants change only the
structural fact the reading rests on, and the answer must follow it.
"""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes as _causes
from .ranking import top as _top

SITE = "/usr/local/lib/python3.10/dist-packages"




# pytorch/pytorch#12074: python started in /workspace, which holds the pytorch source tree.
SOURCE_TREE = (
    "Traceback (most recent call last):\n"
    '  File "<stdin>", line 1, in <module>\n'
    '  File "/workspace/torch/__init__.py", line 16, in <module>\n'
    "    from .version import __version__\n"
    "ModuleNotFoundError: No module named 'torch.version'"
)


def test_a_torch_folder_outside_site_packages_missing_its_parts_is_shadowing() -> None:
    finding = explain(SOURCE_TREE)[0]
    assert finding.cause == "shadowed_module"
    assert any("/workspace/torch/" in line for line in finding.evidence)
    installed = SOURCE_TREE.replace("/workspace/torch/", f"{SITE}/torch/")
    assert "shadowed_module" not in _causes(installed)


# pytorch/pytorch#47968: a stray torch folder in the interpreter's own directory (Windows).
STRAY_WINDOWS = (
    '  File "C:\\Users\\u\\AppData\\Local\\Programs\\Python\\Python38\\torch\\__init__.py", line 24, in <module>\n'
    "    from .version import __version__\n"
    "ModuleNotFoundError: No module named 'torch.version'"
)

# pytorch/pytorch#39995: the checkout's torch/lib has no built libraries; ctypes' frame is the last.
UNBUILT_LIB = (
    '  File "/Users/u/Dev/pytorch/torch/__init__.py", line 142, in _load_global_deps\n'
    "    ctypes.CDLL(lib_path, mode=ctypes.RTLD_GLOBAL)\n"
    '  File "/Users/u/miniconda3/lib/python3.7/ctypes/__init__.py", line 364, in __init__\n'
    "    self._handle = _dlopen(self._name, mode)\n"
    "OSError: dlopen(/Users/u/Dev/pytorch/torch/lib/libtorch_global_deps.dylib, 10): image not found"
)

# neuralmagic/sparseml#257: the repository's own torchvision.py script imports itself.
OWN_SCRIPT = (
    '  File "/mnt/sda1/sparseml/integrations/pytorch/torchvision.py", line 95, in <module>\n'
    "    from torchvision import models\n"
    "ImportError: cannot import name 'models'"
)


def test_stray_folders_unbuilt_checkouts_and_own_scripts_are_shadowing() -> None:
    assert _top(STRAY_WINDOWS, platform="windows") == "shadowed_module"
    assert _top(UNBUILT_LIB, platform="macos") == "shadowed_module"
    assert _top(OWN_SCRIPT) == "shadowed_module"
    assert _top(OWN_SCRIPT.replace("torchvision.py", "train.py")) != "shadowed_module"


# pytorch/pytorch#2797: the working directory is a torch folder, so `import multiprocessing` finds torch's own.
STDLIB_PACKAGE = (
    f'  File "{SITE}/torch/cuda/__init__.py", line 16, in <module>\n'
    "    from multiprocessing.util import register_after_fork as _register_after_fork\n"
    '  File "/home/u/pytorch-master/torch/multiprocessing/__init__.py", line 17, in <module>\n'
    "    from .reductions import init_reductions\n"
    "ImportError: No module named reduction"
)


def test_a_folder_named_like_a_standard_package_answering_torchs_import_is_shadowing() -> None:
    assert _top(STDLIB_PACKAGE) == "shadowed_module"
    project = STDLIB_PACKAGE.replace("torch/multiprocessing/__init__.py", "mytools/__init__.py")
    assert "shadowed_module" not in _causes(project)


# pytorch/pytorch#157604: torchtext 0.18 under torch 2.9, loaded through torch.ops.load_library.
COMPANION_127 = (
    '  File "C:\\env\\Lib\\site-packages\\torchtext\\_extension.py", line 50, in _load_lib\n'
    "    torch.ops.load_library(path)\n"
    '  File "C:\\env\\Lib\\site-packages\\torch\\_ops.py", line 1478, in load_library\n'
    "    ctypes.CDLL(path)\n"
    '  File "C:\\env\\Lib\\ctypes\\__init__.py", line 379, in __init__\n'
    "    self._handle = _dlopen(self._name, mode)\n"
    "OSError: [WinError 127] The specified procedure could not be found"
)


def test_a_missing_procedure_in_a_companions_own_load_is_the_companion() -> None:
    assert _top(COMPANION_127, platform="windows") == "torchvision_torch_mismatch"
    user_loader = COMPANION_127.replace("site-packages\\torchtext\\_extension.py", "myproject\\ops.py")
    assert _top(user_loader, platform="windows") == "windows_dll_dependency"


# oobabooga/one-click-installers#47: torch imported from the per-user site-packages.
PER_USER = (
    '  File "C:\\Users\\u\\AppData\\Roaming\\Python\\Python310\\site-packages\\torch\\__init__.py", line 122, in <module>\n'
    "    raise err\n"
    '[WinError 127] The specified procedure could not be found. Error loading "C:\\Users\\u\\AppData\\Roaming\\Python'
    '\\Python310\\site-packages\\torch\\lib\\torch_cuda_cpp.dll" or one of its dependencies.'
)


def test_torch_from_the_per_user_site_names_a_second_install() -> None:
    assert "duplicate_installations" in _causes(PER_USER, platform="windows")[:2]
    env_only = PER_USER.replace("AppData\\Roaming\\Python\\Python310", "miniconda3\\envs\\a\\Lib")
    assert "duplicate_installations" not in _causes(env_only, platform="windows")


def test_a_companions_half_import_alone_is_the_companion() -> None:
    text = "AttributeError: partially initialized module 'torchvision' has no attribute 'extension' (most likely due to a circular import)"
    assert _top(text) == "torchvision_torch_mismatch"  # unslothai/unsloth#1625, as Colab users paste it
    torch_itself = text.replace("'torchvision'", "'torch'")
    assert _top(torch_itself) == "partial_import_state"


def test_a_library_only_another_torch_build_has_reads_as_a_companion_left_behind() -> None:
    text = "OSError: libtorch_cuda_cpp.so: cannot open shared object file: No such file or directory"  # audacitorch#9
    assert _causes(text)[:2] == ["torchvision_torch_mismatch", "corrupted_install"]
    # Stated torch 2.x never had the split libraries: another torch's files (tbp.monty#385) stay the reading.
    assert "torchvision_torch_mismatch" not in _causes(text, packages={"torch": "2.4.1+cu121"})


def test_a_symbol_wrapped_onto_the_next_line_is_still_read() -> None:
    text = (  # chenfei-wu/TaskMatrix#25, as Colab wrapped it
        f"OSError: {SITE}/torchtext/lib/libtorchtext.so: \nundefined symbol: \n"
        "_ZN2at4_ops5zeros4callEN3c108ArrayRefINS2_6SymIntEEENS2_8optionalINS2_10ScalarTy\npeEEE"
    )
    assert _top(text) == "torchvision_torch_mismatch"


# Lightning-AI/pytorch-lightning#12626 (and torchgeo#1054): rich's requirement checked against the old
# typing-extensions that the running Colab runtime had already loaded.
CONFLICT = (
    "!pip install pytorch-lightning\n!pip install rich\n\n"
    "ContextualVersionConflict: (typing-extensions 3.10.0.2 (/usr/local/lib/python3.7/dist-packages), "
    "Requirement.parse('typing-extensions<5.0,>=4.0.0'), {'rich'})"
)


def test_a_version_conflict_after_a_notebook_install_is_a_stale_kernel() -> None:
    assert _top(CONFLICT) == "stale_module_after_upgrade"
    no_install = CONFLICT.split("\n\n", 1)[1]
    assert "stale_module_after_upgrade" not in _causes(no_install)


def test_the_replaced_version_still_shown_after_the_install_is_a_stale_kernel() -> None:
    text = (  # googlecolab/colabtools#327
        "!pip install pandas --upgrade --no-deps\nimport pandas as pd\npd.__version__\n\n"
        "  Found existing installation: pandas 0.22.0\n    Uninstalling pandas-0.22.0:\n"
        "      Successfully uninstalled pandas-0.22.0\nSuccessfully installed pandas-0.23.4\n'0.22.0'"
    )
    assert _top(text) == "stale_module_after_upgrade"
    assert "stale_module_after_upgrade" not in _causes(text.replace("'0.22.0'", "'0.23.4'"))


def test_an_interpreter_that_names_itself_lacking_the_module_is_another_python() -> None:
    finding = explain("/usr/bin/python: No module named torch.distributed")[0]  # UltraLiDAR#1: sudo runs the system Python
    assert finding.cause == "module_not_installed_in_kernel_env" and "torch" in finding.title
    assert any("/usr/bin/python" in line for line in finding.evidence)
    comfy = (  # Lora-Training-in-Comfy#24: the node starts another Python than the portable build's
        "C:\\Python\\Python3113\\python.exe: Error while finding module specification for 'accelerate.commands.launch' "
        "(ModuleNotFoundError: No module named 'accelerate')"
    )
    assert _top(comfy, platform="windows") == "module_not_installed_in_kernel_env"
    assert _top("/usr/bin/python3: No module named cv2") != "module_not_installed_in_kernel_env"  # pip's name is another


def test_a_second_registration_in_one_process_is_a_reimport() -> None:
    pybind = 'RuntimeError: generic_type: cannot initialize type "TensorProtoDataType": an object with that name is already defined'
    assert _top(pybind) == "partial_import_state"  # googlecolab/colabtools#2405
    op = (  # sgl-project/sglang#9564: the operator's schema has its own parentheses
        "RuntimeError: Tried to register an operator (sglang::deep_gemm_fp8_fp8_bf16_nt(...)) with the same name "
        "and overload name multiple times. Each overload's schema should only be registered with a single call to def()."
    )
    assert _top(op) == "partial_import_state"


def test_nvrtc_builtins_missing_is_a_cuda_library() -> None:
    text = (
        "RuntimeError: nvrtc: error: failed to open libnvrtc-builtins.so.11.1.\n"
        "  Make sure that libnvrtc-builtins.so.11.1 is installed correctly."
    )
    finding = explain(text, packages={"torch": "1.8.1+cu111"})[0]  # pytorch/pytorch#58101
    assert finding.cause == "missing_cuda_runtime_lib"


def test_mps_refused_on_an_old_macos_says_update_macos_or_use_the_cpu() -> None:
    text = "RuntimeError: The MPS backend is supported on MacOS 12.3+.Current OS version can be queried using `sw_vers`"
    finding = explain(text, platform="macos")[0]  # fastai/fastbook#671
    assert finding.cause == "wheel_platform_mismatch" and "12.3" in finding.title
    assert finding.fix is not None and "sw_vers" in finding.fix.code and "cpu" in finding.fix.code
    session = (  # pytorch/pytorch#78343
        ">>> print(torch.backends.mps.is_built())\nTrue\n>>> print(torch.backends.mps.is_available())\nFalse"
    )
    assert _top(session, platform="macos") == "wheel_platform_mismatch"
    assert _top(session.replace("True", "False"), platform="macos") != "wheel_platform_mismatch"


def test_a_library_the_loader_cannot_read_to_its_end_is_damaged() -> None:
    text = f"ImportError: {SITE}/torch/lib/libTHC.so.1: cannot read file data"  # pytorch/pytorch#1264
    assert _top(text) == "corrupted_install"


def test_setup_py_importing_torch_while_pip_prepares_it_is_a_build_problem() -> None:
    text = (  # flash-attn from a requirements file (falcontechnologies#11)
        "  Preparing metadata (setup.py) ... error\n  error: subprocess-exited-with-error\n\n"
        "  × python setup.py egg_info did not run successfully.\n"
        '        File "/tmp/pip-install-v_8s9w7i/flash-attn_67edd227/setup.py", line 19, in <module>\n'
        "          import torch\n      ModuleNotFoundError: No module named 'torch'\n"
    )
    assert _top(text) == "build_toolchain_missing"
    assert _top("ModuleNotFoundError: No module named 'torch'") == "module_not_installed_in_kernel_env"
