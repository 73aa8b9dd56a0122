"""What batch-2026-12-04i's, -04j's and -04k's first runs taught (docs/accuracy-runs/batch-2026-12-04i.firstrun.txt,
-04j's and -04k's), each reading checked at its edges; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain, similar


def _causes(text: str, **kwargs: object) -> list[str]:
    """The causes the rules found, without the similar-reports guesses that fill the list up."""
    return [f.cause for f in explain(text, **kwargs) if not similar.is_guess(f)]  # type: ignore[arg-type]


_DEEP = "C:\\\\Users\\\\me\\\\AppData\\\\Local\\\\Temp\\\\pip-install-abc\\\\pkg_0123456789abcdef\\\\" + "deeper\\\\" * 26


def test_a_windows_path_of_260_characters_reads_as_the_long_path_limit() -> None:
    long_path = f"ERROR: Could not install packages due to an OSError: [Errno 2] No such file or directory: '{_DEEP}kernel.hpp'"
    finding = explain(long_path, platform="windows")[0]
    assert finding.cause == "other" and "longer than Windows allows" in finding.title
    assert finding.fix is not None and "LongPathsEnabled" in finding.fix.code and "reg add" in finding.fix.code
    # pip's own hint says it without the path.
    hint = "HINT: This error might have occurred since this system does not have Windows Long Path support enabled."
    assert explain(hint)[0].title == finding.title
    # A short path that is missing is not the limit.
    short = "OSError: [Errno 2] No such file or directory: 'C:\\\\Users\\\\me\\\\" + "x" * 200 + ".txt'"
    assert "longer than Windows allows" not in " ".join(f.title for f in explain(short, platform="windows"))


def test_keras_of_another_tensorflow_release_is_named() -> None:
    for text in (
        "tensorflow.python.framework.errors_impl.AlreadyExistsError: Another metric with the same name already exists.",
        "AttributeError: module 'tensorflow.compat.v2.__internal__.tracking' has no attribute 'DelegatingTrackableMixin'",
    ):
        finding = explain(text)[0]
        assert finding.cause == "other" and "Keras of another release" in finding.title
    # TensorFlow's own public module missing a name is not that.
    assert "Keras of another release" not in explain("AttributeError: module 'tensorflow' has no attribute 'Session'")[0].title


def test_bitsandbytes_cpu_library_asked_for_a_gpu_function_reads_as_its_cpu_build() -> None:
    library = "/env/lib/python3.10/site-packages/bitsandbytes/libbitsandbytes_cpu.so"
    text = f"AttributeError: {library}: undefined symbol: cquantize_blockwise_fp16_nf4"
    finding = explain(text, platform="linux", packages={"bitsandbytes": "0.39.0"})[0]
    assert finding.cause == "cpu_only_build" and "CPU-only library" in finding.title
    assert finding.fix is not None and "--upgrade bitsandbytes" in finding.fix.code
    # Its CUDA library missing a symbol is another story (an extension's build).
    cuda = text.replace("libbitsandbytes_cpu.so", "libbitsandbytes_cuda121.so")
    assert explain(cuda, platform="linux")[0].cause != "cpu_only_build"


def test_mkl_release_named_files_name_the_release() -> None:
    finding = explain("ImportError: libmkl_core.so.1: cannot open shared object file: No such file or directory")[0]
    assert finding.cause == "lib_version_conflict" and "MKL 2021" in finding.title
    assert finding.fix is not None and finding.fix.code == 'conda install "mkl=2021"'
    newer = explain("ImportError: libmkl_intel_lp64.so.2: cannot open shared object file: No such file or directory")[0]
    assert newer.fix is not None and newer.fix.code == 'conda install "mkl>=2022"'
    # An unversioned MKL file names no release.
    assert "MKL 20" not in explain("ImportError: libmkl_rt.so: cannot open shared object file: No such file or directory")[0].title


def test_two_wheels_of_a_shared_folder_in_a_pip_freeze() -> None:
    freeze = "$ pip freeze | grep onnxruntime\nonnxruntime==1.22.0\nonnxruntime-gpu==1.22.0\n\nCPU"
    finding = explain(freeze, platform="linux")[0]
    assert finding.cause == "duplicate_installations"
    assert finding.fix is not None and finding.fix.code.splitlines()[0].endswith("uninstall -y onnxruntime onnxruntime-gpu")
    opencv = explain("opencv-python             4.8.0.74\nopencv-python-headless    4.9.0.80\nAttributeError: x", platform="linux")[0]
    assert opencv.cause == "duplicate_installations" and "opencv-python-headless" in opencv.explanation
    # One wheel of each is no duplicate.
    assert "duplicate_installations" not in _causes("onnxruntime-gpu==1.22.0\nopencv-python==4.8.0.74\nCPU")


def test_cv2_own_gapi_files_meeting_another_release() -> None:
    cut = (
        "...\npython3.9/site-packages/cv2/gapi/__init__.py\", line 301, in <module>\n"
        "AttributeError: partially initialized module 'cv2' has no attribute 'gapi_wip_gst_GStreamerPipeline' "
        "(most likely due to a circular import)"
    )
    assert _causes(cut)[0] == "duplicate_installations"
    assert _causes("AttributeError: module 'cv2.gapi.wip.draw' has no attribute 'Text'")[0] == "duplicate_installations"
    # A user's cv2.py half-loaded is a shadow, not two OpenCV packages.
    mine = (
        '  File "/home/u/proj/cv2.py", line 1, in <module>\n    import cv2\n'
        "AttributeError: partially initialized module 'cv2' has no attribute 'imread' (most likely due to a circular import)"
    )
    assert _causes(mine)[0] == "shadowed_module"


def test_a_build_tool_pypi_has_everywhere_not_found_reads_as_the_index() -> None:
    text = (
        "ERROR: Could not find a version that satisfies the requirement ninja (from exllamav2) (from versions: none)\n"
        "ERROR: No matching distribution found for ninja"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing"
    assert finding.fix is not None and "--index-url https://pypi.org/simple" in finding.fix.code
    # A package with platform wheels only (no source) not found is still read as no wheel for this platform.
    other = text.replace("ninja", "decord")
    assert _causes(other)[0] == "wheel_platform_mismatch"


def test_ptxas_refusing_a_feature_for_an_older_arch() -> None:
    text = "ptxas /tmp/x.ptx, line 791; error   : Feature 'cache prefetching' requires .target sm_75 or higher"
    finding = explain(text)[0]
    assert finding.cause == "gpu_arch_unsupported" and "sm_75" in finding.title
    # ptxas's other errors are not an architecture's.
    assert "gpu_arch_unsupported" not in _causes("ptxas fatal   : Unresolved extern function 'foo'")


def test_a_wheel_publishing_package_built_from_source() -> None:
    text = (
        "Collecting sentencepiece\n  Using cached sentencepiece-0.2.0.tar.gz (2.6 MB)\n"
        "  Getting requirements to build wheel ... error\n  error: subprocess-exited-with-error"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch"
    assert finding.fix is not None and "--only-binary sentencepiece sentencepiece" in finding.fix.code
    # A package that ships only its source (flash-attn) built and failing is a build's failure.
    source_only = text.replace("sentencepiece-0.2.0", "flash_attn-2.7.4").replace("Collecting sentencepiece", "Collecting flash-attn")
    assert "wheel_platform_mismatch" not in _causes(source_only)[:1]


def test_libc10_not_found_without_torch_frames_reads_as_import_order() -> None:
    finding = explain("ImportError: libc10.so: cannot open shared object file")[0]
    assert finding.cause == "other" and "imported before torch" in finding.title
    # Asked for by torch's own file, it is torch's install that lacks it.
    torch_own = (
        '  File "/env/lib/python3.10/site-packages/torch/__init__.py", line 229, in <module>\n'
        "    from torch._C import *\nImportError: libc10.so: cannot open shared object file: No such file or directory"
    )
    assert "imported before torch" not in explain(torch_own)[0].title
    typed = ">>> import torch\nTraceback (most recent call last):\nImportError: libc10.so: cannot open shared object file"
    assert "imported before torch" not in explain(typed)[0].title
    # A virtualenv named "torch" above site-packages is not torch's folder: its add-on still loaded before torch.
    venv_named_torch = (
        '  File "/home/u/.virtualenvs/torch/lib/python3.8/site-packages/lietorch/__init__.py", line 2, in <module>\n'
        "    _load_library()\nImportError: libc10.so: cannot open shared object file: No such file or directory"
    )
    assert any("imported before torch" in finding.title for finding in explain(venv_named_torch))


def test_an_empty_libcuda_in_the_system_lib_folder_reads_as_no_driver_in_the_container() -> None:
    finding = explain("ImportError: /usr/lib/x86_64-linux-gnu/libcuda.so.1: file too short", platform="linux")[0]
    assert finding.cause == "no_driver_or_gpu" and "empty placeholder" in finding.title
    # torch's own library cut short is a damaged download.
    assert _causes("OSError: /env/site-packages/torch/lib/libtorch_cuda.so: file too short")[0] == "corrupted_install"


def test_a_dist_info_without_its_metadata_reads_as_an_install_stopped_part_way() -> None:
    text = "FileNotFoundError: [Errno 2] No such file or directory: '/env/site-packages/tensorflow_estimator-2.4.0rc0.dist-info/METADATA'"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "corrupted_install"
    assert finding.fix is not None and "--force-reinstall tensorflow-estimator" in finding.fix.code


def test_onnxruntime_gpu_core_not_loaded_reads_as_its_cuda_libraries() -> None:
    # batch-2026-12-04k (microsoft/onnxruntime#6591): onnxruntime-gpu 1.6.0 without the CUDA 10.2 / cuDNN 8 it needs.
    text = (
        "ImportError: cannot import name 'get_all_providers' from 'onnxruntime.capi._pybind_state' "
        "(C:\\env\\lib\\site-packages\\onnxruntime\\capi\\_pybind_state.py)"
    )
    finding = explain(text, platform="windows", packages={"onnxruntime-gpu": "1.6.0"})[0]
    assert finding.cause == "missing_cuda_runtime_lib" and finding.title.startswith("ONNX Runtime cannot load")
    # The CPU package's compiled module is not read as CUDA's.
    assert "missing_cuda_runtime_lib" not in _causes(text, platform="windows", packages={"onnxruntime": "1.16.0"})
