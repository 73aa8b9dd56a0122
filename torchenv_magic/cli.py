"""The terminal face: ``torchenv`` / ``python -m torchenv_magic``.

    torchenv                      the live report of this interpreter
    torchenv --json | --markdown  the same report for machines or a GitHub issue
    torchenv explain [FILE|-]     rank causes for a pasted error text
    torchenv require REQ... [-f FILE] [--gpu] [--python SPEC] [--import] [--json]
                                  workshop preflight checklist
    torchenv verify [--json]      check the torch family's files against their RECORD
    torchenv fix [--check] [--json]
                                  the top fix; --check dry-runs it with pip's resolver

Exit status 0 whenever a report was produced, whatever it found; 2 for bad usage.
``require`` exits 1 when any of its checks fails; ``verify`` exits 1 when a file is missing
or changed (130 when Ctrl-C stopped it before it found any).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="torchenv", description="Explain why torch fails to import here, and how to fix it.")
    _add_format_options(parser)
    parser.add_argument(
        "--import-torch", action="store_true", help="also import torch (guarded) to read CUDA availability, devices and cuDNN"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    explain = commands.add_parser("explain", help="rank causes for an error text (a file, or - for stdin)")
    explain.add_argument("file", nargs="?", default="-", help="file holding the error text; - reads stdin (default)")
    explain.add_argument("--platform", choices=["windows", "linux", "macos"], help="the platform the error came from")
    explain.add_argument(
        "--package", action="append", default=[], metavar="NAME=VER", help="an installed package, e.g. torch=2.5.1 (repeatable)"
    )
    _add_format_options(explain)
    _add_require_command(commands)
    verify = commands.add_parser("verify", help="check the torch family's files against their RECORD hashes (exit 1 if any differs)")
    verify.add_argument("--json", action="store_true", help="print the summary as JSON (schema_version 1)")
    fix = commands.add_parser("fix", help="print the top fix; --check: what it would install, replace or leave (dry run)")
    fix.add_argument("--check", action="store_true", help="dry-run it with pip's resolver (nothing is installed)")
    fix.add_argument("--json", action="store_true", help="print the fix (and the check) as JSON")
    return parser


def _add_require_command(commands: Any) -> None:
    from .require.args import add_arguments  # the arguments alone: the rest of require imports packaging

    require = commands.add_parser("require", help="workshop preflight: check requirements against this Python (exit 1 if any fails)")
    add_arguments(require)


def _add_format_options(parser: argparse.ArgumentParser) -> None:
    formats = parser.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print JSON (schema_version 1)")
    formats.add_argument("--markdown", action="store_true", help="print Markdown for a GitHub issue")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "explain":
        return _run_explain(parser, args)
    if args.command == "require":
        from .require.run import run_cli

        return run_cli(args)
    if args.command == "verify":
        from .verify import run_cli as run_verify

        return run_verify(args)
    if args.command == "fix":
        return _run_fix(args)
    return _run_report(args)


def _run_fix(args: argparse.Namespace) -> int:
    """``torchenv fix [--check]``: the top fix of this interpreter's report, checked on demand."""
    from .diagnosis import diagnose
    from .render.summary import top_fix

    finding = top_fix(diagnose(in_kernel=False))
    fix = finding.fix if finding is not None else None
    checked = None
    if fix is not None and args.check:
        from .fixcheck import check_fix

        checked = check_fix(fix)
    if args.json:
        _print_json({"schema_version": 1, "cause": finding.cause if finding else None, "fix": _plain(fix), "check": _plain(checked)})
        return 0
    if fix is None:
        sys.stdout.write("torchenv: nothing to fix: no finding with a fix.\n")
        return 0
    sys.stdout.write(f"{fix.code}\n" + (f"({fix.note})\n" if fix.note else ""))
    if checked is not None:
        sys.stdout.write("\n".join(checked.lines()) + "\n")
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from .diagnosis import diagnose

    report = diagnose(in_kernel=False, import_torch=args.import_torch)
    if args.json:
        _print_json(report.to_dict())
    elif args.markdown:
        from .render.markdown import report_to_markdown

        sys.stdout.write(report_to_markdown(report))
    else:
        from .render.text import report_to_text

        sys.stdout.write(report_to_text(report))
    return 0


def _run_explain(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from . import explain
    from .model import Report
    from .redact import redact_obj

    text = _read_input(parser, args.file)
    packages = _parse_packages(parser, args.package)
    # Redacted before any format: the evidence quotes the pasted text, secrets and all.
    findings = redact_obj(explain(text, platform=args.platform, packages=packages))
    if args.json:
        _print_json({"schema_version": 1, "findings": [f.to_dict() for f in findings]})
        return 0
    report = Report(findings=findings, facts={})
    if args.markdown:
        from .render.markdown import report_to_markdown

        sys.stdout.write(report_to_markdown(report))
    else:
        from .render.text import findings_to_text

        sys.stdout.write(findings_to_text(findings))
    return 0


def _read_input(parser: argparse.ArgumentParser, path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError as exc:
        parser.error(f"cannot read {path}: {exc.strerror}")


def _parse_packages(parser: argparse.ArgumentParser, items: list[str]) -> dict[str, str]:
    packages = {}
    for item in items:
        name, sep, version = item.partition("=")
        if not sep or not name.strip() or not version.strip():
            parser.error(f"--package wants NAME=VERSION, got {item!r}")
        packages[name.strip()] = version.strip().lstrip("=")
    return packages


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, sort_keys=False, default=str)
    sys.stdout.write("\n")


def _plain(value: Any) -> Any:
    """A Fix or FixCheck as a dict; None as it is."""
    from dataclasses import asdict, is_dataclass

    return asdict(value) if is_dataclass(value) and not isinstance(value, type) else value
