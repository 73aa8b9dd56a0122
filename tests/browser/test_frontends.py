"""The hint card and the panel in each frontend a student uses: JupyterLab 4 (light and dark
theme) and Jupyter Notebook 7, in headless Chromium, plus the static HTML that VS Code,
Colab and nbconvert fall back to.

Each frontend runs its own notebook in the broken kernel (torch 2.13.0 CPU + torchvision
0.29.1, really installed): the traceback stays, the card under it says in plain words what
is wrong, its text is readable against the theme's background (WCAG contrast), "Copy" is
there, and "Show the full report" opens the panel with its glossary. Screenshots go to
``$TORCHENV_SCREENSHOTS`` (``docs/img`` to refresh the docs' own), else a temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tests.browser.lab import Lab, chromium_missing, chromium_page, screenshot_folder, set_theme
from tests.notebooks.kernels import BROKEN_KERNEL, kernel_env, write_kernelspec

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

CELLS = ["%load_ext torchenv_magic", "import torchvision"]
TITLE = "torchvision 0.29.1 (CUDA 13.0 build) does not match torch 2.13.0 (CPU build)"
VERDICT = "torchvision is the CUDA 13.0 build; your torch is the CPU build. Both must be the same build."
LONG = 90_000  # ms: a kernel start or a first torch import on a busy 2-core machine
# frontend -> (server app, theme, notebook page path)
FRONTENDS = {
    "lab-light": ("jupyterlab", "JupyterLab Light", "lab/tree"),
    "lab-dark": ("jupyterlab", "JupyterLab Dark", "lab/tree"),
    "notebook7": ("notebook", "JupyterLab Light", "notebooks"),
}
# The WCAG contrast ratio of an element's text against the first opaque background behind it.
CONTRAST_JS = """(el) => {
  const rgba = (s) => { const m = s.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(parseFloat); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const behind = (node) => { for (; node; node = node.parentElement) {
    const c = rgba(getComputedStyle(node).backgroundColor); if (c && c.a > 0.5) return c; }
    return {r: 255, g: 255, b: 255, a: 1}; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const back = behind(el), fore = rgba(getComputedStyle(el).color);
  const mix = (k) => fore[k] * fore.a + back[k] * (1 - fore.a);
  const mixed = {r: mix('r'), g: mix('g'), b: mix('b')};
  const [hi, lo] = [lum(mixed), lum(back)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = chromium_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    folder = tmp_path_factory.mktemp("frontends")
    (folder / "root").mkdir()
    for name in FRONTENDS:
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": BROKEN_KERNEL, "display_name": BROKEN_KERNEL, "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
        nbformat.write(nb, folder / "root" / f"hint-{name}.ipynb")
    return folder


@pytest.fixture(scope="module")
def servers(home: Path) -> Iterator[dict[str, Lab]]:
    jupyter_path = write_kernelspec(kernel_env(), home / "jupyter-path")
    started: dict[str, Lab] = {}
    try:
        for app in ("jupyterlab", "notebook"):
            (home / app).mkdir()
            started[app] = Lab(home / "root", home / app, jupyter_path, app=app)
        for server in started.values():
            server.wait_ready()
        yield started
    finally:
        for server in started.values():
            server.stop()


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium_page(1400) as page:
        yield page


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return screenshot_folder(tmp_path_factory)


def run(page: Any, source: str) -> Any:
    """Select the cell whose text is ``source``, Shift+Enter, wait for its execution count."""
    editors = page.locator(".jp-NotebookPanel:visible .jp-CodeCell")
    target = editors.filter(has=page.locator(".cm-content", has_text=re.compile("^" + re.escape(source) + "$")))
    expect(target).to_have_count(1, timeout=LONG)
    target.locator(".jp-InputPrompt").click()
    page.keyboard.press("Shift+Enter")
    expect(target.locator(".jp-InputPrompt")).to_have_text(re.compile(r"\[\d+\]"), timeout=LONG)
    return target


def wait_kernel_idle(server: Lab, notebook: str, timeout_s: float = LONG / 1000) -> None:
    """Until the server's session for ``notebook`` has a started, idle kernel (the same REST
    API for both apps, whose status bars differ)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{server.url}/api/sessions", timeout=5) as answer:
            sessions = json.load(answer)
        states = [s["kernel"].get("execution_state") for s in sessions if s.get("path", "").endswith(notebook)]
        if states == ["idle"]:
            return
        time.sleep(0.5)
    raise TimeoutError(f"no idle kernel for {notebook}")


def contrast(locator: Any) -> float:
    return float(locator.evaluate(CONTRAST_JS))


@pytest.mark.parametrize("frontend", list(FRONTENDS))
def test_hint_card_and_panel(frontend: str, servers: dict[str, Lab], page: Any, shots: Path) -> None:
    app, theme, path = FRONTENDS[frontend]
    server = servers[app]
    set_theme(server.home, theme)
    page.goto(f"{server.url}/{path}/hint-{frontend}.ipynb")
    expect(page.locator("body")).to_have_attribute("data-jp-theme-light", "false" if "Dark" in theme else "true", timeout=LONG)
    wait_kernel_idle(server, f"hint-{frontend}.ipynb")
    run(page, CELLS[0])
    failed = run(page, "import torchvision")

    # The traceback stays; the card under it: the title, the verdict in plain words, the fix with Copy.
    expect(failed.locator(".jp-OutputArea")).to_contain_text("operator torchvision::nms does not exist")
    card = failed.locator(".torchenv-card")
    expect(card).to_contain_text(TITLE)
    expect(card.locator(".torchenv-hint-verdict")).to_have_text(VERDICT)
    expect(card.locator(".torchenv-fix-code")).to_contain_text("%pip install")
    expect(card.locator(".torchenv-copy")).to_be_visible()
    # Readable in this theme: body text at WCAG AA (4.5:1), the bold title at the large-text level (3:1).
    assert contrast(card.locator(".torchenv-hint-verdict")) >= 4.5
    assert contrast(card.locator(".torchenv-fix-code")) >= 4.5
    assert contrast(card.locator("div").first) >= 3
    failed.locator(".jp-OutputArea-child").last.screenshot(path=str(shots / f"hint_card_{frontend}.png"))
    # Copy puts the fix itself on the clipboard, from the page (the kernel cannot reach it).
    code = card.locator(".torchenv-fix-code").inner_text()
    card.locator(".torchenv-copy").click()
    expect(card.locator(".torchenv-copy")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == code

    # "Show the full report" opens the panel in place: plain words first, the terms explained.
    failed.get_by_role("button", name="Show the full report").click()
    panel = failed.locator(".torchenv-panel")
    expect(panel.locator(".torchenv-verdict")).to_contain_text(VERDICT)
    expect(panel.locator(".torchenv-words")).to_contain_text("Words used here")
    expect(panel.locator("abbr.torchenv-term").first).to_be_attached()
    panel.screenshot(path=str(shots / f"panel_{frontend}.png"))


def test_static_fallback_as_vscode_and_colab_show_it(home: Path, page: Any, shots: Path) -> None:
    """The saved notebook rendered by nbconvert (no widget state), as a page in Chromium."""
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    nb = nbformat.read(home / "root" / "hint-lab-light.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("%torchenv"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(write_kernelspec(kernel_env(), home / "static-path")))
        NotebookClient(nb, kernel_name=BROKEN_KERNEL, timeout=120, allow_errors=True).execute()
    nb.metadata.pop("widgets", None)
    html, _ = HTMLExporter().from_notebook_node(nb)
    target = home / "static.html"
    target.write_text(html, encoding="utf-8")
    page.goto(target.as_uri())
    card = page.locator(".torchenv-card")
    expect(card).to_contain_text(VERDICT)
    assert contrast(card.locator(".torchenv-hint-verdict")) >= 4.5
    card.locator("summary", has_text="Show the full report").click()
    expect(card.locator(".torchenv-report")).to_be_visible()
    card.screenshot(path=str(shots / "static_fallback.png"))
