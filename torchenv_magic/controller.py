"""What ``%torchenv`` and ``%torchenv fix`` do in a kernel, between the magic and the renderers.

The magic parses; this module diagnoses (with progress, so a slow probe never looks like a
frozen cell) and acts on the result; :mod:`torchenv_magic.render` only shows. Kept out of
``render/`` so that no renderer imports the diagnosis.
"""

from __future__ import annotations

import sys
from typing import Any

from .model import Report
from .render.summary import top_fix


def diagnose_with_progress(shell: Any, *, exc: BaseException | None = None, import_torch: bool = False) -> Report:
    """:func:`~torchenv_magic.diagnosis.diagnose` in a kernel, showing progress when it is slow."""
    from .breadcrumbs import death_capture
    from .diagnosis import diagnose
    from .render.progress import run_with_progress

    death = _show_death_note()  # the previous kernel of this environment died importing torch: say so first
    # No exception outlived that kernel: its death is the failure to diagnose (integrity of what it imported).
    capture = death_capture(death) if death is not None and exc is None else None
    label = "importing torch (guarded) and reading the environment…" if import_torch else "reading the environment…"
    report = run_with_progress(lambda: diagnose(exc, in_kernel=True, import_torch=import_torch, capture=capture), label, shell=shell)
    if death is not None:
        from .redact import redact_obj

        report.facts["kernel_death"] = redact_obj(death)
    return report


def show_previous_death(shell: Any) -> None:
    """On ``%load_ext``: the death note of this environment's last kernel, then the diagnosis."""
    from IPython.display import display

    from .render.frontend import displayable

    report = diagnose_with_progress(shell)
    if "kernel_death" in report.facts:
        display(displayable(report, shell))  # type: ignore[no-untyped-call]


def _show_death_note() -> dict[str, Any] | None:
    """Show (once) the latest death of a process of this environment during a torch import."""
    from .breadcrumbs import take_deaths

    deaths = take_deaths()
    if not deaths:
        return None
    from IPython.display import display

    display(deaths[-1])  # type: ignore[no-untyped-call]
    if len(deaths) > 1:
        print(f"torchenv: {len(deaths) - 1} earlier kernel death(s) of this environment were also recorded.")
    return deaths[-1].to_dict()


def fix_cell(shell: Any, *, check: bool = False) -> str:
    """``%torchenv fix [--check]``: queue the top fix as the next cell, and say what happened.

    Runs in a cell that succeeds, which is what JupyterLab 4 and Notebook 7 need to insert
    it. The diagnosis includes the last error of this session (``sys.last_value``), so the
    fix matches the failure the user just saw. With ``check`` pip's resolver dry-runs it
    first, and a fix that would change nothing is shown as such and not inserted.
    """
    report = diagnose_with_progress(shell, exc=getattr(sys, "last_value", None))
    finding = top_fix(report)
    if finding is None or finding.fix is None:
        return "torchenv: nothing to fix: no finding with a fix (run %torchenv for the report)."
    if finding.fix.kind == "manual":
        return f"torchenv: {finding.title}\n{finding.fix.code}"
    checked = ""
    if check:
        from .fixcheck import check_fix
        from .render.progress import run_with_progress

        fix = finding.fix
        result = run_with_progress(lambda: check_fix(fix), "asking pip's resolver (dry run)…", shell=shell)
        checked = "\n".join(result.lines()) + "\n"
        if result.status == "no_change":
            return f'{checked}torchenv: not inserted: it is the fix for "{finding.title}", but running it would change nothing.'
    shell.set_next_input(finding.fix.code, replace=False)
    return f'{checked}torchenv: the fix for "{finding.title}" is in the next cell: review it, then run it.'


def close_the_loop(report: Report | None = None, *, failed: bool = False) -> None:
    """Say whether last session's diagnosed failure is gone; remember this one if it is a failure.

    ``report`` is a diagnosis already made (``%torchenv``); None diagnoses only when there is
    something to recall (``%load_ext``), so a load without a remembered failure costs one stat.
    """
    from . import memory

    if memory.remembered():
        line = memory.recall(report)
        if line:
            print(line)
    if failed and report is not None and report.top is not None and report.top.severity != "info":
        memory.remember(report.top, report)
