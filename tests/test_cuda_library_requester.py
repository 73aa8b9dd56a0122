"""A CUDA library that another framework's own loader asked for gets that framework's answer, never a torch reinstall:
ONNX Runtime, TensorFlow, PaddlePaddle, CuPy and MXNet open CUDA's libraries by the names their build was made for, and
reinstalling torch brings none of them. Who asked is read from a frame of the framework, from the framework's loader
naming itself on the failing line, or (no frame, no torch stated) from the one framework the user stated."""

from __future__ import annotations

import pytest

from torchenv_magic import explain

# The loaders' own lines, as the corpus's reports quote them (sources beside each).
ORT_PROVIDER = (
    "[E:onnxruntime:Default, provider_bridge_ort.cc:1548 TryGetProviderInfo_CUDA] /onnxruntime_src/onnxruntime/core/session/"
    "provider_bridge_ort.cc:1209 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : "
    "Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.11: cannot open shared object file: "
    "No such file or directory\n"
)  # microsoft/onnxruntime#13932 and its kin
TF_DSO_LOADER = (
    "2021-04-11 09:17:25.993581: W tensorflow/stream_executor/platform/default/dso_loader.cc:60] Could not load dynamic "
    "library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file: No such file or directory; "
    "LD_LIBRARY_PATH: /usr/local/nvidia/lib:/usr/local/nvidia/lib64\n"
)  # deepchem/deepchem#2467
PADDLE_DYNLOAD = (
    "Error: Failed to find dynamic library: libcublas.so ( libcublas.so: cannot open shared object file: No such file or "
    "directory ) \n Please specify its path correctly using following ways: \n"
)  # PaddlePaddle/Paddle#28618
CUPY_NVRTC = (
    "RuntimeError: CuPy failed to load libnvrtc.so.12: OSError: libnvrtc.so.12: cannot open shared object file: No such "
    "file or directory\n"
)  # rapidsai/deployment#709
BARE = "ImportError: libcudart.so.10.2: cannot open shared object file: No such file or directory\n"
CUPY_FRAMES = (
    "Traceback (most recent call last):\n"
    '  File "/usr/local/lib/python3.5/dist-packages/cupy/__init__.py", line 9, in <module>\n'
    "    from cupy import core  # NOQA\n"
    '  File "/usr/local/lib/python3.5/dist-packages/cupy/cuda/compiler.py", line 11, in <module>\n'
    "    from cupy.cuda import device\n"
    "ImportError: libcudart.so.7.5: cannot open shared object file: No such file or directory\n"
)  # cupy/cupy#714


@pytest.mark.parametrize(
    ("text", "framework"),
    [(ORT_PROVIDER, "ONNX Runtime"), (TF_DSO_LOADER, "TensorFlow"), (PADDLE_DYNLOAD, "PaddlePaddle"), (CUPY_NVRTC, "CuPy")],
)
def test_a_framework_loader_naming_itself_on_the_line_is_who_asked(text: str, framework: str) -> None:
    top = explain(text, platform="linux")[0]
    assert top.cause == "missing_cuda_runtime_lib"
    assert top.title.startswith(f"{framework} cannot load ")
    assert top.fix is not None and "torch" not in top.fix.code


def test_a_framework_loader_line_wins_over_a_stated_torch() -> None:
    top = explain(ORT_PROVIDER, platform="linux", packages={"torch": "2.0.0"})[0]
    assert top.title == "ONNX Runtime cannot load libcublasLt.so.11"


def test_a_frame_of_the_framework_is_who_asked() -> None:
    top = explain(CUPY_FRAMES, platform="linux", packages={"cupy": "2.0.0"})[0]
    assert top.title == "CuPy cannot load libcudart.so.7.5"
    assert "cupy-cuda12x" in top.fix.code and "torch" not in top.fix.code  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("distribution", "framework"),
    [
        ("onnxruntime-gpu", "ONNX Runtime"),
        ("paddlepaddle", "PaddlePaddle"),
        ("tensorflow-gpu", "TensorFlow"),
        ("cupy-cuda102", "CuPy"),
        ("mxnet-cu90mkl", "MXNet"),
    ],
)
def test_with_no_frame_the_one_stated_framework_is_who_asked(distribution: str, framework: str) -> None:
    top = explain(BARE, platform="linux", packages={distribution: "1.0"})[0]
    assert top.title == f"{framework} cannot load libcudart.so.10.2"


def test_a_stated_torch_keeps_the_bare_line_torch_s() -> None:
    top = explain(BARE, platform="linux", packages={"onnxruntime-gpu": "1.5.1", "torch": "2.0.0"})[0]
    assert not top.title.startswith("ONNX Runtime")


def test_two_stated_frameworks_name_neither() -> None:
    top = explain(BARE, platform="linux", packages={"onnxruntime-gpu": "1.5.1", "tensorflow": "2.4.0"})[0]
    assert top.cause == "missing_cuda_runtime_lib"
    assert not top.title.startswith(("ONNX Runtime", "TensorFlow"))


def test_a_torch_frame_is_not_a_framework_s_even_beside_a_stated_one() -> None:
    text = (
        "Traceback (most recent call last):\n"
        '  File "/env/lib/python3.10/site-packages/torch/__init__.py", line 237, in <module>\n'
        "    from torch._C import *  # noqa: F403\n"
        "ImportError: libcudnn.so.9: cannot open shared object file: No such file or directory\n"
    )
    top = explain(text, platform="linux", packages={"onnxruntime-gpu": "1.22.0"})[0]
    assert not top.title.startswith("ONNX Runtime")
