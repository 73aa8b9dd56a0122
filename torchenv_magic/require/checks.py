"""The checks behind ``torchenv require``: pure functions from facts to :class:`Check` lines.

:func:`evaluate` takes the live :class:`~torchenv_magic.model.Report` (probe facts and the
diagnosis), the installed versions of the required distributions and, with ``--import``,
the outcome of the guarded imports. It reuses the diagnosis rules rather than repeating
them: the torchvision/torch match is ``rules.install.torchvision_torch_mismatch`` and the
fix for a CPU-only torch is the one ``rules.gpu.cpu_only_build`` gives.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from .. import versions
from ..fixes import CPU_INDEX, index_for_variant, install_fix, restart_fix
from ..model import Finding, Fix, Report
from ..probes import dists
from ..rules import Context
from ..rules.gpu import cpu_only_fix
from ..rules.install import COMPANIONS, companion_pin, torch_install_plan, torchvision_torch_mismatch
from .model import Check, Preflight, Requirements

FAMILY = ("torch", "torchvision", "torchaudio")


def installed_versions(names: list[str]) -> dict[str, str | None]:
    """Distribution name (as required) -> the version ``importlib.metadata`` reports, or None.

    Read through probes.dists: a METADATA without a Version header warns on Python >= 3.12.
    """
    found: dict[str, str | None] = {}
    for name in names:
        dist = dists.find(name)
        found[name] = dists.header(dist.metadata, "Version") if dist is not None else None
    return found


def import_packages(requirements: Requirements, report: Report) -> dict[str, str | None]:
    """``--import``: module -> None when it imported, else the error text.

    torch was imported (guarded) by the diagnosis itself; torchvision and torchaudio are
    imported only after a clean torch, because importing them imports torch again, and a
    second import after a failed one can crash the process (design.md section 6).
    """
    live = report.facts.get("torch_live") or {}
    outcome: dict[str, str | None] = {"torch": None if live.get("initialised") else _torch_failure(live)}
    wanted = {Requirement(line).name.lower() for line in requirements.packages}
    for module in ("torchvision", "torchaudio"):
        if module in wanted and outcome["torch"] is None:
            outcome[module] = _guarded_import(module)
    return outcome


def _torch_failure(live: dict[str, Any]) -> str:
    return str(live.get("import_error") or live.get("skipped") or "torch did not import")


def _guarded_import(module: str) -> str | None:
    try:
        importlib.import_module(module)
    except Exception as exc:  # noqa: BLE001 - any import failure is the answer we report
        return f"{type(exc).__name__}: {exc}"
    return None


def evaluate(
    requirements: Requirements,
    report: Report,
    installed: dict[str, str | None],
    *,
    in_kernel: bool,
    imports: dict[str, str | None] | None = None,
) -> Preflight:
    """The checklist for ``requirements`` given what this interpreter has."""
    ctx = Context(facts=report.facts, in_kernel=in_kernel)
    parsed = [Requirement(line) for line in requirements.packages]
    index = family_index(ctx, reinstalling_torch=_fails(parsed, installed, "torch"))
    checks: list[Check] = []
    if requirements.python is not None:
        checks.append(python_check(requirements.python, ctx))
    checks += [requirement_check(line.strip(), installed.get(Requirement(line).name), ctx, index) for line in requirements.packages]
    if requirements.gpu:
        checks += [gpu_check(ctx), *cuda_build_check(ctx, parsed, index)]
    checks += torchvision_check(ctx, parsed)
    checks += [import_check(module, error, report) for module, error in (imports or {}).items()]
    checks += diagnosis_checks(report, requirements, parsed)
    fixes = plan_fixes(checks, [line.strip() for line in requirements.packages], ctx, index)
    return Preflight(checks=checks, requirements=requirements, fixes=fixes, python=str(ctx.fact("python").get("executable", "")))


# Python and packages.


def python_check(spec_text: str, ctx: Context) -> Check:
    version = str(ctx.fact("python").get("version", ""))
    spec = SpecifierSet(spec_text)
    name = f"Python {spec_text}"
    if version and spec.contains(version, prereleases=True):
        return Check(name, "pass", f"Python {version}")
    # 3.12 first: the release that today's wheels (torch and the rest) most widely cover.
    wanted = next((v for v in ("3.12", "3.11", "3.13", "3.10", "3.14", "3.9") if spec.contains(f"{v}.0")), "3")
    code = (
        f"python{wanted} -m venv workshop-env\n"
        "workshop-env/bin/python -m pip install ipykernel\n"
        'workshop-env/bin/python -m ipykernel install --user --name workshop --display-name "Python (workshop)"'
    )
    note = f"In a terminal. Then pick 'Python (workshop)' under Kernel > Change Kernel (conda: conda create -n workshop python={wanted})."
    return Check(name, "fail", f"this kernel runs Python {version or '?'}", Fix(kind="shell", code=code, note=note))


def requirement_check(name: str, version: str | None, ctx: Context, index: str | None) -> Check:
    """One requirement line (named as the instructor wrote it) against the installed version."""
    req = Requirement(name)
    if req.marker is not None and not req.marker.evaluate():
        return Check(name, "pass", f"not needed here (marker: {req.marker})")
    fix = _install([name], req.name, ctx, index)
    if version is None:
        where = ctx.fact("python").get("executable", "this interpreter")
        return Check(name, "fail", f"not installed for this kernel's Python ({where})", fix, "module_not_installed_in_kernel_env")
    if not matches(version, req.specifier):
        return Check(name, "fail", f"{version} is installed; the workshop needs {req.specifier}", fix)
    return Check(name, "pass", version + (f" (satisfies {req.specifier})" if str(req.specifier) else ""))


def matches(version: str, specifier: SpecifierSet) -> bool:
    """Compare releases (2.14.1+cu130 satisfies ==2.14.1) unless the spec names a local tag."""
    if any("+" in spec.version for spec in specifier):
        return specifier.contains(version, prereleases=True)
    return versions.satisfies(version, str(specifier)) is not False


def _fails(parsed: list[Requirement], installed: dict[str, str | None], name: str) -> bool:
    for req in parsed:
        if req.name.lower() == name:
            version = installed.get(req.name)
            return version is None or not matches(version, req.specifier)
    return False


def family_index(ctx: Context, *, reinstalling_torch: bool) -> str | None:
    """The wheel index for torch-family installs here.

    A companion (torchvision, torchaudio) must come from the same index as the installed
    torch, or its build variant differs (``+cpu`` vs CUDA). A fresh torch on Linux without
    an NVIDIA driver comes from the CPU index (the PyPI wheel is a multi-GB CUDA build).
    """
    torch = ctx.dist("torch")
    if torch is None or reinstalling_torch:
        return torch_install_plan(ctx)[1]
    return index_for_variant(versions.variant(str(torch.get("version", ""))))


def _install(lines: list[str], name: str, ctx: Context, index: str | None) -> Fix:
    family = name.lower() in FAMILY
    loaded = any(module in sys.modules for module in FAMILY) and family
    note = "No NVIDIA driver here: the CPU wheels are the right (and far smaller) download." if family and index == CPU_INDEX else ""
    torch_target = _torch_target(lines, ctx) if family else None
    if torch_target:
        lines = [pinned_to_torch(line, torch_target) for line in lines]
    installed = {dist: str(entries[0].get("version")) for dist, entries in ctx.fact("packages").get("installed", {}).items() if entries}
    return install_fix(
        lines,
        in_kernel=ctx.in_kernel,
        installer=ctx.installer,
        index_url=index if family else None,
        restart_kernel=loaded,
        note=note,
        installed=installed,
        platform=ctx.platform,
    )


def _torch_target(lines: list[str], ctx: Context) -> str | None:
    """The torch the companions must match: the one pinned exactly in ``lines``, else (torch not
    moving) the installed one; None when torch moves to a range pip will choose from."""
    for line in lines:
        req = Requirement(line)
        if req.name.lower() == "torch":
            pins = [spec.version for spec in req.specifier if spec.operator == "=="]
            return pins[0] if len(pins) == 1 and "*" not in pins[0] else None
    return ctx.torch_version or None


def pinned_to_torch(line: str, torch_version: str) -> str:
    """A companion line (``torchvision``) as the release built for ``torch_version``.

    Unpinned, pip's resolver takes the newest torchvision and replaces torch to satisfy it
    (issue 13: torch 2.15.0 and ~5 GB of nvidia-* wheels under a running kernel), or keeps an
    installed one built for another torch. A line whose own specifier excludes that release is
    left as written: its torch has to move too, which the torch requirement's check says.
    """
    req = Requirement(line)
    if req.name.lower() not in COMPANIONS:
        return line
    pin = companion_pin(req.name.lower(), torch_version)
    wanted = pin.partition("==")[2]
    if not wanted or "*" in wanted or not req.specifier.contains(wanted, prereleases=True):
        return line
    return pin


# GPU: NVML facts and the torch build.


def gpu_check(ctx: Context) -> Check:
    nvml = ctx.facts.get("nvml") or {}
    gpus = list(nvml.get("gpus") or []) if nvml.get("available") else []
    if not gpus:
        reason = "NVML sees no GPU" if nvml.get("available") else str(nvml.get("meaning") or nvml.get("error") or "NVML did not answer")
        fix = Fix(
            kind="manual",
            code="Use a machine with an NVIDIA GPU (or a GPU runtime on a hosted notebook), with the NVIDIA driver installed.",
            note="Check with `nvidia-smi` in a terminal: it lists the GPU and the driver's CUDA version.",
        )
        return Check("NVIDIA GPU", "fail", f"no NVIDIA GPU: {reason}", fix, "no_driver_or_gpu")
    first = gpus[0]
    more = f" and {len(gpus) - 1} more" if len(gpus) > 1 else ""
    reason = (
        f"{first.get('name')} (compute capability {first.get('compute_capability')}){more}, "
        f"driver {nvml.get('driver_version')} (CUDA up to {nvml.get('cuda_driver_version')})"
    )
    return Check("NVIDIA GPU", "pass", reason)


def cuda_build_check(ctx: Context, parsed: list[Requirement], index: str | None) -> list[Check]:
    name = "torch CUDA build"
    build = ctx.fact("torch_build")
    if not build.get("found"):
        if any(req.name.lower() == "torch" for req in parsed):
            return []  # the torch requirement's own line already says "not installed"
        fix = _install(["torch"], "torch", ctx, index)
        return [Check(name, "fail", "torch is not installed", fix, "module_not_installed_in_kernel_env")]
    version_file = build.get("version_file") or {}
    version, cuda = version_file.get("__version__", "?"), version_file.get("cuda")
    if version_file.get("hip"):
        # No fix: the rules give none for a ROCm build, and the GPU check says what machine is needed.
        return [Check(name, "fail", f"torch {version} is a ROCm (AMD) build", None, "cpu_only_build")]
    if not cuda:
        return [Check(name, "fail", f"torch {version} is a CPU-only build", cpu_only_fix(ctx), "cpu_only_build")]
    live = ctx.fact("torch_live")
    if live.get("initialised") and not live.get("cuda_available"):
        return [Check(name, "fail", f"torch {version} is built for CUDA {cuda}, but torch.cuda.is_available() is False")]
    return [Check(name, "pass", f"torch {version} is built for CUDA {cuda}")]


# torchvision <-> torch, imports, and the rest of the diagnosis.


def torchvision_check(ctx: Context, parsed: list[Requirement]) -> list[Check]:
    names = {req.name.lower() for req in parsed}
    torch, vision = ctx.dist("torch"), ctx.dist("torchvision")
    if torch is None or vision is None or not names & {"torch", "torchvision"}:
        return []
    name = "torchvision matches torch"
    for finding in torchvision_torch_mismatch(ctx):
        return [Check(name, "fail", finding.title, finding.fix, finding.cause)]
    return [Check(name, "pass", f"torchvision {vision['version']} pairs with torch {torch['version']}")]


def import_check(module: str, error: str | None, report: Report) -> Check:
    name = f"import {module}"
    if error is None:
        return Check(name, "pass", "imports cleanly in this kernel")
    top = _first_error(report)
    fix = top.fix if top is not None and module == "torch" else restart_fix() if "half-loaded" in error else None
    return Check(name, "fail", error, fix, top.cause if top is not None and module == "torch" else None)


def _first_error(report: Report) -> Finding | None:
    return next((finding for finding in report.findings if finding.severity == "error"), None)


def diagnosis_checks(report: Report, requirements: Requirements, parsed: list[Requirement]) -> list[Check]:
    """Error and warning findings of the diagnosis that no check above already stated."""
    if not (requirements.gpu or requirements.import_check or any(req.name.lower() in FAMILY for req in parsed)):
        return []  # a workshop that needs no torch does not care what is wrong with torch
    covered = {"module_not_installed_in_kernel_env", "torchvision_torch_mismatch"}
    if requirements.gpu:
        covered |= {"cpu_only_build", "no_driver_or_gpu"}
    return [
        Check(f"diagnosis: {finding.cause}", "fail" if finding.severity == "error" else "warn", finding.title, finding.fix, finding.cause)
        for finding in report.findings
        if finding.severity != "info" and finding.cause not in covered
    ]


def plan_fixes(checks: list[Check], lines: list[str], ctx: Context, index: str | None) -> list[Fix]:
    """What to run, in order: the right Python first, then one install per wheel index, then the rest.

    Failing torch-family requirements go into one command so pip resolves them together;
    when torch moves and torchvision is installed, torchvision moves with it.
    """
    failed = {c.name for c in checks if c.status == "fail"}
    failing = {line: Requirement(line) for line in lines if line in failed}
    family = [line for line, req in failing.items() if req.name.lower() in FAMILY]
    others = [line for line, req in failing.items() if req.name.lower() not in FAMILY]
    if "torch" in {failing[line].name.lower() for line in family} and ctx.dist("torchvision") and not _names(family) & {"torchvision"}:
        family.append("torchvision")
    fixes = [c.fix for c in checks if c.fix is not None and c.status == "fail" and c.name.startswith("Python ")]
    fixes += [_install(family, "torch", ctx, index)] if family else []
    fixes += [_install(others, "other", ctx, None)] if others else []
    rest = [c for c in checks if c.status == "fail" and c.name not in failing and not c.name.startswith("Python ")]
    if "torchvision" in _names(family):  # torchvision already moves with torch: its own pin would fight that
        rest = [c for c in rest if c.cause != "torchvision_torch_mismatch"]
    fixes += [c.fix for c in rest if c.fix is not None]
    return _unique(fixes)


def _names(lines: list[str]) -> set[str]:
    return {Requirement(line).name.lower() for line in lines}


def _unique(fixes: list[Fix]) -> list[Fix]:
    seen: set[str] = set()
    result = []
    for fix in fixes:
        if fix.code not in seen:
            seen.add(fix.code)
            result.append(fix)
    return result
