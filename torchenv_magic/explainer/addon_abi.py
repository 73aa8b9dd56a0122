"""An add-on's own words, or pybind11's or Python's, for a compiled part built for another torch (or Python) than
the one running.

shared_libs.py reads the loader's words (undefined symbols, missing libraries); these are messages the add-ons,
pybind11 and Python's import of a compiled module print instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
from .text import ErrorText

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

# Python 3 enters a compiled module through its PyInit_<name> function, Python 2 through init<name>: a module file
# without it was built for the other Python (or is a plain library, not a Python module). A project's ffi-era
# extension built under Python 2 and imported by Python 3 (longcw/RoIAlign.pytorch's _crop_and_resize in
# godisboy/DRPAN#5, fixed by Python 2.7 with torch 0.4.1), or an extension linked with another Python's config
# (facebookresearch/ELF#15: rebuilt with PYTHON_CONFIG naming the Python that runs it). Python's own message,
# Python/importdl.c.
_NO_MODULE_INIT = re.compile(r"dynamic module does not define (?:module export|init) function \((?:PyInit_|init)(\w{1,80})\)")


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
    no_init = err.search(_NO_MODULE_INIT)
    if no_init:
        said = f"the compiled module {no_init.group(1)} has no entry point for this Python: it was built for another Python"
        evidence = [err.evidence(no_init), said]
        detail = {"extension": None, "library": None, "module": no_init.group(1), "reason": "another_python"}
        yield signal("extension_abi_mismatch", 0.75, evidence, **detail)
