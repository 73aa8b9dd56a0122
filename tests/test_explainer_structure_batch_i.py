"""What batch-2026-12-01i (88 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import top as _top


def test_condas_short_download_names_the_package_from_its_url() -> None:
    text = (  # lyz-code cpf#2 shape: conda's own account of a cut-off download
        "CondaError: Downloaded bytes did not match Content-Length\n"
        "  url: https://conda.anaconda.org/pytorch/linux-64/torchvision-0.7.0-py38_cu102.tar.bz2\n"
        "  Content-Length: 564734769\n"
        "  downloaded bytes: 221675180\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "corrupted_install" and "torchvision" in finding.explanation and "conda clean" in finding.fix.code
    no_header = text.split("\n", 1)[1]  # the lines an installer repeats without conda's first line (easydiffusion#212)
    assert _top(no_header) == "corrupted_install"


def test_pips_invalid_wheel_is_a_damaged_download_of_that_wheel() -> None:
    text = "ERROR: Wheel 'torch' located at /tmp/pip-unpack-ho08e663/torch-2.0.1+cu117-cp310-cp310-linux_x86_64.whl is invalid."
    finding = explain(text, packages={"torch": "2.0.1+cu117"})[0]
    assert finding.cause == "corrupted_install" and "--force-reinstall torch==2.0.1+cu117" in finding.fix.code


def test_a_stated_version_list_with_commas_gives_a_clean_pin() -> None:
    text = "ERROR: Wheel 'torch' located at C:/t/pip-unpack-x/torch-1.13.1+cu117-cp310-cp310-win_amd64.whl is invalid."
    fix = explain(text, platform="windows", packages={"torch": "1.13.1+cu117,"})[0].fix
    assert "torch==1.13.1+cu117 " in fix.code and "," not in fix.code


def test_torchs_own_dylib_missing_without_dylds_reason_line() -> None:
    text = (  # the youtube-shorts#11 excerpt stops before dyld's "(no such file)"
        "(/Users/u/anaconda3/lib/python3.10/site-packages/torch/_C.cpython-310-darwin.so, 0x0002): Library not loaded: "
        "@rpath/libtorch_cpu.dylib\n"
        "  Referenced from: <CAAE989C> /Users/u/anaconda3/lib/python3.10/site-packages/torch/lib/libtorch_python.dylib\n"
    )
    assert _top(text, platform="macos") == "corrupted_install"
    addon = text.replace("site-packages/torch/lib/libtorch_python.dylib", "site-packages/other/lib/libother.dylib")
    assert _top(addon, platform="macos") != "corrupted_install"


def test_a_symbol_missing_from_the_library_beside_it_is_a_mixed_folder() -> None:
    text = (  # mlverse/torch#420 (torch for R)
        "dlopen(/Library/R/library/torch/deps/liblantern.dylib, 10): Symbol not found: __ZN2at10__lshift__ERKNS_6TensorE\n"
        "  Referenced from: /Library/R/library/torch/deps/liblantern.dylib\n"
        "  Expected in: /Library/R/library/torch/deps/./libtorch_cpu.dylib\n"
    )
    assert _top(text, platform="macos") == "corrupted_install"
    elsewhere = text.replace("deps/./libtorch_cpu.dylib", "other/libtorch_cpu.dylib")
    assert _top(elsewhere, platform="macos") != "corrupted_install"


def test_collect_env_of_a_cpu_build_alone_is_a_weak_cpu_build() -> None:
    text = "Collecting environment information...\nPyTorch version: 1.7.1+cpu\nCUDA used to build PyTorch: Could not collect\n"
    finding = explain(text, platform="windows")[0]  # pytorch/pytorch#49325
    assert finding.cause == "cpu_only_build" and finding.confidence < 0.5
    with_toolkit = text + "Is CUDA available: False\nCUDA runtime version: 11.8.89\n"  # pytorch/pytorch#108607
    assert explain(with_toolkit)[0].confidence >= 0.8
    on_a_mac = text.replace("1.7.1+cpu", "2.5.1") + "OS: macOS 15.3 (arm64)\n"
    assert _top(on_a_mac) != "cpu_only_build"  # macOS builds never have CUDA


def test_two_interpreters_printed_as_sys_executable() -> None:
    text = (  # jupyter/notebook#5054
        "ModuleNotFoundError: No module named 'tensorflow'\n\n"
        "sys.executable for python:\n'C:\\\\Users\\\\j\\\\anaconda3\\\\envs\\\\py36\\\\python.exe'\n\n"
        "sys.executable for jupyter:\n'C:\\\\Users\\\\j\\\\anaconda3\\\\python.exe'\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and finding.confidence == 0.8 and "tensorflow" in finding.title
    one_interpreter = explain(text.replace("\\\\envs\\\\py36", ""), platform="windows")[0]
    assert one_interpreter.confidence == 0.5  # only the module's name is left: the weak reading


def test_a_core_torch_submodule_missing_for_the_users_import() -> None:
    text = (  # pytorch/pytorch#1851
        "Traceback (most recent call last):\n"
        '  File "py_test.py", line 2, in <module>\n'
        "    from torch.autograd import Variable\n"
        "ModuleNotFoundError: No module named 'torch.autograd'"
    )
    assert _top(text) == "shadowed_module"
    inside_torch = text.replace("py_test.py", "/env/lib/python3.11/site-packages/torch/__init__.py")
    assert _top(inside_torch) == "corrupted_install"
    optional_part = text.replace("torch.autograd", "torch.distributed")
    assert _top(optional_part) != "shadowed_module"


def test_uvs_lower_case_no_wheel_sentence_and_a_tagged_version_on_a_mac() -> None:
    text = (  # astral-sh/uv#5182
        "error: distribution torch==2.3.1+cpu @ registry+https://download.pytorch.org/whl/cpu can't be installed because "
        "it doesn't have a source distribution or wheel for the current platform"
    )
    finding = explain(text, platform="macos", packages={"torch": "2.3.1+cpu"})[0]
    assert finding.cause == "wheel_platform_mismatch" and finding.fix.code == "pip install torch==2.3.1"
    on_linux = explain(text, platform="linux", packages={"torch": "2.3.1+cpu"})[0]
    assert on_linux.cause == "wheel_platform_mismatch" and "macOS" not in on_linux.title


def test_an_intel_python_on_apple_silicon_from_collect_env() -> None:
    text = "OS: macOS 15.3 (x86_64)\nPython platform: macOS-10.16-x86_64-i386-64bit\nCPU:\nApple M2 Pro\n"
    assert _top(text) == "wheel_platform_mismatch"  # pytorch/pytorch#146236
    intel_mac = text.replace("Apple M2 Pro", "Intel(R) Core(TM) i7-9750H CPU @ 2.60GHz")
    assert _top(intel_mac) != "wheel_platform_mismatch"


def test_shm_dll_failing_is_its_dependency_not_the_vc_runtime() -> None:
    text = (  # pytorch/pytorch#140875
        "OSError: [WinError 126] The specified module could not be found. Error loading "
        '"C:\\venv\\Lib\\site-packages\\torch\\lib\\shm.dll" or one of its dependencies.'
    )
    assert _top(text, platform="windows") == "windows_dll_dependency"
    c10 = text.replace("shm.dll", "c10.dll")
    assert _top(c10, platform="windows") == "missing_vc_redist"
