"""What batch-2026-12-06v taught (docs/accuracy-runs/batch-2026-12-06v.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def _causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)[:3]]  # type: ignore[arg-type]


_ORT_PROVIDER = (
    "[E:onnxruntime:Default, provider_bridge_ort.cc:2195 onnxruntime::TryGetProviderInfo_CUDA] provider_bridge_ort.cc:1778 "
    "onnxruntime::ProviderLibrary::Get [ONNXRuntimeError] : 1 : FAIL : Error loading "
    '"C:\\Users\\me\\.conda\\envs\\wan\\Lib\\site-packages\\onnxruntime\\capi\\onnxruntime_providers_cuda.dll" which depends on '
    '"cublasLt64_12.dll" which is missing. (Error 126: "The specified module could not be found.")\n'
)


def test_a_missing_dependency_the_loader_names_is_the_dll_to_look_for() -> None:
    # Wan2GP#1513: ONNX Runtime's CUDA provider needs CUDA 12's cuBLAS; CUDA 13 alone was installed.
    finding = explain(_ORT_PROVIDER, platform="windows")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "cublasLt64_12.dll" in finding.title and "onnxruntime" in finding.title
    assert finding.fix is not None and "CUDA toolkit 12" in finding.fix.code


def test_a_dependency_that_is_not_cudas_keeps_the_runtime_reading() -> None:
    # The same words naming the C++ runtime: the runtime is the reading, not CUDA.
    runtime = _ORT_PROVIDER.replace("cublasLt64_12.dll", "MSVCP140.dll")
    assert _causes(runtime, platform="windows")[0] == "missing_vc_redist"
    # Without the dependency named, the DLL being loaded is what the reading names.
    unnamed = _ORT_PROVIDER.replace(' which depends on "cublasLt64_12.dll" which is missing.', "")
    assert "cublasLt64_12.dll" not in explain(unnamed, platform="windows")[0].title


def test_nvcc_and_cuda_headers_of_different_releases_is_the_build_toolchain() -> None:
    # flashinfer-ai/flashinfer#3493 and an edutelligence PR: pip's nvcc wheel of another release than the runtime headers.
    log = (
        'cuda_toolkit.h:41:8: error: #error "CUDA compiler and CUDA toolkit headers are incompatible, please check your include paths"\n'
        "RuntimeError: Ninja build failed.\n"
    )
    finding = explain(log)[0]
    assert finding.cause == "build_toolchain_missing" and "different CUDA releases" in finding.title
    assert finding.fix is not None and "nvidia-cuda-nvcc" in finding.fix.code and "<" not in finding.fix.code


def test_cccl_lacking_a_member_is_a_toolkit_older_than_the_code() -> None:
    # vllm-project/vllm PR 37507: FlashInfer's JIT kernels against CUDA 12.4's CCCL, nvcc's own quoting.
    log = 'error: namespace "cuda::ptx" has no member "tensormap_replace_global_dim"\n'
    finding = explain(log)[0]
    assert finding.cause == "build_toolchain_missing" and "tensormap_replace_global_dim" in finding.title
    # Another namespace lacking a member (the host compiler's std, a project's own) is not CUDA's headers.
    for other in ('error: namespace "std" has no member "filesystem"\n', "error: namespace 'mylib::ptx' has no member 'x'\n"):
        assert "CUDA toolkit's headers" not in explain(other)[0].title


def test_cv2_typing_asking_for_dictvalue_is_two_opencv_packages() -> None:
    # vllm-project/vllm#8650: opencv-python-headless pulled in beside opencv-python; keep one.
    finding = explain("AttributeError: module 'cv2.dnn' has no attribute 'DictValue'")[0]
    assert finding.cause == "duplicate_installations" and "OpenCV" in finding.title
    assert finding.fix is not None and "opencv-python-headless" in finding.fix.code
    # Another name missing from cv2.dnn is a user's call, not cv2's own files at import.
    assert explain("AttributeError: module 'cv2.dnn' has no attribute 'readNetFromTorch'")[0].cause != "duplicate_installations"


def test_a_stale_modules_upgrade_hint_names_the_distribution_pip_installs() -> None:
    # cv2 is installed by opencv-python: an upgrade of "cv2" would install nothing.
    stale = [f for f in explain("AttributeError: module 'cv2.dnn' has no attribute 'DictValue'") if f.cause == "stale_module_after_upgrade"]
    assert stale and stale[0].fix is not None
    assert "pip install --upgrade opencv-python" in (stale[0].fix.note or "") and "upgrade cv2" not in (stale[0].fix.note or "")


def test_tensorboards_duplicate_plugins_is_two_tensorboard_distributions() -> None:
    # pytorch/pytorch#22676: a half-uninstalled tensorboard beside the new one; on Colab, tensorboard beside tb-nightly.
    finding = explain("ValueError: Duplicate plugins for name projector")[0]
    assert finding.cause == "duplicate_installations" and "TensorBoard" in finding.title
    assert finding.fix is not None and finding.fix.code.splitlines() == [
        "pip uninstall -y tensorboard tb-nightly tensorflow-tensorboard",
        "pip install tensorboard",
    ]
    assert "~ensorboard" in (finding.fix.note or "")


def test_nvml_reaching_no_driver_is_no_gpu_for_the_process() -> None:
    # traveller59/spconv#185: a driver installed inside the container instead of the host's through --gpus all.
    finding = explain("Failed to initialize NVML: Unknown Error")[0]
    assert finding.cause == "no_driver_or_gpu" and finding.fix is not None and "--gpus all" in finding.fix.code
    # A driver upgraded under the running one is another failure, not read as this.
    assert explain("Failed to initialize NVML: Driver/library version mismatch")[0].cause != "no_driver_or_gpu"


def test_tritons_cached_helper_that_does_not_load_is_cleared_from_its_cache(tmp_path: object, monkeypatch: object) -> None:
    # woct0rdho/triton-windows#7: cuda_utils compiled for the Python used before; deleting Triton's cache fixed it.
    import os
    import pathlib
    import runpy

    finding = explain(
        "ImportError: DLL load failed while importing cuda_utils: The specified module could not be found.", platform="windows"
    )[0]
    assert finding.cause == "extension_abi_mismatch" and "Triton" in finding.title
    assert finding.fix is not None and finding.fix.kind == "python"
    # The fix removes the folder Triton reads (TRITON_CACHE_DIR here) and nothing else.
    cache = pathlib.Path(str(tmp_path)) / "triton-cache"
    (cache / "abc").mkdir(parents=True)
    (cache / "abc" / "cuda_utils.pyd").write_bytes(b"")
    keep = pathlib.Path(str(tmp_path)) / "keep.txt"
    keep.write_text("x")
    monkeypatch.setenv("TRITON_CACHE_DIR", str(cache))  # type: ignore[attr-defined]
    script = pathlib.Path(str(tmp_path)) / "fix.py"
    script.write_text(finding.fix.code)
    runpy.run_path(str(script))
    assert not cache.exists() and keep.exists() and os.path.isdir(str(tmp_path))
    # Another module's DLL failure is not Triton's cache.
    assert (
        "Triton" not in explain("ImportError: DLL load failed while importing cuda_ext: The specified module could not be found.")[0].title
    )


def test_a_python_c_api_name_missing_is_a_module_built_for_another_python() -> None:
    # DenseFusion#2: a _knn_pytorch.so built with Python 3, run under Python 2.
    text = "ImportError: /home/u/DenseFusion/lib/knn/knn_pytorch/_knn_pytorch.so: undefined symbol: _Py_Dealloc\n"
    finding = explain(text)[0]
    assert finding.cause == "extension_abi_mismatch" and "another Python" in finding.title and "_knn_pytorch.so" in finding.title
    assert finding.fix is not None and "interpreter that loads it" in finding.fix.code
    # A C++ name of torch's keeps the reading of another torch; a package's own C name starting with Py is not Python's.
    torch_symbol = text.replace("_Py_Dealloc", "_ZN3c104impl23ExcludeDispatchKeyGuardC1ENS_14DispatchKeySetE")
    assert "another Python" not in explain(torch_symbol)[0].title
    assert "another Python" not in explain(text.replace("_Py_Dealloc", "PyTorchOpRegister"))[0].title


def test_boost_python_names_missing_is_a_build_that_did_not_link_boost_python() -> None:
    # unlimblue/KNN_CUDA#1: the Makefile did not link boost_python.
    finding = explain("ImportError:knn.so:undefined symbol: _ZTIN5boost6python7objects21py_function_impl_baseE")[0]
    assert finding.cause == "other" and "without linking" in finding.title
    assert finding.fix is not None and "-lboost_python" in finding.fix.code


def test_dyld_missing_a_python_c_api_name_is_the_same_reading_as_linuxs() -> None:
    # Clarius cast#36: pycast.so built for a newer Python; Tencent/ncnn#2654: pyncnn built against Python 2.7.
    text = (
        "ImportError: dlopen(/Users/u/cast/src/python/pycast.so, 2): Symbol not found: __Py_tracemalloc_config\n"
        "  Referenced from: /Users/u/cast/src/python/pycast.so\n  Expected in: flat namespace\n"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "extension_abi_mismatch" and "another Python" in finding.title and "pycast.so" in finding.title
    # belangeo/pyo#131: the paste breaks the line after "Symbol not found:".
    broken = text.replace("Symbol not found: __Py_tracemalloc_config", "Symbol not found: \n__Py_ZeroStruct")
    assert "another Python" in explain(broken, platform="macos")[0].title
    # torch's own binding missing a Python name is a torch wheel for another Python (PySlice_Unpack, pytorch/pytorch#17237).
    binding = text.replace("/Users/u/cast/src/python/pycast.so", "/Users/u/env/lib/python3.6/site-packages/torch/_C.so")
    assert "another Python" not in explain(binding.replace("__Py_tracemalloc_config", "_PySlice_Unpack"), platform="macos")[0].title


def test_a_frameworks_own_library_lacking_a_cuda_launch_call_is_a_build_mixing_two_cudas() -> None:
    # Oneflow-Inc/oneflow#10418: liboneflow.so built from source, "caused by two cuda versions conflicting".
    text = "ImportError: /home/u/oneflow/build/liboneflow.so: undefined symbol: cudaConfigureCall\n"
    finding = explain(text)[0]
    assert finding.cause == "build_toolchain_missing" and "liboneflow.so" in finding.title
    assert finding.fix is not None and "one CUDA toolkit" in finding.fix.code
    # A Python extension module lacking it is a torch extension built against another CUDA (Deformable-DETR#3).
    module = "ImportError: /home/u/ops/MultiScaleDeformableAttention.cpython-38-x86_64-linux-gnu.so: undefined symbol: cudaSetupArgument\n"
    assert explain(module)[0].cause == "extension_abi_mismatch"


def test_a_name_every_release_has_missing_from_an_import_is_a_file_answering_for_the_package() -> None:
    # vllm-project/vllm#475: a script named vllm.py answering `from vllm import LLM`.
    finding = explain("cannot import name 'LLM' from 'vllm'")[0]
    assert finding.cause == "shadowed_module" and "vllm" in finding.title
    # Python names the file: one outside site-packages named like the package is the one that answered.
    named = explain("ImportError: cannot import name 'LLM' from 'vllm' (/home/u/vllm.py)")[0]
    assert named.cause == "shadowed_module" and named.confidence >= 0.8 and "/home/u/vllm.py" in " ".join(named.evidence + [named.title])
    # intel/intel-xpu-backend-for-triton#2740: a triton folder in the working directory, as the attribute form.
    assert explain("AttributeError: module 'triton' has no attribute 'jit'")[0].cause == "shadowed_module"
    # A name only newer releases have is not read so; nor is the installed package's own file.
    assert explain("cannot import name 'LLMEngineX' from 'vllm'")[0].cause != "shadowed_module"
    installed = "ImportError: cannot import name 'LLM' from 'vllm' (/u/.venv/lib/python3.11/site-packages/vllm/__init__.py)"
    assert explain(installed)[0].cause != "shadowed_module"
