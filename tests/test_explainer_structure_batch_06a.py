"""What batch-2026-12-06a taught (docs/accuracy-runs/batch-2026-12-06a.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain

_LLAMA_SYSTEM_INFO = (
    "llama_init_from_file: kv self size  = 1000.00 MB\n"
    "AVX = 1 | AVX2 = 0 | AVX512 = 0 | AVX512_VBMI = 0 | AVX512_VNNI = 0 | FMA = 0 | NEON = 0 | ARM_FMA = 0 | F16C = 1 | "
    "FP16_VA = 0 | WASM_SIMD = 0 | BLAS = 0 | SSE3 = 1 | VSX = 0 | \n"
)


def test_a_crash_after_a_programs_own_feature_line_names_the_extension_it_lacked() -> None:
    # zylon-ai/private-gpt#203: llama.cpp's system info says AVX2 = 0, then the process dies.
    crashed = explain(_LLAMA_SYSTEM_INFO + "Using embedded DuckDB with persistence\nIllegal instruction (core dumped)\n")
    assert [f.cause for f in crashed[:2]] == ["wheel_platform_mismatch", "cpu_only_build"]
    # Without the crash the same line is llama.cpp built without a GPU backend, as before.
    assert explain(_LLAMA_SYSTEM_INFO)[0].cause == "cpu_only_build"
    # A line with every extension on names none: the crash is read as before, less sure.
    every = _LLAMA_SYSTEM_INFO.replace("AVX2 = 0", "AVX2 = 1")
    assert explain(every + "Illegal instruction (core dumped)\n")[0].confidence < crashed[0].confidence


_DLL_INIT_FAILED = "ImportError: DLL load failed: A dynamic link library (DLL) initialization routine failed."


def test_tensorflows_dll_failing_to_initialise_is_first_a_cpu_without_avx() -> None:
    # tensorflow/tensorflow#37221: TensorFlow 2.0.0 on a CPU without AVX.
    first = explain(_DLL_INIT_FAILED, platform="windows", packages={"tensorflow": "2.0.0"})
    assert [f.cause for f in first[:2]] == ["wheel_platform_mismatch", "missing_vc_redist"]
    assert first[0].fix is not None and "IsProcessorFeaturePresent" in first[0].fix.code
    # TensorFlow's own words place it with no package stated.
    runtime = "ImportError: Traceback (most recent call last):\n" + _DLL_INIT_FAILED + "\n\nFailed to load the native TensorFlow runtime.\n"
    assert explain(runtime, platform="windows")[0].cause == "wheel_platform_mismatch"
    # Before 1.6 its builds used no AVX; beside torch, the DLL is torch's: the Visual C++ runtime, as before.
    assert explain(_DLL_INIT_FAILED, platform="windows", packages={"tensorflow": "1.5.0"})[0].cause == "missing_vc_redist"
    beside_torch = {"tensorflow": "2.0.0", "torch": "2.1.0"}
    assert explain(_DLL_INIT_FAILED, platform="windows", packages=beside_torch)[0].cause == "missing_vc_redist"
    # torch's own c10.dll failing, in a traceback that passed through TensorFlow's folder, is torch's.
    c10 = (
        '  File "C:\\env\\lib\\site-packages\\tensorflow\\python\\__init__.py", line 2, in <module>\n'
        "OSError: [WinError 1114] A dynamic link library (DLL) initialization routine failed. "
        'Error loading "C:\\env\\lib\\site-packages\\torch\\lib\\c10.dll" or one of its dependencies.\n'
    )
    assert explain(c10, platform="windows")[0].cause == "missing_vc_redist"
    assert explain(c10.replace("torch\\lib\\c10.dll", "x.dll"), platform="windows")[0].cause == "wheel_platform_mismatch"


def test_tensorflows_dnn_library_not_found_is_a_cudnn_of_another_release() -> None:
    # googlecolab/colabtools#3013: Colab's cuDNN 8.0 under a TensorFlow built for 8.1.
    text = (
        "Node: 'sequential_2/conv2d_2/Conv2D'\nDNN library is not found.\n"
        "\t [[{{node sequential_2/conv2d_2/Conv2D}}]] [Op:__inference_train_function_32418]\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "lib_version_conflict" and finding.fix is not None
    assert "get_build_info" in finding.fix.code and "<" not in finding.fix.code
    # The version check's own line, where the text has it, still names both releases.
    checked = (
        "Loaded runtime CuDNN library: 7103 (compatibility version 7100) but source was compiled with 7005 "
        "(compatibility version 7000).\n" + text
    )
    assert explain(checked)[0].title == "TensorFlow was compiled with cuDNN 7.0.5, but the cuDNN installed is 7.1.3"


def test_tensorflows_windows_self_check_of_cudas_dlls() -> None:
    # tensorflow/tensorflow#13970: a GPU build made for CUDA 8 (TensorFlow 1.3/1.4), CUDA 9 installed.
    text = (
        "- Could not load 'cudart64_80.dll'. The GPU version of TensorFlow\n"
        "  requires that this DLL be installed in a directory that is named in\n"
        "  your %PATH% environment variable. Download and install CUDA 8.0 from\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "cudart64_80.dll" in finding.title
    # A DLL that is not CUDA's is not read as one.
    assert explain(text.replace("cudart64_80.dll", "python35.dll"), platform="windows")[0].confidence < 0.2
    # The same script's cuDNN line (tensorflow/tensorflow#13837).
    cudnn = (
        "- Could not find cuDNN 6.\n\n"
        "  The GPU version of TensorFlow requires that the correct cuDNN DLL be installed\n"
        "  in a directory that is named in your %PATH% environment variable. Note that\n"
    )
    assert explain(cudnn, platform="windows")[0].cause == "missing_cuda_runtime_lib"


def test_a_tensorflow_add_on_naming_the_release_it_was_built_with() -> None:
    # openvinotoolkit/openvino_tensorflow#168: built with 2.5.0, Colab installed 2.5.1.
    text = "ValueError: Error: Installed TensorFlow version 2.5.1\n openvino_tensorflow built with: 2.5.0\n"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.fix is not None
    assert finding.fix.code == "pip install tensorflow==2.5.0"
    assert finding.title == "openvino_tensorflow was built with TensorFlow 2.5.0, but TensorFlow 2.5.1 is installed"
    # The distribution installed is the one pinned: `tensorflow` beside a tensorflow-gpu would be a second TensorFlow.
    gpu = explain(text, platform="linux", packages={"tensorflow-gpu": "2.5.1"})[0]
    assert gpu.fix is not None and gpu.fix.code == "pip install tensorflow-gpu==2.5.0"
    # The same release on both sides is no mismatch.
    assert explain(text.replace("2.5.1", "2.5.0"))[0].confidence < 0.2


_DYLD_LIBOMP = (
    "dyld[42212]: Library not loaded: @rpath/libomp.dylib\n"
    "  Referenced from: <C9C9AD98-88AC-331C-863E-CE42739716DF> /Users/u/app/build/macosx/arm64/release/app\n"
    "  Reason: tried: '/Users/u/.xmake/packages/l/libtorch/v2.5.0/af01/lib/libomp.dylib' (no such file), "
    "'/System/Volumes/Preboot/Cryptexes/OS/Users/u/.xmake/packages/l/libtorch/v2.5.0/af01/lib/libomp.dylib' (no such file),\n"
)


def test_a_program_linked_against_libtorch_missing_a_library_of_its_lib_folder() -> None:
    # xmake-io/xmake-repo#7184: LibTorch 2.5.0's package without libomp.dylib.
    finding = explain(_DYLD_LIBOMP, platform="macos")[0]
    assert finding.cause == "corrupted_install" and "libomp.dylib" in finding.title
    # Looked for elsewhere than a LibTorch folder, it is not LibTorch's download.
    elsewhere = _DYLD_LIBOMP.replace("/.xmake/packages/l/libtorch/v2.5.0/af01/lib/", "/opt/tools/lib/")
    assert not [f for f in explain(elsewhere, platform="macos") if f.cause == "corrupted_install" and f.confidence >= 0.5]


_CHECKOUT = (
    "Traceback (most recent call last):\n"
    'File "scripts/prepare_pascal.py", line 6, in\n'
    "from encoding.utils import download, mkdir\n"
    'File "/home/u/PyTorch-Encoding/encoding/__init__.py", line 13, in\n'
    "from . import nn, functions\n"
    'File "/home/u/PyTorch-Encoding/encoding/functions/encoding.py", line 15, in\n'
    "from encoding import cpu\n"
    "ImportError: cannot import name 'cpu'\n"
)


def test_a_packages_own_name_missing_from_its_checkout() -> None:
    # zhanghang1989/PyTorch-Encoding#405: Python 3.6's bare message; the checkout answered for the installed build.
    finding = explain(_CHECKOUT)[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None
    assert "outside /home/u/PyTorch-Encoding" in finding.fix.code
    # The installed package's own file: no checkout.
    installed = _CHECKOUT.replace("/home/u/PyTorch-Encoding/encoding/", "/usr/lib/python3/dist-packages/encoding/")
    assert explain(installed)[0].confidence < 0.2
    # Asked of another package, or from a folder not named for the package: not this reading.
    other = _CHECKOUT.replace("from encoding import cpu", "from helpers import cpu")
    assert explain(other)[0].confidence < 0.2
    unnamed = _CHECKOUT.replace("PyTorch-Encoding", "work")
    assert explain(unnamed)[0].confidence < 0.2


def test_a_library_counting_no_gpu_is_no_gpu_first_and_an_old_driver_second() -> None:
    # owl-project/NVISII#91: OWL's own count, with driver 418.56 older than its CUDA runtime needs.
    text = "terminate called after throwing an instance of 'std::runtime_error'\nwhat():  #owl: no CUDA capable devices found!\n"
    assert [f.cause for f in explain(text)[:2]] == ["no_driver_or_gpu", "driver_too_old"]
    # CUDA's own "no CUDA-capable device is detected" stays the surer reading, alone.
    detected = explain("RuntimeError: CUDA error: no CUDA-capable device is detected\n")
    assert detected[0].cause == "no_driver_or_gpu" and detected[0].confidence > 0.8
    assert "driver_too_old" not in [f.cause for f in detected[:3]]
