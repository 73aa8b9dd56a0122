"""Rules about the installed files as this process finds them.

Two dist-info folders of one package and files of a wheel missing against its RECORD,
read from metadata and files; pip's and Python's messages about leftovers and damaged
installs (explainer/packaging_rules.py, explainer/imports.py, the shared-library and DLL
extractors) speak where no files were probed (a pasted text) and add their lines where
the files confirm them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import compat, versions
from ..explainer.signals import evidence_of
from ..fixes import index_for_variant, shell_path
from ..model import Finding, Fix
from ..probes.install_files import explaining
from . import Context, rule
from .frozen_app import frozen_app_finding
from .lfs import lfs_pointer_finding
from .shared_folders import cupy_finding, onnxruntime_both_finding, onnxruntime_emptied_finding, opencv_finding, tensorboard_finding
from .windows import changed_dlls, dependency_lines

if TYPE_CHECKING:
    from ..explainer.signals import Signal


# --- duplicate_installations ------------------------------------------------------------------


@rule
def duplicate_installations(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("duplicate_installations")
    seen = False
    for name in ("torch", "torchvision", "torchaudio", "numpy"):
        entries = ctx.dists(name)
        if len(entries) > 1:
            yield _duplicate_finding(ctx, name, entries, evidence_of(signals))
            seen = True
    if signals and not seen:
        first = signals[0]
        if first.get("reason") == "opencv":
            opencv = opencv_finding(ctx, first)
            if opencv is not None:
                yield opencv
        elif first.get("reason") == "cupy":
            yield cupy_finding(ctx, first)
        elif first.get("reason") == "tensorboard":
            yield tensorboard_finding(ctx, first)
        elif first.get("reason") == "onnxruntime":
            both = onnxruntime_both_finding(ctx, first)
            if both is not None:
                yield both
        elif first.get("reason") == "user_site":
            yield _user_site_finding(ctx, first)
        else:
            yield _leftover_finding(ctx, first, evidence_of(signals))


def _user_site_finding(ctx: Context, item: Signal) -> Finding:
    """A `pip install --user` torch, searched before the environment's own: uninstall the one Python imports.

    Checked here with CPython 3.12 (not a venv, as a conda env is not): six 1.15.0 in PYTHONUSERBASE's site and
    1.16.0 in the interpreter's own; `import six` gave the user site's, `python -m pip uninstall -y six` removed
    that one, and the interpreter's own 1.16.0 was imported next."""
    user_site = item.get("user_site")
    python = shell_path(ctx.fact("python").get("executable") or "python")
    return Finding(
        cause="duplicate_installations",
        severity="error",
        title=f"torch is imported from your user site-packages ({user_site}), not from this environment",
        explanation=(
            f"A second torch, installed with pip --user (or by a pip that fell back to a user install), is in {user_site}. "
            "Python searches the user site-packages before an environment's own (conda's included), so this environment's "
            "companions, built for its own torch, meet the other one."
        ),
        evidence=list(item.evidence),
        fix=Fix(
            kind="shell",
            code=f"{python} -m pip uninstall -y torch",
            note=f"Run it with the Python that failed: pip removes the copy that Python imports first, the one in {user_site}; "
            "the environment's own torch is then the one imported. Restart the kernel afterwards. Setting PYTHONNOUSERSITE=1 "
            "keeps user installs out of the environment for good.",
            restart_kernel=True,
        ),
        confidence=item.confidence,
    )


def _duplicate_finding(ctx: Context, name: str, entries: list[dict[str, Any]], said: list[str]) -> Finding:
    differ = len({entry["version"] for entry in entries}) > 1
    ghosts = _ghosts(ctx, name, entries)
    evidence = [f"{entry['version']}: {entry['location']}" for entry in entries]
    evidence.append(f"importlib.metadata and pip report {entries[0]['version']} (the first listed)")
    return Finding(
        cause="duplicate_installations",
        severity="error" if differ else "warning",
        title=f"{len(entries)} installations of {name} in one environment ({', '.join(e['version'] for e in entries)})",
        explanation=_DUPLICATE_WHY.format(what=f"There are {len(entries)} {name} metadata folders side by side"),
        evidence=(evidence + said)[:6],
        fix=_duplicate_fix(ctx, name, entries, ghosts),
        confidence=0.85,
    )


_DUPLICATE_WHY = (
    "{what}, usually left by an interrupted or overlapping pip install/uninstall. Tools read whichever the "
    "directory listing returns first, so pip, `pip check` and version checks can describe files that are not "
    "the ones imported."
)


def _leftover_finding(ctx: Context, item: Signal, said: list[str]) -> Finding:
    """What only pip's message shows: a '~'-stashed folder or a package pip cannot uninstall."""
    fragment, site, reason = item.get("fragment"), item.get("site"), item.get("reason")
    what = "An interrupted install/uninstall leaves '~'-named folders or a second dist-info"
    if fragment:
        title = f"pip found a leftover '~{fragment}' folder from an interrupted install or uninstall"
    elif reason == "listing":
        title, what = f"Two installations of torch are listed: {item.get('listed')}", "Two packages install the same torch folder"
    elif reason == "two_builds" and item.get("copy"):
        folder = str(item.get("copy")).rsplit("/", 1)[0]
        title = f"torch loaded a library from {folder}, outside the installed torch: a second torch (libtorch, an old build) is found first"
        what = f"A second torch's libraries in {folder} come before the installed ones on the library search path"
    elif reason == "two_builds":
        title = "A second torch installation may be mixed with this one (pip and conda, a nightly and a release, a source build)"
        what = "torch's files come from two builds, as when a second install sits beside (or over) this one"
    elif reason == "other_copy":
        return _other_copy_finding(ctx, item, said)
    else:
        title = f"pip cannot uninstall {item.get('package') or 'torch'}: its installation metadata is left over or duplicated"
    note = "Then pip uninstall -y torch (repeat until none is left) and install once."
    if reason in ("listing", "two_builds"):
        note = "Uninstall every copy (conda uninstall pytorch pytorch-nightly; pip uninstall -y torch until none is left), "
        note += "then install once."
    if site:
        note = f"The leftovers are the folders starting with '~' in {site}. " + note
    if item.get("copy"):
        folder = str(item.get("copy")).rsplit("/", 1)[0]
        note = f"Take {folder} out of LD_LIBRARY_PATH (DYLD_LIBRARY_PATH on macOS) or delete that old install. " + note
    paired = _companion_of_one_listed(ctx, item) if reason == "listing" else None
    return Finding(
        cause="duplicate_installations",
        severity="error",
        title=title,
        explanation=_DUPLICATE_WHY.format(what=what),
        evidence=[*said, paired] if paired else said,
        fix=_site_packages_fix(ctx, note),
        # The companion was made for one of the two torches: the second install is why it meets the other.
        confidence=0.97 if paired else item.confidence,
    )


def _other_copy_finding(ctx: Context, item: Signal, said: list[str]) -> Finding:
    """A package's version check found another version than the one installed: a second copy answers the import."""
    package, loaded, stated = str(item.get("package")), item.get("loaded"), item.get("stated")
    every = " ".join(compat.distributions_of_module(package))
    return Finding(
        cause="duplicate_installations",
        severity="error",
        title=f"{package} {loaded} is imported, but {package} {stated} is installed: a second copy answers the import",
        explanation=_DUPLICATE_WHY.format(what=f"Another {package} ({loaded}) is found before the {stated} installed"),
        evidence=said,
        fix=Fix(
            kind="pip",
            code=f"{ctx.pip} uninstall -y {every}",
            note=f"Repeat it until pip finds none of them, then install {package}=={stated} once"
            + (" (the build made for this torch and CUDA)." if package == "mmcv" else "."),
            restart_kernel=ctx.in_kernel,
        ),
        confidence=item.confidence,
    )


def _companion_of_one_listed(ctx: Context, item: Signal) -> str | None:
    """An evidence line when the torchvision here is the release for the listed torch that does not run.

    conda's pytorch-nightly installs into the same folder as its pytorch: one torch folder overwritten, not a
    second install beside it (the labelling rule in docs/explain-accuracy.md), so such a listing is left out."""
    listed = {versions.minor(str(version)) for version in item.get("versions") or []} - {None}
    torchvision = str((ctx.dist("torchvision") or {}).get("version") or "")
    made_for = versions.minor(compat.torch_for_torchvision(torchvision) or "")
    running = versions.minor(ctx.torch_version) if ctx.torch_version else None
    if len(listed) < 2 or made_for is None or made_for not in listed or made_for == running or "-nightly" in str(item.get("listed")):
        return None  # a companion made for the torch that runs is not explained by the other one
    return f"torchvision {torchvision} is the release for torch {made_for[0]}.{made_for[1]}, one of the torches listed"


def _site_packages_fix(ctx: Context, note: str) -> Fix:
    """Where to look: the site-packages folders of the Python that runs the fix (the kernel's own, in a kernel)."""
    listing = "import site; print(site.getsitepackages())"
    note = f"It prints the site-packages folders: delete the ~* / duplicate *.dist-info folders there. {note}".strip()
    if ctx.in_kernel:
        return Fix(kind="python", code=listing, note=note, restart_kernel=True)
    python = shell_path(ctx.fact("python").get("executable") or "python")  # the interpreter that failed
    return Fix(kind="shell", code=f'{python} -c "{listing}"', note=note, restart_kernel=True)


def _ghosts(ctx: Context, name: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The metadata folders that do not describe the files on disk (torch: per version.py)."""
    if name != "torch":
        return []
    on_disk = ctx.torch_on_disk
    real = [entry for entry in entries if on_disk and entry["version"] == on_disk]
    return [entry for entry in entries if entry not in real] if len(real) == 1 else []


def _duplicate_fix(ctx: Context, name: str, entries: list[dict[str, Any]], ghosts: list[dict[str, Any]]) -> Fix:
    if ghosts:  # Python, not `!rm -r`: the same cell runs on Windows
        rmtree = (f"shutil.rmtree(Path({str(ghost['location'])!r}).expanduser())" for ghost in ghosts)  # '~' as shown
        code = "\n".join(["import shutil", "from pathlib import Path", *rmtree])
        note = f"Removes only the stale metadata folder(s); the {name} files on disk stay."
        return Fix(kind="python", code=code, note=note, restart_kernel=False)
    pinned = f"{name}=={entries[0]['version']}"
    fix = ctx.install([pinned, "--no-deps"], reinstall=True, restart_kernel=True)
    return Fix(kind=fix.kind, code=fix.code, note="Reinstalling rewrites one consistent copy. " + fix.note, restart_kernel=True)


# --- corrupted_install -------------------------------------------------------------------------


@rule
def corrupted_install(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("corrupted_install")
    said = evidence_of(signals)
    seen = set()
    # On a failure: every module and native library, related to the failure (capture.py).
    for name, info in failure_check(ctx).items():
        yield _damaged_files_finding(ctx, name, info, said, on_failure=True)
        seen.add(name)
    # Every diagnosis: the key files (native libraries, top-level modules), failure or not.
    for name, info in (ctx.facts.get("install_files") or {}).items():
        if name not in seen and isinstance(info, dict) and (info.get("damaged_count") or info.get("missing_count")):
            yield _damaged_files_finding(ctx, name, info, said, on_failure=False)
            seen.add(name)
    # Windows: the DLL a WinError names (or one it imports) differs from RECORD at the same size,
    # which only its hash shows (a DLL whose initialisation fails: 1114; rules/windows.py).
    changed = changed_dlls(ctx)
    if changed and str(changed[0].get("package") or "torch") not in seen:
        yield _changed_dll_finding(ctx, changed, said)
        seen.add(str(changed[0].get("package") or "torch"))
    if signals and not seen:
        first = signals[0]
        if first.get("reason") == "lfs_pointer":
            yield lfs_pointer_finding(first, said)
        elif first.get("reason") == "frozen_app":
            yield frozen_app_finding(first, said)
        elif first.get("reason") == "onnxruntime_emptied":
            yield onnxruntime_emptied_finding(ctx, first)
        else:
            yield _said_corrupted_finding(ctx, first, said)


def failure_check(ctx: Context) -> dict[str, dict[str, Any]]:
    """The failure's check of the family's files (distribution -> its damaged files); {} without one."""
    capture = ctx.capture or {}
    checked = capture.get("install_files")
    if ctx.stated or capture.get("pasted") or not isinstance(checked, dict):
        return {}
    return {name: info for name, info in checked.items() if isinstance(info, dict) and info.get("damaged")}


def damage_explains_failure(ctx: Context) -> bool:
    """Files of the install are missing or damaged where the failed import went (partial_import_state defers to it)."""
    return bool(explaining(failure_check(ctx)))


_PROBLEM = {"missing": "missing", "short": "truncated", "not_a_library": "not a library (no ELF/PE/Mach-O header)"}
_LINK = {
    "named": "the error names it",
    "native": "loaded by the import",
    "package": "its package was being imported",
    "earlier": "an earlier failure in this process went through it",
    "import": "the import of its package failed",
}


def _damaged_files_finding(ctx: Context, name: str, info: dict[str, Any], said: list[str], *, on_failure: bool) -> Finding:
    damaged = [item for item in info.get("damaged") or [] if isinstance(item, dict)]
    if not damaged:  # facts from before the probe listed damage (missing paths only)
        damaged = [{"path": path, "problem": "missing"} for path in info.get("missing") or []]
    if not on_failure:  # the key files: whether the error names one is read from its text here
        damaged = [{**item, "link": "named"} if _named_in_text(ctx, item["path"]) else item for item in damaged]
    links = {item.get("link") for item in damaged}
    count = info.get("damaged_count") or info.get("missing_count") or len(damaged)
    what = "modules and native libraries" if on_failure else "key files"
    evidence = [f"{count} of {info.get('checked')} {what} listed in {name}'s RECORD are missing or damaged:"]
    evidence += [_file_line(item) for item in damaged[:5]]
    # Windows: what the PE headers say, whenever a failure is being explained (the key-file
    # check can be the one that saw the damage, e.g. a 32-bit DLL that is also shorter).
    evidence += dependency_lines(ctx) if on_failure or ctx.capture else []
    only_missing = all(item.get("problem") == "missing" for item in damaged)
    version = _installed_version(ctx, name, info)
    if "named" in links:
        confidence = 0.98 if on_failure else 0.97
    elif "native" in links:
        confidence = 0.97
    elif any(item.get("link") == "package" and item.get("problem") == "missing" for item in damaged):
        confidence = 0.96  # above partial_import_state (0.95), which this damage causes
    elif "earlier" in links:
        confidence = 0.96
    elif "import" in links:
        confidence = 0.9  # partial_import_state defers to it (0.85)
    elif "package" in links:
        confidence = 0.85  # a .py shorter than RECORD says: perhaps edited by hand
    else:
        confidence = 0.9 if not on_failure or any(_NATIVE_PATH.search(item["path"]) for item in damaged) else 0.8
    return Finding(
        cause="corrupted_install",
        severity="error",
        title=(
            f"{name} {version} is incomplete: files it installed are missing"
            if only_missing
            else f"{name} {version} is damaged: files it installed are missing or cut short"
        ),
        explanation=(
            f"{name}'s own list of installed files (RECORD) names files that are no longer on disk, or are shorter "
            "than it says, so the import fails when it reaches them (a cut-short native library can even crash the "
            "process). Something deleted or truncated them (a cleanup or sync tool, an antivirus, a full disk during "
            "install, an interrupted install or uninstall). Restarting does not help: reinstall the same version."
        ),
        evidence=(evidence + said)[:8],
        fix=reinstall_fix(ctx, name, version),
        confidence=confidence,
    )


_NATIVE_PATH = re.compile(r"\.(so(\.[\w.]+)?|pyd|dll|dylib)$", re.IGNORECASE)


def _named_in_text(ctx: Context, path: str) -> bool:
    return path.rsplit("/", 1)[-1] in ctx.text.text


def _file_line(item: dict[str, Any]) -> str:
    line = f"{_PROBLEM.get(str(item.get('problem')), 'damaged')}: {item.get('path')}"
    if item.get("problem") == "short":
        line += f" ({item.get('size'):,} of {item.get('expected'):,} bytes)"
    link = _LINK.get(str(item.get("link")))
    return f"{line} ({link})" if link else line


def _installed_version(ctx: Context, name: str, info: dict[str, Any]) -> str:
    """The version to reinstall: torch's own version.py (with its build tag) when it is the same release."""
    recorded = str(info.get("version") or "")
    on_disk = ctx.torch_on_disk if name == "torch" else None
    return on_disk if on_disk and (not recorded or versions.same_release(on_disk, recorded)) else recorded


def _changed_dll_finding(ctx: Context, changed: list[dict[str, Any]], said: list[str]) -> Finding:
    name = str(changed[0].get("package") or "torch")
    version = _installed_version(ctx, name, {"version": (ctx.dist(name) or {}).get("version")})
    named = (ctx.capture or {}).get("windows_dll", {}).get("dll")
    first = str(changed[0].get("path") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return Finding(
        cause="corrupted_install",
        severity="error",
        title=f"{name} {version} is damaged: {first} is not the file it installed",
        explanation=(
            f"{first} differs from the size and sha256 that {name}'s RECORD lists, so Windows loads a file that is not "
            f"{name}'s own: one replaced by another copy (another version, a 32-bit build) or damaged on disk. "
            "Restarting does not help: reinstall the same version."
        ),
        evidence=(dependency_lines(ctx) + said)[:8],
        fix=reinstall_fix(ctx, name, version),
        confidence=0.97 if first.lower() == str(named).lower() else 0.9,
    )


def _said_corrupted_finding(ctx: Context, item: Signal, said: list[str]) -> Finding:
    """What only the error shows: a damaged download, torch._C or one of torch's own libraries missing."""
    package = str(item.get("package") or "torch")
    reason, library = item.get("reason"), item.get("library")
    version = ctx.torch_version if package == "torch" else str((ctx.dist(package) or {}).get("version") or "")
    version = version or str(item.get("version") or "")  # the release the text names (a dist-info folder's)
    if reason == "damaged_download" and item.get("installer") == "conda":
        title = "conda's copy of the package is damaged or incomplete"
        why = (
            f"conda checks each package it downloads or extracts against its size and manifest; this {package} package in "
            "conda's package cache (pkgs/) is cut short or changed, so the install stops (or would install broken files)."
        )
        # A pip reinstall over a conda torch would add a second install (duplicate_installations): conda's own cache is the fix.
        fix = Fix(
            kind="manual",
            code="Run conda clean --packages --tarballs --yes, then run the same conda install (or conda env create) again.",
            note="Free disk space first; on a slow or proxied connection, conda's remote_read_timeout_secs setting helps.",
        )
    elif reason == "damaged_system_file":
        title = f"{library} is damaged: it is cut short or not a library at all"
        why = (
            f"The loader (or the linker) read {library} and found no complete library in it: a download or copy that "
            "stopped part-way, or a full disk. No Python package owns that file, so reinstalling one does not replace it."
        )
        fix = Fix(
            kind="manual",
            code=f"Copy {library} again from where it came (the CUDA or cuDNN download, or the system package that "
            "installed it), then run the same command again.",
            note="Check free disk space first: a full disk cuts copies short.",
        )
    elif reason == "leftover_components":
        folder = item.get("folder")
        title = f"{library} is left from another Open MPI install than the one running"
        why = (
            f"Open MPI loads every component it finds in {folder}; {library} there asks Open MPI's core for a function "
            "this Open MPI does not have, so it was built with another release (an earlier install into the same prefix "
            "leaves its components behind, and a new install does not remove them)."
        )
        fix = Fix(
            kind="manual",
            code=f"Remove the components of the earlier install from {folder} (or delete that folder and install Open MPI "
            "again into the same prefix), then run the same command again.",
            note="ompi_info lists the components Open MPI loads and their versions.",
        )
    elif reason == "damaged_download":
        title = "The download or the install was damaged"
        why = f"A truncated wheel, a full disk or a hash mismatch leaves an incomplete {package} behind."
        fix = reinstall_fix(ctx, package, version, damaged=True)
    elif reason == "compiled_library_absent":
        requirement = str(item.get("requirement") or package)
        title = f"{package}'s compiled library is not installed: its loader found no library file"
        why = (
            f"{package} loads its compiled library by looking for the file in its own folder ({library}) and found none: "
            "the install lacks its native part, installed without the extra that brings it or from a wheel that left it out. "
            "Reinstall it with the part that brings the library."
        )
        version = ""  # the extra brings the library whatever the release: the reinstall pins none
        fix = reinstall_fix(ctx, requirement, version)
    elif reason == "stale_build":
        title = f"{package}'s compiled library lacks one of its own functions: a partial or stale build"
        why = (
            f"{library or 'The library'} calls a function that the extension's own sources define, but the build that "
            "linked it did not include it: object files of an earlier build left in its build folder, or a build stopped "
            "halfway, so the library mixes two builds."
        )
        fix = Fix(
            kind="manual",
            code="Delete the extension's build folder (build/ in its source tree) and the compiled .so files its previous "
            "build left beside its sources, then build it again (python setup.py develop, or pip install -e . --no-build-isolation).",
        )
    elif reason == "project_incomplete":
        folder = item.get("folder")
        title = f"The project's own {package} folder lacks a module its code imports: its files are of different versions"
        why = (
            f"{folder} is the project's own {package} package (the file that failed is one of its modules), and it lacks "
            "a module that the project's code, newer than that folder, imports: the copy was updated in part, or an old "
            "copy was kept (on a mounted drive, in a Docker volume) while the code that starts it was updated."
        )
        fix = Fix(
            kind="manual",
            code=f"Bring the whole project to one version: git pull in {str(folder).rpartition('/')[0] or folder}, or "
            "delete that copy and fetch the project again.",
            note="A copy kept on Google Drive or another mount survives a new notebook run: replace it, not only the notebook.",
        )
    elif reason == "torch_c":
        title = "torch's compiled core (torch._C) is missing from the installed package"
        why = (
            "torch/_C is the native extension; without it the package is incomplete, or it was built for another "
            "Python version than the one running."
        )
        fix = reinstall_fix(ctx, package, version, note="Make sure the wheel matches this Python (cpXY tag).")
    elif reason == "mmcv_mixed":
        title = "mmcv's compiled ops come from another mmcv release than its Python files"
        why = (
            "mmcv's Python code loads each op from its compiled module mmcv/_ext, and the _ext found lacks one: it was "
            "left by another mmcv distribution (mmcv-full, mmcv, mmcv-lite share the folder) or release installed over it."
        )
        fix = Fix(
            kind="manual",
            code=f"Uninstall every mmcv distribution (pip uninstall -y {' '.join(compat.distributions_of_module('mmcv'))}, repeated "
            "until pip finds none), delete any mmcv folder left in site-packages, then install the one mmcv your project asks for, in the "
            "build made for this torch and CUDA (OpenMMLab's mim install chooses it).",
        )
    elif reason == "mixed_versions":
        title = f"{package}'s files come from two of its versions installed over each other"
        why = (
            f"An install over another install (pip over a setup.py or distribution install, two pips) leaves files of the "
            f"older {package} that the newer one's record does not list, so one uninstall does not remove them."
        )
        prefix = ctx.pip
        wanted = f"{package}=={version}" if version else package
        fix = Fix(
            kind="pip",
            code=f"{prefix} uninstall -y {package}\n{prefix} uninstall -y {package}\n{prefix} install {wanted}",
            note=f"Uninstall until pip says {package} is not installed, then install it once.",
            restart_kernel=ctx.in_kernel,
        )
    elif reason == "r_lantern_release":
        title = "R torch's lantern library is of another release than the R package"
        why = (
            "The R package calls its lantern library (its C interface to LibTorch) by function name, and the lantern "
            "library downloaded for it lacks one: the two come from different releases, as when the package was updated "
            "and its libraries were not, or a download was interrupted. R, LibTorch and the system are fine."
        )
        fix = Fix(
            kind="manual",
            code='Rscript -e "torch::install_torch(reinstall = TRUE)", then start R again. (install_torch downloads the '
            "LibTorch and lantern builds made for the installed R package.)",
        )
    elif reason == "libtorch_download":
        title = f"The LibTorch download in use lacks {library or 'one of its libraries'}"
        why = (
            f"LibTorch (torch's C++ distribution, which tch-rs and other bindings download) links {library or 'it'} from "
            "its own lib folder; that folder does not have it, so the download was incomplete or a file was removed. "
            "No pip install is involved."
        )
        fix = Fix(
            kind="manual",
            code="Download LibTorch again for this system from https://pytorch.org/get-started/locally/ and unpack the "
            "whole zip (otool -L libtorch/lib/libtorch.dylib lists what its lib folder must hold), or delete the copy a "
            "binding's build downloaded (tch-rs: its target folder's out/libtorch) so that it fetches it again.",
        )
    elif reason == "mixed_builds" and package != "torch":
        # Another package's own libraries disagreeing (tensorflow/tensorflow#56616: two of TensorFlow's modules on macOS,
        # fixed by installing it again from scratch).
        title = f"{package}'s files come from two different builds ({library or 'a native library'} does not match the rest)"
        why = (
            f"{package}'s native libraries must come from one build; {library or 'one'} lacks a symbol that another of "
            f"{package}'s own libraries expects, as when an upgrade or a second install left files of two releases."
        )
        fix = reinstall_fix(ctx, package, version)
    elif reason == "mixed_builds":
        title = f"torch's files come from two different builds ({library or 'torch._C'} does not match the rest)"
        why = (
            f"torch's Python files and native libraries must come from one build; {library or 'torch._C'} lacks what the others "
            "expect (or is another torch's copy found first on the search path), as when a nightly and a release, an old "
            "libtorch or a second install get mixed."
        )
        fix = reinstall_fix(ctx, package, version, note="Remove other torch or libtorch folders from LD_LIBRARY_PATH too.")
    elif str(library).endswith("__init__.py"):
        title = f"{package}'s own {library} is missing: Python found that folder only as a namespace package"
        why = (
            f"{library} ships inside the {package} wheel; without it Python imports the folder as an empty namespace "
            "package ('unknown location'), so the install lost files of its own (an interrupted or overlapping install)"
            + (
                ", or an uninstall left the folder behind. A folder of that name without __init__.py in the folder "
                "Python starts in reads the same: if it is yours, rename it instead."
                if str(library).count("/") == 1
                else "."
            )
        )
        fix = reinstall_fix(ctx, package, version)
    else:
        title = f"{package}'s own {library or 'native library'} is missing or damaged"
        why = (
            f"{library or 'The library'} ships inside the {package} wheel itself: when it is missing, or is not a "
            "loadable library for this system (WinError 193), the install is incomplete or mixed from different installs."
        )
        fix = reinstall_fix(ctx, package, version)
    return Finding(
        cause="corrupted_install",
        severity="error",
        title=title,
        # Only where the fix is a reinstall pinned to the installed version: a manual fix (conda's cache, a system file,
        # mixed mmcv) says what instead, and a reinstall without a version installs the newest release.
        explanation=f"{why} Reinstall the same version." if fix.kind != "manual" and version else why,
        evidence=said,
        fix=fix,
        confidence=item.confidence,
    )


def reinstall_fix(ctx: Context, name: str, version: str, *, damaged: bool = False, note: str = "") -> Fix:
    """Rewrite ``name``'s files at the same version (and build variant) that is installed.

    ``--no-deps`` keeps everything else as it is; not after a damaged download, whose broken
    file may be a dependency's (an nvidia-* wheel), nor without a version: a newer release
    would need its own dependencies.
    """
    requirements = [f"{name}=={version}" if version else name]
    if version and not damaged:
        requirements.append("--no-deps")
        note = " ".join(part for part in (f"--no-deps keeps everything else as it is; only {name}'s files are rewritten.", note) if part)
    if damaged:
        requirements.append("--no-cache-dir")
        note = " ".join(part for part in ("Free disk space first (torch's CUDA wheels need several GB).", note) if part)
    return ctx.install(
        requirements,
        index_url=index_for_variant(versions.variant(version)),
        reinstall=True,
        restart_kernel=True,
        note=note,
    )
