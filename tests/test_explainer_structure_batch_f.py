"""What batch-2026-12-01f taught the explainer, checked at the edges each reading depends on.

Each text is cut from a corpus report (named beside it); the variants change only the
structural fact the reading rests on, and the answer must follow it.
"""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes as _causes
from .ranking import top as _top


def test_condas_verification_of_a_torch_package_is_damage() -> None:
    text = (  # CompVis/stable-diffusion#825
        "CondaVerificationError: The package for pytorch located at /home/u/anaconda3/pkgs/pytorch-1.11.0-py3.8_cuda11.3_cudnn8.2.0_0\n"
        "appears to be corrupted. The path 'lib/python3.8/site-packages/torch-1.11.0-py3.8.egg-info/SOURCES.txt'\n"
        "specified in the package manifest cannot be found."
    )
    assert _top(text) == "corrupted_install"
    assert _top(text.replace("package for pytorch", "package for pandas")) != "corrupted_install"


def test_torch_c_missing_where_pip_shows_torch_installed_is_damage() -> None:
    text = (  # yisol/IDM-VTON#126
        "ModuleNotFoundError: No module named 'torch._C'\n(env) # pip show torch\nName: torch\nVersion: 2.1.2\n"
        "Summary: Tensors\nLocation: /root/anaconda3/envs/env/lib/python3.9/site-packages\n"
    )
    assert _top(text) == "corrupted_install"
    assert _top(text.split("\n", 1)[0]) == "shadowed_module"  # the bare line: a source folder as likely


def test_a_second_libtorch_bundled_in_another_wheel_is_a_second_install() -> None:
    text = (  # llvm/torch-mlir#1493
        "  what():  Tried to register multiple backend fallbacks for the same dispatch key Batched\n"
        "frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x3e (0x7fa9 in "
        "/usr/local/lib/python3.7/dist-packages/torch_mlir/_mlir_libs/../../torch_mlir.libs/libc10-9b4183be.so)"
    )
    assert _top(text) == "duplicate_installations"
    own = text.replace("torch_mlir/_mlir_libs/../../torch_mlir.libs/libc10-9b4183be.so", "torch/lib/libc10.so")
    assert "duplicate_installations" not in _causes(own)


def test_a_registration_failing_in_a_static_initialiser_reads_two_torches_first() -> None:
    text = 'generic_type: cannot initialize type "WorkerId": an object with that name is already defined'
    assert _top("RuntimeError: " + text) == "partial_import_state"  # a Python-level retry (colabtools#2405)
    aborted = "terminate called after throwing an instance of 'std::runtime_error'\n  what():  " + text  # tpot#1197
    assert _causes(aborted)[:2] == ["duplicate_installations", "partial_import_state"]


def test_pips_resolution_reports_naming_a_companion_for_another_torch() -> None:
    depends = "The conflict is caused by:\n    The user requested torch~=1.10.0\n    torchvision 0.8.2 depends on torch==1.7.1"
    assert _top(depends) == "torchvision_torch_mismatch"
    pair = (  # vladmandic/automatic#3197
        "ERROR: Cannot install torch==2.0.0, torchvision==0.15.2, torchvision==0.16.0,\n"
        "          torchvision==0.16.1 because these package versions have conflicting\n          dependencies."
    )
    assert _top(pair, platform="windows") == "torchvision_torch_mismatch"
    assert _top(pair.replace("torchvision", "numpy"), platform="windows") != "torchvision_torch_mismatch"


def test_torch_library_lacking_what_a_companion_registers_with() -> None:
    text = "AttributeError: module 'torch.library' has no attribute 'register_fake'"  # autoprognosis notebook, torch 2.3.1
    assert _causes(text, packages={"torch": "2.3.1+cu121"})[:2] == ["torchvision_torch_mismatch", "stale_module_after_upgrade"]


def test_a_cuda_only_library_asked_for_beside_another_build_is_a_companion() -> None:
    text = "OSError: libtorch_cuda.so: cannot open shared object file: No such file or directory"  # ROCm torch, PyPI torchaudio
    assert _top(text) == "torchvision_torch_mismatch"


def test_an_old_windows_dll_failure_in_a_companions_own_import() -> None:
    text = (  # pytorch/vision#1018
        "C:\\ProgramData\\Anaconda3\\lib\\site-packages\\torchvision\\ops\\boxes.py in <module>()\n"
        "----> 2 from torchvision import _C\n\nImportError: DLL load failed: The specified module could not be found."
    )
    assert _top(text, platform="windows") == "torchvision_torch_mismatch"


def test_wrapped_glibcxx_and_versioned_symbols() -> None:
    glibcxx = (  # mlverse/torch#866
        "/home/R/library/torch/lib/liblantern.so - /lib64/libstdc++.so.6: version `GLIBCXX_3.4.20' \n"
        "not found (required by /home/R/library/torch/lib/liblantern.so)"
    )
    assert _top(glibcxx) == "glibc_libstdcxx_too_old"
    cublas = (  # the corpus text cublaslt-not-defined-torch113-conda (pytorch/pytorch#88882)
        "OSError: /opt/conda/envs/s/lib/python3.9/site-packages/nvidia/cublas/lib/libcublas.so.11: symbol "
        "cublasLtGetStatusString version libcublasLt.so.11 not defined in file libcublasLt.so.11 with link time reference"
    )
    finding = explain(cublas)[0]
    assert finding.cause == "lib_version_conflict"


def test_torchvision_ops_missing_alone_reads_a_source_folder_then_the_companion() -> None:
    assert _causes("RuntimeError: object has no attribute nms")[:2] == ["shadowed_module", "torchvision_torch_mismatch"]
