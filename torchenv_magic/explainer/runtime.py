"""Failures with cause ``other``, named so the user is not sent reinstalling: errors that are
not about the environment at all (CUDA out of memory, tensors on different devices, a
device-side assert: failures of the code or the data), and causes no environment cause id
names (a full disk during an install, a build's duplicate rpath, TorchScript without sources).

The extractor only says which of them the text shows (``kind``); rules/other.py words the
finding. :func:`fallback` is explain()'s answer when nothing matched at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import compat
from .signals import Signal, extractor, signal
from .text import ErrorText

if TYPE_CHECKING:
    from ..model import Finding

# What TorchScript says when it cannot read a scripted function's .py source (vision.py leaves such texts to this).
NO_SOURCE = re.compile(r"TorchScript requires source access in order to carry out compilation|^OSError: could not get source code", re.M)

# kind, what the text says, how surely it is that kind. The first four are failures of the code or the data, not
# of the install; the rest have a cause no environment cause id names, each with its own wording in rules/other.py.
_OTHER_KINDS: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("out_of_memory", re.compile(r"CUDA out of memory|OutOfMemoryError: CUDA|CUBLAS_STATUS_ALLOC_FAILED"), 0.6),
    ("mps_out_of_memory", re.compile(r"MPS backend out of memory"), 0.6),
    ("device_mismatch", re.compile(r"Expected all tensors to be on the same device"), 0.6),
    ("device_assert", re.compile(r"device-side assert triggered"), 0.6),
    # TorchScript compiles a scripted function from its .py source; a frozen app (PyInstaller, cx_Freeze) bundles
    # only bytecode (pyinstaller/pyinstaller#4926: torchvision's _rejection_sample; the maintainers' answer: ship
    # the sources). inspect's own words for it under torch.jit's frames: pyinstaller/pyinstaller#4251.
    ("torchscript_no_source", NO_SOURCE, 0.95),
    # An install that stopped because the disk was full: what failed afterwards (No module named 'torch') follows
    # from it. pip unpacks into the temporary folder, often a small /tmp (easydiffusion/easydiffusion#1649: torch's
    # 173 MB nvidia-cusparse wheel, "[Errno 28] No space left on device" with 50 GB free on the main disk).
    ("disk_full", re.compile(r"No space left on device|OSError: \[Errno 28\]"), 0.95),
    # macOS 15.4+'s dyld refuses a library listing one rpath twice: torch built from source in a conda or pixi
    # environment wrote '@loader_path' twice into libtorch_cpu.dylib (pytorch/pytorch PR #189704, the build's fix).
    ("duplicate_rpath", re.compile(r"duplicate LC_RPATH '[^'\n]{1,200}'"), 0.85),
    # glibc 2.41's dlopen no longer makes the stack executable for a library whose GNU_STACK header asks for it; loading
    # it fails instead (glibc 2.41 NEWS). Wheels linked with that flag stop importing on Debian trixie and other glibc 2.41+ systems
    # (OpenNMT/CTranslate2#1849 and TeamAudio/reaspeech#184: ctranslate2 4.5.0 and 4.3.1, mended in 4.6; ROCm's
    # librccl: lamikr/rocm_sdk_builder#241). Not a C runtime too old: one too new for that build.
    ("executable_stack", re.compile(r"cannot enable executable stack as shared object requires"), 0.85),
    # A torch extension's compiled module imported on its own, before torch: torch's libraries are found only once
    # `import torch` has loaded them (AlwaysFHao/Mamba-Install#1: `import causal_conv1d_cuda`
    # raising "libc10.so: cannot open shared object file"; the maintainer's fix was importing torch first).
    (
        "import_torch_first",
        re.compile(
            r"^(?:>>> )?import (?!torch\b)\w{1,80}\s{0,4}\n(?:[^\n]{0,200}\n){0,3}?"
            r"ImportError: lib(?:c10|torch(?:_cpu|_python|_cuda)?)\.so: cannot open shared object file",
            re.M,
        ),
        0.7,
    ),
    # The same for torch's core library, whoever imports the compiled module (k2-fsa/k2#349: k2/autograd.py's
    # `import _k2` raising "libc10.so: cannot open"; the maintainer's fix was importing torch first). libc10.so is in
    # every torch, so not finding it means no torch was loaded yet, whatever the module was built against.
    (
        "import_torch_first",
        re.compile(
            r"^\s{0,12}(?:>>> )?(?:import (?!torch\b)[\w.]{1,80}|from (?!torch\b)[\w.]{1,80} import [\w, ]{1,200})\s{0,4}\n"
            r"(?:[^\n]{0,200}\n){0,3}?ImportError: libc10\.so: cannot open shared object file",
            re.M,
        ),
        0.9,
    ),
    # macOS words the same: dyld asked by an extension outside torch for @rpath/libc10.dylib, which only a loaded torch
    # provides to it (zoeyzyhu/pydisort#92: "Library not loaded: @rpath/libc10.dylib" from pydisort's own .so, imported
    # without torch; the maintainer's fix made the extension import torch first). Not torch's own _C.so asking. Older
    # dyld writes dlopen's flags as a number ("..., 2)"), newer as hex ("..., 0x0002)").
    (
        "import_torch_first",
        re.compile(
            r"dlopen\((?![^\n,]{0,300}[/\\]torch[/\\])[^\n,]{1,300}\.so, (?:0x)?\w{1,8}\): Library not loaded: "
            r"@rpath/lib(?:c10|torch(?:_cpu|_python)?)\.dylib"
        ),
        0.8,
    ),
    # A top-level extension module (site-packages' or an egg's own .so, which a user imports by itself) that left
    # torch's Python-binding symbols (THPVariableClass, plain C names of libtorch_python) to an already imported torch:
    # "undefined symbol: THPVariableClass" when imported first (rusty1s/pytorch_scatter#6, pytorch/extension-cpp#6:
    # both fixed by importing torch first); so does one built in the working directory ("./smtl_cuda.so": pytorch/pytorch
    # #8036, the maintainer's answer the same). Inside a package (detectron2/_C.so), the package imported torch before
    # it, so another torch's build is the reading (extension_abi_mismatch); so is a mangled name (_Z...THPVariable_Wrap).
    (
        "import_torch_first",
        re.compile(
            r"(?:(?:site-packages|dist-packages|\.egg)/\w{1,80}\.(?:cpython|abi3)[\w.-]{0,60}|(?<![\w/.])\./\w{1,80}[\w.-]{0,60})"
            r"\.so: undefined symbol: THP[A-Z]\w{1,60}\s{0,4}$",
            re.M,
        ),
        0.9,
    ),
    # CUDA's initialisation inside a container on WSL2 with a Windows driver newer than the container toolkit knows:
    # "Error 500: named symbol not found" (open-webui/open-webui#2527, where an NVIDIA engineer named driver 555 with
    # an older toolkit that does not map its new library into containers; YanWenKun/ComfyUI-Docker#74: fixed by updating Docker).
    ("container_toolkit_outdated", re.compile(r"cudaGetDeviceCount\(\)[^\n]{0,200}Error 500: named symbol not found"), 0.7),
    # Windows' py launcher asked for a Python version that is not installed (gitmylo/audio-webui#132: a run.bat asking
    # for 3.10 with only 3.11 installed; fixed by installing 3.10 beside it). No environment cause: a Python is missing.
    ("python_version_missing", re.compile(r"No suitable Python runtime found"), 0.8),
    # Windows' App Execution Alias answering `python` when no Python is on PATH (AUTOMATIC1111/stable-diffusion-webui#1423:
    # webui.bat's "Couldn't launch python", exit code 9009; fixed by reinstalling Python with "Add to PATH" ticked).
    ("python_not_on_path", re.compile(r"Python was not found; run without arguments to install from the Microsoft Store"), 0.8),
    # TensorFlow's start-up lines for TensorRT, which it goes on without ("TF-TRT Warning: Cannot dlopen some TensorRT
    # libraries", newer "TF-TRT Warning: Could not find TensorRT"): "it's just a tensorflow msg, ignore it"
    # (TheLastBen/fast-stable-diffusion#1580). Weak on purpose: any error read below them comes first.
    ("tensorrt_optional", re.compile(r"TF-TRT Warning: (?:Cannot dlopen some TensorRT libraries|Could not find TensorRT)"), 0.3),
    # pip's own hint when a file it unpacks lies deeper than Windows' 260-character limit (pip.pypa.io/warnings/
    # enable-long-paths; Dao-AILab/flash-attention#1631: composable_kernel's headers under %TEMP%\pip-install-...).
    ("windows_long_path", re.compile(r"does not have Windows Long Path support enabled"), 0.9),
    # Keras registers its metrics with TensorFlow on import; a keras (or keras-nightly) of another release than the
    # TensorFlow installed registers them a second time (drivendataorg/cloud-cover-runtime#14: fixed by pinning keras
    # to TensorFlow's release), or asks TensorFlow's private API for a name that release lacks (tensorflow/tensorflow
    # #51850: keras-nightly a month newer than tf-nightly, fixed by reinstalling the matching keras-nightly).
    (
        "keras_for_other_tensorflow",
        re.compile(
            r"Cannot register 2 metrics with the same name: /tensorflow/api/keras|Another metric with the same name already exists"
            # Its private API under any of TensorFlow's module paths (tensorflow._api.v2.compat.v2.__internal__:
            # katanemo/plano#231, TensorFlow 2.18 released under a pinned Keras, fixed by pinning TensorFlow).
            r"|module 'tensorflow\.(?:[\w.]{1,60}\.)?__internal__[\w.]{0,80}' has no attribute"
        ),
        0.75,
    ),
    # JAX's pieces come in matching releases (docs.jax.dev/en/latest/installation.html: jax and jaxlib of one release,
    # the CUDA plugin through the jax[cuda12] extra). jax's own check ("jaxlib is version 0.1.69, but this version of jax
    # requires version 0.1.74": Zuricho/ParallelFold#13), a plugin's (ma-gilles/recovar#64; google-deepmind/
    # weathernext#185: libtpu newer than jax, fixed by jax[tpu]), and a library built on JAX's API asking it for a name
    # another release has (google-deepmind/dm-haiku#313: 'jaxlib.xla_extension' has no 'PmapFunction', fixed by
    # upgrading jax; google-deepmind/optax#694: 'jax.numpy' has no 'DeviceArray', fixed by a newer optax;
    # pyro-ppl/numpyro#1165: "cannot import name 'partial' from 'jax'"; alan-turing-institute/AIrsenal#658: "No module
    # named 'jax.linear_util'"; Emerge-Lab/gpudrive#499: "No module named 'jaxlib.xla_extension'", jaxlib 0.6.2 under jax
    # 0.4.0). Also a plugin and jaxlib disagreeing on a PJRT C API struct's size ("Unexpected PJRT_FFI_UserData_Add_Args
    # size: expected 48, got 40": AI-Hypercomputer/maxtext#2736, jaxlib 0.8.1 under jax_cuda12_plugin 0.7.2), and jaxlib's
    # TPU executor (its TensorFlow sources are external/org_tensorflow) missing an entry point in the libtpu loaded
    # ("TpuTransferManager_ReadDynamicShapes not available in this library": jax-ml/jax#7247, fixed by jax[tpu]).
    (
        "jax_release_mismatch",
        re.compile(
            r"jaxlib is version [\w.]{1,20}, but this version of jax requires|jaxlib version [\w.]{1,20} is newer than and incompatible"
            r"|is not compatible with the installed jaxlib version|plugin is likely built with a \w{1,10} version than the framework"
            r"|Mismatched PJRT plugin PJRT API version|Unexpected PJRT_\w{1,80} size: expected \d{1,6}, got \d{1,6}"
            r"|external/org_tensorflow/tensorflow/core/tpu/tpu_executor_init_fns\.inc:\d{1,6}\] \w{1,120} not available in this library"
            r"|module 'jax(?:lib)?(?:\.[\w.]{1,80})?' has no attribute '\w{1,80}'"
            r"|cannot import name '\w{1,80}' from 'jax(?:lib)?(?:\.[\w.]{1,80})?'|No module named 'jax(?:lib)?\.[\w.]{1,80}'"
        ),
        0.65,
    ),
)

# A name a newer release of its package removed (compat.removed_by_release), asked for by code written for an older
# one: "module 'numpy' has no attribute 'float'" under NumPy 1.24+, PIL.Image's ANTIALIAS under Pillow 10, "cannot
# import name 'PILLOW_VERSION' from 'PIL'" under Pillow 9, torch._six under torch 2 (facebookresearch/SlowFast#649 and
# pytorch/pytorch#102410 in the corpus). The code is older than the package, not the other way round; a pin below that
# release mends it where that release still installs, which the Python the traceback's paths name can rule out.
_NAME_GONE = re.compile(
    r"module '([\w.]{1,80})' has no attribute '(\w{1,80})'|No module named '([\w.]{1,80})\.(\w{1,80})'"
    r"|cannot import name '(\w{1,80})' from '([\w.]{1,80})'"
    # NumPy 2's own words for its removed names: "`np.float_` was removed in the NumPy 2.0 release. Use `np.float64`".
    r"|`(np)\.(\w{1,80})` was removed in the NumPy 2\.0 release"
)
_PYTHON_NAMED = re.compile(r"python3\.(\d{1,2})\b|Python 3\.(\d{1,2})\b", re.I)


@extractor
def name_removed_by_release(err: ErrorText) -> Iterator[Signal]:
    first = err.search(_NAME_GONE)  # through the prefilter: most texts name no missing attribute or module
    for match in _NAME_GONE.finditer(err.text, first.start()) if first else ():
        module, name = _module_and_name(match)
        removed = compat.removed_by_release(module, name)
        if removed is None:
            continue
        package, release = removed.distribution, removed.release
        said = f"{package} {release} removed {module}.{name}: the code was written for an older {package}; use {removed.replacement}"
        pin = removed.pin_below_python is not None and _pin_installs(err, removed.pin_below_python)
        # The live kernel's own Python, which the text may not name, is checked against python_below by the rule.
        requirement = {"requirement": f"{package}<{release}", "python_below": removed.pin_below_python} if pin else {}
        # A stated version of the package whose code asks for the name goes first (pytorch/vision#5374: torchvision
        # 0.2.2 beside torch 1.10.1, whose matching torchvision no longer asks).
        confidence = 0.45 if removed.asked_by and err.package(removed.asked_by) else 0.65
        yield signal("other", confidence, [err.evidence(match), said], kind="name_removed_by_release", **requirement)
        return


def _module_and_name(match: re.Match[str]) -> tuple[str, str]:
    if match.group(1):
        return match.group(1), match.group(2)
    if match.group(3):
        return match.group(3), match.group(4)
    if match.group(7):
        return "numpy", match.group(8)
    return match.group(6), match.group(5)


def _pin_installs(err: ErrorText, below: str) -> bool:
    """False when the text's paths name a Python at or above ``below`` (3.x), on which the pinned release has no wheel."""
    minor = int(below.split(".")[1])
    named = (int(m.group(1) or m.group(2)) for m in _PYTHON_NAMED.finditer(err.text))
    return all(version < minor for version in named)


# Windows refuses a path of 260 characters or more (MAX_PATH counts the closing NUL) unless long paths are enabled
# (learn.microsoft.com, "Maximum Path Length Limitation"). Older pip says only "No such file or directory" for it
# (Dao-AILab/flash-attention#1607: a 260-character header path under pip-install-..., fixed by LongPathsEnabled=1).
_WINDOWS_PATH_MISSING = re.compile(r"No such file or directory: '([A-Za-z]:\\[^'\n]{200,2000})'")
_MAX_PATH = 260


@extractor
def windows_path_too_long(err: ErrorText) -> Iterator[Signal]:
    """A Windows path pip could not write whose length reaches MAX_PATH (repr doubles its backslashes)."""
    match = err.search(_WINDOWS_PATH_MISSING)
    length = len(match.group(1).replace("\\\\", "\\")) if match else 0
    if match and length >= _MAX_PATH:
        said = f"the path is {length} characters: Windows' limit is {_MAX_PATH - 1}"
        yield signal("other", 0.8, [err.evidence(match), said], kind="windows_long_path")


# A JAX plugin failing in its own initialisation: a plugin of another release than jax and jaxlib (jax-ml/jax#26750: CUDA
# plugins newer than jax 0.4.35; the maintainer's fix, pip install jax[cuda12]==0.4.35), unless the plugin's own check
# names a CUDA library it did not find (jax-ml/jax#29843: "The cuSPARSE library was not found", an older copy on
# LD_LIBRARY_PATH), which is no release question.
_JAX_PLUGIN_FAILED = re.compile(r"Jax plugin configuration error: Exception when calling jax_plugins\.\w{1,60}\.initialize\(\)")
_JAX_PLUGIN_CUDA_CHECK = re.compile(r"versions_helpers\.cc|library was not found")


@extractor
def jax_plugin_failed(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_JAX_PLUGIN_FAILED)
    if match and not err.search(_JAX_PLUGIN_CUDA_CHECK):
        yield signal("other", 0.5, [err.evidence(match)], kind="jax_release_mismatch")


@extractor
def other_kinds(err: ErrorText) -> Iterator[Signal]:
    """Each kind the text shows; rules/other.py words the strongest (the first of equals, in this table's order)."""
    for kind, pattern, confidence in _OTHER_KINDS:
        match = err.search(pattern)
        if match:
            yield signal("other", confidence, [err.evidence(match)], kind=kind)


def fallback(err: ErrorText) -> Finding:
    """What explain() returns when no rule recognised a non-empty text."""
    from ..rules.other import no_match

    return no_match(err)
