"""The live diagnosis: run the probes, run the rules, rank the findings."""

from __future__ import annotations

import sys
from typing import Any

from .model import Report, rank
from .redact import redact_obj


def diagnose(
    exc: BaseException | None = None,
    *,
    in_kernel: bool | None = None,
    probes: list[str] | None = None,
    import_torch: bool = False,
) -> Report:
    """Diagnose this process, given the exception a cell raised (or none).

    ``import_torch`` imports torch (guarded) when it is not loaded yet, to read what only
    a live torch knows; by default nothing is imported. Never raises: a failing probe or
    rule is recorded in ``facts["notes"]``.
    """
    from .probes import collect_facts
    from .probes.torch_live import import_torch_guarded
    from .rules import Context, load_all, run_rules

    facts = collect_facts(probes)
    if import_torch:
        facts["torch_live"] = import_torch_guarded()
    capture = capture_exception(exc) if exc is not None else None
    ctx = Context(facts=facts, capture=capture, in_kernel=_in_kernel() if in_kernel is None else in_kernel)
    findings, notes = run_rules(ctx, load_all())
    facts["notes"] = notes
    if capture is not None:
        facts["capture"] = capture
    return Report(findings=rank(findings), facts=redact_obj(facts))


def capture_exception(exc: BaseException) -> dict[str, Any]:
    """The minimum the rules need from an exception: its type and text."""
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001 - broken __str__
        message = "<unprintable>"
    return {"type": type(exc).__name__, "message": message, "text": f"{type(exc).__name__}: {message}"}


def _in_kernel() -> bool:
    ipython = sys.modules.get("IPython")
    get_ipython = getattr(ipython, "get_ipython", None)
    return callable(get_ipython) and get_ipython() is not None
