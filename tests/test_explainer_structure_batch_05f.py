"""What batch-2026-12-05f taught (docs/accuracy-runs/batch-2026-12-05f.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from tests.test_explainer_structure_batch_05d import read_by_rules
from torchenv_magic import explain


def _read(text: str, platform: str = "linux") -> list[str]:
    return read_by_rules(text, platform)


def test_an_import_blocked_by_none_in_sys_modules() -> None:
    # tensorpack/tensorpack#653: tensorpack's dataflow put None in sys.modules['torch'] while importing pyarrow.
    finding = explain("ImportError: import of 'torch' halted; None in sys.modules", platform="linux")[0]
    assert finding.cause == "partial_import_state" and "sys.modules['torch']" in finding.title
    assert finding.fix is not None and "import torch" in finding.fix.code
    # Python 3.9 to 3.13 word it without quotes (tests/e2e/test_batch_05f_real.py makes it).
    assert _read("ModuleNotFoundError: import of numpy halted; None in sys.modules")[0] == "partial_import_state"


def test_transformers_refusing_keras_3_installs_tf_keras() -> None:
    # the-ai-max/max-ai#124: TensorFlow 2.16 brought Keras 3.
    text = (
        "RuntimeError: Failed to import transformers.models.roberta.modeling_tf_roberta because of the following error "
        "(look up to see its traceback): Your currently installed version of Keras is Keras 3, but this is not yet "
        "supported in Transformers. Please install the backwards-compatible tf-keras package with `pip install tf-keras`."
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and "Keras 3" in finding.title
    assert finding.fix is not None and finding.fix.code.endswith("install tf-keras")


def test_a_system_library_a_build_links_is_installed_by_the_system() -> None:
    # pytorch/TensorRT#3885 (a JetPack torch wheel) and nmilosev/python3-wheels#5 (a Raspberry Pi one).
    text = (
        '  File "/usr/lib/python3.10/site-packages/torch/__init__.py", line 422, in <module>\n'
        "    from torch._C import *  # noqa: F403\n"
        "ImportError: libopenblas.so.0: cannot open shared object file: No such file or directory"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and finding.fix is not None
    assert finding.fix.code == "sudo apt-get update && sudo apt-get install -y libopenblas-dev"
    mpi = explain("OSError: libmpi_cxx.so.40: cannot open shared object file: No such file or directory", platform="linux")[0]
    assert mpi.fix is not None and mpi.fix.code.endswith("install -y libopenmpi-dev")
    # A library not in the table (one of CUDA's) keeps its own reading.
    assert "other" not in _read("ImportError: libcudart.so.12: cannot open shared object file: No such file or directory")[:1]


def test_a_macos_extension_module_built_for_a_newer_macos() -> None:
    # isl-org/Open3D#1421: open3d 0.9's module, built for 10.15, on 10.13.
    text = (
        "ImportError: dlopen(/usr/local/lib/python3.6/site-packages/open3d/open3d.cpython-36m-darwin.so, 2): Symbol not "
        "found: _objc_opt_class\n  Referenced from: /usr/local/lib/python3.6/site-packages/open3d/open3d.cpython-36m-"
        "darwin.so (which was built for Mac OS X 10.15)\n  Expected in: /usr/lib/libobjc.A.dylib"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "open3d was built for macOS 10.15" in finding.title
    assert finding.fix is not None and "install another open3d release" in finding.fix.code
    # Newer dyld's "macOS 11.0" reads the same.
    assert _read("libfoo.dylib (which was built for macOS 11.0)", "macos")[0] == "wheel_platform_mismatch"


def test_an_illegal_instruction_in_the_shells_own_language() -> None:
    # tensorflow/tensorflow#18322: TensorFlow 1.7 (built with AVX) on an AMD A4-3300M; the shell's words half translated.
    assert _read(">>> import tensorflow as tf\nIllegal instruction ( core dumped creato )")[0] == "wheel_platform_mismatch"
    # glibc's translations of SIGILL's name (its libc.mo here), with bash's "(core dumped)" in the same language.
    for words in ("Ungültiger Maschinenbefehl (Speicherabzug geschrieben)", "非法指令 (核心已转储)", "Instruction non permise"):
        assert _read(f">>> import torch\n{words}")[0] == "wheel_platform_mismatch", words
    # The words inside a sentence are not the shell's report.
    assert "wheel_platform_mismatch" not in _read("The docs say Illegal instruction (core dumped) means a bad CPU. Anyway:")


def test_a_package_not_installed_reads_under_unknown_location_too() -> None:
    # allenai/semsup-xc#1: 'datasets' (unknown location), fixed by `pip install datasets`.
    text = "ImportError: cannot import name 'load_dataset' from 'datasets' (unknown location)"
    assert _read(text)[:2] == ["shadowed_module", "module_not_installed_in_kernel_env"]
    # Stated as installed, the install losing files stays first and the package is not offered again.
    stated = explain(text, platform="linux", packages={"datasets": "2.14.0"})
    assert stated[0].cause == "corrupted_install"
    assert "module_not_installed_in_kernel_env" not in [f.cause for f in stated]


def test_bitsandbytes_without_a_library_for_the_cuda_in_use() -> None:
    # Haoming02/sd-webui-forge-classic#184: bitsandbytes 0.45.5 under torch's CUDA 12.9.
    text = (
        "WARNING:bitsandbytes.cextension:Could not find the bitsandbytes CUDA binary at WindowsPath('E:/venv/Lib/site-packages/"
        "bitsandbytes/libbitsandbytes_cuda129.dll')\nWARNING:bitsandbytes.cextension:The installed version of bitsandbytes "
        "was compiled without GPU support."
    )
    found = explain(text, platform="windows")
    # Read as the release built for older CUDA releases than torch's since batch-2026-12-06t, the corpus's label for all
    # three texts of this message; the CPU library it fell back to is the second reading. The fix is the same upgrade.
    assert found[0].cause == "extension_abi_mismatch" and "CUDA 12.9" in " ".join(found[0].evidence)
    assert found[0].fix is not None and "install --upgrade bitsandbytes" in found[0].fix.code
    assert found[1].cause == "cpu_only_build"


def test_mps_asked_for_off_macos() -> None:
    # sonoisa/arm64-docker-pytorch-tensorflow#3: Docker Desktop's Linux VM on an M1 Mac.
    text = (
        ">>> platform.platform()\n'Linux-5.15.49-linuxkit-aarch64-with-glibc2.29'\n"
        ">>> torch.backends.mps.is_available()\nFalse"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "no_driver_or_gpu" and "Docker on a Mac" in finding.title
    assert finding.fix is not None and "device='cpu'" in finding.fix.code
    # On macOS the same False is that Mac's own question (its macOS release, or a build without MPS).
    assert "no_driver_or_gpu" not in _read(">>> torch.backends.mps.is_available()\nFalse", "macos")[:1]


def test_a_packages_own_module_lacking_a_name_it_imports() -> None:
    # scikit-learn/scikit-learn#15802: an older compiled _online_lda left behind by the upgrade to 0.22.
    text = (
        "In [1]: from sklearn.decomposition import PCA\n"
        "/home/u/.local/lib/python3.6/site-packages/sklearn/decomposition/__init__.py in <module>()\n"
        "     18 from ..utils.extmath import randomized_svd\n"
        "---> 19 from ._online_lda import LatentDirichletAllocation\n"
        "     20 \n"
        "ImportError: cannot import name 'LatentDirichletAllocation'"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "corrupted_install" and finding.title.startswith("scikit-learn's files come from two")
    # Another package's import (not its own module) and a circular import are not this reading.
    other = text.replace("from ._online_lda import", "from numpy import").replace("LatentDirichletAllocation", "float_")
    assert "corrupted_install" not in _read(other)[:1]
    circular = text.replace("'LatentDirichletAllocation'", "'LatentDirichletAllocation' from partially initialized module")
    assert "corrupted_install" not in _read(circular)[:1]
    # torch's own files keep their readings.
    torch_own = text.replace("sklearn/decomposition", "torch/nn").replace("sklearn.decomposition", "torch.nn")
    assert not explain(torch_own, platform="linux")[0].title.startswith("torch's files come from two of its versions")
