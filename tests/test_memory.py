"""torchenv_magic.memory: the last diagnosed failure per interpreter, and what the next session says."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from torchenv_magic import memory
from torchenv_magic.breadcrumbs import cache_dir
from torchenv_magic.model import Finding, Fix, Report

VISION = {"name": "torchvision", "version": "0.28.0", "location": "/e/site-packages/torchvision-0.28.0.dist-info"}
TORCH_CPU = {"name": "torch", "version": "2.13.0+cpu", "location": "/e/site-packages/torch-2.13.0+cpu.dist-info"}
MISMATCH = Finding(
    "torchvision_torch_mismatch",
    "error",
    "torchvision 0.28.0 does not match torch 2.13.0+cpu",
    "x",
    evidence=["/home/ada/secret-project/train.py"],
    fix=Fix(kind="pip", code="%pip install torchvision==0.28.0+cpu --index-url https://download.pytorch.org/whl/cpu"),
)


def report_with(vision: str, *findings: Finding) -> Report:
    packages = {"installed": {"torch": [TORCH_CPU], "torchvision": [{**VISION, "version": vision}]}}
    return Report(findings=list(findings), facts={"packages": packages, "capture": {"text": "RuntimeError: operator torchvision::nms"}})


def test_the_record_lives_in_the_users_cache_and_holds_no_paths(tmp_path: Path) -> None:
    memory.remember(MISMATCH, report_with("0.28.0", MISMATCH))
    path = memory.memory_file()
    assert path.parent == cache_dir() and path.is_file()
    record = json.loads(path.read_text())
    assert set(record) == {"cause", "title", "fix", "versions", "module", "time", "pid"}
    assert record["versions"] == {"torch": "2.13.0+cpu", "torchvision": "0.28.0"}
    assert "/home/ada" not in path.read_text() and "nms" not in path.read_text()  # no evidence, no error text
    assert memory.memory_file("/another/env") != path  # one record per interpreter (sys.prefix)


def test_fixed_still_there_or_not_seen(tmp_path: Path) -> None:
    record = {"cause": MISMATCH.cause, "title": MISMATCH.title, "versions": {"torch": "2.13.0+cpu", "torchvision": "0.28.0"}}
    fixed = memory.outcome(record, report_with("0.28.0+cpu"))
    assert fixed == f"torchenv: last time: {MISMATCH.title} — fixed now (torchvision 0.28.0+cpu)."
    still = memory.outcome(record, report_with("0.28.0", MISMATCH))
    assert "still there" in still and "%torchenv" in still
    unchanged = memory.outcome(record, report_with("0.28.0"))
    assert "not seen now" in unchanged and "fixed" not in unchanged


def test_a_missing_module_is_looked_up_again() -> None:
    record = {"cause": "module_not_installed_in_kernel_env", "title": "no torchvision", "versions": {}, "module": "no_such_module_xyz"}
    assert "still there: no module 'no_such_module_xyz'" in memory.outcome(record, Report(findings=[], facts={}))
    record["module"] = "json"
    assert memory.outcome(record, Report(findings=[], facts={})).endswith("fixed now (json is found).")


def test_take_forgets_and_bad_files_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "last.json"
    assert memory.take(path) is None and not memory.remembered(path)
    path.write_text("{not json")
    assert memory.take(path) is None
    memory.remember(MISMATCH, report_with("0.28.0"), path)
    assert memory.remembered(path) and memory.take(path) is None  # this session's own failure: kept for the next
    as_if_earlier(path)
    assert memory.take(path)["cause"] == MISMATCH.cause  # type: ignore[index]
    assert not path.exists()


def as_if_earlier(path: Path) -> None:
    """Make a record look written by an earlier kernel (another process id)."""
    record = json.loads(path.read_text())
    path.write_text(json.dumps({**record, "pid": -1}))


def test_next_load_says_whether_the_failure_is_gone(fresh_shell: InteractiveShell, capsys: pytest.CaptureFixture[str]) -> None:
    """A real shell of this interpreter: the remembered mismatch is not found now (this venv has
    no torchvision at all, so its version 'moved'), and the record is gone after it was said."""
    memory.remember(MISMATCH, report_with("0.28.0", MISMATCH))
    as_if_earlier(memory.memory_file())
    fresh_shell.run_line_magic("load_ext", "torchenv_magic")
    out = capsys.readouterr().out
    assert out.startswith(f"torchenv: last time: {MISMATCH.title} — ")
    assert not memory.remembered()
    fresh_shell.run_line_magic("reload_ext", "torchenv_magic")
    assert capsys.readouterr().out == ""  # said once, then forgotten


def test_a_failure_in_a_shell_is_remembered_and_nothing_without_one(shell: InteractiveShell) -> None:
    shell.run_cell("ok = 1")  # the latest cell succeeded: %torchenv explains no failure
    shell.run_line_magic("torchenv", "--json")
    assert not memory.remembered()  # no failure, no file
    shell.run_cell("import torchvision")  # this venv has no torchvision: the hint diagnoses it
    record = json.loads(memory.memory_file().read_text())
    assert record["cause"] == "module_not_installed_in_kernel_env" and record["module"] == "torchvision"
    assert sys.modules.get("torchvision") is None
