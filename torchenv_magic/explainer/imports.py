"""Import-state errors: a second import after a failed/interrupted one, and shadowing files.

After ``torch._C`` has loaded, a failed or interrupted ``import torch`` cannot be retried
in the same process: the native library keeps its registrations and the retry fails with
messages that point everywhere but the cause (design.md section 6, reproduced here):
``function 'abs' already has a docstring``, ``Only a single TORCH_LIBRARY can be used to
register the namespace prims``, ``duplicate registrations for ...``, ``partially
initialized module 'torch' has no attribute 'fx'``. IDE module reloaders (Spyder's UMR,
AREPL) trigger the same (spyder-ide/spyder#12701, #15987).

A local ``torch.py`` (or a ``torch/`` folder, or running inside a PyTorch checkout)
shadows the installed package; the traceback's file paths show it. So does a user file
named like a standard-library module torch imports (``dis.py`` read by ``inspect``,
pytorch/pytorch#14014, #39473).

The traceback is read as structure: which frames are the installed package's own files,
which are the user's, and which package the raising file belongs to. ``module 'torch._C'
has no attribute 'BFloat16StorageBase'`` raised by torch's *own* files means its Python
files and its compiled core come from two builds (pytorch/pytorch#29817); the same
message from torchvision's files means a companion built for another torch; torchvision
failing half-way through its own ``__init__`` (``partially initialized module
'torchvision'`` raised in its own ``_meta_registrations.py``) is the companion left
behind after torch changed (pytorch/torchchat#1158).

These are signals; rules/live.py weighs them against what ``sys.modules`` and the import
system show in a live kernel.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
import sysconfig
from collections.abc import Iterator

from .frozen_app import frozen_app
from .signals import Signal, extractor, signal
from .text import SOURCE_SUFFIXES, ErrorText, standard_library_frame
from .torch_files import mixed_builds, second_install, user_site_install

_REIMPORT = re.compile(
    r"(?:function|method) '[\w.]{1,80}' already has a docstring|Only a single TORCH_LIBRARY can be used to register the namespace"
    r"|duplicate registrations for [\w.:]{1,120}"
    r"|Tried to register an operator \([^\n]{0,300}?\) with the same name and overload name multiple times"
    # pybind11 defining a type of torch._C a second time (googlecolab/colabtools#2405).
    r"|generic_type: cannot initialize type \"\w{1,80}\": an object with that name is already defined"
    # pybind11 registering a C++ type again: a module whose init failed part-way ran its init again (pybind/pybind11#357)
    r"|generic_type: type \"\w{1,80}\" is already registered!"
    # NumPy's C core refusing a second initialisation (an IDE re-running the script: spyder-ide/spyder#26017).
    r"|cannot load module more than once per process"
    # NumPy 2's C core in a second interpreter of the same process (pybind/pybind11#5172; NumPy spells it "initlized")
    r"|CPU dispatcher tracer already init(?:ia)?lized"
    # NumPy's overrides module documenting its C function again when its core is loaded a second time (a uWSGI
    # sub-interpreter: numpy/numpy#14384, fixed by single-interpreter = true), and NumPy's own warning when its package
    # is imported again in a long-lived process (Almenon/AREPL-vscode#427).
    r"|implement_array_function method already has a docstring"
    r"|The NumPy module was reloaded \(imported a second time\)"
    # NumPy 1.x refused it outright (numpy/_globals.py: "Reloading numpy._globals is not allowed"): a script reloader
    # calling reload() on every module (gopro/node.gl#8, fixed by a reload blacklist with numpy in it).
    r"|Reloading numpy\._globals is not allowed"
    r"|Reloaded modules: torch"
)
# What a re-registration message names: "namespace torchvision", "operator (torchvision::nms...".
_NAMESPACE = re.compile(r"(?:namespace |\(|registrations for )(\w+)(?:::|\.|;|\b)")
_PARTIAL = re.compile(r"partially initialized module '([\w.]{1,80})'")
# mypyc's helper library of a compiled package (charset_normalizer's md__mypyc), asked of the package half-way through
# its import.
_MYPYC_HELPER = re.compile(r"has no attribute '(\w{1,80}__mypyc)'")
# Python 3.8+ names the half-initialised module's file after the reason: "cannot import name 'Tensor' from partially
# initialized module 'torch' (most likely due to a circular import) (/home/u/proj/torch.py)".
CIRCULAR_IMPORT_FILE = re.compile(r"\(most likely due to a circular import\) \(([^()\n]{1,400})\)")
# The line of torch/__init__.py that hands torch's Python classes to its compiled core.
_INIT_EXTENSION = re.compile(r"_C\._initExtension\(")
# The user's own code re-running a family package's __init__ in the same process: reload(torch)
# (pytorch/pytorch#6998: "re-importing/reloading torch is not supported"), or evicting it from
# sys.modules and importing again (pytorch/pytorch#91039).
_RELOAD = re.compile(
    r"\breload\((torch|torchvision|torchaudio)\b[\w.]{0,60}\)"
    r"|sys\.modules\.pop\(['\"](torch|torchvision|torchaudio)\b|del sys\.modules\[['\"](torch|torchvision|torchaudio)\b"
)
# `name '_C' is not defined` raised by an *installed* torch/__init__.py: `from torch._C import *`
# binds `_C` only when torch._C is loaded afresh; a second run of __init__ finds it already in
# sys.modules and the name stays unbound (pytorch/pytorch#91039). A source checkout says the same
# for another reason (torch_c_missing).
_C_UNBOUND = re.compile(r"name '_C' is not defined")
_FAMILY = {"torch", "torchvision", "torchaudio", "torchtext", "detectron2"}
# The domain libraries built against one torch release each (the companions whose mismatch this tool reads).
COMPANIONS = ("torchvision", "torchaudio", "torchtext")
# TensorFlow's own distributions on PyPI: one of them is the TensorFlow installed.
TENSORFLOW_DISTRIBUTIONS = ("tensorflow", "tensorflow-gpu", "tensorflow-cpu")
_NO_C = re.compile(r"No module named 'torch\._C'|Failed to load PyTorch C extensions|cannot import name '_C' from 'torch'")
# Python 2's and the bare forms name no package: they count where torch/__init__.py raised them.
_BARE_NO_C = re.compile(r"No module named '?_C'?$|name '_C' is not defined|cannot import name '?_C'?$", re.M)
# Quotes a rich-text paste turned typographic count too ("module ‘platform’ has no attribute ‘python_implementation’":
# Grid2op/grid2op#194, its own platform.py hiding the standard module), and a paste hard-wrapped before the name
# ("module 'select' has no attribute\n'select'": curie-eng/curie PR 2015, a script select.py beside it).
_NO_ATTRIBUTE = re.compile(
    r"module [‘']([\w.]{1,80})[’'] has no attribute\s[‘'](\w{1,80})[’']|'module' object has no attribute '(\w{1,80})'"
)
# The code line Python 2 prints above "'module' object has no attribute 'getLogger'": `logging.getLogger(...)`; a
# standard module named there is the module (torch's own `_C.DoubleTensorBase` keeps the torch reading).
def _standard_module_in_source_line(err: ErrorText, match: re.Match[str], attribute: str) -> str | None:
    named = _name_before_attribute(err, match, attribute)
    return named if named in STDLIB_NAMES else None


def _name_before_attribute(err: ErrorText, match: re.Match[str], attribute: str) -> str | None:
    """The name the code line above the error asks for ``attribute`` (``logging`` in `logging.getLogger(...)`)."""
    found = re.findall(rf"\b([A-Za-z_]\w{{0,40}})\.{re.escape(attribute)}\b", err.text[max(0, match.start() - 300) : match.start()])
    return found[-1] if found else None


# Python 2's "'module' object has no attribute 'Variable'" under `W = tf.Variable(...)` in a file tensorflow.py that
# `import tensorflow as tf` ran: the module named in the code line (through the text's `import X as alias`) is a
# plain file of the user's in the frames, which answered its own import (tensorflow/tensorflow#2370, skflow#4).
def _user_file_in_source_line(err: ErrorText, match: re.Match[str], attribute: str, frames: list[str]) -> str | None:
    alias = _name_before_attribute(err, match, attribute)
    if not alias:
        return None
    imported = re.search(rf"\bimport ([A-Za-z_]\w{{0,60}}) as {re.escape(alias)}\b", err.text)
    name = imported.group(1) if imported else alias
    # A plain file only: a project's own package folder lacking a name is that project's own code.
    shadow = local_shadow(frames, name)
    return name if shadow and shadow.replace("\\", "/").endswith(f"{name}.py") else None


# A Python version in the text's paths (python3.11/, Python311\): the standard library that raised may differ from
# the one read here, which a release added names to or removed them from (inspect.getargspec, gone in 3.11).
_PYTHON_IN_PATH = re.compile(r"[Pp]ython ?(\d)\.?(\d{1,2})\b")


def _standard_confidence(err: ErrorText) -> float:
    """0.75 when the text's Python is this one (or unknown), 0.55 when its paths name another."""
    said = {(int(major), int(minor)) for major, minor in _PYTHON_IN_PATH.findall(err.text[:20_000])}
    return 0.55 if said and sys.version_info[:2] not in said else 0.75


@functools.lru_cache(maxsize=64)
def standard_defines(module: str, attribute: str) -> bool:
    """Whether the standard library's own ``module`` defines ``attribute`` at its top level: read from its source
    in this interpreter's standard-library folder (never imported, and never the working directory's file of
    that name), or, for a module built into the interpreter, from the module itself."""
    if module in sys.builtin_module_names:
        return hasattr(importlib.import_module(module), attribute)
    # Already loaded here from the standard library (types, whose TracebackType is set inside a try block that the
    # source pattern below does not read): its own attributes say it.
    loaded = sys.modules.get(module)
    if loaded is not None and _in_standard_folder(getattr(loaded, "__file__", None)) and hasattr(loaded, attribute):
        return True
    source = _standard_source(module)
    defined = rf"^(?:(?:async\s+)?def|class)\s+{re.escape(attribute)}\b|^{re.escape(attribute)}\s*(?::[^=\n]*)?="
    return bool(source and re.search(defined, source, re.M))


def _in_standard_folder(path: str | None) -> bool:
    folder = os.path.normcase(os.path.realpath(sysconfig.get_paths()["stdlib"]))
    return bool(path) and os.path.normcase(os.path.realpath(str(path))).startswith(folder + os.sep)


@functools.lru_cache(maxsize=32)
def _standard_source(module: str) -> str | None:
    folder = sysconfig.get_paths()["stdlib"]
    for path in (os.path.join(folder, f"{module}.py"), os.path.join(folder, module, "__init__.py")):
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read(1_000_000)
        except (OSError, UnicodeDecodeError):
            continue
    return None


# Names every torch release since 0.4 has: a `torch` without them is not the installed package.
_CORE_API = frozenset(
    {"Tensor", "tensor", "manual_seed", "zeros", "ones", "rand", "randn", "from_numpy", "no_grad", "device", "nn", "cuda", "save", "load"}
)
# The same for other packages a script is often named after: names in every release since their first (numpy's 1.0
# reference, TensorFlow's 0.x and 2.x API alike, pandas' 0.x API, OpenCV's cv2 since 2.x). Not matplotlib's pyplot (a
# submodule that must be imported), nor TensorFlow 1's Session and placeholder (gone from 2.x: tf.compat.v1).
_CORE_NAMES: dict[str, frozenset[str]] = {
    "numpy": frozenset(
        {"array", "ndarray", "zeros", "ones", "arange", "float32", "float64", "int64", "dtype", "sqrt", "mean", "concatenate"}
    ),
    "tensorflow": frozenset({"Variable", "constant", "Tensor", "float32", "int32", "zeros", "ones", "reshape", "matmul", "nn"}),
    "pandas": frozenset({"DataFrame", "Series", "read_csv", "concat", "merge", "Index"}),
    "cv2": frozenset({"imread", "imwrite", "resize", "cvtColor", "VideoCapture"}),
    "gym": frozenset({"make", "Env", "Wrapper", "spaces"}),  # OpenAI Gym's API since its first release (2016)
    # vLLM's entry points since its first release, 0.1.0 (its README's quickstart: `from vllm import LLM, SamplingParams`).
    "vllm": frozenset({"LLM", "SamplingParams"}),
    # Triton's decorators and config since its 1.0 release (python/triton/__init__.py: jit, autotune, heuristics, Config).
    "triton": frozenset({"jit", "autotune", "heuristics", "Config"}),
}
# CUDA bindings every CUDA build of torch's core has had, which only torch's own torch/cuda files call: missing, whoever
# the traceback shows calling torch.cuda, they say the build has no CUDA (thinc's set_active_gpu: explosion/spaCy#8697).
_CORE_CUDA_BINDINGS = frozenset({"_cuda_setDevice", "_cuda_getDevice", "_cuda_getDeviceCount", "_cuda_init", "_cuda_emptyCache"})
# A user file can hide a standard-library module only under that module's name (flux's math.py).
def _standard_library_names() -> frozenset[str]:
    """The standard library's top-level module names: sys.stdlib_module_names (3.10+), else (3.9) what the
    running interpreter's own standard-library folders and built-in modules hold, so every version reads alike."""
    names = getattr(sys, "stdlib_module_names", None)
    if names:
        return frozenset(names)
    # As sys.stdlib_module_names does: the other platforms' modules count, CPython's own test modules do not.
    found = set(sys.builtin_module_names) | {"msvcrt", "winreg", "winsound", "nt", "_winapi", "msilib", "_msi", "_overlapped"}
    for folder in {sysconfig.get_paths()["stdlib"], os.path.join(sysconfig.get_paths()["stdlib"], "lib-dynload")}:
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for entry in entries:
            name = entry.split(".", 1)[0]
            is_package = os.path.isfile(os.path.join(folder, entry, "__init__.py"))
            if name.isidentifier() and (is_package or entry.endswith((".py", ".so", ".pyd"))):
                found.add(name)
    return frozenset(name for name in found if not _CPYTHON_TESTS.match(name))


_CPYTHON_TESTS = re.compile(r"test$|_test|_?xx|__phello__$|_ctypes_test$")


STDLIB_NAMES = _standard_library_names()
# A wheel's own folder is an install too: PEX (and Pants, which builds PEX files) unpacks each dependency into a folder
# named as its wheel file, ".deps/torch-0.1.12.post2-cp27-none-macosx_10_7_x86_64.whl/torch/__init__.py" (pytorch/pytorch
# #1755's traceback), and Python imports from a .whl on sys.path the same way.
_INSTALLED = re.compile(r"[/\\](?:site|dist)-packages[/\\]|[/\\][\w.]{1,80}-[\w.!+]{1,40}(?:-[\w.]{1,40}){3}\.whl[/\\]", re.I)
_PIP_SHOW_TORCH = re.compile(r"^Name: torch\s{0,4}\n(?:[^\n]{0,300}\n){0,10}Location: [^\n]{0,300}(?:site|dist)-packages", re.M)


# torch.hub's download folder, <TORCH_HOME>/hub (~/.cache/torch/hub by default): code torch.hub.load runs from
# there (ultralytics/yolov5#6048: .cache/torch/hub/ultralytics_yolov5_master/models/common.py) is no torch folder.
_TORCH_HUB_DIR = re.compile(r"/torch/hub/")


# Import names of packages so widely installed next to torch that a user's file of that name is a mistake, not a
# module of the project: a script saved as transformers.py, numpy.py or torchvision.py hides the real package from
# every import. Names projects also give their own modules (utils, models, datasets, config) are left out on purpose.
WIDELY_INSTALLED = frozenset(
    {"torch", "torchvision", "torchaudio", "torchtext", "torchdata", "torchcodec", "numpy", "pandas", "scipy"}
    | {"matplotlib", "sklearn", "skimage", "cv2", "PIL", "transformers", "diffusers", "accelerate", "tokenizers"}
    | {"safetensors", "huggingface_hub", "peft", "timm", "ultralytics", "lightning", "pytorch_lightning", "tensorflow"}
    | {"keras", "jax", "flax", "onnx", "onnxruntime", "nltk", "spacy", "gensim", "gradio", "streamlit", "requests"}
    | {"yaml", "tqdm", "einops", "xformers", "triton", "sentence_transformers", "whisper", "librosa", "soundfile"}
    | {"seaborn", "sympy", "networkx", "openai", "langchain", "fastai", "detectron2", "mmcv", "mmdet", "open_clip"}
    | {"bitsandbytes", "deepspeed", "trl", "wandb", "tensorboard", "h5py", "numba", "cupy", "torchmetrics", "kornia"}
    # What pip installs with torch itself (its wheel's Requires-Dist) and with transformers: present wherever they are.
    | {"filelock", "typing_extensions", "jinja2", "fsspec", "packaging", "regex", "psutil", "setuptools"}
)


def installed_package(err: ErrorText, name: str) -> bool:
    """``name`` is a package the user installed rather than a module of their project: a widely installed one, or
    one whose folder the text shows inside site-packages."""
    return name in WIDELY_INSTALLED or name.lower() in err.installed_folders


# pip's temporary folders for a source package it is building (pip-install-<id>/<name>/, pip-req-build-<id>/,
# pip-build-env-<id>/, pip-wheel-<id>/): the package's own sources being built, not a folder of the user's hiding an
# install (pytorch/pytorch#47116: pip-install-xvrzwc4k/torch/setup.py, PyPI's old torch 0.1.2 source package on a Python
# no torch wheel was made for yet).
_PIP_BUILD_FOLDER = re.compile(r"[/\\]pip-(?:install|req-build|build-env|wheel)-\w{1,20}[/\\]")


def pip_build_file(path: str) -> bool:
    """A file of a source package pip unpacked into its temporary build folder."""
    return bool(_PIP_BUILD_FOLDER.search(path))


def installed_file(path: str) -> bool:
    """A file inside site-packages (dist-packages on Debian): an installed package's, not the user's."""
    return bool(_INSTALLED.search(path))


def in_torch_hub(path: str) -> bool:
    """A file of a repository torch.hub downloaded and runs from <TORCH_HOME>/hub."""
    return bool(_TORCH_HUB_DIR.search(path.replace("\\", "/")))


def local_shadow(paths: list[str], name: str, all_frames: list[str] | None = None) -> str | None:
    """A traceback file that is ``<name>.py`` or inside a ``<name>/`` folder outside site-packages (``all_frames``: the
    whole traceback, when ``paths`` is only part of it)."""
    top = name.split(".")[0]
    for path in paths:
        norm = path.replace("\\", "/")
        if installed_file(path) or pip_build_file(path) or standard_library_frame(norm) or (top == "torch" and in_torch_hub(norm)):
            continue
        files = tuple(top + suffix for suffix in SOURCE_SUFFIXES)  # a .pyw answers on Windows too
        if norm.endswith(tuple("/" + file for file in files)) or norm in files:
            return path
        if norm.startswith(f"{top}/"):  # a relative frame: the folder is in the working directory
            return f"{top}/"
        if f"/{top}/" in norm and not _project_folder_on_path(norm, top, all_frames or paths):
            return norm.split(f"/{top}/")[0] + f"/{top}/"
    return None


def _project_folder_on_path(norm: str, top: str, paths: list[str]) -> bool:
    """A project folder merely named ``<top>`` holding a package of its own, imported top-level: tiny-cuda-nn's
    bindings/torch/tinycudann/ (NVlabs/tiny-cuda-nn#284) is no torch package. Its inner package's __init__.py ran while
    no ``<top>/__init__.py`` did, which importing ``torch.tinycudann`` would have needed first."""
    inner = norm.split(f"/{top}/", 1)[1].split("/", 1)
    package = inner[0]
    if len(inner) < 2 or not package.isidentifier() or package == top or package in _TOP_LEVEL_OF.get(top, ()):
        return False
    folder = norm.split(f"/{top}/", 1)[0] + f"/{top}/"
    frames = [path.replace("\\", "/") for path in paths]
    return f"{folder}{package}/__init__.py" in frames and f"{folder}__init__.py" not in frames


# The first-level subpackages of the torch family's own folders: a folder of one of these names under a torch/ folder
# is that package's (a source tree), not a project's own package.
_TOP_LEVEL_OF = {
    "torch": frozenset({"nn", "utils", "cuda", "autograd", "jit", "optim", "distributed", "fx", "_C", "lib", "csrc", "onnx"})
    | frozenset({"backends", "multiprocessing", "testing", "ao", "quantization", "_dynamo", "_inductor", "hub", "library"}),
    "torchvision": frozenset({"models", "ops", "transforms", "datasets", "io", "utils", "csrc", "prototype"}),
    "torchaudio": frozenset({"functional", "transforms", "models", "datasets", "io", "lib", "_extension", "pipelines"}),
}


def owner(path: str | None) -> str | None:
    """The installed package a traceback file belongs to ('torch', 'torchvision'), None for the user's files."""
    if not path or not _INSTALLED.search(path):
        return None
    rest = re.split(r"[/\\](?:site|dist)-packages[/\\]", path, maxsplit=1, flags=re.I)[-1]
    name = re.match(r"[A-Za-z_]\w{0,80}", rest)  # 'torch/x.py', 'torch.py', 'torchvision-0.3.0-py3.6.egg/...'
    return name.group(0) if name else None


def companion_in_frames(err: ErrorText) -> str | None:
    """The first companion (torchvision, torchaudio, torchtext) whose own file is any traceback frame of the text."""
    return next((name for path in err.frames_before(len(err.text)) if (name := owner(path)) in COMPANIONS), None)


def intruder(paths: list[str], name: str) -> str | None:
    """A user file imported *by* the installed package: it shadows a module the package needs.

    E.g. torch/__init__.py runs ``import math`` and gets the project's own math.py
    (black-forest-labs/flux#431); that file then imports torch, which is half-initialised.
    Only a file named like a standard-library module counts: the user's other files in the
    chain (a script importing torch, or the same traceback printed twice) are callers.
    """
    top = name.split(".")[0]
    inside = False
    for path in paths:
        norm = path.replace("\\", "/")
        stem = module_name(norm)
        if _INSTALLED.search(path) and f"/{top}/" in norm:
            inside = True
        elif inside and not _INSTALLED.search(path) and not standard_library_frame(norm) and stem in STDLIB_NAMES:
            return path
    return None


def module_name(path: str) -> str:
    """The module a traceback file is: its stem, or its folder's name for a package's ``__init__.py``
    (a ``torch/multiprocessing/__init__.py`` answering the standard ``import multiprocessing``)."""
    parts = path.rsplit("/", 2)
    stem = parts[-1].removesuffix(".py")
    return parts[-2] if stem == "__init__" and len(parts) > 1 else stem


# torch._C's pybind types defined again inside a C++ static initialiser, before Python could raise: a second copy
# of torch's libraries loading into the process, more often than a retried import (epistasislab/tpot#1197, citing
# #32270). An extension's TORCH_LIBRARY block registered twice stays a re-import (metatensor#871).
_TERMINATE = re.compile(r"terminate called after throwing an instance of")


# Python refuses an import whose sys.modules entry is None ("import of 'torch' halted; None in sys.modules"): code
# running earlier in the process put None there to block it, as tensorpack's dataflow did around pyarrow's import
# (tensorpack/tensorpack#653: "import torch before tensorpack", the maintainer's answer); Python 3.9 to 3.13 here word
# it without quotes ("import of json halted"). Python itself never leaves None after a failed import, so the module is
# not damaged; that process's sys.modules is.
_IMPORT_BLOCKED = re.compile(r"import of '?([\w.]{1,80})'? halted; None in sys\.modules")


@extractor
def import_blocked_in_sys_modules(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_IMPORT_BLOCKED)
    if match:
        said = f"sys.modules['{match.group(1)}'] is None: code that ran earlier in this process blocked the import"
        yield signal("partial_import_state", 0.85, [err.evidence(match), said], module=match.group(1), reason="blocked")


@extractor
def reimport_after_failure(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_REIMPORT)
    if not match:
        return
    module = _reimported(match.group(0), err.frames_before(match.start()))
    if match.group(0).endswith("is already registered!"):  # names a C++ type, not its module: the import above it does
        module = _last_import_above(err, match.start()) or module
    evidence = [err.evidence(match)]
    if match.group(0).startswith("generic_type") and err.search(_TERMINATE):
        yield second_install(0.65, evidence)
        yield signal("partial_import_state", 0.55, evidence, module=module, reason="reimport")
        return
    if match.group(0).startswith("The NumPy module was reloaded") and err.in_notebook:
        # In a notebook, NumPy imported a second time is most often an install cell's NumPy under the one the kernel
        # loaded at start (vgel/repeng#17 on Colab: the upgraded numpy is used only after restarting the runtime); a
        # long-lived tool re-running a script (Almenon/AREPL-vscode#427) is the reading outside one.
        yield signal("stale_module_after_upgrade", 0.7, evidence, module="numpy", reason="own_module")
        yield signal("partial_import_state", 0.6, evidence, module=module, reason="reimport")
        return
    yield signal("partial_import_state", 0.9, evidence, module=module, reason="reimport")


def _last_import_above(err: ErrorText, pos: int) -> str | None:
    """The top-level module of the last import statement the traceback shows in the 1,500 characters above ``pos``."""
    return next((found.module for found in reversed(err.import_statements) if pos - 1500 <= found.end <= pos), None)


def _reimported(message: str, frames: list[str]) -> str:
    """The package imported a second time: the namespace or operator the message names
    ("namespace torchvision", "operator (torchvision::nms)"), else the deepest family frame, else torch."""
    numpy_words = ("more than once per process", "dispatcher tracer", "implement_array_function", "NumPy", "numpy.")
    if any(words in message for words in numpy_words):
        return "numpy"  # NumPy's own C core and package say these
    named = _NAMESPACE.search(message)
    if named and named.group(1) in _FAMILY:
        return named.group(1)
    for path in reversed(frames):
        norm = path.replace("\\", "/")
        found = next((name for name in _FAMILY - {"torch"} if f"/{name}/" in norm), None)
        if found:
            return found
    return "torch"


# `import torch` retried in one process after it failed (pytorch/pytorch#194172: a retry loop segfaults at exit;
# pytorch/pytorch#194654 now rejects the retry).
_RETRY_LOOP = re.compile(r"\bfor [^\n]{1,80}:\s{1,40}try:\s{1,40}import (torch|torchvision|torchaudio)\b")
# Spyder runs a file through its own `runfile`, whose module reloader (UMR) re-executes already imported
# modules on each run (spyder-ide/spyder#12701, #15987, #7041): a frame of it is the reloader's doing.
_SPYDER_RUNFILE = re.compile(
    r"[/\\]spyder(?:_kernels)?[/\\][\w/\\]{0,80}(?:sitecustomize|spydercustomize)\.py\"?, line \d{1,6}, in runfile"
)


# torch._C registers its submodules (torch._C._distributed_c10d, _nn, ...) in sys.modules as its init runs: asked for one
# while torch._C is in sys.modules without it, the import system treats torch._C as a package and says it is not one.
# torch._C was found and loaded, so no source checkout hides it; its init had not finished (pytorch/pytorch#182560: two
# threads of one process running a first `import torch` at once; importing torch before the threads start fixed it).
TORCH_C_SUBMODULE_UNREGISTERED = re.compile(r"No module named 'torch\._C\.(\w{1,80})'; 'torch\._C' is not a package")


@extractor
def torch_c_init_unfinished(err: ErrorText) -> Iterator[Signal]:
    match = err.search(TORCH_C_SUBMODULE_UNREGISTERED)
    if match:
        said = f"torch._C is loaded but has not registered torch._C.{match.group(1)}: its initialisation had not finished"
        yield signal("partial_import_state", 0.8, [err.evidence(match), said], module="torch", reason="init_unfinished")


@extractor
def import_retried(err: ErrorText) -> Iterator[Signal]:
    """Code that retries a family import in a loop after catching its failure."""
    match = err.search(_RETRY_LOOP)
    if match and re.search(r"Error|Segmentation fault|core dumped", err.text[match.end() :]):
        yield signal("partial_import_state", 0.75, [err.evidence(match)], module=match.group(1), reason="reimport")


@extractor
def spyder_runfile(err: ErrorText) -> Iterator[Signal]:
    """A traceback through Spyder's runfile: its reloader may have run the import a second time (weak alone)."""
    match = err.search(_SPYDER_RUNFILE)
    if match:
        yield signal("partial_import_state", 0.4, [err.evidence(match)], module="torch", reason="reimport")


@extractor
def reloaded_by_user(err: ErrorText) -> Iterator[Signal]:
    """The text shows code re-importing a family package in one process (``reload``, ``sys.modules`` eviction)."""
    match = err.search(_RELOAD)
    if match and "Error" in err.text[match.end() :]:
        module = match.group(1) or match.group(2) or match.group(3)
        yield signal("partial_import_state", 0.85, [err.evidence(match)], module=module, reason="reimport")


@extractor
def torch_c_unbound(err: ErrorText) -> Iterator[Signal]:
    """torch's installed __init__ ran a second time while torch._C stayed loaded."""
    match = err.search(_C_UNBOUND)
    raised_by = err.importer(match.start()) if match else None
    if match and raised_by and raised_by.endswith("torch/__init__.py") and _INSTALLED.search(raised_by):
        yield signal("partial_import_state", 0.75, [err.evidence(match)], module="torch", reason="reimport")


@extractor
def partially_initialized(err: ErrorText) -> Iterator[Signal]:
    """``module``: the half-initialised module; ``path``: the traceback file that shadows it, when one does."""
    match = err.search(_PARTIAL)
    if not match:
        return
    name, evidence = match.group(1), [err.evidence(match)]
    frames = err.frames_before(match.start())
    named = CIRCULAR_IMPORT_FILE.search(err.raw_line_at(match.start()))  # the whole line: the path is at its end
    local = local_shadow(frames + ([named.group(1)] if named else []), name)
    imported = None if local else intruder(frames, name)
    if local or imported:
        yield signal("shadowed_module", 0.9, evidence, module=name, path=local or imported, intruder=imported is not None)
        return
    if name == "torch" and frames and owner(frames[-1]) == "torch" and _INIT_EXTENSION.search(err.text, 0, match.start()):
        # torch's compiled core, initialising, asks torch's Python files for a class they do not define
        # ("partially initialized module 'torch' has no attribute 'UntypedStorage'" at _C._initExtension:
        # mit-han-lab/smoothquant#50): the core and the Python files come from two torch releases.
        yield from mixed_builds(evidence, "torch._C", 0.8, second_install_first=False)
        return
    top = name.split(".")[0]
    # Only a user's own file as the last frame argues for another reading: an installed package's frame
    # (transformers' lazy importer: unslothai/unsloth#1793) is just the caller of the companion's import.
    if top in COMPANIONS and (not frames or owner(frames[-1]) is not None):
        # The companion's own files broke off its import: its compiled ops do not load with this torch.
        # The last line alone ("... has no attribute 'extension'", as Colab users paste it: unslothai/unsloth#1625)
        # reads the same way, a little less surely.
        own = bool(frames) and owner(frames[-1]) == top
        yield signal("torchvision_torch_mismatch", 0.8 if own else 0.72, evidence, package=top, reason="own_import_failed")
        yield signal("partial_import_state", 0.45, evidence, module=name, reason="partially_initialized")
        return
    mypyc = _MYPYC_HELPER.search(err.line_at(match.start()))
    if mypyc and top not in _FAMILY:
        # mypyc compiles a package's modules into one helper library (<hash>__mypyc), which each of them imports first:
        # its absence means the package's compiled part did not load, a build for another Python or platform, or a
        # broken release (szczyglis-dev/py-gpt#152: charset-normalizer 3.2.0, fixed by 3.3.2).
        said = f"{mypyc.group(1)} is {top}'s library compiled by mypyc: the installed build's compiled part did not load"
        command = f"pip install --upgrade --force-reinstall {top.replace('_', '-')}"
        yield signal("other", 0.7, [*evidence, said], kind="compiled_part_unloaded", command=command)
        yield signal("shadowed_module", 0.3, evidence, module=name, path=None, intruder=False)
        return
    family = top in _FAMILY
    own_file = not family and name == top and named and owner(named.group(1)) == top
    # No user's file among the frames after the first (checked only for the package's own file named).
    if named and own_file and all(owner(frame) == top for frame in frames[1:]):
        # The message names the package's own installed file, so no local file hides it: the installed package imports
        # itself in a circle, as a release written for Python 2 does under Python 3 (its implicit relative imports,
        # `from pymfinder import list_motifs` meaning its own pymfinder.py: stoufferlab/pymfinder#32, fixed by the
        # project's Python 3 release). A submodule's name is not read so: optimum.exporters.onnx half-initialised was a
        # local file called onnx hiding the onnx package it imports (huggingface/optimum#739).
        said = f"{named.group(1)} is {top}'s own installed file: no local file hides it, the package imports itself in a circle"
        yield signal("other", 0.6, [*evidence, said], kind="package_circular_import", package=top)
        yield signal("partial_import_state", 0.3, evidence, module=name, reason="partially_initialized")
        return
    # torch's own package is large and is often interrupted mid-import; for any other name the
    # usual reason is a user script or folder called like the package it imports.
    yield signal("partial_import_state", 0.7 if family else 0.3, evidence, module=name, reason="partially_initialized")
    yield signal("shadowed_module", 0.4 if family else 0.65, evidence, module=name, path=None, intruder=False)


def _core_name_missing(package: str, shadow_evidence: list[str], evidence: list[str]) -> Iterator[Signal]:
    """A name every release of ``package`` has is missing, no file named: a file or folder of that name answered the import
    (the likelier), or the installed package's folder lost its files."""
    yield signal("shadowed_module", 0.6, shadow_evidence, module=package, path=None, intruder=False)
    yield signal("corrupted_install", 0.45, evidence, package=package, library=f"top-level module ({package}/__init__.py)")


@extractor
def module_attribute_missing(err: ErrorText) -> Iterator[Signal]:
    """``module 'X' has no attribute 'Y'``: whose file raised it says what is wrong with X."""
    match = next((m for m in _NO_ATTRIBUTE.finditer(err.text) if not err.before(m).endswith("partially initialized ")), None)
    if not match:
        return
    attribute = match.group(2) or match.group(3)
    frames, evidence = err.frames_before(match.start()), [err.evidence(match)]
    name = (
        match.group(1)
        or _standard_module_in_source_line(err, match, attribute)
        or _user_file_in_source_line(err, match, attribute, frames)
        or "torch"
    )
    top = name.split(".")[0]
    local = local_shadow(frames, top)
    imported = None if local else intruder(frames, "torch")
    raised_in = owner(frames[-1]) if frames else None
    if local or imported:
        # The file as script_imports_itself names it (forward slashes), so both readings of one traceback fix alike.
        path = str(local or imported).replace("\\", "/")
        yield signal("shadowed_module", 0.85, evidence, module=top, path=path, intruder=imported is not None)
    elif name in STDLIB_NAMES and standard_defines(name, attribute):
        # The standard module defines that name, so the module that answered is another file of the same name
        # (mmdeploy's tools/profile.py for `profile.run`: open-mmlab/mmdeploy#819; Python 2's implicit relative
        # import taking lib/utils/logging.py for `logging.getLogger`: roytseng-tw/Detectron.pytorch#88).
        said = f"the standard {name} module defines {attribute}: another file named {name}.py answered the import"
        yield signal("shadowed_module", _standard_confidence(err), [*evidence, said], module=name, path=None, intruder=True)
    elif top != "torch" and attribute in _CORE_NAMES.get(name, ()):
        # A name every release of the package has had is missing: what answered the import is not the installed
        # package but a file or folder of that name (a script called pandas.py asked for DataFrame: pandas-dev/
        # pandas#9979; tensorflow.py for Variable: tensorflow/tensorflow#2370), or an install that holds no files
        # (tensorflow/tensorflow#7285: an Anaconda TensorFlow 0.12 without them, fixed by reinstalling).
        yield from _core_name_missing(top, evidence, evidence)
    elif top != "torch" and err.in_notebook and raised_in == top and attribute.startswith("_"):
        # Another package's own __init__ lacks a private name its own newer (or older) files ask for, in a
        # notebook: an install cell replaced it under the running kernel (numpy's _no_nep50_warning after
        # `pip install hazm` in Colab: roshan-research/hazm#309).
        yield signal("stale_module_after_upgrade", 0.6, evidence, module=name, reason="own_module")
    elif top not in ("torch", *STDLIB_NAMES) and _private(attribute) and not frames and _pasted_alone(err, match):
        # The same line pasted alone: a private name is asked for only by the package's own files, so the module
        # loaded and the files asking are of two releases, most often an install under a running kernel
        # (pnnl/HyperNetX#114: `pip install hypernetx` in Colab replaced numpy under the loaded one), else a mixed install.
        yield signal("stale_module_after_upgrade", 0.5, evidence, module=name, reason="own_module")
        yield signal("corrupted_install", 0.3, evidence, package=top, library=f"{name}.{attribute}")
    elif top != "torch" and top not in STDLIB_NAMES and attribute[:1].isupper() and raised_in in (top, None):
        # Another package lacks a class or enum its caller expects (Pillow's Image.Resampling, new in 9.1): the
        # release running is older than the caller's, most often one a notebook loaded before its install cell
        # upgraded it (Colab's preinstalled Pillow 7.1.2: AUTOMATIC1111/stable-diffusion-webui#1000, txtai#268).
        yield signal("stale_module_after_upgrade", 0.45, evidence, module=name, attribute=attribute, reason="api_missing")
        if name.count(".") >= 2 and raised_in is None and not err.in_notebook:
            # A module deep inside the package, which only the package's own files import, asked for a class by its
            # siblings: outside a notebook, files of two releases in one folder are as likely (tensorflow/tensorflow
            # #20499: a previous TensorFlow's files left in site-packages; uninstalling, deleting the folder and
            # reinstalling fixed it).
            yield signal("corrupted_install", 0.4, evidence, package=top, library=f"{name}.{attribute}")
    elif name == "torch._C" and attribute.startswith("_cuda_") and (raised_in == "torch" or attribute in _CORE_CUDA_BINDINGS):
        # torch's own torch/cuda files call CUDA bindings its compiled core lacks: a build without CUDA (the +cpu
        # wheel of torch 0.4.1 for torch.cuda.set_device: pytorch/pytorch#13718).
        said = "torch's own CUDA module calls a binding its compiled core does not have: a CPU-only build"
        yield signal("cpu_only_build", 0.75, [*evidence, said])
    elif top != "torch" or "cuda" in attribute.lower():
        return  # another module's API, or CUDA bindings a CPU-only build lacks (rules/gpu.py)
    elif name == "torch" and attribute in _CORE_API:
        # A torch folder that lost its files answers the same way (microsoft/BatteryML#50, fixed by reinstalling torch).
        yield from _core_name_missing("torch", evidence, evidence)
    elif name not in ("torch", "torch._C") and raised_in in ("torch", None):
        # One of torch's *Python* modules (torch._utils) lacks a name that torch's own files, the user's
        # code or a pickle ask for: the process holds a module imported before an install changed torch on
        # disk (design.md section 6: lazily imported submodules then fail; cdqa-suite/cdQA#261, where the
        # error stayed until the notebook restarted), or torch is older than the caller needs.
        yield signal("stale_module_after_upgrade", 0.5 if raised_in else 0.4, evidence, module=name, reason="api_missing")
    elif raised_in == "torch":
        # torch's own Python files ask its compiled core for a name it lacks: two builds mixed. The
        # corpus confirms an update over the same folder (#29817) as often as two installs (#2094, #137247).
        yield from mixed_builds(evidence, "torch._C", 0.75, second_install_first=False)
    elif raised_in in COMPANIONS:
        yield signal("torchvision_torch_mismatch", 0.7, evidence, package=raised_in, reason="torch_api_missing")
    elif name == "torch._C" and raised_in is None and attribute.startswith("_"):
        # A private name of torch's compiled core, asked for where no frame shows who asked: torch's own Python
        # files are what ask for those (torch.utils.cpp_extension's _PYBIND11_COMPILER_TYPE during a build,
        # pytorch/pytorch#47333, after conda and pip had both installed torch), so the two come from two builds.
        yield from mixed_builds(evidence, "torch._C", 0.6, second_install_first=False)
    elif raised_in is None:
        # torch itself lacks a name the user's code (or an unnamed caller) expects: older than that code
        # needs, or the torch this kernel loaded before an upgrade.
        yield signal("stale_module_after_upgrade", 0.4, evidence, module=name, reason="api_missing")


def _pasted_alone(err: ErrorText, match: re.Match[str]) -> bool:
    """Nothing but the exception's type comes before the message: no code line says who asked."""
    return re.fullmatch(r"\s*(?:\w*Error:?)?\s*", err.text[: match.start()]) is not None


def _private(attribute: str) -> bool:
    """A package-private name (_no_nep50_warning), not a dunder (__version__) that other code asks for too."""
    return attribute.startswith("_") and not attribute.startswith("__")


# `cannot import name 'N' from 'P.sub' (<file>)`: Python 3.8+ names the module and its file.
_NAME_FROM = re.compile(r"cannot import name '(\w{1,80})' from '([\w.]{1,120})' \(([^()\n]{1,400})\)")
# The same without the file (a pasted last line): a torch submodule lacking a name its caller needs.
_NAME_FROM_TORCH = re.compile(r"cannot import name '(\w{1,80})' from '(torch\.[\w.]{1,120})'(?! \()")
_DATAPIPES = "torch.utils.data.datapipes"
# A torch submodule a companion's own file imports and this torch lacks (torchvision >= 0.16's
# _meta_registrations imports torch._custom_ops, added in torch 2.1: victorchall/EveryDream2trainer#255).
_NO_TORCH_SUBMODULE = re.compile(r"No module named '(torch\.[\w.]{1,120})'")


# Submodules every torch release has had: when the user's own import of one fails, the `torch` that answered is
# not the installed package but a folder named torch without them, such as one in the working directory
# (pytorch/pytorch#1851: `from torch.autograd import Variable` -> No module named 'torch.autograd'). Raised inside
# torch's own files instead, torch's folder lacks them: an incomplete install.
# Python names the first part of the dotted name it cannot find: a deeper name ('torch.utils.data.datapipes.gen_pyi',
# pytorch/data#420) means torch.utils was found, so the torch that answered is not a folder without it.
_CORE_SUBMODULE = re.compile(r"No module named '(torch\.(?:autograd|nn|optim|utils|cuda|jit|serialization))'")


# torch._C is the compiled core's (its own readings); torch._custom_ops is torchvision's usual ask of a newer torch.
_PRIVATE_TORCH_MODULE = re.compile(r"torch\._(?!C$|custom_ops$)[a-z]\w{1,60}")


def _own_relative_import(err: ErrorText, missing: re.Match[str]) -> str | None:
    """The code line just above "No module named 'torch.x'" when it is ``from .x import ...``: torch's own import."""
    line_start = err.text.rfind("\n", 0, missing.start())
    previous = err.text[:line_start].rstrip("\n").rsplit("\n", 1)[-1].strip() if line_start > 0 else ""
    name = missing.group(1).removeprefix("torch.")
    return previous if "." not in name and re.match(rf"from \.{re.escape(name)} import \w", previous) else None


@extractor
def core_submodule_missing(err: ErrorText) -> Iterator[Signal]:
    own = err.search(_NO_TORCH_SUBMODULE)
    own_frames = err.frames_before(own.start()) if own else []
    if own and own.group(1) != "torch._C" and own_frames and owner(own_frames[-1]) == "torch":
        # torch's own installed file imports a submodule of its own release that is not there: files are missing
        # (a ~/.local torch whose __init__ cannot import torch._utils: Lightning-AI/lit-llama#135). torch._C is
        # read by the compiled-core readings.
        evidence = [err.evidence(own), f"torch's own {own_frames[-1].replace(chr(92), '/').rsplit('/', 1)[-1]} imports it"]
        yield signal("corrupted_install", 0.75, evidence, package="torch", library=own.group(1))
        return
    # Only without frames: frames naming a torch folder outside site-packages are a source tree's (shadowing).
    sibling = _own_relative_import(err, own) if own and own.group(1) != "torch._C" and not own_frames else None
    if own and sibling:
        # No frame, but the code line above it is torch's own relative import of that module (`from ._utils import
        # ...` for torch._utils: zai-org/GLM-4#419): a file of torch's own folder is missing.
        yield signal("corrupted_install", 0.7, [err.evidence(own), f"torch's own `{sibling}` fails"], package="torch", library=own.group(1))
        return
    if own and not own_frames and _PRIVATE_TORCH_MODULE.fullmatch(own.group(1)):
        # torch's private modules are imported by torch's own files: one missing, with no frame to say who asked, is
        # most often a file lost from torch's folder (Ragnar#2, bot-mmorpg-ai#75: fixed by reinstalling torch).
        said = f"{own.group(1)} is a private module of torch's own, which only torch's files import"
        yield signal("corrupted_install", 0.5, [err.evidence(own), said], package="torch", library=own.group(1))
        return
    match = err.search(_CORE_SUBMODULE)
    frames = err.frames_before(match.start()) if match else []
    if not match or not frames:
        return
    evidence = [err.evidence(match)]
    if owner(frames[-1]) is None:
        yield signal("shadowed_module", 0.6, evidence, module="torch", path=local_shadow(frames, "torch"), intruder=False)
        yield signal("corrupted_install", 0.35, evidence, package="torch", library=match.group(1))


@extractor
def companion_needs_newer_torch(err: ErrorText) -> Iterator[Signal]:
    """A companion's own file imports a torch submodule this torch does not have: a companion newer than torch."""
    match = err.search(_NO_TORCH_SUBMODULE)
    frames = err.frames_before(match.start()) if match else []
    raised_in = owner(frames[-1]) if frames else None
    if match and match.group(1) != "torch._C" and raised_in in COMPANIONS:
        yield signal("torchvision_torch_mismatch", 0.85, [err.evidence(match)], package=raised_in, reason="torch_api_missing")
    elif match and not frames and match.group(1) == "torch._custom_ops":
        # The last line alone, as Colab users paste it: torchvision's _meta_registrations is this module's usual
        # importer at import time (stanford-futuredata/ColBERT#383: an older torch installed beside Colab's companions).
        yield signal("torchvision_torch_mismatch", 0.6, [err.evidence(match)], package="torchvision", reason="torch_api_missing")


# The same name asked for by an import statement, Python 3.8+'s "cannot import name 'LLM' from 'vllm'" (a script named
# vllm.py answering `from vllm import LLM`: vllm-project/vllm#475, fixed by renaming it). The file Python names, when it
# names one outside site-packages and called like the package, is the one that answered; one in site-packages is an
# installed package's own, which the other readings judge.
_CORE_NAME_FROM = re.compile(r"cannot import name '(\w{1,80})' from '([A-Za-z_]\w{0,40})'(?: \(([^()\n]{1,400})\))?")


@extractor
def core_name_not_importable(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CORE_NAME_FROM)
    if not (match and match.group(1) in _CORE_NAMES.get(match.group(2), ())):
        return
    name, package, file = match.group(1), match.group(2), match.group(3)
    said = f"every {package} release has {name}: what answered `from {package} import {name}` is not the installed {package}"
    if file is None:
        yield from _core_name_missing(package, [err.evidence(match), said], [err.evidence(match)])
    elif not _INSTALLED.search(file) and _file_named_like(file.replace("\\", "/"), package):
        yield signal("shadowed_module", 0.85, [err.evidence(match), said], module=package, path=file, intruder=False)


# A name a domain library's own file imports from torch, missing in this torch: the library was released for
# another torch (torchdata importing DILL_AVAILABLE, gone in torch 2.3: chanzuckerberg/cellxgene-census#1110;
# torchvision 0.2's inception.py importing Optional from torch.jit.annotations: junyanz/pytorch-CycleGAN-and-pix2pix#933).
_CANNOT_IMPORT = re.compile(r"cannot import name '(\w{1,80})'(?: from '(torch(?:\.[\w.]{1,120})?)')?")
_FROM_TORCH_LINE = re.compile(r"^\s{0,40}from (torch(?:\.[\w.]{1,120})?) import ", re.M)
_DOMAIN_LIBRARIES = (*COMPANIONS, "torchdata")


@extractor
def companion_needs_other_torch(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CANNOT_IMPORT)
    frames = err.frames_before(match.start()) if match else []
    raised_in = owner(frames[-1]) if frames else None
    if not (match and raised_in in _DOMAIN_LIBRARIES):
        return
    last_frame_at = err.text.rfind(frames[-1], 0, match.start())
    if match.group(2) or _FROM_TORCH_LINE.search(err.text, last_frame_at, match.start()):
        yield signal("torchvision_torch_mismatch", 0.8, [err.evidence(match)], package=raised_in, reason="torch_api_missing")


# A family package's own warning printed from a file outside site-packages: the package was imported from
# a source checkout in the working directory, whose compiled extension was never built
# (pytorch/audio#2287: "/audio/torchaudio/_extension.py: UserWarning: torchaudio C++ extension is not available").
_SOURCE_TREE_WARNING = re.compile(
    r"(?:^|: )(\S{0,300}?)/(torch|torchvision|torchaudio)/[\w/]{1,200}\.py:\d{1,7}: UserWarning: [^\n]{0,80}C\+\+ extension is not availab",
    re.M,
)


@extractor
def warning_from_source_tree(err: ErrorText) -> Iterator[Signal]:
    """A torch-family package imported from an unbuilt source folder instead of the installed wheel."""
    match = err.search(_SOURCE_TREE_WARNING)
    if match and not _INSTALLED.search(match.group(0)) and not standard_library_frame(match.group(1) + "/"):
        folder = f"{match.group(1)}/{match.group(2)}/"
        yield signal("shadowed_module", 0.65, [err.evidence(match)], module=match.group(2), path=folder, intruder=False)


# Python 3.13 names the shadowing file itself (What's New in Python 3.13, "Improved error messages"; reproduced
# here with CPython 3.13.0 and a dis.py beside `import inspect`): "AttributeError: module 'dis' has no attribute
# 'COMPILER_FLAG_NAMES' (consider renaming '/tmp/x/dis.py' since it has the same name as the standard library
# module named 'dis' and the import system gives it precedence)".
# For any other module (a script named torch.py that imports torch): "module 'torch' has no attribute 'zeros'
# (consider renaming '/tmp/x/torch.py' if it has the same name as a third-party module you intended to import)".
_PYTHON_SAYS_RENAME = re.compile(
    r"consider renaming '([^'\n]{1,400})' since it has the same name as the standard library module named '(\w{1,60})'"
)
_PYTHON_SAYS_RENAME_PACKAGE = re.compile(
    r"module '(\w{1,60})' has no attribute '\w{1,80}' \(consider renaming '([^'\n]{1,400})' if it has the same name as a "
    r"third-party module you intended to import\)"
)


@extractor
def python_names_the_shadowing_file(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_PYTHON_SAYS_RENAME)
    if match:
        yield signal("shadowed_module", 0.95, [err.evidence(match)], module=match.group(2), path=match.group(1), intruder=True)
        return
    package = err.search(_PYTHON_SAYS_RENAME_PACKAGE)
    if package:
        yield signal("shadowed_module", 0.95, [err.evidence(package)], module=package.group(1), path=package.group(2), intruder=False)


@extractor
def standard_module_lacking_what_the_standard_library_uses(err: ErrorText) -> Iterator[Signal]:
    """Before Python 3.13 names the file: a standard-library file asks a standard module for a name it has
    always had (inspect.py for ``dis.COMPILER_FLAG_NAMES``) and the module lacks it, so the module that
    answered the import is not the standard one: a file of that name earlier on sys.path."""
    match = err.search_last(_NO_ATTRIBUTE)
    frames = err.frames_before(match.start()) if match else []
    if not (match and match.group(1) in STDLIB_NAMES and frames and standard_library_frame(frames[-1])):
        return
    if "consider renaming" not in err.line_at(match.start()) and not err.before(match).endswith("partially initialized "):
        evidence = [err.evidence(match), f"raised in the standard library's own {frames[-1]}"]
        yield signal("shadowed_module", 0.75, evidence, module=match.group(1), path=None, intruder=True)


@extractor
def stdlib_name_answered_elsewhere(err: ErrorText) -> Iterator[Signal]:
    """A standard-library module whose file, as Python names it, is not the standard library's: a file of that
    name in the working directory or a project (a lecture's code.py hiding ``code`` from PyCharm's debugger:
    tecladocode/complete-python-course#39; a tests/unit/code/ package: databrickslabs/ucx#1126), or torch's own
    ``random.py`` when the working directory is inside torch's folder (pytorch/pytorch#19943)."""
    match = err.search(_NAME_FROM)
    if not match or match.group(2) not in STDLIB_NAMES or standard_library_frame(match.group(3)):
        return
    path = match.group(3).replace("\\", "/")
    folder = path.rpartition("/")[0]
    named_like = _file_named_like(path, match.group(2))
    if named_like and not _INSTALLED.search(path):
        yield signal("shadowed_module", 0.85, [err.evidence(match)], module=match.group(2), path=path, intruder=True)
    elif named_like and folder.endswith("/torch"):
        yield signal("shadowed_module", 0.8, [err.evidence(match)], module=match.group(2), path=path, intruder=True)


# Python's start-up failing (it imports io, encodings, abc and site before any user code) with a frame in a file of a
# standard module's name outside the standard library: that file answered the start-up's import, because the interpreter
# was started in its folder (XanaduAI/strawberryfields PR 475: pip run inside the package folder, whose io.py failed on
# its own imports under "Fatal Python error: init_sys_streams").
_STARTUP_FATAL = re.compile(r"Fatal Python error: (?:init_sys_streams|init_import_site|init_fs_encoding|initsite|_PyImport_Init)\b")


@extractor
def standard_module_at_startup_answered_elsewhere(err: ErrorText) -> Iterator[Signal]:
    fatal = err.search(_STARTUP_FATAL)
    if not fatal:
        return
    for path in err.frames_before(len(err.text)):
        norm = path.replace("\\", "/")
        stem = norm.rpartition("/")[2].removesuffix(".py")
        if stem in STDLIB_NAMES and norm.endswith(".py") and not standard_library_frame(norm) and not _INSTALLED.search(norm):
            said = f"{path} answered Python's start-up import of the standard {stem} module"
            detail = {"module": stem, "path": path, "intruder": True, "reason": "startup_import"}
            yield signal("shadowed_module", 0.85, [err.evidence(fatal), said], **detail)
            return


# Python 3.7 and older name no module in "cannot import name TracebackType": the code line above it does
# (`from types import TracebackType`). A name the standard module defines, missing from it, means another file of
# that name answered the import (an incendium checkout run from its folder with its own types.py: incendium#60).
_BARE_NAME_MISSING = re.compile(r"^ImportError: cannot import name '?(\w{1,80})'?\s{0,4}$", re.M)
_FROM_STANDARD_IMPORT = re.compile(r"^\s{0,12}from ([A-Za-z_]\w{0,40}) import ([\w, ()]{1,300})$", re.M)
FROM_SUBMODULE_IMPORT = re.compile(r"^\s{0,12}from ([A-Za-z_]\w{0,60})\.[\w.]{1,120} import ([\w, ()]{1,300})$", re.M)


def bare_name_missing(err: ErrorText, statement: re.Pattern[str] = _FROM_STANDARD_IMPORT) -> tuple[re.Match[str], str] | None:
    """Python before 3.8's bare "cannot import name 'X'" and the top-level module of the last ``statement`` (a `from M
    import ..., X` line) in the 300 characters above it: (the message, M). None unless that statement names X."""
    missing = err.search_last(_BARE_NAME_MISSING)
    statements = list(statement.finditer(err.text, max(0, missing.start() - 300), missing.start())) if missing else []
    if not (missing and statements) or missing.group(1) not in re.findall(r"\w+", statements[-1].group(2)):
        return None
    return missing, statements[-1].group(1)


@extractor
def standard_name_missing_without_module(err: ErrorText) -> Iterator[Signal]:
    found = bare_name_missing(err)
    if not found:
        return
    missing, module = found
    name = missing.group(1)
    if module in STDLIB_NAMES and standard_defines(module, name):
        said = f"the standard {module} module defines {name}: another file named {module}.py answered the import"
        yield signal("shadowed_module", _standard_confidence(err), [err.evidence(missing), said], module=module, path=None, intruder=True)


# A traceback's code line importing a standard module, and the very next frame a file of that name that is neither the
# standard library's nor a package's: whoever imported it (Visual Studio's debugger launcher importing random got the
# user's Desktop\\random.py: microsoft/PTVS#2961), the user's file answered.
# The same for an installed package's own import of another distribution answered by a user's single file of that
# name (matplotlib's cbook `import numpy as np` answered by the user's Desktop/numpy.py: matplotlib/matplotlib#13407).
# Only a single <name>.py there: a folder <name>/ outside site-packages may be an editable install of that package.
_IMPORTS_MODULE = re.compile(r"^(?:import|from) ([A-Za-z_]\w{0,40})\b")


@extractor
def standard_import_answered_by_the_next_frame(err: ErrorText) -> Iterator[Signal]:
    frames = err.frame_code()
    for (caller, code), (callee, _next_code) in zip(frames, frames[1:]):
        imported = _IMPORTS_MODULE.match(code)
        name, path = (imported.group(1), callee.replace("\\", "/")) if imported else ("", "")
        if not name or standard_library_frame(path) or _INSTALLED.search(path):
            continue
        if name in STDLIB_NAMES and _file_named_like("/" + path.lstrip("/"), name):
            said = f"`{code}` was answered by {callee}, not by the standard library's {name}"
            yield signal("shadowed_module", 0.85, [said], module=name, path=callee, intruder=True)
            return
        asker = owner(caller)  # None for a file outside site-packages: the user's own
        if asker and asker != name and path.endswith(f"/{name}.py"):
            said = f"{asker}'s own `{code}` was answered by {callee}, not by the installed {name}"
            yield signal("shadowed_module", 0.85, [said], module=name, path=callee, intruder=False)
            return


def _file_named_like(path: str, name: str) -> bool:
    """``path`` (with '/') is module ``name``'s own file: ``<name>.py`` or ``<name>/__init__.py``."""
    folder, _, stem = path.rpartition("/")
    return stem == f"{name}.py" or (stem == "__init__.py" and folder.endswith(f"/{name}"))


@extractor
def package_answered_by_a_user_file(err: ErrorText) -> Iterator[Signal]:
    """An installed package's own ``from P import N`` answered by a file outside site-packages named like P, where P is
    a distribution (widely installed, or shown in site-packages): the user's P.py (or folder P/) hides it (a project's
    packaging.py meeting transformers' `from packaging import version`). The standard library's names are
    stdlib_name_answered_elsewhere's; a last line alone is no shadow: the project's own module may just lack the name."""
    match = err.search(_NAME_FROM)
    if not match or "." in match.group(2) or match.group(2) in STDLIB_NAMES or _INSTALLED.search(match.group(3)):
        return
    path, name = match.group(3).replace("\\", "/"), match.group(2)
    if not _file_named_like(path, name) or in_torch_hub(path):
        return
    frames = err.frames_before(match.start())
    asked_by = owner(frames[-1]) if frames else None
    if asked_by and asked_by != name and installed_package(err, name):
        said = f"{asked_by}'s own import of {name} was answered by {match.group(3)}, not by the installed {name}"
        yield signal("shadowed_module", 0.85, [err.evidence(match), said], module=name, path=match.group(3), intruder=True)


@extractor
def own_module_disagrees(err: ErrorText) -> Iterator[Signal]:
    """An installed package's own file imports a name its own sibling module lacks.

    The two files come from two versions: in a running notebook, the sibling was imported before
    a pip install replaced the package on disk (torchgeo/torchgeo#765: PIL upgraded under a live
    Colab runtime); elsewhere, files of two versions mixed on disk.
    """
    match = err.search(_NAME_FROM)
    if not match or not _INSTALLED.search(match.group(3)):
        return
    frames = err.frames_before(match.start())
    top = match.group(2).split(".")[0]
    if frames and owner(frames[-1]) == top:
        confidence = 0.6 if err.in_notebook else 0.4
        yield signal("stale_module_after_upgrade", confidence, [err.evidence(match)], module=match.group(2), reason="own_module")
    elif _another_package(top) and match.group(1)[:1].isupper() and not (frames and owner(frames[-1])):
        # The user's code asks an installed package for a class it lacks: the release running is older than the code,
        # most often one a notebook imported before its install cell upgraded it (openai/openai-python#685: openai
        # 0.27.8 still loaded, 1.1.0 on disk), as module_attribute_missing reads "has no attribute 'Class'".
        detail = {"module": match.group(2), "attribute": match.group(1), "reason": "api_missing"}
        yield signal("stale_module_after_upgrade", 0.45, [err.evidence(match)], **detail)


def _another_package(top: str) -> bool:
    """Neither torch's family nor the standard library: a package whose own readings are not torch's."""
    return top not in STDLIB_NAMES and top not in ("torch", *COMPANIONS)


@extractor
def torch_name_missing(err: ErrorText) -> Iterator[Signal]:
    """``cannot import name 'SLoc' from 'torch._guards'`` with no file: the running torch
    predates what its caller needs, most often one imported before an install changed it (RuinedFooocus#253)."""
    match = err.search(_NAME_FROM_TORCH)
    frames = err.frames_before(match.start()) if match else []
    raised_in = owner(frames[-1]) if frames else None
    if match and raised_in in ("torch", None) and not match.group(2).startswith(_DATAPIPES):
        # torch's own file or an unnamed caller (module_attribute_missing's reading)
        yield signal("stale_module_after_upgrade", 0.45, [err.evidence(match)], module=match.group(2), reason="api_missing")


# torch's DataPipes are torchdata's ground (and torchtext's, which imports them through torchdata): a name missing
# from them is asked for by a torchdata made for another torch (THOR-Net#6: torchdata 0.3.0a0 wanting StreamWrapper
# from torch 1.10.1, fixed by torch 1.12.1; OpenFreeEnergy/openfe#1940: DILL_AVAILABLE, gone from newer torch).
_DATAPIPES_NAME = re.compile(r"cannot import name '(\w{1,80})' from '(torch\.utils\.data\.datapipes[\w.]{0,80})'")


@extractor
def datapipes_name_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_DATAPIPES_NAME)
    frames = err.frames_before(match.start()) if match else []
    raised_in = owner(frames[-1]) if frames else None
    # No frame (the last line alone, as pasted), or the library's own; the user's own file importing is their code.
    if match and (raised_in in ("torchdata", "torchtext") or not frames):
        package = raised_in or "torchdata"
        named = raised_in is not None or err.package("torchdata") is not None or "torchdata" in err.text
        said = f"{package} imports {match.group(1)} from torch's DataPipes"
        evidence = [err.evidence(match), said]
        yield signal("torchvision_torch_mismatch", 0.7 if named else 0.6, evidence, package=package, reason="torch_api_missing")


@extractor
def torch_c_missing(err: ErrorText) -> Iterator[Signal]:
    """torch/_C cannot be imported: a source checkout shadowing torch, or an incomplete install."""
    match = err.search(_NO_C)
    if not match:
        bare = err.search(_BARE_NO_C)
        raised_by = err.importer(bare.start()) if bare else None
        # No frames at all: the bare line alone, as Python 2 printed it for `import torch` at the root of
        # a PyTorch git tree (pytorch/pytorch#4622); an installed torch names its own file.
        # An add-on's own warning that its compiled ops did not load names whose _C it is (build.addon_ops_never_built).
        alone = (
            bare is not None
            and not bare.group(0).startswith("cannot")
            and not err.frames_before(bare.start())
            and "Failed to load custom C++ ops" not in err.text
        )
        match = bare if (raised_by and raised_by.endswith("torch/__init__.py")) or alone else None
    if not match or frozen_app(err):
        return  # a frozen app's bundle lacking torch._C is explainer/frozen_app.py's
    frames = err.frames_before(match.start())
    evidence = [err.evidence(match)]
    shadow = local_shadow(frames, "torch")
    # Frames in an installed torch, or `pip show torch` naming its site-packages (yisol/IDM-VTON#126).
    installed = any(_INSTALLED.search(f) and "torch" in f for f in frames) or bool(err.search(_PIP_SHOW_TORCH))
    if shadow or not installed:
        yield signal("shadowed_module", 0.75 if shadow else 0.5, evidence, module="torch", path=shadow, intruder=False)
    yield signal("corrupted_install", 0.6 if installed else 0.4, evidence, reason="torch_c", package="torch", library="torch._C")


# torch imported from the user's own site-packages (~/.local/lib/pythonX.Y on Linux and macOS, %APPDATA%\Python
# on Windows) while a companion comes from the environment's: a `pip install --user` torch that Python searches
# before the environment's own, so the environment's torchvision/torchaudio meet another torch
# (ultralytics/yolov3#914, k2-fsa/icefall#1283: a conda env's companion against ~/.local's torch). conda's
# torchvision and torchaudio depend on its pytorch, so a conda environment's companion means a torch there too;
# a pip-installed companion elsewhere may have been installed against the user site's torch alone
# (bentrevett/pytorch-sentiment-analysis#92: the torchtext/torch pairing was the maintainer's reading), so
# that is only a second reading.
_USER_SITE = re.compile(
    r"[/\\]\.local[/\\]lib[/\\]python\d\.\d{1,2}[/\\]site-packages[/\\]|[/\\]AppData[/\\]Roaming[/\\]Python[/\\]Python\d{2,3}[/\\]site-packages[/\\]",
    re.I,
)
_CONDA_SITE = re.compile(
    r"/(?:envs/[^/]{1,80}|(?:ana|mini)conda\d?|miniforge\d?|mambaforge)/(?:lib/python\d\.\d{1,2}|Lib)/site-packages/", re.I
)


# torch's own path printed (torch.__file__, pip show's Location) in the user site-packages, while a conda or virtual
# environment is active: the prompt's "(name) " or the environment's folders (computational-cell-analytics/micro-sam#953:
# `(micro-sam4) PS ...> python -c "import torch; print(torch.__file__)"` answering AppData\Roaming\Python\Python311).
_USER_SITE_TORCH = re.compile(f"(?:{_USER_SITE.pattern})torch[/\\\\]", re.I)
_ENV_PROMPT = re.compile(r"^\((?!base\))[\w.-]{1,60}\) (?:PS [A-Za-z]:|[A-Za-z]:\\|[\w.-]{1,60}@)", re.M)


@extractor
def torch_from_user_site(err: ErrorText) -> Iterator[Signal]:
    """``user_site``: the user site-packages folder the imported torch is in."""
    if not err.search(_USER_SITE):  # either separator: the frames are normalised only once this is found
        return
    frames = [path.replace("\\", "/") for path in err.frames_before(len(err.text))]
    user_torch = next((path for path in frames if owner(path) == "torch" and _USER_SITE.search(path)), None)
    companion = next((path for path in frames if owner(path) in COMPANIONS and not _USER_SITE.search(path)), None)
    printed = None if user_torch else err.search(_USER_SITE_TORCH)
    if printed and (err.search(_ENV_PROMPT) or err.search(_CONDA_SITE)):
        # The user site's own folder: the word that ends where "torch/" begins.
        folder = err.word_before(printed.end() - len("torch/"), separators="'\"").rstrip("/\\")
        evidence = [err.line_at(printed.start()), "an environment is active, yet torch comes from the user site-packages"]
        yield user_site_install(0.8, evidence, folder)
        return
    if not (user_torch and companion):
        return
    user_site, companion_site = _site_folder(user_torch), _site_folder(companion)
    evidence = [f"torch is imported from {user_site}", f"{owner(companion)} from {companion_site}"]
    yield user_site_install(0.95 if _CONDA_SITE.search(companion) else 0.5, evidence, user_site)


def _site_folder(path: str) -> str:
    """``/x/lib/python3.7/site-packages`` of ``/x/lib/python3.7/site-packages/torch/_ops.py``."""
    return path[: path.lower().index("-packages/") + len("-packages")]


# torch.onnx registers its symbolic functions once per process; its own warning that one "already registered ...
# This is unexpected" means torch.onnx ran a second time: a second torch imported beside the first. A copy in the
# user site-packages says which (pytorch/pytorch#91773: torch 1.13.1 in AppData\Roaming\Python beside the env's
# 1.12.1, confirmed by the reporter).
_ONNX_REGISTERED_TWICE = re.compile(r"Symbolic function '[\w:.]{1,120}' already registered for opset \d{1,3}")


@extractor
def onnx_registered_twice(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_ONNX_REGISTERED_TWICE)
    if not match:
        return
    user_site = err.search(_USER_SITE)
    if not user_site:
        yield second_install(0.6, [err.evidence(match)])
        return
    folder = err.word_before(user_site.end(), separators="'\"").rstrip("/\\")
    evidence = [err.evidence(match), f"torch.onnx is imported from {folder}"]
    yield user_site_install(0.85, evidence, folder)
