"""The live diagnosis: run the probes, run the rules, rank the findings."""

from __future__ import annotations

import sys
from typing import Any

from .capture import capture_exception
from .model import Report, rank
from .redact import redact_obj


def diagnose(
    exc: BaseException | None = None,
    *,
    in_kernel: bool | None = None,
    probes: list[str] | None = None,
    import_torch: bool = False,
    capture: dict[str, Any] | None = None,
) -> Report:
    """Diagnose this process, given the exception a cell raised (or none).

    ``import_torch`` imports torch (guarded) when it is not loaded yet, to read what only
    a live torch knows; by default nothing is imported. Never raises: a failing probe or
    rule is recorded in ``facts["notes"]``. ``capture`` is a failure already captured by
    :func:`torchenv_magic.capture.capture_exception` (a guarded import passes its
    before/after module snapshot that way).
    """
    from .probes import collect_facts
    from .probes.torch_live import import_torch_guarded

    facts = collect_facts(probes)
    if import_torch:
        facts["torch_live"] = import_torch_guarded()
    if capture is None and exc is not None:
        capture = capture_exception(exc)
    return diagnose_facts(facts, capture, in_kernel=_in_kernel() if in_kernel is None else in_kernel)


def diagnose_facts(facts: dict[str, Any], capture: dict[str, Any] | None, *, in_kernel: bool = False) -> Report:
    """The rules over facts already read (probed here, or recorded elsewhere) and a captured failure."""
    from . import similar
    from .rules import Context, load_all, run_rules

    ctx = Context(facts=facts, capture=capture, in_kernel=in_kernel)
    findings, notes = run_rules(ctx, load_all())
    ranked = rank(findings)
    if capture is not None:  # the same guesses a pasted copy of this failure's text gets from explain()
        ranked = similar.complete(ranked, str(capture.get("text") or ""))
    facts["notes"] = notes
    if capture is not None:
        facts["capture"] = capture
    # Findings too: a rule may quote the failing cell's message (URLs with credentials, tokens).
    return Report(findings=redact_obj(ranked), facts=redact_obj(facts))


def _in_kernel() -> bool:
    ipython = sys.modules.get("IPython")
    get_ipython = getattr(ipython, "get_ipython", None)
    return callable(get_ipython) and get_ipython() is not None
