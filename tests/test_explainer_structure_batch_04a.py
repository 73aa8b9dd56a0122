"""Readings learned from batch-2026-12-04a's first run (docs/accuracy-runs/batch-2026-12-04a.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def test_python2_attribute_error_under_a_file_named_like_its_module() -> None:
    # tensorflow/tensorflow#2370: `import tensorflow as tf` at the prompt ran ./tensorflow.py.
    shadow = (
        ">>> import tensorflow as tf\nTraceback (most recent call last):\n"
        '  File "<stdin>", line 1, in <module>\n  File "tensorflow.py", line 11, in <module>\n'
        "    W = tf.Variable(tf.random_uniform([1], -1.0, 1.0))\n"
        "AttributeError: 'module' object has no attribute 'Variable'"
    )
    assert causes(shadow, platform="linux")[:1] == ["shadowed_module"]
    # A project's own package folder lacking a name is its own code, not a shadow.
    own_package = shadow.replace('File "tensorflow.py"', 'File "/home/u/proj/tensorflow/__init__.py"')
    assert causes(own_package, platform="linux")[:1] != ["shadowed_module"]


def test_vscode_frames_after_the_message_are_read() -> None:
    # mwaskom/seaborn#2374: VS Code's debugger prints the message first, then the frames.
    text = (
        "Exception has occurred: AttributeError\nmodule 'seaborn' has no attribute 'lineplot'\n"
        '  File "C:\\Users\\u\\LargeFile\\seaborn.py", line 15, in plotChart\n    sns.lineplot("x", "y", data=df)'
    )
    assert causes(text, platform="windows")[:1] == ["shadowed_module"]
    # Without the debugger's header, frames after the message are not the ones that raised it.
    assert causes(text.split("\n", 1)[1], platform="windows")[:1] != ["shadowed_module"]


def test_a_package_refusing_to_import_from_its_source_directory() -> None:
    for line in (
        "Error importing tensorflow.  Unless you are using bazel,\nyou should not try to import tensorflow from its source directory;",
        "Error importing numpy: you should not try to import numpy from\n        its source directory; please exit the numpy source tree",
    ):
        finding = explain(line, platform="linux")[0]
        assert finding.cause == "shadowed_module" and finding.fix is not None
        assert "outside" in finding.fix.code  # run from elsewhere: renaming a source tree would break it


def test_no_matching_distribution_of_any_package() -> None:
    assert causes("ERROR: No matching distribution found for onnxruntime-directml>=1.20.1", platform="windows")[:1] == [
        "wheel_platform_mismatch"
    ]
    # pip that could not reach the index says so: no platform is at fault.
    offline = (
        "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken\n"
        "ERROR: No matching distribution found for mediapipe"
    )
    assert "wheel_platform_mismatch" not in causes(offline, platform="linux")[:1]
    # The module a script could not import, then no wheel of it: the platform first (StableTuner#110).
    both = (
        "Error caught was: No module named 'triton'\n"
        "ERROR: Could not find a version that satisfies the requirement triton==1.1.1 (from versions: none)\n"
        "ERROR: No matching distribution found for triton==1.1.1"
    )
    assert causes(both, platform="windows")[:1] == ["wheel_platform_mismatch"]


BITSANDBYTES_WITHOUT_WINDOWS_BUILD = "This bitsandbytes release has no Windows build: it holds Linux libraries only"


def test_a_linux_library_loaded_on_windows() -> None:
    text = "OSError: [WinError 193] %1 is not a valid Win32 application: 'C:\\py\\lib\\site-packages\\bitsandbytes\\libbitsandbytes.so'"
    finding = explain(text, platform="windows")[0]
    # bitsandbytes' Linux library: the release with its first Windows wheel (compat.first_native_build), as when its own
    # loader fails on Windows; another package's is named as a Linux library.
    assert finding.cause == "wheel_platform_mismatch" and finding.title == BITSANDBYTES_WITHOUT_WINDOWS_BUILD
    assert finding.fix is not None and finding.fix.code == 'pip install "bitsandbytes>=0.43.0"'
    other = explain(text.replace("bitsandbytes\\libbitsandbytes.so", "fbgemm_gpu\\fbgemm_gpu_py.so"), platform="windows")[0]
    assert other.title == "fbgemm_gpu_py.so is a Linux library; Windows cannot load it"
    # A real traceback names the file only in the loading code, and Wine words 193 otherwise (recorded from
    # tests/windows/test_windows_linux_library.py's run under Wine 8.0 with WinPython 3.11.1).
    recorded = (
        "Traceback (most recent call last):\n"
        '  File "Z:\\tmp\\wl\\pkg\\functional.py", line 3, in <module>\n'
        "    lib = ct.cdll.LoadLibrary(os.path.dirname(__file__) + '/libbitsandbytes.so')\n"
        '  File "Z:\\py\\Lib\\ctypes\\__init__.py", line 376, in __init__\n'
        "    self._handle = _dlopen(self._name, mode)\n"
        "OSError: [WinError 193] Bad EXE format for %1"
    )
    assert explain(recorded, platform="windows")[0].title == BITSANDBYTES_WITHOUT_WINDOWS_BUILD
    # A .dll refused the same way is another reading (a 32/64-bit DLL), not a Linux library.
    assert "Linux" not in explain(text.replace(".so'", ".dll'"), platform="windows")[0].title


def test_autogptq_kernels_not_built() -> None:
    assert causes("CUDA extension not installed.", platform="linux")[:1] == ["build_toolchain_missing"]


def test_thp_symbol_of_a_top_level_module_means_torch_was_not_imported_first() -> None:
    egg = (
        "ImportError: /env/lib/python3.6/site-packages/torch_scatter-1.0.4-py3.6-linux-x86_64.egg/"
        "scatter_cuda.cpython-36m-x86_64-linux-gnu.so: undefined symbol: THPVariableClass"
    )
    assert causes(egg, platform="linux")[:1] == ["other"]
    # Inside a package that imports torch itself (detectron2/_C), another torch's build is the reading.
    package = (
        "ImportError: /env/lib/python3.7/site-packages/detectron2/_C.cpython-37m-x86_64-linux-gnu.so: "
        "undefined symbol: THPVariableClass"
    )
    assert causes(package, platform="linux")[:1] == ["extension_abi_mismatch"]


def test_a_long_mangled_symbol_in_a_versioned_symbol_error() -> None:
    symbol = (
        "_Z22cudnnGenericOpTensorNdILi3EE13cudnnStatus_tP12cudnnContext16cudnnGenericOp_t21cudnnNanPropagation_t"
        "PKdPKvPK17cudnnTensorStructS8_S8_SB_S8_S8_SB_Pv"
    )
    text = (
        "Could not load library libcudnn_cnn_train.so.8. Error: /usr/local/cuda-11.1/lib64/libcudnn_ops_train.so.8: "
        f"symbol {symbol}, version libcudnn_ops_infer.so.8 not defined in file libcudnn_ops_infer.so.8 with link time reference"
    )
    assert causes(text, platform="linux")[:1] == ["lib_version_conflict"]


def test_cuda_unknown_error_999_is_a_gpu_the_process_cannot_use() -> None:
    text = "RuntimeError: cuda runtime error (999) : unknown error at /opt/conda/conda-bld/pytorch/work/aten/src/THC/THCGeneral.cpp:47"
    assert causes(text, platform="linux")[:1] == ["no_driver_or_gpu"]


def test_python37_bare_name_missing_from_a_standard_module() -> None:
    # ignition-devs/incendium#60: the package's own types module answered `from types import TracebackType`.
    text = (
        'Traceback (most recent call last):\n  File "/src/incendium/db.py", line 15, in <module>\n'
        "    from types import TracebackType\nImportError: cannot import name TracebackType"
    )
    assert causes(text, platform="linux")[:1] == ["shadowed_module"]
    # A name the standard module never had is the caller's mistake, not a shadow.
    assert "shadowed_module" not in causes(text.replace("TracebackType", "NoSuchThing"), platform="linux")[:1]
