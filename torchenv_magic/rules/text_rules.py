"""The error-text rules of :mod:`torchenv_magic.explainer` run as one live rule.

Transitional: each text rule moves into the rule named after its cause (reading
``ctx.text``); until then this runs the rest, so the live path already names every cause
``explain()`` knows.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding
from . import Context, rule


@rule
def error_text_rules(ctx: Context) -> Iterator[Finding]:
    if not ctx.text.text.strip():
        return
    from ..explainer.registry import run_text_rules

    yield from run_text_rules(ctx.text)
