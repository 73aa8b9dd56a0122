"""What batch-2026-12-01s (77 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import top as _top

_CODEC = (  # ace-step/ACE-Step-1.5#1018 (the start of torchcodec's message cut off)
    "[start of libtorchcodec loading traceback]\nFFmpeg version 8:\nTraceback (most recent call last):\n"
    '  File "/venv/lib/python3.12/site-packages/torch/_ops.py", line 1442, in load_library\n    ctypes.CDLL(path)\n'
    "OSError: /venv/lib/python3.12/site-packages/torchcodec/libtorchcodec_core8.so: undefined symbol: torch_from_blob\n"
)


def test_torchcodec_built_for_another_torch() -> None:
    finding = explain(_CODEC, platform="linux")[0]
    assert finding.cause == "torchvision_torch_mismatch" and finding.title.startswith("torchcodec ")
    macos = (  # ComfyUI-F5-TTS PR 74
        "RuntimeError: Could not load libtorchcodec. Likely causes:\n"
        "OSError: dlopen(.../libtorchcodec_core8.dylib): Symbol not found:\n  _torch_dtype_float4_e2m1fn_x2\n"
        "  Expected in: .../torch/lib/libtorch_cpu.dylib"
    )
    assert _top(macos, platform="macos") == "torchvision_torch_mismatch"
    # FFmpeg's own library missing: torchcodec's first cause, not a torch mismatch.
    ffmpeg = _CODEC.replace("libtorchcodec_core8.so: undefined symbol: torch_from_blob", "libavutil.so.59: cannot open shared object file")
    assert _top(ffmpeg, platform="linux") != "torchvision_torch_mismatch"


def test_torchcodecs_fix_is_the_release_its_readme_pairs_with_the_installed_torch() -> None:
    # torchcodec's wheels pin no torch (pip never catches the mismatch): compat's table is its README's.
    fix = explain(_CODEC, platform="linux", packages={"torch": "2.10.0+cu128"})[0].fix
    assert fix.code == "pip install torchcodec==0.10.0" and "made for torch 2.10.0" in fix.note
    later = explain(_CODEC, platform="linux", packages={"torch": "2.13.0"})[0].fix
    assert later.code == "pip install torchcodec==0.16.0" and "torch>=2.11" in later.note
    too_old = explain(_CODEC, platform="linux", packages={"torch": "2.3.1"})[0].fix
    assert too_old.kind == "manual" and "No torchcodec exists for torch 2.3.1" in too_old.code
    already = explain(_CODEC, platform="linux", packages={"torch": "2.10.0", "torchcodec": "0.10.0"})[0].fix
    assert "torchcodec==" not in already.code  # that pin is what is installed: it would change nothing


def test_no_gpu_passed_into_a_container() -> None:
    smi = "root@00921839c781:/anomalib# nvidia-smi\nbash: nvidia-smi: command not found\n"  # anomalib#584
    assert _top(smi, platform="linux") == "no_driver_or_gpu"
    run = (  # floydhub/dockerfiles#3
        "$ sudo docker run  -t -i floydhub/pytorch:latest-gpu-py3 ipython\n"
        "In [1]: import torch\n\nIn [2]: torch.cuda.is_available()\nOut[2]: False\n"
    )
    assert _top(run, platform="linux") == "no_driver_or_gpu"
    assert _top(run.replace("docker run ", "docker run --gpus all "), platform="linux") != "no_driver_or_gpu"
    assert _top(run.replace("Out[2]: False", "Out[2]: True"), platform="linux") != "no_driver_or_gpu"


def test_image_extension_warning_wrapped_at_the_terminal() -> None:
    text = (  # pytorch/vision#6453
        "/env/lib/python3.9/site-packages/torchvision/io/image.py:13: UserWarning: Failed to load image Python extension: "
        "libtorch_cuda_cu.so: cannot\nopen shared object file: No such file or directory"
    )
    assert _top(text, platform="linux") == "torchvision_torch_mismatch"
    assert _top(text.replace("libtorch_cuda_cu.so", "libjpeg.so.8"), platform="linux") != "torchvision_torch_mismatch"


_SELECT = (  # pytorch/pytorch#6412
    "Traceback (most recent call last):\n"
    '  File "select.py", line 1, in <module>\n    from torch.autograd import Variable\n'
    '  File "/home/u/anaconda2/lib/python2.7/site-packages/torch/__init__.py", line 311, in <module>\n    import torch.cuda\n'
    '  File "/home/u/anaconda2/lib/python2.7/site-packages/torch/cuda/__init__.py", line 19, in <module>\n'
    "    from multiprocessing.util import register_after_fork as _register_after_fork\n"
    '  File "/home/u/anaconda2/lib/python2.7/multiprocessing/__init__.py", line 65, in <module>\n'
)


def test_a_script_named_like_a_standard_module_torch_imports() -> None:
    finding = explain(_SELECT, platform="linux")[0]
    assert finding.cause == "shadowed_module" and "select" in finding.title
    assert _top(_SELECT.replace('"select.py"', '"train.py"'), platform="linux") != "shadowed_module"
    assert _top(_SELECT.replace('"select.py"', '"test.py"'), platform="linux") != "shadowed_module"
    # No standard-library file after torch's: nothing shows the name being reached.
    assert _top(_SELECT.split('  File "/home/u/anaconda2/lib/python2.7/multiprocessing')[0], platform="linux") != "shadowed_module"


def test_a_nightly_torch_gets_a_pair_not_a_companion_pin() -> None:
    # A released torchvision is built for a released torch, a nightly one for the torch nightly of its own date:
    # pinning torchvision 0.21.0 beside torch 2.6.0.dev would keep the mismatch (and say "keeps torch" wrongly).
    text = "RuntimeError: operator torchvision::nms does not exist"
    stated = {"torch": "2.6.0.dev20241001+cu124", "torchvision": "0.20.0.dev20240901+cu124"}
    fix = explain(text, platform="linux", packages=stated)[0].fix
    assert fix.code == (
        "pip install torch==2.6.0+cu124 torchvision==0.21.0+cu124 --index-url https://download.pytorch.org/whl/cu124"
    )
    assert "nightly build" in fix.note and "--index-url https://download.pytorch.org/whl/nightly/cu124" in fix.note
    unreleased = explain(text, platform="linux", packages={"torch": "2.15.0.dev20261101+cu130"})[0].fix
    assert unreleased.code == (
        "pip install --pre --upgrade torch torchvision --index-url https://download.pytorch.org/whl/nightly/cu130"
    )
    untagged = explain(text, platform="linux", packages={"torch": "2.15.0.dev20261101"})[0].fix
    assert untagged.kind == "manual" and "same nightly" in untagged.code
    release = explain(text, platform="linux", packages={"torch": "2.5.1"})[0].fix
    assert release.code.startswith("pip install torchvision==0.20.1")  # a release keeps its torch


def test_torch_for_r_gets_rs_own_reinstall_not_pip() -> None:
    text = (  # mlverse/torch#420 (torch for R on macOS): lantern and libtorch of two downloads
        "> library(torch)\n"
        "Failed to install Torch, manually run install_torch(). /Library/R/library/torch/deps/liblantern.dylib - "
        "dlopen(/Library/R/library/torch/deps/liblantern.dylib, 10): Symbol not found: __ZN2at10__lshift__ERKNS_6TensorE\n"
        "  Referenced from: /Library/R/library/torch/deps/liblantern.dylib\n"
        "  Expected in: /Library/R/library/torch/deps/./libtorch_cpu.dylib\n"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "corrupted_install"
    assert finding.fix is not None and finding.fix.code.startswith("In R: torch::install_torch(reinstall = TRUE)")
    assert all("pip install" not in (f.fix.code if f.fix else "") for f in explain(text, platform="macos"))
    python = text.replace("> library(torch)\n", "").replace("Failed to install Torch, manually run install_torch(). ", "")
    python = python.replace("/Library/R/library/torch/deps/liblantern.dylib", "/opt/site-packages/torch/lib/libtorch_python.dylib")
    assert not any("install_torch" in (f.fix.code if f.fix else "") for f in explain(python, platform="macos"))
