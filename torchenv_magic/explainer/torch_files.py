"""Mixed or damaged torch: its own native files from two builds, or not loadable at all.

An ``undefined symbol`` *inside one of torch's own libraries* naming a symbol of torch's
own namespaces (``c10::``, ``at::``, ``torch::``, ``caffe2::``) means torch's files come
from two builds: a nightly over a release (pytorch/pytorch#13893), an old libtorch left on
the search path (#15800, #17541) or a second torch's libraries on ``LD_LIBRARY_PATH``
(#62650: a torch library outside any installed package). A library that is not a loadable
binary at all (``invalid ELF header``, ``file too short``) was cut short or replaced
(``corrupted_install``).

Labelling rule (docs/explain-accuracy.md): two separate installs that one process sees (pip
and conda, a nightly beside a release, an old build or a libtorch folder on the search path)
are ``duplicate_installations``; one torch folder holding files of two builds is
``corrupted_install``. The text of a torch library missing a torch symbol reads the same for
both, and the threads of the corpus confirm the first more often (#2011, #13893, #14087,
#29544 against the faulty conda packages of #2091/#2104), so it ranks first, with the other
close behind. An undefined symbol of *another* library (MKL's ``iJIT_*``, libnvJitLink's)
stays a library conflict (explainer/shared_libs.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lfs_pointers import shows_pointer
from .signals import Signal, extractor, signal
from .text import ErrorText
from .vision import SYMBOL_MISSING, TORCH_SYMBOL, loaded_files

# torch's own native files; libTH* (TH, THC, THNN, THCUNN) are torch <= 0.4's (pytorch/pytorch#2011).
# libATen was torch 0.3/0.4's own tensor library (pytorch/pytorch#2172).
_TORCH_FILE = re.compile(
    r"(?:^|/)lib(?:torch\w{0,20}|c10\w{0,10}|shm|caffe2\w{0,30}|TH\w{0,8}|ATen)\.(?:so|dylib)|/torch/_C[.\w-]{0,60}\.so"
)
_INSTALLED = re.compile(r"/(?:site|dist)-packages/", re.I)
# Not torch's own though named libtorch*: a companion's library (libtorchaudio.so, torchcodec's libtorchcodec_core8.so:
# ace-step/ACE-Step-1.5#1018), or any file inside another installed package's folder.
_COMPANION_LIBRARY = re.compile(r"(?:^|/)libtorch(?:audio|codec|vision|text)")
_PACKAGE_FOLDER = re.compile(r"/(?:site|dist)-packages/([^/]{1,120})/", re.I)
# "cannot read file data": the loader could not read the file to its end (a truncated copy: pytorch/pytorch#1264).
# GNU ld's words for the same when a build links it: "libcudnn.so: file not recognized: File truncated" (pytorch/
# pytorch#588: a cuDNN download cut short, fixed by copying cuDNN's files again).
_NOT_A_BINARY = re.compile(r": ?(invalid ELF header|file too short|cannot read file data|file not recognized: File truncated)")
_PATH_BEFORE = re.compile(r"(\S{1,400})$")


@extractor
def torch_library_mixed(err: ErrorText) -> Iterator[Signal]:
    """One of torch's own libraries misses a torch symbol, or is another install's copy."""
    match = err.search(SYMBOL_MISSING)
    if not match:
        return
    symbol = match.group(1) or match.group(2) or match.group(3)
    path = next((file.replace("\\", "/") for file in loaded_files(err, match)), "")
    package = _PACKAGE_FOLDER.search(path)
    if not _TORCH_FILE.search(path) or _COMPANION_LIBRARY.search(path) or (package and package.group(1) != "torch"):
        return
    another_copy = path.startswith(("/", "~")) and not _INSTALLED.search(path)
    evidence, library = [err.evidence(match)], path.rsplit("/", 1)[-1]
    if another_copy:  # a torch library outside any installed package: a second torch found first (#62650)
        yield second_install(0.88, evidence, copy=path)
        yield signal("corrupted_install", 0.6, evidence, reason="mixed_builds", package="torch", library=library, symbol=symbol)
    elif TORCH_SYMBOL.match(symbol):
        yield from mixed_builds(evidence, library, 0.88, second_install_first=True, symbol=symbol)


def second_install(confidence: float, evidence: list[str], copy: str | None = None) -> Signal:
    """``duplicate_installations`` as a text shows it: a second torch install beside this one (``copy``: the
    second install's library, when the text names it). rules/live_install.py words the finding."""
    detail = {"reason": "two_builds", "package": "torch", "copy": copy, "fragment": None, "site": None}
    return signal("duplicate_installations", confidence, evidence, **detail)


def user_site_install(confidence: float, evidence: list[str], user_site: str) -> Signal:
    """``duplicate_installations``: the torch imported is a second one in the per-user site-packages ``user_site``."""
    detail = {"reason": "user_site", "package": "torch", "user_site": user_site, "fragment": None, "site": None}
    return signal("duplicate_installations", confidence, evidence, **detail)


def mixed_builds(evidence: list[str], library: str, confidence: float, second_install_first: bool, **detail: str) -> Iterator[Signal]:
    """torch's files from two builds: a second whole install found alongside (pip and conda, a
    nightly and a release, a source build and a wheel: pytorch/pytorch#2011, #2094, #14087,
    #29544), or one install damaged by another over it. The text reads the same for both; the
    caller says which the corpus confirms more often for its shape."""
    first, second = (confidence, confidence - 0.1) if second_install_first else (confidence - 0.1, confidence)
    yield second_install(first, evidence)
    yield signal("corrupted_install", second, evidence, reason="mixed_builds", package="torch", library=library, **detail)


# torch's compiled core (torch/_C.*.so or .pyd, as Python 3.8+ names its file) lacks a name that torch's Python files
# import from it: the Python files and the compiled core come from two builds, read like "module 'torch._C' has no
# attribute" raised in torch's own files (imports.module_attribute_missing).
_CORE_LACKS_NAME = re.compile(r"cannot import name '(\w{1,80})' from 'torch\._C' \(([^()\n]{1,400}[/\\]torch[/\\]_C\.[^()\n]{1,80})\)")


@extractor
def compiled_core_lacks_a_name(err: ErrorText) -> Iterator[Signal]:
    """Only where torch's own file asked (or no frame says who did): a project's own import of a private torch._C name
    is code written for another torch release (sanghyun-son/EDSR-PyTorch#162: _update_worker_pids, gone in torch 1.1)."""
    match = err.search(_CORE_LACKS_NAME)
    importer = err.importer(match.start()) if match else None
    if match and (importer is None or "/torch/" in importer):
        said = f"torch's compiled core {match.group(2)} lacks {match.group(1)}, which torch's Python files import from it"
        yield from mixed_builds([err.evidence(match), said], "torch._C", 0.7 if importer else 0.6, second_install_first=False)


# The loader's path with Linux's " (deleted)" mark: the file was removed from disk while an earlier mapping of it lived
# on, and a later load finds nothing (unslothai/unsloth#1656: torchvision.libs/libcudart.<hash>.so.12 deleted from a
# conda environment; "all of torch might be broken", the maintainer's reading). The package folder names the owner.
_DELETED_LIBRARY = re.compile(
    r"(?:site|dist)-packages/(\w{1,80}?)(?:\.libs)?/(?:[\w.-]{1,80}/){0,3}([\w.+-]{1,120}\.so[\w.]{0,20}) \(deleted\)"
)


@extractor
def library_deleted_from_disk(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_DELETED_LIBRARY)
    if match:
        said = f"{match.group(2)} was deleted from {match.group(1)}'s folder: the install lost files"
        yield signal("corrupted_install", 0.7, [err.evidence(match), said], package=match.group(1), library=match.group(2))


_DRIVER_PLACEHOLDER = re.compile(r"^libcuda\.so(?:\.1)?$")


@extractor
def not_a_binary(err: ErrorText) -> Iterator[Signal]:
    """``<file>: invalid ELF header`` / ``file too short``: a native library cut short or replaced."""
    match = err.search(_NOT_A_BINARY)
    found = _PATH_BEFORE.search(err.before(match)) if match else None
    if not (match and found) or shows_pointer(err):
        return  # a Git LFS pointer in the library's place: lfs_pointers.git_lfs_pointer_loaded
    path = found.group(1).strip("'\"").replace("\\", "/")
    library = path.rsplit("/", 1)[-1]
    folder = _PACKAGE_FOLDER.search(path)
    if _DRIVER_PLACEHOLDER.match(library) and not folder and "file too short" in match.group(1):
        # An empty libcuda.so.1 in the system's lib folder: a CUDA image started without the NVIDIA runtime keeps the
        # placeholder the runtime would have replaced with the host driver's (DetectionTeamUCAS/R3Det_Tensorflow#78:
        # fixed by starting the container with nvidia-docker / --gpus all).
        said = f"{library} is empty: the NVIDIA container runtime did not put the host driver's library there"
        yield signal("no_driver_or_gpu", 0.8, [err.evidence(match), said], library=library, placeholder=True)
        return
    if folder or _TORCH_FILE.search(path) or "/" not in path:
        package = folder.group(1) if folder else "torch"
        yield signal("corrupted_install", 0.8, [err.evidence(match)], reason="damaged_download", package=package, library=library)
    else:  # a file outside any Python package (a CUDA or cuDNN copy in /usr/local/cuda): pip does not own it
        yield signal("corrupted_install", 0.8, [err.evidence(match)], reason="damaged_system_file", library=path)


# A second libtorch bundled inside another package's wheel (auditwheel's renamed copies under <pkg>.libs/,
# e.g. torch_mlir.libs/libc10-9b4183be.so: llvm/torch-mlir#1493; tch-rs#837) registering torch's dispatcher
# entries a second time in a process that already loaded torch's own.
_REGISTERED_TWICE = re.compile(r"Tried to register multiple backend fallbacks for the same dispatch key")
_BUNDLED_TORCH = re.compile(r"/((?!torch\.libs)[\w.-]{1,80}\.libs)/lib(?:c10|torch\w{0,12})-[0-9a-f]{8}\.so")


@extractor
def bundled_second_torch(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_REGISTERED_TWICE)
    bundled = err.search(_BUNDLED_TORCH) if match else None
    if match and bundled:
        evidence = [err.evidence(match), f"a second copy of torch's libraries ships in {bundled.group(1)}"]
        yield second_install(0.8, evidence)


# A subpackage of an installed torch that Python found only as a namespace package, "(unknown location)": its
# folder has no __init__.py any more, so the install lost files of its own (microsoft/DirectML#648:
# `cannot import name 'autocast' from 'torch.amp' (unknown location)` raised by site-packages' torch/__init__.py,
# fixed by uninstalling every torch* package and installing again). torch._C is its compiled core, read elsewhere.
_NAMESPACE_SUBPACKAGE = re.compile(
    r"cannot import name '\w{1,80}' from '((torch|torchvision|torchaudio)\.(?!_C')[\w.]{1,80})' \(unknown location\)"
)


@extractor
def subpackage_without_init(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NAMESPACE_SUBPACKAGE)
    importer = err.importer(match.start()) if match else None
    if match and importer and _INSTALLED.search(importer) and f"/{match.group(2)}/" in importer:
        subpackage = match.group(1).replace(".", "/")
        evidence = [err.evidence(match), f"{match.group(1)} was found without its __init__.py (a namespace package)"]
        yield signal("corrupted_install", 0.75, evidence, package=match.group(2), library=f"{subpackage}/__init__.py")
