"""The breadcrumb around cells that import torch, and the death note on the next start (real IPython shells)."""

from __future__ import annotations

import faulthandler
import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from IPython.core.interactiveshell import ExecutionInfo, InteractiveShell
from IPython.utils.capture import capture_output

from torchenv_magic import breadcrumbs


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private cache folder (never the user's), and faulthandler as pytest left it, afterwards."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    was_enabled = faulthandler.is_enabled()
    yield tmp_path / "xdg" / "torchenv_magic"
    if was_enabled:
        faulthandler.enable(file=sys.__stderr__)
    else:
        faulthandler.disable()


def crumbs(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def write_crumb(folder: Path, pid: int, identity: dict[str, Any] | None = None, prefix: str | None = None, log: str = "") -> Path:
    """A breadcrumb as a process that died in a cell would have left it."""
    folder.mkdir(parents=True, exist_ok=True)
    record = {
        "pid": pid,
        "identity": identity or {},
        "prefix": prefix or sys.prefix,
        "import_line": "import torch",
        "time": time.time() - 60,
    }
    crumb = folder / f"crumb-{pid}.json"
    crumb.write_text(json.dumps(record))
    (folder / f"fault-{pid}.log").write_text(log)
    return crumb


@pytest.fixture
def dead_pid() -> int:
    """The pid of a process that ran and was reaped (its identity recorded while it lived)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    child.kill()
    child.wait()
    return child.pid


FAULT_LOG = """Fatal Python error: Bus error

Thread 0x00007f0000000001 (most recent call first):
  File "/env/lib/python3.11/site-packages/ipykernel/heartbeat.py", line 106 in run

Current thread 0x00007f0000000002 (most recent call first):
  File "<frozen importlib._bootstrap>", line 241 in _call_with_frames_removed
  File "/env/lib/python3.11/ctypes/__init__.py", line 376 in __init__
  File "/env/lib/python3.11/site-packages/torch/__init__.py", line 276 in _load_global_deps
  File "/tmp/ipykernel_1/123.py", line 1 in <module>

Extension modules: zmq.backend.cython._zmq (total: 1)
"""


# --- which cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("import torch", "import torch"),
        ("x = 1\nimport numpy as np, torch.nn as nn\n", "import numpy as np, torch.nn as nn"),
        ("from torchvision.models import resnet18", "from torchvision.models import resnet18"),
        ("try:\n    import torchaudio\nexcept ImportError:\n    pass", "import torchaudio"),
        ("%time import torch", "%time import torch"),
        ("x = 1; import detectron2; secret = 'token'", "import detectron2"),
        ("import torchtext", "import torchtext"),
    ],
)
def test_import_line_finds_torch_family_imports(source: str, line: str) -> None:
    assert breadcrumbs.import_line(source) == line


@pytest.mark.parametrize(
    "source", ["x = 1", "print('import torch')", "import torchmetrics", "import torch_geometric", "t = torch.zeros(1)"]
)
def test_import_line_ignores_other_cells(source: str) -> None:
    assert breadcrumbs.import_line(source) is None


def test_cells_without_torch_cost_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(line: str, folder: Path | None = None) -> Path:
        raise AssertionError("no breadcrumb for this cell")

    monkeypatch.setattr(breadcrumbs, "begin", never)
    info = ExecutionInfo("x = 1\ny = x + 1", False, False, False, None)
    started = time.perf_counter()
    for _ in range(100_000):
        breadcrumbs.pre_run_cell(info)
    assert (time.perf_counter() - started) / 100_000 < 5e-6  # under 5 µs per cell (about 0.1 µs here)
    assert not cache.exists()


# --- during and after a cell ------------------------------------------------------------------------

SNAPSHOT = textwrap.dedent(
    """
    try:
        import torch
    except ImportError:
        pass
    seen = (sorted(os.listdir(folder)), faulthandler.is_enabled(), Path(folder, f"crumb-{os.getpid()}.json").read_text())
    """
)


def run_snapshot(shell: InteractiveShell, cache: Path, tail: str = "") -> tuple[Any, Any]:
    shell.user_ns.update(os=os, faulthandler=faulthandler, folder=str(cache), Path=Path)
    with capture_output():
        result = shell.run_cell(SNAPSHOT + tail)
    return shell.user_ns["seen"], result


def test_breadcrumb_lies_during_the_cell_and_goes_after(loaded_shell: InteractiveShell, cache: Path) -> None:
    (names, enabled, text), result = run_snapshot(loaded_shell, cache)
    assert result.success
    pid = os.getpid()
    assert names == [f"crumb-{pid}.json", f"fault-{pid}.log"]
    assert enabled
    record = json.loads(text)
    assert record["pid"] == pid and record["prefix"] == sys.prefix and record["import_line"] == "import torch"
    assert set(record) == {"pid", "identity", "host", "prefix", "import_line", "time"}  # nothing else of the cell
    if sys.platform == "linux":
        assert set(record["identity"]) == {"boot_id", "start_ticks"}
    assert crumbs(cache) == []


def test_breadcrumb_goes_after_a_python_exception(loaded_shell: InteractiveShell, cache: Path) -> None:
    (names, _, _), result = run_snapshot(loaded_shell, cache, "raise ValueError('user code')")
    assert isinstance(result.error_in_exec, ValueError)
    assert len(names) == 2
    assert crumbs(cache) == []


@pytest.mark.parametrize("before", [False, True])
def test_faulthandler_is_restored(loaded_shell: InteractiveShell, cache: Path, before: bool) -> None:
    if before:
        faulthandler.enable(file=sys.__stderr__)
    else:
        faulthandler.disable()
    (_, during, _), _ = run_snapshot(loaded_shell, cache)
    assert during
    assert faulthandler.is_enabled() is before


def test_unload_mid_cell_restores(loaded_shell: InteractiveShell, cache: Path) -> None:
    faulthandler.disable()
    breadcrumbs.pre_run_cell(ExecutionInfo("import torch", False, False, False, None))
    assert breadcrumbs.active() and faulthandler.is_enabled()
    loaded_shell.run_line_magic("unload_ext", "torchenv_magic")
    assert not breadcrumbs.active() and not faulthandler.is_enabled()
    assert crumbs(cache) == []


# --- on the next start ------------------------------------------------------------------------------


def test_dead_process_is_reported_once_on_load(fresh_shell: InteractiveShell, cache: Path, dead_pid: int) -> None:
    write_crumb(cache, dead_pid, log=FAULT_LOG)
    with capture_output() as captured:
        fresh_shell.run_line_magic("load_ext", "torchenv_magic")
    note = captured.outputs[0].data["text/plain"]
    assert note.startswith("torchenv: the previous kernel died while running `import torch` (")
    assert f"pid {dead_pid})" in note.splitlines()[0]
    assert "  Fatal Python error: Bus error" in note
    frames = note.split("last frames (most recent first):\n", 1)[1].splitlines()
    assert frames[:3] == [
        "    ctypes/__init__.py:376 in __init__",
        "    torch/__init__.py:276 in _load_global_deps",
        "    ipykernel_1/123.py:1 in <module>",
    ]
    assert "heartbeat" not in note  # only the thread that died
    assert "<pre class='torchenv-death'>" in captured.outputs[0].data["text/html"]
    assert len(captured.outputs) == 2  # then the diagnosis of this environment
    assert crumbs(cache) == []
    with capture_output() as again:
        fresh_shell.run_line_magic("reload_ext", "torchenv_magic")
    assert again.outputs == [] and "died" not in again.stdout


def test_torchenv_shows_the_death_note_first(loaded_shell: InteractiveShell, cache: Path, dead_pid: int) -> None:
    write_crumb(cache, dead_pid)  # no stack: killed (SIGKILL, out of memory)
    with capture_output() as captured:
        report = loaded_shell.run_line_magic("torchenv", "--json")
    note = captured.outputs[0].data["text/plain"]
    assert "the previous kernel died while running `import torch`" in note
    assert "no stack was left" in note
    assert report["facts"]["kernel_death"]["pid"] == dead_pid
    assert crumbs(cache) == []


def test_live_process_is_not_reported(fresh_shell: InteractiveShell, cache: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        write_crumb(cache, child.pid, breadcrumbs.process_identity(child.pid))
        with capture_output() as captured:
            fresh_shell.run_line_magic("load_ext", "torchenv_magic")
        assert captured.outputs == []
        assert crumbs(cache) == [f"crumb-{child.pid}.json", f"fault-{child.pid}.log"]
    finally:
        child.kill()
        child.wait()


@pytest.mark.skipif(sys.platform != "linux", reason="process identity is read from /proc")
def test_reused_pid_counts_as_dead(cache: Path) -> None:
    identity = dict(breadcrumbs.process_identity(os.getpid()), start_ticks="1")  # same pid, an earlier process
    write_crumb(cache, os.getpid(), identity)
    deaths = breadcrumbs.take_deaths()
    assert [death.pid for death in deaths] == [os.getpid()]


def test_other_environments_are_left_alone(cache: Path, dead_pid: int) -> None:
    write_crumb(cache, dead_pid, prefix="/elsewhere/venv")
    assert breadcrumbs.take_deaths() == []
    assert crumbs(cache) == [f"crumb-{dead_pid}.json", f"fault-{dead_pid}.log"]


def test_other_machines_are_left_alone(cache: Path, dead_pid: int) -> None:
    """A home folder shared by cluster nodes: a pid of another machine says nothing here."""
    crumb = write_crumb(cache, dead_pid)
    crumb.write_text(json.dumps(dict(json.loads(crumb.read_text()), host="another-node")))
    assert breadcrumbs.take_deaths() == []
    assert crumbs(cache) == [f"crumb-{dead_pid}.json", f"fault-{dead_pid}.log"]


def test_unreadable_breadcrumb_is_dropped(cache: Path) -> None:
    cache.mkdir(parents=True)
    (cache / "crumb-1.json").write_text("{half")
    assert breadcrumbs.take_deaths() == []
    assert crumbs(cache) == []


def test_real_crash_in_a_real_shell_is_explained_next_time(fresh_shell: InteractiveShell, cache: Path, tmp_path: Path) -> None:
    """A shell process of this interpreter dies (SIGSEGV) in `import torch`: a stand-in torch.py crashes it."""
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "torch.py").write_text("import ctypes\n\ndef load():\n    ctypes.string_at(0)\n\nload()\n")
    driver = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        "shell.run_line_magic('load_ext', 'torchenv_magic')\n"
        "shell.run_cell('import torch')\n"
    )
    environ = dict(os.environ, PYTHONPATH=os.pathsep.join([str(fake), str(Path(__file__).resolve().parents[1])]))
    child = subprocess.run([sys.executable, "-c", driver], env=environ, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert child.returncode < 0, child.stderr  # killed by a signal
    with capture_output() as captured:
        fresh_shell.run_line_magic("load_ext", "torchenv_magic")
    note = captured.outputs[0].data["text/plain"]
    assert "the previous kernel died while running `import torch`" in note
    assert "Fatal Python error: Segmentation fault" in note
    assert "    fake/torch.py:4 in load" in note
    assert crumbs(cache) == []


# --- load and unload are symmetric ----------------------------------------------------------------


def ours(shell: InteractiveShell) -> dict[str, int]:
    """Per event, how many callbacks of this package are registered."""
    return {
        name: sum(getattr(cb, "__module__", "").startswith("torchenv_magic") for cb in cbs) for name, cbs in shell.events.callbacks.items()
    }


def test_reload_registers_each_callback_once(fresh_shell: InteractiveShell) -> None:
    before = {name: len(cbs) for name, cbs in fresh_shell.events.callbacks.items()}
    fresh_shell.run_line_magic("load_ext", "torchenv_magic")
    loaded = ours(fresh_shell)
    assert loaded["pre_run_cell"] == 1 and loaded["post_run_cell"] == 1
    for _ in range(3):
        fresh_shell.run_line_magic("reload_ext", "torchenv_magic")
    assert ours(fresh_shell) == loaded
    fresh_shell.run_line_magic("unload_ext", "torchenv_magic")
    assert {name: len(cbs) for name, cbs in fresh_shell.events.callbacks.items()} == before


def test_cache_dir_follows_the_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert breadcrumbs.cache_dir() == tmp_path / "torchenv_magic"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert breadcrumbs.cache_dir() == tmp_path / "home" / ".cache" / "torchenv_magic"
