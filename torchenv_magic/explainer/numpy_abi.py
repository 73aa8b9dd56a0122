"""NumPy C-ABI mismatches: a module compiled for NumPy 1.x meeting NumPy 2, and the reverse.

The texts are NumPy's own: the 2.0 import-time warning ("A module that was compiled using
NumPy 1.x cannot be run in NumPy 2.x.y as it may crash"), ``_ARRAY_API not found`` and
``numpy.core.multiarray failed to import`` (the C-API import failing), and the older
``module compiled against API version 0x10 but this version of numpy is 0xf`` (a module
built for a *newer* NumPy). torch prints ``Failed to initialize NumPy`` when its own NumPy
bridge cannot load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..fixes import portable_install_fix
from ..model import Finding
from .registry import finding, text_rule
from .text import ErrorText

_NUMPY1_ON_2 = re.compile(r"compiled using NumPy 1\.x cannot be run in\s{1,4}NumPy ([\d.]{1,12})")
_ARRAY_API = re.compile(r"_ARRAY_API not found|numpy\.core\.multiarray failed to import|numpy\.core\._multiarray_umath failed to import")
_API_VERSION = re.compile(
    r"module compiled against (?:API|ABI) version (0x[0-9a-f]{1,4}) but this version of numpy is (0x[0-9a-f]{1,4})", re.I
)
_DTYPE_SIZE = re.compile(r"numpy\.dtype size changed, may indicate binary incompatibility")
_TORCH_NUMPY = re.compile(r"Failed to initialize NumPy|RuntimeError: Numpy is not available")


@text_rule
def numpy_abi_mismatch(err: ErrorText) -> Iterator[Finding]:
    one_on_two = err.search(_NUMPY1_ON_2)
    api = err.search(_API_VERSION)
    other = err.search(_ARRAY_API) or err.search(_DTYPE_SIZE) or err.search(_TORCH_NUMPY)
    match = one_on_two or api or other
    if match is None:
        return
    evidence = [err.evidence(m) for m in (one_on_two, api, other) if m]
    numpy_stated = err.package("numpy")
    if api is not None and one_on_two is None:
        title, fix_req = "A module was built for a newer NumPy than the one installed", ["--upgrade", "numpy"]
        why = f"It was compiled against NumPy C-API {api.group(1)} but NumPy {api.group(2)} is installed: upgrade NumPy."
    else:
        title, fix_req = "A compiled module was built for NumPy 1.x but NumPy 2 is installed", ["numpy<2"]
        found = one_on_two.group(1) if one_on_two else (numpy_stated or "2.x")
        why = (
            f"NumPy {found} changed the C ABI; modules compiled against NumPy 1.x (an older torch, opencv, "
            "onnxruntime, pandas, ...) fail to import or may crash. Either pin NumPy below 2 or upgrade the module "
            "named in the traceback to a build for NumPy 2 (torch >= 2.3 supports it)."
        )
    confidence = 0.95 if one_on_two or api else (0.85 if err.search(_ARRAY_API) else 0.7)
    yield finding(
        "numpy_abi_mismatch",
        title,
        why,
        evidence,
        portable_install_fix(fix_req, note="Restart the kernel afterwards: NumPy cannot be swapped in a running process."),
        confidence,
    )
