"""Run cells in a real IPython shell with torchenv_magic loaded; print what each showed.

Run by a test environment's own interpreter::

    python shell_driver.py '["import torchvision", "%torchenv --json"]'

prints one JSON list: per cell, the error type (or null), everything it printed
(traceback, hint) and the cell's value when it is a dict. The process ends with
``os._exit``: after a failed ``import torch`` the interpreter can segfault at exit
(design.md section 6), which must not hide the results.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
from typing import Any

from IPython.core.interactiveshell import InteractiveShell

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_cells(cells: list[str]) -> list[dict[str, Any]]:
    shell = InteractiveShell.instance(colors="nocolor")
    shell.run_line_magic("load_ext", "torchenv_magic")
    results = []
    for cell in cells:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            result = shell.run_cell(cell, store_history=True)
        error = result.error_in_exec or result.error_before_exec
        value = result.result if isinstance(result.result, dict) else None
        results.append(
            {"cell": cell, "error": type(error).__name__ if error else None, "output": _ANSI.sub("", buffer.getvalue()), "value": value}
        )
    return results


if __name__ == "__main__":
    # As `ipython` and ipykernel do: the working directory first on sys.path, and not this
    # script's folder (a local torch.py in the working directory must shadow like in Jupyter).
    sys.path[0] = ""
    outcome = run_cells(json.loads(sys.argv[1]))
    sys.__stdout__.write(json.dumps(outcome, default=str) + "\n")
    sys.__stdout__.flush()
    os._exit(0)
