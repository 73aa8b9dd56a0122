"""Readings learned from batch-2026-12-03i's first run (docs/accuracy-runs/batch-2026-12-03i.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import compat, explain

from .ranking import causes


def test_an_installed_packages_import_answered_by_a_users_file() -> None:
    # matplotlib/matplotlib#13407: the user's Desktop/numpy.py answered matplotlib's `import numpy as np`.
    text = (
        'Traceback (most recent call last):\n  File "/home/u/Desktop/numpy.py", line 18, in <module>\n'
        "    from matplotlib import pyplot as plt\n"
        '  File "/usr/lib/python3/dist-packages/matplotlib/cbook/__init__.py", line 36, in <module>\n    import numpy as np\n'
        '  File "/home/u/Desktop/numpy.py", line 18, in <module>\n    from matplotlib import pyplot as plt\n'
        "ImportError: cannot import name 'rcParams'\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.title == "A local numpy.py hides the real numpy"
    # A folder of that name outside site-packages may be an editable install: not read as a shadow.
    folder = text.replace("/home/u/Desktop/numpy.py", "/home/u/src/numpy/numpy/__init__.py")
    assert explain(folder, platform="linux")[0].title != "A local numpy.py hides the real numpy"
    # A project's own file importing its own module is how projects work, not a shadow.
    own = (
        'Traceback (most recent call last):\n  File "/home/u/proj/plots.py", line 2, in <module>\n    import helpers\n'
        '  File "/home/u/proj/helpers.py", line 3, in <module>\n    from numpy import nothing\n'
        "ImportError: cannot import name 'nothing'\n"
    )
    assert causes(own, platform="linux")[:1] != ["shadowed_module"]


def test_numpys_files_from_two_versions() -> None:
    # numpy/numpy#12976 (NumPy's own words) and numpy/numpy#12736 (1.16's files over an older core).
    said = (
        "ImportError: Something is wrong with the numpy installation. While importing we detected an older version of "
        "numpy in ['/e/site-packages/numpy']."
    )
    finding = explain(said, platform="linux", packages={"numpy": "1.16.1"})[0]
    assert finding.cause == "corrupted_install" and finding.fix is not None
    # Uninstalled until none is left, then the stated version installed once: nothing to fill in.
    assert finding.fix.code.splitlines() == ["pip uninstall -y numpy", "pip uninstall -y numpy", "pip install numpy==1.16.1"]
    array_function = "AttributeError: type object 'numpy.ndarray' has no attribute '__array_function__'"
    unstated = explain(array_function, platform="linux")[0]
    assert unstated.cause == "corrupted_install" and unstated.fix is not None and unstated.fix.code.endswith("pip install numpy")
    # Another type's missing attribute is not this.
    assert causes("AttributeError: type object 'numpy.ndarray' has no attribute 'foo'")[:1] != ["corrupted_install"]


def test_a_container_image_newer_than_the_host_driver() -> None:
    # TabbyML/tabby#4309: an image for CUDA 12.9 on a driver for 12.8.
    text = (
        "nvidia-container-cli: requirement error: unsatisfied condition: cuda>=12.9, please update your driver to a "
        "newer version, or use an earlier cuda container: unknown"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "driver_too_old" and "container image (built for CUDA 12.9)" in finding.title
    # The toolkit compares the driver's own CUDA, so the floor is the toolkit driver, not minor-version compatibility.
    assert finding.fix is not None and f"to {compat.min_driver_for('12.9', 'linux')} or newer" in finding.fix.code
    assert compat.min_driver_for("12.9", "linux") != compat.min_driver_to_run("12.9")


def test_error_802_names_fabric_manager() -> None:
    # dstackai/dstack#2348: NVSwitch GPUs with nvidia-fabricmanager not running.
    text = "UserWarning: CUDA initialization: Unexpected error from cudaGetDeviceCount(). Error 802: system not yet initialized"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "no_driver_or_gpu" and "Fabric Manager" in finding.title
    assert finding.fix is not None and "nvidia-fabricmanager" in finding.fix.code
    # Other "no device" words keep the general wording.
    plain = explain("RuntimeError: No CUDA GPUs are available", platform="linux")[0]
    assert "Fabric Manager" not in plain.title


def test_cudnns_own_version_mismatch_status() -> None:
    # MahmoudAshraf97/whisper-diarization#120.
    finding = explain("RuntimeError: cuDNN error: CUDNN_STATUS_VERSION_MISMATCH", platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and "another cuDNN" in finding.title
    # torch's own check, naming both versions, keeps its title.
    both = explain("RuntimeError: cuDNN version mismatch: PyTorch was compiled against 7003 but linked against 7300")[0]
    assert both.title.startswith("torch was built with cuDNN 7003")


def test_a_bare_pip_refusing_a_wheel_may_be_another_pythons() -> None:
    # Gourieff/comfyui-reactor-node#29: a cp311 wheel given to the system Python's pip, not ComfyUI's embedded 3.11.
    text = (
        "pip install insightface-0.7.3-cp311-cp311-win_amd64.whl\n"
        "ERROR: insightface-0.7.3-cp311-cp311-win_amd64.whl is not a supported wheel on this platform."
    )
    found = explain(text, platform="windows")
    assert [f.cause for f in found[:2]] == ["wheel_platform_mismatch", "module_not_installed_in_kernel_env"]
    assert found[1].fix is not None and found[1].fix.code == "python -m pip install insightface-0.7.3-cp311-cp311-win_amd64.whl"
    # Without the typed pip command, nothing says a bare pip ran: no second reading.
    alone = explain(text.splitlines()[1], platform="windows")
    assert "module_not_installed_in_kernel_env" not in [f.cause for f in alone if f.confidence >= 0.2]


def test_pip_scripts_and_named_pips_of_another_python() -> None:
    # pyenv/pyenv#739: /usr/local/bin/pip3 run by Python 2.7.
    script = (
        "    raise ImportError(\"Entry point %r not found\" % ((group, name),))\n"
        "ImportError: Entry point ('console_scripts', 'pip3') not found"
    )
    finding = explain(script, platform="macos")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and finding.title.startswith("The pip3 script runs another Python")
    assert finding.fix is not None and finding.fix.code == "python -m pip install --force-reinstall pip"
    # aws/amazon-sagemaker-examples#1775: a notebook's `!<env>/bin/pip install` for an env this kernel is not.
    notebook = (
        "!~/anaconda3/envs/pytorch_p36/bin/pip install torch==1.4.0 torchvision==0.5.0\n"
        "/bin/sh: 1: /root/anaconda3/envs/pytorch_p36/bin/pip: not found"
    )
    named = explain(notebook, platform="linux")[0]
    assert named.cause == "module_not_installed_in_kernel_env" and named.fix is not None
    assert named.fix.code == "%pip install torch==1.4.0 torchvision==0.5.0"
    # Any other missing program is not this reading.
    assert causes("/bin/sh: 1: nvcc: not found")[:1] != ["module_not_installed_in_kernel_env"]


def test_spyders_interpreter_without_spyder_kernels() -> None:
    # spyder-ide/spyder#14976 (Spyder writes spyder‑kernels with a non-breaking hyphen).
    text = (
        "Your Python environment or installation doesn't have the spyder\u2011kernels module or the right version of it "
        "installed (>= 1.9.4 and < 1.10.0). Without this module is not possible for Spyder to create a console for you."
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and finding.fix is not None
    assert finding.fix.code == 'python -m pip install "spyder-kernels>=1.9.4,<1.10.0"'


def test_build_tools_named_by_their_own_words() -> None:
    # dmlc/dgl#1197: a C++ standard header missing under Apple's clang.
    ios = explain("dgl/_ffi/_cython/core.cpp:632:10: fatal error: 'ios' file not found", platform="macos")[0]
    assert ios.cause == "build_toolchain_missing" and "C++ standard library headers" in ios.title
    # A project's own header of the same shape is not the standard library's.
    assert "C++ standard library" not in explain("fatal error: 'myproject.h' file not found", platform="macos")[0].title
    # uv's hint naming the header a system library provides (poc-realtime-ai-assistant PR 19), on macOS: Homebrew.
    uv = explain(
        'hint: This error likely indicates that you need to install a library that provides "portaudio.h" for pyaudio@0.2.14',
        platform="macos",
    )[0]
    assert uv.cause == "build_toolchain_missing" and "portaudio.h" in uv.title
    assert uv.fix is not None and "Homebrew" in uv.fix.code
    # invoke-ai/InvokeAI#243: rustc's E0658 building tokenizers.
    rust = explain("error[E0658]: macro attributes in #[derive] output are unstable", platform="macos")[0]
    assert rust.cause == "build_toolchain_missing" and rust.fix is not None and rust.fix.code == "rustup update stable"


def test_triton_windows_own_warnings() -> None:
    # woct0rdho/triton-windows#3 and #37.
    msvc = "WARNING: Failed to find MSVC.\nC:\\ucrt/corecrt.h:10:10: fatal error: vcruntime.h: No such file or directory"
    assert causes(msvc, platform="windows")[:1] == ["build_toolchain_missing"]
    cuda = explain(">>> import triton\nWARNING: Failed to find CUDA.\n>>> import torch", platform="windows")[0]
    assert cuda.cause == "build_toolchain_missing" and "no CUDA toolkit" in cuda.title
    # The warning only as its own line: a sentence quoting it is not Triton's.
    assert causes("I see 'WARNING: Failed to find CUDA.' sometimes", platform="windows")[:1] != ["build_toolchain_missing"]


def test_torch_compile_on_windows_without_triton() -> None:
    # pytorch/pytorch#136361: torch.compile under a 2.6 nightly on Windows.
    text = "RuntimeError: Cannot find a working triton installation. Either the package is not installed or it is too old."
    finding = explain(text, platform="windows", packages={"torch": "2.6.0.dev20240919+cu124"})[0]
    assert finding.cause == "wheel_platform_mismatch" and finding.fix is not None
    assert 'triton-windows<3.3' in finding.fix.code
    # torch 2.8 takes the 3.4 series (compat.triton_for, data/torch_triton.csv).
    later = explain(text, platform="windows", packages={"torch": "2.8.0+cu128"})[0]
    assert later.fix is not None and 'triton-windows<3.5' in later.fix.code
    # A torch the table has no row for gets the README's rule in words, not a guessed pin.
    unknown = explain(text, platform="windows", packages={"torch": "2.11.0"})[0]
    assert unknown.fix is not None and unknown.fix.kind == "manual"
    # On Linux Triton comes with torch's CUDA wheels: not this reading.
    assert causes(text, platform="linux")[:1] != ["wheel_platform_mismatch"]


def test_the_py_launcher_without_the_version_asked_for() -> None:
    # gitmylo/audio-webui#132: run.bat asking py for 3.10 with only 3.11 installed.
    text = "No suitable Python runtime found\nPass --list (-0) to see all detected environments on your machine"
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "other" and "launcher" in finding.title and finding.confidence >= 0.8


def test_a_compiled_part_asked_for_by_a_checkouts_frame() -> None:
    # facebookresearch/detectron2#538: Python 3.7 names no file; the asking frame is in a checkout never built.
    text = (
        '  File "/home/u/tmp/detectron2/detectron2/layers/deform_conv.py", line 10, in <module>\n'
        "    from detectron2 import _C\nImportError: cannot import name '_C' from 'detectron2' \n"
    )
    assert causes(text, platform="linux")[:2] == ["shadowed_module", "build_toolchain_missing"]
    # An installed detectron2's frame is a damaged or mismatched install, not a checkout.
    installed = text.replace("/home/u/tmp/detectron2/detectron2/", "/env/lib/python3.7/site-packages/detectron2/")
    assert causes(installed, platform="linux")[:1] != ["shadowed_module"]
