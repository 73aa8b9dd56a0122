"""What VS Code, Colab and nbconvert show when a widget cannot render: the static fallbacks.

VS Code and Colab render a widget only when they can load its JavaScript and find its
state; a notebook saved by JupyterLab keeps no widget state, and a notebook opened later
(or in another tool) has no live kernel behind it. Every torchenv output therefore carries
``text/html`` and ``text/plain`` beside the widget view. Here the broken kernel (torch
2.13.0 CPU + torchvision 0.29.1) runs ``notebooks/broken_kernel.ipynb``; the saved notebook,
widget state removed, is rendered by nbconvert, and the card and the report must be in it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.notebooks.kernels import BROKEN_KERNEL, kernel_env, write_kernelspec
from tests.notebooks.test_notebooks import WIDGET_VIEW, displayed, execute

pytestmark = pytest.mark.e2e
TITLE = "torchvision 0.29.1 (CUDA 13.0 build) does not match torch 2.13.0 (CPU build)"
VERDICT = "torchvision is the CUDA 13.0 build; your torch is the CPU build. Both must be the same build."


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    root = write_kernelspec(kernel_env(), tmp_path_factory.mktemp("jupyter"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(root))
        nb, _ = execute("broken_kernel.ipynb", BROKEN_KERNEL)
    yield nb


def hint_bundle(nb: object) -> dict[str, str]:
    bundles = [data for data in displayed(nb, "import torchvision") if "text/html" in data]
    assert len(bundles) == 1, displayed(nb, "import torchvision")
    return bundles[0]


def test_the_hint_is_a_widget_with_a_card_and_unchanged_plain_text(executed: object) -> None:
    bundle = hint_bundle(executed)
    assert WIDGET_VIEW in bundle  # JupyterLab and Notebook 7 show the widget ...
    lines = bundle["text/plain"].splitlines()  # ... terminals and logs the same lines as before
    assert lines[0] == f"torchenv: {TITLE}" and lines[1].startswith("  fix: %pip install")
    assert lines[-1] == "  then restart the kernel · %torchenv for the full report"
    card = bundle["text/html"]  # ... and VS Code, Colab and nbconvert the card
    assert card.startswith("<div class='torchenv-hint torchenv-card'")
    assert VERDICT in card and "torchenv-copy" in card and "Show the full report</summary>" in card
    assert "<div class='torchenv-report'>" in card  # the full report, folded, where no button can open it


def test_nbconvert_shows_the_card_and_the_report_without_widget_state(executed: object) -> None:
    from nbconvert import HTMLExporter

    executed.metadata.pop("widgets", None)  # type: ignore[attr-defined]  # as JupyterLab saves it
    html, _ = HTMLExporter().from_notebook_node(executed)
    assert "torchenv-card" in html and VERDICT in html and TITLE in html
    assert "var(--jp-layout-color1, transparent)" in html  # the theme's colours, not fixed ones
    assert 'class="torchenv-report"' in html or "class='torchenv-report'" in html  # %torchenv's fallback
    assert "Words used here" in html and "Show all (" in html
