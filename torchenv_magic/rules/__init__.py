"""Diagnosis rules: small functions named after their cause, registered with ``@rule``.

A rule takes the :class:`Context` (probe facts, the captured failure if any) and yields
:class:`~torchenv_magic.model.Finding` objects, or nothing when it does not apply. Rules
must not raise; :func:`run_rules` still guards each one so a bug in one rule costs only
that rule's finding, which is reported as an internal note instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Finding
from ..probes.packages import first

RuleFunc = Callable[["Context"], Iterable[Finding]]
RULES: dict[str, RuleFunc] = {}


def rule(func: RuleFunc) -> RuleFunc:
    RULES[func.__name__] = func
    return func


@dataclass(frozen=True)
class Context:
    """What the rules see. ``capture`` is the failed import/cell, when there was one."""

    facts: dict[str, Any]
    capture: dict[str, Any] | None = None
    in_kernel: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def fact(self, probe: str) -> dict[str, Any]:
        value = self.facts.get(probe)
        return value if isinstance(value, dict) and "probe_error" not in value else {}

    def dist(self, name: str) -> dict[str, Any] | None:
        return first(self.fact("packages").get("installed", {}), name)

    def dists(self, name: str) -> list[dict[str, Any]]:
        entries = self.fact("packages").get("installed", {}).get(name, [])
        return list(entries)

    @property
    def error_text(self) -> str:
        return str((self.capture or {}).get("text", ""))

    @property
    def torch_on_disk(self) -> str | None:
        """torch's ``__version__`` from its version.py: the files an import would load."""
        value = (self.fact("torch_build").get("version_file") or {}).get("__version__")
        return str(value) if value else None

    @property
    def torch_version(self) -> str:
        """torch's version from its files, else from its metadata; '' when neither says."""
        return self.torch_on_disk or str((self.dist("torch") or {}).get("version") or "")

    @property
    def installer(self) -> str:
        """What a fix installs with here: 'pip', or 'uv' in a uv environment without pip."""
        return str(self.fact("python").get("installer", "pip"))

    @property
    def os_name(self) -> str:
        """'windows' or 'linux', as the compatibility tables name the OS."""
        return "windows" if self.fact("python").get("os") == "Windows" else "linux"


def run_rules(ctx: Context, rules: dict[str, RuleFunc] | None = None) -> tuple[list[Finding], list[str]]:
    """All findings of all rules, plus notes about rules that failed internally."""
    findings: list[Finding] = []
    notes: list[str] = []
    for name, func in (rules or RULES).items():
        try:
            findings.extend(func(ctx) or ())
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
            notes.append(f"rule {name} failed: {type(exc).__name__}")
    return findings, notes


def load_all() -> dict[str, RuleFunc]:
    """Import every rule module (each registers its rules on import)."""
    from . import gpu, gpu_facts, install, live, live_install, toolchain, windows  # noqa: F401

    return RULES
