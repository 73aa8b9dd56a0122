"""Rules about this process: what a failed import left behind, what changed under it.

They read the ``modules`` probe (the torch family in ``sys.modules``), the
``loaded_libs`` probe (native libraries mapped into the process) and the files on disk.
They recognise the state, not the message: after an interrupted or failed first
``import torch`` the second import can fail with any of a dozen misleading errors
(design.md section 6), but the state that causes them is always the same.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from .. import versions
from ..fixes import restart_fix, shell_path
from ..model import Finding, Fix
from ..probes.loaded_libs import core_torch_libs, family_dir_of
from . import Context, rule

RESTART_NOTE = "Re-running the import in this kernel is unsafe (pytorch/pytorch#194172): it can fail anywhere or crash."


def torch_module(ctx: Context) -> dict[str, Any] | None:
    """The modules probe's facts about ``torch``; None when no torch entry is in sys.modules."""
    packages = ctx.fact("modules").get("packages") or {}
    entry = packages.get("torch")
    return entry if isinstance(entry, dict) else None


def fully_loaded(entry: dict[str, Any] | None) -> bool:
    return bool(entry and entry.get("present") and not entry.get("initialising") and entry.get("version"))


@rule
def partial_import_state(ctx: Context) -> Iterator[Finding]:
    entry = torch_module(ctx)
    if entry is None or fully_loaded(entry) or not _in_site_packages(entry.get("file") or "/site-packages/"):
        return  # nothing left behind, or a local torch.py (shadowed_module's case)
    native = core_torch_libs(ctx.fact("loaded_libs"))
    if native or entry.get("c_extension"):
        yield _native_partial(ctx, entry, native)
    else:
        yield _python_only_partial(entry)


def _state_evidence(entry: dict[str, Any]) -> list[str]:
    state = (
        "still initialising"
        if entry.get("initialising")
        else "present but incomplete"
        if entry.get("present")
        else "absent (its import failed)"
    )
    return [f"sys.modules: {entry.get('submodules', 0)} torch.* submodules left, 'torch' itself {state}"]


def _native_partial(ctx: Context, entry: dict[str, Any], native: list[str]) -> Finding:
    evidence = _state_evidence(entry)
    if entry.get("c_extension"):
        evidence.append("torch._C (torch's C++ extension) is in sys.modules")
    if native:
        evidence.append("mapped into this process: " + ", ".join(native[:5]))
    if ctx.capture and ctx.capture.get("type") == "KeyboardInterrupt":
        evidence.append("this failure is a KeyboardInterrupt: the import was interrupted")
    return Finding(
        cause="partial_import_state",
        severity="error",
        title="An earlier `import torch` failed or was interrupted after torch's C++ core loaded",
        explanation=(
            "torch's native libraries are already loaded in this process, but the Python side of "
            "the import did not finish. Importing torch again re-registers its operators and fails "
            'with misleading errors ("already has a docstring", "partially initialized module \'torch\'", '
            '"Only a single TORCH_LIBRARY ...") or crashes the kernel. Whatever the latest message '
            "says, this state is the cause: restart the kernel, then import torch once and let it finish."
        ),
        evidence=evidence,
        fix=restart_fix(RESTART_NOTE),
        confidence=0.95,
    )


def _python_only_partial(entry: dict[str, Any]) -> Finding:
    return Finding(
        cause="partial_import_state",
        severity="info",
        title="A failed `import torch` left Python modules behind (no native code loaded)",
        explanation=(
            "The import failed before torch's C++ core loaded, so clearing the leftovers is safe: "
            "fix the cause, run `%torchenv reset`, then import again."
        ),
        evidence=_state_evidence(entry),
        fix=Fix(kind="python", code="%torchenv reset", note="Or restart the kernel."),
        confidence=0.4,
    )


@rule
def stale_module_after_upgrade(ctx: Context) -> Iterator[Finding]:
    entry = torch_module(ctx)
    if not fully_loaded(entry):
        return
    assert entry is not None
    evidence = _upgrade_evidence(ctx, str(entry["version"]))
    if not evidence:
        return
    yield Finding(
        cause="stale_module_after_upgrade",
        severity="error",
        title=f"torch on disk changed after this process loaded torch {entry['version']}",
        explanation=(
            "torch was installed, upgraded or reinstalled while this kernel was running. The "
            "process still runs the old torch, while submodules imported from now on come from "
            "the new files, so they fail with ImportError/AttributeError or worse. Only a restart "
            "loads the new version consistently."
        ),
        evidence=[f"loaded in this process: torch {entry['version']} ({entry.get('file') or '?'})", *evidence],
        fix=restart_fix("The new version is already on disk; after the restart, run %torchenv again to check it."),
        # Above file-based findings: what the files lack matters only after the restart.
        confidence=0.95,
    )


def _upgrade_evidence(ctx: Context, loaded: str) -> list[str]:
    evidence = []
    on_disk = ctx.torch_on_disk
    if on_disk and on_disk != loaded:
        evidence.append(f"on disk: torch/version.py says {on_disk}")
    dists = ctx.dists("torch")
    # Releases, not strings: '2.14.1+cu130' loaded vs '2.14.1' in metadata is the same torch.
    # With two dist-info folders (duplicate_installations) one of them may still match.
    if dists and not any(versions.same_release(dist["version"], loaded) for dist in dists):
        evidence.append(f"installed metadata: torch {dists[0]['version']}")
    deleted = [os.path.basename(path) for path in ctx.fact("loaded_libs").get("deleted") or [] if family_dir_of(path) == "torch"]
    if deleted:
        evidence.append("replaced on disk while loaded (/proc/self/maps says deleted): " + ", ".join(deleted[:5]))
    return evidence


@rule
def shadowed_module(ctx: Context) -> Iterator[Finding]:
    modules = ctx.fact("modules")
    for name in ("torch", "torchvision", "torchaudio"):
        origin = _loaded_or_found(modules, name)
        if origin and not _in_site_packages(origin):
            yield _shadow_finding(ctx, name, origin)


def _loaded_or_found(modules: dict[str, Any], name: str) -> str | None:
    loaded = (modules.get("packages") or {}).get(name) or {}
    return loaded.get("file") or (modules.get("origins") or {}).get(name)


def _in_site_packages(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    return "site-packages" in parts or "dist-packages" in parts


def _shadow_finding(ctx: Context, name: str, origin: str) -> Finding:
    installed = ctx.dist(name)
    evidence = [f"`import {name}` resolves to {origin}"]
    evidence.append(
        f"installed {name} {installed['version']}: {installed['location']}" if installed else f"no {name} distribution is installed"
    )
    return Finding(
        cause="shadowed_module",
        severity="error",
        title=f"A local {_shadow_kind(origin, name)} hides the real {name}",
        explanation=(
            f"Python imports the first `{name}` it finds on sys.path, and the working directory (or "
            f"another folder early on sys.path) comes before site-packages. So `import {name}` runs your "
            f"file instead of the package, and then fails with \"module '{name}' has no attribute ...\" "
            "or a circular-import error. Rename it; any name that is not a package you use will do."
        ),
        evidence=evidence,
        fix=_rename_fix(ctx, name, origin),
        confidence=0.9,
    )


def _shadow_kind(origin: str, name: str) -> str:
    return f"{name}/ folder" if origin.endswith("__init__.py") or not origin.endswith(".py") else f"{name}.py"


def _rename_fix(ctx: Context, name: str, origin: str) -> Fix:
    target = os.path.dirname(origin) if origin.endswith("__init__.py") else origin
    folder, base = os.path.split(target)
    renamed = os.path.join(folder, "my_" + base)
    bang = "!" if ctx.in_kernel else ""
    code = f"{bang}mv {shell_path(target)} {shell_path(renamed)}"
    return Fix(
        kind="shell", code=code, note=f"Also delete {name}*.pyc in that folder's __pycache__, then restart the kernel.", restart_kernel=True
    )
