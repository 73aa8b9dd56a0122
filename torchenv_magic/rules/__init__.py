"""Diagnosis rules: small functions named after their cause, registered with ``@rule``.

One rule set serves both ways in: the live diagnosis (``diagnose(exc)``: probed facts plus
the captured exception) and ``explain(text, platform=, packages=)`` (the facts the user
stated plus the pasted text). A rule takes the :class:`Context` and yields
:class:`~torchenv_magic.model.Finding` objects, or nothing when it does not apply. It reads
facts with :meth:`Context.fact` and the error's signals (message, traceback frames, library
and symbol names) from :attr:`Context.text`, an
:class:`~torchenv_magic.explainer.text.ErrorText` built the same way for both ways in.
``Context.stated`` says the facts are what a user typed: their absence proves nothing.

Rules must not raise; :func:`run_rules` still guards each one so a bug in one rule costs
only that rule's finding, which is reported as an internal note instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..model import Finding, Fix
from ..probes.packages import first

if TYPE_CHECKING:
    from ..explainer.signals import Signal
    from ..explainer.text import ErrorText

RuleFunc = Callable[["Context"], Iterable[Finding]]
RULES: dict[str, RuleFunc] = {}


def rule(func: RuleFunc) -> RuleFunc:
    RULES[func.__name__] = func
    return func


_WINDOWS_PYPI_TORCH = (
    "PyPI's torch for Windows is the CPU build: for a CUDA build, add the index of its CUDA release to the command "
    "(--index-url https://download.pytorch.org/whl/cu126 for CUDA 12.6; pytorch.org's install page lists each)."
)


@dataclass(frozen=True)
class Context:
    """What the rules see. ``capture`` is the failed import/cell (or the pasted text), when there was one.

    ``stated`` is True when ``facts`` hold only what a user said (``explain(packages=...)``),
    not what the probes read: rules that conclude from an *absent* fact stay silent then.
    """

    facts: dict[str, Any]
    capture: dict[str, Any] | None = None
    in_kernel: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    stated: bool = False

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

    @cached_property
    def text(self) -> ErrorText:
        """The failure's signals: its traceback frames and messages, with the platform and versions known here."""
        from ..explainer.text import ErrorText

        return ErrorText.build(capture_text(self.capture), self.stated_platform, self.package_versions())

    @cached_property
    def all_signals(self) -> list[Signal]:
        """What the error text says, strongest first (empty without an error)."""
        if not self.text.text.strip():
            return []  # no failure: the extractors (and their ~150 regexes) are not even imported
        from ..explainer import extractors  # noqa: F401 - registers the extractors
        from ..explainer.signals import extract

        return extract(self.text)

    def signals(self, cause: str) -> list[Signal]:
        """The error text's signals for ``cause``, strongest first."""
        return [item for item in self.all_signals if item.cause == cause]

    @property
    def stated_platform(self) -> str | None:
        """'windows', 'linux' or 'macos' from the facts (probed or stated); None when they do not say."""
        system = self.fact("python").get("os")
        return {"Windows": "windows", "Linux": "linux", "Darwin": "macos"}.get(str(system))

    def package_versions(self) -> dict[str, str]:
        """name -> version of the installed distributions; torch as its files say (with the build tag)."""
        installed = self.fact("packages").get("installed") or {}
        found = {name: str(entries[0].get("version")) for name, entries in installed.items() if entries}
        if self.torch_on_disk:
            found["torch"] = self.torch_on_disk
        return found

    @property
    def torch_on_disk(self) -> str | None:
        """torch's ``__version__`` from its version.py: the files an import would load."""
        value = (self.fact("torch_build").get("version_file") or {}).get("__version__")
        return str(value) if value else None

    @property
    def torch_version(self) -> str:
        """torch's version from its files, else from its metadata; '' when neither says."""
        return self.torch_on_disk or str((self.dist("torch") or {}).get("version") or "")

    def torch_evidence(self) -> list[str]:
        """The torch version as an evidence line naming where it came from (empty when unknown)."""
        if not self.torch_version:
            return []
        return [f"{'stated' if self.stated else 'torch/version.py'}: torch {self.torch_version}"]

    @property
    def pip(self) -> str:
        """How a fix calls pip: ``%pip`` in a kernel (it installs into the kernel's own Python), else ``pip``."""
        return "%pip" if self.in_kernel else "pip"

    @property
    def installer(self) -> str:
        """What a fix installs with here: 'pip', or 'uv' in a uv environment without pip."""
        return str(self.fact("python").get("installer", "pip"))

    def install(
        self,
        requirements: list[str],
        *,
        index_url: str | None = None,
        reinstall: bool = False,
        restart_kernel: bool = False,
        note: str = "",
        not_installed: bool = False,
    ) -> Fix:
        """The install command for the interpreter that failed: this kernel's (``%pip``), or, for
        a pasted text, a plain ``pip install`` whose note says how to run it in a kernel.
        ``not_installed``: the versions stated are what the failed install asked for, not what is there."""
        from ..fixes import install_fix, portable_install_fix, requirement_name

        if index_url is None and self.platform == "windows" and any(requirement_name(item) == "torch" for item in requirements):
            # PyPI's torch for Windows is the CPU build (its win_amd64 wheels carry no CUDA DLLs): installed over a CUDA
            # build, it would trade the failure for a torch without CUDA.
            note = " ".join(part for part in (note, _WINDOWS_PYPI_TORCH) if part)
        # What pip sees (metadata versions), so that a pin the installed build satisfies is reinstalled.
        dists = self.fact("packages").get("installed") or {}
        installed = {name: str(entries[0].get("version")) for name, entries in dists.items() if entries}
        if self.stated:
            stated = {} if not_installed else self.package_versions()
            return portable_install_fix(
                requirements, index_url=index_url, reinstall=reinstall, note=note, installed=stated, platform=self.platform
            )
        return install_fix(
            requirements,
            in_kernel=self.in_kernel,
            installer=self.installer,
            index_url=index_url,
            reinstall=reinstall,
            restart_kernel=restart_kernel,
            note=note,
            installed={} if not_installed else installed,
            platform=self.platform,
        )

    @property
    def platform(self) -> str | None:
        """'windows', 'linux' or 'macos': the facts' OS, else the one the error text points to."""
        return self.stated_platform or self.text.platform

    @property
    def os_name(self) -> str:
        """'windows' or 'linux', as the compatibility tables name the OS."""
        return "windows" if self.platform == "windows" else "linux"


def capture_text(capture: dict[str, Any] | None) -> str:
    """The error as one text, frames first: a pasted traceback as it is, a live capture rebuilt
    from its traceback files and its exception chain (``Type: message`` lines, oldest last)."""
    if not capture:
        return ""
    if capture.get("pasted"):
        return str(capture.get("text") or "")
    frames = "".join(f'  File "{name}", line 1\n' for name in capture.get("tb_files") or [] if isinstance(name, str))
    return frames + str(capture.get("text") or "")


def run_rules(ctx: Context, rules: dict[str, RuleFunc] | None = None) -> tuple[list[Finding], list[str]]:
    """All findings of all rules, plus notes about rules that failed internally."""
    findings: list[Finding] = []
    notes: list[str] = []
    for name, func in (rules or RULES).items():
        try:
            findings.extend(func(ctx) or ())
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
            notes.append(f"rule {name} failed: {type(exc).__name__}")
    from .feasible import runnable_here  # fixes that cannot work here (32-bit, no conda, no GPU)

    return runnable_here(ctx, findings), notes


def load_all() -> dict[str, RuleFunc]:
    """Import every rule module (each registers its rules on import)."""
    from . import extensions, gpu, gpu_facts, install, libraries, live, live_install, numpy_abi, other, toolchain, wheels, windows  # noqa: F401

    return RULES
