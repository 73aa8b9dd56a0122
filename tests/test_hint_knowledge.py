"""The hint knows what ``explain()`` knows: real error texts raised by a real import in a
real IPython shell get a hint naming their cause (issue 11).

Each case is an ``import torch`` that fails inside torch's own ``__init__.py`` with a
message recorded from a public report (source beside it), in an otherwise healthy-looking
environment: a ``torch`` package with its dist-info in a site-packages folder of its own.
Without the explainer's knowledge on the live path these got only ``info`` findings and
no hint at all.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from torchenv_magic import explain

SITE = "site-packages"
CASES = {
    # pytorch/pytorch#87279 (tests/corpus/glibc_libstdcxx_too_old/glibcxx-3430-pytorch-87279.txt)
    "glibc_libstdcxx_too_old": "/usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.30' not found "
    "(required by /env/lib/python3.10/site-packages/torch/lib/libtorch_python.so)",
    # pytorch/pytorch#123097: MKL 2024.1 in a conda env
    "lib_version_conflict": "/env/lib/python3.11/site-packages/torch/lib/libtorch_cpu.so: undefined symbol: iJIT_NotifyEvent",
    # pytorch/pytorch#111469 (tests/corpus/lib_version_conflict/cusparse-nvjitlink-ngc-pytorch-111469.txt)
    "lib_version_conflict/nvjitlink": "/usr/local/lib/python3.10/dist-packages/torch/lib/../../nvidia/cusparse/lib/libcusparse.so.12: "
    "undefined symbol: __nvJitLinkAddData_12_1, version libnvJitLink.so.12",
    # hacksider/Deep-Live-Cam#412 (tests/corpus/numpy_abi_mismatch/multiarray-deep-live-cam-412.txt)
    "numpy_abi_mismatch": "numpy.core.multiarray failed to import",
}


@pytest.fixture
def failing_torch(tmp_path: Path) -> Iterator[Path]:
    """A site-packages folder holding torch 2.13.0 (metadata and package) whose import raises MESSAGE."""
    site = tmp_path / SITE
    (site / "torch").mkdir(parents=True)
    dist = site / "torch-2.13.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: torch\nVersion: 2.13.0\n")
    sys.path.insert(0, str(site))
    yield site
    sys.path.remove(str(site))
    for name in [name for name in sys.modules if name == "torch" or name.startswith("torch.")]:
        del sys.modules[name]


@pytest.mark.parametrize("cause", sorted(CASES))
def test_hint_names_the_cause_explain_knows(cause: str, failing_torch: Path, loaded_shell: InteractiveShell) -> None:
    message = CASES[cause]
    (failing_torch / "torch" / "__init__.py").write_text(f"raise ImportError({message!r})\n")
    with capture_output() as captured:
        result = loaded_shell.run_cell("import torch")
    assert isinstance(result.error_in_exec, ImportError)
    assert "ImportError" in captured.stdout  # IPython's own traceback, untouched
    assert captured.outputs, f"no hint for {cause}"
    first_line = captured.outputs[-1].data["text/plain"].splitlines()[0]
    expected = next(f for f in explain(f"ImportError: {message}") if f.cause == cause.split("/")[0])
    assert first_line == f"torchenv: {expected.title}"
