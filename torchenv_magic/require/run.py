"""Running a preflight: :func:`preflight` from Python, ``%torchenv require`` and ``torchenv require``.

magic.py and cli.py route their ``require`` sub-command here.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .args import add_arguments
from .model import Preflight, RequireError, Requirements, parse_requirement
from .sources import from_args

__all__ = ["preflight", "run_cli", "run_magic"]


def preflight(requirements: Requirements, *, in_kernel: bool | None = None) -> Preflight:
    """Check ``requirements`` against this interpreter; never raises for what it finds."""
    # Imported here: `from torchenv_magic.require import Requirements` should not load the probes and rules.
    from ..diagnosis import _in_kernel, diagnose
    from .checks import evaluate, import_packages, installed_versions

    kernel = _in_kernel() if in_kernel is None else in_kernel
    report = diagnose(in_kernel=kernel, import_torch=requirements.import_check)
    names = [parse_requirement(line).name for line in requirements.packages]
    imports = import_packages(requirements, report) if requirements.import_check else {}
    return evaluate(requirements, report, installed_versions(names), in_kernel=kernel, imports=imports)


# The two faces: `%torchenv require ...` (magic.py routes here) and `torchenv require ...`.


def run_magic(words: list[str]) -> Any:
    """``%torchenv require``: display the checklist; with ``--json`` return it as a dict."""
    from IPython.core.error import UsageError
    from IPython.display import display

    parser = _MagicParser(prog="%torchenv require", description="Workshop preflight: requirements versus this kernel.")
    add_arguments(parser)
    try:
        args = parser.parse_args(words)
        result = preflight(from_args(args), in_kernel=True)
    except _HelpShown:
        return None
    except RequireError as exc:
        raise UsageError(f"%torchenv require: {exc}") from None
    if args.json:
        return result.to_dict()
    display(result)
    return None


class _MagicParser(argparse.ArgumentParser):
    """argparse that raises (IPython turns UsageError into a short message) instead of exiting."""

    def error(self, message: str) -> Any:
        raise RequireError(f"{message}\n{self.format_usage()}")

    def exit(self, status: int = 0, message: str | None = None) -> Any:
        # --help has printed the help and stops: in a kernel that must not be SystemExit.
        raise _HelpShown() if status == 0 else RequireError(message or "")


class _HelpShown(Exception):
    """``%torchenv require --help`` printed its help; nothing else to do."""


def run_cli(args: argparse.Namespace) -> int:
    """``torchenv require``: 0 when every check passes, 1 when any fails, 2 for bad usage."""
    import json

    try:
        result = preflight(from_args(args), in_kernel=False)
    except RequireError as exc:
        sys.stderr.write(f"torchenv require: error: {exc}\n")
        return 2
    if args.json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2, default=str) + "\n")
    else:
        sys.stdout.write(repr(result))
    return 0 if result.ok else 1
