"""Every probe is time-boxed: a hung probe costs the report its budget, never more.

The hang that really happens is an NVML call stuck in the driver (a GPU that fell off the
bus, a driver mid-upgrade). Here it is injected as a pynvml-like module whose ``nvmlInit``
blocks: through the probe's import in this process, and end to end by putting a fake
``pynvml.py`` first on ``PYTHONPATH`` of ``python -m torchenv_magic --json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from torchenv_magic import probes
from torchenv_magic.probes import collect_facts, nvml
from torchenv_magic.timebox import Task, run_all

from .conftest import run_py

NVML_BUDGET = probes.PROBES["nvml"][1]
# Interpreter start, imports and the other probes: what the CLI costs beyond the NVML budget.
MARGIN_S = 2.5


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """An event every injected hang waits on; set at teardown, so no thread outlives the test."""
    event = threading.Event()
    yield event
    event.set()
    for thread in threading.enumerate():
        if thread.name.startswith("torchenv-probe-"):
            thread.join(5)


def hanging_pynvml(release: threading.Event, entered: threading.Event | None = None) -> types.ModuleType:
    module = types.ModuleType("pynvml")

    class NVMLError(Exception):
        pass

    def nvml_init() -> None:
        if entered is not None:
            entered.set()
        release.wait()

    module.NVMLError = NVMLError  # type: ignore[attr-defined]
    module.nvmlInit = nvml_init  # type: ignore[attr-defined]
    return module


def test_hung_nvml_init_through_the_read_nvml_seam(release: threading.Event) -> None:
    started = time.monotonic()
    result = run_all([Task("nvml", lambda: nvml.read_nvml(hanging_pynvml(release)), 0.3)])
    assert time.monotonic() - started < 0.3 + 0.3
    assert result["nvml"] == {"probe_error": "timed out after 0.3 s", "timed_out": True}


def test_hung_nvml_in_the_real_probe_costs_its_budget(release: threading.Event, monkeypatch: pytest.MonkeyPatch) -> None:
    entered = threading.Event()
    monkeypatch.setitem(sys.modules, "pynvml", hanging_pynvml(release, entered))
    started = time.monotonic()
    facts = collect_facts()
    elapsed = time.monotonic() - started
    assert entered.is_set(), "the fake nvmlInit was never called"
    assert facts["nvml"]["timed_out"] is True
    assert NVML_BUDGET - 0.05 <= elapsed < NVML_BUDGET + 0.5
    # Everything else was still read.
    assert "error" not in facts["python"]
    assert "installed" in facts["packages"]


def test_a_probe_still_hung_is_not_started_again(release: threading.Event, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a kernel each report would otherwise leave one more thread stuck in the driver."""
    monkeypatch.setitem(sys.modules, "pynvml", hanging_pynvml(release))
    collect_facts(["nvml"])
    threads = threading.active_count()
    started = time.monotonic()
    for _ in range(3):
        again = collect_facts(["nvml"])
        assert again["nvml"]["timed_out"] is True and again["nvml"]["still_running"] is True
    assert time.monotonic() - started < 0.2  # no second wait on a known hang
    assert threading.active_count() == threads
    release.set()
    for thread in threading.enumerate():
        if thread.name == "torchenv-probe-nvml":
            thread.join(5)
    answering = hanging_pynvml(release)
    answering.nvmlInit = _raise(answering.NVMLError)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pynvml", answering)
    assert collect_facts(["nvml"])["nvml"]["error"] == "NVMLError"  # it runs again


def _raise(kind: type[Exception]) -> Callable[[], None]:
    def nvml_init() -> None:
        raise kind()

    return nvml_init


def _hang_forever(release: threading.Event) -> Callable[[], Any]:
    def probe() -> Any:
        release.wait()

    return probe


def test_every_probe_is_time_boxed_and_the_report_survives(release: threading.Event, monkeypatch: pytest.MonkeyPatch) -> None:
    """All probes hung at once: the report comes after the longest budget, rules and renderers cope."""
    from torchenv_magic.diagnosis import diagnose
    from torchenv_magic.render.html import report_to_html
    from torchenv_magic.render.markdown import report_to_markdown
    from torchenv_magic.render.text import report_to_text

    hung = {name: (_hang_forever(release), budget) for name, (_, budget) in probes.PROBES.items()}
    monkeypatch.setattr(probes, "PROBES", hung)
    longest = max(budget for _, budget in hung.values())
    started = time.monotonic()
    report = diagnose(ImportError("No module named 'torch'", name="torch"), in_kernel=True)
    elapsed = time.monotonic() - started
    assert elapsed < longest + 0.5
    for name in hung:
        assert report.facts[name]["timed_out"] is True, name
    assert not [note for note in report.facts.get("notes", []) if "failed" in note], report.facts["notes"]
    for render in (report_to_text, report_to_markdown, report_to_html):
        assert render(report)
    json.dumps(report.to_dict())


def test_no_probe_starts_a_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """So no probe can hang on a child that never returns (design: files and NVML only)."""
    started: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        started.append(args)
        raise OSError("no subprocess in probes")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(os, "popen", refuse)
    facts = collect_facts()
    assert started == []
    assert not [name for name, value in facts.items() if isinstance(value, dict) and value.get("timed_out")]


FAKE_PYNVML = """
import time
class NVMLError(Exception):
    pass
def nvmlInit():
    time.sleep(3600)  # a driver call that never returns
"""


@pytest.mark.parametrize("where", ["nvmlInit", "import"])
def test_cli_with_a_hung_pynvml_finishes_within_budget(tmp_path: Path, where: str) -> None:
    source = FAKE_PYNVML if where == "nvmlInit" else "import time\ntime.sleep(3600)\n"
    (tmp_path / "pynvml.py").write_text(source)
    started = time.monotonic()
    result = run_py("-m", "torchenv_magic", "--json", env={"PYTHONPATH": str(tmp_path)}, timeout=NVML_BUDGET + 30)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    nvml_facts = json.loads(result.stdout)["facts"]["nvml"]
    assert nvml_facts["timed_out"] is True
    assert nvml_facts["probe_error"] == f"timed out after {NVML_BUDGET:g} s"
    assert NVML_BUDGET - 0.05 <= elapsed < NVML_BUDGET + MARGIN_S, elapsed


def test_cli_text_report_says_the_driver_timed_out(tmp_path: Path) -> None:
    (tmp_path / "pynvml.py").write_text(FAKE_PYNVML)
    result = run_py("-m", "torchenv_magic", env={"PYTHONPATH": str(tmp_path)}, timeout=NVML_BUDGET + 30)
    assert result.returncode == 0, result.stderr
    driver_line = next(line for line in result.stdout.splitlines() if "NVIDIA driver" in line)
    assert "timed out" in driver_line


def test_a_timed_out_probe_is_unknown_not_absent(site: Path, release: threading.Event, monkeypatch: pytest.MonkeyPatch) -> None:
    """torch installed, but the packages probe hung (a slow network site-packages): the report
    must not claim, with confidence, that torch is not installed."""
    from torchenv_magic.diagnosis import diagnose

    info = site / "torch-2.13.0+cpu.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: torch\nVersion: 2.13.0+cpu\n")
    (site / "torch").mkdir()
    (site / "torch" / "__init__.py").write_text("")
    hung = dict(probes.PROBES)
    for name in ("packages", "torch_build"):
        hung[name] = (_hang_forever(release), 0.2)
    monkeypatch.setattr(probes, "PROBES", hung)
    report = diagnose(None, in_kernel=True)
    assert report.facts["packages"]["timed_out"] is True
    assert "module_not_installed_in_kernel_env" not in [finding.cause for finding in report.findings]
