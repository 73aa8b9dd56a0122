"""Choose how a report is shown, from what the frontend can do (not from class names).

A kernel (``shell.kernel``) means a Jupyter frontend that may render widgets: show the
panel. Terminal IPython and plain Python get the report itself, whose mime bundle is
``text/plain`` + ``text/html``. ipywidgets is imported only here, only when needed.
"""

from __future__ import annotations

from typing import Any

from ..model import Report


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
