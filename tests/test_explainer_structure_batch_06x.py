"""What batch-2026-12-06x taught (docs/accuracy-runs/batch-2026-12-06x.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def _causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)[:3]]  # type: ignore[arg-type]


def test_gcc_refusing_a_cxx_standards_flag_is_a_gcc_too_old() -> None:
    # hukaixuan19970627/yolov5_obb#510: gcc 4.8.5 building nms_rotated, fixed by gcc 5.3.1.
    finding = explain("gcc: error: unrecognized command line option ‘-std=c++14’", platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and finding.title == "gcc is older than this build needs (gcc 5 or later)"
    assert finding.fix is not None and "gcc-5" in finding.fix.code
    for flag, gcc in (("c++17", "7"), ("gnu++20", "10")):
        text = f"g++: error: unrecognized command-line option '-std={flag}'"
        assert explain(text, platform="linux")[0].title == f"gcc is older than this build needs (gcc {gcc} or later)"
    # Another option gcc does not know is no C++ standard's: not this reading.
    other = "gcc: error: unrecognized command line option '-mavx512fp16'"
    assert "gcc is older" not in explain(other, platform="linux")[0].title


_WORKER = (
    "Traceback (most recent call last):\n"
    '  File "/home/venv/lib/python3.9/site-packages/ts/model_service_worker.py", line 15, in <module>\n'
    "    from ts.arg_parser import ArgParser\n"
    "ModuleNotFoundError: No module named 'ts'\n"
)


def test_a_packages_own_file_that_cannot_import_its_package_ran_under_another_python() -> None:
    # pytorch/serve PR 2946: the worker of a per-model venv that did not inherit /home/venv's site-packages.
    finding = explain(_WORKER, platform="linux")[0]
    assert finding.cause == "module_not_installed_in_kernel_env"
    assert finding.title == "ts's own file ran under a Python that does not see ts"
    assert finding.fix is not None and "/home/venv/bin/python" in finding.fix.code
    # The file's import of another package: that package is what is missing, not this reading.
    other = _WORKER.replace("from ts.arg_parser", "from yaml").replace("'ts'", "'yaml'")
    assert "own file" not in explain(other, platform="linux")[0].title
    # A project's own file (not installed) importing its own package: the project is not on sys.path, not this reading.
    project = _WORKER.replace("/home/venv/lib/python3.9/site-packages/ts/", "/home/me/proj/ts/")
    assert "own file" not in explain(project, platform="linux")[0].title


_ROS_CV2 = "ImportError: /opt/ros/kinetic/lib/python2.7/dist-packages/cv2.so: undefined symbol: PyCObject_Type"


def test_python_2s_folder_on_a_python_3s_path_is_a_shadow() -> None:
    # mrlathome/faceutils#6 and jkjung-avt/buildOpenCVTX2#15: ROS 1's Python 2.7 folder on PYTHONPATH, cv2 from it.
    finding = explain(_ROS_CV2, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.title.startswith("Python 2's cv2 (/opt/ros/kinetic/lib/python2.7/dist-packages)")
    assert finding.fix is not None and finding.fix.kind == "python"
    compile(finding.fix.code, "fix", "exec")
    assert "/opt/ros/kinetic/lib/python2.7/dist-packages" in finding.fix.code and "opencv-python" in (finding.fix.note or "")
    # A Python 2 name asked for by a module in a Python 3 folder: built for Python 2 and installed there, not a path's shadow.
    built = "ImportError: /v/lib/python3.6/site-packages/knn.so: undefined symbol: _Py_ZeroStruct"
    assert _causes(built, platform="linux")[0] == "extension_abi_mismatch"
    # A Python 3 name asked for from a Python 2 folder: that folder's module was built for Python 3, not this reading.
    python3_name = _ROS_CV2.replace("PyCObject_Type", "_Py_Dealloc")
    assert _causes(python3_name, platform="linux")[0] != "shadowed_module"


def test_the_loading_line_above_winerror_193_names_the_linux_library() -> None:
    # zb12138/OctAttention#11: the code line kept without its frame, Windows' words in Chinese.
    text = (
        "lib = cdll.LoadLibrary(os.path.dirname(os.path.abspath(__file__))+'/Octree_python_lib.so') # class level loading lib\n"
        "OSError: [WinError 193] %1 不是有效的 Win32 应用程序。\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch" and finding.title.startswith("Octree_python_lib.so is a Linux library")
    # A .dll loaded the same way is no Linux library: the reading stays off.
    assert _causes(text.replace("Octree_python_lib.so", "octree.dll"), platform="windows")[0] != "wheel_platform_mismatch"


def test_tensorflows_bfloat16_check_is_a_numpy_older_than_its_build() -> None:
    # tensorflow/tensorflow#25636: TensorFlow 1.13.0rc1 under NumPy 1.15.4, fixed by NumPy 1.16.
    text = "F tensorflow/python/lib/core/bfloat16.cc:675] Check failed: PyBfloat16_Type.tp_base != nullptr"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "numpy_abi_mismatch" and finding.fix is not None and "--upgrade numpy" in finding.fix.code
    # Another of TensorFlow's checks failing is not read as NumPy's (at most guessed from similar reports' words).
    other = explain(text.replace("PyBfloat16_Type.tp_base", "PyBfloat16_Type.tp_dict"), platform="linux")[0]
    assert other.cause != "numpy_abi_mismatch" or other.confidence < 0.5


def test_any_standard_modules_name_in_site_packages_is_a_backport() -> None:
    # ray-project/tune-sklearn#181: PyPI's dataclasses (for Python 3.6) under Python 3.7; the fix uninstalls it.
    text = (
        '  File "/Users/me/opt/anaconda3/lib/python3.7/site-packages/dataclasses.py", line 550, in _is_classvar\n'
        "    return type(a_type) is typing._ClassVar\n"
        "AttributeError: module 'typing' has no attribute '_ClassVar'\n"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "shadowed_module" and finding.title == "PyPI's 'dataclasses' backport hides Python's own dataclasses module"
    assert finding.fix is not None and finding.fix.code == "pip uninstall -y dataclasses"
    # A module in site-packages that is no standard module's name is no backport.
    assert "backport" not in explain(text.replace("dataclasses.py", "attrs_compat.py"), platform="macos")[0].title
