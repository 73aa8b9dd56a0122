"""TensorFlow 1.x's "possibly insufficient driver version" judged against the CUDA its release was built with
(compat.tensorflow_gpu_cuda, from tensorflow.org's tested build configurations; the driver floor from NVIDIA's)."""

from __future__ import annotations

from torchenv_magic import compat, explain

_TF_LOG = (
    "E tensorflow/stream_executor/cuda/cuda_dnn.cc:385] could not create cudnn handle: CUDNN_STATUS_NOT_INITIALIZED\n"
    "E tensorflow/stream_executor/cuda/cuda_dnn.cc:393] possibly insufficient driver version: 384.69.0\n"
)


def test_a_driver_below_the_releases_cuda_is_too_old() -> None:
    # localminimum/QANet#5: TensorFlow 1.5.0 (CUDA 9.0, which needs 384.81) on 384.69; driver 387.34 fixed it.
    finding = explain(_TF_LOG, packages={"tensorflow": "1.5.0"})[0]
    assert finding.cause == "driver_too_old"
    assert finding.title == "NVIDIA driver 384.69 is too old for TensorFlow 1.5.0, built with CUDA 9.0"
    assert finding.fix is not None and "384.81" in finding.fix.code


def test_a_driver_new_enough_or_an_unknown_release_is_not_read_so() -> None:
    # TensorFlow 1.4 is built with CUDA 8.0, which 384.69 runs; the message alone names no release.
    for stated in ({"tensorflow-gpu": "1.4.0"}, {"tensorflow": "2.10.0"}, None):
        assert not any(f.cause == "driver_too_old" and f.confidence >= 0.5 for f in explain(_TF_LOG, packages=stated))
    assert compat.tensorflow_gpu_cuda("1.13.1") == "10.0" and compat.tensorflow_gpu_cuda("0.12.0") is None
