"""The explainer reads a traceback as structure: frames in every printed format, whose file
raised the error (the installed package's own, a companion's, the user's), and the file a
loader names. The messages are excerpts of the corpus texts named beside them."""

from __future__ import annotations

import pytest

from torchenv_magic import explain
from torchenv_magic.explainer.imports import intruder, local_shadow, owner
from torchenv_magic.explainer.text import ErrorText

SITE = "/env/lib/python3.11/site-packages"


@pytest.mark.parametrize(
    "line",
    [
        f'  File "{SITE}/torch/__init__.py", line 3, in <module>',  # CPython
        f"File {SITE}/torch/__init__.py:148",  # IPython 8
        f"{SITE}/torch/__init__.py in <module>()",  # IPython 7 (pytorch/pytorch#40277)
        f"[{SITE}/torch/__init__.py](https://localhost:8080/#) in wrapper(fn)",  # Colab (Isi-dev/Google-Colab_Notebooks#10)
    ],
)
def test_every_printed_frame_format_is_a_frame(line: str) -> None:
    err = ErrorText.build(f"{line}\nAttributeError: x")
    assert err.frames_before(len(err.text)) == [f"{SITE}/torch/__init__.py"]


def test_owner_is_the_installed_package_a_file_belongs_to() -> None:
    assert owner(f"{SITE}/torch/tensor.py") == "torch"
    assert owner("/a/site-packages/torchvision-0.3.0-py3.6-linux-x86_64.egg/torchvision/ops/boxes.py") == "torchvision"
    assert owner("/home/me/project/torch/__init__.py") is None  # the user's folder, not an installed package


def test_a_relative_torch_folder_is_a_local_shadow() -> None:
    assert local_shadow(["<stdin>", "torch/__init__.py"], "torch") == "torch/"  # pytorch/pytorch#574


def test_only_a_file_named_like_a_stdlib_module_intrudes() -> None:
    chain = [f"{SITE}/torch/__init__.py", "/usr/lib/python3.7/inspect.py", "/home/me/FixRes/dis.py"]  # pytorch/pytorch#39473
    assert intruder(chain, "torch") == "/home/me/FixRes/dis.py"
    printed_twice = [f"{SITE}/torch/tensor.py", "/home/me/unet/train.py", f"{SITE}/torch/__init__.py"]
    assert intruder(printed_twice, "torch") is None  # a caller of torch, not a module torch imports


def top(text: str, platform: str | None = None) -> str:
    return explain(text, platform=platform)[0].cause


def test_torch_c_attribute_missing_in_torchs_own_file_is_a_mixed_install() -> None:
    text = (  # pytorch/pytorch#29817
        f'  File "{SITE}/torch/__init__.py", line 228, in <module>\n'
        "    class BFloat16Storage(_C.BFloat16StorageBase, _StorageBase):\n"
        "AttributeError: module 'torch._C' has no attribute 'BFloat16StorageBase'"
    )
    assert top(text) == "corrupted_install"


def test_a_user_stdlib_named_file_in_torchs_import_chain_is_shadowing() -> None:
    text = (  # pytorch/pytorch#14014
        'File "dis.py", line 1, in <module>\n'
        f'  File "{SITE}/torch/serialization.py", line 2, in <module>\n'
        '  File "/usr/local/lib/python3.7/inspect.py", line 56, in <module>\n'
        "AttributeError: module 'dis' has no attribute 'COMPILER_FLAG_NAMES'"
    )
    assert top(text) == "shadowed_module"


def test_a_companion_breaking_off_its_own_import_is_a_companion_mismatch() -> None:
    text = (  # NeLy-EPFL/flygym#224
        f'  File "{SITE}/torchvision/_meta_registrations.py", line 18, in wrapper\n'
        "AttributeError: partially initialized module 'torchvision' has no attribute 'extension' (most likely due to a circular import)"
    )
    assert top(text) == "torchvision_torch_mismatch"


def test_an_undefined_torch_symbol_in_torchs_own_library_is_a_mixed_install() -> None:
    # The labelling rule of docs/explain-accuracy.md: two installs seen by one process (a nightly
    # beside a release, pytorch/pytorch#13893) rank first, one folder damaged by another build second.
    text = f"ImportError: {SITE}/torch/lib/libtorch.so.1: undefined symbol: _ZTIN2at10TensorImplE"  # pytorch/pytorch#13893
    assert [f.cause for f in explain(text)[:2]] == ["duplicate_installations", "corrupted_install"]
    libtorch = "ImportError: /home/u/libtorch/lib/libtorch_python.so: undefined symbol: PyThread_tss_alloc"  # pytorch/pytorch#62650
    first = explain(libtorch)[0]
    assert first.cause == "duplicate_installations" and "/home/u/libtorch/lib" in first.title
    assert first.fix is not None and "/home/u/libtorch/lib" in first.fix.note
    mkl = f"{SITE}/torch/lib/libtorch_cpu.so: undefined symbol: iJIT_NotifyEvent"  # pytorch/pytorch#123097: MKL's symbol
    assert top(mkl) == "lib_version_conflict"


def test_a_library_that_is_not_a_binary_is_damaged() -> None:
    assert top(f"ImportError: {SITE}/torch/lib/libtorch_cpu.so: invalid ELF header.") == "corrupted_install"  # SoftPool#55


def test_a_companion_module_named_by_dyld_is_a_companion_mismatch() -> None:
    text = (  # openai/point-e#4
        f"UserWarning: Failed to load image Python extension: dlopen({SITE}/torchvision/image.so, 0x0006): "
        "Symbol not found: __ZN3c106detail19maybe_wrap_dim_slowExxb\n"
        f"  Referenced from: <8080486D-E510-3000-AA6A-F3AD49ACC172> {SITE}/torchvision/image.so"
    )
    assert top(text, platform="macos") == "torchvision_torch_mismatch"


def test_python2_module_not_found_is_read() -> None:
    assert top("ImportError: No module named torchvision") == "module_not_installed_in_kernel_env"  # AzureNotebooks#106
    assert top("ImportError: No module named torch._C") != "module_not_installed_in_kernel_env"
