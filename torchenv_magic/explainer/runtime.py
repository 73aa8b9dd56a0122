"""Errors that are not about the environment at all (cause ``other``), named so the user
is not sent reinstalling: CUDA out of memory, tensors on different devices, a device-side
assert. They are real failures of the code or the data, not of the install.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Finding, Fix
from .registry import finding, text_rule
from .text import ErrorText

_NOT_ENV: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (
        re.compile(r"CUDA out of memory|OutOfMemoryError: CUDA|CUBLAS_STATUS_ALLOC_FAILED"),
        "The GPU ran out of memory",
        "The model or batch does not fit in GPU memory; the installation is fine.",
        "Use a smaller batch size or model, free tensors you keep (del x; torch.cuda.empty_cache()), or use mixed precision.",
    ),
    (
        re.compile(r"Expected all tensors to be on the same device"),
        "Tensors on different devices were combined",
        "Some tensors are on the GPU and some on the CPU (or another GPU); the installation is fine.",
        "Move the model and every input to the same device: model.to(device); x = x.to(device).",
    ),
    (
        re.compile(r"device-side assert triggered"),
        "A CUDA kernel assertion failed (often an index out of range)",
        "Typical cause: a class label >= the number of classes, or an out-of-range index; the installation is fine.",
        "Re-run with CUDA_LAUNCH_BLOCKING=1 (or on the CPU) to see the failing operation and its values.",
    ),
)


@text_rule
def not_an_environment_problem(err: ErrorText) -> Iterator[Finding]:
    for pattern, title, explanation, advice in _NOT_ENV:
        match = err.search(pattern)
        if match:
            yield finding("other", title, explanation, [err.evidence(match)], Fix(kind="manual", code=advice), 0.6, "warning")
            return


def fallback(err: ErrorText) -> Finding:
    """What explain() returns when no rule recognised a non-empty text."""
    last = next((line for line in reversed(err.text.strip().splitlines()) if line.strip()), "")
    return finding(
        "other",
        "No known environment problem matched this text",
        "None of the explainer's message shapes matched. The live diagnosis reads the environment itself "
        "(versions, GPU, driver, loaded libraries) and can say more.",
        [err.line_at(err.text.rfind(last))] if last else [],
        Fix(kind="manual", code="%load_ext torchenv_magic\n%torchenv", note="In a terminal: python -m torchenv_magic"),
        0.1,
        "info",
    )
