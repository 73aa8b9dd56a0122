"""What batch-2026-12-06t taught (docs/accuracy-runs/batch-2026-12-06t.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain
from torchenv_magic.explainer.text import ErrorText


def _causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)[:3]]  # type: ignore[arg-type]


def test_dgls_device_api_not_enabled_is_its_cpu_build() -> None:
    # dmlc/dgl#5427 ("Device API cuda") and THUDM/GraphMAE#9 ("Device API gpu", an older release).
    for device in ("cuda", "gpu"):
        text = (
            "dgl._ffi.base.DGLError: [14:00:04] /opt/dgl/src/runtime/c_runtime_api.cc:82: Check failed: allow_missing: "
            f"Device API {device} is not enabled. Please install the cuda version of dgl.\n"
        )
        finding = explain(text, platform="linux")[0]
        assert finding.cause == "cpu_only_build" and "DGL" in finding.title
        # PyPI's plain dgl is the CPU build: the fix points at DGL's own CUDA wheel index, not a reinstall from PyPI.
        assert finding.fix is not None and "data.dgl.ai/wheels" in finding.fix.code
        assert "none exists" not in finding.explanation


def test_pygs_not_compiled_with_cuda_names_the_one_library_stated() -> None:
    # rusty1s/pytorch_scatter#384: the message alone, torch-scatter stated.
    text = "RuntimeError: Not compiled with CUDA support\n"
    finding = explain(text, packages={"torch": "2.0.0", "torch-scatter": "2.1.1"})[0]
    assert finding.cause == "cpu_only_build" and "torch_scatter" in finding.title
    # Two PyG libraries stated: which one raised it is unknown, so no reading names one.
    two = explain(text, packages={"torch-scatter": "2.1.1", "torch-sparse": "0.6.17"})[0]
    assert "torch_scatter" not in two.title and "torch_sparse" not in two.title


def test_tiny_cuda_nns_unknown_compute_capability_is_a_gpu_torch_cannot_see() -> None:
    # NVlabs/tiny-cuda-nn#445: its setup.py in a docker build, which sees no GPU; the fix is its own variable.
    build = (
        "Unknown compute capability. Specify the target compute capabilities in the TCNN_CUDA_ARCHITECTURES environment "
        "variable or install PyTorch with the CUDA backend to detect it automatically.\n"
    )
    finding = explain(build)[0]
    assert finding.cause == "no_driver_or_gpu" and finding.fix is not None
    assert "TCNN_CUDA_ARCHITECTURES" in finding.fix.code and "TORCH_CUDA_ARCH_LIST" not in finding.fix.code
    # georghess/neurad-studio#40: at import, in a container run without GPU access; a CPU-only torch is the other reading.
    run = "OSError: Unknown compute capability. Ensure PyTorch with CUDA support is installed\n"
    assert _causes(run)[:2] == ["no_driver_or_gpu", "cpu_only_build"]


def test_bitsandbytes_without_a_binary_for_torchs_cuda_is_an_older_release() -> None:
    # bitsandbytes-foundation/bitsandbytes#1510: no libbitsandbytes_cuda128 in the release installed; upgrading fixed it.
    text = (
        "Could not find the bitsandbytes CUDA binary at WindowsPath('A:/ai/venv/lib/site-packages/bitsandbytes/"
        "libbitsandbytes_cuda128.dll')\nThe installed version of bitsandbytes was compiled without GPU support.\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "extension_abi_mismatch" and "CUDA 12.8" in finding.title
    assert finding.fix is not None and finding.fix.code.endswith("install --upgrade bitsandbytes")


def test_paddles_cudnn_header_check_and_nvjitlink_older_than_its_input() -> None:
    # PaddlePaddle/Paddle#12965: the host's cuDNN 5 under a build for cuDNN 7.
    paddle = "Check failed: (cudnn_cuh_major == cudnn_dso_major) [cudnn init] libcudnn v5 with header v7 unmatched!\n"
    finding = explain(paddle)[0]
    assert finding.cause == "lib_version_conflict" and "cuDNN 7" in finding.title
    assert _causes("[cudnn init] libcudnn v7 with header v7 unmatched!\n")[:1] != ["lib_version_conflict"]
    # Genesis-Embodied-AI/gs-madrona PR 63: the host's CUDA 13 nvrtc beside a cu12 nvJitLink.
    nvjitlink = "ERROR 4 in nvvmAddNVVMContainerToProgram, may need newer version of nvJitLink library\n"
    finding = explain(nvjitlink)[0]
    assert finding.cause == "lib_version_conflict" and "nvJitLink" in finding.title


def test_a_companions_own_c_without_its_entry_point_is_a_companion_of_another_torch() -> None:
    # pytorch/vision#1096: torchvision's master built against the torch 1.1 release; its v0.3 release worked.
    text = (
        '  File "/home/u/env/lib/python3.6/site-packages/torchvision/extension.py", line 12, in _lazy_import\n'
        "    from torchvision import _C as C\n"
        "ImportError: dynamic module does not define module export function (PyInit__C)\n"
    )
    finding = explain(text, packages={"torch": "1.1"})[0]
    assert finding.cause == "torchvision_torch_mismatch"
    assert finding.fix is not None and "torchvision==0.3.0" in finding.fix.code
    # A project's own module without its entry point stays one built for another Python (godisboy/DRPAN#5's shape).
    own = text.replace("site-packages/torchvision/extension.py", "project/roi_align/crop.py")
    assert _causes(own)[:1] == ["extension_abi_mismatch"]


def test_a_symbol_missing_between_two_modules_of_one_package_is_that_packages_mixed_files() -> None:
    # tensorflow/tensorflow#56616: two of TensorFlow's own modules on macOS; installing it again from scratch fixed it.
    site = "/Users/u/miniforge3/lib/python3.9/site-packages/tensorflow/python"
    text = (
        f"ImportError: dlopen({site}/_pywrap_dtensor_device.so, 0x0002): Symbol not found: "
        "__ZN10tensorflow31MaybeRaiseExceptionFromTFStatusEP9TF_StatusP7_object\n"
        f"  Referenced from: {site}/_pywrap_dtensor_device.so\n  Expected in: {site}/_pywrap_tensorflow_internal.so\n"
    )
    finding = explain(text, packages={"tensorflow": "2.7.0"})[0]
    assert finding.cause == "corrupted_install" and finding.title.startswith("tensorflow's files")
    assert finding.fix is not None and "tensorflow==2.7.0" in finding.fix.code
    # Expected in another folder (a library outside the package) is not this reading.
    elsewhere = text.replace(f"Expected in: {site}/", "Expected in: /usr/local/lib/")
    assert _causes(elsewhere)[:1] != ["corrupted_install"]


def test_a_jetson_whose_torch_sees_no_cuda_runs_pypis_torch() -> None:
    # ultralytics/ultralytics#17345: a Xavier NX; NVIDIA's JetPack wheel fixed it.
    session = "root@jetsonxavier:~/myenv/bin# python3\n>>> import torch\n>>> torch.cuda.is_available()\nFalse\n"
    finding = explain(session, platform="linux")[0]
    assert finding.cause == "cpu_only_build" and "Jetson" in finding.title
    assert finding.fix is not None and "download.pytorch.org" not in finding.fix.code and "JetPack" in finding.fix.code
    # Not on a Jetson: the reading stays what it was (no GPU visible first, a CPU build second).
    elsewhere = session.replace("jetsonxavier", "workstation")
    assert _causes(elsewhere)[:2] == ["no_driver_or_gpu", "cpu_only_build"]


def test_an_activated_environment_whose_python_did_not_run() -> None:
    # TheLynxHub/LynxHub#28: a venv activated, then ComfyUI's frames in C:\Python312's site-packages.
    venv = "S:\\Ai\\ComfyUI\\venv"
    text = (
        f'PS S:\\Ai\\ComfyUI> "{venv}\\Scripts\\activate.ps1"\nPS S:\\Ai\\ComfyUI> ./run.bat\n'
        "Traceback (most recent call last):\n"
        '  File "S:\\Ai\\ComfyUI\\comfy\\utils.py", line 24, in <module>\n    import safetensors.torch\n'
        '  File "C:\\Python312\\Lib\\site-packages\\safetensors\\torch.py", line 11, in <module>\n'
        "AttributeError: module 'torch' has no attribute 'Tensor'\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and "activated" in finding.title
    assert finding.fix is not None and f"{venv}\\Scripts\\python.exe" in finding.fix.code
    # The environment's own site-packages in the frames: it did run; and a user site beside it is not another Python.
    assert "activated" not in explain(text.replace("C:\\Python312", venv), platform="windows")[0].title
    user_site = text.replace("C:\\Python312\\Lib", "C:\\Users\\me\\AppData\\Roaming\\Python\\Python312")
    assert "activated" not in explain(user_site, platform="windows")[0].title
    # The POSIX form.
    posix = "$ source /home/me/proj/.venv/bin/activate\n$ python run.py\nTraceback (most recent call last):\n"
    posix += '  File "/usr/lib/python3/dist-packages/numpy/__init__.py", line 1, in <module>\nImportError: no\n'
    assert "activated" in explain(posix, platform="linux")[0].title


def test_a_paste_that_starts_inside_its_first_frame_line_keeps_that_frame() -> None:
    # dmlc/gluon-cv#1238: the paste starts after 'File "C:\Users\...', and the frame names gluoncv asking mxnet 1.2.0.
    text = (
        'AppData\\Local\\Programs\\Python\\Python36-32\\lib\\site-packages\\gluoncv\\model_zoo\\faster_rcnn\\faster_rcnn.py", '
        "line 10, in <module>\n    from mxnet.gluon.contrib.nn import SyncBatchNorm\nImportError: cannot import name 'SyncBatchNorm'\n"
    )
    finding = explain(text, platform="windows", packages={"mxnet": "1.2.0"})[0]
    assert finding.cause == "other" and "releases that do not go together" in finding.title
    assert any("gluoncv" in line and "mxnet" in line for line in finding.evidence)
    # Only the text's first line is read so: a quoted path ending in .py", later on, is not a frame.
    quoted = 'Traceback (most recent call last):\nsee "notes.py", line 3, in the docs\nImportError: x\n'
    assert ErrorText.build(quoted).frames_before(len(quoted)) == []


def test_libtorch_linked_with_an_older_cuda_runtime() -> None:
    # pytorch/pytorch#125300: a cu118 LibTorch linked with a CUDA 11.7 toolkit's cudart, which lacks cudaLaunchKernelExC.
    text = "libtorch_cuda.so: undefined reference to `cudaLaunchKernelExC@libcudart.so.11.0'\n"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "older CUDA runtime" in finding.title
    assert finding.fix is not None and "CUDAToolkit_ROOT" in finding.fix.code and "<" not in finding.fix.code
    # Another library's undefined glibc symbol at link time is not this reading.
    glibc = "ld: libtorch_cpu.so: undefined reference to `hypot@GLIBC_2.35'\n"
    assert "older CUDA runtime" not in explain(glibc, platform="linux")[0].title


def test_a_shadowing_files_redacted_path_is_not_written_into_the_fix() -> None:
    # numpy/numpy#13015 as posted: "/home/<redacted>/npt_import_bug/signal.py"; no such folder exists to rename in.
    text = (
        "Traceback (most recent call last):\n"
        '  File "/usr/lib/python3.6/unittest/signals.py", line 1, in <module>\n    import signal\n'
        '  File "/home/<redacted>/npt_import_bug/signal.py", line 4, in <module>\n    import numpy.testing as npt\n'
        "AttributeError: module 'signal' has no attribute 'SIGINT'\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None
    assert "<redacted>" not in finding.fix.code and "Path('signal.py')" in finding.fix.code
    assert "Look for it next to your notebook or script" in finding.fix.note
