"""What batch-2026-12-01c taught the explainer, checked at the edges each reading depends on.

Each text is cut from a corpus report (named beside it); the variants change only the
structural fact the reading rests on, and the answer must follow it.
"""

from __future__ import annotations

from .ranking import causes as _causes
from .ranking import top as _top

# acheong08/Diffusion-ColabUI#108: the sentence wraps where the terminal did.
WRAPPED = (
    "RuntimeError: Detected that PyTorch and torchvision were compiled with different\n"
    "CUDA versions. PyTorch has CUDA Version=11.7 and torchvision has CUDA \nVersion=11.8."
)


def test_wrapped_cuda_check_sentence_is_the_companion() -> None:
    assert _top(WRAPPED) == "torchvision_torch_mismatch"
    # mli/autocut#106 spells it TorchAudio; PyG's same sentence stays an extension's.
    assert _top("RuntimeError: Detected that PyTorch and TorchAudio were compiled with different CUDA versions.") == (
        "torchvision_torch_mismatch"
    )
    assert _top("RuntimeError: Detected that PyTorch and torch_scatter were compiled with different CUDA versions.") == (
        "extension_abi_mismatch"
    )


# victorchall/EveryDream2trainer#255
CUSTOM_OPS = (
    '  File "/usr/local/lib/python3.10/dist-packages/torchvision/_meta_registrations.py", line 4, in <module>\n'
    "    import torch._custom_ops\n"
    "ModuleNotFoundError: No module named 'torch._custom_ops'"
)


def test_torch_submodule_missing_is_a_companion_only_when_the_companion_asked() -> None:
    assert _top(CUSTOM_OPS) == "torchvision_torch_mismatch"
    user_file = CUSTOM_OPS.replace("/usr/local/lib/python3.10/dist-packages/torchvision/_meta_registrations.py", "/content/train.py")
    assert "torchvision_torch_mismatch" not in _causes(user_file)


# pytorch/pytorch#19943: the working directory is torch's own folder.
RANDOM = "ImportError: cannot import name 'Random' from 'random' (/Users/u/anaconda3/lib/python3.7/site-packages/torch/random.py)"


def test_stdlib_name_answered_by_torchs_folder_is_shadowing() -> None:
    assert _top(RANDOM) == "shadowed_module"
    stdlib = RANDOM.replace("site-packages/torch/random.py", "random.py")
    assert "shadowed_module" not in _causes(stdlib)


# KempnerInstitute/kempnerforge#68 and pytorch/pytorch#92132.
def test_torchrun_from_user_site_is_a_second_install_elsewhere_another_python() -> None:
    user_site = "File \"/n/home10/u/.local/bin/torchrun\", line 8, in <module>\nModuleNotFoundError: No module named 'kempnerforge'"
    assert _top(user_site) == "duplicate_installations"
    on_path = "torchrun train.py\nModuleNotFoundError: No module named 'datasets'"
    assert _top(on_path) == "module_not_installed_in_kernel_env"
    assert "duplicate_installations" not in _causes(on_path.replace("datasets", "torchvision"))


# thousandbrainsproject/tbp.monty#385
def test_split_cuda_library_means_older_torch_files_only_beside_torch_2() -> None:
    text = "OSError: libtorch_cuda_cu.so: cannot open shared object file: No such file or directory"
    assert "duplicate_installations" in _causes(text, packages={"torch": "2.4.1+cu121"})[:3]
    assert "duplicate_installations" not in _causes(text, packages={"torch": "1.12.1+cu113"})


# pytorch/pytorch#126679 and TomHeaven/pytorch-osx-build#21
DYLD = (
    "ImportError: dlopen(/x/site-packages/torch/_C.cpython-310-darwin.so, 2): Symbol not found: {symbol}\n"
    "  Referenced from: /x/site-packages/torch/lib/{lib}{built}\n"
    "  Expected in: {expected}\n"
)


def test_macos_symbol_reading_follows_where_dyld_looked() -> None:
    too_new = DYLD.format(
        symbol="__ZNSt19bad_optional_accessD1Ev",
        lib="libc10.dylib",
        built=" (which was built for Mac OS X 10.13)",
        expected="/usr/lib/libc++.1.dylib",
    )
    assert _top(too_new, platform="macos") == "wheel_platform_mismatch"
    cuda = DYLD.format(
        symbol="_cusparseCreateCsr", lib="libtorch_cuda.dylib", built="", expected="/usr/local/cuda/lib/libcusparse.10.dylib"
    )
    assert _top(cuda, platform="macos") == "lib_version_conflict"


def test_import_retried_after_a_failure_reads_as_a_second_import() -> None:
    loop = "for _ in range(3):\n    try:\n        import torch\n    except:\n        pass\nSegmentation fault (core dumped)"
    assert _top(loop) == "partial_import_state"
    assert _top("for _ in range(3):\n    try:\n        import torch\n    except:\n        pass\n") == "other"
