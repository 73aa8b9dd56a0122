"""Where requirements come from: the instructor's files and the command line.

``requirements.txt`` (one PEP 508 line each; pip options skipped) or ``workshop.toml``
with a ``[requires]`` table; :func:`from_args` merges both with what the command names.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .model import RequireError, Requirements

__all__ = ["TOML_KEYS", "from_args", "load_file", "requirements_txt_lines"]


def load_file(path: str | Path) -> Requirements:
    """Requirements from ``requirements.txt`` (one PEP 508 line each) or a ``.toml`` file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RequireError(f"cannot read {path}: {exc.strerror}") from None
    if path.suffix.lower() == ".toml":
        return _from_toml(text, path)
    return Requirements(packages=requirements_txt_lines(text))


def requirements_txt_lines(text: str) -> list[str]:
    """The requirement lines of a requirements.txt; pip options (``-r``, ``--index-url``) skipped.

    Options are pip's business: the preflight checks what is installed, not how to get it.
    """
    lines = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith(("#", "-")):
            lines.append(line)
    return lines


TOML_KEYS = {"packages", "gpu", "python", "import"}


def _from_toml(text: str, path: Path) -> Requirements:
    table = _parse_toml(text, path).get("requires")
    if not isinstance(table, dict):
        raise RequireError(f'{path}: no [requires] table (e.g. [requires] packages = ["torch>=2.2"])')
    unknown = sorted(set(table) - TOML_KEYS)
    if unknown:
        raise RequireError(f"{path}: unknown key(s) in [requires]: {', '.join(unknown)}; known: {', '.join(sorted(TOML_KEYS))}")
    packages, gpu, python = table.get("packages", []), table.get("gpu", False), table.get("python")
    if not isinstance(packages, list) or not all(isinstance(item, str) for item in packages):
        raise RequireError(f"{path}: [requires] packages must be a list of strings")
    if not isinstance(gpu, bool) or not isinstance(table.get("import", False), bool):
        raise RequireError(f"{path}: [requires] gpu and import must be true or false")
    if python is not None and not isinstance(python, str):
        raise RequireError(f'{path}: [requires] python must be a string such as ">=3.10"')
    return Requirements(packages=list(packages), gpu=gpu, python=python, import_check=bool(table.get("import", False)))


def _parse_toml(text: str, path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # tomllib is new in 3.11; tomli is the same parser, a dependency on older Pythons
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RequireError(f"{path}: not valid TOML ({exc})") from None


def from_args(args: argparse.Namespace) -> Requirements:
    """The requirements named by parsed arguments: files first, then the command line."""
    result = Requirements()
    for path in args.file:
        result = result.merged(load_file(path))
    given = Requirements(packages=list(args.packages), gpu=args.gpu, python=args.python, import_check=args.import_check)
    result = result.merged(given)
    if not result.packages and not result.gpu and result.python is None:
        raise RequireError("nothing to check: name requirements (e.g. torch torchvision), -f FILE, --gpu or --python")
    return result
