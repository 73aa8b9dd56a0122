"""A real kernel killed by a truncated ``libc10.so`` (SIGBUS in ``import torch``), explained by the next one.

The environment is a hard-linked clone of the ``cpu`` kernel variant (torch 2.13.0 CPU with
ipykernel, tests/notebooks/kernels.py); ``libc10.so`` is unlinked in the clone and written
again cut short, so the base keeps its intact copy.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import KernelManager

from tests.envs import clone_env, site_packages
from tests.notebooks.kernels import kernel_env, write_kernelspec

pytestmark = pytest.mark.e2e

KERNEL = "torchenv-kernel-death"
DIED = "torchenv: the previous kernel died while running"


@pytest.fixture
def truncated_env() -> Iterator[Path]:
    """The cpu kernel env with ``torch/lib/libc10.so`` truncated to its first 40%."""
    target = clone_env(kernel_env("cpu"), "kernel-death")
    lib = site_packages(target) / "torch" / "lib" / "libc10.so"
    data = lib.read_bytes()
    lib.unlink()  # the hard link goes; the base's copy stays intact
    lib.write_bytes(data[: len(data) * 2 // 5])
    yield target
    shutil.rmtree(target, ignore_errors=True)


@pytest.fixture
def kernels(truncated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[KernelManager]]:
    """Kernel managers started by the test (shut down afterwards), with a private cache folder."""
    use_kernel_env(truncated_env, tmp_path, monkeypatch)
    with started_kernels() as started:
        yield started


def use_kernel_env(env: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kernels named KERNEL run ``env``'s interpreter; the breadcrumbs go to a cache folder under ``root``."""
    monkeypatch.setenv("JUPYTER_PATH", str(write_kernelspec(env, root / "jupyter", KERNEL)))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "xdg"))


@contextlib.contextmanager
def started_kernels() -> Iterator[list[KernelManager]]:
    """A list to append started kernel managers to; each is shut down on the way out."""
    started: list[KernelManager] = []
    try:
        yield started
    finally:
        for manager in started:
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)
            manager.cleanup_resources()


def start(kernels: list[KernelManager], *arguments: str) -> tuple[KernelManager, Any]:
    manager = KernelManager(kernel_name=KERNEL)
    manager.start_kernel(env=dict(os.environ), extra_arguments=list(arguments))
    kernels.append(manager)
    client = manager.blocking_client()
    client.start_channels()
    client.wait_for_ready(timeout=120)
    return manager, client


def run(client: Any, code: str, timeout: float = 180) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Execute ``code``; its reply and its iopub outputs (display data and streams)."""
    messages: list[dict[str, Any]] = []
    reply = client.execute_interactive(code, timeout=timeout, output_hook=messages.append)
    outputs = [m["content"] for m in messages if m["msg_type"] in ("display_data", "execute_result", "stream", "error")]
    return reply, outputs


def text_of(outputs: list[dict[str, Any]]) -> str:
    return "\n".join(str(out.get("data", {}).get("text/plain", "")) + str(out.get("text", "")) for out in outputs)


def wait_dead(manager: KernelManager, timeout: float = 120) -> int | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not manager.is_alive():
            return manager.provisioner.process.returncode if manager.provisioner is not None else None  # type: ignore[attr-defined]
        time.sleep(0.2)
    raise AssertionError("the kernel did not die")


def die(kernels: list[KernelManager], cell: str) -> int | None:
    """`%load_ext torchenv_magic` in a new kernel, then ``cell``, which kills it: its exit code."""
    manager, client = start(kernels)
    reply, outputs = run(client, "%load_ext torchenv_magic")
    assert reply["content"]["status"] == "ok", outputs
    assert "died" not in text_of(outputs)
    client.execute(cell)
    code = wait_dead(manager)
    client.stop_channels()
    return code


def kill_a_kernel(kernels: list[KernelManager], cache: Path) -> None:
    """`%load_ext torchenv_magic`, then `import torch`: the kernel dies of SIGBUS, leaving its breadcrumb."""
    assert die(kernels, "import torch") == -signal.SIGBUS
    assert [path.name.split("-")[0] for path in sorted(cache.iterdir())] == ["crumb", "fault"]


def death_note(outputs: list[dict[str, Any]]) -> str:
    notes = [str(out["data"]["text/plain"]) for out in outputs if str(out.get("data", {}).get("text/plain", "")).startswith(DIED)]
    assert len(notes) == 1, text_of(outputs)
    return notes[0]


def test_kernel_killed_by_truncated_libc10_is_explained_by_the_next_kernel(kernels: list[KernelManager], tmp_path: Path) -> None:
    cache = tmp_path / "xdg" / "torchenv_magic"
    kill_a_kernel(kernels, cache)

    _, client = start(kernels)
    reply, outputs = run(client, "%load_ext torchenv_magic")
    assert reply["content"]["status"] == "ok", outputs
    note = death_note(outputs)
    assert note.startswith("torchenv: the previous kernel died while running `import torch` (")
    assert "Fatal Python error: Bus error" in note
    assert "torch/__init__.py:" in note  # the Python frame that was loading the native library
    assert "<frozen" not in note
    # The diagnosis below it names the damaged file (probes/install_files.py, rules/live_install.py).
    assert "libc10.so" in text_of(outputs)
    assert len([out for out in outputs if out.get("data")]) >= 2, "the diagnosis follows the note"
    assert list(cache.iterdir()) == []  # shown once

    _, outputs = run(client, "%load_ext torchenv_magic")
    assert "died" not in text_of(outputs)
    _, outputs = run(client, "import json\nfrom torchenv_magic import diagnose\nprint(json.dumps([f.cause for f in diagnose().findings]))")
    causes = json.loads(text_of(outputs).strip().splitlines()[-1])
    assert causes[0] == "corrupted_install", causes
    client.stop_channels()


def test_extension_loaded_at_kernel_start_explains_in_the_first_cell(kernels: list[KernelManager], tmp_path: Path) -> None:
    """With the extension in the kernel's start-up (``--ext``, as ipython_config.py does), nothing
    can be shown before a cell runs: the note goes under the first cell."""
    cache = tmp_path / "xdg" / "torchenv_magic"
    kill_a_kernel(kernels, cache)

    _, client = start(kernels, "--ext=torchenv_magic")
    reply, outputs = run(client, "x = 1")
    assert reply["content"]["status"] == "ok", outputs
    assert death_note(outputs).startswith("torchenv: the previous kernel died while running `import torch` (")
    assert list(cache.iterdir()) == []
    _, outputs = run(client, "y = 2")
    assert outputs == []
    client.stop_channels()
