"""Workshop preflight: what the workshop needs versus what this kernel has.

In a notebook (cell one of a workshop)::

    In [1]: %load_ext torchenv_magic
    In [2]: %torchenv require "torch>=2.2" torchvision --gpu --python ">=3.10"
    torchenv require: FAIL (2 of 5 checks failed)
      [pass] Python >=3.10: Python 3.11.7 (~/.venvs/ws/bin/python)
      [FAIL] torch>=2.2: not installed for this kernel's Python
             fix: %pip install 'torch>=2.2' torchvision
      ...
    In [3]: %torchenv require -f workshop.toml      # what the instructor ships

In a terminal: ``torchenv require "torch>=2.2" torchvision --gpu`` exits 1 when any
check fails (0 when all pass, 2 for bad usage); ``--json`` prints the result as a dict.

From Python: :func:`preflight` returns a :class:`~torchenv_magic.require_model.Preflight`
whose ``ok`` says whether the kernel is ready. Nothing is installed or imported unless
asked: ``--import`` imports torch (guarded) in this process.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from .require_args import add_arguments
from .require_model import Preflight

__all__ = ["Preflight", "RequireError", "Requirements", "add_arguments", "from_args", "load_file", "preflight"]


class RequireError(ValueError):
    """Bad requirements (a usage error): an unreadable file, an invalid PEP 508 line."""


@dataclass(frozen=True)
class Requirements:
    """What a workshop needs. ``packages`` are PEP 508 strings, validated on creation."""

    packages: list[str] = field(default_factory=list)
    gpu: bool = False
    python: str | None = None
    import_check: bool = False

    def __post_init__(self) -> None:
        for line in self.packages:
            parse_requirement(line)
        if self.python is not None:
            parse_specifier(self.python, "python")

    def merged(self, other: Requirements) -> Requirements:
        """Both sets together; ``other``'s Python range wins (the command line over the file)."""
        return replace(
            self,
            packages=self.packages + [line for line in other.packages if line not in self.packages],
            gpu=self.gpu or other.gpu,
            python=other.python or self.python,
            import_check=self.import_check or other.import_check,
        )

    def to_dict(self) -> dict[str, Any]:
        return {"packages": list(self.packages), "gpu": self.gpu, "python": self.python, "import": self.import_check}


def parse_requirement(line: str) -> Requirement:
    try:
        return Requirement(line)
    except InvalidRequirement as exc:
        raise RequireError(f"not a valid requirement: {line!r} ({exc})") from None


def parse_specifier(text: str, what: str) -> SpecifierSet:
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        raise RequireError(f"not a valid version range for {what}: {text!r} (try e.g. '>=3.10')") from None


# Files the instructor ships: requirements.txt, or workshop.toml with a [requires] table.


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
        raise RequireError(f"{path}: no [requires] table (e.g. [requires] packages = [\"torch>=2.2\"])")
    unknown = sorted(set(table) - TOML_KEYS)
    if unknown:
        raise RequireError(f"{path}: unknown key(s) in [requires]: {', '.join(unknown)}; known: {', '.join(sorted(TOML_KEYS))}")
    packages, gpu, python = table.get("packages", []), table.get("gpu", False), table.get("python")
    if not isinstance(packages, list) or not all(isinstance(item, str) for item in packages):
        raise RequireError(f"{path}: [requires] packages must be a list of strings")
    if not isinstance(gpu, bool) or not isinstance(table.get("import", False), bool):
        raise RequireError(f"{path}: [requires] gpu and import must be true or false")
    if python is not None and not isinstance(python, str):
        raise RequireError(f"{path}: [requires] python must be a string such as \">=3.10\"")
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


def preflight(requirements: Requirements, *, in_kernel: bool | None = None) -> Preflight:
    """Check ``requirements`` against this interpreter; never raises for what it finds."""
    from .diagnosis import _in_kernel, diagnose
    from .require_checks import evaluate, import_packages, installed_versions

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
