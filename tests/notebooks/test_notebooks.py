"""The notebooks in notebooks/, executed in real ipykernels by nbclient, outputs asserted.

``panel_demo.ipynb`` runs in this test environment's own kernel (no torch here: the report
says so). ``broken_kernel.ipynb`` runs in a kernel whose environment has a real broken
install (torch 2.13.0 CPU + torchvision 0.29.1), built from the wheels on disk.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from tests.notebooks.kernels import BROKEN_KERNEL, kernel_env, write_kernelspec

ROOT = Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def execute(name: str, kernel: str, extra_cells: Sequence[str] = ()) -> tuple[Any, dict[int, dict[str, Any]]]:
    """Run notebooks/<name> (plus ``extra_cells``); return it and each cell's execute_reply."""
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    nb.cells += [nbformat.v4.new_code_cell(source) for source in extra_cells]
    replies: dict[int, dict[str, Any]] = {}

    def on_cell_executed(cell: Any, cell_index: int, execute_reply: dict[str, Any]) -> None:
        replies[cell_index] = execute_reply

    client = NotebookClient(nb, kernel_name=kernel, timeout=120, allow_errors=True, resources={"metadata": {"path": str(ROOT)}})
    client.on_cell_executed = on_cell_executed
    client.execute()
    return nb, replies


def code_index(nb: Any, source: str) -> int:
    return next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and cell.source.strip() == source)


def outputs(nb: Any, source: str) -> list[Any]:
    return list(nb.cells[code_index(nb, source)].outputs)


def displayed(nb: Any, source: str) -> list[dict[str, Any]]:
    return [out.data for out in outputs(nb, source) if out.output_type in ("display_data", "execute_result") and out.data]


def panel_bundle(nb: Any) -> dict[str, Any]:
    panels = [data for data in displayed(nb, "%torchenv") if WIDGET_VIEW in data]
    assert len(panels) == 1, displayed(nb, "%torchenv")
    return panels[0]


def widget_states(nb: Any) -> list[dict[str, Any]]:
    """The widget models nbclient stored in the notebook (what nbconvert/Voila would render)."""
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    return [model for model in state.values()]


def widget_texts(nb: Any) -> str:
    return "\n".join(str(m["state"].get("value", "")) + str(m["state"].get("description", "")) for m in widget_states(nb))


def next_input(reply: dict[str, Any]) -> str:
    payloads = [p for p in reply["content"].get("payload", []) if p.get("source") == "set_next_input"]
    assert len(payloads) == 1, reply["content"]
    return str(payloads[0]["text"])


SLOW = (
    "import time\nfrom torchenv_magic.render.progress import run_with_progress\n"
    "run_with_progress(lambda: time.sleep(1.5), 'probing', shell=get_ipython())"
)
TABLE = "from torchenv_magic.diagnosis import diagnose\nfrom torchenv_magic.render.table import compat_table\n\ncompat_table(diagnose())"


def test_panel_demo_in_a_real_kernel() -> None:
    nb, replies = execute("panel_demo.ipynb", "python3", [SLOW])
    assert all(reply["content"]["status"] == "ok" for reply in replies.values())
    bundle = panel_bundle(nb)
    # the static fallback travels with the widget: nbconvert, GitHub and terminals show it
    assert bundle["text/plain"].startswith("torchenv: ERROR: torch is not installed")
    assert "<div class='torchenv-report'>" in bundle["text/html"]
    models = {m["model_name"] for m in widget_states(nb)}
    assert {"AccordionModel", "HTMLModel", "ButtonModel"} <= models
    texts = widget_texts(nb)
    assert "Versions and compatibility" in texts and "Insert fix cell" in texts and "Export Markdown" in texts
    table = displayed(nb, TABLE)
    assert "✘ missing" in table[0]["text/html"]
    assert next_input(replies[code_index(nb, "%torchenv fix")]).startswith("%pip install torch")
    assert displayed(nb, "%torchenv --markdown")[0]["text/markdown"].startswith("### torchenv: ")
    # a slow probe showed a progress bar while it ran, then blanked it
    progress = [m["state"] for m in widget_states(nb) if m["model_name"] == "FloatProgressModel"]
    assert progress and 0 < progress[0]["value"] < 1
    assert [out.data for out in outputs(nb, SLOW) if out.output_type == "display_data"] == [{"text/plain": ""}]


def test_static_html_without_widget_state_shows_the_report() -> None:
    """A notebook saved by JupyterLab keeps no widget state: nbconvert must fall back to HTML."""
    from nbconvert import HTMLExporter

    nb, _ = execute("panel_demo.ipynb", "python3")
    nb.metadata.pop("widgets", None)
    html, _ = HTMLExporter().from_notebook_node(nb)
    assert 'class="torchenv-report"' in html  # nbconvert re-serialises the HTML it sanitises
    assert "torch is not installed for this kernel" in html
    assert "application/vnd.jupyter.widget-view+json" not in html


@pytest.fixture(scope="module")
def broken_kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = write_kernelspec(kernel_env(), tmp_path_factory.mktemp("jupyter"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(root))
        yield BROKEN_KERNEL


@pytest.mark.e2e
def test_broken_kernel_notebook(broken_kernel: str) -> None:
    checks = [
        "from torchenv_magic.render.panel_actions import reset_modules\nprint(reset_modules(get_ipython()))",
        "%torchenv --import-torch",
    ]
    nb, replies = execute("broken_kernel.ipynb", broken_kernel, checks)
    error = [out for out in outputs(nb, "import torchvision") if out.output_type == "error"]
    assert error and error[0].ename == "RuntimeError" and "torchvision::nms does not exist" in error[0].evalue
    if (ROOT / "torchenv_magic" / "hint.py").exists():  # the automatic hint (issue 3), under the traceback
        hint = displayed(nb, "import torchvision")
        assert hint and "torchvision" in hint[0]["text/plain"]
    bundle = panel_bundle(nb)
    assert bundle["text/plain"].startswith("torchenv: ERROR: torchvision 0.29.1")
    texts = widget_texts(nb)
    assert "✘ mismatch" in texts and "0.28.0" in texts  # the table: installed 0.29.1, expected 0.28.0
    assert "Restart kernel…" in texts  # torch's C++ core is loaded: a module reset is unsafe
    assert "torchvision==0.28.0" in next_input(replies[code_index(nb, "%torchenv fix")])
    reset_text = "".join(out.get("text", "") for out in outputs(nb, checks[0]))
    assert "Only a kernel restart is safe" in reset_text
    assert replies[code_index(nb, "%torchenv --import-torch")]["content"]["status"] == "ok"
