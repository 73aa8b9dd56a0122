"""An add-on's own words, or pybind11's or Python's, for a compiled part built for another torch (or Python) than
the one running.

shared_libs.py reads the loader's words (undefined symbols, missing libraries); these are messages the add-ons,
pybind11 and Python's import of a compiled module print instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .imports import COMPANIONS, owner
from .signals import Signal, extractor, signal
from .text import ErrorText
from .unbuilt import COMPILED_NAME

# DGL's GraphBolt loads the library built for the running torch's release with torch.classes.load_library and says
# this when that load fails (dmlc/dgl's python/dgl/graphbolt/__init__.py, load_graphbolt: libgraphbolt_pytorch_<torch
# version>.so, whose absence its own message calls "a version mismatch between the installed DGL and the PyTorch
# version"; graeter-group/grappa#20: fixed by a clean torch 2.1.0 + CUDA 11.8 install with the DGL build made for it).
_GRAPHBOLT = re.compile(r"Cannot load Graphbolt C\+\+ library")
# pybind11 refusing torch's own types across the boundary: the extension was compiled with another pybind11 (or
# another compiler ABI) than torch's, so torch's registered types are foreign to it (hengyuan-hu/hanabi_SAD#8: the
# repository's pybind11 submodule at another commit than torch's).
_FOREIGN_TORCH_TYPE = re.compile(
    r"Unable to cast Python instance of type <class 'torch\._C\.\w{1,60}'> to C\+\+ type '(?:torch|at|c10)::[\w:]{1,120}'"
)

# k2's own import check: the CUDA its wheel was built with against the one torch runs with (k2-fsa/k2#963: a CUDA 10.1
# k2 wheel beside a CUDA 10.2 torch, fixed by installing both from the same index as a pair).
_K2_CUDA = re.compile(r"\b(k2) was built using CUDA (\d{1,2}\.\d{1,2})\s{1,12}But you are using CUDA (\d{1,2}\.\d{1,2}) to run it")
# Python 3 enters a compiled module through its PyInit_<name> function, Python 2 through init<name>: a module file
# without it was built for the other Python (or is a plain library, not a Python module). A project's ffi-era
# extension built under Python 2 and imported by Python 3 (longcw/RoIAlign.pytorch's _crop_and_resize in
# godisboy/DRPAN#5, fixed by Python 2.7 with torch 0.4.1), or an extension linked with another Python's config
# (facebookresearch/ELF#15: rebuilt with PYTHON_CONFIG naming the Python that runs it). Python's own message,
# Python/importdl.c.
_NO_MODULE_INIT = re.compile(r"dynamic module does not define (?:module export|init) function \((?:PyInit_|init)(\w{1,80})\)")
_COMPANION_FRAME = re.compile(r"[/\\](torchvision|torchaudio|torchtext)[/\\][\w.]{1,60}\.py$")


# A TensorFlow add-on's own check of the TensorFlow release it was built with against the one installed:
# openvino_tensorflow's "Error: Installed TensorFlow version 2.5.1 / openvino_tensorflow built with: 2.5.0"
# (openvinotoolkit/openvino_tensorflow#168: Colab's notebooks then pinned tensorflow==2.5.0, the release it was built with).
# The same words are in openvino_tensorflow 2.0.0's __init__.py (read in its cp39 manylinux2014 wheel), which raises them
# when the installed TensorFlow's major.minor differs from the one it was built with.
_TF_ADDON_BUILT_WITH = re.compile(
    r"Installed TensorFlow version (\d{1,2}\.\d{1,3}\.\d{1,3})\s{1,8}([A-Za-z][\w .-]{0,60}?) built with: (\d{1,2}\.\d{1,3}\.\d{1,3})\b"
)


@extractor
def tensorflow_addon_says_built_for_another(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TF_ADDON_BUILT_WITH)
    if match and match.group(1) != match.group(3):
        add_on, installed, built = match.group(2).strip(), match.group(1), match.group(3)
        said = f"{add_on} was built with TensorFlow {built}; TensorFlow {installed} is installed"
        detail = {"extension": add_on, "host": "tensorflow", "built_with": built, "installed": installed}
        yield signal("extension_abi_mismatch", 0.85, [err.evidence(match), said], **detail)


@extractor
def addon_says_built_for_another_torch(err: ErrorText) -> Iterator[Signal]:
    graphbolt = err.search(_GRAPHBOLT)
    if graphbolt:
        said = "DGL's GraphBolt has no library built for the torch release running"
        yield signal("extension_abi_mismatch", 0.75, [err.evidence(graphbolt), said], extension="dgl", library="graphbolt")
        return
    foreign = err.search(_FOREIGN_TORCH_TYPE)
    if foreign:
        said = "pybind11 does not know torch's own type: the extension was built with another pybind11 or compiler than torch"
        evidence = [err.evidence(foreign), said]
        yield signal("extension_abi_mismatch", 0.7, evidence, extension=None, library=None, reason="foreign_pybind11")
        return
    k2 = err.search(_K2_CUDA)
    if k2:
        said = f"k2 was built with CUDA {k2.group(2)}; the torch running it is a CUDA {k2.group(3)} build"
        yield signal("extension_abi_mismatch", 0.85, [err.evidence(k2), said], extension="k2", library=None)
        return
    no_init = err.search(_NO_MODULE_INIT)
    companion = _COMPANION_FRAME.search(err.importer(no_init.start()) or "") if no_init else None
    if no_init and companion:
        # torchvision's own _C (pytorch/vision#1096: torchvision's master built against the torch 1.1 release, whose _C
        # took another form; the v0.3 branch, torchvision's release for torch 1.1, worked): a companion of another torch.
        said = f"{companion.group(1)}'s own compiled {no_init.group(1)} does not fit: {companion.group(1)} is of another torch release"
        detail = {"package": companion.group(1), "reason": "own_import_failed"}
        yield signal("torchvision_torch_mismatch", 0.8, [err.evidence(no_init), said], **detail)
        return
    if no_init:
        said = f"the compiled module {no_init.group(1)} has no entry point for this Python: it was built for another Python"
        evidence = [err.evidence(no_init), said]
        detail = {"extension": None, "library": None, "module": no_init.group(1), "reason": "another_python"}
        yield signal("extension_abi_mismatch", 0.75, evidence, **detail)


# An installed package's own file importing its compiled module by the package's name with a leading underscore
# (k2/__init__.py's `from _k2 import ...`), and Python finding none: the compiled module installed is for another
# Python (k2-fsa/k2#513: _k2.cpython-38 in a Python 3.6 env) or platform (k2-fsa/k2#1275: no aarch64 wheel; built
# from source, it worked). Either way the package's build does not match this interpreter.
_UNDERSCORED_MISSING = re.compile(r"No module named '(_([A-Za-z]\w{0,60}))'")


@extractor
def installed_package_lacks_its_compiled_module(err: ErrorText) -> Iterator[Signal]:
    missing = err.search_last(_UNDERSCORED_MISSING)
    frames = err.frames_before(missing.start()) if missing else []
    package = owner(frames[-1].replace("\\", "/")) if frames else None
    if missing and package and package == missing.group(2) and package not in ("torch", *COMPANIONS):
        module = missing.group(1)
        said = f"{package}'s own {frames[-1]} imports {module}, its compiled module, and this Python finds none it can load"
        detail = {"extension": package, "library": None, "module": module, "reason": "compiled_module_missing"}
        yield signal("extension_abi_mismatch", 0.6, [err.evidence(missing), said], **detail)


# A project's compiled part lacking a function its own Python code calls ("module 'alpaca_lora_4bit.quant_cuda' has no
# attribute 'vecquant4recons_v2'": johnsmith0031/alpaca_lora_4bit#147, where the maintainer named a kernel not rebuilt
# since the Python code moved on, and `python setup.py install` fixed it): the part was built from other sources.
_COMPILED_PART_LACKS = re.compile(rf"module '((?:[A-Za-z_]\w{{0,60}}\.){{0,6}}{COMPILED_NAME})' has no attribute '(\w{{1,80}})'")


# The same question of a module not named like a compiled part, for a function named as a CUDA kernel's entry: the
# package's compiled module was built without CUDA (myavartanoo/3DIAS_PyTorch#2: "module 'torchmcubes_module' has no
# attribute 'mcubes_cuda'" from PyPI's torchmcubes, a build without its CUDA part; the project's git build has it).
_CUDA_ENTRY_MISSING = re.compile(r"module '([A-Za-z_][\w.]{0,80})' has no attribute '(\w{0,60}(?:_cuda|_gpu|cuda_|gpu_)\w{0,60})'")


@extractor
def compiled_part_without_its_cuda_entry(err: ErrorText) -> Iterator[Signal]:
    match = None if err.search(_COMPILED_PART_LACKS) else err.search(_CUDA_ENTRY_MISSING)
    top = match.group(1).split(".")[0] if match else ""
    if not match or top in ("torch", *COMPANIONS):
        return
    frames = err.frames_before(match.start())
    package = (owner(frames[-1].replace("\\", "/")) if frames else None) or top
    without = f"{match.group(2)} is a CUDA kernel's entry that {match.group(1)} lacks: {package} was built without its CUDA part"
    yield signal("build_toolchain_missing", 0.6, [err.evidence(match), without], kind="built_without_cuda", extension=package)


@extractor
def compiled_part_older_than_its_code(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_COMPILED_PART_LACKS)
    top = match.group(1).split(".")[0] if match else ""
    if not match or top in ("torch", *COMPANIONS):
        return
    module, function = match.group(1), match.group(2)
    said = f"{module} is a compiled part; its Python code calls {function}, which the build installed does not have"
    cuda_function = _CUDA_FUNCTION.search(function)
    if cuda_function:
        without = f"{function} is the CUDA kernel's entry: {module} was built without its CUDA part (no CUDA at build time)"
        yield signal("build_toolchain_missing", 0.7, [err.evidence(match), without], kind="built_without_cuda", extension=top)
    detail = {"extension": top, "library": None, "module": module, "reason": "stale_build"}
    yield signal("extension_abi_mismatch", 0.5 if cuda_function else 0.65, [err.evidence(match), said], **detail)


# The part of a compiled module's function name that says it is the CUDA kernel's entry ("sample_farthest_points_cuda":
# torkit3d's _C built without CUDA, zyc00/Point-SAM#10, where the author's fix was FORCE_CUDA=1 pip install ...). Built
# without CUDA, the module has its CPU functions only; a build from older sources lacks a new function, CUDA's or not.
_CUDA_FUNCTION = re.compile(r"(?:^|_)(?:cuda|gpu)(?:_|$)", re.I)


# TensorFlow running a graph or SavedModel whose op no loaded library registered: the op's library (an add-on's custom
# ops, TF-DF's SimpleML ops) did not load into this TensorFlow, as when it was built for another TensorFlow release
# (tensorflow/decision-forests#214: "Op type not registered 'SimpleMLLoadModelFromPathWithHandle'"; each TF-DF release
# works with one TensorFlow release, its maintainers' answer). Named by the op; the add-on is the package it belongs to.
_TF_OP_NOT_REGISTERED = re.compile(r"Op type not registered '(\w{1,120})' in binary running on")


@extractor
def tensorflow_op_not_registered(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TF_OP_NOT_REGISTERED)
    if match:
        said = f"no library loaded into this TensorFlow registers the op {match.group(1)}"
        add_on = next((name for name in err.packages if name not in ("tensorflow", "keras", "tensorflow-gpu")), None)
        yield signal("extension_abi_mismatch", 0.7, [err.evidence(match), said], extension=add_on, host="tensorflow")


# A notebook's own check that the torch installed is the one the prebuilt wheel it installs next was made for
# (detectron2's Colab tutorial: `assert torch.__version__.startswith("1.7")` before `pip install detectron2 -f
# .../wheels/cu101/torch1.7/index.html`). Failing, the runtime's torch moved on (zymk9/Yet-Another-Anime-Segmenter#10:
# Colab's default torch was updated): that wheel would not load into it.
_TORCH_VERSION_ASSERTED = re.compile(r"assert\s{1,4}torch\.__version__[^\n]{0,120}")
_WHEEL_FOR_TORCH = re.compile(r"https?://\S{0,200}?/(detectron2|[a-z][\w-]{1,40})/wheels/[\w.]{1,20}/torch(\d\.\d{1,2})/\S{0,60}")


@extractor
def wheel_index_for_another_torch(err: ErrorText) -> Iterator[Signal]:
    asserted = err.search(_TORCH_VERSION_ASSERTED)
    wheel = err.search(_WHEEL_FOR_TORCH) if asserted and "AssertionError" in err.text else None
    if asserted and wheel:
        said = f"the {wheel.group(1)} wheels it installs next are built for torch {wheel.group(2)}"
        yield signal("extension_abi_mismatch", 0.75, [err.evidence(asserted), said], extension=wheel.group(1), built_for=wheel.group(2))


# Triton compiles its launcher helpers (cuda_utils, __triton_launcher) once per Python and CUDA into its cache
# (~/.triton/cache, %USERPROFILE%\.triton\cache on Windows) and imports them from there: one compiled for another
# Python or CUDA fails to load (woct0rdho/triton-windows#7: back whenever the reporter switched Python version; fixed
# by deleting the cache, and the maintainer's advice was a TRITON_CACHE_DIR per environment).
_TRITON_HELPER_NOT_LOADED = re.compile(r"DLL load failed while importing (cuda_utils|__triton_launcher)\b")


@extractor
def triton_cached_helper_unloadable(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TRITON_HELPER_NOT_LOADED)
    if match:
        said = f"{match.group(1)} is a helper Triton compiles into its cache: a cached copy from another Python or CUDA"
        yield signal("extension_abi_mismatch", 0.65, [err.evidence(match), said], extension="triton", reason="triton_cache")
