"""Mixed or damaged torch: its own native files from two builds, or not loadable at all.

An ``undefined symbol`` *inside one of torch's own libraries* naming a symbol of torch's
own namespaces (``c10::``, ``at::``, ``torch::``, ``caffe2::``) means torch's files come
from two builds: a nightly over a release (pytorch/pytorch#13893), an old libtorch left on
the search path (#15800, #17541) or a second torch's libraries on ``LD_LIBRARY_PATH``
(#62650: a torch library outside any installed package). A library that is not a loadable
binary at all (``invalid ELF header``, ``file too short``) was cut short or replaced. Both
are ``corrupted_install``; the first is as often a second whole install beside this one
(``duplicate_installations``, a weaker reading of the same text). An undefined symbol of *another* library (MKL's ``iJIT_*``,
libnvJitLink's) stays a library conflict (explainer/shared_libs.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
from .text import ErrorText
from .vision import TORCH_SYMBOL, loaded_files

_SYMBOL_MISSING = re.compile(r"undefined symbol: ?([^\s,]{1,300})|Symbol not found: ([^\s,]{1,300})")
# torch's own native files; libTH* (TH, THC, THNN, THCUNN) are torch <= 0.4's (pytorch/pytorch#2011).
_TORCH_FILE = re.compile(r"(?:^|/)lib(?:torch\w{0,20}|c10\w{0,10}|shm|caffe2\w{0,30}|TH\w{0,8})\.(?:so|dylib)|/torch/_C[.\w-]{0,60}\.so")
_INSTALLED = re.compile(r"/(?:site|dist)-packages/", re.I)
_NOT_A_BINARY = re.compile(r": ?(invalid ELF header|file too short)")
_PATH_BEFORE = re.compile(r"(\S{1,400})$")


@extractor
def torch_library_mixed(err: ErrorText) -> Iterator[Signal]:
    """One of torch's own libraries misses a torch symbol, or is another install's copy."""
    match = err.search(_SYMBOL_MISSING)
    if not match:
        return
    symbol = match.group(1) or match.group(2)
    path = next((file.replace("\\", "/") for file in loaded_files(err, match)), "")
    if not _TORCH_FILE.search(path):
        return
    another_copy = path.startswith(("/", "~")) and not _INSTALLED.search(path)
    if TORCH_SYMBOL.match(symbol) or another_copy:
        yield from mixed_builds([err.evidence(match)], path.rsplit("/", 1)[-1], 0.88, symbol=symbol)


def mixed_builds(evidence: list[str], library: str, confidence: float, **detail: str) -> Iterator[Signal]:
    """torch's files from two builds: damaged by one install over another, or a second whole
    install found alongside (pip and conda, a nightly and a release, a source build and a wheel:
    pytorch/pytorch#2011, #2094, #14087, #29544). The text reads the same for both."""
    yield signal("corrupted_install", confidence, evidence, reason="mixed_builds", package="torch", library=library, **detail)
    yield signal("duplicate_installations", confidence - 0.16, evidence, reason="two_builds", package="torch", fragment=None, site=None)


@extractor
def not_a_binary(err: ErrorText) -> Iterator[Signal]:
    """``<file>: invalid ELF header`` / ``file too short``: a native library cut short or replaced."""
    match = err.search(_NOT_A_BINARY)
    found = _PATH_BEFORE.search(err.before(match)) if match else None
    if not (match and found):
        return
    library = found.group(1).strip("'\"").replace("\\", "/").rsplit("/", 1)[-1]
    yield signal("corrupted_install", 0.8, [err.evidence(match)], reason="damaged_download", package="torch", library=library)
