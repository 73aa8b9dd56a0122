"""Rules about this process: what a failed import left behind, what changed under it.

They read the ``modules`` probe (the torch family in ``sys.modules``), the
``loaded_libs`` probe (native libraries mapped into the process) and the files on disk.
They recognise the state, not the message: after an interrupted or failed first
``import torch`` the second import can fail with any of a dozen misleading errors
(design.md section 6), but the state that causes them is always the same. The error's
signals (explainer/imports.py, explainer/packaging_rules.py) speak where no state was
probed (a pasted text) and add their lines where the state confirms them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .. import versions
from ..explainer.signals import evidence_of
from ..explainer.text import DISTRIBUTION_OF, SOURCE_SUFFIXES
from ..fixes import restart_fix
from ..model import Finding, Fix
from ..probes.loaded_libs import core_torch_libs, family_dir_of
from . import Context, rule
from .live_install import damage_explains_failure

if TYPE_CHECKING:
    from ..explainer.signals import Signal

RESTART_NOTE = "Re-running the import in this kernel is unsafe (pytorch/pytorch#194172): it can fail anywhere or crash."
FIRST_ERROR_NOTE = "If the first import failed too, fix that error (scroll up) before importing again."
PROBED_FAMILY = ("torch", "torchvision", "torchaudio")


def torch_module(ctx: Context) -> dict[str, Any] | None:
    """The modules probe's facts about ``torch``; None when no torch entry is in sys.modules."""
    packages = ctx.fact("modules").get("packages") or {}
    entry = packages.get("torch")
    return entry if isinstance(entry, dict) else None


def fully_loaded(entry: dict[str, Any] | None) -> bool:
    return bool(entry and entry.get("present") and not entry.get("initialising") and entry.get("version"))


# --- partial_import_state ------------------------------------------------------------------


@rule
def partial_import_state(ctx: Context) -> Iterator[Finding]:
    behind_damage = damage_explains_failure(ctx)
    for finding in _partial_import_state(ctx):
        # A consequence, not the cause, when files of the install are missing where the import
        # went: a restart alone fails the same way, so corrupted_install (0.96+) comes first.
        yield replace(finding, confidence=min(finding.confidence, 0.85)) if behind_damage else finding


def _partial_import_state(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("partial_import_state")
    if signals and signals[0].get("reason") == "blocked":
        yield _blocked_finding(str(signals[0].get("module")), signals)
        return
    if signals and signals[0].get("reason") == "init_unfinished":
        yield _init_unfinished_finding(signals)
        return
    entry = torch_module(ctx)
    if entry is not None and not fully_loaded(entry) and _in_site_packages(entry.get("file") or "/site-packages/"):
        native = core_torch_libs(ctx.fact("loaded_libs"))
        if native or entry.get("c_extension"):
            # No re-import symptom in the message: the cell that failed is the import itself, not a retry.
            state = "native" if signals else "native_here"
            yield _partial_finding(state, _native_evidence(ctx, entry, native) + evidence_of(signals), 0.95)
        else:
            yield _partial_finding("python", _state_evidence(entry) + evidence_of(signals), 0.4)
        return
    module = str(signals[0].get("module") or "torch") if signals else "torch"
    if signals and not _shadow_found(ctx, module):
        yield _partial_finding("text", evidence_of(signals), signals[0].confidence, module)


def _init_unfinished_finding(signals: list[Signal]) -> Finding:
    """torch._C loaded without its submodules (explainer/imports.py): asked for while its initialisation was running."""
    return Finding(
        cause="partial_import_state",
        severity="error",
        title="torch was used before its first import had finished: torch._C had not yet registered its parts",
        verdict="Import torch once, before anything else in the process (threads, workers) imports it.",
        explanation=(
            "torch._C, torch's compiled core, registers its submodules as its initialisation runs. Something asked for one "
            "while torch._C was loaded but not yet initialised: another thread running the same first `import torch`, or "
            "code running after that import failed part-way. torch's files are intact."
        ),
        evidence=evidence_of(signals),
        fix=Fix(
            kind="manual",
            code="Import torch once at the start of the program (or of each worker process's bootstrap), before any thread "
            "that imports it starts; where an earlier `import torch` failed, fix that error first and start a new process.",
            restart_kernel=True,
        ),
        confidence=signals[0].confidence,
    )


def _blocked_finding(module: str, signals: list[Signal]) -> Finding:
    """Code earlier in the process set sys.modules[module] to None (explainer/imports.py): Python refuses the import."""
    return Finding(
        cause="partial_import_state",
        severity="error",
        title=f"Something imported earlier set sys.modules['{module}'] to None, which blocks `import {module}`",
        verdict=f"Import {module} before the package that blocks it, or restart and import it first.",
        explanation=(
            f"Python treats a None entry in sys.modules as \"this module may not be imported\" and stops at once. Python "
            f"never leaves None there after a failed import: code that ran earlier in this process put it there, usually a "
            f"package that hides {module} while it imports something else. {module} itself is installed and intact."
        ),
        evidence=evidence_of(signals),
        fix=Fix(
            kind="manual",
            code=f"Put `import {module}` before the import of the package that ran first (the one that blocks it); in a "
            f"notebook, restart the kernel and run `import {module}` in the first cell.",
        ),
        confidence=signals[0].confidence,
    )


def _shadow_found(ctx: Context, module: str) -> bool:
    """A local file is what `import <module>` finds here: a half-initialised module is then shadowing, not a retry."""
    origin = _loaded_or_found(ctx.fact("modules"), module.split(".")[0])
    return bool(origin) and not _in_site_packages(str(origin))


def _state_evidence(entry: dict[str, Any]) -> list[str]:
    state = (
        "still initialising"
        if entry.get("initialising")
        else "present but incomplete"
        if entry.get("present")
        else "absent (its import failed)"
    )
    return [f"sys.modules: {entry.get('submodules', 0)} torch.* submodules left, 'torch' itself {state}"]


def _native_evidence(ctx: Context, entry: dict[str, Any], native: list[str]) -> list[str]:
    evidence = _state_evidence(entry)
    if entry.get("c_extension"):
        evidence.append("torch._C (torch's C++ extension) is in sys.modules")
    if native:
        evidence.append("mapped into this process: " + ", ".join(native[:5]))
    if ctx.capture and ctx.capture.get("type") == "KeyboardInterrupt":
        evidence.append("this failure is a KeyboardInterrupt: the import was interrupted")
    return evidence


def _partial_finding(state: str, evidence: list[str], confidence: float, module: str = "torch") -> Finding:
    """``state``: 'native' (torch's C++ core loaded: restart), 'native_here' (the same, the failing cell being that
    import), 'python' (safe to reset), 'text' (only the message says)."""
    if state == "python":
        return Finding(
            cause="partial_import_state",
            severity="info",
            title="A failed `import torch` left Python modules behind (no native code loaded)",
            explanation=(
                "The import failed before torch's C++ core loaded, so clearing the leftovers is safe: "
                "fix the cause, run `%torchenv reset`, then import again."
            ),
            evidence=evidence,
            fix=Fix(kind="python", code="%torchenv reset", note="Or restart the kernel."),
            confidence=confidence,
        )
    if state == "native":
        title = "An earlier `import torch` failed or was interrupted after torch's C++ core loaded"
        why = "torch's native libraries are already loaded in this process, but the Python side of the import did not finish."
        note = RESTART_NOTE
        verdict = "An earlier `import torch` stopped half-way, so this kernel must be restarted before torch can load."
    elif state == "native_here":
        title = "This `import torch` stopped half-way, after torch's C++ core had loaded"
        why = "torch's native libraries are now loaded in this process, but the Python side of this import did not finish."
        note = RESTART_NOTE
        verdict = "This `import torch` stopped half-way: restart the kernel before you import torch again."
    else:
        title = f"{module} was imported again after an import that failed or was interrupted"
        why = (
            f"An earlier `import {module}` failed or was interrupted after its native library had loaded (or an IDE's "
            "module reloader ran it again); its registrations stay in the process."
        )
        note = FIRST_ERROR_NOTE
        verdict = f"{module} was imported a second time after a failed import: restart the kernel, then import it once."
    return Finding(
        cause="partial_import_state",
        severity="error",
        title=title,
        verdict=verdict,
        explanation=(
            f"{why} Importing it again re-registers its operators and fails with misleading errors "
            '("already has a docstring", "partially initialized module \'torch\'", "Only a single TORCH_LIBRARY ...") '
            "or crashes the kernel. Whatever the latest message says, this state is the cause (the first error of the "
            f"session is the real one): restart the kernel, then import {module} once and let it finish."
        ),
        evidence=evidence,
        fix=restart_fix(note),
        confidence=confidence,
    )


# --- stale_module_after_upgrade --------------------------------------------------------------


@rule
def stale_module_after_upgrade(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("stale_module_after_upgrade")
    entry = torch_module(ctx)
    loaded = str(entry["version"]) if entry is not None and fully_loaded(entry) else None
    changed = _upgrade_evidence(ctx, loaded) if loaded else []
    if changed and entry is not None:
        evidence = [f"loaded in this process: torch {loaded} ({entry.get('file') or '?'})", *changed, *evidence_of(signals)]
        # Above file-based findings: what the files lack matters only after the restart.
        yield _stale_finding(f"torch on disk changed after this process loaded torch {loaded}", evidence, 0.95)
    elif signals and signals[0].get("attribute"):
        if not _removed_name(signals[0]):  # a name a newer release removed: the package is newer than the code, not older
            yield _older_than_caller_finding(signals[0], evidence_of(signals))
    elif signals:
        title = "The packages changed on disk, but this kernel still runs the old ones"
        yield _stale_finding(title, evidence_of(signals), signals[0].confidence)


def _removed_name(top: Signal) -> bool:
    from .. import compat

    return compat.removed_by_release(str(top.get("module")), str(top.get("attribute"))) is not None


def _older_than_caller_finding(top: Signal, evidence: list[str]) -> Finding:
    """Only the missing name is known: a release older than its caller's, loaded before an upgrade or installed so."""
    module, attribute = str(top.get("module")), str(top.get("attribute"))
    package = module.split(".")[0]
    distribution = DISTRIBUTION_OF.get(package, package)  # pillow installs PIL, opencv-python cv2
    return Finding(
        cause="stale_module_after_upgrade",
        severity="error",
        title=f"{module} has no {attribute}: the {package} running is older than the code that asks for it",
        explanation=(
            f"{attribute} is part of a newer {package} than the one this process runs. Most often a notebook's install "
            f"cell upgraded {package} after the kernel had imported the old one, which keeps running until a restart; "
            f"otherwise the installed {package} itself is older than the code needs."
        ),
        evidence=evidence[:6],
        fix=restart_fix(
            f"Restart, then run the failing cell again (not the install cell first). If it still fails, the installed "
            f"{package} is too old: pip install --upgrade {distribution}."
        ),
        confidence=top.confidence,
    )


def _stale_finding(title: str, evidence: list[str], confidence: float) -> Finding:
    return Finding(
        cause="stale_module_after_upgrade",
        severity="error",
        title=title,
        explanation=(
            "Packages were installed, upgraded or reinstalled while this kernel was running. The process still "
            "runs the modules it had already imported, while modules imported from now on come from the new files, "
            "so they fail with ImportError/AttributeError or worse. Only a restart loads the new install consistently."
        ),
        evidence=evidence[:6],
        fix=restart_fix("The new version is already on disk: restart, then import (do not re-run the install cell first)."),
        confidence=confidence,
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


# --- shadowed_module ---------------------------------------------------------------------------


@rule
def shadowed_module(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("shadowed_module")
    modules = ctx.fact("modules")
    found = set()
    for name in PROBED_FAMILY:
        origin = _loaded_or_found(modules, name)
        if origin and not _in_site_packages(origin):
            said = [item for item in signals if _top(item) == name]
            evidence = [*evidence_of(said), f"`import {name}` resolves to {origin}", _installed_line(ctx, name)]
            yield _shadow_finding(ctx, name, origin, evidence, 0.95 if said else 0.9)
            found.add(name)
    for item in _one_per_module(signals):
        name = _top(item)
        if name not in found and not _overruled(ctx, name, item):
            yield _text_shadow_finding(ctx, item)


def _top(item: Signal) -> str:
    return str(item.get("module") or "torch").split(".")[0]


def _one_per_module(signals: list[Signal]) -> list[Signal]:
    """The strongest signal of each module (signals come strongest first)."""
    best: dict[str, Signal] = {}
    for item in signals:
        best.setdefault(_top(item), item)
    return list(best.values())


def _overruled(ctx: Context, name: str, item: Signal) -> bool:
    """The text only guessed at a local file, and this process finds the installed package instead."""
    if ctx.stated or item.get("path"):
        return False
    origin = (ctx.fact("modules").get("origins") or {}).get(name)
    return bool(origin) and _in_site_packages(str(origin))


def _text_shadow_finding(ctx: Context, item: Signal) -> Finding:
    if item.get("reason") == "same_name_projects":
        return _same_name_projects_finding(item)
    if item.get("reason") == "installed_same_name":
        return _installed_same_name_finding(item)
    if item.get("reason") == "pypi_namesake":
        return _namesake_finding(ctx, item)
    if item.get("reason") == "stdlib_backport":
        return _backport_finding(ctx, item)
    if item.get("reason") == "stale_bytecode":
        return _stale_bytecode_finding(item)
    if item.get("reason") == "namespace_folder":
        return _namespace_folder_finding(item)
    if item.get("reason") == "other_python_folder":
        return _other_python_folder_finding(item)
    path = item.get("path")
    evidence = evidence_of([item]) + ([f"traceback file: {path}"] if path else [])
    finding = _shadow_finding(ctx, _top(item), str(path) if path else None, evidence, item.confidence, intruder=bool(item.get("intruder")))
    if item.get("reason") == "startup_import":
        return replace(finding, fix=_startup_shadow_fix(str(path), _top(item)))
    if item.get("reason") == "source_checkout":
        # The folder is the package's own source tree: renaming it would break the checkout (and an editable install).
        fix = _checkout_fix(_top(item), str(path or ""), native_apart=bool(item.get("native_apart")))
        return replace(finding, explanation=_checkout_explanation(_top(item)), fix=fix)
    return finding


def _startup_shadow_fix(path: str, module: str) -> Fix:
    """Python imported the file at start-up, from the folder it was started in; that file may be a package's own module
    (strawberryfields/io.py), which renaming would break."""
    cut = max(path.rfind("/"), path.rfind("\\"))  # the path as the traceback printed it, Windows' separators kept
    folder, name = (path[:cut], path[cut + 1 :]) if cut >= 0 else ("", path)
    return Fix(
        kind="manual",
        code=f"Start Python (or pip, or the notebook) from another folder than {folder or 'the working directory'}: Python "
        f"imports the standard {module} module at start-up and finds {name} there first. If that file is yours rather than a package's "
        "own module, renaming it works too.",
        restart_kernel=True,
    )


def _other_python_folder_finding(item: Signal) -> Finding:
    """A Python 2 folder's compiled module found first by a Python 3 (explainer/shared_libs.py cites the reports)."""
    name, folder, path = _top(item), str(item.get("folder")), str(item.get("path"))
    distribution = DISTRIBUTION_OF.get(name, name)
    return Finding(
        cause="shadowed_module",
        severity="error",
        title=f"Python 2's {name} ({folder}) is found first by this Python 3",
        verdict=f"{folder} is on this Python's search path, so Python 2's {name} answers the import.",
        explanation=(
            f"{path} was built for Python 2: it asks for {item.get('symbol')}, a name of Python 2's C API that Python 3 "
            f"does not have. A Python 3 imports it because {folder} is on its search path, most often through PYTHONPATH "
            "(ROS 1's setup.bash puts its Python 2.7 folder there), ahead of any copy installed for this Python."
        ),
        evidence=evidence_of([item]),
        fix=Fix(
            kind="python",
            code=f"import sys\nsys.path[:] = [p for p in sys.path if not p.startswith({folder!r})]",
            note=f"Restart the kernel, then run this first, before importing {name}; {name} must then be installed for this "
            f"Python (pip install {distribution}). For good, leave {folder} out of PYTHONPATH where Python 3 runs.",
            restart_kernel=True,
        ),
        confidence=item.confidence,
    )


def _namespace_folder_finding(item: Signal) -> Finding:
    """Python found the package only as a folder without __init__.py: a folder of that name where Python starts."""
    name = _top(item)
    where = f"python -c \"import importlib.util; print(list(importlib.util.find_spec('{name}').submodule_search_locations))\""
    return Finding(
        cause="shadowed_module",
        severity="error",
        title=f"{name} is found only as a folder without __init__.py",
        explanation=(
            f"Python found '{name}' only as a namespace package ('unknown location'): no folder named {name} on sys.path "
            f"has an __init__.py. An installed {name} would have one and would be taken before such folders (checked here "
            f"with an empty packaging/ folder beside an installed packaging), unless it is an editable install, whose "
            f"finder comes after them. So a folder of that name where Python starts, such as a cloned repository or an "
            f"empty folder, answered: {name} is not installed for this Python, its folder lost its files, or it is "
            f"installed in editable mode from a clone. Code that checks whether {name} is importable takes that folder for it."
        ),
        evidence=evidence_of([item]),
        fix=Fix(
            kind="manual",
            code=f"List the folders Python took for {name}: {where}. Rename or move the one outside site-packages, or "
            f"start Python (or the notebook) from another folder; then install {name} for this Python if the code needs it.",
            note=f"If the only folder listed is in site-packages, {name}'s install lost its __init__.py: reinstall it.",
        ),
        confidence=item.confidence,
    )


# Python 3 writes bytecode only into __pycache__ folders, so a .pyc outside one is another Python's (or compileall -b's)
# and safe to delete: one Python command, the same in bash, cmd.exe and PowerShell (no "!" bash would expand).
_DELETE_LOOSE_PYC = (
    "python -c \"import pathlib; [p.unlink() for p in pathlib.Path('.').rglob('*.pyc') if p.parent.name != '__pycache__']\""
)


def _stale_bytecode_finding(item: Signal) -> Finding:
    """A .pyc of another Python imported in place of the source: delete the loose .pyc files."""
    name = _top(item)
    return Finding(
        cause="shadowed_module",
        severity="error",
        title=f"An old compiled {name} (.pyc) is imported instead of its source",
        verdict=f"A leftover {name}.pyc made by another Python version is in the way: delete the old .pyc files.",
        explanation=(
            f"Python imports a .pyc file that has no .py beside it as the module itself. This {name}.pyc was written by "
            "another Python version (the bytes after 'bad magic number' are Python 2.7's when they read \\x03\\xf3), "
            "committed with a repository or left behind when the source was renamed or moved, so this Python refuses it. "
            "Python 3 keeps its own compiled files in __pycache__ folders and remakes them itself."
        ),
        evidence=evidence_of([item]),
        fix=Fix(
            kind="shell",
            code=_DELETE_LOOSE_PYC,
            note="Run it in the project's folder (the one holding the script): it deletes only .pyc files outside "
            "__pycache__ folders, which this Python neither writes nor needs.",
        ),
        confidence=item.confidence,
    )


def _checkout_explanation(name: str) -> str:
    return (
        f"Python looks for `import {name}` in the folder it started in (or the script's folder) before site-packages. "
        f"A folder named {name} there, such as {name}'s own source tree, answers instead of the installed {name}, and "
        "lacks what only a build makes (compiled modules, a generated version file), so importing one of its parts fails. "
        "The source tree is not to be renamed: start from elsewhere, or build it where it is."
    )


def _checkout_fix(name: str, folder: str, native_apart: bool = False) -> Fix:
    """Leave the source tree alone: run from elsewhere, or build it where it is so its compiled part exists.
    ``native_apart``: the repository builds its native library apart from its Python folder (mxnet/python/mxnet)."""
    repository = folder.rstrip("/").rsplit("/", 1)[0] or "the repository"
    build = (
        "build the project's native library as its build instructions say (it is built apart from this Python folder), "
        f"then pip install -e {repository}"
        if native_apart
        else f"build it in place from {repository} (pip install -e . --no-build-isolation)"
    )
    return Fix(
        kind="manual",
        code=f"Start Python (or the notebook) from a folder outside {repository}, so that `import {name}` finds the "
        f"installed {name}; or, to use this checkout, {build} so that its compiled part exists.",
        restart_kernel=True,
    )


def _same_name_projects_finding(item: Signal) -> Finding:
    """Two projects' top-level folders of one name (models/, utils/) in one process: the first imported wins."""
    name = _top(item)
    return Finding(
        cause="shadowed_module",
        severity="error",
        title=f"Another project's {name} package hides the one this code needs",
        verdict=f"Two projects in this process each have a top-level {name} package; Python keeps the first one imported.",
        explanation=(
            f"Projects that run from their own folder (torch.hub repositories, ComfyUI custom nodes, research code) import "
            f"their packages by plain names such as `import {name}...`. Once one project's {name} is in sys.modules, or "
            f"its folder comes first on sys.path (another hub repository loaded before, another custom node that put its "
            f"folder on sys.path), every later `import {name}` gets it, and the other project's submodules or names are missing."
        ),
        evidence=evidence_of([item])[:6],
        fix=Fix(
            kind="manual",
            code=f"Load the second project in a fresh process (restart the kernel, then load it first), or take the "
            f"other project's folder off sys.path so that its {name} is not imported first.",
            note="Or rename the folder of the project that is yours (its imports of it too).",
        ),
        confidence=item.confidence,
    )


def _installed_same_name_finding(item: Signal) -> Finding:
    """An installed distribution's top-level module of a generic name (models/, utils/, ldm.py) answered a project's
    import of its own module of that name (explainer/source_tree.py)."""
    name, path = _top(item), str(item.get("path") or "")
    return Finding(
        cause="shadowed_module",
        severity="error",
        title=f"An installed package named {name} hides this project's own {name}",
        verdict=f"A package installed in site-packages is also called {name}, and Python imported it instead of the project's {name}.",
        explanation=(
            f"Some distribution installed a top-level module called {name} ({path or 'in site-packages'}): PyPI holds "
            f"unrelated packages with such plain names, and some projects ship their own {name} folder. When the "
            f"project's own {name} is not first on sys.path (the script was started from another folder, or the "
            f"project's {name}/ has no __init__.py, which lets a regular package win), `import {name}` gets the "
            "installed one, and the project's submodules and names are missing from it."
        ),
        evidence=evidence_of([item])[:6],
        fix=_own_tests_package_fix() if name == "tests" else _uninstall_owner_fix(name),
        confidence=item.confidence,
    )


def _uninstall_owner_fix(name: str) -> Fix:
    return Fix(
        kind="python",
        code=_uninstall_owner_code(name),
        restart_kernel=True,
        note=f"It uninstalls whatever distribution installed the top-level {name}; if none did (a copied folder), it "
        f"says so. Or start the script from the project's root folder, so that its own {name} comes first.",
    )


def _own_tests_package_fix() -> Fix:
    """The installed tests package belongs to a dependency the project needs: make the project's own tests/ a regular
    package, which then wins from the project's root (nominal-io/instro#43, thyra PR 116 did so)."""
    return Fix(
        kind="shell",
        code="python -c \"open('tests/__init__.py', 'a').close()\"",
        note="Run it in the project's root folder (the one holding tests/), then run the tests again from there. The "
        "distribution that shipped a top-level tests package can stay installed.",
    )


def _namesake_finding(ctx: Context, item: Signal) -> Finding:
    """PyPI's project of the same import name installed instead of the one the code means (explainer/source_tree.py)."""
    name, namesake, wanted = _top(item), str(item.get("namesake")), str(item.get("wanted"))
    prefix = ctx.pip
    return Finding(
        cause="shadowed_module",
        severity="error",
        title=f"The '{namesake}' package from PyPI is another project than the {name} this code uses",
        verdict=f"`pip install {namesake}` installs an unrelated project whose module is also called {name}.",
        explanation=(
            f"Two projects share the import name {name}. The one on PyPI under the name '{namesake}' is not the one this "
            f"code was written for, so `import {name}` works but the functions the code calls are missing. Uninstall it "
            f"and install {wanted}."
        ),
        evidence=evidence_of([item])[:6],
        fix=Fix(kind="pip", code=f"{prefix} uninstall -y {namesake}\n{prefix} install {wanted}", restart_kernel=ctx.in_kernel),
        confidence=item.confidence,
    )


def _backport_finding(ctx: Context, item: Signal) -> Finding:
    """PyPI's backport of a standard module (typing, enum34) installed where Python has its own (explainer/source_tree.py)."""
    name, distribution = _top(item), str(item.get("namesake"))
    prefix = ctx.pip
    return Finding(
        cause="shadowed_module",
        severity="error",
        title=f"PyPI's '{distribution}' backport hides Python's own {name} module",
        verdict=f"The '{distribution}' package in site-packages answers `import {name}` before the standard library does.",
        explanation=(
            f"'{distribution}' brought the {name} module to Pythons that lacked it. Installed on a Python that has its "
            f"own {name} (some old requirements pull it in), it is found first and lacks what this Python's standard "
            f"library and torch expect from {name}. Nothing needs it here: uninstall it."
        ),
        evidence=evidence_of([item])[:6],
        fix=Fix(kind="pip", code=f"{prefix} uninstall -y {distribution}", restart_kernel=ctx.in_kernel),
        confidence=item.confidence,
    )


def _uninstall_owner_code(name: str) -> str:
    """Python that finds the distributions whose files include top-level ``name`` and uninstalls them with pip."""
    return (
        "import importlib.metadata as md, subprocess, sys\n"
        f"top = {name!r}\n"
        "owners = sorted({d.metadata['Name'] for d in md.distributions()\n"
        "                 if any(f.parts[0] in (top, top + '.py') for f in d.files or [])})\n"
        "print('installed by:', owners or f'no distribution (move the folder {top} out of site-packages by hand)')\n"
        "if owners:\n"
        "    subprocess.check_call([sys.executable, '-m', 'pip', 'uninstall', '-y', *owners])"
    )


def _loaded_or_found(modules: dict[str, Any], name: str) -> str | None:
    loaded = (modules.get("packages") or {}).get(name) or {}
    return loaded.get("file") or (modules.get("origins") or {}).get(name)


def _in_site_packages(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    return "site-packages" in parts or "dist-packages" in parts


def _installed_line(ctx: Context, name: str) -> str:
    installed = ctx.dist(name)
    return f"installed {name} {installed['version']}: {installed['location']}" if installed else f"no {name} distribution is installed"


def _shadow_finding(
    ctx: Context, name: str, origin: str | None, evidence: list[str], confidence: float, *, intruder: bool = False
) -> Finding:
    """``origin``: the shadowing file or folder (None: not known, only guessed from the message).

    ``intruder``: the file shadows a module that ``name`` itself imports (a project's math.py
    imported by torch/__init__.py), not ``name``.
    """
    shadowed = _base_name(origin) if intruder and origin else name
    if intruder and shadowed == name:  # a standard-library module answered by a file of that name
        title = f"A local {shadowed}.py hides the standard-library module {shadowed}"
    elif intruder:
        title = f"A local {shadowed}.py hides the module {shadowed} that {name} imports"
    elif origin:
        title = f"A local {_shadow_kind(origin, name)} hides the real {name}"
    else:
        title = f"A local {name}.py or {name}/ folder may hide the real {name}"
    return Finding(
        cause="shadowed_module",
        severity="error",
        title=title,
        verdict=(
            f"A file or folder of yours is called {shadowed}, so Python imports it instead of the real {shadowed}: rename it."
            if origin
            else f"A file or folder of yours may be called {name}, so Python imports it instead of the real {name}."
        ),
        explanation=(
            "Python imports the first module of a name it finds on sys.path, and the script's own folder (or "
            f"another folder early on sys.path) comes before site-packages. So `import {shadowed}` runs your "
            f"file instead of the real module, and {name} then fails with \"module '{name}' has no attribute ...\" "
            "or a circular-import error. Rename it; any name that is not a package you use will do."
        ),
        evidence=evidence[:6],
        fix=_rename_fix(ctx, shadowed, origin),
        confidence=confidence,
    )


def _without_suffix(file_name: str) -> str:
    for suffix in SOURCE_SUFFIXES:
        if file_name.endswith(suffix):
            return file_name[: -len(suffix)]
    return file_name


def _base_name(origin: str) -> str:
    return _without_suffix(os.path.basename(_shadow_target(origin)))


def _shadow_target(origin: str) -> str:
    """What to rename: the file, or the folder of a package's ``__init__.py`` (or a path given as a folder)."""
    if origin.endswith("__init__.py"):
        return os.path.dirname(origin)
    return origin.rstrip("/\\") or origin


def _shadow_kind(origin: str, name: str) -> str:
    if origin.endswith("__init__.py") or not origin.endswith(SOURCE_SUFFIXES):
        return f"{name}/ folder"
    return f"{name}.pyw" if origin.endswith(".pyw") else f"{name}.py"


# A path the user redacted before pasting ("/home/<redacted>/...", numpy/numpy#13015; "C:\\Users\\###\\..."): no such
# folder exists, so the fix names the file alone, to run where it is.
_REDACTED_PART = re.compile(r"<[^<>/\\\n]{1,40}>|\*{3,}|#{3,}")


def _rename_fix(ctx: Context, name: str, origin: str | None) -> Fix:
    """Python that renames the shadowing file or folder: the same cell on Windows, Linux and
    macOS (no ``!mv`` and its shell quoting), run by the kernel's own interpreter."""
    target = _shadow_target(origin or f"{name}.py")
    redacted = bool(origin and _REDACTED_PART.search(origin))
    if redacted:
        target = os.path.basename(target.replace("\\", "/").rstrip("/"))
    if _in_site_packages(target):
        # An installed package's own file (the working directory is inside torch's folder, whose random.py hides
        # the standard random: pytorch/pytorch#19943): renaming it would break that package.
        folder = os.path.dirname(target.replace("\\", "/").rstrip("/")) if target.endswith(SOURCE_SUFFIXES) else target.rstrip("/\\")
        return Fix(
            kind="manual",
            code=f"Start Python (or the notebook) from another folder: the working directory {folder} holds files "
            "named like modules Python needs.",
            restart_kernel=True,
        )
    base = os.path.basename(target.replace("\\", "/"))
    stem, dot, ext = base.rpartition(".")
    renamed = f"{stem}_local.{ext}" if dot and f".{ext}" in SOURCE_SUFFIXES else f"{base}_local"
    note = "Any name that is not a module you import will do. Then restart the kernel."
    if origin is None or redacted:
        note = f'Look for it next to your notebook or script (python -c "import {name}; print({name}.__file__)"). ' + note
    elif not target.endswith(SOURCE_SUFFIXES):
        note += f" A {name} source checkout shadows the installed package too: run from another directory instead."
    code = "\n".join(
        [
            "from pathlib import Path",
            f"shadow = Path({target!r}){'.expanduser()' if target.startswith('~') else ''}",
            f"shadow.rename(shadow.with_name({renamed!r}))",
            # Python would still import the cached bytecode of the old name.
            f"for stale in shadow.parent.glob({'__pycache__/' + _without_suffix(base) + '.*.pyc'!r}):",
            "    stale.unlink()",
        ]
    )
    return Fix(kind="python", code=code, note=note, restart_kernel=True)
