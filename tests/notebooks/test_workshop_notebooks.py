"""The quickstart, workshop preflight and gallery notebooks, executed in a real ipykernel.

nbclient runs each notebook top to bottom in a fresh kernel of this interpreter (the test
venv: no torch, no NVIDIA driver), then the tests read the outputs a person would see.
The committed notebooks must have their outputs cleared.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ("quickstart", "workshop_preflight", "gallery")


def execute(name: str) -> tuple[Any, float]:
    book = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    started = time.monotonic()
    NotebookClient(book, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return book, time.monotonic() - started


@pytest.fixture(scope="module")
def executed() -> dict[str, tuple[Any, float]]:
    return {name: execute(name) for name in NAMES}


def text_of(cell: Any) -> str:
    """Everything a cell showed as text: streams, text/plain and Markdown outputs."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            parts.append(output["text"])
        elif "data" in output:
            data = output["data"]
            parts.append(str(data.get("text/markdown") or data.get("text/plain") or ""))
    return "".join(parts)


def cell_with(book: Any, source: str) -> Any:
    return next(cell for cell in book.cells if cell.cell_type == "code" and source in cell.source)


@pytest.mark.parametrize("name", NAMES)
def test_committed_outputs_are_cleared(name: str) -> None:
    book = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    code = [cell for cell in book["cells"] if cell["cell_type"] == "code"]
    assert all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)


@pytest.mark.parametrize("name", NAMES)
def test_runs_fast_without_errors(executed: dict[str, tuple[Any, float]], name: str) -> None:
    book, seconds = executed[name]
    errors = [output for cell in book.cells for output in cell.get("outputs", []) if output["output_type"] == "error"]
    assert errors == []
    assert seconds < 30, f"{name} took {seconds:.1f} s"


def test_quickstart(executed: dict[str, tuple[Any, float]]) -> None:
    book, _ = executed["quickstart"]
    report = next(cell for cell in book.cells if cell.source == "%torchenv")
    bundle = report.outputs[-1]["data"]
    # The panel where widgets render, with the static report for every other viewer.
    assert {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"} <= set(bundle)
    assert bundle["text/plain"].startswith("torchenv: ERROR: torch is not installed for this kernel's Python")
    assert "%pip install torch torchvision --index-url https://download.pytorch.org/whl/cpu" in bundle["text/plain"]
    # The test venv has no torch: the report says so, for this kernel's interpreter.
    assert "module_not_installed_in_kernel_env" in text_of(cell_with(book, 'report = %torchenv --json'))
    explained = text_of(cell_with(book, "explain(error"))
    assert explained.startswith("missing_vc_redist - ")
    assert "### torchenv:" in text_of(cell_with(book, "%torchenv --markdown"))
    assert "torchenv require: READY (2 checks passed)" in text_of(cell_with(book, "%torchenv require"))


def test_workshop_preflight(executed: dict[str, tuple[Any, float]]) -> None:
    book, _ = executed["workshop_preflight"]
    checklist = text_of(cell_with(book, "%torchenv require"))
    assert checklist.startswith("torchenv require: NOT READY")
    assert "[FAIL] torch>=2.2: not installed for this kernel's Python" in checklist
    assert '%pip install "torch>=2.2" torchvision --index-url https://download.pytorch.org/whl/cpu' in checklist
    verdict = text_of(cell_with(book, "preflight(Requirements("))
    assert verdict.startswith("NOT READY: run these, then restart the kernel:")
    assert "%pip install" in verdict
    assert "### torchenv:" in text_of(cell_with(book, "%torchenv --markdown"))


def test_gallery(executed: dict[str, tuple[Any, float]]) -> None:
    book, _ = executed["gallery"]
    shadow = text_of(cell_with(book, "shadow_findings = diagnosis"))
    assert "import torch -> AttributeError: partially initialized module 'torch'" in shadow
    assert "shadowed_module: A local torch.py hides the real torch" in shadow
    env = text_of(cell_with(book, "env_findings = diagnosis"))
    assert "import torch -> ModuleNotFoundError: No module named 'torch'" in env
    assert "module_not_installed_in_kernel_env" in env
    assert "<tmp>/env/bin/python -m pip install torch torchvision --index-url https://download.pytorch.org/whl/cpu" in env
    vision = text_of(cell_with(book, "vision_findings ="))
    assert "torchvision_torch_mismatch" in vision and "torchvision==0.28.0" in vision
    real = text_of(cell_with(book, "REAL_ERRORS = {"))
    for cause in ("missing_vc_redist", "windows_paging_file", "lib_version_conflict"):
        assert cause in real
