"""What batch-2026-12-01o (82 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import top as _top


def test_a_whole_package_found_only_as_a_namespace_package() -> None:
    text = "ImportError: cannot import name 'nn' from 'torch' (unknown location)"  # pytorch/pytorch#29305
    finding = explain(text)[0]
    assert finding.cause == "corrupted_install" and finding.confidence < 0.8
    assert "torch/__init__.py" in finding.title and "rename it" in finding.explanation
    summary = "ImportError: cannot import name 'summary' from 'torchsummary' (unknown location)"  # TylerYep/torchinfo#8
    stated = explain(summary, packages={"torch-summary": "1.3.2"})[0]
    assert stated.cause == "corrupted_install" and "torch-summary==1.3.2" in stated.fix.code  # the PyPI name, not the import name
    assert _top("ImportError: cannot import name 'x' from 'json' (unknown location)") != "corrupted_install"


_ONNX_TWICE = (  # pytorch/pytorch#91773
    r"C:\Users\me\AppData\Roaming\Python\Python310\site-packages\torch\onnx\_internal\registration.py:167: "
    "\nOnnxExporterWarning: Symbolic function 'aten::_shape_as_tensor' already registered for opset 9. Replacing the "
    "existing function with new function. This is unexpected."
)


def test_torch_onnx_registering_its_functions_twice() -> None:
    finding = explain(_ONNX_TWICE, platform="windows")[0]
    assert finding.cause == "duplicate_installations" and finding.confidence == 0.85
    assert "AppData\\Roaming\\Python\\Python310\\site-packages" in finding.title and "pip uninstall -y torch" in finding.fix.code
    env_only = _ONNX_TWICE.replace(r"C:\Users\me\AppData\Roaming\Python\Python310", r"C:\envs\x\Lib")
    weaker = explain(env_only, platform="windows")[0]
    assert weaker.cause == "duplicate_installations" and weaker.confidence < 0.85


_LOAD_LIBRARY_127 = (  # pyg-team/pytorch_geometric#6931
    '  File "C:\\envs\\x\\lib\\site-packages\\torch_sparse\\__init__.py", line 18, in <module>\n'
    "    torch.ops.load_library(spec.origin)\n"
    '  File "C:\\envs\\x\\lib\\site-packages\\torch\\_ops.py", line 643, in load_library\n'
    "    ctypes.CDLL(path)\n"
    '  File "C:\\envs\\x\\lib\\ctypes\\__init__.py", line 374, in __init__\n'
    "    self._handle = _dlopen(self._name, mode)\n"
    "OSError: [WinError 127] the specified procedure could not be found"
)


def test_an_add_on_loading_its_library_through_torch_ops_with_winerror_127() -> None:
    finding = explain(_LOAD_LIBRARY_127, platform="windows")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("torch_sparse ")
    not_found = _LOAD_LIBRARY_127.replace("WinError 127] the specified procedure", "WinError 126] the specified module")
    assert _top(not_found, platform="windows") != "extension_abi_mismatch"


def test_add_ons_that_say_they_have_no_kernels_for_this_torch() -> None:
    torchao = (  # ace-step/ACE-Step-1.5#361
        "Skipping import of cpp extensions due to incompatible torch version 2.7.1+cu128 for torchao version 0.15.0 "
        "Please see https://github.com/pytorch/ao/issues/2919 for more info"
    )
    finding = explain(torchao, platform="windows", packages={"torchao": "0.15.0"})[0]
    assert finding.cause == "extension_abi_mismatch" and finding.fix.code == "pip install torchao==0.12.0"
    already = explain(torchao, platform="windows", packages={"torchao": "0.12.0"})[0]
    assert "torchao==0.12.0" not in already.fix.code  # no pin the installed release already satisfies
    dgl = "FileNotFoundError: Cannot find DGL C++ graphbolt library at /v/site-packages/dgl/graphbolt/libgraphbolt_pytorch_2.5.1.dylib"
    finding = explain(dgl, platform="macos")[0]  # dmlc/dgl#7835
    assert finding.cause == "extension_abi_mismatch" and finding.fix.kind == "manual" and "torch 2.5.1" in finding.fix.code


def test_torchvisions_custom_ops_message_with_a_typographic_apostrophe() -> None:
    text = "RuntimeError: Couldn’t load custom C++ ops. This can happen if your PyTorch and torchvision versions are incompatible"
    assert _top(text) == "torchvision_torch_mismatch"  # AUTOMATIC1111/stable-diffusion-webui#564


def test_torchaudio_naming_its_own_library_after_a_missing_cuda_runtime() -> None:
    text = (  # mooshieui#513
        "OSError: libcudart.so.13: cannot open shared object file: No such file or directory\n...\n"
        "OSError: Could not load this library: .../torchaudio/lib/_torchaudio.abi3.so"
    )
    assert _top(text, platform="linux") == "torchvision_torch_mismatch"
    assert _top(text.replace(".../torchaudio/lib/_torchaudio.abi3.so", ".../mylib/_ops.so"), platform="linux") != (
        "torchvision_torch_mismatch"
    )


def test_xformers_notice_without_triton_is_no_missing_module() -> None:
    text = "A matching Triton is not available, some optimizations will not be enabled.\nError caught was: No module named 'triton'"
    assert _top(text, platform="windows") != "module_not_installed_in_kernel_env"  # bmaltais/kohya_ss#2018
    assert _top("ModuleNotFoundError: No module named 'triton'") == "module_not_installed_in_kernel_env"


def test_a_setup_py_in_pips_temporary_checkout_without_torch() -> None:
    text = (  # 4D-Rotor-Gaussians#3 (tiny-cuda-nn)
        ' Traceback (most recent call last):\n   File "<string>", line 1, in <module>\n'
        '   File "/tmp/x/pip-req-build-88l0usft/bindings/torch/setup.py", line 9, in <module>\n     import torch\n'
        " ModuleNotFoundError: No module named 'torch'"
    )
    assert _top(text, platform="linux") == "build_toolchain_missing"
    assert _top(text.replace("/tmp/x/pip-req-build-88l0usft/", "/home/me/project/"), platform="linux") != "build_toolchain_missing"


def test_cpp_extensions_warning_about_another_compiler_than_torchs() -> None:
    text = (  # pyg-team/pytorch_geometric#636
        "Your compiler (g++) is not compatible with the compiler Pytorch was\nbuilt with for this platform, which is "
        "clang++ on darwin. Please\nuse clang++ to to compile your extension."
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "build_toolchain_missing" and finding.fix.code == "export CC=clang CXX=clang++"
    assert explain(text, platform="windows")[0].fix.code != "export CC=clang CXX=clang++"


def test_a_bare_cuda_is_not_available_reads_weakly() -> None:
    ranked = explain("AssertionError: CUDA is not available")  # googlecolab/colabtools#482
    assert [f.cause for f in ranked[:2]] == ["no_driver_or_gpu", "cpu_only_build"] and ranked[0].confidence < 0.5
    assert _top("print('CUDA is not available, using the CPU')") == "other"  # a script's own line, no exception


def test_torchscript_without_the_python_sources() -> None:
    text = (  # pyinstaller/pyinstaller#4926
        "OSError: Can't get source for <function _rejection_sample at 0x0000000018402D08>. TorchScript requires source "
        "access in order to carry out compilation, make sure original .py files are available."
    )
    finding = explain(text, packages={"torch": "1.5.0+cpu", "torchvision": "0.2.2.post3"})[0]
    assert finding.cause == "other" and "source" in finding.title


def test_uvs_no_wheel_message_wrapped_after_cant_be() -> None:
    text = (  # fredericchai/bili2text#95
        "error: Distribution `torch==2.11.0 @ registry+https://pypi.org/simple` can't be\n"
        "       installed because it doesn't have a source distribution or wheel for the\n       current platform\n\n"
        "hint: You're on macOS (`macosx_26_0_x86_64`), but `torch` (v2.11.0) only has\nwheels for the following platforms"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "Intel" in finding.title
