"""What batch-2026-12-06p taught (docs/accuracy-runs/batch-2026-12-06p.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def _causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)[:3]]  # type: ignore[arg-type]


def test_pips_word_on_a_tensorflow_add_on_pinned_to_another_tensorflow() -> None:
    # tensorflow/tensorflow#41954 (a range) and tensorflow/text#39 (an exact pin, pip's older words).
    ranged = "tensorflow-io 0.14.0 requires tensorflow<2.3.0,>=2.2.0, but you'll have tensorflow 2.3.0 which is incompatible\n"
    finding = explain(ranged)[0]
    assert finding.cause == "extension_abi_mismatch" and "TensorFlow" in finding.title and "tensorflow-io" in finding.title
    exact = (
        "ERROR: tensorflow-text 1.0.0b0 has requirement tensorflow==2.0.0b0, but you'll have tensorflow 2.0.0b1 which is incompatible.\n"
    )
    assert _causes(exact)[:1] == ["extension_abi_mismatch"]
    # A Python package's range is its dependency, not a build: keras and tensorflow-probability are not read so.
    keras = "keras 2.15.0 requires tensorflow<2.16,>=2.15, but you'll have tensorflow 2.16.1 which is incompatible\n"
    assert _causes(keras)[:1] != ["extension_abi_mismatch"]


def test_a_compiled_module_without_its_cuda_entry_was_built_without_cuda() -> None:
    # myavartanoo/3DIAS_PyTorch#2: PyPI's torchmcubes, built without its CUDA part.
    text = (
        '  File "/home/u/envs/a/lib/python3.8/site-packages/torchmcubes/__init__.py", line 12, in marching_cubes\n'
        "    return mc.mcubes_cuda(vol, thresh)\n"
        "AttributeError: module 'torchmcubes_module' has no attribute 'mcubes_cuda'\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "build_toolchain_missing" and "torchmcubes" in finding.title and "without CUDA" in finding.title
    # torch's own core lacking its CUDA bindings is a CPU build of torch, not an extension's build.
    assert "torchmcubes" not in explain("AttributeError: module 'torch._C' has no attribute '_cuda_setDevice'\n")[0].title
    # A function that is no CUDA kernel's entry is not read so.
    assert _causes("AttributeError: module 'foo_module' has no attribute 'cudaless'\n")[:1] != ["build_toolchain_missing"]


def test_transformers_old_misspelling_of_its_missing_backend() -> None:
    # EricFillion/chatting-transformer#14: transformers 3.x's "enviromnent".
    text = "ImportError: \nAutoModelForCausalLM requires the PyTorch library but it was not found in your enviromnent.\n"
    finding = explain(text)[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and "torch" in finding.title


def test_vs_codes_notebook_interpreter_without_ipykernel() -> None:
    # microsoft/vscode-jupyter#15544: the Microsoft Store Python selected for the notebook.
    text = "Running cells with 'Python 3.11.9' requires the ipykernel package.\n"
    finding = explain(text)[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and "ipykernel" in finding.title
    assert any("Python 3.11.9" in line for line in finding.evidence)


def test_a_programs_no_gpu_found_reads_by_platform() -> None:
    # huggingface/transformers#23970 (an M2 Mac) and facebookresearch/nougat#21 (PyPI's CPU torch on Windows).
    assert _causes("No GPU found. A GPU is needed for quantization.\n", platform="macos")[:1] == ["no_driver_or_gpu"]
    assert _causes("No GPU found. Conversion on CPU is very slow.\n", platform="windows")[:2] == ["cpu_only_build", "no_driver_or_gpu"]
    # Words in a sentence are not the program's message.
    assert "no_driver_or_gpu" not in _causes("The log says No GPU found. but it ran\n")[:1]


def test_a_cuda_dll_not_found_as_the_whole_exception() -> None:
    # PaddlePaddle/PaddleOCR#458: Paddle built for CUDA 10.0 under CUDA 10.1.
    finding = explain("RuntimeError: cublas64_100.dll not found.\n")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "cublas64_100.dll" in finding.title
    # Another DLL is not a CUDA library.
    assert _causes("RuntimeError: foo64_100.dll not found.\n")[:1] != ["missing_cuda_runtime_lib"]


def test_a_cuda_header_of_aten_missing_is_sources_for_another_torch() -> None:
    # princeton-vl/DROID-SLAM#92: ATen/native/cuda/KernelUtils.cuh under torch 1.4.
    text = (
        "src/altcorr_kernel.cu:12:10: fatal error: ATen/native/cuda/KernelUtils.cuh: no such file or directory\ncompilation terminated.\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "extension_abi_mismatch" and "KernelUtils.cuh" in finding.title
    # A header of ATen's (.h) still reads so; one of the system's is not torch's.
    assert _causes("x.cpp:1:10: fatal error: ATen/ceil_div.h: No such file or directory\n")[:1] == ["extension_abi_mismatch"]
    assert _causes("x.cu:1:10: fatal error: cub/cub.cuh: No such file or directory\n")[:1] != ["extension_abi_mismatch"]


def test_ptxas_older_than_the_ptx_it_was_given() -> None:
    # triton-lang/triton#322: CUDA 11.1's ptxas under a Triton that writes PTX 7.3.
    text = "ptxas /tmp/triton_k, line 5; fatal   : Unsupported .version 7.3; current version is '7.1'\n"
    finding = explain(text)[0]
    assert finding.cause == "build_toolchain_missing" and "7.1" in finding.title and "7.3" in finding.title
    assert finding.fix is not None and "TRITON_PTXAS_PATH" in finding.fix.code


def test_torch_c_loaded_without_its_submodules_is_an_unfinished_first_import() -> None:
    # pytorch/pytorch#182560: two threads running the first `import torch` at once.
    text = (
        'File "torch/distributed/rpc/__init__.py", line 40, in <module>\n'
        "    from torch._C._distributed_c10d import Store\n"
        "ModuleNotFoundError: No module named 'torch._C._distributed_c10d'; 'torch._C' is not a package\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "partial_import_state" and "first import" in finding.title
    assert "shadowed_module" not in _causes(text)
    # A user's torch.py makes torch itself "not a package": that stays shadowing.
    shadow = "File \"/home/u/proj/train.py\", line 1\nModuleNotFoundError: No module named 'torch.nn'; 'torch' is not a package\n"
    assert "partial_import_state" not in _causes(shadow)[:1]


def test_numpy_refusing_a_reload() -> None:
    # gopro/node.gl#8: a script reloader calling reload() on numpy.
    text = (
        '  File "/Users/u/devel/viewer.py", line 834, in _reload_unsafe\n'
        "    reload(module)\n"
        '  File "/Users/u/env/lib/python2.7/site-packages/numpy/_globals.py", line 29, in <module>\n'
        "    raise RuntimeError('Reloading numpy._globals is not allowed')\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "partial_import_state" and finding.title.startswith("numpy")


def test_a_library_of_torchs_lib_folder_lacking_a_symbol_is_another_copy_loaded() -> None:
    # millanp95/DeLUCS#4: torch 1.0's bundled libmkldnn.so.0 asking for MKL's cblas_sgemm_alloc under conda's MKL.
    text = "ImportError: /src/envs/d/lib/python3.7/site-packages/torch/lib/libmkldnn.so.0: undefined symbol: cblas_sgemm_alloc\n"
    assert _causes(text)[:1] == ["lib_version_conflict"]
    # An environment named torch is not torch's lib folder: an extension there is still an extension.
    other = "ImportError: /home/u/anaconda3/envs/torch/lib/python3.8/site-packages/norse_op.so: undefined symbol: _ZN3c104WarnC1Ev\n"
    assert _causes(other)[:1] == ["extension_abi_mismatch"]


def test_mkl_unable_to_run_its_dll_on_windows_is_a_conflicting_copy() -> None:
    # facebookresearch/demucs#27: a broken libiomp5md.dll beside mkl_intel_thread.dll.
    text = (
        "INTEL MKL ERROR: The operating system cannot execute% 1. mkl_intel_thread.dll.\n"
        "Intel MKL FATAL ERROR: Cannot load mkl_intel_thread.dll.\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "windows_dll_dependency" and "mkl_intel_thread.dll" in finding.title
    # A DLL not found is a missing file, not this (its own reading since -06r: MKL cannot find the file).
    missing = "INTEL MKL ERROR: The specified module could not be found. mkl_vml_def.1.dll.\n"
    assert "conflicting" not in explain(missing)[0].title
