"""Rules about the installed files as this process finds them.

Two dist-info folders of one package, files of a wheel missing against its RECORD, an
nvidia-* wheel torch needs but that is gone, a torch-family module installed for some
other interpreter: each read from metadata and files, and from the captured error text
when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .. import versions
from ..fixes import index_for_variant, release_pin, shell_path
from ..model import Finding, Fix
from . import Context, rule

_CANNOT_OPEN = re.compile(r"(lib[\w.+-]+?\.so(?:\.[\d.]+)?): cannot open shared object file")
_NOT_IN_PATH = re.compile(r"(lib[\w+-]+)\.so\.\*\[0-9\] not found in the system path")


@rule
def duplicate_installations(ctx: Context) -> Iterator[Finding]:
    for name in ("torch", "torchvision", "torchaudio", "numpy"):
        entries = ctx.dists(name)
        if len(entries) > 1:
            yield _duplicate_finding(ctx, name, entries)


def _duplicate_finding(ctx: Context, name: str, entries: list[dict[str, Any]]) -> Finding:
    differ = len({entry["version"] for entry in entries}) > 1
    ghosts = _ghosts(ctx, name, entries)
    evidence = [f"{entry['version']}: {entry['location']}" for entry in entries]
    evidence.append(f"importlib.metadata and pip report {entries[0]['version']} (the first listed)")
    return Finding(
        cause="duplicate_installations",
        severity="error" if differ else "warning",
        title=f"{len(entries)} installations of {name} in one environment ({', '.join(e['version'] for e in entries)})",
        explanation=(
            f"There are {len(entries)} {name} metadata folders side by side, usually left by an interrupted "
            "or overlapping pip install/uninstall. Tools read whichever the directory listing returns first, "
            "so pip, `pip check` and version checks can describe files that are not the ones imported."
        ),
        evidence=evidence,
        fix=_duplicate_fix(ctx, name, entries, ghosts),
        confidence=0.85,
    )


def _ghosts(ctx: Context, name: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The metadata folders that do not describe the files on disk (torch: per version.py)."""
    if name != "torch":
        return []
    on_disk = ctx.torch_on_disk
    real = [entry for entry in entries if on_disk and entry["version"] == on_disk]
    return [entry for entry in entries if entry not in real] if len(real) == 1 else []


def _duplicate_fix(ctx: Context, name: str, entries: list[dict[str, Any]], ghosts: list[dict[str, Any]]) -> Fix:
    bang = "!" if ctx.in_kernel else ""
    if ghosts:
        code = "\n".join(f"{bang}rm -r {shell_path(ghost['location'])}" for ghost in ghosts)
        return Fix(
            kind="shell", code=code, note=f"Removes only the stale metadata folder(s); the {name} files on disk stay.", restart_kernel=False
        )
    pinned = f"{name}=={entries[0]['version']}"
    fix = ctx.install([pinned, "--no-deps"], reinstall=True, restart_kernel=True)
    return Fix(kind=fix.kind, code=fix.code, note="Reinstalling rewrites one consistent copy. " + fix.note, restart_kernel=True)


@rule
def corrupted_install(ctx: Context) -> Iterator[Finding]:
    for name, info in (ctx.facts.get("install_files") or {}).items():
        if isinstance(info, dict) and info.get("missing_count"):
            yield _corrupted_finding(ctx, name, info)


def _corrupted_finding(ctx: Context, name: str, info: dict[str, Any]) -> Finding:
    missing = list(info.get("missing") or [])
    named = [path for path in missing if path.rsplit("/", 1)[-1] in ctx.error_text]
    evidence = [f"{info['missing_count']} of {info['checked']} key files listed in {name}'s RECORD are missing:"]
    evidence += [f"missing: {path}" for path in missing[:5]]
    if named:
        evidence.append(f"the error names {named[0].rsplit('/', 1)[-1]}")
    return Finding(
        cause="corrupted_install",
        severity="error",
        title=f"{name} {info.get('version')} is incomplete: files it installed are missing",
        explanation=(
            f"{name}'s own list of installed files (RECORD) names files that are no longer on disk, "
            "so the import fails when it reaches them. Something deleted them (a cleanup script, a full "
            "disk during install, an interrupted install or uninstall). Reinstall the same version."
        ),
        evidence=evidence,
        fix=_reinstall_fix(ctx, name, str(info.get("version") or "")),
        confidence=0.97 if named else 0.9,
    )


def _reinstall_fix(ctx: Context, name: str, version: str) -> Fix:
    requirement = f"{name}=={version}" if version else name
    return ctx.install(
        [requirement, "--no-deps"],
        index_url=index_for_variant(versions.variant(version)),
        reinstall=True,
        restart_kernel=True,
        note=f"--no-deps keeps everything else as it is; only {name}'s files are rewritten.",
    )


@rule
def module_not_installed_in_kernel_env(ctx: Context) -> Iterator[Finding]:
    """`import torchvision` (torchaudio, detectron2) failed: not installed for this interpreter."""
    capture = ctx.capture or {}
    name = str(capture.get("name") or "").split(".", 1)[0]
    if capture.get("type") != "ModuleNotFoundError" or name in ("", "torch") or ctx.dist(name) is not None:
        return  # torch itself: rules/install.py's torch_not_installed
    if name not in ("torchvision", "torchaudio", "torchtext", "detectron2"):
        return
    python = ctx.fact("python")
    yield Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"{name} is not installed for this kernel's Python",
        explanation=(
            f"This kernel runs {python.get('executable', 'an interpreter')}, and no {name} is installed for it. "
            "A package installed with a `pip` or in an environment other than this kernel's is invisible here; "
            "install it with %pip, which targets this kernel's interpreter."
        ),
        evidence=[f"ModuleNotFoundError: No module named {name!r}", f"sys.prefix: {python.get('prefix', '?')}", *elsewhere(ctx, name)],
        fix=_companion_fix(ctx, name),
        confidence=0.9,
    )


def elsewhere(ctx: Context, name: str) -> list[str]:
    """Where else on this machine ``name`` is installed (other interpreters), as evidence lines."""
    lines = []
    for interpreter in ctx.fact("other_envs").get("interpreters") or []:
        version = (interpreter.get("packages") or {}).get(name)
        if version:
            lines.append(f"{name} {version} is installed for {interpreter['executable']} ({interpreter['source']}), not for this kernel")
    return lines


def _companion_fix(ctx: Context, name: str) -> Fix:
    from .. import compat

    if name == "detectron2":
        return Fix(
            kind="manual",
            code="See https://detectron2.readthedocs.io/en/latest/tutorials/install.html",
            note="detectron2 has no PyPI wheel.",
        )
    torch = ctx.dist("torch")
    torch_version = str(torch["version"]) if torch else ""
    wanted = {"torchvision": compat.torchvision_for, "torchaudio": compat.torchaudio_for}.get(name, lambda _: None)(torch_version)
    index_url = index_for_variant(versions.variant(ctx.torch_on_disk or torch_version))
    note = f"The {name} built for torch {torch_version}." if torch_version else ""
    requirement = release_pin(name, wanted) or name
    return ctx.install([requirement], index_url=index_url, note=note)
