"""What batch-2026-12-06l taught (docs/accuracy-runs/batch-2026-12-06l.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def _causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)[:3]]  # type: ignore[arg-type]


_PINNED_CUDA_BUILDS = """\
Solving environment: failed

ResolvePackageNotFound:
  - torchvision==0.11.1=py39_cu113
  - cudatoolkit==11.3.1=h2bc3f7f_2
  - pytorch==1.10.0=py3.9_cuda11.3_cudnn8.2.0_0
"""


def test_a_conda_listing_of_cuda_builds_or_some_systems_packages_is_a_platform_mismatch() -> None:
    # shape-design/prisma#1 (cu113 pins on macOS), togethercomputer/OpenChatKit#19 (nccl on Windows), mli/new-docs#46.
    finding = explain(_PINNED_CUDA_BUILDS, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "torchvision, pytorch, cudatoolkit" in finding.title
    assert "macOS has no CUDA" in finding.explanation
    assert finding.fix is not None and "build string" in finding.fix.code and "<" not in finding.fix.code
    for listing in (
        "ResolvePackageNotFound:\n  - nccl=2.12.12.1\n",
        "ResolvePackageNotFound: \n  - torchvision-cpu -> pytorch-cpu\n  - pytorch-cpu\n",
    ):
        assert _causes(listing)[0] == "wheel_platform_mismatch"
    # A package every system has, missing from the channels searched, says nothing of the platform here.
    assert explain("ResolvePackageNotFound:\n  - requests==2.31.0\n")[0].confidence < 0.5


_OLD_PIP_SDIST = """\
File "C:\\Users\\chira\\AppData\\Local\\Temp\\pip-install-xvrzwc4k\\torch\\setup.py", line 51, in run
from tools.nnwrap import generate_wrappers as generate_nn_wrappers
ModuleNotFoundError: No module named 'tools.nnwrap'
"""


def test_a_source_package_in_pips_build_folder_is_no_copy_shadowing_the_install() -> None:
    # pytorch/pytorch#47116: PyPI's torch 0.1.2 source package built on a Python no torch wheel existed for yet.
    assert _causes(_OLD_PIP_SDIST, platform="windows")[0] == "wheel_platform_mismatch"
    # The same torch/ folder anywhere else outside site-packages still reads as one that hides the install.
    checkout = _OLD_PIP_SDIST.replace("AppData\\Local\\Temp\\pip-install-xvrzwc4k", "src")
    assert _causes(checkout, platform="windows")[0] == "shadowed_module"


_CUPY_CHECKOUT = """\
>>> import cupy
Traceback (most recent call last):
  File "<stdin>", line 1, in <module>
  File "cupy/__init__.py", line 11, in <module>
    from cupy import core  # NOQA
ImportError: CuPy is not correctly installed.

original error: cannot import name core
"""

_TF_CHECKOUT = """\
Traceback (most recent call last):
  File "fully_connected_feed.py", line 15, in <module>
    import tensorflow.python.platform
  File "/home/u/Development/tensorflow/tensorflow/__init__.py", line 4, in <module>
    from tensorflow.python import *
  File "/home/u/Development/tensorflow/tensorflow/python/__init__.py", line 15, in <module>
    from tensorflow.core.framework.graph_pb2 import *
ImportError: No module named core.framework.graph_pb2
"""


def test_a_package_importing_its_own_part_from_its_checkout_is_the_checkout_hiding_the_install() -> None:
    # cupy/cupy#682 (Python started in the clone's root) and tensorflow/tensorflow#265 (~/Development/tensorflow/tensorflow).
    for text, name in ((_CUPY_CHECKOUT, "cupy"), (_TF_CHECKOUT, "tensorflow")):
        finding = explain(text)[0]
        assert finding.cause == "shadowed_module" and name in finding.title
    # A script's own package, run from the project's root, is relative too: not this reading (as -05g's tensorflow#51 test).
    script = explain(_CUPY_CHECKOUT.replace(">>> import cupy\n", "").replace('"<stdin>"', '"main.py"'))[0]
    assert script.cause != "shadowed_module" or script.confidence < 0.5  # at most the similar-reports guess
    # A compiled part that is there but fails to load is an editable build's (facebookresearch/detectron2#3163).
    built = _TF_CHECKOUT.replace("ImportError: No module named core.framework.graph_pb2", "ImportError: _C.so: undefined symbol: x")
    assert "shadowed_module" not in _causes(built)[:1]


_SAM2_ISOLATED = (
    "  Getting requirements to build wheel ... error\n"
    "      C:\\Users\\j\\AppData\\Local\\Temp\\pip-build-env-zvisi0tm\\overlay\\Lib\\site-packages\\torch\\"
    "_subclasses\\functional_tensor.py:258: UserWarning: Failed to initialize NumPy\n"
    "OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.\n"
)


def test_cuda_home_unset_in_pips_isolated_build_on_windows_is_its_cpu_torch() -> None:
    # facebookresearch/sam2#41: CUDA 12.4 installed, CUDA_HOME set; pip install --no-build-isolation -e . built it.
    finding = explain(_SAM2_ISOLATED, platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and "isolated" in finding.title
    assert finding.fix is not None and "--no-build-isolation" in finding.fix.code
    # Outside pip's isolated build the toolkit is what is missing.
    plain = explain("OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.", platform="windows")[0]
    assert plain.fix is not None and "--no-build-isolation" not in plain.fix.code


_SETUPTOOLS_70 = """\
   File "/tmp/home/.local/lib/python3.10/site-packages/torch/utils/cpp_extension.py", line 28, in <module>
      from pkg_resources import packaging  # type: ignore[attr-defined]
  ImportError: cannot import name 'packaging' from 'pkg_resources' (/tmp/home/.local/lib/python3.10/site-packages/pkg_resources/__init__.py)
"""


def test_setuptools_newer_than_torchs_cpp_extension_gets_an_older_setuptools() -> None:
    # flashinfer-ai/flashinfer PR 319, stanford-futuredata/ColBERT#350 (setuptools 69.5.1 fixed it).
    finding = explain(_SETUPTOOLS_70)[0]
    assert finding.cause == "build_toolchain_missing" and "setuptools 70" in finding.title
    assert finding.fix is not None and 'pip install "setuptools<70"' in finding.fix.code
    removed = _SETUPTOOLS_70.replace("cannot import name 'packaging' from 'pkg_resources' (/tmp/x)", "No module named 'pkg_resources'")
    removed = removed.replace(removed.splitlines()[-1], "  ModuleNotFoundError: No module named 'pkg_resources'")
    newest = explain(removed)[0]
    assert newest.fix is not None and "setuptools<82" in newest.fix.code
    # Raised by another package's own import of pkg_resources, it is not torch's cpp_extension.
    elsewhere = removed.replace("torch/utils/cpp_extension.py", "mypkg/util.py")
    assert "setuptools" not in explain(elsewhere)[0].title


_BNB_CPU = (
    "/envs/falcon/lib/python3.10/site-packages/bitsandbytes/cextension.py:34: UserWarning: The installed version of "
    "bitsandbytes was compiled without GPU support. 8-bit optimizers, 8-bit multiplication, and GPU quantization are unavailable.\n"
    "/envs/falcon/lib/python3.10/site-packages/bitsandbytes/libbitsandbytes_cpu.so: undefined symbol: cadam32bit_grad_fp32\n"
    "/envs/falcon/lib/python3.10/site-packages/bitsandbytes/cuda_setup/main.py:149: UserWarning: /envs/falcon did not contain "
    "['libcudart.so', 'libcudart.so.11.0', 'libcudart.so.12.0'] as expected! Searching further paths...\n"
)


def test_bitsandbytes_cpu_library_after_its_runtime_search_failed_is_the_runtime_missing() -> None:
    # rmihaylov/falcontune#5: conda install cudatoolkit fixed it.
    assert _causes(_BNB_CPU)[0] == "missing_cuda_runtime_lib"
    # Without the search's warning, the CPU library alone stays the CPU build's reading.
    assert _causes(_BNB_CPU.rsplit("\n", 2)[0])[0] == "cpu_only_build"


def test_paddles_cudnn_check_is_a_cudnn_release_other_than_the_builds() -> None:
    # PaddlePaddle/Paddle#26309: AI Studio's cuDNN 7.3 under a build for 7.6.
    text = (
        "W0727 device: 0. The installed Paddle is compiled with CUDNN 7.6, but CUDNN version in your machine is 7.3, which "
        "may cause serious incompatible bug.\nExternalError:  Cudnn error, CUDNN_STATUS_BAD_PARAM"
    )
    finding = explain(text)[0]
    assert finding.cause == "lib_version_conflict" and "cuDNN 7.6" in finding.title and "7.3" in finding.title
    same = text.replace("CUDNN 7.6", "CUDNN 7.3")
    assert "cuDNN 7.3, but" not in explain(same)[0].title


def test_rocm_flash_attention_refusing_the_gpus_arch_is_an_unsupported_gpu() -> None:
    # ROCm/flash-attention#37: an MI100 (gfx908).
    text = "AssertionError: One of GPU archs of ['gfx908'] is invalid or not supported by Flash-Attention"
    finding = explain(text)[0]
    assert finding.cause == "gpu_arch_unsupported" and "gfx908" in finding.title
    assert finding.fix is not None and "sdpa" in finding.fix.code


_TE = """\
>>> import transformer_engine.pytorch as te
Traceback (most recent call last):
  File "/env/lib/python3.10/site-packages/transformer_engine/pytorch/__init__.py", line 52, in _load_library
    so_path = next(so_dir.glob(f"{module_name}.*.{extension}"))
StopIteration
"""


def test_a_loader_finding_no_compiled_library_file_is_the_install_lacking_it() -> None:
    # NVIDIA/TransformerEngine#1541: installed without the [pytorch] extra.
    finding = explain(_TE)[0]
    assert finding.cause == "corrupted_install" and "transformer_engine" in finding.title
    assert finding.fix is not None and '"transformer_engine[pytorch]"' in finding.fix.code
    # A StopIteration from anything else (a user's generator) is no missing library.
    other = _TE.replace('next(so_dir.glob(f"{module_name}.*.{extension}"))', "next(batches)")
    assert "corrupted_install" not in _causes(other)[:1]


def test_a_dask_worker_lacking_a_module_is_the_workers_python() -> None:
    # dask/distributed#1200: dask-searchcv installed on the client only.
    finding = explain("distributed.utils - ERROR - No module named dask_searchcv.methods")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and "Dask workers" in finding.title
    assert finding.fix is not None and 'PipInstall(packages=["dask-searchcv"])' in finding.fix.code
