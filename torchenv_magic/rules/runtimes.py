"""Shared runtimes loaded from another install: MKL, OpenMP (lib_version_conflict's findings for them).

torch, NumPy and compiled extensions each link MKL or an OpenMP runtime, and conda, pip wheels, compilers and
system packages each bring their own copy. The process keeps the first copy it loads, so a copy from another
install (a folder on LD_LIBRARY_PATH, the base conda environment, a compiler's libgomp) serves code built
against a different one. The error texts come from explainer/shared_libs.py (kinds ``foreign_runtime``,
``older_runtime``, ``static_tls``); libraries.lib_version_conflict dispatches to these findings.
"""

from __future__ import annotations

import posixpath
import re

from ..explainer.signals import Signal
from ..model import Finding, Fix

# A conda installation's base environment: its lib folder is on the search path of every environment that
# inherits LD_LIBRARY_PATH from it (pytorch/pytorch#6131: the base's older MKL served an environment's torch,
# fixed by updating mkl in the base).
_CONDA_PACKAGE = {"MKL": "mkl"}  # the conda package of each runtime the texts name
_CONDA_BASE_LIB = re.compile(r"/(?:ana|mini)conda\d?/lib$|/miniforge\d?/lib$|/mambaforge/lib$")


def foreign_runtime(top: Signal, evidence: list[str]) -> Finding:
    runtime = str(top.get("runtime"))
    path = top.get("path")
    where = f" ({path})" if path else ""
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"Another copy of {runtime} was loaded first{where}",
        explanation=(
            f"The library that failed was built against one {runtime}, and the process had already loaded another "
            f"copy, from another install, which lacks what it needs. The first copy found wins: a folder on "
            "LD_LIBRARY_PATH (an /opt/intel install, a cluster module) or another environment's lib folder."
        ),
        evidence=evidence,
        fix=_other_copy_fix(runtime, posixpath.dirname(str(path)) if path else None),
        confidence=top.confidence,
        verdict=f"Two copies of {runtime} are installed and the wrong one was loaded first.",
    )


def _other_copy_fix(runtime: str, folder: str | None) -> Fix:
    """Keep the other copy from being loaded first: update it in the base environment, take its folder (when the text
    names it) off LD_LIBRARY_PATH, else find it there. libraries._search_path_fix puts CUDA wheels' own folders first."""
    package = _CONDA_PACKAGE.get(runtime, runtime.lower())
    if folder and _CONDA_BASE_LIB.search(folder):
        return Fix(
            kind="conda",
            code=f"conda update -n base {package}",
            note=f"{folder} is the base conda environment's: its older {runtime} was found before the environment's own. "
            "Updating it there (or removing that folder from LD_LIBRARY_PATH) lets the environment's copy match.",
        )
    if folder:
        drop = f'export LD_LIBRARY_PATH="$(printf %s "$LD_LIBRARY_PATH" | tr : "\\n" | grep -vxF "{folder}" | paste -sd: -)"'
        return Fix(
            kind="shell",
            code=drop,
            note=f"Takes {folder} off the library search path in this shell; start Python (or Jupyter) again from it. "
            "Remove it where it is set too (~/.bashrc, a module load).",
            restart_kernel=True,
        )
    return Fix(
        kind="manual",
        code=f"echo $LD_LIBRARY_PATH and echo $LD_PRELOAD show the folders searched first: take out the ones that hold "
        f"another {runtime} (an /opt/intel install, a cluster module, another environment's lib), then start Python again.",
        note=f"In a conda environment, conda list {package} shows the copy the environment expects.",
        restart_kernel=True,
    )


def older_runtime(top: Signal, evidence: list[str]) -> Finding:
    library, path = str(top.get("library")), str(top.get("path"))
    required_by = str(top.get("required_by") or "a library")
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"An older {library} was loaded than {required_by.rsplit('/', 1)[-1]} was built against",
        explanation=(
            f"{required_by} asks for {top.get('symbol')}, which the copy of {library} found first ({path}) does not have: "
            "that copy comes from an older compiler or another install (a compiler package put into the environment, "
            "torch's own bundled copy for an extension built with the system's gcc)."
        ),
        evidence=evidence,
        fix=Fix(
            kind="manual",
            code='Load a copy at least as new first: export LD_PRELOAD="$(gcc -print-file-name=libgomp.so.1)" uses the '
            f"system compiler's; in a conda environment, conda install -c conda-forge libgomp puts back a current one "
            f"in place of {path}.",
            note="ldconfig -p | grep libgomp lists the system's copies.",
            restart_kernel=True,
        ),
        confidence=top.confidence,
        verdict=f"Two copies of {library} are installed and an older one was loaded first.",
    )


def loaded_too_late(top: Signal, evidence: list[str]) -> Finding:
    path = str(top.get("path"))
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"{top.get('library')} was loaded too late to get its thread-local storage",
        explanation=(
            "glibc reserves a fixed block for libraries' thread-local storage when the process starts; a library that "
            "needs it and is loaded later (after other OpenMP runtimes and libraries took the room) cannot start. "
            "Loading it at the start of the process gives it its place."
        ),
        evidence=evidence,
        fix=Fix(
            kind="shell",
            code=f"export LD_PRELOAD={path}",
            note="Then start Python (or the server, or Jupyter) again from this shell. If that path changes between "
            "runs, use the same file in the environment's own folder.",
            restart_kernel=True,
        ),
        confidence=top.confidence,
    )


def mkl_release(top: Signal, evidence: list[str]) -> Finding:
    library, release = str(top.get("library")), str(top.get("release"))
    later = "from 2022 on" if release == "2022" else release
    spec = str(top.get("spec"))  # compat.mkl_release_of_soname's: 2021's .so.1 files, or 2022 on for .so.2
    return Finding(
        cause="lib_version_conflict",
        severity="error",
        title=f"{library} is MKL {later}'s: the MKL installed here is another release",
        explanation=(
            f"Intel MKL names its library files by release (none before 2021, .so.1 in 2021, .so.2 from 2022 on), and a "
            f"library built against MKL {later} asks for {library} by that name. The MKL installed here is another "
            "release (or none), so the name is not found although MKL may be there under another one."
        ),
        evidence=evidence,
        fix=Fix(
            kind="conda",
            code=f'conda install "{spec}"',
            note=f"Run it with the environment active: it installs MKL {later} beside the package that needs it. "
            f'Outside conda, pip install "{spec.replace("=2021", "==2021.*")}" puts the files in the environment\'s lib '
            "folder, which must then be on LD_LIBRARY_PATH.",
            restart_kernel=True,
        ),
        confidence=top.confidence,
        verdict=f"A library here was built against MKL {later}, and that release of MKL is not installed.",
    )
