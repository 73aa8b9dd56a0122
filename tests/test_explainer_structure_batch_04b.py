"""Readings learned from batch-2026-12-04b's first run (docs/accuracy-runs/batch-2026-12-04b.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def test_tensorflows_own_loader_names_a_cuda_library() -> None:
    # DiffMorph#19, dc_tts#59: TensorFlow opens CUDA's DLLs itself; the VC++ runtime is not the point.
    text = (
        "W tensorflow/stream_executor/platform/default/dso_loader.cc:55] Could not load dynamic library "
        "'cudart64_100.dll'; dlerror: cudart64_100.dll not found"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and finding.title == "TensorFlow cannot load cudart64_100.dll"
    assert finding.fix is not None and "PATH" in finding.fix.code
    # A library of TensorFlow's own that is not CUDA's is not this reading.
    other = "Could not load dynamic library 'libtensorflow_io.so'"
    assert explain(other, platform="linux")[0].title != "TensorFlow cannot load libtensorflow_io.so"


def test_jaxlibs_avx_check_under_rosetta() -> None:
    text = (
        "RuntimeError: This version of jaxlib was built using AVX instructions, which your CPU and/or operating system do "
        "not support. This error is frequently encountered on macOS when running an x86 Python installation on ARM hardware."
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and finding.fix is not None and "install jax into it" in finding.fix.code
    # On Linux the same words mean a CPU without AVX: no Rosetta answer there.
    assert all("Rosetta" not in found.title for found in explain(text, platform="linux"))


def test_a_blank_line_between_a_frame_and_its_code() -> None:
    # imageai#116, pasted through Markdown: the user's cv2.py answered imageai's `import cv2`.
    text = (
        'Traceback (most recent call last):\n  File "cv2.py", line 14, in <module>\n'
        "    from imageai.Detection import VideoObjectDetection\n"
        '  File "C:\\Python27\\Python27\\imageai\\Detection\\__init__.py", line 1, in <module>\n\n    import cv2\n'
        '  File "C:\\Python27\\Python27\\cv2.py", line 14, in <module>\n'
        "    from imageai.Detection import VideoObjectDetection\nImportError: cannot import name 'VideoObjectDetection'"
    )
    assert causes(text, platform="windows")[:1] == ["shadowed_module"]


def test_a_script_named_like_a_standard_module_under_a_failed_package_import() -> None:
    # psf/requests#3650: the user's email.py ran, and requests' import of urllib3 failed under it.
    text = (
        "$ python email.py\nTraceback (most recent call last):\n"
        '  File "email.py", line 1, in <module>\n    import requests\n'
        '  File "/Library/Python/2.7/site-packages/requests/packages/__init__.py", line 29, in <module>\n'
        "    import urllib3\nImportError: No module named urllib3"
    )
    assert causes(text, platform="macos")[:1] == ["shadowed_module"]
    # The same failure under a script with an ordinary name: the module is missing.
    ordinary = text.replace("email.py", "fetch.py")
    assert causes(ordinary, platform="macos")[:1] == ["module_not_installed_in_kernel_env"]


def test_torch_utils_ffi_part_never_built() -> None:
    # PointGLR#6: the __init__.py torch.utils.ffi writes, without the part its build.py makes.
    text = (
        '  File "utils/_ext/pointnet2/__init__.py", line 3, in <module>\n'
        "    from ._pointnet2 import lib as _lib, ffi as _ffi\n"
        "ModuleNotFoundError: No module named '_ext.pointnet2._pointnet2'"
    )
    assert causes(text, platform="linux")[:1] == ["build_toolchain_missing"]
    # Another module missing under that line is not the part's.
    assert "build_toolchain_missing" not in causes(text.replace("'_ext.pointnet2._pointnet2'", "'cffi'"), platform="linux")[:1]
