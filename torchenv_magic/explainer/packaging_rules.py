"""Installation-level causes read from pip's and Python's own messages.

- not installed here: ``No module named 'torch'``;
- two installs / leftovers: pip's ``Ignoring invalid distribution -orch`` (a ``~orch``
  folder left by an interrupted uninstall), ``Can't uninstall 'torch'``, a pasted listing
  with two distributions of torch;
- a kernel still running the old version after ``%pip install``: pip/IPython's
  "you may need to restart the kernel to use updated packages";
- damaged downloads: ``BadZipFile``, hash mismatches, a truncated download (a full disk is runtime.py's).

Each is read as a signal; the rules named after the causes (``rules/install.py``,
``rules/live.py``, ``rules/live_install.py``) weigh them against the facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import versions
from .imports import FROM_SUBMODULE_IMPORT, STDLIB_NAMES, bare_name_missing, owner
from .numpy_abi import torch_warned_numpy_absent
from .signals import Signal, extractor, signal
from .text import DISTRIBUTION_OF, INSTALLED_FOLDER, ErrorText, MissingModule, names_path_part
from .torch_files import second_install

# The names torch-family messages are about (explainer/wheels.py reads pip's messages with it too).
TORCH_FAMILY = r"torch|torchvision|torchaudio|torchtext|detectron2|torch[-_]geometric|torch[-_]scatter|xformers|triton|torchdata"
# Python 3 quotes the name; Python 2 (`No module named torchvision`) does not; users retelling it write "module not
# found : torch" (a Blender add-on run by Blender's bundled Python, torch installed for the system's: live_mocap#15).
_NO_MODULE = re.compile(rf"No module named (?:'({TORCH_FAMILY})'|({TORCH_FAMILY})(?![\w.]))|[Mm]odule not found\W{{1,4}}({TORCH_FAMILY})\b")
# Python 2 names the whole dotted import unquoted when its top-level package is missing ("ImportError: No module named
# torch.utils.cpp_extension" from a setup.py that `sudo` ran with the system's Python 2: Ultra-Fast-Lane-Detection-v2#131).
# A private part ("torch._C") is left out: users retype Python 3's message without its quotes for a damaged torch too.
_PY2_DOTTED = re.compile(rf"^ImportError: No module named ({TORCH_FAMILY})\.(?!_)[\w.]{{1,80}}\s{{0,4}}$", re.M)
_INVALID_DIST = re.compile(r"Ignoring invalid distribution ~?-?(\w{0,3}orch\w{0,10}|\w{1,40})\b")
_TORCH_LEFTOVER = re.compile(r"Ignoring invalid distribution ~?-?(\w{0,3}orch\w{0,10})\b")
_SITE_IN_PARENS = re.compile(r"\(([^()\n]{1,300})\)")
_CANT_UNINSTALL = re.compile(r"Can't uninstall '(torch\w{0,10})'\. No files were found to uninstall")
# A package listing (`conda list`, `pip list`, `pip freeze`) line of a distribution that installs the
# `torch` package: conda's pytorch, pytorch-nightly, pytorch-cpu, pip's torch, torch-nightly.
# collect_env prefixes its lines with the tool that listed them ("[pip3] torch==1.9.0", "[conda] pytorch 1.6.0").
_TORCH_PROVIDER = re.compile(
    r"^\s{0,4}(?:\[(?:pip3?|conda)\]\s{1,8})?((?:py)?torch(?:-nightly|-cpu)?)(?:\s{1,40}|==)(\d[\w.+-]{0,40})", re.M
)
_RESTART_HINT = re.compile(r"you may need to restart the kernel to use updated packages")
# Colab's own warning after pip replaced an imported package (googlecolab/colabtools#5197).
_PREVIOUSLY_IMPORTED = re.compile(r"following packages were previously imported in this runtime:\s{0,8}\[([^\]\n]{1,200})\]")
_SUCCESSFULLY = re.compile(r"Successfully installed [^\n]{0,2000}?\btorch(?:vision|audio)?-(\d[\w.+]{0,40})")
_DAMAGED = re.compile(
    r"BadZipFile|THESE PACKAGES DO NOT MATCH THE HASHES"
    r"|zipfile\.BadZipfile|EOFError: Compressed file ended|RECORD file (?:not found|missing)"
    r"|\.dist-info directory not found|has an invalid wheel"
    # pip's download cut off part-way (patientx/ComfyUI-Zluda#467: "IncompleteRead(1236162304 bytes read, ...)").
    r"|IncompleteRead\(\d{1,12} bytes read"
)
# The package a cut-off download was of: conda's "Downloaded bytes did not match Content-Length" with the
# package's url (or only its Content-Length / downloaded bytes lines: easydiffusion#212, cpf#2), pip's "Wheel
# 'torch' located at .../pip-unpack-.../torch-2.0.1+cu117-...whl is invalid" (oobabooga/text-generation-webui#3624,
# invoke-ai/InvokeAI#2384).
_CONDA_SHORT_DOWNLOAD = re.compile(
    r"Downloaded bytes did not match Content-Length|^\s{0,8}Content-Length: \d{1,14}\s{0,4}\n\s{0,8}downloaded bytes: \d{1,14}", re.M
)
_CONDA_URL = re.compile(r"^\s{0,8}url: \S{0,300}/((?:py|lib)?torch(?:vision|audio)?)-\d", re.M)
_INVALID_WHEEL = re.compile(r"Wheel '([\w.-]{1,80})' located at \S{1,400}\.whl is invalid")
# conda's check of a package against its manifest, in its cache or once extracted: CondaVerificationError
# (CompVis/stable-diffusion#825, fastai#22) or SafetyError "... has an incorrect size" (conda-forge/
# pytorch-cpu-feedstock#238, pytorch/pytorch#115498, pytorch/vision#717). The package is conda's name.
_CONDA_CORRUPTED = re.compile(
    r"(?:CondaVerificationError|SafetyError): The package for ((?:py|lib)?torch(?:vision|audio)?)\b[^\n]{0,300}\n?[^\n]{0,10}"
    r"appears to be corrupted"
)
# A source file that is not text any more (a damaged disk write): Python refuses to compile it
# (hacksider/Deep-Live-Cam#301: typing_extensions, imported by torch/serialization.py). The damaged module is
# the one the failing frame's line imports, or that frame's own file.
_NULL_BYTES = re.compile(r"source code (?:string )?cannot contain null bytes")
_IMPORT_LINE = re.compile(r"^\s{0,40}(?:from|import) ([A-Za-z_]\w{0,80})", re.M)


# An editor's language server checks imports against the interpreter selected for the workspace
# (microsoft/pylance-release#1594: `Import "torch" could not be resolved`, gone once the environment with torch
# was selected): the editor's Python is another than the one torch went into.
_EDITOR_UNRESOLVED = re.compile(rf'Import "({TORCH_FAMILY})(?:\.[\w.]{{1,80}})?" could not be resolved')


@extractor
def module_not_found(err: ErrorText) -> Iterator[Signal]:
    """``module``: the torch-family package Python (or the editor's language server) could not find."""
    match = err.search(_NO_MODULE) or err.search(_EDITOR_UNRESOLVED)
    if match and not _optional_triton(err, match):
        module = match.group(1) or (match.group(2) or match.group(3) if match.re is _NO_MODULE else None)
        # pip's failed install above it is the cause, and the missing module its consequence: read less surely.
        after_failed_install = err.search_last(_NO_DISTRIBUTION_INSTALLED, match.start()) is not None
        detail = {"module": module, "after_failed_install": True} if after_failed_install else {"module": module}
        yield signal("module_not_installed_in_kernel_env", 0.6 if after_failed_install else 0.85, [err.evidence(match)], **detail)
        return
    dotted = err.search(_PY2_DOTTED)
    if dotted:
        yield signal("module_not_installed_in_kernel_env", 0.7, [err.evidence(dotted)], module=dotted.group(1))


# pip finding nothing to install, earlier in the same log: what it was installing never arrived (pytorch/pytorch#160898:
# torch's intel-openmp requirement with no Windows ARM64 distribution, then "No module named 'torch'" in the next step).
_NO_DISTRIBUTION_INSTALLED = re.compile(r"No matching distribution found for \S")


# xFormers' notice that it runs without Triton, quoting the ImportError it caught (bmaltais/kohya_ss#2018, on
# Windows where no Triton is published): an optional speed-up, not a failure.
_NO_MATCHING_TRITON = re.compile(r"A matching Triton is not available, some optimizations will not be enabled")


def _optional_triton(err: ErrorText, match: re.Match[str]) -> bool:
    return "triton" in match.group(0) and bool(err.search(_NO_MATCHING_TRITON))


# A pip.exe (or any console script) whose recorded interpreter does not exist here: it was made for a Python at
# another path, as in a portable bundle built elsewhere (Comfy-Org/ComfyUI#6998: `Fatal error in launcher:
# Unable to create process using '"D:\a\ComfyUI\python_embeded\python.exe" ...pip3.exe'`). Running pip through
# the intended interpreter (`python -m pip`) installs where that Python looks.
_STALE_LAUNCHER = re.compile(r"Fatal error in launcher: Unable to create process using '\"?([^\"'\n]{1,300}?python\w{0,4}\.exe)", re.I)


# The same on Linux and macOS: the pip3 script's first line runs another Python, whose pkg_resources finds no pip3 entry
# point of its own (pyenv/pyenv#739: /usr/local/bin/pip3 run by Python 2.7 under Homebrew's Python 3; fixed by
# reinstalling pip with that python3 itself, which rewrites the script).
_SCRIPT_FOR_ANOTHER_PYTHON = re.compile(r"Entry point \('console_scripts', '(pip[\d.]{0,4})'\) not found")


@extractor
def launcher_for_another_python(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_STALE_LAUNCHER) or err.search(_SCRIPT_FOR_ANOTHER_PYTHON)
    if match:
        script = match.group(1) if match.re is _SCRIPT_FOR_ANOTHER_PYTHON else None
        runs = f"the {script} script runs another Python" if script else f"the launcher runs {match.group(1)}"
        evidence = [err.evidence(match), runs]
        yield signal("module_not_installed_in_kernel_env", 0.8, evidence, module="torch", reason="launcher", script=script)


# A Python executable that is not there: what Jupyter says when a kernelspec's argv names an interpreter since
# removed or moved (jupyter/notebook#5956: an old kernel.json pointing at a Homebrew python3.7 that had been upgraded
# away; fixed by pointing it at an existing Python), or a script's shebang or a venv's pyvenv.cfg does.
_INTERPRETER_GONE = re.compile(r"No such file or directory: '([^'\n]{0,300}(?:[/\\]bin[/\\]python[\d.]{0,5}|[/\\]python[\d.]{0,5}\.exe))'")


# The notebook server's own log of the same when it starts a kernel: "Failed to run command:" and the kernelspec's argv,
# a Python and ipykernel (jupyter/jupyter_client#269: a kernelspec left pointing at a deleted virtualenv's python3;
# fixed by removing that kernel's folder). The server logs it when the executable cannot be started.
_KERNEL_NOT_STARTED = re.compile(
    r"Failed to run command:\s{0,8}\[\s{0,4}'([^'\n]{1,300}?python[\d.]{0,5}(?:\.exe)?)', '-m', 'ipykernel(?:_launcher)?'"
)


# A notebook's shell escape naming an environment's pip that is not there (aws/amazon-sagemaker-examples#1775: a
# notebook written for a notebook instance's pytorch_p36 env, run under SageMaker Studio's kernel; fixed by installing
# with the running kernel's own interpreter). The shell says "not found" (dash) or "No such file or directory" (bash).
_NAMED_PIP_GONE = re.compile(r"^(?:/bin/sh: \d{1,4}: |bash: )(\S{1,300}/bin/pip[\d.]{0,4}): (?:not found|No such file or directory)$", re.M)
_NAMED_PIP_TYPED = re.compile(r"^!\s{0,4}(\S{1,300}/bin/pip[\d.]{0,4}) install ([^\n]{1,400}?)\s{0,4}$", re.M)


@extractor
def notebook_names_a_pip_that_is_gone(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NAMED_PIP_GONE)
    if not match:
        return
    named = match.group(1).replace("~", "")
    typed = [m.group(2) for m in _NAMED_PIP_TYPED.finditer(err.text) if named.endswith(m.group(1).lstrip("~"))]
    evidence = [err.evidence(match), f"{match.group(1)} does not exist here: that environment is not this kernel's"]
    detail = {"reason": "named_pip_gone", "pip": match.group(1), "typed": typed}
    yield signal("module_not_installed_in_kernel_env", 0.75, evidence, module="torch", **detail)


# Spyder's own words when the interpreter its Preferences name lacks spyder-kernels (spyder-ide/spyder#14976: a Python
# 3.6 conda env chosen as Spyder's interpreter; fixed by installing spyder-kernels into it). Spyder writes the package
# name with a non-breaking hyphen (U+2011).
_SPYDER_KERNELS = re.compile(r"doesn't have the spyder[‑-]kernels module or the right version of it installed(?: \(([^)\n]{1,40})\))?")


@extractor
def spyder_interpreter_without_kernels(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_SPYDER_KERNELS)
    if match:
        said = "Spyder runs its consoles with the Python its Preferences name, which lacks spyder-kernels"
        detail = {"module": "spyder_kernels", "reason": "spyder", "wanted": match.group(1)}
        yield signal("module_not_installed_in_kernel_env", 0.85, [err.evidence(match), said], **detail)


# Dask's distributed logging a worker's failed import: "distributed.utils - ERROR - No module named dask_searchcv.methods"
# (also from distributed.worker and distributed.protocol). The task's code was pickled on the client and unpickled on a
# worker, whose Python lacks the module the client has (dask/distributed#1200: dask-searchcv installed locally, not on
# the dask-ec2 workers; installing it on each worker fixed it).
_DASK_WORKER_MISSING = re.compile(r"^distributed\.\w{1,40}(?:\.\w{1,40})? - ERROR - No module named '?([A-Za-z_][\w.]{0,120})'?", re.M)


@extractor
def dask_worker_lacks_module(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_DASK_WORKER_MISSING)
    if match:
        module = match.group(1).split(".")[0]
        said = f"a Dask worker could not import {module}: the workers' Python lacks what the client's has"
        yield signal("module_not_installed_in_kernel_env", 0.8, [err.evidence(match), said], module=module, reason="dask_worker")


@extractor
def interpreter_not_there(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_INTERPRETER_GONE) or err.search(_KERNEL_NOT_STARTED)
    if match:
        evidence = [err.evidence(match), f"{match.group(1)} does not exist: what runs this points at a Python that is gone"]
        yield signal("module_not_installed_in_kernel_env", 0.7, evidence, module="torch", reason="interpreter_gone", python=match.group(1))


# torchrun's console script runs the Python it was installed with, whatever environment is active. One in the
# user site (`pip install --user torch` left ~/.local/bin/torchrun: KempnerInstitute/kempnerforge#68) is a second
# torch install ahead of the project's; any other torchrun on PATH runs a Python the project's packages are not
# installed for (pytorch/pytorch#92132: "python3 -m torch.distributed.launch" works where torchrun does not).
_USER_SITE_LAUNCHER = re.compile(r"/\.local/bin/torchrun\b")
_LAUNCHER = re.compile(r"\btorchrun\b")


def first_quoted_missing(err: ErrorText) -> MissingModule | None:
    """The first module Python 3 says it could not find, quoted as it prints it: dotted or top-level."""
    return next(iter(err.quoted_missing(80)), None)


_TOP_LEVEL_NAME = re.compile(r"[A-Za-z_]\w{0,80}")


def top_level_missing(err: ErrorText, end: int | None = None) -> list[MissingModule]:
    """The messages (before offset ``end``) that name a top-level module, quoted or not: not a part of a package."""
    return [
        m
        for m in err.missing_modules
        if m.as_python_prints_it and _TOP_LEVEL_NAME.fullmatch(m.name) and (end is None or m.match.start() < end)
    ]


@extractor
def launcher_outside_env(err: ErrorText) -> Iterator[Signal]:
    """A project module missing under torchrun: the launcher runs another Python than the environment's."""
    missing = first_quoted_missing(err)
    launcher = err.search(_USER_SITE_LAUNCHER) or err.search(_LAUNCHER)
    if not (missing and launcher) or re.fullmatch(TORCH_FAMILY, missing.name.split(".")[0]):
        return
    evidence = [err.evidence(launcher), err.evidence(missing.match)]
    if launcher.re is _USER_SITE_LAUNCHER:
        yield second_install(0.6, evidence)
    else:
        yield signal("module_not_installed_in_kernel_env", 0.5, evidence, module=missing.name.split(".")[0])


@extractor
def leftover_distribution(err: ErrorText) -> Iterator[Signal]:
    """``fragment``: the name pip shows for a '~'-stashed folder ('orch' for '~orch'); ``site``: its folder."""
    # A torch-like leftover first: pip lists every '~' folder, and most are not torch's.
    match = err.search(_TORCH_LEFTOVER) or err.search(_INVALID_DIST)
    if match:
        rest = err.text[match.end() : match.end() + 400].split("\n", 1)[0]
        site = _SITE_IN_PARENS.search(rest)
        detail = {"fragment": match.group(1), "site": site.group(1) if site else None}
        yield signal("duplicate_installations", 0.7, [err.evidence(match)], **detail)
        return
    stuck = err.search(_CANT_UNINSTALL)
    if stuck:
        yield signal("duplicate_installations", 0.7, [err.evidence(stuck)], package=stuck.group(1), fragment=None, site=None)


@extractor
def two_torch_providers(err: ErrorText) -> Iterator[Signal]:
    """A listing that shows two distributions of the ``torch`` package, or one at two versions
    (conda's pytorch beside pytorch-nightly: pytorch/pytorch#12031, #13893)."""
    found = {(m.group(1), m.group(2)): m for m in _TORCH_PROVIDER.finditer(err.text)}
    nightly = {name.endswith("-nightly") for name, _ in found}
    # One install shown by two tools (pip's `torch 2.1.0`, conda's `pytorch 2.1.0`) is not two installs, nor is
    # one release shown with and without its local build tag.
    if len({versions.release_tuple(version) for _, version in found}) < 2 and len(nightly) < 2:
        return
    evidence = [err.evidence(match) for match in found.values()]
    listed = ", ".join(f"{name} {version}" for name, version in found)
    shown = sorted({version for _, version in found})
    detail = {"reason": "listing", "package": "torch", "listed": listed, "versions": shown, "fragment": None, "site": None}
    # An undefined symbol beside them follows from them: a library built against one torch, loaded with the other
    # (facebookresearch/maskrcnn-benchmark#75: torch 0.4.1.post2 and torch-nightly both pip-installed, the extension's
    # _C.so missing at::cuda::getCurrentCUDAStream; the maintainer's answer was the two installs).
    yield signal("duplicate_installations", 0.9 if "undefined symbol" in err.text else 0.8, evidence, **detail)


# OpenMMLab's version check names the version it imported: "MMCV==1.2.0 is used but incompatible. Please install
# mmcv>=1.3.17, <=1.5.0." (mmdet/__init__.py, also mmseg's and mmocr's). With another version stated installed, the
# import met a second copy: open-mmlab/mmdetection#7046, mmcv 1.3.17 installed and 1.2.0 imported, fixed by uninstalling
# mmcv and mmcv-full and installing once.
_VERSION_IMPORTED = re.compile(r"\b([A-Za-z][\w-]{0,40})==(\d[\w.+]{0,30}) is used but incompatible")


# The range it asks for, after "Please install": mmcv>=2.0.0rc4, <2.2.0 (open-mmlab/mmdetection#12312: mmcv 2.2.0, the one
# installed, refused by mmdet 3.3's check; installing mmcv 2.1.0, inside the range, fixed it).
_VERSION_RANGE_ASKED = re.compile(
    r"\. Please install ([A-Za-z][\w-]{0,40})(>=\s?[\w.+]{1,30}(?:,\s{0,2}<=?\s?\d[\w+]{0,10}(?:\.\d\w{0,10}){0,3})?)"
)


@extractor
def version_check_meets_other_copy(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_VERSION_IMPORTED)
    package = match.group(1).lower() if match else ""
    stated = err.package(package) if match else None
    if match and stated and versions.release_tuple(stated) != versions.release_tuple(match.group(2)):
        said = f"{package} {stated} is stated installed, and the import found {package} {match.group(2)}"
        detail = {"reason": "other_copy", "package": package, "loaded": match.group(2), "stated": stated, "fragment": None, "site": None}
        yield signal("duplicate_installations", 0.8, [err.evidence(match), said], **detail)
        return
    asked = _VERSION_RANGE_ASKED.match(err.text, match.end()) if match else None
    if match and asked:
        # The copy imported is the one installed (or no other is stated): that release is outside the range asked for.
        requirement = asked.group(1).lower() + re.sub(r"\s", "", asked.group(2))
        said = f"the importing package's own check refuses {package} {match.group(2)} and asks for {requirement}"
        yield signal("other", 0.7, [err.evidence(match), said], kind="installed_packages_disagree", requirement=requirement)


# setuptools' easy_install (`python setup.py install/develop` of a package that requires torch) fetching torch itself
# and adding the egg it made to easy-install.pth, beside the torch pip had installed (facebookresearch/xformers#1220:
# "Adding torch 2.6.0 to easy-install.pth file").
_EASY_INSTALL_TORCH = re.compile(r"^Adding torch ([\w.+]{1,40}) to easy-install\.pth file", re.M)


@extractor
def torch_added_by_easy_install(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_EASY_INSTALL_TORCH)
    if match:
        said = "setup.py's easy_install installed its own torch beside the one pip installed"
        yield second_install(0.8, [err.evidence(match), said])


# A library's own check of the same (unslothai/notebooks#339: "numpy was upgraded mid-session (loaded: 2.0.2,
# installed: 2.5.2) but the kernel still has the old version in memory").
# The phrase is searched first, the package name read from the text before it (ErrorText.before): a leading
# variable run tried at every offset of a long line would be slow.
_UPGRADED_MID_SESSION = re.compile(r" was upgraded mid-session \(loaded: ([\w.+]{1,40}),\s{1,8}installed: ([\w.+]{1,40})\)")
_NAME_AT_END = re.compile(r"([\w.-]{1,60})$")


@extractor
def previously_imported(err: ErrorText) -> Iterator[Signal]:
    """Colab's warning (or a library's own check): ``modules`` lists what was imported before pip replaced it."""
    match = err.search(_PREVIOUSLY_IMPORTED)
    if match:
        names = match.group(1).strip()
        yield signal("stale_module_after_upgrade", 0.9, [err.evidence(match), f"already imported: {names}"], modules=names)
    upgraded = err.search(_UPGRADED_MID_SESSION)
    name = _NAME_AT_END.search(err.before(upgraded, 60)) if upgraded else None
    if upgraded and name:
        said = f"{name.group(1)} {upgraded.group(1)} is in memory, {upgraded.group(2)} on disk"
        yield signal("stale_module_after_upgrade", 0.9, [err.evidence(upgraded), said], modules=name.group(1))


# NumPy's Python files of one release over the compiled linalg module of another: NumPy was replaced while the
# session had it imported (pysyncon#35 and Multimodal-Toolkit#71 on Colab, both gone after a runtime restart).
_NUMPY_ILP64 = re.compile(r"module 'numpy\.linalg\._umath_linalg' has no attribute '_ilp64'")
# pip's line for each distribution it removed ("Successfully uninstalled torch-2.0.1+cu118"): name, version.
_UNINSTALLED = re.compile(r"Successfully uninstalled ([\w.-]{1,80})-(\d[\w.+]{0,40})")
# A cell that upgrades a package and then prints the version it removed (googlecolab/colabtools#260: "Successfully
# uninstalled scipy-0.19.1 ... Successfully installed scipy-1.1.0" and then "0.19.1"): the old copy is still loaded.
_SUCCESSFULLY_ANY = re.compile(r"Successfully installed [^\n]{1,2000}")


# setuptools' distutils shim checking that distutils comes from setuptools (_distutils_hack's ensure_local_distutils:
# "assert '_distutils' in core.__file__, core.__file__"): the standard library's distutils was imported first, as when
# setuptools was replaced by an install in a running session, whose start-up .pth hook did not run (StatQuest/signa#10
# on Colab: "AssertionError: /usr/lib/python3.11/distutils/core.py", gone after restarting the session).
_DISTUTILS_SHIM = re.compile(r"^AssertionError: [^\n]{0,300}[/\\]distutils[/\\]core\.py[ \t]*$", re.M)


@extractor
def old_release_still_loaded(err: ErrorText) -> Iterator[Signal]:
    ilp64 = err.search(_NUMPY_ILP64)
    if ilp64:
        yield signal("stale_module_after_upgrade", 0.85, [err.evidence(ilp64)], modules="numpy")
        return
    shim = err.search(_DISTUTILS_SHIM)
    if shim:
        yield signal("stale_module_after_upgrade", 0.75, [err.evidence(shim)], modules="setuptools")
        return
    removed = err.search(_UNINSTALLED)
    installed = err.search(_SUCCESSFULLY_ANY) if removed else None
    if not (removed and installed):
        return
    printed = re.search(rf"^\s{{0,4}}{re.escape(removed.group(2))}\s{{0,4}}$", err.text[installed.end() :], re.M)
    if printed:
        said = f"{removed.group(1)} {removed.group(2)} was uninstalled, and that version is what the session prints afterwards"
        yield signal("stale_module_after_upgrade", 0.85, [err.evidence(removed), said], modules=removed.group(1))


@extractor
def error_after_install(err: ErrorText) -> Iterator[Signal]:
    hint = err.search(_RESTART_HINT)
    installed = err.search(_SUCCESSFULLY)
    anchor = hint or installed
    # Only an error printed *after* the install counts: the install alone is no failure.
    if anchor is None or "Error" not in err.text[anchor.end() :]:
        return
    evidence = [err.evidence(m) for m in (installed, hint) if m]
    yield signal("stale_module_after_upgrade", 0.7 if hint else 0.5, evidence, installed=installed.group(1) if installed else None)


# A pip install run from inside the notebook (`!pip install`, `%pip install`), in the pasted cell.
_NOTEBOOK_PIP = re.compile(r"^\s{0,8}[!%]\s{0,2}(?:python3? -m )?pip3? install\b", re.M)
# pkg_resources checks requirements against the working set it built when first imported: after a
# pip install in the running kernel it still sees the version that was loaded (Lightning-AI/pytorch-lightning
# #12626, #17136; googlecolab/colabtools#3514: "restart the runtime after the install").
_CONTEXT_CONFLICT = re.compile(r"(?:Contextual)?VersionConflict: \(([\w.-]{1,80}) ([\w.+!-]{1,40}) \(")
# pip's own report of what it replaced: "Found existing installation: pandas 0.22.0".
_REPLACED = re.compile(r"Found existing installation: ([\w.-]{1,80}) ([\w.+!-]{1,40})")


# pip's own word on the version on disk: "Requirement already satisfied: pbr<4,>=0.6 in /x (from lda) (3.1.1)".
_SATISFIED = re.compile(r"Requirement already satisfied: ([\w.-]{1,80})[^\n]{0,300}\(([\w.+!-]{1,40})\)\s{0,4}$", re.M)


@extractor
def conflict_after_notebook_install(err: ErrorText) -> Iterator[Signal]:
    """A version conflict naming the old version, after a pip install in the same notebook, or naming
    another version than the one pip says is on disk (googlecolab/colabtools#336)."""
    conflict = err.search(_CONTEXT_CONFLICT)
    if not conflict:
        return
    install = err.search(_NOTEBOOK_PIP)
    on_disk = {m.group(1).lower(): m for m in _SATISFIED.finditer(err.text)}.get(conflict.group(1).lower())
    disagrees = on_disk is not None and on_disk.group(2) != conflict.group(2)
    if (install and install.start() < conflict.start()) or disagrees:
        evidence = [err.evidence(m) for m in (install, on_disk) if m] + [err.evidence(conflict)]
        yield signal("stale_module_after_upgrade", 0.8, evidence, installed=None, modules=conflict.group(1))


# A pinned install from the notebook: "!pip install pandas==0.23.4".
_PINNED_NOTEBOOK_PIP = re.compile(r"^\s{0,8}[!%]\s{0,2}pip3? install [^\n]{0,200}?\b([\w.-]{1,80})==([\w.+!-]{1,40})", re.M)
# A version the notebook printed on a line of its own ('0.22.0').
_SHOWN_VERSION = re.compile(r"^\s{0,8}'(\d{1,4}(?:\.[\w+!-]{1,20}){1,4})'\s{0,4}$", re.M)


@extractor
def old_version_still_loaded(err: ErrorText) -> Iterator[Signal]:
    """pip replaced a package, yet the notebook then prints the version it replaced (googlecolab/colabtools#327),
    or another version than the one the install cell pinned (googlecolab/colabtools#298)."""
    replaced, pinned = err.search(_REPLACED), err.search(_PINNED_NOTEBOOK_PIP)
    anchor = replaced or pinned
    shown = _SHOWN_VERSION.search(err.text, anchor.end()) if anchor else None
    if not (anchor and shown):
        return
    stale = shown.group(1) == replaced.group(2) if replaced else shown.group(1) != anchor.group(2)
    if stale:
        evidence = [err.evidence(anchor), f"then shows {anchor.group(1)} {shown.group(1)} still loaded"]
        yield signal("stale_module_after_upgrade", 0.8, evidence, installed=None, modules=anchor.group(1))


# The interpreter that printed the error names itself: `/usr/bin/python: No module named torch.distributed`
# (`python -m` under sudo runs the system Python, not the active environment's: tsinghua-ideal UltraLiDAR#1),
# `C:\Python\Python3113\python.exe: Error while finding module specification for 'accelerate.commands.launch'
# (ModuleNotFoundError: No module named 'accelerate')` (a tool that starts another Python: Lora-Training-in-Comfy#24).
# A launcher's log may put its own words before the interpreter's, which then must be a path to count: VS Code's "KernelProcess
# error: /System/Library/Frameworks/Python.framework/Versions/2.7/Resources/Python.app/Contents/MacOS/Python: No module named
# ipykernel_launcher" (microsoft/vscode-jupyter#9104: the macOS system Python 2.7 picked as the kernel).
_INTERPRETER_SAYS = re.compile(
    r"(?:^|(?<=[\s'])(?=[^\s/\\]{0,300}[/\\]))(\S{0,300}python[\d.]{0,5}(?:\.exe)?): "
    r"(?:Error while finding module specification for '[\w.]{1,120}' \(ModuleNotFoundError: )?No module named '?([A-Za-z_][\w.]{0,80})",
    re.M | re.I,
)
# Import names that are not the name pip installs them by: no install command can be read from the name alone.
_IMPORT_NAME_DIFFERS = frozenset(DISTRIBUTION_OF) | {"attr", "Crypto", "google"}


# torchrun's (torch.distributed.elastic's) report names the Python its workers ran: "failed (exitcode: 1) local_rank: 0
# (pid: 2963998) of binary: /usr/local/anaconda3/bin/python" (hiyouga/LlamaFactory#5008: the base Anaconda Python, not
# the environment the project was installed into, so the workers could not import it).
_ELASTIC_BINARY = re.compile(r"local_rank: \d{1,5} \(pid: \d{1,10}\) of binary: (\S{1,300})")


@extractor
def interpreter_without_module(err: ErrorText) -> Iterator[Signal]:
    """A named interpreter lacks the module: it is another Python than the one the packages went into."""
    match = err.search(_INTERPRETER_SAYS)
    top = match.group(2).split(".")[0] if match else ""
    if match and top not in _IMPORT_NAME_DIFFERS:
        evidence = [err.evidence(match), f"the Python that ran it: {match.group(1)}"]
        yield signal("module_not_installed_in_kernel_env", 0.8, evidence, module=top)


# VS Code's notebook names the interpreter selected to run its cells, which lacks ipykernel: "Running cells with
# 'Python 3.11.9' requires the ipykernel package." (microsoft/vscode-jupyter#15544: the Microsoft Store Python was
# selected instead of the conda environment meant to run the notebook).
_VSCODE_NEEDS_IPYKERNEL = re.compile(r"Running cells with '([^'\n]{1,120})' requires the ipykernel package")


@extractor
def editor_kernel_without_ipykernel(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_VSCODE_NEEDS_IPYKERNEL)
    if match:
        evidence = [err.evidence(match), f"the interpreter selected to run the notebook: {match.group(1)}"]
        yield signal("module_not_installed_in_kernel_env", 0.8, evidence, module="ipykernel")
        return
    binary = err.search(_ELASTIC_BINARY)
    # The worker's own error, not torch's warning about an optional NumPy printed by every worker before it.
    named = top_level_missing(err, binary.start()) if binary else []
    missing = next(reversed([m for m in named if not torch_warned_numpy_absent(err, m.match)]), None)
    if missing and binary and missing.name not in _IMPORT_NAME_DIFFERS:
        evidence = [err.evidence(missing.match), f"torchrun's workers ran {binary.group(1)}, which lacks it"]
        detail = {"module": missing.name, "reason": "torchrun", "python": binary.group(1)}
        yield signal("module_not_installed_in_kernel_env", 0.7, evidence, **detail)


# ComfyUI's Windows portable build runs its own Python (python_embeded\python.exe beside the ComfyUI folder); `pip install`
# in a terminal goes into another Python, so a custom node's import still fails (kijai/ComfyUI-SUPIR#27: "forgot that I'm
# using portable"; Fannovel16/comfy_controlnet_preprocessors#3: opencv installed in the system Python, not the embedded one).
_PORTABLE_ROOT = re.compile(r"([A-Za-z]:\\[^\n\"']{0,200}?\\ComfyUI_windows_portable[^\\\n\"']{0,40})\\ComfyUI\\", re.I)


@extractor
def portable_python_without_module(err: ErrorText) -> Iterator[Signal]:
    missing = next(reversed(top_level_missing(err)), None)
    root = err.search(_PORTABLE_ROOT) if missing else None
    if missing and root and missing.name not in ("torch", "comfy", "folder_paths", "nodes"):
        python = root.group(1) + "\\python_embeded\\python.exe"
        said = f"ComfyUI portable runs its own Python ({python}); a plain `pip install` goes into another one"
        detail = {"module": missing.name, "reason": "portable", "python": python}
        yield signal("module_not_installed_in_kernel_env", 0.75, [err.evidence(missing.match), said], **detail)


# Two interpreters printed as sys.executable (one from the terminal, one from the notebook): the kernel runs
# another Python than the one the package went into (jupyter/notebook#5054: base Anaconda's python.exe for
# Jupyter, envs\py36\python.exe in the terminal; fixed in the kernel's kernel.json).
_EXECUTABLE = re.compile(r"sys\.executable[^\n]{0,60}\n?\s{0,8}'?(\S{1,300}?python[\d.]{0,5}(?:\.exe)?)'?\s{0,4}$", re.M | re.I)


# pip says the missing module is installed, in a folder the failing Python does not search: pip belongs to another
# Python (inside a venv, the system pip "Defaulting to user installation" and finding it in ~/.local:
# realpython/materials#381).
_ALREADY_SATISFIED = re.compile(r"Requirement already satisfied: ([\w.-]{1,80}) in (\S{1,400})")


@extractor
def pip_has_what_python_lacks(err: ErrorText) -> Iterator[Signal]:
    missing = first_quoted_missing(err)
    if not missing:
        return
    module = missing.name.split(".")[0]
    for found in _ALREADY_SATISFIED.finditer(err.text):
        if _same_name(found.group(1), module):
            evidence = [err.evidence(missing.match), err.evidence(found)]
            yield signal("module_not_installed_in_kernel_env", 0.8, evidence, module=module)
            return


def _same_name(distribution: str, module: str) -> bool:
    """A distribution and an import name read alike: case, '-', '_' and '.' aside (ansible-cmdb installs ansiblecmdb)."""
    return re.sub(r"[-_.]", "", distribution).lower() == re.sub(r"[-_.]", "", module).lower()


@extractor
def two_interpreters_shown(err: ErrorText) -> Iterator[Signal]:
    missing = first_quoted_missing(err)
    shown = {m.group(1).replace("\\\\", "\\"): m for m in _EXECUTABLE.finditer(err.text)}
    if missing and len(shown) >= 2:
        evidence = [err.evidence(missing.match), *(err.evidence(m) for m in list(shown.values())[:2])]
        yield signal("module_not_installed_in_kernel_env", 0.8, evidence, module=missing.name.split(".")[0])


# pip inside a virtualenv asked for a --user install refuses it ("ERROR: Can not perform a '--user' install. User
# site-packages are not visible in the virtualenv."), so nothing was installed and the import fails after it
# (GoogleCloudPlatform/dataproc-templates PR 782: a notebook's `pip3 install ... --user` in a virtualenv kernel;
# `python3 -m pip install ...` without --user ran through).
_USER_INSTALL_IN_VENV = re.compile(r"Can not perform a '--user' install\. User site-packages are not visible in (?:the|this) virtualenv")


@extractor
def user_install_refused_in_venv(err: ErrorText) -> Iterator[Signal]:
    refused = err.search(_USER_INSTALL_IN_VENV)
    missing = first_quoted_missing(err) if refused else None
    if refused and missing:
        said = "pip refused the --user install inside the virtualenv, so nothing was installed into it"
        evidence = [err.evidence(missing.match), err.evidence(refused), said]
        module = missing.name.split(".")[0]
        yield signal("module_not_installed_in_kernel_env", 0.8, evidence, module=module, reason="user_in_venv")


# A console script pip installed with --user (~/.local/bin/<name>), failing to import its own package: the package
# went into that user's site-packages (~/.local/lib/pythonX.Y), which another user (root, a cron job, sudo) or another
# Python version does not read (caronc/apprise#188: apprise run by root and cron; the maintainer's fix, a global
# install). The paste may lose the closing quote.
_USER_SITE_SCRIPT = re.compile(r'File "((?:/home/[^/"\n]{1,80}|/Users/[^/"\n]{1,80}|~)/\.local/bin/([\w.-]{1,80}))", line \d{1,6}')


@extractor
def user_site_script_without_its_package(err: ErrorText) -> Iterator[Signal]:
    script = err.search(_USER_SITE_SCRIPT)
    # The first message naming a module, and the top-level package its (maybe dotted) name starts with.
    named = ((m, _TOP_LEVEL_NAME.match(m.name)) for m in err.missing_modules if m.as_python_prints_it) if script else iter(())
    missing, package = next(((m, top) for m, top in named if top), (None, None))
    if script and missing and package and missing.match.start() > script.start():
        said = f"{script.group(1)} is a script pip installed with --user: its package is in that user's own site-packages"
        evidence = [err.evidence(missing.match), said]
        detail = {"module": package.group(), "reason": "user_site_script", "script": script.group(2)}
        yield signal("module_not_installed_in_kernel_env", 0.7, evidence, **detail)


# A package's own installed file whose import of that same package finds nothing: the file is in a site-packages folder
# the Python running it does not search, so it was started (as a script, a worker, a subprocess) by another Python
# (pytorch/serve PR 2946: TorchServe's model_service_worker.py, in /home/venv's site-packages, run by the Python of a
# per-model venv that did not inherit them; the merged fix made that venv inherit the launcher's site-packages).
@extractor
def package_file_run_by_another_python(err: ErrorText) -> Iterator[Signal]:
    for missing in err.missing_modules:
        name = package_named_missing(err, missing)
        frames = err.frames_before(missing.match.start()) if name else []
        folder = INSTALLED_FOLDER.search(frames[-1]) if frames else None
        site = _SITE_ROOT.match(frames[-1]) if folder else None
        if folder and site and folder.group(1) == name:
            said = f"{frames[-1]} is {name}'s own installed file: the Python running it does not search its site-packages"
            detail = {"module": name, "reason": "own_file_other_python", "root": site.group(1), "file": frames[-1]}
            yield signal("module_not_installed_in_kernel_env", 0.7, [err.evidence(missing.match), said], **detail)
            return



# Any other top-level package Python could not find, with nothing else said: it is not installed for the
# Python that ran this (the same cause as torch's, whichever Python it went into), read weakly: a project's own
# module ("models", "utils") fails the same way when Python starts in another folder, so a name that is a folder
# or file in the text's paths is left out, as are the standard library's (a Python built without them). Python 2
# names the whole dotted import unquoted (`No module named pytrends.request`) when its top-level package is missing.
# A full stop after the quote ends a sentence (pygcn#3's "No module named 'gcn'."), not a dotted name; so does a quote
# closing the user's own quotation of the message (MrNothing/AI-Blocks#7: `ImportError: No module named tensorflow."`).
# The message's words typed in lower case, alone on a line or after ImportError ("no module named cv2": mlep#22), count too,
# quoted as well when alone on their line ("no module named 'timm'": facebookresearch/TimeSformer#77).
_PACKAGE_NAME = re.compile(r"[A-Za-z]\w{0,80}")
_PYTHON2_LINE_END = re.compile(r"[\"”']?\s*$", re.M)  # after the dotted name: the user's closing quotation mark at most
_LINE_END = re.compile(r"\s*$", re.M)
_NAME_GOES_ON = re.compile(r"\.\w")


def package_named_missing(err: ErrorText, missing: MissingModule) -> str | None:
    """The top-level package ``missing`` says is not installed, in the forms read as one (above); None otherwise."""
    head = _PACKAGE_NAME.match(missing.name)
    if not head:
        return None
    if missing.quoted:  # Python 3's: a top-level name, not a part ('a.b'), nor a sentence going on ('gcn'.bar)
        top = head.group() == missing.name and not _NAME_GOES_ON.match(err.text, missing.match.end())
        # Retyped in lower case, the quoted name counts only as the whole line: the reporter's own words for the error.
        alone = re.fullmatch(r"\s{0,8}", err.before(missing.match)) and _LINE_END.match(err.text, missing.match.end())
        return missing.name if top and (missing.as_python_prints_it or alone) else None
    if missing.opens_quote:
        return None
    before, after = err.before(missing.match), missing.match.end(3)
    if before == "ImportError: " and len(missing.name) - head.end() <= 80 and _PYTHON2_LINE_END.match(err.text, after):
        return head.group()  # Python 2's: the whole dotted import printed, its top-level package first
    if re.fullmatch(r"\s{0,8}", before) and head.group() == missing.name and _LINE_END.match(err.text, after):
        return missing.name  # the words alone on their line
    return None


def shown_missing(err: ErrorText, module: str) -> bool:
    """Whether the text shows top-level module ``module`` missing (its "No module named" line, in any of its forms)."""
    found = (package_named_missing(err, missing) for missing in err.missing_modules)
    return any(name and name.lower() == module.lower() for name in found)


@extractor
def package_missing(err: ErrorText) -> Iterator[Signal]:
    # Not torch's import-time warning that NumPy, which it runs without, is absent: not the failure the text is about.
    named = ((m, package_named_missing(err, m)) for m in err.missing_modules if not torch_warned_numpy_absent(err, m.match))
    missing, name = next(((m, name) for m, name in named if name), (None, None))
    if not (missing and name):
        return
    match = missing.match
    if re.fullmatch(TORCH_FAMILY, name) or name in STDLIB_NAMES or names_path_part(name, err.text):
        return  # names_path_part: the project's own module, or a package whose files the text shows, not a missing install
    sudo = err.search_last(_RUN_WITH_SUDO, match.start())
    if sudo:  # its fix names the environment's Python, not the distribution: any import name is read
        said = f"run with sudo ({sudo.group(0).strip()}): sudo resets PATH, so the system's Python runs, not the active environment's"
        evidence = [err.evidence(match), said]
        yield signal("module_not_installed_in_kernel_env", 0.75, evidence, module=name, reason="sudo", command=sudo.group(1))
        return
    # An import name whose PyPI name is known (yaml is pyyaml's) is read too: the finding installs the distribution.
    if name in _IMPORT_NAME_DIFFERS - set(DISTRIBUTION_OF):
        return
    yield signal("module_not_installed_in_kernel_env", 0.5, [err.evidence(match)], module=name, reason="name only")


# A program started with sudo from a shell prompt (not `sudo pip`/`sudo apt`, which install): sudo's secure_path
# replaces PATH, so `python` or a script's `#!/usr/bin/env python3` finds the system's Python, not the activated
# environment's (ThomDietrich/bt-mqtt-gateway#274: `source .venv/bin/activate` then `sudo ./gateway.py`).
# sudo -E keeps the environment but not PATH where secure_path is set (Debian, Ubuntu, Fedora's defaults).
# A pasted command often comes without its prompt: "sudo ./krack-ft-test.py wpa_supplicant ..." alone on its line
# (vanhoefm/krackattacks-scripts#82, whose fix was the venv activated in a root shell).
_RUN_WITH_SUDO = re.compile(
    r"^(?:[^\n]{0,120}?[$#>]\s{0,4})?sudo\s{1,4}((?:-[EH]{1,2}\s{1,4}){0,2}(?!pip|apt|conda|yum|dnf|-)\S[^\n]{0,300})$", re.M
)


# A virtual environment activated in the pasted session, then a traceback whose installed packages are another Python's
# (its own site-packages, not the environment's and not a user site): the program did not run the environment's Python
# (TheLynxHub/LynxHub#28: two venvs activated by a launcher's pre-commands, then ComfyUI's frames in C:\Python312's
# site-packages; the maintainer's fix was to drop the commands naming the other environment).
_ACTIVATED = re.compile(
    r"([A-Za-z]:\\[^\s\"'<>|]{1,300}?|/[^\s\"'<>|]{1,300}?)[\\/](?:Scripts[\\/]activate(?:\.ps1|\.bat)?|bin/activate)\b"
)
_SITE_ROOT = re.compile(r"^(.{1,300}?)[\\/](?:Lib|lib[\\/]python\d(?:\.\d{1,2})?)[\\/](?:site|dist)-packages[\\/]", re.I)
_USER_SITE = re.compile(r"[\\/]AppData[\\/]Roaming[\\/]Python[\\/]|/\.local/lib/", re.I)


def _normal_path(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").lower()


@extractor
def activated_environment_not_used(err: ErrorText) -> Iterator[Signal]:
    activated = err.search_last(_ACTIVATED)
    if not activated or not err.names_an_exception:
        return
    venv = _normal_path(activated.group(1))
    roots = [m.group(1) for path in err.frames_before(len(err.text)) if (m := _SITE_ROOT.match(path)) and not _USER_SITE.search(path)]
    if not roots or any(_normal_path(root).startswith(venv) for root in roots):
        return
    said = f"the environment activated is {activated.group(1)}, but the installed packages in the traceback are {roots[-1]}'s"
    detail = {"reason": "venv_not_used", "venv": activated.group(1), "python": roots[-1]}
    yield signal("module_not_installed_in_kernel_env", 0.7, [err.evidence(activated), said], **detail)


# torch's own words when tensorboard is not installed for the Python that runs torch.utils.tensorboard
# (bubbliiiing/yolo3-pytorch#143: installed in another environment than the one running train.py).
_TENSORBOARD_MISSING = re.compile(r"TensorBoard logging requires TensorBoard(?: version 1\.15 or above| with Python summary writer)")


@extractor
def tensorboard_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TENSORBOARD_MISSING)
    if match:
        said = "torch.utils.tensorboard found no tensorboard for this Python"
        yield signal("module_not_installed_in_kernel_env", 0.8, [err.evidence(match), said], module="tensorboard", reason="name only")


# transformers' requires_backends: a model or pipeline class asked for a framework the running Python cannot import
# ("LlamaForCausalLM requires the PyTorch library but it was not found in your environment": LargeWorldModel/LWM#49,
# fixed by installing torch into the conda env that ran the script). The words name the framework, not its module.
# transformers 3.x misspelled it "enviromnent" (EricFillion/chatting-transformer#14: a venv without torch).
# transformers 5 words it with the floor it needs: "BertModel requires PyTorch >= 2.6, but PyTorch was not found or an
# older version is installed." (transformers 5.25.0 here, with torch hidden from it): a torch stated older than that
# floor is one to upgrade, which installing torch would leave as it is, so that is not read here.
_BACKEND_NOT_FOUND = re.compile(
    r"requires the (\w{2,30}) library but it was not found in your envir?o(?:nme|mne)nt"
    r"|requires (PyTorch) >= ?(\d{1,2}\.\d{1,2}), but PyTorch was not found or an older version is installed"
)
_BACKEND_MODULES = {"pytorch": "torch", "tensorflow": "tensorflow", "flax": "flax", "sentencepiece": "sentencepiece"}


@extractor
def transformers_backend_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_BACKEND_NOT_FOUND)
    module = _BACKEND_MODULES.get((match.group(1) or match.group(2)).lower()) if match else None
    if match and module and not _stated_torch_below(err, match.group(3)):
        said = f"the Python that ran it cannot import {module}"
        yield signal("module_not_installed_in_kernel_env", 0.8, [err.evidence(match), said], module=module, reason="backend")


# transformers' TensorFlow models refuse Keras 3 (TensorFlow 2.16 made Keras 3 its default) and name the way out: "Your
# currently installed version of Keras is Keras 3, but this is not yet supported in Transformers. Please install the
# backwards-compatible tf-keras package with `pip install tf-keras`" (transformers' modeling_tf_utils.py;
# max-ai#124 added tf-keras to its requirements). transformers uses tf-keras in place of Keras 3 once it is installed;
# its USE_TF=0 (transformers.utils.import_utils) keeps a PyTorch-only program from loading TensorFlow's models at all.
_KERAS_3_REFUSED = re.compile(r"installed version of Keras is Keras 3, but this is not yet supported in Transformers")


@extractor
def transformers_refuses_keras_3(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_KERAS_3_REFUSED)
    if match:
        yield signal("other", 0.85, [err.evidence(match)], kind="keras_3_for_transformers", requirement="tf-keras")


def _stated_torch_below(err: ErrorText, floor: str | None) -> bool:
    stated, needed = err.stated_release("torch"), versions.release_tuple(floor)
    return stated is not None and needed is not None and stated < needed


# transformers' "Using `load_in_8bit=True` requires Accelerate: `pip install accelerate`". transformers looks for
# accelerate once, when it is imported (import_utils' _is_package_available at import), so one installed after that in a
# running notebook is not seen until a restart (AI4Finance-Foundation/FinGPT#165 in Colab: installed, then the kernel
# restarted). Outside a notebook it is simply not installed for that Python. Later releases word it for each use
# ("Using `low_cpu_mem_usage=True` or a `device_map` requires Accelerate: `pip install 'accelerate>=0.26.0'`", and
# "`bitsandbytes` 8-bit quantization requires accelerate: ..." in transformers' quantizers).
# transformers 5: "Using a `device_map`, ... requires `accelerate`. You can install it with `pip install accelerate`"
# (transformers 5.25.0 with torch 2.13.0+cpu here, from_pretrained(..., device_map='cpu') without accelerate), and the
# Trainer's "Using the `Trainer` with `PyTorch` requires `accelerate>=0.20.1`" (huggingface/transformers#28294, in
# Colab: a maintainer's answer, restart the runtime after installing it). The release asked for is the one installed.
_NEEDS_ACCELERATE = re.compile(
    r"requires [Aa]ccelerate: `pip install '?(accelerate(?:>=[\d.]{1,20})?)"
    r"|requires `accelerate`\. You can install it with `pip install accelerate`|requires `(accelerate>=[\d.]{1,20})`"
)


@extractor
def transformers_needs_accelerate(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NEEDS_ACCELERATE)
    if not match:
        return
    evidence = [err.evidence(match), "transformers checks for accelerate once, when transformers is imported"]
    kernel = err.in_notebook
    yield signal("stale_module_after_upgrade", 0.6 if kernel else 0.45, evidence, modules="transformers", installed=None)
    requirement = match.group(1) or match.group(2) or "accelerate"
    detail = {"module": "accelerate", "reason": "backend", "requirement": requirement}
    yield signal("module_not_installed_in_kernel_env", 0.45 if kernel else 0.5, evidence, **detail)


# A whole package found only as a namespace package: its folder holds no __init__.py. What the corpus confirms is a
# folder an uninstall left behind or an install that lost files (pytorch/pytorch#29305: `cannot import name 'nn' from
# 'torch' (unknown location)` after torch was uninstalled from the env; TylerYep/torchinfo#8: torch-summary's, fixed
# by reinstalling it). A folder of that name where Python starts reads the same, so this is weaker than a subpackage.
_NAMESPACE_PACKAGE = re.compile(r"cannot import name '\w{1,80}' from '([A-Za-z_]\w{0,80})' \(unknown location\)")


@extractor
def package_without_init(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NAMESPACE_PACKAGE)
    if not match:
        return
    # Not skipped for a name in this Python's standard library: the text's Python found it only as a folder, so its
    # library lacked it (Python 3.10 removed `parser`: nt_tool#2's own parser/ folder, read the same on Python 3.9).
    name = match.group(1)
    stated = _stated_distribution(err, name)
    package = stated or name
    evidence = [err.evidence(match), f"{name} was found without its __init__.py (a namespace package)"]
    # For torch, the folder an uninstall left is the commoner; for other packages, a folder of that name where Python
    # starts: a cloned repository (ultralytics/ultralytics#22686, siliconflow/onediff#12), an empty `mkdir transformers`
    # (Lightning-AI/torchmetrics#1742). Of the corpus's eight such texts for packages other than torch, six were that.
    # Stated as installed, its own install losing files comes first: a package installed with its __init__.py is taken
    # before any such folder (tests/e2e/test_batch_05d_real.py; TylerYep/torchinfo#8: torch-summary, reinstalled). Not
    # surely: an editable install's finder comes after the folders, so a clone where Python starts still hides it
    # (ultralytics/ultralytics#22686).
    left_behind = name == "torch" or stated is not None
    yield signal("corrupted_install", 0.6 if left_behind else 0.45, evidence, package=package, library=f"{name}/__init__.py")
    shadow = (0.5 if stated else 0.45) if left_behind else 0.55
    yield signal("shadowed_module", shadow, evidence, module=name, path=None, intruder=False, reason="namespace_folder")
    if not left_behind:
        # Not stated as installed, it may not be installed at all: installing it is a way out either way, as an installed
        # package is taken before such a folder (allenai/semsup-xc#1: 'datasets' (unknown location), fixed by `pip
        # install datasets`, which the project's requirements had left out).
        said = "a package installed for this Python is imported before a folder without __init__.py"
        yield signal("module_not_installed_in_kernel_env", 0.5, [*evidence, said], module=name, reason="name only")


def _stated_distribution(err: ErrorText, import_name: str) -> str | None:
    """The stated distribution whose name is the import name once '-' and '_' are dropped (torch-summary: torchsummary)."""
    squashed = import_name.lower().replace("_", "")
    return next((name for name in err.packages if name.replace("-", "").replace("_", "") == squashed), None)


# An installed package's own file importing a name from its own module, and that module lacking it: its files come from
# two releases (scikit-learn#15802: sklearn/decomposition/__init__.py's `from ._online_lda import
# LatentDirichletAllocation` in a fresh IPython session after an upgrade to 0.22 left an older compiled _online_lda
# behind; reinstalling it was the maintainers' answer, scikit-learn#15884). Only the statement the failing frame ran
# (IPython marks it "---->"), from one of the package's own modules (not the package itself, whose missing name may be a
# compiled part never built: gsplat's `from gsplat import csrc`), and only outside the torch family (its readings).
# Not a circular import ("partially initialized"). In a notebook's later cell, an upgrade under the running kernel
# reads the same (stale modules), so it is weaker there.
_NAME_NOT_IN_OWN_MODULE = re.compile(r"ImportError: cannot import name '?(\w{1,80})'?(?![\w']| from partially)")
# The statement may go on over lines ended with a backslash (YeoLab/flotilla#324: the name missing on its second line).
_RAN_STATEMENT = re.compile(
    r"^(?:-{1,4}> ?\d{1,6} |\s{0,12})(from (\.[\w.]{0,120}|[A-Za-z_][\w.]{0,120}) import [^\n]{1,300}?(?:\\\n[^\n]{1,300}?){0,4})$", re.M
)
_LATER_CELL = re.compile(r"In \[(?:[2-9]|\d{2,6})\]|<ipython-input-(?:[2-9]|\d{2,6})-")


@extractor
def own_module_lacks_name(err: ErrorText) -> Iterator[Signal]:
    missing = err.search_last(_NAME_NOT_IN_OWN_MODULE)
    frames = err.frames_before(missing.start()) if missing else []
    package = owner(frames[-1]) if frames else None
    if not (missing and package) or re.fullmatch(TORCH_FAMILY, package) or package in STDLIB_NAMES:
        return
    block = err.text[err.text.rfind(frames[-1], 0, missing.start()) : missing.start()]
    ran = list(_RAN_STATEMENT.finditer(block))
    statement = next((match for match in ran if match.group(0).lstrip().startswith("-")), ran[0] if ran else None)
    source = statement.group(2) if statement else ""
    own_module = re.fullmatch(rf"\.{{1,3}}\w[\w.]*|{re.escape(package)}\.[\w.]+", source)
    if not (statement and own_module) or missing.group(1) not in statement.group(1):
        return
    # Its lines joined, without the line numbers IPython prints before each.
    ran_statement = " ".join(re.sub(r"\\\n\s{0,12}(?:\d{1,6}\s)?", " ", statement.group(1)).split())
    said = f"{package}'s own `{ran_statement}` finds a module without {missing.group(1)}: files of two releases"
    distribution = DISTRIBUTION_OF.get(package, package)
    if err.search(_LATER_CELL):
        # A later cell of a running kernel: the package reinstalled under it keeps its old modules loaded, which the
        # new files ask for names they lack (YeoLab/flotilla#324: fixed by restarting the kernel). A restart is the
        # cheaper step, and a mixed install is what is left when it does not help.
        yield signal("stale_module_after_upgrade", 0.45, [err.evidence(missing), said], module=package, reason="own_module")
    confidence = 0.4 if err.search(_LATER_CELL) else 0.6
    yield signal("corrupted_install", confidence, [err.evidence(missing), said], reason="mixed_versions", package=distribution)


# pip removed the old torch, then failed to put the new one in place (a file locked by another process on
# Windows: pypa/pip#11857): torch is left half-installed.
_HALF_INSTALLED_CANDIDATES = ("torch", "torchvision", "torchaudio")
_INSTALL_FAILED = re.compile(r"ERROR: Could not install packages due to an (?:OSError|EnvironmentError)")


@extractor
def install_interrupted_after_uninstall(err: ErrorText) -> Iterator[Signal]:
    removed = next((m for m in _UNINSTALLED.finditer(err.text) if m.group(1) in _HALF_INSTALLED_CANDIDATES), None)
    failed = _INSTALL_FAILED.search(err.text, removed.end()) if removed else None
    if removed and failed:
        evidence = [err.evidence(removed), err.evidence(failed)]
        yield signal("corrupted_install", 0.85, evidence, reason="damaged_download", package=removed.group(1))


# An installed distribution's own metadata file gone: the install that wrote its dist-info folder stopped part-way
# (tensorflow/tensorflow#45451: tensorflow_estimator-2.4.0rc0.dist-info held only INSTALLER; a fresh install fixed it).
_DIST_INFO_FILE_MISSING = re.compile(
    r"No such file or directory: '[^'\n]{0,400}?[\\/]([A-Za-z][\w.]{0,80}?)-(\d[\w.+]{0,40})\.dist-info[\\/]{1,2}(?:METADATA|RECORD)'"
)


@extractor
def damaged_download(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_DAMAGED)
    if match:
        yield signal("corrupted_install", 0.75, [err.evidence(match)], reason="damaged_download", package="torch")
    dist_info = err.search(_DIST_INFO_FILE_MISSING)
    if dist_info:
        package = dist_info.group(1).replace("_", "-").lower()
        said = f"{package}'s installed metadata lacks its own files: that install stopped part-way"
        detail = {"reason": "damaged_download", "package": package, "version": dist_info.group(2)}
        yield signal("corrupted_install", 0.8, [err.evidence(dist_info), said], **detail)
    short = err.search(_CONDA_SHORT_DOWNLOAD)
    if short:
        url = err.search(_CONDA_URL)
        package = _pip_name(url.group(1)) if url else "torch"
        yield signal("corrupted_install", 0.8, [err.evidence(short)], reason="damaged_download", package=package, installer="conda")
    wheel = err.search(_INVALID_WHEEL)
    if wheel:
        yield signal("corrupted_install", 0.8, [err.evidence(wheel)], reason="damaged_download", package=wheel.group(1))
    conda = err.search(_CONDA_CORRUPTED)
    if conda:
        package = _pip_name(conda.group(1))
        yield signal("corrupted_install", 0.8, [err.evidence(conda)], reason="damaged_download", package=package, installer="conda")


# A package's own loader looking for its compiled library with next(folder.glob(pattern)) and finding none: StopIteration
# raised at that line, in site-packages. The install lacks its native part: installed without the extra that brings it,
# or a wheel that left it out (NVIDIA/TransformerEngine#1541: transformer_engine/pytorch's _load_library, the maintainer:
# reinstall with the [pytorch] extra, or a 1.13 wheel bug fixed in #1526). TransformerEngine's framework parts come with
# the extra of their name (its installation guide: pip install transformer_engine[pytorch]).
_LIBRARY_GLOB = re.compile(r"\bnext\([^\n]{0,120}\.glob\(")
_EXTRA_OF_SUBPACKAGE = {
    ("transformer_engine", "pytorch"): "transformer_engine[pytorch]",
    ("transformer_engine", "jax"): "transformer_engine[jax]",
}
_SITE_PACKAGE_PART = re.compile(r"[/\\](?:site|dist)-packages[/\\]([A-Za-z_]\w{0,60})[/\\](?:([A-Za-z_]\w{0,60})[/\\])?")
_STOP_ITERATION = re.compile(r"^StopIteration\s*$", re.M)


@extractor
def compiled_library_not_installed(err: ErrorText) -> Iterator[Signal]:
    stop = err.search(_STOP_ITERATION)
    # The frames printed before it, each with its code line (frame_code and frames_before keep the text's order).
    before = err.frame_code()[: len(err.frames_before(stop.start()))] if stop else []
    place = _SITE_PACKAGE_PART.search(before[-1][0]) if before and _LIBRARY_GLOB.search(before[-1][1]) else None
    if stop and place:
        package, part = place.group(1), place.group(2)
        requirement = _EXTRA_OF_SUBPACKAGE.get((package, part or ""), package)
        said = f"{package}'s loader found no compiled library file in its own folder"
        detail = {"reason": "compiled_library_absent", "package": package, "requirement": requirement, "library": before[-1][1]}
        yield signal("corrupted_install", 0.75, [err.evidence(stop), said], **detail)


def _pip_name(conda_package: str) -> str:
    """conda's package names for the torch package (pytorch, libtorch) as pip names it."""
    return "torch" if conda_package in ("pytorch", "libtorch") else conda_package


# NumPy's own words when its Python files meet files of another NumPy in the same folder, left by an install over an
# install (numpy/numpy#12976: "Something is wrong with the numpy installation. While importing we detected an older
# version of numpy in [...]", whose own advice is to uninstall until none is left and install again). NumPy 1.16's
# Python files over an older compiled core lack ndarray.__array_function__, new in 1.16 (NEP 18; numpy/numpy#12736 and
# bitcraze/crazyflie-clients-python#365, both fixed by removing the older copy and reinstalling).
_NUMPY_MIXED = re.compile(
    r"Something is wrong with the numpy installation\. While importing we detected an older version of numpy"
    r"|type object 'numpy\.ndarray' has no attribute '__array_function__'"
)


@extractor
def numpy_versions_mixed(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NUMPY_MIXED)
    if match:
        said = "numpy's files come from two of its versions installed over each other"
        yield signal("corrupted_install", 0.8, [err.evidence(match), said], reason="mixed_versions", package="numpy")


@extractor
def damaged_source_file(err: ErrorText) -> Iterator[Signal]:
    """An installed module's file holds null bytes: the file on disk is damaged, not the code."""
    match = err.search(_NULL_BYTES)
    frames = err.frames_before(match.start()) if match else []
    installed = owner(frames[-1]) if frames else None
    if not (match and installed):
        return
    last_frame_at = err.text.rfind(frames[-1], 0, match.start())
    imported = _IMPORT_LINE.search(err.text, last_frame_at, match.start())
    package = imported.group(1) if imported else installed
    evidence = [err.evidence(match), f"while {frames[-1]} ran"]
    yield signal("corrupted_install", 0.8, evidence, reason="damaged_download", package=package)


# A package's own import check that another package is recent enough ("Keras requires TensorFlow 2.2 or higher":
# MLBazaar/MLPrimitives#237, Keras 2.4 released while the project pinned tensorflow<2; the fix pinned keras<2.4). Not
# torch (its companions' readings) nor a toolkit or Python, which builds and wheels read.
_NEEDS_NEWER_PACKAGE = re.compile(
    r"\b([A-Za-z][\w.-]{1,40}) requires (?!(?:torch|PyTorch|CUDA|cuDNN|Python|GCC|gcc|g\+\+|MSVC|CMake|the|version)\b)"
    r"([A-Za-z][\w.-]{1,40}) (?:version )?(?:>= ?)?(\d{1,3}(?:\.\d{1,3}){1,2})(?: or (?:higher|newer|later|above)|\+| or greater)"
)


@extractor
def package_needs_newer(err: ErrorText) -> Iterator[Signal]:
    """Keras 2.4.3 raises the same words when TensorFlow is not installed at all (run here): where the text shows the
    package missing ("No module named 'tensorflow'" above it), the missing-module reading is the one, not this."""
    match = err.search(_NEEDS_NEWER_PACKAGE)
    if match and not shown_missing(err, match.group(2)):
        said = f"{match.group(1)} needs {match.group(2)} {match.group(3)} or newer than the one installed"
        yield signal("other", 0.6, [err.evidence(match), said], kind="package_needs_newer")


# A package's own version check refusing the release of another it found, by a floor or a list of releases it will not
# run with: "You are using tensorflow version 2.0.0. The minimum required version is 1.14.0 (blacklisted: [(2, 0, 0),
# (2, 0, 1)])." (keras-retinanet's check; fizyr/keras-retinanet#1371: any TensorFlow outside the list fixed it).
_RELEASE_REFUSED = re.compile(r"You are using ([A-Za-z][\w.-]{0,40}) version ([\d.]{1,20})\. The minimum required version is ([\d.]{1,20})")


@extractor
def package_refuses_release(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_RELEASE_REFUSED)
    if match:
        package, found, floor = match.groups()
        said = f"a package's own check refuses {package} {found} (it asks for {floor} or newer, outside any release it excludes)"
        yield signal("other", 0.6, [err.evidence(match), said], kind="installed_packages_disagree")


# One installed package's file importing a name that another installed package lacks: the two are of releases that do
# not go together (Luoyadan/CRB-active-3Ddet#7: spconv 2.1.21's core.py asking cumm 0.4.9 for TensorOpParams; the
# maintainer: match spconv's and cumm's versions). Neither is torch's family, whose pairs their own readings know. Only a
# submodule named (cumm.gemm.algospec.core): a bare top-level name may be the asker's own module, which an absolute import
# found installed under the same name instead (Python-Fuzzylogic/fuzzylogic#8: `from combinators import`).
_NAME_FROM_INSTALLED = re.compile(r"cannot import name '(\w{1,80})' from '([A-Za-z_]\w{0,60})\.[\w.]{1,120}' \(([^()\n]{1,400})\)")


# Python before 3.8 names neither module nor file ("ImportError: cannot import name 'ensure_dir_exists'"): the statement
# the frame printed above it does (`from jupyter_core.utils import ensure_dir_exists` in notebook 5.7's nbextensions.py,
# under a jupyter_core too old for it: jupyter/notebook#4168, fixed by reinstalling jupyter_core). Only a submodule named
# counts, as for the message above.
def _bare_name_from_installed(err: ErrorText) -> tuple[re.Match[str], str, str] | None:
    """(the message, the name, the package asked) where the statement above the bare message names a submodule."""
    found = bare_name_missing(err, FROM_SUBMODULE_IMPORT)
    return (found[0], found[0].group(1), found[1]) if found and found[1] not in STDLIB_NAMES else None


# The same asked as an attribute: "AttributeError: module 'tensorflow' has no attribute 'ConfigProto'" raised in
# keras-retinanet 0.4.1's installed train.py, written for TensorFlow 1, under TensorFlow 2.2 (fizyr/keras-retinanet#1492:
# fixed by releases that go together, tensorflow 2.4.0 with keras-retinanet 1.0.0). Standard-library modules and torch's
# family are left to the shadowing and companion readings, which know those.
_ATTRIBUTE_OF_INSTALLED = re.compile(r"AttributeError: module '([A-Za-z_]\w{0,60})(?:\.[\w.]{1,120})?' has no attribute '(\w{1,80})'")


def _asked_of_installed(err: ErrorText) -> tuple[re.Match[str], str, str] | None:
    """(the message, the name asked, the package asked) of a name or attribute one installed package asks another for."""
    match = err.search_last(_NAME_FROM_INSTALLED)
    bare = None if match else _bare_name_from_installed(err)
    if bare:
        return bare
    if match and owner(match.group(3)) == match.group(2):
        return match, match.group(1), match.group(2)
    attribute = None if match else err.search_last(_ATTRIBUTE_OF_INSTALLED)
    if attribute and attribute.group(1) not in STDLIB_NAMES:
        return attribute, attribute.group(2), attribute.group(1)
    return None


def _in_import_machinery(err: ErrorText, frame: str, message: re.Match[str]) -> bool:
    """Whether importlib's own frames come after ``frame``: the name was missing from a module still being imported
    (a local random.py under NumPy's import: DistrictDataLabs/yellowbrick#572), not from another package's release."""
    return "<frozen importlib" in err.text[err.text.rfind(frame, 0, message.start()) : message.start()]


@extractor
def installed_packages_disagree(err: ErrorText) -> Iterator[Signal]:
    asked = _asked_of_installed(err)
    if asked is None:
        return
    message, name, lender = asked
    frames = err.frames_before(message.start())
    asking = owner(frames[-1]) if frames else None
    if not asking or _in_import_machinery(err, frames[-1], message):
        return
    if asking == lender or re.fullmatch(TORCH_FAMILY, asking) or re.fullmatch(TORCH_FAMILY, lender):
        return
    asker, other = DISTRIBUTION_OF.get(asking, asking), DISTRIBUTION_OF.get(lender, lender)
    said = f"{asker}'s own file asks the installed {other} for {name}, which that {other} release lacks"
    # An attribute asked is weaker than a name imported: the module answering may not be the package at all (paddlex
    # asking a 'paddle' that lacks its whole device API, PaddlePaddle not installed: PaddleX#4687) or a build of it that
    # lacks what its release has (keras installed from git: keras-hub#1279). Of the corpus's 16 texts of that shape at
    # the time, 10 were two releases apart: under 20%, the bound under which a wrong answer reads as "I do not know".
    confidence = 0.19 if message.re is _ATTRIBUTE_OF_INSTALLED else 0.5
    evidence = [err.evidence(message), f"while {frames[-1]} ran", said]
    yield signal("other", confidence, evidence, kind="installed_packages_disagree")
