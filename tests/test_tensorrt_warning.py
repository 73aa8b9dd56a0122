"""TensorFlow's start-up lines about TensorRT are a warning, not the failure.

TensorFlow tries TensorRT's libnvinfer at start-up and goes on without it; its own next line says so ("TF-TRT Warning:
Cannot dlopen some TensorRT libraries. If you would like to use Nvidia GPU with TensorRT ..."), and maintainers answer
that it can be ignored (TheLastBen/fast-stable-diffusion#1580: "it's just a tensorflow msg, ignore it"; DeepLabCut
#2115: "only a warning"). The lines below are those threads' own.
"""

from __future__ import annotations

from torchenv_magic import explain

TENSORRT_LINES = (
    "2023-02-12 02:34:13.661201: W tensorflow/compiler/xla/stream_executor/platform/default/dso_loader.cc:64] Could not "
    "load dynamic library 'libnvinfer.so.7'; dlerror: libnvinfer.so.7: cannot open shared object file: No such file or "
    "directory; LD_LIBRARY_PATH: /usr/lib64-nvidia\n"
    "2023-02-12 02:34:13.661201: W tensorflow/compiler/xla/stream_executor/platform/default/dso_loader.cc:64] Could not "
    "load dynamic library 'libnvinfer_plugin.so.7'; dlerror: libnvinfer_plugin.so.7: cannot open shared object file: No "
    "such file or directory; LD_LIBRARY_PATH: /usr/lib64-nvidia\n"
    "2023-02-12 02:34:13.661201: W tensorflow/compiler/tf2tensorrt/utils/py_utils.cc:38] TF-TRT Warning: Cannot dlopen "
    "some TensorRT libraries. If you would like to use Nvidia GPU with TensorRT, please make sure the missing libraries "
    "mentioned above are installed properly.\n"
)


def test_tensorrt_lines_are_not_read_as_a_missing_cuda_library() -> None:
    assert all(f.cause != "missing_cuda_runtime_lib" or f.confidence < 0.5 for f in explain(TENSORRT_LINES, platform="linux"))


def test_the_error_below_them_is_the_answer() -> None:
    text = TENSORRT_LINES + (
        'Traceback (most recent call last):\n  File "app.py", line 1, in <module>\n    import cv2\n'
        "ModuleNotFoundError: No module named 'cv2'"
    )
    assert explain(text, platform="linux")[0].cause == "module_not_installed_in_kernel_env"


def test_a_cuda_library_after_them_is_still_read() -> None:
    text = TENSORRT_LINES + (
        "W tensorflow/stream_executor/platform/default/dso_loader.cc:55] Could not load dynamic library "
        "'libcudart.so.10.1'; dlerror: libcudart.so.10.1: cannot open shared object file: No such file or directory"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "libcudart.so.10.1" in finding.title


def test_alone_they_are_named_for_what_they_are() -> None:
    finding = explain(TENSORRT_LINES, platform="linux")[0]
    assert finding.cause == "other" and finding.title == "TensorFlow's TensorRT lines are a warning, not the failure"
    assert finding.fix is not None and "Nothing to install" in finding.fix.code
