"""JupyterLab 4 in headless Chromium: the hint, the panel and its buttons, as a user sees them.

One notebook, run cell by cell in a kernel with a real broken install (torch 2.13.0 CPU +
torchvision 0.29.1): the failing import and its hint, ``%torchenv`` and the panel, "Copy",
"Insert fix cell", ``%torchenv fix``, "Export Markdown", "Restart kernel…" with its
confirmation, and then, in the fresh kernel, "Reset module cache". One flow rather than
many tests, because starting JupyterLab and importing torch are what takes the time (CI
has two cores).

Screenshots of the panel go to ``$TORCHENV_SCREENSHOTS`` (``docs/screenshots`` to refresh
the README's), or to a temporary folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tests.browser.lab import Lab, chromium_missing, chromium_page, screenshot_folder
from tests.notebooks.kernels import BROKEN_KERNEL, kernel_env, write_kernelspec

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

FIX = "%pip install torchvision==0.28.0+cpu --index-url https://download.pytorch.org/whl/cpu"
CELLS = ["%load_ext torchenv_magic", "import torchvision", "%torchenv", "print('any cell')", "%torchenv fix"]
LONG = 90_000  # ms: a kernel start or a first torch import on a busy 2-core CI machine


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    missing = chromium_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    home = tmp_path_factory.mktemp("lab")
    root = home / "root"
    root.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": BROKEN_KERNEL, "display_name": BROKEN_KERNEL, "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nbformat.write(nb, root / "broken.ipynb")
    server = Lab(root, home, write_kernelspec(kernel_env(), home / "jupyter-path"))
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(lab: Lab) -> Iterator[Any]:
    with chromium_page(1500) as page:
        yield page


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return screenshot_folder(tmp_path_factory)


def wait_idle(page: Any) -> None:
    expect(page.get_by_role("button", name=re.compile(r"\| Idle$"))).to_be_visible(timeout=LONG)


def cell(page: Any, source: str) -> Any:
    """The code cell whose text is ``source`` (exactly one)."""
    editors = page.locator(".jp-NotebookPanel:visible .jp-CodeCell")
    return editors.filter(has=page.locator(".cm-content", has_text=re.compile("^" + re.escape(source) + "$")))


def run(page: Any, source: str) -> Any:
    """Select the cell, Shift+Enter, and wait until its prompt shows an execution count."""
    target = cell(page, source)
    expect(target).to_have_count(1)
    target.locator(".jp-InputPrompt").click()
    # JupyterLab shows "[*]:" as soon as the key is handled, so a count means "finished".
    page.keyboard.press("Shift+Enter")
    expect(target.locator(".jp-InputPrompt")).to_have_text(re.compile(r"\[\d+\]"), timeout=LONG)
    return target


def sources(page: Any) -> list[str]:
    return [text.strip() for text in page.locator(".jp-NotebookPanel:visible .jp-CodeCell .cm-content").all_inner_texts()]


def test_hint_panel_fix_export_restart_reset(page: Any, lab: Lab, shots: Path) -> None:
    page.goto(f"{lab.url}/lab/tree/broken.ipynb?reset")
    wait_idle(page)
    run(page, CELLS[0])

    # The failing import: the traceback stays, the hint is under it.
    failed = run(page, "import torchvision")
    expect(failed.locator(".jp-OutputArea")).to_contain_text("operator torchvision::nms does not exist")
    hint = failed.locator(".jupyter-widgets.torchenv-hint")  # the widget; the card inside it is .torchenv-card
    expect(hint).to_contain_text("torchvision 0.29.1 (CUDA 13.0 build) does not match torch 2.13.0 (CPU build)")
    expect(failed.locator(".torchenv-card .torchenv-fix-code")).to_have_text(FIX)
    hint.screenshot(path=str(shots / "hint.png"))

    # The hint's "more": a button under the hint that opens the full panel in place.
    failed.get_by_role("button", name="Show the full report").click()
    expect(failed.locator(".torchenv-panel .torchenv-verdict")).to_contain_text("does not match torch 2.13.0 (CPU build)")
    failed.locator(".jp-OutputArea-child").last.screenshot(path=str(shots / "hint_more.png"))

    # The panel: verdict, the first finding open, the table, the fix with its buttons.
    panel = run(page, "%torchenv").locator(".torchenv-panel")
    expect(panel.locator(".torchenv-verdict")).to_contain_text(
        "✘ torchenv: torchvision 0.29.1 (CUDA 13.0 build) does not match torch 2.13.0 (CPU build)"
    )
    expect(panel.locator(".torchenv-findings")).to_contain_text("Evidence:")
    expect(panel.locator(".torchenv-table tr", has_text="torchvision")).to_contain_text("0.28.0")
    expect(panel.locator(".torchenv-table tr", has_text="torchvision")).to_contain_text("✘ mismatch")
    expect(panel.locator(".torchenv-fix-code")).to_have_text(FIX)
    panel.screenshot(path=str(shots / "panel.png"))

    # Copy: the fix reaches the clipboard from the page itself.
    panel.locator(".torchenv-copy").first.click()
    expect(panel.locator(".torchenv-copy").first).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == FIX

    # Insert fix cell: queued by the click, inserted below the next cell that runs.
    panel.get_by_role("button", name="Insert fix cell").click()
    expect(panel.locator(".torchenv-message")).to_contain_text("Fix cell queued")
    run(page, "print('any cell')")
    expect(cell(page, FIX)).to_have_count(1)
    after = sources(page)
    assert after[after.index("print('any cell')") :][:3] == ["print('any cell')", FIX, "%torchenv fix"]

    # %torchenv fix does the same from a cell of its own.
    fixed = run(page, "%torchenv fix")
    expect(fixed.locator(".jp-OutputArea")).to_contain_text("is in the next cell")
    after = sources(page)
    assert after[after.index("%torchenv fix") + 1] == FIX  # right below it (Lab adds an empty cell at the end)

    # Export Markdown for a GitHub issue.
    panel.get_by_role("button", name="Export Markdown").click()
    expect(panel.locator(".torchenv-markdown textarea")).to_have_value(re.compile(r"^### torchenv: torchvision 0\.29\.1"))
    panel.screenshot(path=str(shots / "panel_export.png"))

    # torch's C++ core is loaded: no reset, a restart, and only after a confirmation.
    panel.get_by_role("button", name="Restart kernel…").click()
    expect(panel).to_contain_text("Restart the kernel? All variables are lost")
    panel.screenshot(path=str(shots / "panel_restart_confirm.png"))
    panel.get_by_role("button", name="Cancel").click()
    expect(panel).not_to_contain_text("Restart the kernel?")
    panel.get_by_role("button", name="Restart kernel…").click()
    panel.get_by_role("button", name="Yes, restart").click()
    expect(panel.locator(".torchenv-message")).to_contain_text("Restarting the kernel")
    dismiss_restart_dialog(page)
    wait_idle(page)

    # The fresh kernel has no torch loaded: now the panel offers the module reset.
    run(page, CELLS[0])
    fresh = run(page, "%torchenv")
    expect(fresh.locator(".torchenv-panel").get_by_role("button", name="Restart kernel…")).to_have_count(0)
    fresh.locator(".torchenv-panel").get_by_role("button", name="Reset module cache").click()
    expect(fresh.locator(".torchenv-message")).to_contain_text("torchenv reset:")
    fresh.locator(".torchenv-panel").screenshot(path=str(shots / "panel_after_restart_reset.png"))


def dismiss_restart_dialog(page: Any) -> None:
    """JupyterLab reports the dead kernel ("Kernel Restarting") while its server restarts it."""
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("Kernel Restarting", timeout=LONG)
    dialog.get_by_role("button", name=re.compile("Ok", re.I)).click()
