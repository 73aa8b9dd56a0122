"""What batch-2026-12-01j (99 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import top as _top


def test_a_standard_module_whose_file_is_elsewhere_is_shadowed() -> None:
    text = (  # microsoft/ptvsd#1428
        '  File "/usr/local/lib/python3.7/site-packages/ptvsd/_vendored/pydevd/pydevconsole.py", line 9, in <module>\n'
        "    from code import InteractiveConsole\n"
        "ImportError: cannot import name 'InteractiveConsole' from 'code' (/usr/src/app/code.py)"
    )
    finding = explain(text)[0]
    assert finding.cause == "shadowed_module" and "/usr/src/app/code.py" in finding.fix.code
    the_real_one = text.replace("/usr/src/app/code.py", "/usr/local/lib/python3.7/code.py")
    assert _top(the_real_one) != "shadowed_module"
    not_standard = text.replace("'code'", "'mycode'").replace("code.py", "mycode.py")
    assert _top(not_standard) != "shadowed_module"


def test_the_working_directory_inside_torch_gets_no_rename_of_torchs_files() -> None:
    text = (  # pytorch/pytorch#19943
        "ImportError: cannot import name 'Random' from 'random' "
        "(/Users/d/anaconda3/lib/python3.7/site-packages/torch/random.py)"
    )
    finding = explain(text)[0]
    assert finding.cause == "shadowed_module" and finding.fix.kind == "manual" and "another folder" in finding.fix.code


def test_sam2s_guard_against_running_beside_its_checkout() -> None:
    text = (  # HumanSignal/label-studio-ml-backend#669
        '  File "/w/examples/segment_anything_2_image/sam2/sam2/build_sam.py", line 25, in <module>\n'
        "    raise RuntimeError(\n"
        "RuntimeError: You're likely running Python from the parent directory of the sam2 repository "
        "(i.e. the directory where https://github.com/facebookresearch/sam2 is cloned into)."
    )
    assert _top(text) == "shadowed_module"


def test_pip_finding_the_missing_module_in_another_folder() -> None:
    text = (  # realpython/materials#381
        "ModuleNotFoundError: No module named 'requests'\n"
        "(venv) $ pip install requests\n"
        "Defaulting to user installation because normal site-packages is not writeable\n"
        "Requirement already satisfied: requests in /home/e/.local/lib/python3.10/site-packages (2.28.1)\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and finding.confidence == 0.8
    other_package = explain(text.replace("satisfied: requests in", "satisfied: urllib3 in"))[0]
    assert other_package.confidence == 0.5  # only the module's name is left: the weak reading


def test_a_librarys_own_mid_session_upgrade_check() -> None:
    text = (  # unslothai/notebooks#339
        "RuntimeError: ***** numpy was upgraded mid-session (loaded: 2.0.2,\n"
        "installed: 2.5.2) but the kernel still has the old version in memory."
    )
    assert _top(text) == "stale_module_after_upgrade"


def test_numpys_second_initialisation_names_numpy() -> None:
    finding = explain("module loaded\nRuntimeError: CPU dispatcher tracer already initlized")[0]  # pybind/pybind11#5172
    assert finding.cause == "partial_import_state" and finding.title.startswith("numpy ")


def test_a_setup_py_saying_nvcc_was_not_found() -> None:
    text = "setup.py:119: UserWarning: mamba_ssm was requested, but nvcc was not found.  Are you sure your environment has nvcc available?"
    assert _top(text) == "build_toolchain_missing"  # state-spaces/mamba#497


def test_the_linker_asking_for_a_newer_glibc() -> None:
    text = "/usr/bin/ld: thirdparty/torch/libtorch/lib/libtorch_cpu.so: undefined reference to `hypot@GLIBC_2.35'"
    assert _top(text) == "glibc_libstdcxx_too_old"  # pytorch/pytorch#166101
    unversioned = text.replace("@GLIBC_2.35", "")
    assert _top(unversioned) != "glibc_libstdcxx_too_old"


def test_a_printed_cpu_build_beside_cuda_unavailable() -> None:
    assert _top("torch 2.14.0+cpu | cuda available: False | device count: 0") == "cpu_only_build"  # twin4build#167
    assert _top("torch 2.14.0+cu128 | cuda available: False | device count: 0") != "cpu_only_build"


def test_torch_python_dll_missing_its_python() -> None:
    text = (  # carson-katri/dream-textures#293 (Blender's embedded Python)
        "OSError: [WinError 126] The specified module could not be found. Error loading "
        '"C:\\Blender\\addons\\dream_textures\\.python_dependencies\\torch\\lib\\torch_python.dll" or one of its dependencies.'
    )
    assert _top(text, platform="windows") == "windows_dll_dependency"


def test_a_packages_own_ctypes_load_missing_a_cuda_library() -> None:
    text = (  # bitsandbytes-foundation/bitsandbytes#1199
        "Could not load bitsandbytes native library: libcusparse.so.11: cannot open shared object file: No such file or directory\n"
        "Traceback (most recent call last):\n"
        '  File "/usr/local/lib/python3.10/dist-packages/bitsandbytes/cextension.py", line 96, in get_native_library\n'
        "    dll = ct.cdll.LoadLibrary(str(binary_path))\n"
        '  File "/usr/lib/python3.10/ctypes/__init__.py", line 374, in __init__\n'
        "OSError: libcusparse.so.11: cannot open shared object file: No such file or directory\n"
    )
    assert _top(text) == "missing_cuda_runtime_lib"
    through_torch = text.replace(
        '  File "/usr/lib/python3.10/ctypes/__init__.py"',
        '  File "/usr/local/lib/python3.10/dist-packages/torch/_ops.py", line 1\n  File "/usr/lib/python3.10/ctypes/__init__.py"',
    )
    assert _top(through_torch) == "extension_abi_mismatch"  # torch.ops.load_library: an extension linked to torch


def test_python_313_naming_the_file_that_hides_a_standard_module() -> None:
    text = (  # recorded from CPython 3.13.0 (pyenv) here: a dis.py in the working directory, then `import inspect`
        '  File "/root/.pyenv/versions/3.13.0/lib/python3.13/inspect.py", line 168, in <module>\n'
        "    for k, v in dis.COMPILER_FLAG_NAMES.items():\n"
        "AttributeError: module 'dis' has no attribute 'COMPILER_FLAG_NAMES' (consider renaming '/tmp/shadow2/dis.py' "
        "since it has the same name as the standard library module named 'dis' and the import system gives it precedence)"
    )
    finding = explain(text)[0]
    assert finding.cause == "shadowed_module" and finding.confidence >= 0.9 and "/tmp/shadow2/dis.py" in finding.fix.code
    older_python = explain(text.split(" (consider renaming")[0])[0]  # before 3.13: read from the frame, less sure
    assert older_python.cause == "shadowed_module" and older_python.confidence < 0.9
    users_code = text.replace("/root/.pyenv/versions/3.13.0/lib/python3.13/inspect.py", "/home/u/project/app.py")
    users_code = users_code.split(" (consider renaming")[0]
    # The user's own code may be wrong: a name the standard dis does not define says nothing of shadowing; one it
    # defines (read from this interpreter's dis.py, batch-2026-12-02) says another dis answered.
    assert _top(users_code.replace("COMPILER_FLAG_NAMES", "NO_SUCH_NAME")) != "shadowed_module"
    assert explain(users_code)[0].cause == "shadowed_module" and explain(users_code)[0].confidence < 0.9


def test_python_313_naming_a_script_that_hides_torch() -> None:
    text = (  # recorded from CPython 3.13.0 here: a script torch.py running `import torch; torch.zeros(1)`
        '  File "/tmp/shadow3/torch.py", line 1, in <module>\n'
        "    import torch; torch.zeros(1)\n"
        "AttributeError: module 'torch' has no attribute 'zeros' (consider renaming '/tmp/shadow3/torch.py' if it has "
        "the same name as a third-party module you intended to import)"
    )
    finding = explain(text)[0]
    assert finding.cause == "shadowed_module" and finding.confidence >= 0.9 and "/tmp/shadow3/torch.py" in finding.fix.code


def test_any_top_level_package_python_cannot_find_reads_weakly_as_not_installed_here() -> None:
    text = (  # Carglglz/jupyter_upydevice_kernel#4: Homebrew's python3 lacks the Jupyter it was meant for
        '  File "/usr/local/lib/python3.9/site-packages/mpy_kernel_upydevice/install.py", line 6, in <module>\n'
        "    from jupyter_client.kernelspec import KernelSpecManager\n"
        "ModuleNotFoundError: No module named 'jupyter_client'"
    )
    finding = explain(text)[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and finding.confidence == 0.5
    assert finding.title == "Python cannot find jupyter_client"
    # The import name alone does not give a PyPI name: the fix says how to check it, it does not guess.
    assert finding.fix.kind == "manual" and "pip install jupyter_client" in finding.fix.code and "pypi.org" in finding.fix.code
    python2 = "ImportError: No module named pytrends.request"  # formulahendry/vscode-code-runner#225
    assert explain(python2)[0].title == "Python cannot find pytrends"


def test_a_module_the_text_shows_on_disk_or_in_the_standard_library_is_not_a_missing_install() -> None:
    project = (  # the project's own package, run from another folder
        '  File "/home/u/yolov5/detect.py", line 3, in <module>\n'
        "    from models.common import DetectMultiBackend\n"
        '  File "/home/u/yolov5/models/common.py", line 1\n'
        "ModuleNotFoundError: No module named 'models'"
    )
    assert _top(project) == "other"
    assert _top("ModuleNotFoundError: No module named '_lzma'") == "other"  # a Python built without it
    assert _top("ModuleNotFoundError: No module named 'tkinter'") == "other"
    # An import name whose PyPI name is known is read, and installed by that name (batch-2026-12-03g's yaml).
    cv2 = explain("ModuleNotFoundError: No module named 'cv2'")[0]
    assert cv2.cause == "module_not_installed_in_kernel_env" and cv2.fix is not None and "opencv-python" in cv2.fix.code
    assert _top("ModuleNotFoundError: No module named 'numpy.char'") == "other"  # a submodule: another version
