"""A throw-away JupyterLab server and a headless Debian Chromium, for the browser tests.

JupyterLab runs from this test environment on a free localhost port with the token
disabled, and every Jupyter folder (config, data, runtime, settings, workspaces) in a
temporary directory, so the tests neither read nor write the user's Jupyter set-up.
Playwright drives ``/usr/bin/chromium``: its own browser download cannot work here.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("TORCHENV_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
# No "Jupyter news" toast and no update check: both would cover the notebook (and go online).
SETTINGS = {"@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def lab_environment(home: Path, jupyter_path: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHONPATH"))}
    for name in ("config", "data", "runtime", "settings", "workspaces"):
        (home / name).mkdir(parents=True, exist_ok=True)
    env.update(
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
    )
    if jupyter_path is not None:
        env["JUPYTER_PATH"] = str(jupyter_path)
    for name, values in SETTINGS.items():
        target = home / "settings" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    return env


THEME_SETTINGS = "@jupyterlab/apputils-extension/themes.jupyterlab-settings"


def set_theme(home: Path, theme: str) -> None:
    """The theme the next page load uses ("JupyterLab Light" or "JupyterLab Dark"): the server
    reads the user settings from this file on every request."""
    (home / "settings" / THEME_SETTINGS).write_text(json.dumps({"theme": theme}))


class Lab:
    """``jupyter lab`` (or, with ``app="notebook"``, Jupyter Notebook 7) serving ``root`` at ``url``; ``stop()`` ends it."""

    def __init__(self, root: Path, home: Path, jupyter_path: Path | None = None, app: str = "jupyterlab") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(home / "lab.log", "w")  # noqa: SIM115 - open for the server's lifetime
        command = [
            sys.executable, "-m", app, "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
            f"--ServerApp.root_dir={root}", "--IdentityProvider.token=", "--ServerApp.password=",
            "--ServerApp.port_retries=0", "--allow-root",
        ]  # fmt: skip
        if app == "jupyterlab":
            command.append("--LabApp.news_url=")
        self.process = subprocess.Popen(command, env=lab_environment(home, jupyter_path), stdout=self.log, stderr=subprocess.STDOUT)
        self.home = home

    def wait_ready(self, timeout_s: float = 90) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("jupyter lab exited:\n" + (self.home / "lab.log").read_text()[-3000:])
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise TimeoutError("jupyter lab did not answer:\n" + (self.home / "lab.log").read_text()[-3000:])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self.log.close()


def chromium_missing() -> str | None:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).is_file():
        return f"{CHROMIUM} not found: run scripts/system_deps.sh (apt-get install chromium)"
    return None


@contextlib.contextmanager
def chromium_page(height: int) -> Iterator[Any]:
    """A page of headless Debian Chromium, 1200 x ``height``, allowed the clipboard; closed on the way out."""
    from playwright import sync_api  # here, not at the top: the test modules skip without it (importorskip)

    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": height}, permissions=["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            yield page
        finally:
            browser.close()


def screenshot_folder(tmp_path_factory: Any) -> Path:
    """Where screenshots go: $TORCHENV_SCREENSHOTS (docs/img, docs/screenshots) or a temporary folder."""
    folder = Path(os.environ.get("TORCHENV_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
