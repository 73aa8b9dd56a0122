"""``%torchenv verify`` / ``torchenv verify``: every torch-family file checked against its RECORD.

    In [1]: %load_ext torchenv_magic
    In [2]: %torchenv verify            # progress bar, then the summary table
    In [3]: %torchenv verify --json     # the summary as a dict (also the cell's value)

Each installed file of torch, torchvision, torchaudio, torchtext, detectron2 and of the
nvidia-* wheels torch requires is stat-ed and hashed (sha256, 1 MiB at a time) and compared
with the wheel's RECORD; files in their folders that no RECORD lists are reported as extra.
Ctrl-C stops the check and shows what was checked so far. Imported only when the
sub-command runs, never by ``%load_ext``.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .check import Progress, verify
from .result import VerifyResult

__all__ = ["Progress", "VerifyResult", "run_cli", "run_magic", "verify", "verify_with_progress"]

LABEL = "verify"


def progress_text(progress: Progress) -> str:
    """'1.20 / 5.43 GB  ~4 s left  3,120 / 14,702 files  torch/lib/libtorch_cpu.so'."""
    return (
        f"{progress.bytes_done / 1e9:.2f} / {progress.bytes_total / 1e9:.2f} GB  {_left(progress.eta_s)}  "
        f"{progress.files_done:,} / {progress.files_total:,} files  {progress.current}"
    )


def _left(eta_s: float | None) -> str:
    if eta_s is None:
        return "estimating…"
    return f"~{eta_s / 60:.0f} min left" if eta_s >= 90 else f"~{eta_s:.0f} s left"


def verify_with_progress(shell: Any = None, *, in_kernel: bool, stream: TextIO | None = None) -> VerifyResult:
    """:func:`verify` showing a progress meter (:func:`~torchenv_magic.render.progress.meter_for`)."""
    from ..render.progress import Meter, meter_for

    meter: Meter | None = None
    try:
        meter = meter_for(shell, LABEL, stream)
        result = verify(lambda progress: meter.show(progress.fraction, progress_text(progress)) if meter else None)
    except KeyboardInterrupt:  # Ctrl-C outside the check's own loop: before it started
        result = VerifyResult((), True, 0.0, 0, 0, 0, 0)
    finally:
        if meter is not None:
            meter.close()
    return result.with_fixes(in_kernel=in_kernel)


def exit_status(result: VerifyResult) -> int:
    """0 all files match, 1 something is missing or changed, 130 interrupted before finding any."""
    if not result.ok:
        return 1
    return 130 if result.interrupted else 0


def run_magic(shell: Any, words: list[str]) -> Any:
    from IPython.core.error import UsageError
    from IPython.display import display

    if words not in ([], ["--json"]):
        raise UsageError(f"%torchenv verify takes only --json, got {' '.join(words)}")
    result = verify_with_progress(shell, in_kernel=True)
    if words:
        return result.to_dict()
    display(result)  # type: ignore[no-untyped-call]
    return None


def run_cli(args: argparse.Namespace) -> int:
    import json
    import sys

    result = verify_with_progress(None, in_kernel=False)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        from .result import to_text

        sys.stdout.write(to_text(result))
    return exit_status(result)
