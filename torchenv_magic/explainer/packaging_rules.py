"""Installation-level causes read from pip's and Python's own messages.

- no wheel for this interpreter: pip's ``No matching distribution found for torch`` and
  ``... is not a supported wheel on this platform``;
- not installed here: ``No module named 'torch'``;
- two installs / leftovers: pip's ``Ignoring invalid distribution -orch`` (a ``~orch``
  folder left by an interrupted uninstall), ``Can't uninstall 'torch'``;
- a kernel still running the old version after ``%pip install``: pip/IPython's
  "you may need to restart the kernel to use updated packages";
- damaged downloads: ``BadZipFile``, hash mismatches, ``No space left on device``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..fixes import KERNEL_NOTE, portable_install_fix, restart_fix
from ..model import Finding, Fix
from .fixgen import torch_reinstall_fix
from .registry import finding, text_rule
from .text import ErrorText

TORCH_FAMILY = r"torch|torchvision|torchaudio|torchtext|detectron2|torch[-_]geometric|torch[-_]scatter|xformers|triton|torchdata"
_NO_DIST = re.compile(
    rf"(?:No matching distribution found for|Could not find a version that satisfies the requirement) ({TORCH_FAMILY})\b([^\s()]{{0,60}})",
    re.I,
)
_FROM_VERSIONS = re.compile(r"\(from versions: ([^)\n]{0,400})\)")
_NOT_SUPPORTED = re.compile(r" is not a supported wheel on this platform")
_WHEEL_BEFORE = re.compile(r"(\S{1,200}\.whl)$")
_WHEEL_TAGS = re.compile(r"-(cp\d{2,3})-[\w]{1,10}-([\w.]{1,60})\.whl$")
_NO_MODULE = re.compile(rf"No module named '({TORCH_FAMILY})'")
_INVALID_DIST = re.compile(r"Ignoring invalid distribution ~?-?(\w{0,3}orch\w{0,10}|\w{1,40})\b")
_CANT_UNINSTALL = re.compile(r"Can't uninstall '(torch\w{0,10})'\. No files were found to uninstall")
_RESTART_HINT = re.compile(r"you may need to restart the kernel to use updated packages")
# Colab's own warning after pip replaced an imported package (googlecolab/colabtools#5197).
_PREVIOUSLY_IMPORTED = re.compile(r"following packages were previously imported in this runtime:\s{0,8}\[([^\]\n]{1,200})\]")
_SUCCESSFULLY = re.compile(r"Successfully installed [^\n]{0,2000}?\btorch(?:vision|audio)?-(\d[\w.+]{0,40})")
_DAMAGED = re.compile(
    r"BadZipFile|THESE PACKAGES DO NOT MATCH THE HASHES|No space left on device|OSError: \[Errno 28\]"
    r"|zipfile\.BadZipfile|EOFError: Compressed file ended|RECORD file (?:not found|missing)"
    r"|\.dist-info directory not found|has an invalid wheel"
)


@text_rule
def module_not_installed(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_NO_MODULE)
    if not match:
        return
    name = match.group(1)
    yield finding(
        "module_not_installed_in_kernel_env",
        f"{name} is not installed for the Python that ran this",
        f"No '{name}' package is importable by this interpreter. In Jupyter the kernel often runs another Python "
        "than the terminal where pip install ran (another venv/conda env, or the `pip` first on PATH).",
        [err.evidence(match)],
        portable_install_fix(
            [name if name != "detectron2" else "'git+https://github.com/facebookresearch/detectron2.git'"],
            note="Check which Python the kernel runs: import sys; print(sys.executable).",
        ),
        0.85,
    )


@text_rule
def leftover_distribution(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_INVALID_DIST) or err.search(_CANT_UNINSTALL)
    if not match:
        return
    yield finding(
        "duplicate_installations",
        "pip sees leftover or duplicate torch installation metadata",
        "An interrupted install/uninstall leaves '~orch'-style folders or a second dist-info in site-packages; "
        "pip then reports one version while files of another are imported.",
        [err.evidence(match)],
        Fix(
            kind="shell",
            code='python -c "import site; print(site.getsitepackages())"  # delete the ~orch* / duplicate torch-*.dist-info folders there',
            note="Then pip uninstall -y torch (repeat until none is left) and install once. " + KERNEL_NOTE,
            restart_kernel=True,
        ),
        0.7,
    )


@text_rule
def previously_imported(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_PREVIOUSLY_IMPORTED)
    if match:
        yield _stale([err.evidence(match), f"already imported: {match.group(1).strip()}"], 0.9)


def _stale(evidence: list[str], confidence: float) -> Finding:
    return finding(
        "stale_module_after_upgrade",
        "The packages changed on disk, but this kernel still runs the old ones",
        "pip replaced files under a running interpreter: modules already imported stay the old version, later "
        "imports load new files, and the mix fails. Only a restart loads the new install consistently.",
        evidence,
        restart_fix("Run the install cell, restart, then import (do not re-run the install cell first)."),
        confidence,
    )


@text_rule
def stale_after_install(err: ErrorText) -> Iterator[Finding]:
    hint = err.search(_RESTART_HINT)
    installed = err.search(_SUCCESSFULLY)
    anchor = hint or installed
    # Only an error printed *after* the install counts: the install alone is no failure.
    if anchor is None or "Error" not in err.text[anchor.end() :]:
        return
    yield _stale([err.evidence(m) for m in (installed, hint) if m], 0.7 if hint else 0.5)


@text_rule
def damaged_download(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_DAMAGED)
    if match:
        yield finding(
            "corrupted_install",
            "The download or the install was damaged",
            "A truncated wheel, a full disk or a hash mismatch leaves an incomplete torch behind.",
            [err.evidence(match)],
            torch_reinstall_fix(err, note="Free disk space first (torch CUDA wheels need several GB) and add --no-cache-dir."),
            0.75,
        )
