"""Close the loop: after the fix and a restart, say whether the diagnosed failure is gone.

    In [1]: %load_ext torchenv_magic
    torchenv: last time: torchvision 0.28.0 does not match torch 2.13.0+cpu — fixed now (torchvision 0.28.0+cpu).

When a failure is diagnosed (the hint, ``%torchenv`` after a failed cell) its top finding is
remembered for this interpreter: one small JSON file per ``sys.prefix`` in the user's cache
folder (:func:`torchenv_magic.breadcrumbs.cache_dir`, never the project folder). It holds
the cause id, the title, the fix command, the torch family's versions and the time; no
paths of the user's files, no environment variables, nothing from the error text. The next
``%load_ext torchenv_magic`` or ``%torchenv`` in that interpreter reads it (one file
existence check when there is none), diagnoses again, says whether that cause is still
found, and forgets it.
"""

from __future__ import annotations

import json
import os
import sys
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the load path checks for the file only: no model, no hashlib
    from .model import Finding, Report

FAMILY = ("torch", "torchvision", "torchaudio", "detectron2")


def memory_file(prefix: str | None = None) -> Path:
    """This interpreter's file: interpreters are told apart by ``sys.prefix`` (design.md section 6)."""
    from .breadcrumbs import cache_dir

    key = f"{zlib.crc32(os.path.normcase(prefix or sys.prefix).encode()):08x}"
    return cache_dir() / f"last-diagnosis-{key}.json"


def remember(finding: Finding, report: Report, path: Path | None = None) -> None:
    """Keep the diagnosed failure for the next session of this interpreter (never raises)."""
    record = {
        "cause": finding.cause,
        "title": finding.title,
        "fix": finding.fix.code if finding.fix is not None and finding.fix.kind != "manual" else "",
        "versions": family_versions(report),
        "module": missing_module(finding, report),
        "time": time.time(),
        "pid": os.getpid(),  # this session's own failure is not "last time"
    }
    target = path or memory_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(record), encoding="utf-8")
        temporary.replace(target)  # atomic: a second kernel never reads half a file
    except OSError:
        return  # a read-only home: the loop stays open, nothing else is lost


def take(path: Path | None = None) -> dict[str, Any] | None:
    """The failure an earlier session of this interpreter remembered, forgotten as it is read;
    None when there is none, or when it is this session's own (kept for the next one)."""
    source = path or memory_file()
    try:
        record = json.loads(source.read_text(encoding="utf-8"))
        if isinstance(record, dict) and record.get("pid") == os.getpid():
            return None
        source.unlink()
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("cause") else None


def family_versions(report: Report) -> dict[str, str]:
    """The torch family's installed versions as the report's package probe read them."""
    installed = (report.facts.get("packages") or {}).get("installed") or {}
    return {name: str(installed[name][0].get("version")) for name in FAMILY if installed.get(name)}


def missing_module(finding: Finding, report: Report) -> str:
    """The module a ``No module named`` was about (a module name only: never a path)."""
    if finding.cause != "module_not_installed_in_kernel_env":
        return ""
    name = str((report.facts.get("capture") or {}).get("name") or "")
    return name if name.replace(".", "").replace("_", "").isalnum() else ""


def outcome(record: dict[str, Any], report: Report) -> str:
    """One line: is the remembered cause still diagnosed in ``report`` (made without the error)?

    Some causes show only in the error text; when the report cannot see the cause and nothing
    in the torch family changed since, that is said instead of a "fixed" that may not hold.
    """
    title = f"torchenv: last time: {record.get('title') or record.get('cause')}"
    still = [finding for finding in report.findings if finding.cause == record.get("cause") and finding.severity != "info"]
    if still:
        return f"{title} — still there: {still[0].title}. Run %torchenv for the fix."
    module = str(record.get("module") or "")
    if module:
        from importlib.util import find_spec

        if find_spec(module.partition(".")[0]) is None:
            return f"{title} — still there: no module {module!r} for this interpreter. Run %torchenv fix."
    before = record.get("versions") or {}
    moved = [f"{name} {version}" for name, version in family_versions(report).items() if before.get(name) != version]
    if moved or module:
        return f"{title} — fixed now ({', '.join(moved) or module + ' is found'})."
    return f"{title} — not seen now, but torch and its companions are as they were: import again to be sure."


def recall(report: Report | None = None, path: Path | None = None) -> str | None:
    """The line to show for the remembered failure (diagnosing again unless ``report`` is given)."""
    record = take(path)
    if record is None:
        return None
    if report is None:
        from .diagnosis import diagnose

        report = diagnose(in_kernel=True)
    return outcome(record, report)


def remembered(path: Path | None = None) -> bool:
    """Cheap check for the load path: is there anything to recall?"""
    try:
        return (path or memory_file()).is_file()
    except OSError:
        return False
