"""Run inside the Windows CPython (under Wine): break nothing, observe everything, print JSON.

One process per broken environment (each ``import torch`` under Wine costs 9-12 s)::

    python.exe driver.py '{"setup": "...", "cells": ["import torch", "%torchenv --json"]}'

``setup`` is Python run before the shell starts (e.g. load a second OpenMP runtime). Each
cell runs in a real IPython ``InteractiveShell`` with ``%load_ext torchenv_magic``; per cell
the driver records its error, everything it printed (traceback and hint) and its value
when that is a dict (``%torchenv --json``). ``captured`` is what a user would paste: the
failing cell's output up to the hint. The process ends with ``os._exit``: after a failed
``import torch`` the interpreter can crash at exit, which must not hide the results.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import time
from typing import Any

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_cells(cells: list[str]) -> list[dict[str, Any]]:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance(colors="nocolor")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        shell.run_line_magic("load_ext", "torchenv_magic")
    results = [{"cell": "%load_ext torchenv_magic", "error": None, "output": buffer.getvalue(), "value": None, "seconds": 0.0}]
    for cell in cells:
        buffer = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            result = shell.run_cell(cell, store_history=True)
        error = result.error_in_exec or result.error_before_exec
        output = _ANSI.sub("", buffer.getvalue())
        results.append(
            {
                "cell": cell,
                "error": type(error).__name__ if error else None,
                "winerror": getattr(error, "winerror", None),
                "output": output,
                "captured": output.split("\ntorchenv:", 1)[0] if error else "",
                "value": result.result if isinstance(result.result, dict) else None,
                "seconds": round(time.perf_counter() - started, 2),
            }
        )
    return results


def terminal_report() -> dict[str, Any] | None:
    """The failure diagnosed as the ``torchenv`` CLI would in a terminal (fixes for cmd.exe)."""
    error = getattr(sys, "last_value", None)
    if error is None:
        return None
    from torchenv_magic.diagnosis import diagnose

    try:
        return diagnose(error, in_kernel=False).to_dict()
    except Exception as exc:  # noqa: BLE001 - reported, so that the cells' results still come back
        return {"error": f"{type(exc).__name__}: {exc}"}


if __name__ == "__main__":
    spec = json.loads(sys.argv[1])
    sys.path[0] = ""  # as `ipython` does: the working directory first, not this script's folder
    exec(spec.get("setup") or "", {})  # the case's own setup code (tests/windows/cases.py)
    # The hint and %torchenv diagnose one failure twice and the tests compare them: under Wine on a loaded
    # two-core machine the 2 s failed-DLL check once timed out for one and not the other.
    import torchenv_magic.timebox

    torchenv_magic.timebox.BUDGET_SCALE = 10.0
    outcome = run_cells(spec["cells"])
    outcome.append({"terminal": terminal_report()})
    sys.__stdout__.write("\nDRIVER-JSON " + json.dumps(outcome, default=str) + "\n")
    sys.__stdout__.flush()
    os._exit(0)
