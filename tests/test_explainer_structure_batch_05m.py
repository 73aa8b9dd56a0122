"""What batch-2026-12-05m taught (docs/accuracy-runs/batch-2026-12-05m.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain

JAX_TITLE = "JAX packages of releases that do not go together"


def test_a_jax_plugin_failing_in_its_own_initialisation() -> None:
    # jax-ml/jax#26750: CUDA plugins newer than jax and jaxlib 0.4.35.
    text = (
        "Jax plugin configuration error: Exception when calling jax_plugins.xla_cuda12.initialize()\n"
        "Traceback (most recent call last):\n"
        '  File "/v/lib/python3.13/site-packages/jax/_src/xla_bridge.py", line 610, in discover_pjrt_plugins\n'
        "    plugin_module.initialize()\n"
    )
    assert explain(text)[0].title == JAX_TITLE
    # The plugin's own check naming a CUDA library it did not find is no release question (jax-ml/jax#29843).
    missing = text + "RuntimeError: jaxlib/cuda/versions_helpers.cc:81: operation failed: The cuSPARSE library was not found.\n"
    assert all(f.title != JAX_TITLE for f in explain(missing))


def test_jaxlib_lacking_a_module_older_jax_code_imports() -> None:
    # Emerge-Lab/gpudrive#499: jaxlib 0.6.2 under jax 0.4.0.
    text = (
        '  File "/w/gpudrive/visualize/core.py", line 13, in <module>\n'
        "    from jaxlib.xla_extension import ArrayImpl\n"
        "ModuleNotFoundError: No module named 'jaxlib.xla_extension'\n"
    )
    assert explain(text)[0].title == JAX_TITLE
    assert explain(text.replace("jaxlib.xla_extension", "jaxlibx.xla_extension"))[0].title != JAX_TITLE


def test_a_library_missing_in_a_warning_is_the_warning_files_package() -> None:
    # microsoft/onnxruntime#2642: the warnings module names the file that warned before the traceback's frames; the
    # pasted text and the live capture (frames first) now give the same answer (tests/test_agreement.py).
    text = (
        ">>> import onnxruntime\n"
        "/h/anaconda3/lib/python3.6/site-packages/onnxruntime/capi/_pybind_state.py:12: UserWarning: Cannot load "
        "onnxruntime.capi. Error: 'libcublas.so.9.1: cannot open shared object file: No such file or directory'\n"
        "ImportError: cannot import name 'RunOptions'\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.title == "ONNX Runtime cannot load libcublas.so.9.1" and finding.fix is not None
    assert "torch" not in finding.fix.code
    # Without the warning's file the library is torch's question, as before.
    bare = "OSError: libcublas.so.9.1: cannot open shared object file: No such file or directory"
    assert explain(bare, platform="linux")[0].title != finding.title


def test_nvrtcs_builtins_named_without_the_messages_full_stop_and_on_windows() -> None:
    # p-gueguen/rctd-py#17's words: the name ends at its version, not at the sentence's full stop.
    linux = "nvrtc: error: failed to open libnvrtc-builtins.so.13.0.\n  Make sure that libnvrtc-builtins.so.13.0 is installed correctly."
    assert explain(linux, platform="linux")[0].title == "The CUDA library libnvrtc-builtins.so.13.0 cannot be found"
    # binary-husky/gpt_academic#1216: Windows' name for them.
    windows = (
        "RuntimeError: nvrtc: error: failed to open nvrtc-builtins64_121.dll.\n"
        "  Make sure that nvrtc-builtins64_121.dll is installed correctly."
    )
    finding = explain(windows, platform="windows")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "nvrtc-builtins64_121.dll" in finding.title
    assert not finding.title.endswith(".dll. cannot be found")


def test_a_docker_compose_log_with_a_container_name_prefix() -> None:
    # Zyphra/Zonos#165: compose pads a container_name ("zonos_container  | ") before each line of the container's log.
    text = (
        "/opt/conda/lib/python3.11/site-packages/torch/cuda/__init__.py:235: UserWarning:\n"
        "zonos_container  | NVIDIA GeForce RTX 5080 with CUDA capability sm_120 is not compatible with the current PyTorch installation.\n"
        "zonos_container  | The current PyTorch install supports CUDA capabilities sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_90.\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "gpu_arch_unsupported" and finding.title.startswith("NVIDIA GeForce RTX 5080 (sm_120)")


def test_tensorflow_1s_cudnn_check_with_versions_as_numbers() -> None:
    # qianguih/voxelnet#50: conda's cuDNN 7.1.3 under a TensorFlow 1.4.1 compiled with 7.0.5 (conda install cudnn=7.0.5).
    text = (
        "E tensorflow/stream_executor/cuda/cuda_dnn.cc:378] Loaded runtime CuDNN library: 7103 (compatibility version 7100) "
        "but source was compiled with 7005 (compatibility version 7000).  If using a binary install, upgrade your CuDNN library."
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "lib_version_conflict"
    assert finding.title == "TensorFlow was compiled with cuDNN 7.0.5, but the cuDNN installed is 7.1.3"
    assert finding.fix is not None and "conda install cudnn=7.0.5" in finding.fix.code
    # XLA's newer words, versions dotted, stay the reading of another library's cuDNN loaded first.
    xla = "Loaded runtime CuDNN library: 9.1.0 but source was compiled with: 9.8.0"
    assert explain(xla, platform="linux")[0].title.startswith("XLA (JAX or TensorFlow) was built with cuDNN 9.8.0")


def test_numpys_ufunc_struct_size_check() -> None:
    # open-edge-platform/geti#279: pycocotools built against a newer NumPy than the one pinned (fixed by NumPy 1.18.3).
    text = "ValueError: numpy.ufunc size changed, may indicate binary incompatibility. Expected 216 from C header, got 192 from PyObject"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "numpy_abi_mismatch" and finding.confidence >= 0.85
    assert finding.fix is not None and "numpy" in finding.fix.code


def test_mkls_dispatcher_failing_to_load_its_cpu_library() -> None:
    # TIGRLab/admin#1102: conda's MKL half-updated; `conda install mkl` fixed it.
    text = "Intel MKL FATAL ERROR: Cannot load libmkl_mc3.so or libmkl_def.so."
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and finding.title.startswith("MKL could not load libmkl_mc3.so")
    assert finding.fix is not None and finding.fix.code == "conda install mkl"
    # LibTorch's Windows zip lacking an MKL DLL (pytorch/pytorch#125013) is not this reading.
    assert not explain("Intel MKL FATAL ERROR: cannot load mkl_vml_def.1.dll.", platform="windows")[0].title.startswith("MKL could not")


def test_build_tools_missing_in_other_words() -> None:
    # Four build failures whose own words were read only by similar reports before (each thread named in build.py).
    def build_kind(text: str, platform: str = "linux") -> str:
        finding = explain(text, platform=platform)[0]
        assert finding.cause == "build_toolchain_missing", text
        return finding.title

    assert "no C/C++ compiler" in build_kind("gcc: fatal error: cannot execute ‘cc1plus’: execvp: No such file or directory")
    assert "cl.exe" in build_kind("error: command 'cl.exe' failed: No such file or directory", "windows")
    assert build_kind("FileNotFoundError: [Errno 2] No such file or directory: 'ninja'").startswith("ninja")
    assert build_kind("RuntimeError: Cannot find CUDA_HOME. CUDA must be available to build the package.").startswith("CUDA_HOME")


def test_numpy_versions_without_0x_and_torchs_ndarray_check() -> None:
    # trailbehind/DeepOSM#2: older NumPy printed the API versions without "0x"; a module built for a newer NumPy.
    old = "RuntimeError: module compiled against API version a but this version of numpy is 9"
    assert explain(old)[0].title == "A module was built for a newer NumPy than the one installed"
    # pytorch/pytorch#129634: torch 2.3.1's own type check under NumPy 2.0.0.
    typed = explain("TypeError: expected np.ndarray (got numpy.ndarray)", packages={"torch": "2.3.1", "numpy": "2.0.0"})[0]
    assert typed.cause == "numpy_abi_mismatch" and "NumPy 2" in typed.title
    # apex's setup.py copied by kaolin, with no CUDA toolkit (NVIDIAGameWorks/kaolin#561).
    kaolin = (
        '    raw_output = subprocess.check_output([cuda_dir + "/bin/nvcc", "-V"], universal_newlines=True)\n'
        "TypeError: unsupported operand type(s) for +: 'NoneType' and 'str'"
    )
    assert explain(kaolin, platform="windows")[0].title.startswith("CUDA_HOME")


def test_extension_symbols_in_cut_or_newer_loader_words() -> None:
    # h2oai/h2ogpt#1348: the loader's words cut where the symbol would follow.
    cut = "/h/conda/lib/python3.10/site-packages/flash_attn_2_cuda.cpython-310-x86_64-linux-gnu.so: undefined symbol"
    full = cut.replace("undefined symbol", "undefined symbol: _ZN3c104cuda9SetDeviceEi")
    assert explain(cut)[0].cause == "extension_abi_mismatch" and explain(cut)[0].title == explain(full)[0].title
    # A companion's library cut so stays the companion's reading.
    assert "torchvision" in explain(cut.replace("flash_attn_2_cuda.cpython-310", "torchvision/_C"))[0].title.lower()
    # pytorch/rl#1308: dyld naming torch's libtorch_python.dylib as where pybind11's caster of at::Tensor was expected.
    dyld = (
        "ImportError: dlopen(/Users/d/env/lib/python3.9/site-packages/torchrl/_torchrl.so, 0x0002): Symbol not found: "
        "__ZN8pybind116detail11type_casterIN2at6TensorEvE4castE\n"
        "  Referenced from: <26B1> /Users/d/env/lib/python3.9/site-packages/torchrl/_torchrl.so\n"
        "  Expected in:     <8F09> /Users/d/env/lib/python3.9/site-packages/torch/lib/libtorch_python.dylib"
    )
    assert explain(dyld, platform="macos")[0].title.startswith("torchrl was built against a different torch")
    # xFormers' report lines pasted alone, their indent lost (Lightricks/LTX-Desktop#23).
    report = "PyTorch 2.9.0+cu128 with CUDA 1208 (you have 2.10.0+cu128)\nPython  3.10.11 (you have 3.13.12)\nPlease reinstall xformers"
    assert explain(report, platform="windows")[0].title == "xformers was built against a different torch or CUDA"
