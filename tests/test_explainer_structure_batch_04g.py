"""What batch-2026-12-04g's first run taught (docs/accuracy-runs/batch-2026-12-04g.firstrun.txt), each reading checked
at its edges; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain, similar


def _causes(text: str, **kwargs: object) -> list[str]:
    """The causes the rules found, without the similar-reports guesses that fill the list up."""
    return [f.cause for f in explain(text, **kwargs) if not similar.is_guess(f)]  # type: ignore[arg-type]


# --- OpenCV's wheels share one cv2 folder -------------------------------------------------------------------------


def test_a_missing_contrib_module_reads_as_two_opencv_wheels_and_keeps_the_contrib_one() -> None:
    finding = explain("AttributeError: module 'cv2' has no attribute 'ximgproc'", platform="windows")[0]
    assert finding.cause == "duplicate_installations"
    assert finding.fix is not None
    first, second = finding.fix.code.splitlines()
    assert first == "pip uninstall -y opencv-python opencv-python-headless opencv-contrib-python opencv-contrib-python-headless"
    assert second.startswith("pip install") and second.endswith("opencv-contrib-python")


def test_newer_opencv_names_what_the_empty_contrib_module_lacks() -> None:
    # OpenCV 4.10's stub folders: reproduced here with opencv-contrib-python-headless, then opencv-python-headless over it.
    assert _causes("AttributeError: module 'cv2.ximgproc' has no attribute 'thinning'")[0] == "duplicate_installations"


def test_a_main_module_missing_from_cv2_is_not_read_as_two_wheels() -> None:
    assert "duplicate_installations" not in _causes("AttributeError: module 'cv2' has no attribute 'imread'")
    assert "duplicate_installations" not in _causes("AttributeError: module 'cv2.dnn' has no attribute 'readNet'")


def test_opencv_stated_with_one_wheel_only_is_not_two_wheels() -> None:
    text = "AttributeError: module 'cv2' has no attribute 'xfeatures2d'"
    assert _causes(text, packages={"opencv-python": "4.5.4.60"})[:1] != ["duplicate_installations"]
    two = explain(text, packages={"opencv-python": "4.5.4.60", "opencv-contrib-python": "4.5.4.60"})[0]
    assert two.cause == "duplicate_installations" and two.confidence == 0.85


def test_cv2_half_loaded_from_its_own_files_is_mixed_wheels_but_from_a_users_file_a_shadow() -> None:
    own = (
        '  File "C:\\Python38\\lib\\site-packages\\cv2\\gapi\\__init__.py", line 301, in <module>\n'
        "    cv.gapi.wip.GStreamerPipeline = cv.gapi_wip_gst_GStreamerPipeline\n"
        "AttributeError: partially initialized module 'cv2' has no attribute 'gapi_wip_gst_GStreamerPipeline' "
        "(most likely due to a circular import)"
    )
    assert _causes(own)[0] == "duplicate_installations"
    users = own.replace("C:\\Python38\\lib\\site-packages\\cv2\\gapi\\__init__.py", "C:\\work\\cv2.py")
    assert "duplicate_installations" not in _causes(users)


# --- ONNX Runtime's two wheels share one folder ---------------------------------------------------------------------


def test_onnxruntime_without_its_oldest_api_is_an_emptied_folder() -> None:
    finding = explain("module 'onnxruntime' has no attribute 'SessionOptions'", platform="linux")[0]
    assert finding.cause == "corrupted_install"
    assert finding.fix is not None
    assert finding.fix.code.splitlines() == ["pip uninstall -y onnxruntime onnxruntime-gpu", "pip install onnxruntime"]
    gpu = explain("providers=['CUDAExecutionProvider']\nmodule 'onnxruntime' has no attribute 'InferenceSession'")[0]
    assert gpu.fix is not None and gpu.fix.code.endswith("pip install onnxruntime-gpu")


def test_an_onnxruntime_attribute_added_later_is_not_an_emptied_folder() -> None:
    assert "corrupted_install" not in _causes("module 'onnxruntime' has no attribute 'set_default_logger_verbosity'")


# --- tiny-cuda-nn per GPU architecture --------------------------------------------------------------------------


def test_tiny_cuda_nn_without_the_gpus_capability_is_rebuilt_for_it_in_each_shell() -> None:
    text = "OSError: Could not find compatible tinycudann extension for compute capability 75."
    linux = explain(text, platform="linux")[0]
    assert linux.cause == "gpu_arch_unsupported" and linux.fix is not None
    assert linux.fix.code.startswith('TCNN_CUDA_ARCHITECTURES="75" pip install --no-build-isolation --force-reinstall git+')
    windows = explain(text, platform="windows")[0]
    assert windows.fix is not None and windows.fix.code.startswith('$env:TCNN_CUDA_ARCHITECTURES="75"; pip install')
    assert 'set "TCNN_CUDA_ARCHITECTURES=75" && pip install' in windows.fix.note


# --- Git LFS pointers --------------------------------------------------------------------------------------------


def test_an_lfs_pointer_needs_the_syntax_error_it_causes() -> None:
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 1234"
    assert "corrupted_install" not in _causes(pointer)  # a pointer shown alone (git show) is no failure
    failed = '  File "/w/node/__init__.py", line 2\n    oid sha256:' + "a" * 64
    failed += "\n                ^\nSyntaxError: invalid decimal literal"
    finding = explain(failed, platform="linux")[0]
    assert finding.cause == "corrupted_install" and finding.fix is not None
    assert finding.fix.code == 'git lfs install\ngit -C "/w/node" lfs pull'


# --- readings of short texts -------------------------------------------------------------------------------------


def test_a_package_lacking_its_own_part_with_no_frames_reads_as_its_source_folder() -> None:
    assert _causes("ModuleNotFoundError: No module named 'pysteps.motion._proesmans'")[0] == "shadowed_module"
    # Frames placing the package leave it to the readings that see where it came from; the standard library and torch's
    # family are never read this way.
    framed = (
        '  File "/env/lib/python3.10/site-packages/pysteps/motion/__init__.py", line 3, in <module>\n'
        "ModuleNotFoundError: No module named 'pysteps.motion._proesmans'"
    )
    assert "shadowed_module" not in _causes(framed)[:1]
    assert "shadowed_module" not in _causes("ModuleNotFoundError: No module named 'email.mime'")[:1]


def test_the_words_of_a_missing_module_typed_alone_read_as_not_installed() -> None:
    assert _causes("no module named cv2")[0] == "module_not_installed_in_kernel_env"
    assert _causes("no module named json")[:1] != ["module_not_installed_in_kernel_env"]


def test_a_printed_cpu_build_beside_a_failed_gpu_check_is_the_cpu_build() -> None:
    text = "Ultralytics YOLOv8.1.3 Python-3.10.11 torch-2.1.0+cpu\ntorch.cuda.is_available(): False"
    assert _causes(text)[0] == "cpu_only_build"
    assert _causes(text.replace("+cpu", "+cu121"))[0] == "no_driver_or_gpu"


def test_a_compiled_part_found_only_as_its_source_folder_was_never_built() -> None:
    text = "ImportError: cannot import name 'make_q4' from 'exllama_ext' (unknown location)"
    assert _causes(text)[0] == "build_toolchain_missing"
    # A plain package name with no location is not a compiled part's folder.
    assert _causes("ImportError: cannot import name 'pipeline' from 'transformers' (unknown location)")[:1] != [
        "build_toolchain_missing"
    ]


def test_another_environments_libstdcxx_is_updated_where_it_lives() -> None:
    text = (
        "ImportError: /home/u/anaconda3/bin/../lib/libstdc++.so.6: version `GLIBCXX_3.4.29' not found (required by "
        "/opt/venvs/tfod/lib/python3.9/site-packages/matplotlib/_path.cpython-39-x86_64-linux-gnu.so)"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and finding.fix is not None
    assert finding.fix.code == "conda install -p /home/u/anaconda3 -c conda-forge 'libstdcxx-ng>=11'"
    # The environment's own copy for its own module stays the older-copy reading first.
    own = text.replace("/opt/venvs/tfod", "/home/u/anaconda3")
    assert _causes(own, platform="linux")[0] == "glibc_libstdcxx_too_old"


def test_musls_loader_words_read_as_a_glibc_build_on_alpine() -> None:
    text = "ImportError: Error relocating /usr/lib/python3.5/site-packages/torch/lib/libcudnn.so.6: __strtod_internal: symbol not found"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "wheel_platform_mismatch" and "musl" in finding.title
    # glibc's own loader words for a missing symbol are not musl's.
    assert "musl" not in explain("ImportError: /x/libfoo.so: undefined symbol: bar", platform="linux")[0].title
