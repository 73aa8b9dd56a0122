"""What the panel's buttons do in the kernel: check and insert the fix, reset modules, restart.

Kept apart from the widgets so that each effect is a plain function returning the HTML
message the panel shows, testable without a frontend, and replaceable in tests
(:class:`Actions`). No function here raises: a button callback that raises would print a
traceback into the user's cell, so failures come back as a short message instead.

Why "Insert fix cell" cannot insert at once: ``set_next_input`` travels in the reply to an
execute request, and a click is a comm message, not an execution; JupyterLab 4 and
Notebook 7 also drop it after a cell that failed. So the click queues it, and the next
cell that runs and succeeds carries it: JupyterLab, Notebook 7, classic Notebook and
VS Code then insert the fix below that cell. Where payloads are not supported at all
(Colab), "Copy" still works.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from .. import reset
from ..model import Fix, Report

log = logging.getLogger(__name__)

# Causes whose fix needs a fresh process: clearing sys.modules cannot undo native state.
RESTART_CAUSES = frozenset({"partial_import_state", "stale_module_after_upgrade", "lib_version_conflict"})


@dataclass(frozen=True)
class Actions:
    """The kernel-side effects of the panel's buttons; each returns an HTML message."""

    insert: Callable[[str], str]
    reset: Callable[[], str]
    restart: Callable[[], str]
    reset_safe: Callable[[Report], bool]
    # "Check": (the message, whether inserting the fix still makes sense: False when it changes nothing).
    check: Callable[[Fix], tuple[str, bool]] = lambda fix: check_fix_html(fix)


def default_actions(shell: Any) -> Actions:
    return Actions(
        insert=lambda code: insert_fix(shell, code),
        reset=lambda: reset_modules(shell),
        restart=lambda: restart_kernel(shell),
        reset_safe=reset_is_safe,
    )


def insert_fix(shell: Any, code: str) -> str:
    """Queue ``code`` as the next input; say how it will appear."""
    set_next_input = getattr(shell, "set_next_input", None)
    if not callable(set_next_input):
        return _note("No notebook frontend is attached: copy the fix instead.")
    try:
        set_next_input(code, replace=False)
    except Exception as exc:  # noqa: BLE001 - outermost guard of a button callback
        log.warning("set_next_input failed: %s", exc)
        return _note("Could not queue the fix cell; copy the fix instead.")
    # An empty cell sends no execute request, so it cannot carry the fix: say "a cell that runs".
    return _note(
        "Fix cell queued: it appears as a new cell below the next cell that runs and succeeds "
        "(for example <code>%torchenv fix</code>). Review it, then run it."
    )


def check_fix_html(fix: Fix) -> tuple[str, bool]:
    """The "Check" button: dry-run the fix with pip's resolver (:mod:`torchenv_magic.fixcheck`, time-boxed)."""
    from ..fixcheck import check_fix

    result = check_fix(fix)
    return _note(result._repr_mimebundle_()["text/html"]), result.status != "no_change"


def reset_is_safe(report: Report) -> bool:
    """A module-cache reset only helps while no native torch library is in the process."""
    # (A fix with restart_kernel=True restarts *after* installing: no reason to refuse a reset now.)
    if any(finding.cause in RESTART_CAUSES for finding in report.findings):
        return False
    return not reset.native_torch_code()  # what reset.reset_modules itself refuses on


def reset_modules(shell: Any) -> str:
    """Clear the torch family from ``sys.modules`` through :mod:`torchenv_magic.reset`.

    The user's namespace is passed only to be read: the result names the variables that
    still hold torch objects, which no reset can take back.
    """
    try:
        result = reset.reset_modules(getattr(shell, "user_ns", None))
    except Exception as exc:  # noqa: BLE001 - outermost guard of a button callback
        log.warning("reset_modules failed: %s", exc)
        return _note(f"Reset failed ({escape(type(exc).__name__)}); restart the kernel instead.")
    return _note("<br>".join(escape(line.strip()) for line in result.to_text().splitlines()))


def restart_kernel(shell: Any, *, exit_process: Callable[[int], Any] = os._exit, delay_s: float = 0.5) -> str:
    """End this kernel process; the Jupyter server's autorestart starts a fresh one.

    A kernel cannot ask the server to restart it (the server's API needs the user's
    credentials), but the server, VS Code and nbclassic all restart a kernel that dies.
    The delay lets this message reach the page before the process ends.
    """
    if getattr(shell, "kernel", None) is None:
        return _note("No kernel to restart: start Python again.")
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    timer = threading.Timer(delay_s, exit_process, args=(0,))
    timer.daemon = True
    timer.start()
    return _note("Restarting the kernel… When it is back, run your imports once.")


def copy_button_html(text: str) -> str:
    """A Copy button that works in the page itself: the kernel cannot reach the clipboard.

    The text travels in a data attribute (escaped), never inside the script. The
    Clipboard API needs a secure context (https or localhost); elsewhere the older
    ``execCommand('copy')`` on a temporary textarea does the job.
    """
    script = (
        "(function(b){var t=b.getAttribute('data-torchenv-copy');"
        "var done=function(){b.textContent='Copied';};"
        "if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(t).then(done,function(){});return;}"
        "var a=document.createElement('textarea');a.value=t;document.body.appendChild(a);a.select();"
        "document.execCommand('copy');a.remove();done();})(this)"
    )
    return (
        f"<button class='jupyter-button widget-button torchenv-copy' style='width:auto;min-width:7em' title='Copy to the clipboard' "
        f"data-torchenv-copy='{escape(text, quote=True)}' onclick=\"{script}\">Copy</button>"
    )


def _note(html_text: str) -> str:
    return f"<span class='torchenv-message'>{html_text}</span>"
