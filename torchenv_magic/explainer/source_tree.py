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
from collections.abc import Iterator

from .imports import intruder, local_shadow
from .signals import Signal, extractor, signal
from .text import ErrorText

_FAMILY = ("torch", "torchvision", "torchaudio", "torchtext")
# What a package folder without its built or installed parts raises.
_PART_MISSING = re.compile(
    r"No module named '?(?:torch|torchvision|torchaudio|torchtext)\.[\w.]{1,80}'?"
    r"|No module named '?_C'?|cannot import name '?\w{1,80}'?|name '_C' is not defined"
    r"|image not found|cannot open shared object file|Library not loaded"
    r"|module '(?:torch|torchvision|torchaudio|torchtext)' has no attribute"
)
# A failed import of any module: the frames say whether a user file answered a standard import.
_IMPORT_ERROR = re.compile(r"^\w{0,40}(?:ImportError|ModuleNotFoundError)\b[^\n]{0,300}|^AttributeError: module '[^\n]{0,300}", re.M)
_STDLIB_FRAME = re.compile(r"^<|/lib/python\d\.\d{1,2}/(?!site-packages/|dist-packages/)|/Lib/(?!site-packages)|/importlib/", re.I)


def _last(err: ErrorText, pattern: re.Pattern[str]) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(err.text):  # noqa: B007 - the last one is the final exception's
        pass
    return found


@extractor
def package_from_other_folder(err: ErrorText) -> Iterator[Signal]:
    """The failing import's last own frame is a torch-family folder (or ``torch.py``) outside any install."""
    match = _last(err, _PART_MISSING)
    frames = [f for f in err.frames_before(match.start()) if not _STDLIB_FRAME.search(f.replace("\\", "/"))] if match else []
    if not (match and frames):
        return
    for name in _FAMILY:
        folder = local_shadow(frames[-1:], name)
        if folder:
            evidence = [err.evidence(match), f"imported from {frames[-1]}, not from site-packages"]
            yield signal("shadowed_module", 0.85, evidence, module=name, path=folder, intruder=False)
            return


@extractor
def standard_module_answered_by_user_file(err: ErrorText) -> Iterator[Signal]:
    """A failed import whose frames go from the installed torch into a user file named like a standard module."""
    match = _last(err, _IMPORT_ERROR)
    imported = intruder(err.frames_before(match.start()), "torch") if match else None
    if match and imported:
        evidence = [err.evidence(match), f"torch's own import reached {imported}"]
        yield signal("shadowed_module", 0.85, evidence, module="torch", path=imported, intruder=True)
