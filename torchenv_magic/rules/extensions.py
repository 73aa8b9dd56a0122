"""extension_abi_mismatch: a compiled extension (detectron2 ``_C``, mmcv, apex, ...) built for another torch/CUDA.

Read from the files (detectron2's version tag, the CUDA runtime its ``_C`` links, file
times: ``toolchain.detectron2`` facts) and from the error text's signals (an undefined
symbol or a missing torch library in an extension's own module, explainer/shared_libs.py).
The facts, when they find detectron2 built for another torch, confirm a text that names
detectron2 (or no extension); a text naming another extension is answered for that one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import compat, versions
from ..explainer.signals import Signal, evidence_of
from ..model import Finding, Fix
from . import Context, rule
from .build_fixes import toolkit_fix
from .gpu import build_cuda


@rule
def extension_abi_mismatch(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("extension_abi_mismatch")
    named = signals[0].get("extension") if signals else None
    reasons = _detectron2_reasons(ctx)
    if reasons and named in (None, "detectron2"):
        yield _d2_finding(ctx, reasons, signals)
    elif signals:
        yield _text_finding(ctx, signals)


def _detectron2_reasons(ctx: Context) -> list[str]:
    """Why the installed detectron2 does not fit the installed torch ([] when it does, or is absent)."""
    d2 = ctx.fact("toolchain").get("detectron2") or {}
    known, cuda = build_cuda(ctx)
    torch_version = ctx.torch_version
    if not d2.get("installed") or not known or not torch_version:
        return []
    return _d2_reasons(ctx, d2, torch_version, cuda)


def _d2_reasons(ctx: Context, d2: dict[str, Any], torch_version: str, cuda: str | None) -> list[str]:
    reasons: list[str] = []
    reasons += _d2_tag_reasons(d2.get("version"), torch_version, cuda)
    reasons += _d2_linked_reasons(ctx, d2.get("needed_libs") or [], cuda)
    if d2.get("install_kind") in ("source", "editable") and _newer(d2.get("torch_mtime"), d2.get("compiled_mtime")):
        reasons.append("torch's files are newer than detectron2's compiled _C: torch was reinstalled after detectron2 was built")
    return reasons


def _d2_tag_reasons(version: Any, torch_version: str, cuda: str | None) -> list[str]:
    """From a prebuilt wheel's version, e.g. '0.6+cu113' (D2_VERSION_SUFFIX=+$cu in
    facebookresearch/detectron2 dev/packaging/build_all_wheels.sh @ 477efad4b04cd88f275059864483b8fe11b07460)."""
    from .. import compat

    tag = versions.variant(str(version or ""))
    if not tag or not tag.startswith(("cu", "cpu")):
        return []
    reasons = []
    built_cuda = versions.cuda_of_tag(tag)  # cu113 -> 11.3
    if built_cuda and cuda and built_cuda.split(".")[0] != cuda.split(".")[0]:
        reasons.append(f"detectron2 {version} is the prebuilt wheel for CUDA {built_cuda}; torch is a CUDA {cuda} build")
    if built_cuda and cuda is None:
        reasons.append(f"detectron2 {version} is a CUDA {built_cuda} build; torch is a CPU-only build")
    minors = sorted(
        {
            row["torch"]
            for row in compat.detectron2_prebuilt()
            if row.get("detectron2") == versions.release(str(version)) and _same_variant(row, built_cuda)
        }
    )
    current = ".".join((versions.release(torch_version) or "").split(".")[:2])
    if minors and current not in minors:
        reasons.append(f"prebuilt detectron2 {version} wheels exist for torch {', '.join(minors)} only; torch is {torch_version}")
    return reasons


def _same_variant(row: dict[str, Any], built_cuda: str | None) -> bool:
    return row.get("cuda") == (built_cuda or "cpu")


def _d2_linked_reasons(ctx: Context, needed: list[str], cuda: str | None) -> list[str]:
    reasons = []
    cudart = next((lib for lib in needed if lib.startswith("libcudart.so.")), None)
    linked_major = cudart.split(".so.", 1)[1].split(".")[0] if cudart else None
    torch_major = cuda.split(".")[0] if cuda else None
    if linked_major and torch_major and linked_major != torch_major:
        reasons.append(f"detectron2/_C links {cudart} (CUDA {linked_major}); torch is a CUDA {cuda} build")
    torch_libs = ctx.fact("torch_build").get("libs") or []
    if "libc10_cuda.so" in needed and torch_libs and "libc10_cuda.so" not in torch_libs:
        reasons.append("detectron2/_C needs libc10_cuda.so, which this CPU-only torch does not have")
    return reasons


def _newer(a: Any, b: Any) -> bool:
    # A minute's slack: files of one pip install are written seconds apart.
    return isinstance(a, (int, float)) and isinstance(b, (int, float)) and a > b + 60


def _d2_finding(ctx: Context, reasons: list[str], signals: list[Signal]) -> Finding:
    d2 = ctx.fact("toolchain").get("detectron2") or {}
    torch_version = ctx.torch_version
    _known, cuda = build_cuda(ctx)
    text = evidence_of(signals)
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=f"detectron2 {d2.get('version') or ''} was built for another torch/CUDA than torch {torch_version}".replace("  ", " "),
        explanation=_explanation("detectron2"),
        evidence=list(
            dict.fromkeys([*text, *(f"toolchain probe: {reason}" for reason in reasons), f"torch {torch_version} (CUDA {cuda or 'none'})"])
        ),
        fix=_extension_fix(ctx, "detectron2"),
        confidence=max(0.9 if signals else 0.75, signals[0].confidence if signals else 0.0),
    )


def _text_finding(ctx: Context, signals: list[Signal]) -> Finding:
    top = signals[0]
    name = top.get("extension")
    if top.get("reason") == "sources_for_other_torch":
        return _sources_finding(ctx, signals)
    if top.get("reason") in ("another_python", "compiled_module_missing", "python_api_missing"):
        return _unloadable_module_finding(ctx, signals)
    if top.get("reason") == "stale_build":
        return _stale_build_finding(ctx, signals)
    if top.get("reason") == "triton_cache":
        return _triton_cache_finding(ctx, signals)
    if top.get("reason") == "kernel_without_code":
        return _kernel_without_code_finding(ctx, signals)
    if top.get("host") == "tensorflow" and top.get("built_with"):
        return _tensorflow_release_finding(ctx, signals, name)
    if top.get("host") == "tensorflow" or (name and (compat.extension_distribution(str(name)) or {}).get("host") == "tensorflow"):
        # A TensorFlow add-on known by its folder (tensorflow_io) whose missing name is not a tensorflow:: one.
        return _tensorflow_add_on_finding(signals, name)
    if top.get("reason") == "nvcc_runtime":
        return _nvcc_runtime_finding(ctx, signals, name)
    if top.get("reason") == "no_binary_for_cuda":
        return _no_binary_for_cuda_finding(ctx, signals, str(name))
    evidence = evidence_of(signals)
    evidence += ctx.torch_evidence()
    # A compiled module's own name where no package is known (flash_attn_2_cuda); a private one (_C, _fused) says nothing.
    module = str(top.get("module") or "")
    label = name or (module if module and not module.startswith("_") else None)
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=f"{label or 'A compiled extension'} was built against a different torch or CUDA",
        explanation=_explanation(label),
        evidence=evidence,
        fix=_text_fix(ctx, top, name),
        confidence=top.confidence,
    )


def _no_binary_for_cuda_finding(ctx: Context, signals: list[Signal], name: str) -> Finding:
    """A package holding one library per CUDA release (bitsandbytes) with none for the CUDA torch uses: a newer release
    carries it (explainer/shared_libs.py cites the reports); where its GPU build exists is compat's."""
    cuda = signals[0].get("cuda") or "in use"
    requirement = compat.framework_gpu_build(name, ctx.platform or "linux")
    note = f"A newer {name} release carries a library for CUDA {cuda}."
    fix = (
        ctx.install(["--upgrade", requirement], note=note)
        if requirement
        else Fix(kind="manual", code=f"{name} has no NVIDIA GPU build for this system: run it on the CPU.")
    )
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=f"This {name} release has no library for CUDA {cuda}, the CUDA torch uses",
        verdict=f"{name} was built for older CUDA releases than the torch beside it: upgrade {name}.",
        explanation=(
            f"{name} ships one library per CUDA release it was built for and picks the one matching torch's CUDA. A "
            f"release older than the torch beside it has none for torch's CUDA, so it falls back to its CPU-only library "
            "and the GPU functions are unavailable."
        ),
        evidence=evidence_of(signals)[:5],
        fix=fix,
        confidence=signals[0].confidence,
    )


def _nvcc_runtime_finding(ctx: Context, signals: list[Signal], name: object) -> Finding:
    """An extension whose kernel-launch calls come from an nvcc of another CUDA release than the runtime it runs with."""
    _known, cuda = build_cuda(ctx)
    fix = toolkit_fix(ctx, cuda, ctx.fact("toolchain"))
    rebuild = "Then delete the extension's build folder and its compiled files, and build it again with that toolkit."
    label = str(name) if name else "The extension"
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=f"{label} was compiled by an nvcc of another CUDA release than the CUDA runtime it runs with",
        explanation=(
            f"nvcc writes its own kernel-launch calls ({signals[0].get('symbol')}) into the code it compiles, and each "
            "CUDA release's runtime has its own set of them. The extension was built with a toolkit of another CUDA "
            "release than the runtime it now loads (torch's, or the one on the loader's path), which lacks that call."
        ),
        evidence=evidence_of(signals) + ctx.torch_evidence(),
        fix=Fix(kind=fix.kind, code=fix.code, note=" ".join(part for part in (fix.note, rebuild) if part)),
        confidence=signals[0].confidence,
    )


def _tensorflow_add_on_finding(signals: list[Signal], name: object) -> Finding:
    """A TensorFlow add-on's compiled ops under another TensorFlow than the one they were built against (an add-on's
    library asking for a tensorflow:: name, or TensorFlow finding an op no library registered: the signal's host)."""
    if signals[0].get("host_own_library"):
        return _tensorflow_mixed_finding(signals)
    if name in ("tensorflow", "tensorflow_core"):
        name = None  # named after TensorFlow's loader frame (tf.load_op_library): the library is the project's own
    label = str(name) if name else "A TensorFlow add-on"
    release = f"the {name} release" if name else "the add-on's release"
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=f"{label} was built against a different TensorFlow",
        explanation=f"{label}'s compiled ops load only into the TensorFlow release they were built against: TensorFlow's "
        "C++ interface changes from release to release, so under another one its ops fail to load or are never registered.",
        evidence=evidence_of(signals),
        fix=Fix(
            kind="manual",
            code=f"Install {release} made for the installed TensorFlow (its release notes pair each release with one "
            "TensorFlow release) or the TensorFlow release it was built for; an op library built from a project's "
            "sources, rebuild it with the TensorFlow installed here.",
        ),
        confidence=signals[0].confidence,
    )


def _tensorflow_release_finding(ctx: Context, signals: list[Signal], name: object) -> Finding:
    """A TensorFlow add-on whose own check names the TensorFlow release it was built with and the one installed: that
    release of TensorFlow is what it loads into (explainer/addon_abi.py)."""
    built, installed = signals[0].get("built_with"), signals[0].get("installed")
    # Imported here: explainer.imports loads more of the explainer, which the CLI's start-up does not need.
    from ..explainer.imports import TENSORFLOW_DISTRIBUTIONS

    # The distribution that is installed: pinning `tensorflow` beside a tensorflow-gpu would add a second TensorFlow.
    present = ctx.package_versions()
    distribution = next((name for name in TENSORFLOW_DISTRIBUTIONS if name in present), "tensorflow")
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=f"{name} was built with TensorFlow {built}, but TensorFlow {installed} is installed",
        explanation=f"{name} checks the TensorFlow release it was built with against the one installed and refuses any "
        "other: its compiled parts load only into that release's C++ interface.",
        evidence=evidence_of(signals),
        fix=ctx.install(
            [f"{distribution}=={built}"],
            restart_kernel=True,
            note=f"Or install the {name} release built for TensorFlow {installed}, where one exists.",
        ),
        confidence=signals[0].confidence,
    )


def _tensorflow_mixed_finding(signals: list[Signal]) -> Finding:
    """TensorFlow's own kernel library asking for a TensorFlow symbol: its files come from two TensorFlow installs."""
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title="TensorFlow's own compiled library is from another TensorFlow release than the one loading it",
        explanation="A library inside TensorFlow's folder asks TensorFlow's core for a function that release lacks: the "
        "files of two TensorFlow installs are mixed (one installed over another, or a second TensorFlow earlier on the path).",
        evidence=evidence_of(signals),
        fix=Fix(
            kind="manual",
            code="Remove every TensorFlow from this environment (python -m pip uninstall tensorflow, repeated until pip "
            "finds none; conda remove tensorflow for a conda one), then install the one release the project pins.",
        ),
        confidence=signals[0].confidence,
    )


def _sources_finding(ctx: Context, signals: list[Signal]) -> Finding:
    """The extension's C++ sources use a torch API this torch lacks (explainer/build.py, sources_for_another_torch)."""
    top = signals[0]
    name = top.get("extension") or "The extension"
    if top.get("standard"):
        return _standard_finding(ctx, signals, name, str(top.get("standard")))
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=f"{name}'s C++ sources use {top.get('name')}, which this torch does not have",
        explanation=(
            "Its sources were written for another torch release: an old one (torch 1.5 removed AT_CHECK, torch 1.11 the "
            "TH/THC headers), a newer one or torch's nightly (a development branch), so they do not compile against the "
            "torch installed here."
        ),
        evidence=evidence_of(signals) + ctx.torch_evidence(),
        fix=Fix(
            kind="manual",
            code="Install the extension's release made for this torch (its prebuilt wheel, or the tagged release or fork "
            "whose README names this torch) instead of building these sources, or install the torch release they target.",
        ),
        confidence=top.confidence,
    )


def _unloadable_module_finding(ctx: Context, signals: list[Signal]) -> Finding:
    """The compiled module is not one this Python can load (explainer/addon_abi.py): it has no entry point for this
    Python, or the installed package's own compiled module is missing for this interpreter."""
    top = signals[0]
    module = top.get("module") or "The compiled module"
    if top.get("reason") == "compiled_module_missing":
        title = f"{top.get('extension')}'s compiled module {module} is not installed for this Python and platform"
        explanation = (
            f"{top.get('extension')} imports {module}, its compiled part, which pip installs as a file named for one Python "
            "version and platform (_name.cpython-38-x86_64-linux-gnu.so): the file installed is for another Python or "
            "platform, or the package came without it, so Python finds no module of that name."
        )
        code = (
            f"Install the {top.get('extension')} build made for this Python version and platform (its install page lists "
            "them by Python, torch and CUDA), or build it from source with this Python where there is no such build."
        )
    elif top.get("reason") == "python_api_missing":
        library = top.get("library") or "The compiled module"
        title = f"{library} was compiled for another Python than the one loading it"
        explanation = (
            f"{top.get('symbol')} is part of Python's own C API, and the interpreter loading {library} does not have it: the "
            "file was compiled against another Python's headers (Python 2's, or another Python 3 release's), not against "
            "another torch."
        )
        code = (
            f"Rebuild {library} with the interpreter that loads it (delete the project's old build folder, then run its "
            "setup.py or build script with that python), or install the build made for this Python, or run it with the "
            "Python it was built for."
        )
    else:
        title = f"{module} was compiled for another Python than the one importing it"
        explanation = (
            f"Python 3 enters a compiled module through its PyInit_{module} function (Python 2 through init{module}); "
            "this file has none, so it was built for the other Python major (an old extension built under Python 2), "
            "or linked as a plain library rather than a Python module."
        )
        code = (
            f"Rebuild {module} with the interpreter that imports it (run the project's setup.py or build script with that "
            "python, after deleting its old build folder), or run the project with the Python it was built for."
        )
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=title,
        explanation=explanation,
        evidence=evidence_of(signals) + ctx.torch_evidence(),
        fix=Fix(kind="manual", code=code),
        confidence=signals[0].confidence,
    )


def _kernel_without_code_finding(ctx: Context, signals: list[Signal]) -> Finding:
    """A compiled extension's own CUDA kernel has no code this GPU runs (explainer/cuda.py, extension_kernel_without_code)."""
    kernel = signals[0].get("kernel")
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=f"{kernel}, a compiled extension's kernel, has no code this GPU can run",
        explanation=(
            "The kernel that failed belongs to a compiled extension, not to torch. Its build compiled GPU code for other "
            "architectures than this GPU's (TORCH_CUDA_ARCH_LIST, or the GPU visible where it was built), or with a CUDA "
            "toolkit other than torch's (CUDA_HOME or nvcc on PATH pointing to another one), so the launch finds nothing "
            "to run. torch itself may run on this GPU."
        ),
        evidence=evidence_of(signals) + ctx.torch_evidence(),
        fix=Fix(
            kind="manual",
            code="Rebuild the extension for this GPU with torch's CUDA: python -c \"import torch; print(torch.version.cuda, "
            "torch.cuda.get_device_capability())\" prints both; make nvcc --version show that CUDA (set CUDA_HOME to its "
            "folder), set TORCH_CUDA_ARCH_LIST to the capability printed (8.6 for (8, 6)), delete the extension's build "
            "folder, and build it again.",
        ),
        confidence=signals[0].confidence,
    )


def _stale_build_finding(ctx: Context, signals: list[Signal]) -> Finding:
    """A project's compiled part lacks a function its Python code calls (explainer/addon_abi.py): built from other sources."""
    top = signals[0]
    module = top.get("module")
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=f"{module}, a compiled part, was built from other sources than the Python code calling it",
        explanation=(
            f"The project's Python code calls a function of {module} that the compiled file installed does not have: it "
            "was built from an older (or newer) version of the project, and the Python files were updated (a git pull, "
            "another release) without building it again."
        ),
        evidence=evidence_of(signals) + ctx.torch_evidence(),
        fix=Fix(
            kind="manual",
            code=f"Build {module} again from the same checkout as the Python code, with the Python that runs it: delete "
            "the project's build folder, then run its build step (python setup.py install, or pip install . "
            "--no-build-isolation) in the project's folder.",
            note="Read the build's output to the end: a failed build leaves the old compiled file in place.",
        ),
        confidence=top.confidence,
    )


def _triton_cache_finding(ctx: Context, signals: list[Signal]) -> Finding:
    """A helper module Triton compiled into its cache for another Python or CUDA (explainer/addon_abi.py)."""
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title="A helper Triton compiled into its cache for another Python or CUDA does not load",
        explanation=(
            "Triton compiles small C helpers (cuda_utils, the kernel launcher) the first time it runs and keeps them in its "
            "cache folder, shared by every environment of the user. Run from another Python or with another CUDA, it finds "
            "the copy compiled for the first one, which links that Python's DLL and cannot load here."
        ),
        evidence=evidence_of(signals),
        fix=Fix(
            kind="python",
            # Triton's cache folder: TRITON_CACHE_DIR, else .triton/cache in TRITON_HOME or the home folder (triton/knobs.py,
            # cache_knobs, read in the triton 3.8.0 that torch 2.14.1 installs here).
            code="import os, shutil\n"
            'home = os.environ.get("TRITON_HOME") or os.path.expanduser("~")\n'
            'cache = os.environ.get("TRITON_CACHE_DIR") or os.path.join(home, ".triton", "cache")\n'
            "shutil.rmtree(cache, ignore_errors=True)\n"
            "print('removed', cache)",
            note="Run it with the Python that failed (or in the kernel), then restart the kernel: Triton compiles the helpers "
            "again on the next run. To keep environments apart, set TRITON_CACHE_DIR to a folder of each environment's own.",
            restart_kernel=True,
        ),
        confidence=signals[0].confidence,
    )


def _standard_finding(ctx: Context, signals: list[Signal], name: str, standard: str) -> Finding:
    """torch's headers refuse the C++ standard the extension's setup.py compiles with (an old -std=c++11)."""
    flag = f"-std={standard.lower()}"
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=f"{name}'s build compiles with an older C++ standard than this torch's headers need ({standard})",
        explanation=(
            f"torch's headers need {standard} (C++14 from torch 1.5, C++17 from torch 2.1); the extension's setup.py "
            "was written for an older torch and passes an older -std flag to the compiler, so every file stops at "
            "torch's own check."
        ),
        evidence=evidence_of(signals) + ctx.torch_evidence(),
        fix=Fix(
            kind="manual",
            code=f"In the extension's setup.py (each one, where the project has several), change the -std flag in its "
            f"cxx and nvcc arguments to {flag}, then build again; or install the torch release its README names.",
        ),
        confidence=signals[0].confidence,
    )


def _text_fix(ctx: Context, top: Signal, name: str | None) -> Fix | None:
    if top.get("needs"):
        return _checked_fix(top)
    if top.get("reason") == "foreign_pybind11":
        # explainer/addon_abi.py: the extension's pybind11 is not torch's, so torch's types do not cross over.
        return Fix(
            kind="manual",
            code="Rebuild the extension against the installed torch with the pybind11 torch ships (torch/include/pybind11): "
            "point its pybind11 submodule at the commit torch uses, or build it with torch.utils.cpp_extension, using the "
            "same compiler as torch's build.",
        )
    if top.get("module"):
        # The add-on was named from its compiled module's file name only: a pip command with a guessed distribution
        # name could install an unrelated package of that name.
        return Fix(
            kind="manual",
            code=f"Reinstall the package that provides {top.get('module')} in the build made for your torch (its install "
            "page pairs them with torch and CUDA releases), or rebuild it against this torch (pip install --no-build-isolation "
            "--no-cache-dir --force-reinstall from its source).",
        )
    if name and top.get("built_here") and name != "detectron2":
        # An .egg folder is what `python setup.py install` leaves, and a library outside site-packages was built where it
        # is: the extension was built from a source checkout, so a pip install of its folder's name would fetch whatever
        # PyPI holds under that name (PyPI's unrelated "nn" or "model"), or nothing. detectron2 keeps its own routes.
        return Fix(
            kind="manual",
            code=f"Rebuild {name} against the installed torch from the source checkout it was built from: there, delete "
            "the build folder and run pip install --no-build-isolation --no-cache-dir .",
            restart_kernel=True,
        )
    return _extension_fix(ctx, name, torch_version=_release_to_match(ctx, top)) if name else None


def _checked_fix(top: Signal) -> Fix:
    """The add-on's own check named the torch it accepts: its release made for the installed torch, or that torch."""
    name, needs, have = top.get("extension"), top.get("needs"), top.get("have")
    return Fix(
        kind="manual",
        code=f"Install the {name} release made for torch {have} (its install page or release notes pair them), or a torch "
        f"its check accepts ({needs}) with the torchvision/torchaudio made for that torch.",
        note="Which of the two to change depends on what else the environment needs; the add-on's own pin is the one this check enforces.",
    )


def _release_to_match(ctx: Context, top: Signal) -> str:
    """The torch an extension's release must be made for; '' when only the CUDA build differs (xFormers built for
    2.0.1+cu118 under 2.0.1+cu121): the same release is already installed, so pinning it would change nothing."""
    have, built = ctx.torch_version or str(top.get("have") or ""), str(top.get("built_for") or "")
    return "" if built and have and versions.release(built) == versions.release(have) else have


def _explanation(name: str | None) -> str:
    label = name or "The extension named in the traceback"
    return (
        f"{label}'s compiled module (its _C) only loads into the torch release, C++ ABI (the binary layout of torch's "
        "C++ code) and CUDA version it was "
        "compiled against; the installed torch differs, so importing it fails with an 'undefined symbol' or a "
        "missing torch/CUDA library. Install the build made for this torch, or rebuild it against this torch."
    )


def _extension_fix(ctx: Context, name: str, *, torch_version: str = "") -> Fix:
    """detectron2: its prebuilt wheel or a source build; xformers: the release whose wheels pin this torch;
    any other extension: a rebuild of its PyPI name."""
    if name == "detectron2":
        return detectron2_install_fix(ctx, rebuild=True)
    release = compat.torchao_for(torch_version) if name == "torchao" and torch_version else None
    if release and str((ctx.dist("torchao") or {}).get("version") or "") != release:
        # torchao's wheels ask for no torch: installing the release built for this torch changes nothing else.
        return ctx.install(
            [f"torchao=={release}"],
            restart_kernel=True,
            note=f"torchao {release} is the release whose kernels were built against torch {versions.release(torch_version)} "
            "(pytorch/ao#2919's compatibility table).",
        )
    if name == "dgl":
        # DGL's wheels carry graphbolt for the torch releases they were built with; PyPI's rebuild would bring the same.
        torch_release = versions.release(torch_version)
        built_for = f"torch {torch_release}" if torch_release else "the installed torch"
        return Fix(
            kind="manual",
            code=f"Install the DGL wheel built for {built_for} from DGL's own wheel index (dgl.ai's install page "
            "lists one per torch release and CUDA), or install a torch release this DGL ships its graphbolt library for.",
        )
    if name == "k2":
        return _k2_fix(ctx, torch_version)
    if name == "sageattention":
        return _sageattention_fix(ctx)
    wanted = compat.xformers_for(torch_version) if name == "xformers" and torch_version else None
    if wanted:
        # --no-deps: its torch pin is this torch's release, but pip would otherwise swap a +cuXYZ build for PyPI's.
        variant = versions.variant(torch_version)
        other_index = (
            f" For this {variant} torch, PyTorch's index carries xformers per CUDA build (xformers' README): add "
            f"--index-url https://download.pytorch.org/whl/{variant}."
            if variant and variant.startswith("cu")
            else ""
        )
        return ctx.install(
            [f"xformers=={wanted}", "--no-deps"],
            restart_kernel=True,
            note=f"xformers {wanted} is the release whose wheels are made for torch {versions.release(torch_version)} "
            f"(PyPI's wheels are built for PyPI's torch build of that release).{other_index}",
        )
    if name == "spconv":
        # spconv's README (traveller59/spconv): one PyPI package per CUDA release (spconv-cu113, spconv-cu118, ...);
        # the plain `spconv` package is the CPU build, so reinstalling it would keep the wrong one.
        return Fix(
            kind="manual",
            code="pip uninstall -y spconv cumm, then install the spconv package of torch's CUDA release "
            '(python -c "import torch; print(torch.version.cuda)" shows it): spconv-cu118 for CUDA 11.8, spconv-cu121 '
            "for 12.1, and so on; it brings the matching cumm.",
        )
    if name == "xformers":
        # PyPI has xformers wheels, each pinning one torch release: a "rebuild" would reinstall that same wheel.
        return Fix(
            kind="manual",
            code="Each xformers release's wheels are made for one torch release: install the one made for your torch "
            '(python -c "import torch; print(torch.__version__)" shows it; torchenv explain --package torch=VERSION '
            "names the exact pin), or let pip move torch to the newest xformers' torch: pip install --upgrade xformers",
        )
    return _rebuild_fix(ctx, name)


def _rebuild_fix(ctx: Context, name: str) -> Fix:
    """The extension had again for the installed torch, the way its project publishes it (compat.extension_distribution):
    a source build of its PyPI or git source, its release made for this torch, or, for a name nobody lists, a rebuild
    from wherever it came from (a pip command with a guessed name could fetch nothing, or an unrelated project)."""
    if name == "torch":
        # torch's own files named as the extension: a clean reinstall of torch's wheel, not a build.
        return ctx.install(["--no-deps", "--no-cache-dir", "torch"], reinstall=True, restart_kernel=True)
    known = compat.extension_distribution(name) or {}
    published = known.get("pypi")
    if published in ("source", "source_and_wheels", "git"):
        return _source_build_fix(ctx, known)
    if published == "wheels":
        return _wheels_only_fix(known)
    submodule = compat.project_submodule_of(name)
    if submodule:
        return Fix(
            kind="manual",
            code=f"In the project's folder, build {name} again from its submodule against the installed torch: pip install "
            f"--force-reinstall --no-build-isolation --no-cache-dir submodules/{submodule[0]}",
            note=submodule[1] or "",
            restart_kernel=True,
        )
    owner = (((ctx.capture or {}).get("folder_owners") or {}).get("owners") or {}).get(name.lower())
    if owner and known.get("pypi") != "other_project":
        return _owner_rebuild_fix(ctx, name, owner)
    return _unlisted_rebuild_fix(name, known)


# pip's words for what each source is rebuilt from: --no-deps keeps a dependency pin from swapping the torch it is
# rebuilt for, --no-cache-dir skips the wheel pip built against the old torch, --no-build-isolation builds against the
# installed torch, not a fresh one in an isolated environment.
_REBUILD = ["--no-deps", "--no-cache-dir", "--no-build-isolation"]


def _owner_rebuild_fix(ctx: Context, name: str, owner: dict[str, Any]) -> Fix:
    """The distribution that installed the folder (probes/owners.py), rebuilt from where it was installed from."""
    distribution, source = str(owner["distribution"]), owner.get("source")
    why = f"{name} was installed by {distribution} {owner.get('version') or ''}".rstrip()
    if source == "git" and owner.get("url"):
        target = f"git+{owner['url']}" + (f"@{owner['commit']}" if owner.get("commit") else "")
        target += f"#subdirectory={owner['subdirectory']}" if owner.get("subdirectory") else ""
        note = f"{why}, from that git repository: this builds the same commit again against the installed torch."
        return ctx.install([*_REBUILD, target], reinstall=True, restart_kernel=True, note=note)
    url = str(owner.get("url") or "")
    if source == "archive" and url.endswith(".whl"):
        # A wheel is already built: installing it again brings back the same build.
        return Fix(
            kind="manual",
            code=f"Install a wheel of {distribution} built for the installed torch, or build {distribution} from its "
            f"source against it (pip install --force-reinstall {' '.join(_REBUILD)} <its source folder or archive>).",
            note=f"{why}, from the prebuilt wheel {url.rsplit('/', 1)[-1]}, made for another torch.",
            restart_kernel=True,
        )
    if source == "archive" and url:  # a source archive, by its URL (https:// or file://): pip builds it
        note = f"{why}, from that archive: this builds it again against the installed torch."
        return ctx.install([*_REBUILD, url], reinstall=True, restart_kernel=True, note=note)
    if source == "folder":
        where = owner.get("path") or url
        editable = "-e " if owner.get("editable") else ""
        return Fix(
            kind="manual",
            code=f"In {where}, the folder {distribution} was installed from, build it again against the installed torch: "
            f"pip install --force-reinstall {' '.join(_REBUILD)} {editable}.",
            note=f"{why}, from that local folder. A build folder left from the old build (build/) can be reused by the build "
            "tool: delete it first.",
            restart_kernel=True,
        )
    version = str(owner.get("version") or "")
    pinned = f"{distribution}=={version}" if version else distribution
    return ctx.install(
        [*_REBUILD, "--no-binary", distribution, pinned],
        reinstall=True,
        restart_kernel=True,
        note=f"{why}, from the package index: this builds the same release from its source archive against the installed "
        f"torch (needs a C++ compiler, and nvcc for CUDA). Where the index has only wheels of {distribution}, pip finds no "
        "source to build: then install its release built for this torch.",
    )


def _host(known: dict[str, str]) -> str:
    """The framework an extension's compiled code is built against, as a fix names it."""
    return "TensorFlow" if known.get("host") == "tensorflow" else "torch"


def _source_build_fix(ctx: Context, known: dict[str, str]) -> Fix:
    """pip building the extension's PyPI source archive (or its git repository) against the installed torch."""
    # --no-deps: a dependency pin must not swap the torch it is rebuilt for; --no-cache-dir: pip's cache holds the wheel
    # built against the old torch; --no-binary: where PyPI has wheels too, pip would take one, not build.
    source = known["install"] if known["pypi"] == "git" else known["distribution"]
    binary = ["--no-binary", known["distribution"]] if known["pypi"] == "source_and_wheels" else []
    return ctx.install(
        ["--no-deps", "--no-cache-dir", "--no-build-isolation", *binary, source],
        reinstall=True,
        restart_kernel=True,
        note=f"This builds {known['distribution']} against the installed torch (needs a C++ compiler, and nvcc for CUDA); "
        "a prebuilt wheel made for this torch and CUDA, where the project publishes one, avoids the build.",
    )


def _wheels_only_fix(known: dict[str, str]) -> Fix:
    """An extension PyPI has as prebuilt wheels only: its release built for the installed framework, not a reinstall."""
    distribution, host = known["distribution"], _host(known)
    return Fix(
        kind="manual",
        code=f"Install the {distribution} release built for the installed {host} (its release notes or install page pair "
        f"each {distribution} release with one {host} release), or install the {host} release this {distribution} was "
        "built for.",
        note=f"PyPI has {distribution} as prebuilt wheels only, each built for one {host} release: reinstalling it brings "
        "back the same build.",
        restart_kernel=True,
    )


def _unlisted_rebuild_fix(name: str, known: dict[str, str]) -> Fix:
    """An extension no table lists (or whose PyPI namesake is another project): rebuilt from where it came from."""
    namesake = (
        f" PyPI's package named {name} is another project ({known['source']}): do not install it by name."
        if known.get("pypi") == "other_project"
        else ""
    )
    return Fix(
        kind="manual",
        code=f"Build {name} again against the installed {_host(known)} from the source it was installed from (the project's "
        "repository or folder): there, run pip install --force-reinstall --no-build-isolation --no-cache-dir . ; or install "
        "its build made for this torch and CUDA, where the project publishes one.",
        note=f"{name} is the folder's name: the distribution that installed it may be named otherwise (pip list shows the "
        f"installed names).{namesake}",
        restart_kernel=True,
    )


# k2's installation pages (https://k2-fsa.github.io/k2/installation/from_wheels.html): its wheels are built per torch
# release and CUDA (versions like 1.24.4.dev20250714+cuda12.1.torch2.6.0) and served from its own find-links pages,
# cuda.html for Linux CUDA builds and cpu.html for CPU builds (macOS and Windows have CPU wheels only). PyPI's k2 is
# an old py3-none-any wheel made for no particular torch (pip's resolver picks k2-1.23.4-py3.9-none-any.whl), so
# reinstalling the PyPI name would neither rebuild nor match it.
K2_WHEELS_PAGE = "https://k2-fsa.github.io/k2/installation/from_wheels.html"


K2_CUDA_INDEX, K2_CPU_INDEX = "https://k2-fsa.github.io/k2/cuda.html", "https://k2-fsa.github.io/k2/cpu.html"


def _k2_fix(ctx: Context, torch_version: str) -> Fix:
    """The k2 wheel of k2's own index built for this torch release and its CUDA (or CPU) build."""
    torch_release, variant = versions.release(torch_version), versions.variant(torch_version)
    cuda = versions.cuda_of_tag(variant)
    if ctx.os_name != "linux" and ctx.platform is not None:
        # Windows and macOS: k2 publishes CPU wheels only there; a CUDA k2 means building it from source.
        build, index = "CPU build (k2 has CPU wheels only for Windows and macOS)", f"-f {K2_CPU_INDEX}"
    elif cuda:
        build, index = f"CUDA {cuda} build", f"-f {K2_CUDA_INDEX}"
    elif variant:
        build, index = "CPU build", f"-f {K2_CPU_INDEX}"
    else:
        build, index = "CUDA (or CPU) build", f"-f {K2_CUDA_INDEX} (-f {K2_CPU_INDEX} for a CPU torch)"
    made_for = f"torch {torch_release}'s {build}" if torch_release else f"the installed torch's {build}"
    return Fix(
        kind="manual",
        code=f"Install the k2 wheel made for {made_for} from k2's own wheel index instead of PyPI: {K2_WHEELS_PAGE} "
        "lists one k2 version per torch release and CUDA (versions like 1.24.4.dev20250714+cuda12.1.torch2.6.0); "
        f"install the newest one listed for your torch with pip install --no-deps --force-reinstall {index}",
        note="PyPI's k2 is an old wheel made for no particular torch, so reinstalling k2 from PyPI does not fix this; "
        'python -c "import torch; print(torch.__version__, torch.version.cuda)" shows the torch and CUDA to match.',
    )


# PyPI's sageattention is 1.0.6, the Triton-only first version (pip's resolver, checked: sageattention-1.0.6-py3-none-any);
# SageAttention 2's CUDA kernels are built from the repository against the installed torch (thu-ml/SageAttention's
# README: git clone, then `python setup.py install` or `pip install -e .`), and for Windows woct0rdho/SageAttention
# publishes wheels per torch and CUDA release.
SAGEATTENTION_GIT = "git+https://github.com/thu-ml/SageAttention.git"
SAGEATTENTION_WINDOWS_WHEELS = "https://github.com/woct0rdho/SageAttention/releases"


def _sageattention_fix(ctx: Context) -> Fix:
    """SageAttention 2 rebuilt for the installed torch (Linux) or its Windows wheel for that torch: never PyPI's 1.0.6."""
    if ctx.os_name == "windows":
        return Fix(
            kind="manual",
            code=f"Install the SageAttention wheel made for your torch and CUDA from {SAGEATTENTION_WINDOWS_WHEELS} "
            '(python -c "import torch; print(torch.__version__)" shows both), with the Python that runs it: '
            "python -m pip install --force-reinstall --no-deps followed by that wheel's address.",
            note="PyPI's sageattention is 1.0.6, which has no CUDA kernels: reinstalling from PyPI does not fix this.",
            restart_kernel=True,
        )
    return ctx.install(
        ["--no-deps", "--no-build-isolation", SAGEATTENTION_GIT],
        reinstall=True,
        restart_kernel=True,
        note="Builds SageAttention 2's CUDA kernels against the installed torch (needs nvcc and the GPU visible); PyPI's "
        "sageattention is 1.0.6, which has none.",
    )


# detectron2 is not on PyPI (https://pypi.org/project/detectron2/ is not the project's):
# facebookresearch/detectron2 INSTALL.md installs it from the git repository, or from its
# prebuilt-wheel indexes for the torch/CUDA pairs of its table (data/detectron2_wheels.csv).
DETECTRON2_GIT = "git+https://github.com/facebookresearch/detectron2.git"


def detectron2_install_fix(ctx: Context, *, rebuild: bool) -> Fix:
    """Install (or, ``rebuild``, reinstall) detectron2 for the torch installed here.

    A prebuilt wheel only where detectron2's table has one for this torch minor and CUDA
    (Linux wheels only); otherwise a source build with ``--no-build-isolation`` (it must
    compile against this torch, not a fresh one pip would fetch into an isolated build
    environment), its note listing the compiler and nvcc checks the toolchain probe made.
    """
    row = _prebuilt_row(ctx)
    if row is not None:
        return ctx.install(
            [f"detectron2=={row['detectron2']}", "-f", str(row["url"])],
            reinstall=rebuild,
            restart_kernel=True,
            note=f"The prebuilt detectron2 {row['detectron2']} wheel for torch {row['torch']} "
            f"({_variant_words(row['cuda'])}), from facebookresearch/detectron2 INSTALL.md.",
        )
    return ctx.install(
        ["--no-build-isolation", DETECTRON2_GIT],
        reinstall=rebuild,
        restart_kernel=True,
        note=" ".join(_source_build_notes(ctx)),
    )


def _prebuilt_row(ctx: Context) -> dict[str, Any] | None:
    """detectron2's prebuilt wheel for this torch minor and CUDA (or CPU), on Linux; None otherwise."""
    from .. import compat

    known, cuda = build_cuda(ctx)  # unknown CUDA (an untagged stated version): no wheel to pick
    if not known or not ctx.torch_version or ctx.platform in ("windows", "macos"):
        return None
    release = versions.cuda_release(cuda) if cuda else None
    if cuda and release is None:
        return None
    wanted = f"{release[0]}.{release[1]}" if release else "cpu"  # the table's "11.3" / "cpu"
    return next((row for row in compat.detectron2_prebuilt(ctx.torch_version) if row.get("cuda") == wanted and row.get("url")), None)


def _variant_words(cuda: str) -> str:
    return "CPU only" if cuda == "cpu" else f"CUDA {cuda}"


def _source_build_notes(ctx: Context) -> list[str]:
    """What the source build needs, checked against the toolchain facts where they were probed."""
    _known, cuda = build_cuda(ctx)
    torch_version = ctx.torch_version
    notes = [
        "detectron2 is not on PyPI and has no prebuilt wheel for "
        + (f"torch {torch_version} here" if torch_version else "this torch")
        + ": this builds it from source against the installed torch"
        + ("." if torch_version else " (install torch first).")
    ]
    if ctx.platform == "windows":
        from .. import compat

        supported = compat.detectron2_requirements().get("os") or "Linux or macOS"
        notes.append(f"detectron2's INSTALL.md supports {supported} only; on Windows the build often fails: prefer WSL.")
    notes.append(_compiler_note(ctx))
    if cuda:
        notes.append(_nvcc_note(ctx, cuda))
    return [note for note in notes if note]


def _compiler_note(ctx: Context) -> str:
    from .. import compat

    tools = ctx.fact("toolchain")
    minimum = compat.detectron2_requirements().get("gcc", "")
    needs = f"a C++ compiler (gcc {minimum})" if minimum else "a C++ compiler"
    compiler = tools.get("compiler") if "compiler" in tools else None
    if ctx.platform == "windows":
        return "First check: it needs Microsoft's C++ compiler (cl.exe, Visual Studio Build Tools)."
    if compiler is None:  # not probed (a pasted error)
        return f"First check: it needs {needs}."
    if not compiler.get("path"):
        return f"First install {needs}: none was found on PATH (c++ / g++)."
    version = f" {compiler['version']}" if compiler.get("version") else ""
    return f"Compiler found: {compiler.get('kind') or compiler.get('command')}{version} ({compiler['path']})."


def _nvcc_note(ctx: Context, cuda: str) -> str:
    """torch is a CUDA build: the build needs nvcc of the same CUDA major (torch.utils.cpp_extension)."""
    major = cuda.split(".")[0]
    tools = ctx.fact("toolchain")
    # The toolkit's default folder for torch's own CUDA (never a fixed version).
    folder = f"C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v{cuda}" if ctx.platform == "windows" else f"/usr/local/cuda-{cuda}"
    example = f"CUDA_HOME={folder}"
    if "nvcc" not in tools:  # not probed (a pasted error)
        return f"torch is a CUDA {cuda} build: the build needs nvcc from a CUDA {major}.x toolkit (for example {example})."
    nvcc = tools.get("nvcc") or {}
    have = str(nvcc.get("version") or "")
    if not nvcc:
        return f"No nvcc was found: install a CUDA {major}.x toolkit and set CUDA_HOME to it (for example {example}) before building."
    if have and have.split(".")[0] != major:
        return f"nvcc here is CUDA {have}, torch is CUDA {cuda}: point CUDA_HOME at a CUDA {major}.x toolkit (for example {example}) first."
    return f"nvcc found: CUDA {have or '?'} ({nvcc.get('path')}), the same CUDA major as torch's {cuda}."
