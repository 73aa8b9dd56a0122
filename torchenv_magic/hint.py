"""The hint under a failed cell, and ``%torchenv import``.

After ``%load_ext torchenv_magic``, a cell that fails because of torch (or torchvision,
torchaudio, detectron2, their native libraries) gets two or three lines under its
traceback::

    In [2]: import torchvision
    ...
    RuntimeError: operator torchvision::nms does not exist
    torchenv: torchvision 0.29.1 does not match torch 2.13.0+cpu
      fix: %pip install torchvision==0.28.0+cpu --index-url https://download.pytorch.org/whl/cpu
      then restart the kernel · %torchenv for the full report

Those lines are its ``text/plain`` (terminals, logs); HTML frontends show a small card with
the same title, the verdict in plain words, the fix with a Copy button and "Show the full
report" (:mod:`torchenv_magic.render.card`).

It runs as a ``post_run_cell`` callback: IPython has already shown the traceback, and
``set_custom_exc`` stays free for other tools. Cells that succeed return at once (after
removing the breadcrumb of a cell that imported torch, see :mod:`torchenv_magic.breadcrumbs`);
errors from elsewhere get nothing; the callback never raises.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any

from . import breadcrumbs
from .model import Finding, Report

MORE = "%torchenv for the full report"


class _Last:
    """The latest torch-family failure of a cell, so that ``%torchenv`` explains it next."""

    error: BaseException | None = None


def post_run_cell(result: Any) -> None:
    """IPython ``post_run_cell`` callback: show a hint when a cell failed because of torch."""
    if breadcrumbs.active():  # the cell imported torch and the process survived it
        _finish_breadcrumb()
    error = result.error_in_exec
    _Last.error = None  # show_hint sets it again when this cell failed because of torch
    if error is None:  # the common case: nothing else runs after a successful cell
        return
    try:
        show_hint(error)
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - outermost guard of a callback
        print(f"torchenv: could not diagnose this error ({type(exc).__name__}: {_one_line(exc)}); try %torchenv", file=sys.stderr)


def _finish_breadcrumb() -> None:
    try:
        breadcrumbs.finish()
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - outermost guard of a callback
        print(f"torchenv: could not remove this cell's breadcrumb ({type(exc).__name__}: {_one_line(exc)})", file=sys.stderr)


def _one_line(exc: BaseException) -> str:
    """The failure's message on one line; its own ``__str__`` may raise or span lines."""
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 - an unprintable internal error still gets its note
        return "<unprintable>"
    return " ".join(text.split())[:200]


def show_hint(error: BaseException) -> None:
    from .capture import torch_family_error

    if not torch_family_error(error):
        return
    _Last.error = error
    finding, report = hint_for(error)
    if finding is None:
        return
    from .memory import remember

    remember(finding, report)  # the next session says whether this failure is gone
    from IPython import get_ipython
    from IPython.display import display

    from .render.frontend import hint_displayable

    hint = Hint(finding, report)
    shown = hint_displayable(hint, get_ipython())  # with a "full report" button where widgets show
    if shown is hint:
        # Rendered here, inside the callback's guard: a renderer bug raised from display()
        # would be caught by IPython's formatter and shown as a second traceback.
        display(hint._repr_mimebundle_(), raw=True)
    else:
        display(shown)


def last_failure() -> BaseException | None:
    """The torch-family error of the latest cell, if the latest cell failed with one."""
    return _Last.error


def hint_for(exc: BaseException) -> tuple[Finding | None, Report]:
    """The finding worth a hint for this failure (or None), and the full report behind it."""
    from .capture import during_import
    from .diagnosis import diagnose

    report = diagnose(exc, in_kernel=True)
    top = report.top
    if top is None or top.severity == "info":
        return None, report
    # A warning (say, a CPU-only build on a GPU machine) explains a failed import, not a
    # shape error in user code that happens to pass through torch.
    if top.severity == "warning" and not during_import(report.facts.get("capture") or {}):
        return None, report
    return top, report


@dataclass(frozen=True)
class Hint:
    """The compact hint; its HTML form folds the full report in below."""

    finding: Finding
    report: Report

    @property
    def to_try(self) -> Finding:
        """The finding whose fix the hint shows: the one marked to try first (model.mark_try_first),
        as ``%torchenv fix`` inserts it, else the top finding."""
        from .render.summary import top_fix

        marked = top_fix(self.report)
        return marked if marked is not None and marked.try_first else self.finding

    def lines(self) -> list[str]:
        lines = [f"torchenv: {self.finding.title}"]
        to_try = self.to_try
        if to_try is not self.finding:
            reason = to_try.try_first.removeprefix("Try this first: ")  # the line says it already
            lines.append(f"  try first: {to_try.title} ({reason})")
        fix = to_try.fix
        if fix is not None:
            code = fix.code.splitlines() or [""]
            lines.append(f"  fix: {code[0]}")
            lines += [f"       {line}" for line in code[1:]]
        then = "then restart the kernel · " if self.restarts() else ""
        lines.append(f"  {then}{MORE}")
        return lines

    def restarts(self) -> bool:
        """The fix needs a kernel restart after it runs (a manual fix says so in its own words)."""
        fix = self.to_try.fix
        return fix is not None and fix.restart_kernel and fix.kind != "manual"

    def card(self, *, with_report: bool = True) -> str:
        """The HTML card; ``with_report`` folds the full report in (static frontends, which have no button)."""
        from .render.card import card_html
        from .render.html import report_to_html

        then = "Then restart the kernel (Kernel menu → Restart) and run your imports again." if self.restarts() else ""
        shown = self.finding if self.to_try is self.finding else replace(self.finding, fix=self.to_try.fix)
        return card_html(shown, then, report_to_html(self.report) if with_report else "")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, str]:
        # text/plain is what terminals and logs show: the same lines as ever.
        return {"text/plain": "\n".join(self.lines()), "text/html": self.card()}

    def __repr__(self) -> str:
        return "\n".join(self.lines())


@dataclass(frozen=True)
class ImportOutcome:
    """``%torchenv import MOD``: the module, or the report of why it failed (or was refused)."""

    name: str
    module: ModuleType | None
    report: Report | None
    refused: bool = False


def import_guarded(name: str, user_ns: dict[str, Any] | None = None) -> ImportOutcome:
    """Import ``name`` capturing any failure; bind its top-level name in ``user_ns`` on success.

    A torch-family import is refused when a failed earlier import left torch's C++ core
    loaded: importing again is what crashes kernels (pytorch/pytorch#194172).
    """
    from .capture import capture_exception, family_names, family_root
    from .diagnosis import diagnose

    if family_root(name) and _torch_left_half_loaded():
        return ImportOutcome(name, None, diagnose(in_kernel=True), refused=True)
    before = family_names()
    try:
        module = importlib.import_module(name)
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the failure is what we explain
        return ImportOutcome(name, None, diagnose(exc, in_kernel=True, capture=capture_exception(exc, before=before)))
    if user_ns is not None:
        root = name.split(".", 1)[0]
        user_ns[root] = sys.modules[root]  # what `import a.b` binds
    return ImportOutcome(name, module, None)


def _torch_left_half_loaded() -> bool:
    from .probes.torch_live import is_fully_initialised
    from .reset import native_torch_code

    torch = sys.modules.get("torch")
    if torch is not None and is_fully_initialised(torch):
        return False
    return bool(native_torch_code())
