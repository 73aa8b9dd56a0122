"""What batch-2026-12-01g (46 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import top as _top


def test_an_addons_library_lacking_a_torch_symbol_on_macos_is_the_addon() -> None:
    text = (  # pyg-team/pyg-lib#217
        '  File "/Users/u/.venv/lib/python3.11/site-packages/pyg_lib/__init__.py", line 36, in load_library\n'
        "    torch.ops.load_library(spec.origin)\n"
        "OSError: dlopen(/Users/u/.venv/lib/python3.11/site-packages/libpyg.so, 0x0006): Symbol not found: "
        "__ZN3c1010Dispatcher17runRecordFunctionERN2at14RecordFunctionE"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "extension_abi_mismatch"
    own = text.replace("site-packages/libpyg.so", "site-packages/torch/lib/libtorch_cpu.dylib")
    assert _top(own, platform="macos") != "extension_abi_mismatch"


def test_an_addons_own_c_import_failing_with_a_missing_procedure_is_the_addon() -> None:
    text = (  # facebookresearch/pytorch3d#1515 (a localised "procedure not found")
        '  File "D:\\envs\\h\\lib\\site-packages\\pytorch3d-0.7.2-py3.8-win-amd64.egg\\pytorch3d\\renderer\\blending.py", line 10\n'
        "    from pytorch3d import _C\n"
        "ImportError: DLL load failed while importing _C: 找不到指定的程序。"
    )
    assert _top(text, platform="windows") == "extension_abi_mismatch"


def test_apples_linker_naming_the_other_architecture() -> None:
    text = (  # LaurentMazare/tch-rs#881
        "ld: warning: ignoring file '/Users/u/env/lib/python3.10/site-packages/torch/lib/libtorch.dylib': "
        "found architecture 'x86_64', required architecture 'arm64'"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "x86_64" in finding.title and "arm64" in finding.title


def test_a_companions_half_import_under_another_packages_importer_is_the_companion() -> None:
    text = (  # unslothai/unsloth#1793: transformers' lazy importer re-raises it
        "File ~/env/lib/python3.11/site-packages/transformers/utils/import_utils.py:1865, in _LazyModule._get_module(self, module_name)\n"
        "RuntimeError: Failed to import transformers.modeling_utils because of the following error:\n"
        "partially initialized module 'torchvision' has no attribute 'extension' (most likely due to a circular import)"
    )
    assert _top(text) == "torchvision_torch_mismatch"


def test_a_relative_companion_path_names_the_companion() -> None:
    text = "torchvision/_C.cpython-36m-x86_64-linux-gnu.so: undefined symbol: _ZN2at7getTypeERKNS_6TensorE"  # pytorch#23218
    assert _top(text) == "torchvision_torch_mismatch"
