"""What batch-2026-12-05n taught (docs/accuracy-runs/batch-2026-12-05n.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain, similar

LFS_TITLE = "A file holds a Git LFS pointer instead of its contents: the repository's LFS files were never fetched"


def test_a_half_initialised_cv2_with_no_file_of_the_users_is_two_opencv_packages() -> None:
    # Viral-Doshi/Gesture-Controlled-Virtual-Mouse#31, modelscope/ms-agent#23: the message alone.
    text = "AttributeError: partially initialized module 'cv2' has no attribute 'dnn' (most likely due to a circular import)"
    found = explain(text)
    assert found[0].cause == "duplicate_installations"
    assert "shadowed_module" in [f.cause for f in found[:3]]  # a cv2.py of the user's stays the second reading
    # A user's cv2.py in the frames is the shadow it is.
    own = '  File "/home/u/proj/cv2.py", line 3, in <module>\n    img = cv2.dnn.readNet("m")\n' + text
    assert explain(own)[0].cause == "shadowed_module"


def test_a_library_that_is_text_is_a_git_lfs_pointer() -> None:
    # NVIDIA-AI-IOT/Lidar_AI_Solution#66: GNU ld's fallback for a file it does not recognise.
    linked = "/usr/bin/ld:./libspconv.so: file format not recognized; treating as linker script"
    finding = explain(linked, platform="linux")[0]
    assert finding.cause == "corrupted_install" and finding.title == LFS_TITLE
    # A library of another system is no text file: ld says "file in wrong format" (pytorch/pytorch#43464).
    other = "/usr/bin/ld: libtorch.so: error adding symbols: file in wrong format"
    assert explain(other, platform="linux")[0].cause == "wheel_platform_mismatch"
    # Nesvilab/FragPipe#2639: the loader's "invalid ELF header" beside the pointer's own lines; the fix pulls the LFS
    # files in the library's folder, not a reinstall of torch.
    loaded = (
        "version https://git-lfs.github.com/spec/v1\noid sha256:" + "b" * 64 + "\nsize 497868624\n"
        "./diann: error while loading shared libraries: /opt/diann/linux/libtorch_cpu.so: invalid ELF header\n"
    )
    finding = explain(loaded, platform="linux")[0]
    assert finding.title == LFS_TITLE and finding.fix is not None and 'git -C "/opt/diann/linux" lfs pull' in finding.fix.code
    assert "pointer where the library libtorch_cpu.so" in finding.explanation
    # Without the pointer it is a damaged file, as before.
    assert explain(loaded.split("./diann")[1], platform="linux")[0].title != LFS_TITLE


def test_nvlabs_plugin_build_failed() -> None:
    # NVlabs/stylegan2-ada-pytorch#37: custom_ops' own words when the plugin's build fails (ninja missing there).
    finding = explain('Setting up PyTorch plugin "bias_act_plugin"... Failed!')[0]
    assert finding.cause == "build_toolchain_missing" and "bias_act_plugin" in finding.title
    assert explain('Setting up PyTorch plugin "bias_act_plugin"... Done.')[0].cause != "build_toolchain_missing"


def test_a_toolkit_variable_naming_a_file() -> None:
    # facebookresearch/maskrcnn-benchmark#1131: CUDNN_PATH set to cuDNN's library file.
    finding = explain("/usr/local/cuda/lib64/libcudnn.so.7/include: Not a directory", platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and finding.fix is not None
    assert "set it to /usr/local/cuda instead" in finding.fix.code
    folder = explain("/usr/local/cuda/lib64/include: Not a directory", platform="linux")[0]
    assert not folder.title.startswith("A toolkit variable names the file")


def test_ptxas_older_than_the_gpu() -> None:
    # ModelTC/LightLLM#176 (triton 2.0.0 stated, RTX 4090) and triton-lang/triton#8539 (Triton's bundled ptxas named).
    text = "ptxas fatal   : Value 'sm_89' is not defined for option 'gpu-name'"
    triton = explain(text, packages={"triton": "2.0.0"})[0]
    assert triton.cause == "build_toolchain_missing" and triton.title.startswith("Triton's own ptxas cannot compile for sm_89")
    assert triton.fix is not None and "TRITON_PTXAS_PATH=/usr/local/cuda/bin/ptxas" in triton.fix.code
    windows = explain(text, platform="windows", packages={"triton": "2.0.0"})[0]
    assert windows.fix is not None and r"%CUDA_PATH%\bin\ptxas.exe" in windows.fix.code
    plain = explain(text)[0]
    assert plain.cause == "build_toolchain_missing" and plain.title.startswith("This ptxas cannot compile for sm_89")


def test_bitsandbytes_cuda_setup_finding_no_runtime() -> None:
    # tloen/alpaca-lora#46: bitsandbytes 0.37's search, then its probe of the process itself.
    text = (
        "CUDA_SETUP: WARNING! libcudart.so not found in any environmental path. Searching /usr/local/cuda/lib64...\n"
        "ERROR: python: undefined symbol: cudaRuntimeGetVersion\n"
        "CUDA SETUP: libcudart.so path is None\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and finding.fix is not None
    assert 'install "bitsandbytes>=0.43.0"' in finding.fix.code
    # The probe's line is no extension built for another CUDA.
    assert explain("ERROR: python: undefined symbol: cudaRuntimeGetVersion")[0].cause != "extension_abi_mismatch"
    # bitsandbytes-foundation/bitsandbytes#52: the driver's library by its bare name, as WSL leaves it.
    wsl = "CUDA SETUP: WARNING! libcuda.so not found! Do you have a CUDA driver installed? If you are on a cluster, make sure"
    assert explain(wsl, platform="linux")[0].cause == "missing_cuda_runtime_lib"


def test_a_loader_message_written_without_spaces_and_autogptqs_warning() -> None:
    # hiyouga/LlamaFactory#3866: auto-gptq 0.5.0 (stated), a CUDA 12 build.
    text = "libcudart.so.12:cannot open shared object file:no such file or directory\nCUDA extension not installed\n"
    finding = explain(text, platform="linux", packages={"auto-gptq": "0.5.0"})[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("auto-gptq")
    assert explain(text, platform="linux")[0].cause != "other"


def test_no_module_named_retyped_in_lower_case() -> None:
    # facebookresearch/TimeSformer#77: the reporter typed Python's words in lower case.
    assert explain("no module named 'timm'")[0].cause == "module_not_installed_in_kernel_env"
    assert explain("there is no module named like that")[0].cause == "other"


def test_jax_plugin_and_libtpu_of_other_releases() -> None:
    # AI-Hypercomputer/maxtext#2736: a PJRT plugin of another release than jaxlib.
    pjrt = "jax.errors.JaxRuntimeError: INVALID_ARGUMENT: Unexpected PJRT_FFI_UserData_Add_Args size: expected 48, got 40"
    assert explain(pjrt)[0].title == "JAX packages of releases that do not go together"
    # jax-ml/jax#7247: jaxlib's TPU executor (its TensorFlow sources are external/) and another libtpu.
    tpu = (
        "F external/org_tensorflow/tensorflow/core/tpu/tpu_executor_init_fns.inc:110] "
        "TpuTransferManager_ReadDynamicShapes not available in this library."
    )
    assert explain(tpu)[0].title == "JAX packages of releases that do not go together"
    assert explain(tpu.replace("external/org_tensorflow/", ""))[0].title != "JAX packages of releases that do not go together"


def test_numpy_loaded_twice_in_one_process() -> None:
    # numpy/numpy#14384 (a uWSGI sub-interpreter) and Almenon/AREPL-vscode#427 (NumPy's own warning).
    for text in (
        "RuntimeError: implement_array_function method already has a docstring",
        "UserWarning: The NumPy module was reloaded (imported a second time). This can in some cases result in small",
    ):
        finding = explain(text)[0]
        assert finding.cause == "partial_import_state" and finding.title.startswith("numpy ")


def test_an_own_import_over_two_lines_in_a_later_cell_is_a_stale_kernel() -> None:
    # YeoLab/flotilla#324: the package reinstalled under the running kernel; the name missing is on the statement's
    # second line.
    text = (
        "<ipython-input-4-503a34b1fbe9> in <module>()\n"
        "---> 11 import flotilla\n\n"
        "/a/lib/python2.7/site-packages/flotilla/study.py in <module>()\n"
        "---> 31 from .util import load_csv, load_json, \\\n"
        "     32     load_pickle_df, load_hdf, timestamp\n\n"
        "ImportError: cannot import name load_hdf\n"
    )
    found = explain(text)
    assert [f.cause for f in found[:2]] == ["stale_module_after_upgrade", "corrupted_install"]
    assert "from .util import load_csv, load_json, load_pickle_df, load_hdf, timestamp" in " ".join(found[0].evidence)
    # In a first cell nothing was loaded before: the install's files are of two releases.
    first = text.replace("<ipython-input-4-", "<ipython-input-1-")
    assert explain(first)[0].cause == "corrupted_install"


def test_deepspeeds_async_io_built_on_windows() -> None:
    # deepspeedai/DeepSpeed#3145 and ssbuild/chatglm_finetuning#175.
    text = (
        "LINK : fatal error LNK1181: cannot open input file 'aio.lib'\n"
        " [WARNING]  async_io requires the dev libaio .so object and headers but these were not found.\n"
        "AssertionError: Unable to pre-compile async_io\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch" and finding.fix is not None
    assert finding.fix.code == 'pip install --only-binary deepspeed "deepspeed>=0.14.5"'
    # DeepSpeed's probe at import prints the link line alone, and nothing failed (unslothai/unsloth#1909).
    # No rule reads it (a guess from alike reports may name the cause, under 20%).
    probe = "test.c\nLINK : fatal error LNK1181: cannot open input file 'aio.lib'\n"
    first = explain(probe, platform="windows")[0]
    assert first.cause != "wheel_platform_mismatch" or similar.is_guess(first)


def test_a_dll_code_after_the_dlls_name() -> None:
    # AmusementClub/vs-mlrt#13: torch's CUDA DLLs of the same names loaded first.
    text = r"vstrt: failed to preload C:\Users\u\AppData\Roaming\VapourSynth\plugins64\vsmlrt-cuda\cublas64_11.dll, errno 127"
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "windows_dll_dependency" and "WinError 127" in finding.title


def test_a_stated_packages_source_tree_run_from_its_folder() -> None:
    # sun1638650145/Libraries-and-Extensions-for-TensorFlow-for-Apple-Silicon#2: tensorflow-text 2.8.2 installed.
    text = (
        "Traceback (most recent call last):\n"
        '  File "<stdin>", line 1, in <module>\n'
        '  File "/Users/j/src/text-2.8.2/tensorflow_text/__init__.py", line 20, in <module>\n'
        "    from tensorflow_text.core.pybinds import tflite_registrar\n"
        "ImportError: cannot import name 'tflite_registrar' from 'tensorflow_text.core.pybinds' (unknown location)\n"
    )
    finding = explain(text, packages={"tensorflow-text": "2.8.2"})[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None
    assert "outside /Users/j/src/text-2.8.2" in finding.fix.code  # the source tree is left alone
    # Unstated, nothing says an installed copy is hidden: no rule reads it so (at most the similar reports' guess).
    assert explain(text)[0].confidence < 0.2
