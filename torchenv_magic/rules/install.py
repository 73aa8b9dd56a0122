"""Rules about what is installed: a torch-family package missing for this interpreter, and
torchvision/torchaudio built for another torch.

Both weigh the error's signals (explainer/packaging_rules.py, explainer/vision.py and the
shared-library extractors) against the packages the probes read or the user stated. Facts
overrule the text where they can: "No module named 'torchvision'" while this interpreter's
own metadata lists torchvision is not a missing package. Stated packages are not this
interpreter's metadata: a user's `pip list` often comes from another Python, which is the
very cause here, so they never overrule the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import compat, versions
from ..explainer.signals import evidence_of
from ..explainer.text import DISTRIBUTION_OF
from ..fixes import CPU_INDEX, PYTORCH_INDEX, index_for_variant, release_pin
from ..model import Finding, Fix
from . import Context, rule

if TYPE_CHECKING:
    from ..explainer.signals import Signal

COMPANIONS = ("torchvision", "torchaudio")
_COMPANION_FOR = {"torchvision": compat.torchvision_for, "torchaudio": compat.torchaudio_for}

# --- module_not_installed_in_kernel_env ------------------------------------------------------


@rule
def module_not_installed_in_kernel_env(ctx: Context) -> Iterator[Finding]:
    """`import torch` (torchvision, detectron2, ...) failed: not installed for the Python that ran it."""
    name, signals = _missing_module(ctx)
    # Whatever this interpreter has, the text names another Python at work: the pip command's, or one that is gone.
    another_python = _ANOTHER_PYTHON.get(str(signals[0].get("reason"))) if signals else None
    if another_python is not None:
        yield another_python(signals)
        return
    if signals and signals[0].get("reason") == "portable" and name:
        yield _portable_finding(name, signals)
        return
    if name is None or _installed_here(ctx, name):
        return  # this interpreter's own metadata lists it: the import failed for another reason
    if _name_only(signals) and not elsewhere(ctx, name):
        yield _name_only_finding(ctx, name, signals)
        return
    probed = _absence_probed(ctx)
    confidence = 0.9 if probed else max((item.confidence for item in signals), default=0.85)
    if any(item.get("after_failed_install") for item in signals):
        confidence = min(confidence, 0.6)  # the install that failed above it is the cause; its reading ranks first
    evidence = evidence_of(signals) + _absence_evidence(ctx, name)
    yield Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"{name} is not installed for {_which_python(ctx)}",
        verdict=f"{name} is not installed for the Python {'that ran this' if ctx.stated else 'this notebook runs'}.",
        explanation=_not_installed_explanation(ctx, name),
        evidence=list(dict.fromkeys(evidence))[:6],
        fix=_not_installed_fix(ctx, name, str(signals[0].get("requirement") or "") if signals else ""),
        confidence=confidence,
    )


def _name_only_finding(ctx: Context, name: str, signals: list[Signal]) -> Finding:
    """Only the module's name says it is missing: a package not installed here, or a project module not on sys.path."""
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"Python cannot find {name}",
        verdict=f"The Python {'that ran this' if ctx.stated else 'this notebook runs'} has no module named {name}.",
        explanation=(
            f"Most often the package that provides {name} is not installed for this Python: it may be installed for "
            "another one (another environment, or the `pip` first on PATH; in Jupyter the kernel often runs another "
            f"Python than the terminal). If {name} is a module of your own project instead, Python started in a folder "
            "from which it cannot see it."
        ),
        evidence=evidence_of(signals)[:6],
        fix=_name_only_fix(ctx, name),
        confidence=max(item.confidence for item in signals),
    )


def _portable_finding(name: str, signals: list[Signal]) -> Finding:
    """ComfyUI portable's own Python lacks the module (explainer/packaging_rules.py): install it with that Python."""
    python = str(signals[0].get("python"))
    distribution = DISTRIBUTION_OF.get(name, name)
    # cmd.exe runs a quoted program path as it is; PowerShell needs its call operator for one.
    quoted = f'"{python}"' if " " in python else python
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"{name} is not installed for ComfyUI portable's own Python",
        verdict=f"ComfyUI portable runs its own Python, and {name} is not installed there.",
        explanation=(
            "The portable build brings its own Python in python_embeded. A `pip install` typed in a terminal installs "
            "into whichever Python is first on PATH, not into that one, so the custom node still cannot import it."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="shell",
            code=f"{quoted} -m pip install {distribution}",
            note=(f"In PowerShell put & in front: & {quoted} -m pip install {distribution}. " if " " in python else "")
            + "Then restart ComfyUI.",
        ),
        confidence=signals[0].confidence,
    )


def _launcher_finding(signals: list[Signal]) -> Finding:
    """pip.exe (a console-script launcher) records the interpreter it was made for; that one is not here. Or
    (``script``) a pip script's first line runs another Python, which has no such pip of its own."""
    script = signals[0].get("script")
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"The {script} script runs another Python than the one it was installed for"
        if script
        else "pip's launcher runs a Python that is not on this machine",
        verdict="The pip command belongs to another Python than the one you meant to install into.",
        explanation=(
            f"A {script} script starts the Python its first line names. Here that is another Python (an older one first on "
            "PATH, or one the script was rewritten for), which has no pip entry point of that name. "
            if script
            else "On Windows, pip.exe and the other console scripts are small launchers that start the python.exe recorded "
            "when they were created. This one was made for another path (a bundle built elsewhere, or an environment "
            "copied or moved), so it cannot start, and anything it installed went to that other Python. "
        )
        + (
            "Running pip through the interpreter itself (python -m pip) always installs where that Python looks; "
            "reinstalling pip that way also rewrites the launcher."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="shell",
            code="python -m pip install --force-reinstall pip",
            note="Run it with the Python you mean (in a portable bundle, that folder's python.exe: .\\python.exe -m pip ...); "
            "then install with python -m pip install instead of pip.",
        ),
        confidence=max(item.confidence for item in signals),
    )


def _other_pip_finding(signals: list[Signal]) -> Finding:
    """pip refused a wheel made for the Python `python --version` showed: that pip is another Python's. Without that line
    (``shown`` False) it is the second reading of a bare `pip` refusing a wheel, after the wheel being wrong."""
    if signals[0].get("shown") is False:
        return _maybe_other_pip_finding(signals)
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title="The pip that ran belongs to another Python than `python`",
        verdict="pip refused a wheel made for this Python because the pip command runs another Python.",
        explanation=(
            "The wheel's tags match the Python that `python --version` printed, so the refusal is pip judging the wheel "
            "for the Python it belongs to: the `pip` first on PATH is another Python's (a system Python beside a "
            "portable or embedded one, another environment). Running pip through the interpreter itself installs "
            "where that Python looks."
        ),
        evidence=evidence_of(signals)[:6],
        fix=_through_that_python(signals[0].get("typed"), signals[0].get("wheel")),
        confidence=max(item.confidence for item in signals),
    )


def _maybe_other_pip_finding(signals: list[Signal]) -> Finding:
    wheel = str(signals[0].get("wheel"))
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="warning",
        title="Or the `pip` that ran belongs to another Python than the one this wheel is for",
        verdict="If the Python that will run the code is the one the wheel is made for, install through that Python.",
        explanation=(
            f"pip judges a wheel for the Python it belongs to. {wheel} names the Python it is made for; when that is the "
            "Python you mean (a portable bundle's embedded Python, another environment's), the bare `pip` first on PATH "
            "is another Python's. Running pip through the interpreter itself installs where that Python looks."
        ),
        evidence=evidence_of(signals)[:6],
        fix=_through_that_python(signals[0].get("typed"), signals[0].get("wheel")),
        confidence=max(item.confidence for item in signals),
    )


def _through_that_python(typed: object, wheel: object) -> Fix:
    """The refused install again, run by the Python `python --version` showed: the same arguments when the typed
    command is in the text, else the wheel's file name from the folder that holds it (pip prints only the name)."""
    note = "python -m pip --version and pip --version show which Python each one installs into."
    if isinstance(typed, str) and typed:
        return Fix(kind="shell", code=f"python -m pip install {typed}", note="Run it where the refused pip command ran. " + note)
    if isinstance(wheel, str) and wheel:
        return Fix(kind="shell", code=f"python -m pip install {wheel}", note="Run it in the folder that holds the wheel. " + note)
    same_wheel = "Run the same install through that Python: python -m pip install followed by the same wheel file."
    return Fix(kind="manual", code=same_wheel, note=note)


def _interpreter_gone_finding(signals: list[Signal]) -> Finding:
    """A kernelspec (or a script's shebang, a venv) names a Python executable that no longer exists."""
    python = signals[0].get("python")
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"What starts this points at a Python that no longer exists ({python})",
        verdict="The kernel (or script) is set to run a Python executable that is not there any more.",
        explanation=(
            "A Jupyter kernel starts the executable its kernel.json names, a script the one its first line names, and a "
            "venv the Python it was made from. That Python was removed or moved (a Homebrew or system Python upgraded, "
            "a conda environment deleted), so nothing can start, whatever is installed elsewhere."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="manual",
            code="jupyter kernelspec list shows each kernel's folder: delete the stale one (jupyter kernelspec remove "
            "followed by its name), then register the Python you want from that Python: python -m pip install ipykernel "
            "and python -m ipykernel install --user",
            note="For a venv made from the removed Python, make the venv again; for a script, correct its first line.",
        ),
        confidence=max(item.confidence for item in signals),
    )


def _sudo_finding(signals: list[Signal]) -> Finding:
    """A program started with sudo ran the system's Python (explainer/packaging_rules.py, package_missing)."""
    module = signals[0].get("module")
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"sudo ran the system's Python, which has no {module}",
        verdict="Started with sudo, the program ran the system's Python instead of your environment's.",
        explanation=(
            "sudo replaces PATH with its own safe list (secure_path), so `python`, or a script's first line "
            "`#!/usr/bin/env python3`, finds the system's Python rather than the activated environment's, where "
            f"{module} is installed. Naming the environment's Python keeps it."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="shell",
            code=_through_the_environments_python(str(signals[0].get("command") or "")),
            note="Run it with the environment activated: command -v finds its Python before sudo resets PATH.",
        ),
        confidence=max(item.confidence for item in signals),
    )


_PYTHON_WORD = re.compile(r"^((?:-[EH]{1,2}\s+){0,2})(python[\d.]{0,5}(?:\s+|$))?")


def _through_the_environments_python(command: str) -> str:
    """The sudo command again with the active environment's Python named (`sudo ./run.py` -> `sudo "$(command -v
    python)" ./run.py`; `sudo python3 -m x` keeps python3; sudo's own -E/-H stay)."""
    typed = _PYTHON_WORD.match(command)
    flags, python = (typed.group(1), (typed.group(2) or "python").strip()) if typed else ("", "python")
    return f'sudo {flags}"$(command -v {python})" {command[typed.end() if typed else 0 :]}'.rstrip()


def _named_pip_gone_finding(signals: list[Signal]) -> Finding:
    """A notebook's `!<env>/bin/pip install ...` names an environment this kernel is not (explainer/packaging_rules.py)."""
    typed = [str(args) for args in signals[0].get("typed") or []]
    fix = (
        Fix(
            kind="pip",
            code="\n".join(f"%pip install {args}" for args in typed),
            restart_kernel=True,
            note="%pip installs into the Python this kernel runs, whatever environment the notebook was written for.",
        )
        if typed
        else Fix(
            kind="manual",
            code="Run the same install as %pip install followed by the same packages, in the notebook.",
            note="%pip installs into the Python this kernel runs.",
        )
    )
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"The notebook names a pip that is not here ({signals[0].get('pip')})",
        verdict="The notebook installs with another environment's pip; this kernel runs a different Python.",
        explanation=(
            "The notebook was written for a machine or kernel where that environment existed. Here the kernel runs "
            "another Python, so the command fails, and the packages it meant to install are missing from this kernel."
        ),
        evidence=evidence_of(signals)[:6],
        fix=fix,
        confidence=max(item.confidence for item in signals),
    )


def _user_in_venv_finding(signals: list[Signal]) -> Finding:
    """pip refused a --user install inside a virtualenv, so the module never went in (explainer/packaging_rules.py)."""
    module = signals[0].get("module")
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"pip refused the --user install inside the virtualenv, so {module} was never installed",
        verdict="The install asked for --user, which a virtualenv's pip refuses: nothing was installed for this Python.",
        explanation=(
            "--user installs into the user's own site-packages (~/.local), which a virtualenv's Python does not read, "
            "so pip stops with this error instead of installing. The import then fails because the package is not in "
            "the environment the code runs in."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="manual",
            code="Run the same install again without --user, with the Python that runs the code: python -m pip install "
            "followed by the same packages (in a notebook, %pip install followed by them).",
            note="Inside a virtualenv pip installs into the environment itself; --user is never needed there.",
        ),
        confidence=max(item.confidence for item in signals),
    )


def _user_site_script_finding(signals: list[Signal]) -> Finding:
    """A script pip installed with --user lacks its own package when another user or Python runs it
    (explainer/packaging_rules.py)."""
    module, script = signals[0].get("module"), signals[0].get("script")
    distribution = DISTRIBUTION_OF.get(str(module), str(module))
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"The {script} script was installed with pip --user, and the Python running it does not see {module}",
        verdict=f"{module} is in one user's own site-packages; the {script} script ran as another user or with another Python.",
        explanation=(
            f"pip install --user put the {script} script in ~/.local/bin and {module} in that user's "
            "~/.local/lib/pythonX.Y/site-packages, which only that user's Python of that version reads. Run as root "
            "(sudo, a system service), from cron, or after the Python was upgraded, the script starts a Python that "
            f"does not look there, so its own import of {module} fails."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="manual",
            code=f"Install {distribution} for the Python and user that run the script: as that user (for root: sudo), run "
            f"python3 -m pip install {distribution}; or install it into a virtual environment and run that environment's "
            f"{script}.",
            note="Where the system's Python refuses (externally managed), the virtual environment is the way.",
        ),
        confidence=max(item.confidence for item in signals),
    )


def _dask_worker_finding(signals: list[Signal]) -> Finding:
    """A Dask worker's Python lacks a module the client's has (explainer/packaging_rules.py cites the report)."""
    module = str(signals[0].get("module"))
    requirement = DISTRIBUTION_OF.get(module, module.replace("_", "-"))
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"The Dask workers' Python has no {module}",
        verdict=f"{module} is installed where the client runs, not where the Dask workers run.",
        explanation=(
            "Dask sends each task's code from the client to the workers, and a worker imports the modules it names when it "
            f"unpickles it. The workers run their own Python (other machines, containers or environments), and that one "
            f"lacks {module}: every worker needs the packages the client's code uses, in the same versions."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="python",
            code=f'from distributed.diagnostics.plugin import PipInstall\nclient.register_plugin(PipInstall(packages=["{requirement}"]))',
            note="Run it where `client` is your Dask Client: each worker pip-installs it (older distributed releases name it "
            "client.register_worker_plugin). Or install it into the workers' image or environment and restart them.",
        ),
        confidence=max(item.confidence for item in signals),
    )


def _spyder_finding(signals: list[Signal]) -> Finding:
    """Spyder's chosen interpreter lacks spyder-kernels (explainer/packaging_rules.py)."""
    wanted = str(signals[0].get("wanted") or "")
    bounds = [part.strip() for part in wanted.replace(" and ", ",").split(",") if part.strip()]
    spec = "spyder-kernels" + ",".join(bound.replace(" ", "") for bound in bounds)
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title="The Python Spyder is set to use has no spyder-kernels" + (f" ({wanted})" if wanted else ""),
        verdict="Spyder starts its consoles with the interpreter named in its Preferences, and that one lacks spyder-kernels.",
        explanation=(
            "Spyder runs your code in a separate Python (Preferences > Python interpreter), which must have the "
            "spyder-kernels package in the version range this Spyder needs. Install it into that environment, or point "
            "Spyder back at its own interpreter."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="shell",
            code=f'python -m pip install "{spec}"',
            note="Run it with the environment named in Spyder's Preferences > Python interpreter activated "
            "(conda activate that environment first), then restart Spyder's console.",
        ),
        confidence=max(item.confidence for item in signals),
    )


def _torchrun_finding(signals: list[Signal]) -> Finding:
    """torchrun's workers ran a Python that lacks the module (explainer/packaging_rules.py, interpreter_without_module)."""
    module, python = signals[0].get("module"), signals[0].get("python")
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"torchrun's workers ran {python}, which has no {module}",
        verdict=f"The distributed workers were started with {python}, and that Python cannot import {module}.",
        explanation=(
            "torchrun starts each worker with the Python it runs under itself, and its report names that binary. Either "
            f"{module} was installed into another environment (the torchrun first on PATH often belongs to another "
            "installation, such as base Anaconda or the system Python), or it is not installed at all."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="manual",
            code=f"Start the job with the Python that has {module}: activate its environment, then run python -m "
            "torch.distributed.run followed by torchrun's own arguments (or the project's launcher, e.g. accelerate launch).",
            note=f"If {module} is installed nowhere yet, install it for the workers' Python: {python} -m pip install "
            f"{module} (a project of your own: {python} -m pip install -e . in its folder).",
        ),
        confidence=max(item.confidence for item in signals),
    )


def _windows_path(path: str) -> bool:
    """A path as a Windows traceback prints it: backslashes, or a drive letter."""
    return "\\" in path or ":" in path[:2]


def _venv_not_used_finding(signals: list[Signal]) -> Finding:
    """A venv activated, and another Python's packages in the traceback (explainer/packaging_rules.py cites the report)."""
    venv, python = str(signals[0].get("venv")), str(signals[0].get("python"))
    windows = _windows_path(venv)
    own_python = f"{venv}\\Scripts\\python.exe" if windows else f"{venv}/bin/python"
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title="The program ran another Python than the environment you activated",
        verdict=f"The traceback's packages are {python}'s, not those of the activated environment {venv}.",
        explanation=(
            "Activating an environment puts its own Python first on PATH in that shell only. A launcher or batch file that "
            "names another Python, a second activation, or a script started outside that shell runs the other Python, "
            "with its own installed packages: what the environment holds is never imported."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="manual",
            code=f"Start the program with the environment's own Python ({own_python} followed by the program's script), "
            "and remove from its launcher any activation or Python path that names another environment.",
            note=f"Check: {'where' if windows else 'which'} python, run where the program starts, must list {own_python} first.",
        ),
        confidence=max(item.confidence for item in signals),
    )


def _own_file_other_python_finding(signals: list[Signal]) -> Finding:
    """A package's own installed file started by a Python that does not search its site-packages
    (explainer/packaging_rules.py cites the report)."""
    module, root, file = str(signals[0].get("module")), str(signals[0].get("root")), str(signals[0].get("file"))
    windows_python = f"{root}\\python.exe (a virtual environment's: {root}\\Scripts\\python.exe)"
    own_python = windows_python if _windows_path(root) else f"{root}/bin/python"
    # The import name alone does not say which distribution provides it (ts is torchserve's).
    distribution = DISTRIBUTION_OF.get(module, f"the package that provides {module}")
    return Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title=f"{module}'s own file ran under a Python that does not see {module}",
        verdict=f"{module} is installed in {root}, but the Python that ran its file searches other folders.",
        explanation=(
            f"{file} belongs to {module}, installed in {root}. It could not import {module} itself, so the Python running "
            "it does not search that site-packages: the file was started (as a script, a worker process, a subprocess) by "
            "another interpreter, such as a second virtual environment made without the first one's packages, or a "
            "system Python."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="manual",
            code=f"Start it with the Python that holds {module} ({own_python}), or install {distribution} into the Python "
            "that the program starts for it.",
            note="A tool that makes its own environment for workers may have a setting that lets it inherit the launching "
            "environment's packages.",
        ),
        confidence=max(item.confidence for item in signals),
    )


_ANOTHER_PYTHON: dict[str, Callable[[list[Signal]], Finding]] = {
    "own_file_other_python": _own_file_other_python_finding,
    "venv_not_used": _venv_not_used_finding,
    "torchrun": _torchrun_finding,
    "named_pip_gone": _named_pip_gone_finding,
    "spyder": _spyder_finding,
    "dask_worker": _dask_worker_finding,
    "launcher": _launcher_finding,
    "other_pip": _other_pip_finding,
    "interpreter_gone": _interpreter_gone_finding,
    "sudo": _sudo_finding,
    "user_in_venv": _user_in_venv_finding,
    "user_site_script": _user_site_script_finding,
}


def _which_python(ctx: Context) -> str:
    return "the Python that ran this" if ctx.stated else "this kernel's Python"


def _missing_module(ctx: Context) -> tuple[str | None, list[Signal]]:
    """The package the error says is missing, else torch when the probes found none."""
    signals = ctx.signals("module_not_installed_in_kernel_env")
    if signals:
        name = str(signals[0].get("module") or "torch")
        return name, [item for item in signals if item.get("module", name) == name]
    if _absence_probed(ctx) and ctx.dist("torch") is None and not ctx.fact("torch_build").get("found"):
        return "torch", []
    return None, []


def _absence_probed(ctx: Context) -> bool:
    """The packages probe read this interpreter's metadata (not stated, not timed out)."""
    return not ctx.stated and "installed" in ctx.fact("packages")


def _installed_here(ctx: Context, name: str) -> bool:
    if not _absence_probed(ctx):
        return False
    return ctx.dist(name) is not None or (name == "torch" and bool(ctx.fact("torch_build").get("found")))


def _absence_evidence(ctx: Context, name: str) -> list[str]:
    if ctx.stated:
        stated = ctx.dist(name)
        return [f"stated: {name} {stated['version']} is installed, but not for the Python that failed"] if stated else []
    if not _absence_probed(ctx):
        return []
    python = ctx.fact("python")
    return [f"importlib.metadata: no {name!r} distribution", f"sys.prefix: {python.get('prefix', '?')}", *elsewhere(ctx, name)]


def _not_installed_explanation(ctx: Context, name: str) -> str:
    python = ctx.fact("python")
    runs = (
        f"This kernel runs {python['executable']} (Python {python.get('version', '?')}), and no {name} distribution is installed for it."
        if python.get("executable")
        else f"No {name} distribution is installed for the Python that ran this."
    )
    return (
        f"{runs} A {name} installed for another Python "
        "(another environment or conda env, or the `pip` first on PATH) is invisible here; in Jupyter the kernel "
        "often runs another Python than the terminal where `pip install` ran. Install it with %pip, which targets "
        "the kernel's own interpreter."
    )


def _not_installed_fix(ctx: Context, name: str, requirement: str = "") -> Fix:
    """``requirement``: the release the text asks for ("accelerate>=0.20.1"), which also replaces an older one installed."""
    note = "Check which Python runs it: import sys; print(sys.executable)." if ctx.stated else ""
    if name == "detectron2":  # not on PyPI: its prebuilt index, else a source build (rules/extensions.py)
        from .extensions import detectron2_install_fix

        return detectron2_install_fix(ctx, rebuild=False)
    if name == "torch":
        requirements, index_url = torch_install_plan(ctx)
        return ctx.install(requirements, index_url=index_url, note=note)
    torch_version = ctx.torch_version
    # Stated versions of the missing package came from another Python (the very cause): not what is installed here.
    if name in COMPANIONS and torch_version:
        note = f"The {name} built for torch {torch_version}. {note}".strip()
        pin = companion_pin(name, torch_version)
        return ctx.install([pin], index_url=companion_index(ctx, torch_version), note=note, not_installed=True)
    return ctx.install([requirement or name], note=note, not_installed=True)


def _name_only(signals: list[Signal]) -> bool:
    """Only the module's name says it is missing: it may be a project module, or a package installed by another name."""
    return bool(signals) and all(item.get("reason") == "name only" for item in signals)


def _name_only_fix(ctx: Context, name: str) -> Fix:
    """A PyPI name cannot be read from an import name alone (cv2 is opencv-python; "utils" may be the project's)."""
    python = ctx.fact("python").get("executable") or "python"
    distribution = DISTRIBUTION_OF.get(name)
    if distribution:  # its PyPI name is known (yaml is pyyaml's): nothing to check first
        install = f"{python} -m pip install {distribution} (in a notebook: %pip install {distribution})"
        return Fix(kind="manual", code=f"Install {distribution}, which provides {name}, for the Python that ran this: {install}.")
    return Fix(
        kind="manual",
        code=(
            f"If {name} is a package from PyPI, install it for the Python that ran this: {python} -m pip install "
            f"{name} (in a notebook: %pip install {name}), after checking on pypi.org that {name} is its name there. "
            f"If {name} is a module of your own project, start Python (or the notebook) in the project's folder."
        ),
    )


def torch_install_plan(ctx: Context) -> tuple[list[str], str | None]:
    """What to install for a fresh torch here: the packages and the wheel index, if any.

    On Linux the PyPI torch wheel is a multi-GB CUDA build; without an NVIDIA driver the
    CPU index (PyTorch's "Get Started" selector, Compute Platform: CPU) is the right one.
    Only an NVML probe that answered says so: stated or unprobed facts keep PyPI's default.
    """
    if ctx.fact("python").get("os") == "Linux" and ctx.fact("nvml").get("available") is False:
        return ["torch", "torchvision"], CPU_INDEX
    return ["torch", "torchvision"], None


def elsewhere(ctx: Context, name: str) -> list[str]:
    """Where else on this machine ``name`` is installed (other interpreters), as evidence lines."""
    lines = []
    for interpreter in ctx.fact("other_envs").get("interpreters") or []:
        version = (interpreter.get("packages") or {}).get(name)
        if version:
            lines.append(f"{name} {version} is installed for {interpreter['executable']} ({interpreter['source']}), not for this kernel")
    return lines


# --- torchvision_torch_mismatch ----------------------------------------------------------------


@dataclass(frozen=True)
class Pairing:
    """One installed companion against the installed torch: ``reason`` says why they do not pair."""

    name: str
    built: str
    reason: str | None
    evidence: list[str]


@rule
def torchvision_torch_mismatch(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("torchvision_torch_mismatch")
    torch_built = ctx.torch_version
    pairings = {name: pairing for name in COMPANIONS if (pairing := _pairing(ctx, name, torch_built))}
    conflicting = [name for name, pairing in pairings.items() if pairing.reason]
    if not signals and not conflicting:
        return
    if signals and signals[0].get("reason") == "nightly_pin":
        yield _nightly_pin_finding(ctx, signals[0], torch_built, pairings)
        return
    other_library = _signalled_other_library(ctx, signals)
    if other_library:
        yield _other_library_finding(ctx, other_library, signals, torch_built)
        return
    subject = _signalled_package(signals) or (conflicting[0] if conflicting else "torchvision")
    pairing = pairings.get(subject)
    if pairing is not None and compat.nightlies_built_together(torch_built, pairing.built):
        # Nightlies of one date were built together: what the text shows is read as a mismatch only weakly, and the title
        # speaks of no conflict the versions do not show (pytorch/vision#6715: same-day nightlies, a DLL not found).
        # A release pair by the table is weaker evidence: a source-built torch or another variant breaks it too.
        yield _mismatch_not_in_versions(ctx, subject, signals, torch_built, pairings, conflicting)
        return
    other = None if signals else _failure_elsewhere(ctx)
    yield Finding(
        cause="torchvision_torch_mismatch",
        severity="error",
        title=_mismatch_title(subject, pairing, torch_built),
        verdict=_mismatch_verdict(subject, pairing, torch_built),
        explanation=_mismatch_explanation(subject, pairing, other, without_code=_kernel_without_code(signals)),
        evidence=_mismatch_evidence(ctx, signals, pairing, torch_built),
        fix=_companion_fix(ctx, [subject, *(name for name in conflicting if name != subject)], torch_built, pairings),
        confidence=_mismatch_confidence(signals, pairing, other),
    )


def _mismatch_not_in_versions(
    ctx: Context, subject: str, signals: list[Signal], torch_built: str, pairings: dict[str, Pairing], conflicting: list[str]
) -> Finding:
    """A mismatch read from the text while ``subject`` and torch are nightlies built together: ranked low (0.35 at most)."""
    return Finding(
        cause="torchvision_torch_mismatch",
        severity="error",
        title=f"{subject} may not match torch, though both are nightlies of one date and variant",
        verdict=f"Unlikely: torch and {subject} nightlies of one date are built together; look at the other findings first.",
        explanation=_mismatch_explanation(subject, None, None)
        + f" Here torch and {subject} are nightlies of the same date, built together, so another cause is likelier.",
        evidence=_mismatch_evidence(ctx, signals, pairings[subject], torch_built),
        fix=_companion_fix(ctx, [subject, *(name for name in conflicting if name != subject)], torch_built, pairings),
        confidence=min(0.35, _mismatch_confidence(signals, None, None)),
    )


def _nightly_pin_finding(ctx: Context, item: Signal, torch_built: str, pairings: dict[str, Pairing]) -> Finding:
    """A nightly companion pinning its nightly torch, asked of an index without nightlies (explainer/wheels.py)."""
    name = str(item.get("package"))
    return Finding(
        cause="torchvision_torch_mismatch",
        severity="error",
        title=f"The {name} being installed is a nightly that needs a torch nightly, which PyPI does not have",
        verdict=f"Install a released {name} with its torch; the nightly pin cannot be met from PyPI.",
        explanation=(
            f"A nightly {name} requires exactly the nightly torch it was built with (torch==X.Y.Z.devDATE). PyPI hosts "
            "only releases, so pip finds no such torch; PyTorch's nightly index keeps nightlies for a few months only. "
            "Nothing about this Python or platform is at fault: the releases pip listed would install."
        ),
        evidence=evidence_of([item]),
        fix=_companion_fix(ctx, [name], torch_built, pairings),
        confidence=item.confidence,
    )


def _signalled_package(signals: list[Signal]) -> str | None:
    """The companion the strongest signal names (torchvision or torchaudio), if it names one."""
    for item in signals:
        if item.get("package") in COMPANIONS:
            return str(item.get("package"))
    return None


def _signalled_other_library(ctx: Context, signals: list[Signal]) -> str | None:
    """A domain library other than torchvision/torchaudio (torchtext, torchdata) that the strongest signal names; when
    no signal names one, the only companion installed (or stated), if it is such a library."""
    named = next((str(item.get("package")) for item in signals if item.get("package")), None)
    if named is None and signals:
        present = [name for name in (*COMPANIONS, *_DOMAIN_RELEASE_FOR) if ctx.dist(name)]
        named = present[0] if len(present) == 1 else None
    return named if named and named not in COMPANIONS else None


def _other_library_finding(ctx: Context, name: str, signals: list[Signal], torch_built: str) -> Finding:
    """Its own file asks torch for what this torch lacks: a release made for another torch."""
    torch_words = f"torch {versions.as_pip(torch_built)}" if torch_built else "the installed torch"
    return Finding(
        cause="torchvision_torch_mismatch",
        severity="error",
        title=f"{name} does not match {torch_words}",
        verdict=f"The installed {name} was released for another torch than {torch_words}.",
        explanation=(
            f"Each {name} release is made for one torch release and uses torch internals that change between "
            f"releases; its own file asks torch for a name this torch does not have."
        ),
        evidence=evidence_of(signals)[:6],
        fix=_other_library_fix(ctx, name, torch_built, torch_words),
        confidence=max(item.confidence for item in signals),
    )


# Domain libraries with a pairing table in compat (their wheels pin, or their README pairs, one torch).
_DOMAIN_RELEASE_FOR = {
    "torchtext": compat.torchtext_for,
    "torchdata": compat.torchdata_for,
    "torchcodec": compat.torchcodec_for,
}
# Where one release serves later torch minors too: its "made for" lookup, and what it asks of torch (compat's tables).
_DOMAIN_MADE_FOR = {
    "torchdata": (compat.torchdata_made_for, "it asks only torch>=2"),
    "torchcodec": (compat.torchcodec_made_for, "torchcodec's README pairs it with torch>=2.11"),
}


def _other_library_fix(ctx: Context, name: str, torch_built: str, torch_words: str) -> Fix:
    """The release made for this torch from compat, when it is not the one installed; a manual step otherwise."""
    release_for = _DOMAIN_RELEASE_FOR.get(name)
    wanted = release_for(torch_built) if release_for and torch_built else None
    installed = str((ctx.dist(name) or {}).get("version") or "")
    if wanted and _unreleased(torch_built):
        return _pair_with_release_fix(name, torch_built, wanted)
    if wanted and versions.release_tuple(installed) != versions.release_tuple(wanted):
        return ctx.install([f"{name}=={wanted}"], restart_kernel=True, note=_domain_release_note(name, wanted, torch_built))
    if name == "torchtext" and torch_built and (versions.minor(torch_built) or (0, 0)) > compat.TORCHTEXT_LAST_TORCH:
        last = ".".join(map(str, compat.TORCHTEXT_LAST_TORCH))
        return Fix(
            kind="manual",
            code=f"No torchtext exists for {torch_words}: its last release, 0.18.0, is for torch {last}. Remove torchtext "
            f"from this environment (or replace it), or use torch {last} with torchtext 0.18.0.",
        )
    if name == "torchdata" and versions.minor(torch_built) in compat.TORCHDATA_PAUSED_TORCH:
        return Fix(
            kind="manual",
            code=f"No torchdata was released for {torch_words} (releases paused after 0.7.1, for torch 2.1; 0.8.0 is for "
            "torch 2.4). Use torch 2.1.2 with torchdata 0.7.1, or torch 2.4 or later with its torchdata.",
        )
    if name == "torchcodec" and torch_built and not wanted:
        return Fix(
            kind="manual",
            code=f"No torchcodec exists for {torch_words}: its first release, 0.0.3, is for torch 2.4 (torchcodec's "
            "README table). Upgrade torch to 2.4 or later with its torchcodec, or remove torchcodec.",
        )
    return Fix(
        kind="manual",
        code=(
            f"Install the {name} release made for {torch_words} (the version table in {name}'s README), "
            f"or the torch release this {name} was made for."
        ),
    )


def _nightly_companion_fix(ctx: Context, names: list[str], torch_built: str) -> Fix:
    """For a nightly torch, the release pair of its version, else one nightly index's newest pair.

    A released companion is built for a released torch, a nightly one for the torch nightly of its own date, so no
    companion pin fits this torch. The release pair is checkable with pip's resolver; the nightly index form is
    pytorch.org/get-started/locally's "Preview (Nightly)": pip3 install --pre torch torchvision --index-url
    https://download.pytorch.org/whl/nightly/cu126."""
    release = versions.release(torch_built) or ""
    variant = versions.variant(torch_built)
    nightly_index = f"{PYTORCH_INDEX}/nightly/{variant}" if index_for_variant(variant) else None
    stay_nightly = (
        f"pip install --pre --upgrade torch {' '.join(names)} --index-url {nightly_index}"
        if nightly_index
        else f"pip install --pre --upgrade torch {' '.join(names)} from the nightly index of your build"
    )
    why = f"torch {torch_built} is a nightly build: {' and '.join(names)} must come from the nightly of the same date."
    pins = [release_pin(name, _COMPANION_FOR[name](release)) for name in names]
    if release in compat.known_torch_releases() and all(pins):
        return ctx.install(
            [f"torch=={release}", *[pin for pin in pins if pin]],
            index_url=torch_index(torch_built),
            restart_kernel=True,
            note=f"{why} This moves torch to the release {release} and installs the {' and '.join(names)} built for it. "
            f"To stay on nightlies instead: {stay_nightly}.",
        )
    if nightly_index:
        return ctx.install(["--pre", "--upgrade", "torch", *names], index_url=nightly_index, restart_kernel=True, note=why)
    return Fix(kind="manual", code=f"Install torch and {' and '.join(names)} from the same nightly: {stay_nightly}.", note=why)


def _unreleased(torch_version: str) -> bool:
    """A pre-release, nightly or vendor torch (NGC's 2.8.0a0+5228986c39.nv25.06): no release of a library is made for it."""
    parsed = versions.parse(torch_version)
    return parsed is not None and parsed.is_prerelease


def _pair_with_release_fix(name: str, torch_built: str, wanted: str) -> Fix:
    release = versions.release(torch_built)
    return Fix(
        kind="manual",
        code=(
            f"torch {torch_built} is a pre-release, nightly or vendor build: no {name} release is made for it. Use a {name} "
            f"built for it (its nightly beside a torch nightly of the same date, or one built from source against this "
            f"torch), or move to the release pair: pip install torch=={release} {name}=={wanted}"
        ),
        note=f"{name} {wanted} is the release made for torch {release}.",
    )


def _domain_release_note(name: str, wanted: str, torch_built: str) -> str:
    made_for_lookup, later_torch = _DOMAIN_MADE_FOR.get(name, (None, ""))
    made_for = made_for_lookup(wanted) if made_for_lookup else None
    if made_for and versions.minor(made_for) != versions.minor(torch_built):
        note = f"{name} {wanted} is the newest release (made for torch {made_for}; {later_torch})."
    else:
        note = f"{name} {wanted} is the release made for torch {versions.as_pip(torch_built)}."
    if name == "torchdata" and (versions.release_tuple(wanted) or ()) >= (0, 10):
        # torchdata 0.10 dropped DataPipes and DataLoader2 (pytorch/data c64801fc): code written for them needs 0.9.0.
        note += " torchdata 0.10 and later have no torchdata.datapipes: code that uses DataPipes needs torch 2.5 with torchdata 0.9.0."
    return note


def _pairing(ctx: Context, name: str, torch_built: str) -> Pairing | None:
    dist = ctx.dist(name)
    if dist is None or not torch_built:
        return None
    built = _companion_from_files(ctx, name) or str(dist["version"])
    if ctx.stated:
        evidence = [f"stated: torch {torch_built}, {name} {built}"]
    else:
        meta = (ctx.dist("torch") or {}).get("version", "?")
        evidence = [f"torch {torch_built} (metadata: {meta})", f"{name} {built}"]
    reason = _release_conflict(name, torch_built, dist, evidence) or _variant_conflict(name, torch_built, built)
    return Pairing(name, built, reason, evidence)


def _release_conflict(name: str, torch_built: str, dist: dict[str, Any], evidence: list[str]) -> str | None:
    for spec in versions.requirement_specs(dist.get("requires") or [], "torch"):
        evidence.append(f"{name} {dist['version']} requires torch {spec} (its installed metadata)")
        if versions.satisfies(torch_built, spec) is False:
            return f"{name} {dist['version']} was released for torch {spec}, but torch {versions.as_pip(torch_built)} is installed."
        return None  # installed metadata wins over the table
    if compat.nightlies_built_together(torch_built, str(dist["version"])):
        evidence.append(f"torch and {name} are nightlies of the same date: built together")
        return None
    wanted = _COMPANION_FOR[name](torch_built)
    if wanted and versions.minor(wanted) != versions.minor(dist["version"]):
        evidence.append(f"compatibility table: torch {versions.release(torch_built)} pairs with {name} {wanted}")
        return f"torch {versions.as_pip(torch_built)} pairs with {name} {wanted}, not {dist['version']}."
    return None


def _variant_conflict(name: str, torch_built: str, built: str) -> str | None:
    torch_variant, companion_variant = versions.variant(torch_built), versions.variant(built)
    if torch_variant and companion_variant and torch_variant != companion_variant:
        return f"torch is the {versions.build_words(torch_built)} but {name} is the {versions.build_words(built)}."
    return None


def _companion_from_files(ctx: Context, name: str) -> str | None:
    """torchvision's own version.py (it carries the build tag that its metadata may lack)."""
    if name != "torchvision":
        return None
    value = (ctx.fact("torch_build").get("torchvision_version_file") or {}).get("__version__")
    return str(value) if value else None


def _failure_elsewhere(ctx: Context) -> Signal | None:
    """The error's strongest signal when it names another cause (and none of ours).

    A stated or installed pair can be mismatched while *this* failure is something else
    (torch's own caffe2.dll failing to load, say): the mismatch is then ranked below it.
    """
    for item in ctx.all_signals:
        if item.cause != "torchvision_torch_mismatch" and item.confidence >= 0.6:
            return item
    return None


def _mismatch_confidence(signals: list[Signal], pairing: Pairing | None, other: Signal | None) -> float:
    if other is not None:
        return round(max(0.3, other.confidence - 0.15), 2)
    if signals and pairing is not None:
        return 0.95  # the failure and the installed versions say the same
    return signals[0].confidence if signals else 0.9


def _mismatch_title(name: str, pairing: Pairing | None, torch_built: str) -> str:
    # Versions as pip shows them, the build in words beside them: pip list says 0.28.0, not 0.28.0+cu130.
    if pairing is not None:
        return f"{name} {versions.as_pip(pairing.built)} does not match torch {versions.as_pip(torch_built)}"
    wanted = _COMPANION_FOR[name](torch_built) if torch_built else None
    if not wanted:
        return f"{name} does not match the installed torch"
    build = versions.build_words(torch_built)
    # "needs 0.18.1" while 0.18.1 is installed reads as nonsense: the build may be what differs.
    return f"{name} does not match the installed torch: it needs {name} {wanted}" + (f", the {build}" if build else "")


def _mismatch_verdict(name: str, pairing: Pairing | None, torch_built: str) -> str:
    """One plain sentence: which build or release each side is."""
    torch_build = versions.build_words(torch_built)
    if pairing is not None:
        built = versions.build_words(pairing.built)
        if built and torch_build and built != torch_build:
            return f"{name} is the {built}; your torch is the {torch_build}. Both must be the same build."
        wanted = _COMPANION_FOR[name](torch_built)
        release = versions.release(pairing.built)
        if wanted and not versions.same_release(wanted, release):
            return f"{name} {release} was made for another torch; your torch {versions.release(torch_built)} needs {name} {wanted}."
        return f"{name} {release} did not load into your torch {versions.as_pip(torch_built)}: they were built differently."
    wanted = _COMPANION_FOR[name](torch_built) if torch_built else None
    if wanted:
        return f"{name} was made for a different torch: your torch {versions.as_pip(torch_built)} needs {name} {wanted} of the same build."
    return f"{name} was made for a different torch than the one installed."


# What each companion's failed import most often says (torchvision's operator check, torchaudio's and torchtext's loader).
_TYPICAL_FAILURE = {
    "torchvision": ', typically with "operator torchvision::nms does not exist"',
    "torchaudio": ", typically with an undefined symbol or an OSError loading libtorchaudio",
    "torchtext": ", typically with an undefined symbol or an OSError loading libtorchtext",
}


def _kernel_without_code(signals: list[Signal]) -> str | None:
    """The companion's own CUDA kernel that had no code for the GPU (explainer/cuda.companion_kernel_without_code)."""
    return next((str(item.get("kernel")) for item in signals if item.get("reason") == "kernel_without_code"), None)


def _mismatch_explanation(name: str, pairing: Pairing | None, other: Signal | None, *, without_code: str | None = None) -> str:
    if without_code and pairing is None:
        reason = (
            f"{name}'s own CUDA kernel {without_code} has no code for this GPU: {name} was built for another CUDA release "
            "or set of GPUs than the torch it runs with."
        )
    elif pairing is None:
        reason = f"{name}'s compiled part did not load into the installed torch."
    else:
        reason = pairing.reason or (
            f"The versions look compatible, but {name}'s compiled operators did not load into this torch: "
            "it was made for another build of torch (CUDA, CPU or ROCm)."
        )
    text = (
        f"{reason} {name}'s compiled operators only load into the torch release and build "
        "(CUDA, CPU or ROCm) they were made for. Installing one of them alone (or from another index) breaks the "
        f"pair, and pip does not always notice; `import {name}` then fails{_TYPICAL_FAILURE.get(name, '')}."
    )
    if other is not None:
        text += (
            f" This mismatch is real, but the error itself points to another cause ({other.cause}): "
            "it is not what failed here. Fix that first, then this."
        )
    return text


def _mismatch_evidence(ctx: Context, signals: list[Signal], pairing: Pairing | None, torch_built: str) -> list[str]:
    evidence = evidence_of(signals)
    if pairing is not None:
        evidence += pairing.evidence
    elif torch_built:
        evidence.append(f"{'stated' if ctx.stated else 'installed'}: torch {torch_built}")
    return list(dict.fromkeys(evidence))[:6]


def companion_pin(name: str, torch_version: str) -> str:
    """'torchvision==0.20.1' for torch 2.5.1; a minor-only table answer as '==0.22.*'; the bare name when unknown."""
    wanted = _COMPANION_FOR[name](torch_version)
    return release_pin(name, wanted) or (f"{name}=={wanted}.*" if wanted else name)


def companion_index(ctx: Context, torch_version: str) -> str | None:
    """Where a companion of the installed torch comes from: the index torch came from.

    A torch from PyPI (its metadata version has no local tag, though its version.py says
    ``2.14.1+cu130``) gets its companion from PyPI too, built for the same CUDA; a tagged one
    (``2.13.0+cpu``) from the PyTorch index of that tag.
    """
    meta = str((ctx.dist("torch") or {}).get("version") or "")
    if not ctx.stated and meta and versions.variant(meta) is None and versions.same_release(meta, torch_version):
        return None
    return torch_index(torch_version)


def torch_index(torch_version: str) -> str | None:
    """The wheel index of torch's build variant: a companion must come from the same one."""
    return index_for_variant(versions.variant(torch_version))


def _companion_fix(ctx: Context, names: list[str], torch_built: str, pairings: dict[str, Pairing]) -> Fix:
    if not torch_built:
        # Nothing says which torch is installed: move both to the newest pair pip can resolve.
        note = "Or keep your torch: state its version (print(torch.__version__)) to get the matching pin."
        return ctx.install(["--upgrade", "torch", *names], restart_kernel=True, note=note)
    if versions.is_nightly(torch_built):
        return _nightly_companion_fix(ctx, names, torch_built)
    requirements = [companion_pin(name, torch_built) for name in names]
    # The same release of another build (CUDA vs +cpu) satisfies a plain pin: pip would answer
    # "Requirement already satisfied". Reinstall it then, and leave torch (a dependency) alone.
    same_release = any(
        name in pairings and versions.same_release(pairings[name].built, _COMPANION_FOR[name](torch_built)) for name in names
    )
    if same_release:
        requirements.append("--no-deps")
    return ctx.install(
        requirements,
        index_url=companion_index(ctx, torch_built),
        reinstall=same_release,
        restart_kernel=True,
        note=f"Keeps torch {versions.as_pip(torch_built)} and installs the {' and '.join(names)} built for it.",
    )
