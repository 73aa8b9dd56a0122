"""What batch-2026-12-06n taught (docs/accuracy-runs/batch-2026-12-06n.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def _causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)[:3]]  # type: ignore[arg-type]


def test_mkl_itt_names_in_the_linkers_words_are_the_conda_mkl_release() -> None:
    # AGI-Labs/manimo#38: linking against torch's libtorch_cpu.so in a conda environment with MKL 2024.1.
    text = (
        "/home/u/miniconda3/envs/m/lib/python3.9/site-packages/torch/lib/libtorch_cpu.so: undefined reference to `iJIT_IsProfilingActive'\n"
        "/home/u/miniconda3/envs/m/lib/python3.9/site-packages/torch/lib/libtorch_cpu.so: undefined reference to `iJIT_GetNewMethodID'\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "lib_version_conflict" and "MKL older than 2024.1" in finding.title
    assert finding.fix is not None and "mkl==2024.0" in finding.fix.code
    # Another library's name in the same words is not MKL's.
    assert _causes("/opt/x/libfoo.so: undefined reference to `foo_init'\n")[:1] != ["lib_version_conflict"]


def test_onednn_functions_missing_from_a_packages_library_are_another_onednn_build() -> None:
    # PaddlePaddle/Paddle#17045: another project's libmkldnn.so first on LD_LIBRARY_PATH.
    text = (
        'ImportError: NOTE: You may need to run "export LD_LIBRARY_PATH=/usr/local/lib:$LD_LIBRARY_PATH"\n'
        "/home/u/py/lib/python2.7/site-packages/paddle/fluid/core.so: undefined symbol: mkldnn_primitive_attr_destroy\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "lib_version_conflict" and "oneDNN" in finding.title and "paddle" in finding.title
    assert "TensorFlow" not in finding.explanation
    assert finding.fix is not None and "LD_LIBRARY_PATH" in finding.fix.code
    # oneDNN's own library lacking a name is not read so (that library is the one loaded).
    own = "ImportError: /opt/lib/libdnnl.so.3: undefined symbol: dnnl_engine_create\n"
    assert "oneDNN" not in explain(own)[0].title


def test_numpys_check_of_a_c_subclass_is_a_package_built_for_numpy_before_1_20() -> None:
    # sys-bio/roadrunner#796.
    text = (
        "RuntimeError: Object of type <class 'NamedArray'> appears to be C subclassed NumPy array, void scalar, or allocated "
        "in a non-standard way.NumPy reserves the right to change the size of these structures."
    )
    finding = explain(text)[0]
    assert finding.cause == "numpy_abi_mismatch" and finding.title == "NamedArray was compiled for a NumPy older than 1.20"
    assert finding.fix is not None and finding.fix.kind == "manual" and "NamedArray" in finding.fix.code


def test_two_torch_distributions_listed_beside_an_extensions_undefined_symbol_rank_first() -> None:
    # facebookresearch/maskrcnn-benchmark#75: torch and torch-nightly both pip-installed.
    text = (
        "ImportError: /home/u/maskrcnn-benchmark/maskrcnn_benchmark/_C.cpython-37m-x86_64-linux-gnu.so: undefined symbol: "
        "_ZN2at4cuda20getCurrentCUDAStreamEl\n\n"
        "[conda] torch                     0.4.1.post2               <pip>\n"
        "[conda] torch-nightly             1.0.0.dev20181029           <pip>\n"
    )
    assert _causes(text)[:2] == ["duplicate_installations", "extension_abi_mismatch"]
    # The symbol alone stays the extension's build.
    assert _causes(text.split("\n\n")[0])[0] == "extension_abi_mismatch"


def test_a_packages_own_submodule_missing_from_a_clone_named_with_its_name_is_the_checkout() -> None:
    # rusty1s/pytorch_scatter#23: Python started in the unbuilt clone.
    text = (
        "Traceback (most recent call last):\n"
        '  File "<stdin>", line 1, in <module>\n'
        '  File "/home/u/pytorch_scatter/torch_scatter/__init__.py", line 3, in <module>\n'
        "    from .mul import scatter_mul\n"
        '  File "/home/u/pytorch_scatter/torch_scatter/utils/ext.py", line 2, in <module>\n'
        "    import torch_scatter.scatter_cpu\n"
        "ModuleNotFoundError: No module named 'torch_scatter.scatter_cpu'\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "shadowed_module" and "/home/u/pytorch_scatter/torch_scatter/" in " ".join(finding.evidence)
    # Installed, the same import is no checkout.
    installed = text.replace("/home/u/pytorch_scatter/", "/usr/lib/python3/site-packages/")
    assert _causes(installed)[0] != "shadowed_module"


_EGG = "/home/u/.virtualenvs/r/lib/python3.6/site-packages/keras_retinanet-0.4.1-py3.6-linux-x86_64.egg/"
_ATTRIBUTE_ASKED = f"""\
Traceback (most recent call last):
  File "{_EGG}keras_retinanet/bin/train.py", line 65, in get_session
    config = tf.ConfigProto()
AttributeError: module 'tensorflow' has no attribute 'ConfigProto'
"""


def test_an_installed_package_asking_another_for_an_attribute_it_lacks_is_two_releases_apart() -> None:
    # fizyr/keras-retinanet#1492: keras-retinanet 0.4.1 (TensorFlow 1's API) under TensorFlow 2.2.
    finding = explain(_ATTRIBUTE_ASKED)[0]
    assert finding.cause == "other" and finding.title == "Two installed packages are of releases that do not go together"
    # A standard-library module is the shadowing readings' (a user's json.py), not this.
    stdlib = _ATTRIBUTE_ASKED.replace("module 'tensorflow'", "module 'json'")
    assert "Two installed packages" not in explain(stdlib)[0].title
    # The user's own file asking is no installed package's.
    mine = _ATTRIBUTE_ASKED.replace(_EGG, "/home/u/")
    assert "Two installed packages" not in explain(mine)[0].title


def test_a_packages_own_version_check_refusing_a_release() -> None:
    # fizyr/keras-retinanet#1371.
    text = "You are using tensorflow version 2.0.0. The minimum required version is 1.14.0 (blacklisted: [(2, 0, 0), (2, 0, 1)])."
    finding = explain(text)[0]
    assert finding.cause == "other" and finding.title == "Two installed packages are of releases that do not go together"


def test_deepspeeds_source_package_failing_to_link_aio_on_windows() -> None:
    # deepspeedai/DeepSpeed#6465: pip building deepspeed-0.15.4.tar.gz on Windows' Python 3.10.
    text = (
        "Collecting deepspeed\n  Using cached deepspeed-0.15.4.tar.gz (1.4 MB)\n  Preparing metadata (setup.py) ... error\n"
        "      LINK : fatal error LNK1181: cannot open input file 'aio.lib'\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "wheel_platform_mismatch" and "DeepSpeed" in finding.title
    # The link line alone is DeepSpeed's probe at import, not a failure.
    assert "DeepSpeed" not in explain("LINK : fatal error LNK1181: cannot open input file 'aio.lib'\n")[0].title


def test_a_containers_exit_code_132_is_an_illegal_instruction() -> None:
    # determined-ai/determined#3610: TensorFlow's AVX build on a Xeon X5675.
    text = "INFO: container failed with non-zero exit code: container failed with non-zero exit code: 132 (exit code 132)"
    assert _causes(text)[0] == "wheel_platform_mismatch"
    assert _causes("Process finished with exit code 1320")[:1] != ["wheel_platform_mismatch"]


def test_windows_8s_api_set_missing_is_windows_7_under_a_newer_python() -> None:
    # Purfview/whisper-standalone-win#383.
    text = (
        "The program can't start because api-ms-win-core-path-l1-1-0.dll is missing from your computer. "
        "Try reinstalling the program to fix this problem.\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch" and "Windows 7" in finding.title
    # PyInstaller's warning while freezing on Windows 10 is no failure.
    warning = "WARNING: lib not found: api-ms-win-core-path-l1-1-0.dll dependency of c:\\python39\\python39.dll"
    assert "Windows 7" not in explain(warning, platform="windows")[0].title


def test_torchcodecs_core_library_asking_for_torchs_names_wrapped_or_on_windows() -> None:
    # meta-llama/llama-cookbook#259 (a wrapped Colab paste) and ComfyUI-Whisper#37 (Windows' words).
    wrapped = (
        "RuntimeError: Could not load libtorchcodec.\n"
        "FFmpeg version 4:\n"
        "  OSError: /usr/local/lib/python3.12/dist-packages/torchcodec/libtorchcodec_core4.so:\n"
        "  undefined symbol: _ZN3c104cuda29c10_cuda_check_implementationEiPKcS2_jb\n"
    )
    assert _causes(wrapped)[0] == "torchvision_torch_mismatch"
    windows = (
        "Procedure ?decref_pyobject@TensorImpl@c10@@UEBAXXZ not found in DLL: "
        "C:\\ComfyUI\\python_embeded\\Lib\\site-packages\\torchcodec\\libtorchcodec_core4.dll."
    )
    assert _causes(windows, platform="windows")[0] == "torchvision_torch_mismatch"


def test_a_docker_steps_setup_py_build_failing_with_its_log_cut() -> None:
    # Kaivalya192/Object_Reconstruction#5: kaolin built once the Dockerfile set CC and CXX.
    text = (
        'ERROR: failed to solve: process "/bin/bash --login -c cd /kaolin && CUDA_HOME=/usr/local/cuda FORCE_CUDA=1 '
        'python setup.py develop" did not complete successfully: exit code: 1'
    )
    finding = explain(text)[0]
    assert finding.cause == "build_toolchain_missing" and "setup.py build" in finding.title
    # Another step failing is not a build.
    other = 'ERROR: failed to solve: process "/bin/sh -c apt-get update" did not complete successfully: exit code: 100'
    assert _causes(other)[:1] != ["build_toolchain_missing"] or explain(other)[0].confidence < 0.3
