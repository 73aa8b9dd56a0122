"""Choose how a report is shown, from what the frontend can do (not from class names).

A kernel (``shell.kernel``) means a Jupyter frontend that may render widgets: show the
panel. Terminal IPython and plain Python get the report itself, whose mime bundle is
``text/plain`` + ``text/html``. ipywidgets is imported only here, only when needed.
"""

from __future__ import annotations

import sys
from typing import Any

from ..model import Finding, Report


def displayable(report: Report, shell: Any) -> Any:
    """The panel where widgets can show, the plain report elsewhere."""
    widgets = _widgets(shell)
    return report if widgets is None else widgets.build_panel(report, shell=shell)


def hint_displayable(hint: Any, shell: Any) -> Any:
    """The hint with a button that opens the panel where widgets show; the hint alone elsewhere."""
    widgets = _widgets(shell)
    return hint if widgets is None else widgets.hint_panel(hint, shell=shell)


def _widgets(shell: Any) -> Any:
    """The panel module where a kernel is attached and ipywidgets imports; None elsewhere."""
    if getattr(shell, "kernel", None) is None:
        return None
    try:
        from . import widgets
    except ImportError:  # ipywidgets missing: the HTML report says everything but the buttons
        return None
    return widgets


def diagnose_with_progress(shell: Any, *, exc: BaseException | None = None, import_torch: bool = False) -> Report:
    from ..diagnosis import diagnose
    from .progress import run_with_progress

    label = "importing torch (guarded) and reading the environment…" if import_torch else "reading the environment…"
    return run_with_progress(lambda: diagnose(exc, in_kernel=True, import_torch=import_torch), label, shell=shell)


def fix_cell(shell: Any) -> str:
    """``%torchenv fix``: queue the top fix as the next cell, and say what happened.

    Runs in a cell that succeeds, which is what JupyterLab 4 and Notebook 7 need to insert
    it. The diagnosis includes the last error of this session (``sys.last_value``), so the
    fix matches the failure the user just saw.
    """
    report = diagnose_with_progress(shell, exc=getattr(sys, "last_value", None))
    finding = top_fix(report)
    if finding is None or finding.fix is None:
        return "torchenv: nothing to fix: no finding with a fix (run %torchenv for the report)."
    if finding.fix.kind == "manual":
        return f"torchenv: {finding.title}\n{finding.fix.code}"
    shell.set_next_input(finding.fix.code, replace=False)
    return f'torchenv: the fix for "{finding.title}" is in the next cell: review it, then run it.'


def top_fix(report: Report) -> Finding | None:
    """The most likely finding that comes with a fix (info findings are not problems)."""
    return next((f for f in report.findings if f.fix is not None and f.severity != "info"), None)
