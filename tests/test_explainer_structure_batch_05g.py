"""What batch-2026-12-05g taught (docs/accuracy-runs/batch-2026-12-05g.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from tests.test_explainer_structure_batch_05d import read_by_rules
from torchenv_magic import explain


def _read(text: str) -> list[str]:
    return read_by_rules(text, "linux")


def test_mkls_itt_symbol_with_no_library_named() -> None:
    # agentmorris/MegaDetector#127: conda's MKL 2024.1 under torch, the symbol pasted alone.
    finding = explain("undefined symbol: iJIT_NotifyEvent", platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and "MKL older than 2024.1" in finding.title
    assert finding.fix is not None and "mkl==2024.0" in finding.fix.code
    # Another library's own symbol, unnamed, is not MKL's.
    assert "lib_version_conflict" not in _read("undefined symbol: _ZN3foo3barEv")[:1]


def test_an_extension_built_in_the_working_directory_imported_before_torch() -> None:
    # pytorch/pytorch#8036: `import smtl_cuda` from the folder it was built in, before `import torch`.
    finding = explain("ImportError: ./smtl_cuda.so: undefined symbol: THPVariableClass", platform="linux")[0]
    assert finding.cause == "other" and "imported before torch" in finding.title
    # Inside a package, the package imported torch first: another torch's build is the reading.
    packaged = "ImportError: /opt/venv/lib/python3.10/site-packages/detectron2/_C.so: undefined symbol: THPVariableClass"
    assert _read(packaged)[0] == "extension_abi_mismatch"


def test_a_typed_import_answered_by_a_relative_source_folder() -> None:
    # tensorflow/tensorflow#51: Python started inside TensorFlow's checkout.
    text = (
        ">>> import tensorflow\nTraceback (most recent call last):\n"
        '  File "<stdin>", line 1, in <module>\n'
        '  File "tensorflow/__init__.py", line 4, in <module>\n    from tensorflow.python import *\n'
        '  File "tensorflow/python/__init__.py", line 13, in <module>\n'
        "    from tensorflow.core.framework.graph_pb2 import *\n"
        "ImportError: No module named core.framework.graph_pb2"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module" and "tensorflow/ folder" in finding.title
    # A script's own package, run from the project's root, is relative too: not this reading.
    script = text.replace(">>> import tensorflow\n", "").replace('"<stdin>"', '"main.py"')
    assert "shadowed_module" not in _read(script)


def test_a_nightly_companion_pinning_a_nightly_torch_pypi_lacks() -> None:
    # tianzhi0549/FCOS#248: pip, asked of PyPI alone, finds no torch==1.5.0.dev20200319 that a nightly torchvision pins.
    text = (
        "ERROR: Could not find a version that satisfies the requirement torch==1.5.0.dev20200319 (from torchvision->"
        "fcos==0.1.9) (from versions: 0.1.2, 0.4.1, 1.0.0, 1.3.1, 1.4.0)\n"
        "ERROR: No matching distribution found for torch==1.5.0.dev20200319 (from torchvision->fcos==0.1.9)"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "torchvision_torch_mismatch" and "nightly" in finding.title
    assert finding.fix is not None and "--upgrade torch torchvision" in finding.fix.code
    # With PyTorch's nightly index asked too, the nightly is not what PyPI lacks (pytorch/executorch#7772: an x86_64
    # Python on a Mac): the platform reading stays.
    indexed = "Looking in indexes: https://pypi.org/simple, https://download.pytorch.org/whl/nightly/cpu\n" + text
    assert _read(indexed)[0] == "wheel_platform_mismatch"
    # A release asked for, not a nightly, keeps the platform reading.
    assert _read(text.replace("1.5.0.dev20200319", "1.5.0"))[0] == "wheel_platform_mismatch"
