"""Readings learned from batch-2026-12-04d's first run (docs/accuracy-runs/batch-2026-12-04d.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def test_a_compiled_file_of_another_python_without_its_source() -> None:
    # zhanganguo/ImageSpider#1: a package folder committed with Python 2's __init__.pyc.
    text = (
        'Traceback (most recent call last):\n  File ".\\main.py", line 3, in <module>\n    from engine.baidu import Baidu\n'
        "ImportError: bad magic number in 'engine': b'\\x03\\xf3\\r\\n'"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "shadowed_module" and "engine" in finding.title and ".pyc" in finding.title
    assert finding.fix is not None and finding.fix.kind == "shell"
    # One command for bash, cmd.exe and PowerShell: Python itself deletes the .pyc files outside __pycache__.
    assert finding.fix.code.startswith('python -c "') and "__pycache__" in finding.fix.code
    assert "!" not in finding.fix.code.replace("!=", "")  # bash would expand "!x" inside double quotes
    # Python 2's wording names the file.
    assert causes("ImportError: Bad magic number in /home/u/proj/helpers.pyc", platform="linux")[:1] == ["shadowed_module"]
    # torch.load's "Invalid magic number" is a damaged checkpoint, not bytecode.
    assert "shadowed_module" not in causes("RuntimeError: Invalid magic number; corrupt file?", platform="linux")


def test_a_damaged_library_outside_any_python_package() -> None:
    # pytorch/pytorch#588: GNU ld's words for a cuDNN copy cut short; no pip reinstall replaces it.
    finding = explain("/usr/local/cuda/lib64/libcudnn.so: file not recognized: File truncated", platform="linux")[0]
    assert finding.cause == "corrupted_install" and "/usr/local/cuda/lib64/libcudnn.so" in finding.title
    assert finding.fix is not None and finding.fix.kind == "manual" and "pip" not in finding.fix.code
    # Inside an installed package the same words are that package's damaged install, reinstalled with pip.
    inside = "OSError: /env/lib/python3.10/site-packages/torch/lib/libtorch_cpu.so: file too short"
    found = explain(inside, platform="linux")[0]
    assert found.cause == "corrupted_install" and found.fix is not None and found.fix.kind == "pip" and "torch" in found.fix.code


def test_triton_raised_missing_on_windows() -> None:
    # antgroup/echomimic_v2#39: pip has no Triton for Windows; triton-windows is the build that installs.
    text = "ModuleNotFoundError: No module named 'triton'"
    assert causes(text, platform="windows")[:1] == ["wheel_platform_mismatch"]
    # On Linux it is a plain missing install.
    assert causes(text, platform="linux")[:1] == ["module_not_installed_in_kernel_env"]
    # xformers' and kohya's logged line is a warning Windows users can ignore, not the error.
    assert "wheel_platform_mismatch" not in causes("Error caught was: No module named 'triton'", platform="windows")


def test_other_frameworks_cpu_builds() -> None:
    jax = "An NVIDIA GPU may be present on this machine, but a CUDA-enabled jaxlib is not installed. Falling back to CPU."
    on_linux = explain(jax, platform="linux")[0]
    assert on_linux.cause == "cpu_only_build" and "jax" in on_linux.title.lower()
    assert on_linux.fix is not None and on_linux.fix.kind == "pip" and '"jax[cuda12]"' in on_linux.fix.code
    # JAX has no NVIDIA build for Windows: nothing to install there, and torch's CUDA wheels are not the answer.
    on_windows = explain(jax, platform="windows")[0]
    assert on_windows.fix is not None and on_windows.fix.kind == "manual" and "download.pytorch.org" not in on_windows.fix.code
    ct2 = "This CTranslate2 package was not compiled with CUDA support"
    on_mac = explain(ct2, platform="macos")[0]
    assert on_mac.cause == "cpu_only_build" and on_mac.fix is not None and 'device="cpu"' in on_mac.fix.code
    assert explain(ct2, platform="windows")[0].fix.code.endswith("ctranslate2")  # type: ignore[union-attr]


def test_flash_attention_on_a_gpu_before_ampere() -> None:
    # modelscope/ms-agent#303 on a V100: it ran once flash-attn was uninstalled.
    finding = explain("FlashAttention only supports Ampere GPUs or newer.", platform="linux")[0]
    assert finding.cause == "gpu_arch_unsupported" and finding.fix is not None
    assert finding.fix.code == "pip uninstall -y flash-attn" and "sdpa" in finding.fix.note


def test_the_runtime_version_line_cut_before_not_found() -> None:
    # interpretml/interpret#4 on CentOS 7: the paste stops after the version.
    finding = explain("Found Error:\n   libstdc++.so.6: version CXXABI_1.3.8", platform="linux")[0]
    assert finding.cause == "glibc_libstdcxx_too_old" and finding.confidence < 0.9
    # With "not found" it reads as sure as before.
    whole = "ImportError: /lib64/libstdc++.so.6: version `CXXABI_1.3.8' not found (required by /x/libebm.so)"
    assert explain(whole, platform="linux")[0].confidence >= 0.9
    # Another library's version line is not the C/C++ runtime's.
    assert "glibc_libstdcxx_too_old" not in causes("libfoo.so.1: version CXXABI_1.3.8", platform="linux")


def test_a_library_header_line_without_the_compilers_prefix() -> None:
    # ManiGaussian#41: libglm-dev provides it.
    finding = explain("glm/glm.hpp: No such file or directory", platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "glm/glm.hpp" in finding.title
    # Python's own FileNotFoundError names a path in quotes after the words: not a header the compiler missed.
    assert "build_toolchain_missing" not in causes("FileNotFoundError: [Errno 2] No such file or directory: 'glm/glm.hpp'")
    # torch's own headers have their own readings.
    assert all("torch/extension.h" not in f.title for f in explain("torch/extension.h: No such file or directory"))


def test_an_unbound_compiled_module_name_pasted_alone() -> None:
    # UNetMamba#6: the repository's selective_scan kernels were never pip-installed.
    text = "NameError: name 'selective_scan_cuda_core' is not defined"
    assert causes(text, platform="linux")[:1] == ["build_toolchain_missing"]
    # Under the user's own frames the same words are the user's variable: not read so.
    framed = 'Traceback (most recent call last):\n  File "train.py", line 9, in <module>\n    y = x_cuda_core + 1\n' + text.replace(
        "selective_scan_cuda_core", "x_cuda_core"
    )
    assert "build_toolchain_missing" not in causes(framed, platform="linux")


def test_an_installed_packages_own_kernels_module_unbound() -> None:
    # QwenLM/Qwen3#221: AutoAWQ imports awq_ext in a try block; the NameError comes later.
    text = (
        'File "/usr/local/lib/python3.10/dist-packages/awq/modules/linear/gemm.py", line 66, in backward\n'
        "    if awq_ext is None:\nNameError: name 'awq_ext' is not defined"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "awq_ext" in finding.title and "without CUDA" not in finding.title


def test_python_twos_missing_module_quoted_by_the_user() -> None:
    # MrNothing/AI-Blocks#7: the app ran cmd.exe's Python, not the conda env holding TensorFlow.
    text = (
        '"C:\\Users\\A\\AppData\\Local\\Temp/main.py", line 2, in <module>import tensorflow as tf\n'
        'ImportError: No module named tensorflow."'
    )
    assert causes(text, platform="windows")[:1] == ["module_not_installed_in_kernel_env"]


def test_a_script_named_like_a_module_its_package_imports() -> None:
    # jgraff/hiplogging#5: hiplogging's `import hipchat` ran the user's hipchat.py, which uses hiplogging.
    text = (
        "python example.py\nTraceback (most recent call last):\n"
        '  File "example.py", line 3, in <module>\n    import hiplogging\n'
        '  File "/root/h/hiplogging/__init__.py", line 6, in <module>\n    import hipchat\n'
        '  File "/root/h/hipchat.py", line 11, in <module>\n'
        "    handler = hiplogging.HipChatHandler('<TOKEN>',\n"
        "AttributeError: 'module' object has no attribute 'HipChatHandler'"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module"
    assert finding.title == "A local hipchat.py hides the module hipchat that hiplogging imports"
    # The project's own module answering its package's import, without using the package, is ordinary code.
    ordinary = text.replace("hiplogging.HipChatHandler('<TOKEN>',", "handler = make_handler('<TOKEN>',")
    assert "shadowed_module" not in causes(ordinary, platform="linux")[:1]
