"""What batch-2026-12-04l taught (docs/accuracy-runs/batch-2026-12-04l.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from torchenv_magic import explain


def _causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)]  # type: ignore[arg-type]


_TF_FRAMES = (
    "Traceback (most recent call last):\n"
    '  File "/opt/conda/lib/python3.6/site-packages/tensorflow/python/pywrap_tensorflow_internal.py", line 24, in swig_import_helper\n'
    "    _mod = imp.load_module('_pywrap_tensorflow_internal', fp, pathname, description)\n"
    '  File "/opt/conda/lib/python3.6/imp.py", line 343, in load_dynamic\n'
    "    return _load(spec)\n"
    "ImportError: libcublas.so.8.0: cannot open shared object file: No such file or directory"
)


def test_a_cuda_library_tensorflow_asks_for_is_the_cuda_its_build_needs() -> None:
    # tensorflow/tensorflow#17147: CUDA 8's libcublas.so.8.0 asked for with CUDA 9.1 installed.
    finding = explain(_TF_FRAMES, platform="linux")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and finding.title == "TensorFlow cannot load libcublas.so.8.0"
    assert "LD_LIBRARY_PATH" in finding.explanation
    # The same frames in an environment named "tensorflow" above site-packages, from an extension: not TensorFlow's.
    extension = _TF_FRAMES.replace("site-packages/tensorflow/python/pywrap_tensorflow_internal.py", "site-packages/dcn/ops.py")
    extension = extension.replace("/opt/conda/", "/home/u/envs/tensorflow/")
    assert explain(extension, platform="linux")[0].cause == "extension_abi_mismatch"


def test_macos_tensorflow_library_not_loaded_reads_as_its_cuda_and_names_dyld_path() -> None:
    # tensorflow/tensorflow#6729: fixed by disabling SIP, which had dropped DYLD_LIBRARY_PATH.
    text = (
        "ImportError: dlopen(/Library/Frameworks/Python.framework/Versions/3.5/lib/python3.5/site-packages/tensorflow/python/"
        "_pywrap_tensorflow.so, 10): Library not loaded: @rpath/libcudart.8.0.dylib\n"
        "  Referenced from: /Library/Frameworks/Python.framework/Versions/3.5/lib/python3.5/site-packages/tensorflow/python/"
        "_pywrap_tensorflow.so\n  Reason: image not found"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "TensorFlow" in finding.title
    assert "DYLD_LIBRARY_PATH" in finding.explanation
    assert finding.fix is not None and "System Integrity Protection" in (finding.fix.note or "")
    # Referenced from a file of no framework's, the reading stays silent on whose it is.
    other = text.replace("site-packages/tensorflow/python/", "site-packages/somepkg/")
    assert "TensorFlow" not in explain(other, platform="macos")[0].title


def test_tensorflow_1_dso_loader_words_read_as_its_cuda_library() -> None:
    # tensorflow/tensorflow#2920: only libcudnn.5.dylib, fixed by linking libcudnn.dylib to it.
    finding = explain("Couldn't open CUDA library libcudnn.dylib. LD_LIBRARY_PATH: /usr/local/cuda/lib", platform="macos")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and finding.title == "TensorFlow cannot load libcudnn.dylib"
    linux = explain("Couldn't open CUDA library libcudnn.so. LD_LIBRARY_PATH: /usr/local/cuda/lib64", platform="linux")[0]
    assert linux.title == "TensorFlow cannot load libcudnn.so"
    # A library that is not CUDA's is not read so.
    assert "TensorFlow cannot load" not in explain("Couldn't open CUDA library libfoo.so. LD_LIBRARY_PATH: /x")[0].title


def test_rocblas_fallback_tensile_file_missing_in_torch_reads_as_an_unsupported_amd_gpu() -> None:
    # ROCm/legacy-rocm-build#2914 (No such file) and #3840 (Illegal seek, its first letter lost in the paste).
    for reason, prefix in (("No such file or directory", "rocBLAS"), ("Illegal seek", "ocBLAS")):
        text = f"{prefix} error: Cannot read /env/lib/python3.11/site-packages/torch/lib/rocblas/library/TensileLibrary.dat: {reason}"
        assert _causes(text, platform="linux")[0] == "gpu_arch_unsupported"
    # Another folder's Tensile file, or another reason, is not this reading.
    elsewhere = "rocBLAS error: Cannot read /opt/rocm/lib/rocblas/library/TensileLibrary.dat: Permission denied"
    assert not any(finding.title.startswith("This ROCm build") for finding in explain(elsewhere, platform="linux"))


def test_an_entry_point_dialog_without_the_symbol_still_names_the_extension() -> None:
    # facebookresearch/xformers#1248: xformers' _C.pyd built for an older torch than ComfyUI's 2.7.0.
    text = (
        "The procedure entry point could not be located in the dynamic link library "
        "Z:\\ComfyUI_windows_portable\\python_embeded\\Lib\\site-packages\\xformers\\_C.pyd"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("xformers")
    # With the symbol, as before.
    assert _causes(text.replace("entry point could", "entry point ?foo@@YAXXZ could"), platform="windows")[0] == "extension_abi_mismatch"


def test_jax_pieces_of_different_releases_read_as_one_other_kind() -> None:
    texts = (
        "AttributeError: module 'jax.numpy' has no attribute 'DeviceArray'",  # google-deepmind/optax#694
        "AttributeError: module 'jaxlib.xla_extension' has no attribute 'PmapFunction'",  # google-deepmind/dm-haiku#313
        "ImportError: cannot import name 'partial' from 'jax' (/usr/local/lib/python3.7/dist-packages/jax/__init__.py)",
        "ModuleNotFoundError: No module named 'jax.linear_util'",
        "ValueError: jaxlib is version 0.1.69, but this version of jax requires version 0.1.74.",
        "The plugin is likely built with a later version than the framework. This plugin is built with PJRT API version 0.75",
    )
    for text in texts:
        finding = explain(text, platform="linux")[0]
        assert finding.cause == "other" and finding.title == "JAX packages of releases that do not go together", text
    # Names that only start like jax's are other packages.
    assert "JAX" not in explain("AttributeError: module 'jaxtyping' has no attribute 'Float'")[0].title
    assert "JAX" not in explain("ModuleNotFoundError: No module named 'jax'")[0].title


# Recorded on this machine (2026-12-04): a venv with `pip install --no-deps jax==0.4.30 jaxlib==0.4.20` (plus jax's other
# requirements), then `python -c "import jax"`; its stderr verbatim. `pip install --upgrade jax --dry-run --report` in
# that venv installs jax 0.10.2 with jaxlib 0.10.2: the wording's plain-jax advice mends it.
_JAX_0_4_30_WITH_JAXLIB_0_4_20 = (
    'Traceback (most recent call last):\n'
    '  File "<string>", line 1, in <module>\n'
    '  File "/tmp/jaxv/lib/python3.11/site-packages/jax/__init__.py", line 25, in <module>\n'
    '    from jax._src.cloud_tpu_init import cloud_tpu_init as _cloud_tpu_init\n'
    '  File "/tmp/jaxv/lib/python3.11/site-packages/jax/_src/cloud_tpu_init.py", line 17, in <module>\n'
    '    from jax._src import config\n'
    '  File "/tmp/jaxv/lib/python3.11/site-packages/jax/_src/config.py", line 27, in <module>\n'
    '    from jax._src import lib\n'
    '  File "/tmp/jaxv/lib/python3.11/site-packages/jax/_src/lib/__init__.py", line 75, in <module>\n'
    '    version = check_jaxlib_version(\n'
    '              ^^^^^^^^^^^^^^^^^^^^^\n'
    '  File "/tmp/jaxv/lib/python3.11/site-packages/jax/_src/lib/__init__.py", line 64, in check_jaxlib_version\n'
    '    raise RuntimeError(msg)\n'
    'RuntimeError: jaxlib is version 0.4.20, but this version of jax requires version >= 0.4.27.\n'
)


def test_jax_own_version_check_recorded_from_a_real_mismatched_install() -> None:
    finding = explain(_JAX_0_4_30_WITH_JAXLIB_0_4_20, platform="linux")[0]
    assert finding.cause == "other" and finding.title == "JAX packages of releases that do not go together"
    assert finding.fix is not None and "plain jax on a CPU" in finding.fix.code


def test_a_gaussian_splatting_submodule_part_missing_reads_as_never_built() -> None:
    # graphdeco-inria/gaussian-splatting#140: the submodule folder was there; the fix was installing it from there.
    finding = explain("ModuleNotFoundError: No module named 'diff_gaussian_rasterization'", platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and "submodules/diff-gaussian-rasterization" in finding.title
    assert finding.fix is not None and "pip install --no-build-isolation submodules/diff-gaussian-rasterization" in finding.fix.code
    assert "Visual Studio" in (finding.fix.note or "")
    # PyPI's simple-knn is another package: the fix says not to install it by name.
    knn = explain("ModuleNotFoundError: No module named 'simple_knn'", platform="linux")[0]
    assert knn.fix is not None and "unrelated" in (knn.fix.note or "") and "Visual Studio" not in (knn.fix.note or "")
    # Another module of a longer name is not this reading.
    assert explain("ModuleNotFoundError: No module named 'simple_knn_extra'")[0].cause != "build_toolchain_missing"


def test_the_original_32_bit_mingw_linking_reads_as_the_wrong_compiler() -> None:
    # THUDM/ChatGLM-6B#485: cpm_kernels' kernels built by MinGW 6.3.0 (mingw32), fixed with a 64-bit gcc.
    text = (
        "c:/mingw/bin/../lib/gcc/mingw32/6.3.0/../../../../mingw32/bin/ld.exe: cannot find -lpthread\n"
        "collect2.exe: error: ld returned 1 exit status\nCompile failed, using default cpu kernel code."
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and finding.title == "A 32-bit MinGW gcc is building for a 64-bit Python"
    assert finding.fix is not None and "64-bit gcc" in finding.fix.code
    # mingw-w64's 64-bit linker missing a library is another matter.
    w64 = text.replace("/mingw32/bin/ld.exe", "/x86_64-w64-mingw32/bin/ld.exe")
    assert all("32-bit MinGW" not in found.title for found in explain(w64, platform="windows"))


# batch-2026-12-04m (collected after -04l's learning), what its first run taught:


def test_a_torch_release_asked_of_an_index_of_a_variant_it_was_not_built_for() -> None:
    # visualbruno/ComfyUI-Trellis2#131: torch 2.10.0 from .../whl/cu131; the maintainer: use cu130.
    text = (
        "Looking in indexes: https://download.pytorch.org/whl/cu131\n"
        "ERROR: Could not find a version that satisfies the requirement torch==2.10.0 (from versions: none)"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "other" and finding.title == "That PyTorch index has no build of this torch release"
    # Through ctx.install, as every install fix: the index's local tag pinned, and the note on running it in a notebook.
    assert finding.fix is not None and finding.fix.kind == "pip"
    assert finding.fix.code == "pip install torch==2.10.0+cu130 --index-url https://download.pytorch.org/whl/cu130"
    assert "%pip install" in finding.fix.note
    # An index of one of the release's own variants: not this reading (the platform is).
    built = text.replace("cu131", "cu128")
    assert "That PyTorch index" not in explain(built, platform="windows")[0].title
    # A release before PyTorch's build matrix is the table's source: its variants are not all known, so no claim.
    old = text.replace("torch==2.10.0", "torch==1.10.0").replace("cu131", "cu113")
    assert "That PyTorch index" not in explain(old, platform="linux")[0].title
    # ROCm indexes by the same table (torch 2.10.0 was built for ROCm 7.0 and 7.1).
    rocm = text.replace("cu131", "rocm6.4")
    assert explain(rocm, platform="linux")[0].fix.code.endswith("/whl/rocm7.0")  # type: ignore[union-attr]


def test_dgl_stated_beside_a_foreign_cuda_runtime_is_the_extension() -> None:
    # dmlc/dgl#5547: dgl 1.0.2+cu102 beside torch 1.12.1, libcudart.so.11.0 asked for.
    text = "OSError: libcudart.so.11.0: cannot open shared object file: No such file or directory"
    packages = {"dgl": "1.0.2+cu102", "torch": "1.12.1"}
    finding = explain(text, platform="linux", packages=packages)[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("dgl")
    assert explain(text, platform="linux")[0].cause == "missing_cuda_runtime_lib"


def test_an_mmcv_built_here_without_cuda_kernels_reads_as_its_build() -> None:
    # open-mmlab/mmcv#2439: mmcv-full 1.7.0 built by setup.py install (an .egg); rebuilt with FORCE_CUDA=1 it worked.
    tail = "RuntimeError: modulated_deformable_im2col_impl: implementation for device cuda:1 not found."
    egg = (
        '  File "/root/miniconda/lib/python3.8/site-packages/mmcv_full-1.7.0-py3.8-linux-x86_64.egg/mmcv/ops/'
        'modulated_deform_conv.py", line 76, in forward\n'
    )
    finding = explain(egg + "    ext_module.modulated_deform_conv_forward(\n" + tail, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and finding.title == "mmcv was compiled without CUDA support"
    # An installed wheel's mmcv (no .egg) reads, since batch-2026-12-06f, as its build without CUDA ops.
    wheel = egg.replace("mmcv_full-1.7.0-py3.8-linux-x86_64.egg/", "")
    assert explain(wheel + "    ext_module.modulated_deform_conv_forward(\n" + tail, platform="linux")[0].cause == "cpu_only_build"


def test_a_name_a_newer_release_removed_reads_as_code_older_than_the_package() -> None:
    # Real: this environment's NumPy (2.x) raising for np.float, which 1.24 removed.
    numpy = pytest.importorskip("numpy")
    if hasattr(numpy, "float"):
        pytest.skip("a NumPy before 1.24 still has the alias")
    raised = subprocess.run([sys.executable, "-c", "import numpy; numpy.float"], capture_output=True, text=True, timeout=120)
    finding = explain(raised.stderr, platform="linux")[0]
    assert finding.cause == "other" and finding.title == "The code asks for a name a newer release of its package removed"
    assert any("numpy 1.24 removed numpy.float" in line for line in finding.evidence)
    # The pin only where NumPy 1.23 installs: its wheels stop at Python 3.11, and this traceback names this Python's folder.
    assert finding.fix is not None and (finding.fix.code == 'pip install "numpy<1.24"') == (sys.version_info < (3, 12))
    # Under Python 3.12 no NumPy before 1.24 installs: the advice, not the pin.
    last = next(line for line in raised.stderr.splitlines() if "has no attribute 'float'" in line)
    newer = explain(f'  File "/env/lib/python3.12/site-packages/x.py", line 1, in <module>\n{last}', platform="linux")[0]
    assert newer.title == finding.title and newer.fix is not None and newer.fix.kind == "manual" and "numpy<" not in newer.fix.code
    # Pillow 10's ANTIALIAS and torch 2's _six (slowfast#649), and a name that is newer than the package, not removed.
    assert "Image.LANCZOS" in " ".join(explain("AttributeError: module 'PIL.Image' has no attribute 'ANTIALIAS'")[0].evidence)
    assert explain("ModuleNotFoundError: No module named 'torch._six'")[0].title.startswith("The code asks for a name")
    newer_name = explain("AttributeError: module 'PIL.Image' has no attribute 'Resampling'")[0]
    assert newer_name.cause == "stale_module_after_upgrade"


def test_the_other_kinds_install_fixes_go_to_the_kernels_own_python() -> None:
    # Live, the same readings' installs are %pip lines for the kernel's interpreter, as every install fix (ctx.install).
    from torchenv_magic.rules import Context
    from torchenv_magic.rules.other import other

    def live_fix(text: str, python: str = "3.11.9") -> str:
        capture = {"type": text.split(":", 1)[0], "text": text}
        facts = {"packages": {"installed": {}}, "python": {"version": python}}
        (finding,) = other(Context(facts=facts, capture=capture, in_kernel=True))
        assert finding.fix is not None
        return finding.fix.code

    assert live_fix("AttributeError: module 'numpy' has no attribute 'float'").startswith('%pip install "numpy<1.24"')
    # A kernel on Python 3.12, which the cell's one-line traceback does not name: no NumPy before 1.24 installs there.
    assert "numpy<" not in live_fix("AttributeError: module 'numpy' has no attribute 'float'", python="3.12.4")
    index = "Looking in indexes: https://download.pytorch.org/whl/cu131\nERROR: No matching distribution found for torch==2.10.0"
    assert live_fix(index).startswith("%pip install torch==2.10.0+cu130 --index-url https://download.pytorch.org/whl/cu130")
