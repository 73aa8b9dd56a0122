"""What batch-2026-12-05d taught (docs/accuracy-runs/batch-2026-12-05d.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from torchenv_magic import explain, similar
from torchenv_magic.similar import GUESS_TITLE

NOTEBOOK = "<ipython-input-3-b2c30b26eecc> in <module>\n"


def _causes(text: str, platform: str | None = None) -> list[str]:
    return [finding.cause for finding in explain(text, platform=platform)]


def read_by_rules(text: str, platform: str | None = None) -> list[str]:
    """The causes a rule read, without the guesses from the most alike reports (the corpus holds these texts)."""
    return [finding.cause for finding in explain(text, platform=platform) if not finding.title.startswith(GUESS_TITLE)]


def test_parameter_packs_not_expanded_is_nvcc_with_a_newer_gcc() -> None:
    # NVlabs/instant-ngp#119: only the error line, fixed by building with g++-10.
    finding = explain("error: parameter packs not expanded with ‘...’", platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "gcc 10 or older" in finding.title
    assert finding.confidence < 0.9  # without std_function.h's path it is weaker than the header's own words
    with_header = "/usr/include/c++/11/bits/std_function.h:435:145: error: parameter packs not expanded with ‘...’:"
    assert explain(with_header, platform="linux")[0].confidence == 0.9


def test_transformers_naming_a_framework_it_cannot_import() -> None:
    # LargeWorldModel/LWM#49: transformers in a conda env without torch.
    text = "ImportError:\nLlamaForCausalLM requires the PyTorch library but it was not found in your environment."
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and finding.title.startswith("torch is not installed")
    assert finding.fix is not None and finding.fix.code.startswith("pip install torch")
    # transformers 5.25.0's words, printed here with torch hidden from it.
    five = "ImportError: \nBertModel requires PyTorch >= 2.6, but PyTorch was not found or an older version is installed."
    assert explain(five, platform="linux")[0].title.startswith("torch is not installed")
    # With torch 2.5 stated, it is a torch to upgrade, which installing torch would leave as it is: not read so.
    stated_old = explain(five, platform="linux", packages={"torch": "2.5.1"})
    assert all(not f.title.startswith("torch is not installed") for f in stated_old)
    tf = explain("TFBertModel requires the TensorFlow library but it was not found in your environment.", platform="linux")[0]
    assert tf.fix is not None and tf.fix.code == "pip install tensorflow"
    # A library the table does not know is not guessed into a pip name.
    unknown = explain("Foo requires the Wobble library but it was not found in your environment.", platform="linux")
    assert all("not installed" not in f.title for f in unknown if not similar.is_guess(f))


def test_no_nccl_built_in_is_a_cpu_build_on_linux_only() -> None:
    # skypilot-org/skypilot#8837: the cu118 index's aarch64 torch was a CPU build; Ray wraps the line.
    wrapped = "RuntimeError: Distributed\n  package doesn't have NCCL built in"
    finding = explain(wrapped, platform="linux")[0]
    assert finding.cause == "cpu_only_build" and finding.fix is not None and "download.pytorch.org/whl/cu" in finding.fix.code
    # torch for Windows never has NCCL: there the code must ask for gloo, no install gives NCCL.
    assert all(f.confidence < 0.5 for f in explain("RuntimeError: Distributed package doesn't have NCCL built in", platform="windows"))


def test_a_packages_cuda_build_dll_is_missing_cuda_libraries() -> None:
    # marella/chatdocs#51: fixed by `pip install ctransformers[cuda]`.
    path = "C:\\Python39\\Lib\\site-packages\\ctransformers-0.2.26-py3.9.egg\\ctransformers\\lib\\cuda\\ctransformers.dll"
    text = f"FileNotFoundError: Could not find module\n'{path}' (or one of its dependencies). Try using the full path"
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and finding.title.startswith("ctransformers's CUDA build")
    assert finding.fix is not None and finding.fix.code == 'pip install "ctransformers[cuda]"'
    other = explain(text.replace("ctransformers", "llamalib"), platform="windows")[0]
    assert other.cause == "missing_cuda_runtime_lib" and other.fix is not None and other.fix.kind == "manual"
    assert "torch" not in other.fix.code  # not torch's DLLs: reinstalling torch changes nothing
    # The same DLL outside a CUDA folder is read as before (the C++ runtime first).
    plain = text.replace("\\lib\\cuda\\", "\\lib\\avx2\\")
    assert explain(plain, platform="windows")[0].cause == "missing_vc_redist"


def test_an_extension_asking_macos_for_libc10_was_imported_before_torch() -> None:
    # zoeyzyhu/pydisort#92: the extension's own .so, imported without torch.
    text = (
        "ImportError: dlopen(/Users/a/.env/lib/python3.11/site-packages/pydisort.cpython-311-darwin.so, 0x0002): "
        "Library not loaded: @rpath/libc10.dylib"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "other" and "imported before torch" in finding.title
    older_dyld = text.replace("0x0002", "2")  # macOS before 12 writes dlopen's flags as a number
    assert explain(older_dyld, platform="macos")[0].title == finding.title
    # torch's own _C asking is not that.
    own = text.replace("site-packages/pydisort.cpython", "site-packages/torch/_C.cpython")
    assert all("imported before torch" not in f.title for f in explain(own, platform="macos"))


def test_tensorflow_add_ons_are_read_against_tensorflow_not_torch() -> None:
    # tensorflow/decision-forests#214: an op no loaded library registers.
    text = "RuntimeError: Op type not registered 'SimpleMLLoadModelFromPathWithHandle' in binary running on host."
    finding = explain(text, platform="linux", packages={"tensorflow_decision_forests": "1.9.0"})[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.endswith("built against a different TensorFlow")
    assert finding.fix is not None and "torch" not in finding.fix.code
    # An add-on's op library asking for a mangled tensorflow:: name (tensorflow/text#961).
    symbol = (
        "tensorflow.python.framework.errors_impl.NotFoundError: /usr/local/lib/python3.6/dist-packages/tensorflow_text/python/"
        "ops/_regex_split_ops.so: undefined symbol: _ZN10tensorflow8OpKernel11TraceStringEPNS_15OpKernelContextEb"
    )
    assert "TensorFlow" in explain(symbol, platform="linux")[0].title
    # TensorFlow's own kernel library asking (google-deepmind/alphafold#124): two TensorFlow installs mixed.
    own = (
        "NotFoundError: /opt/conda/lib/python3.7/site-packages/tensorflow/core/kernels/libtfkernel_sobol_op.so: undefined "
        "symbol: _ZN10tensorflow14kernel_factory17OpKernelRegistrar12InitInternalEPKNS_9KernelDefE"
    )
    assert explain(own, platform="linux")[0].title.startswith("TensorFlow's own compiled library")


def test_linux_only_packages_running_on_another_system() -> None:
    # zai-org/Open-AutoGLM#54: vLLM's own frames on Windows, failing on uvloop.
    text = (
        'Traceback (most recent call last):\n  File "D:\\anaconda3\\envs\\glm\\Lib\\site-packages\\vllm\\entrypoints\\'
        'openai\\api_server.py", line 26, in <module>\n    import uvloop\nModuleNotFoundError: No module named \'uvloop\''
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch" and finding.title == "vllm runs only on Linux; this is Windows"
    assert finding.fix is not None and "WSL 2" in finding.fix.code
    # replit/ReplitLM#8: flash_attn's build asking for nvcc on a Mac, which no CUDA toolkit serves.
    mac = explain("RuntimeError: flash_attn was requested, but nvcc was not found.", platform="macos")
    assert mac[0].cause == "wheel_platform_mismatch"
    # On Linux the same words are a missing nvcc.
    assert explain("RuntimeError: flash_attn was requested, but nvcc was not found.", platform="linux")[0].cause == (
        "build_toolchain_missing"
    )


def test_transformers_asking_for_accelerate() -> None:
    # AI4Finance-Foundation/FinGPT#165: installed in Colab, seen only after a restart.
    line = "ImportError: Using `load_in_8bit=True` requires Accelerate: `pip install accelerate` and the latest bitsandbytes"
    assert _causes(line)[:2] == ["module_not_installed_in_kernel_env", "stale_module_after_upgrade"]
    assert _causes(NOTEBOOK + line)[:2] == ["stale_module_after_upgrade", "module_not_installed_in_kernel_env"]
    # Later transformers releases' words for it.
    newer = "ImportError: Using `low_cpu_mem_usage=True` or a `device_map` requires Accelerate: `pip install 'accelerate>=0.26.0'`"
    assert _causes(newer)[:2] == ["module_not_installed_in_kernel_env", "stale_module_after_upgrade"]
    # transformers 5.25.0's, printed here by from_pretrained(..., device_map='cpu') with torch 2.13.0+cpu and no accelerate.
    five = (
        "ValueError: Using a `device_map`, `tp_plan`, `torch.device` context manager or setting `torch.set_default_device("
        "device)` requires `accelerate`. You can install it with `pip install accelerate`"
    )
    assert _causes(five)[:2] == ["module_not_installed_in_kernel_env", "stale_module_after_upgrade"]
    quantizer = "ImportError: Using `bitsandbytes` 8-bit quantization requires accelerate: `pip install 'accelerate>=0.26.0'`"
    assert _causes(quantizer)[0] == "module_not_installed_in_kernel_env"


def test_a_package_found_only_as_a_folder_without_init() -> None:
    # Lightning-AI/torchmetrics#1742: an empty transformers/ folder where the script runs.
    text = "ImportError: cannot import name 'AutoModelForMaskedLM' from 'transformers' (unknown location)"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.title == "transformers is found only as a folder without __init__.py"
    assert finding.fix is not None and "find_spec('transformers').submodule_search_locations" in finding.fix.code
    assert "rename(" not in finding.fix.code  # no file to rename: the folder is listed first
    # torch's folder left behind by an uninstall is the commoner reading for torch (pytorch/pytorch#29305).
    assert _causes("ImportError: cannot import name 'nn' from 'torch' (unknown location)")[0] == "corrupted_install"


def test_a_deep_module_lacking_a_class_outside_a_notebook() -> None:
    # tensorflow/tensorflow#20499: a previous TensorFlow's files left in site-packages.
    line = "AttributeError: module 'tensorflow.python.training.checkpointable' has no attribute 'CheckpointableBase'"
    assert read_by_rules(line, "windows")[:2] == ["stale_module_after_upgrade", "corrupted_install"]
    assert "corrupted_install" not in read_by_rules(NOTEBOOK + line, "linux")  # in a notebook, the kernel's old module
    assert "corrupted_install" not in read_by_rules("AttributeError: module 'PIL.Image' has no attribute 'Resampling'")


def test_a_notebook_asserting_the_torch_a_prebuilt_wheel_needs() -> None:
    # zymk9/Yet-Another-Anime-Segmenter#10: detectron2's Colab cells after Colab's torch moved on.
    text = (
        NOTEBOOK + '----> 5 assert torch.__version__.startswith("1.7")\n      6 get_ipython().system(\'pip install '
        "detectron2 -f https://dl.fbaipublicfiles.com/detectron2/wheels/cu101/torch1.7/index.html')\n\nAssertionError:"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("detectron2")
    assert any("built for torch 1.7" in line for line in finding.evidence)
    # The assertion without a wheel built for a torch release says nothing of an extension.
    alone = NOTEBOOK + '----> 5 assert torch.__version__.startswith("1.7")\n\nAssertionError:'
    assert "extension_abi_mismatch" not in read_by_rules(alone, "linux")


def test_no_cuda_runtime_is_found_on_windows_is_a_cpu_build_first() -> None:
    # graphdeco-inria/gaussian-splatting#748: environment.yml had installed torch's CPU build.
    line = "No CUDA runtime is found, using CUDA_HOME='C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v11.8'"
    assert _causes(line, "windows")[:2] == ["cpu_only_build", "no_driver_or_gpu"]
    # torch 2.2 and later print it only for a CUDA build (pytorch/pytorch#106310): the GPU or its driver is missing.
    newer = explain(line, platform="windows", packages={"torch": "2.13.0+cu130"})
    read = [f.cause for f in newer if not f.title.startswith(GUESS_TITLE)]
    assert read == ["no_driver_or_gpu"]
    assert _causes(line.replace("C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v11.8", "/usr/local/cuda"), "linux")[0] == (
        "no_driver_or_gpu"
    )


def test_a_package_asking_for_a_newer_release_of_another() -> None:
    # MLBazaar/MLPrimitives#237: Keras 2.4 under tensorflow<2.
    finding = explain("ImportError: Keras requires TensorFlow 2.2 or higher. Install TensorFlow via `pip install tensorflow`")[0]
    assert finding.cause == "other" and finding.title.startswith("A package needs a newer release")
    # Keras 2.4.3 with no TensorFlow at all, run here: the same words under "No module named 'tensorflow'".
    absent = (
        "ModuleNotFoundError: No module named 'tensorflow'\n\nDuring handling of the above exception, another exception "
        "occurred:\n\nImportError: Keras requires TensorFlow 2.2 or higher. Install TensorFlow via `pip install tensorflow`"
    )
    assert [f.cause for f in explain(absent, platform="linux")][:1] == ["module_not_installed_in_kernel_env"]
    assert all("newer release" not in f.title for f in explain(absent, platform="linux"))
    # dyld's library versions and toolkits are not packages.
    dyld = "Reason: Incompatible library version: libshm.dylib requires version 1.0.0 or later, but libATen.dylib provides 0.0.0"
    assert all("newer release" not in f.title for f in explain(dyld, platform="macos"))
    assert all("newer release" not in f.title for f in explain("CUDA 12.0 or higher is required to build the package"))


def test_pytests_rendering_of_a_data_error_is_not_guessed_from_wording() -> None:
    # pytest writes "E   KeyError: 'one'": still Python's data error, no install's.
    text = "pandas/_libs/index.pyx:103: in pandas._libs.index.IndexEngine.get_loc\n    raise KeyError(val)\nE   KeyError: 'one'\n"
    assert _causes(text) == ["other"]


def test_a_stated_cpu_build_under_code_that_looks_for_a_gpu() -> None:
    # pollen-robotics/microduck_rl#2: mjlab's select_gpus with PyPI's CPU-only aarch64 torch, as the live facts read it.
    text = (
        'File "mjlab/utils/gpu.py", line 70, in select_gpus\n'
        "    selected_gpus = [available_gpus[i] for i in gpu_ids]\nIndexError: list index out of range"
    )
    found = explain(text, platform="linux", packages={"torch": "2.9.1+cpu"})
    assert found[0].cause == "cpu_only_build"
    # A stated CPU build beside an error about no GPU at all explains nothing.
    unrelated = explain("KeyError: 'weights'", platform="linux", packages={"torch": "2.9.1+cpu"})
    assert "cpu_only_build" not in [f.cause for f in unrelated]
