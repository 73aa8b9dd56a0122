"""NumPy C-ABI mismatches: a module compiled for NumPy 1.x meeting NumPy 2, and the reverse.

The texts are NumPy's own: the 2.0 import-time warning ("A module that was compiled using
NumPy 1.x cannot be run in NumPy 2.x.y as it may crash"), ``_ARRAY_API not found`` and
``numpy.core.multiarray failed to import`` (the C-API import failing), and the older
``module compiled against API version 0x10 but this version of numpy is 0xf`` (a module
built for a *newer* NumPy). torch prints ``Failed to initialize NumPy`` when its own NumPy
bridge cannot load. Cython's struct-size check (``numpy.ndarray size changed ... Expected 88
from C header, got 80``) says which side is newer by the two sizes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
from .text import ErrorText

# When a log prefixes each line (milabench#354: "bert-fp32 [stderr] "), the first line may be cut off; the rest of
# NumPy's own message ("NumPy 2.2.4 as it may crash. To support both 1.x and 2.x") still says it.
_NUMPY1_ON_2 = re.compile(
    r"compiled using NumPy 1\.x cannot be run in\s{1,4}NumPy ([\d.]{1,12})"
    r"|\bNumPy ([\d.]{1,12}) as it may crash\. To support both 1\.x and 2\.x"
)
_ARRAY_API = re.compile(r"_ARRAY_API not found|numpy\.core\.multiarray failed to import|numpy\.core\._multiarray_umath failed to import")
# The API form says the module needs a newer NumPy ("0x10 but ... 0xd"); the ABI form differs either way, and
# NumPy 1.x's ABI 0x1000009 under NumPy 2's 0x2000000 is a module built for NumPy 1.x (Emerge-Lab/gpudrive#373).
# Older NumPy printed the versions without "0x" ("module compiled against API version a but this version of numpy is 9":
# trailbehind/DeepOSM#2, TensorFlow built for a newer NumPy on macOS).
_API_VERSION = re.compile(
    r"module compiled against (?:API|ABI) version ((?:0x)?[0-9a-f]{1,8}) but this version of numpy is ((?:0x)?[0-9a-f]{1,8})\b", re.I
)
_DTYPE_SIZE = re.compile(r"numpy\.(?:dtype|ufunc) size changed, may indicate binary incompatibility")
# Cython's check of a struct's size: "Expected 88 from C header, got 80 from PyObject" means the module
# was compiled against a NumPy whose ndarray/dtype is bigger (newer) than the one running
# (automl/Auto-PyTorch#276: fixed by a newer NumPy; numpy 2's dtype is 96 where 1.x's is 88). The ufunc struct alike:
# "numpy.ufunc size changed ... Expected 216 from C header, got 192" is a module built against a newer NumPy than the
# one running (pyvista/pymeshfix#3: wheels built against NumPy 1.16 under an older one; open-edge-platform/geti#279:
# pycocotools under a pinned old NumPy, fixed by NumPy 1.18.3; rasterio/rasterio#1741: built by pip's isolated build
# against the newest NumPy).
_SIZE_CHANGED = re.compile(
    r"numpy\.(dtype|ndarray|ufunc) size changed, may indicate binary incompatibility\.?\s{0,4}Expected (\d{2,4}) from C header, "
    r"got (\d{2,4})"
)
# The same check printed as a warning, not raised: Cython warns where the running NumPy's struct is *bigger* than the one
# the module was built against (a module built against an older NumPy, which newer NumPy keeps working), and raises
# ValueError only where it is smaller. NumPy filters that warning away; numpy 1.15.0 lost the filter and printed it for
# working modules (numpy/numpy#11628: a regression, gone with 1.14.5 or 1.16.1). A text with the warning and no
# exception shows nothing that failed.
_SIZE_WARNING = re.compile(r"(?:Runtime|Import)Warning: numpy\.(?:dtype|ndarray|ufunc) size changed")
# Cython names the module it was initialising: "numpy/random/mtrand.pyx in init numpy.random.mtrand()".
_NUMPY_OWN_INIT = re.compile(r"\bin init numpy\.[\w.]{1,80}\(\)")
# torch's own words when its NumPy bridge did not load; ComfyUI prints an exception's message on a line of its own
# ("Error occurred when executing PreviewImage:\n\nNumpy is not available": comfyanonymous/ComfyUI#3794, NumPy 2).
_TORCH_NUMPY_WARNING = "Failed to initialize NumPy"
# Not "Failed to initialize NumPy: No module named 'numpy'": torch 2.x warns so at import when NumPy is not installed at
# all (torch 2.13.0+cpu in a venv without numpy, measured here), and runs on without it: no ABI is involved, and the
# missing module is not what failed. This reading and packaging_rules' missing-module one both ask torch_warned_numpy_absent.
_NUMPY_ABSENT = ": No module named"
_TORCH_NUMPY = re.compile(rf"{_TORCH_NUMPY_WARNING}(?!{_NUMPY_ABSENT})|(?:RuntimeError: |^)Numpy is not available", re.M)


def torch_warned_numpy_absent(err: ErrorText, missing: re.Match[str]) -> bool:
    """Whether ``missing`` (a match starting at "No module named") is the tail of torch's warning that NumPy is absent."""
    warning_start = missing.start() - len(_TORCH_NUMPY_WARNING + ": ")
    return warning_start >= 0 and err.text.startswith(_TORCH_NUMPY_WARNING + _NUMPY_ABSENT, warning_start)


# A module built against NumPy 1.16 or newer imports NumPy's _multiarray_umath, which older NumPy does not have (numpy/numpy
# #11871: pandas built for a newer NumPy under NumPy 1.14, "No module named _multiarray_umath"; a NumPy maintainer's
# answer: that module exists since 1.16.0). A module built for NumPy 2 asks for numpy._core's under NumPy 1.x alike.
_UMATH_MISSING = re.compile(r"No module named '?(?:numpy\._?core\.)?_multiarray_umath\b")


# torch's own type check in torch.from_numpy and torch.tensor: a torch built against NumPy 1.x holds 1.x's ndarray type,
# and NumPy 2's arrays are not it (pytorch/pytorch#129634: torch 2.3.1 under NumPy 2.0.0; any NumPy 1.x worked).
_NDARRAY_TYPE = re.compile(r"expected np\.ndarray \(got numpy\.ndarray\)")


@extractor
def torch_sees_another_ndarray(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NDARRAY_TYPE)
    if match:
        said = "torch does not take NumPy's own array for an ndarray: this torch build was not made for the NumPy installed"
        yield signal("numpy_abi_mismatch", 0.8, [err.evidence(match), said], direction="built_for_1x", numpy=err.package("numpy"))


@extractor
def numpy_core_module_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_UMATH_MISSING)
    if match and not err.search(_ARRAY_API):  # with NumPy's own "failed to import" the reading below has it
        said = "NumPy's _multiarray_umath exists since NumPy 1.16: the module asking was built for a newer NumPy"
        yield signal("numpy_abi_mismatch", 0.8, [err.evidence(match), said], direction="built_for_newer", built=None, have=None, numpy=None)


# TensorFlow's check, at import, that its bfloat16 type took NumPy's generic scalar type as its base: it fails where the
# NumPy installed is older than the one TensorFlow was built against (tensorflow/tensorflow#25636: TensorFlow 1.13.0rc1,
# whose setup.py asked only numpy>=1.13.3, aborting under NumPy 1.15.4; NumPy 1.16 fixed it).
_TF_BFLOAT16_BASE = re.compile(r"PyBfloat16_Type\.tp_base != nullptr")


@extractor
def tensorflow_bfloat16_needs_newer_numpy(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TF_BFLOAT16_BASE)
    if match:
        said = "TensorFlow's bfloat16 type could not take NumPy's scalar type as its base: NumPy is older than TensorFlow's build"
        detail = {"direction": "built_for_newer", "built": None, "have": None, "numpy": None}
        yield signal("numpy_abi_mismatch", 0.75, [err.evidence(match), said], **detail)


# NumPy's check of a C subclass of its array: NumPy 1.20 appended a field (its buffer-info list) to the array struct and
# tags the pointer it keeps there, so a subclass compiled against older headers, whose own field sits at that place,
# fails the tag check (numpy/_core/src/multiarray/buffer.c, _buffer_info_untag). The subclass's package was built for
# NumPy before 1.20 (sys-bio/roadrunner#796: NamedArray, fixed in roadrunner's next release).
_C_SUBCLASS_STRUCT = re.compile(r"Object of type (?:<class ')?([\w.]{1,120})'?>? appears to be C subclassed NumPy array")


@extractor
def c_subclass_built_for_older_numpy(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_C_SUBCLASS_STRUCT)
    if match:
        said = f"{match.group(1)} is a C subclass of NumPy's array laid out for NumPy before 1.20, whose array struct is shorter"
        yield signal("numpy_abi_mismatch", 0.85, [err.evidence(match), said], direction="subclass_before_1_20", subclass=match.group(1))


# IPython's traceback header ("RuntimeError    Traceback (most recent call last)"): the error was raised in a kernel.
_IPYTHON_HEADER = re.compile(r"^\w{1,40}(?:Error|Exception)\s{1,40}Traceback \(most recent call last\)(?!:)", re.M)


@extractor
def numpy_abi_messages(err: ErrorText) -> Iterator[Signal]:
    """``direction``: 'built_for_1x' (NumPy 2 installed) or 'built_for_newer' (upgrade NumPy)."""
    warned = err.search(_SIZE_WARNING)
    if warned and not err.names_an_exception:
        said = "only a warning: the running NumPy is newer than the one the module was built against, which it supports"
        yield signal("other", 0.7, [err.evidence(warned), said], kind="numpy_size_warning")
        return
    one_on_two = err.search(_NUMPY1_ON_2)
    api = err.search(_API_VERSION)
    size = err.search(_SIZE_CHANGED)
    if size and not (one_on_two or api):
        newer = int(size.group(2)) > int(size.group(3))
        direction = "built_for_newer" if newer else "built_for_1x"
        own = err.in_notebook and err.search(_NUMPY_OWN_INIT)
        if own:
            # NumPy's *own* compiled module disagrees with NumPy's core in one process: two NumPy versions met
            # in a running notebook, after an install cell replaced NumPy (restart the runtime: the thread of
            # the corpus text colab-numpy-dtype-size-restart-session).
            yield signal("stale_module_after_upgrade", 0.85, [err.evidence(size)], modules="numpy", installed=None)
        confidence = 0.6 if own else 0.9
        yield signal("numpy_abi_mismatch", confidence, [err.evidence(size)], direction=direction, built=None, have=None, numpy=None)
        return
    other = err.search(_ARRAY_API) or err.search(_DTYPE_SIZE) or err.search(_TORCH_NUMPY)
    if not (one_on_two or api or other):
        return
    evidence = [err.evidence(m) for m in (one_on_two, api, other) if m]
    confidence = 0.95 if one_on_two or api else (0.85 if err.search(_ARRAY_API) else 0.7)
    if api is not None and one_on_two is None:
        direction = "built_for_newer" if int(api.group(1), 16) > int(api.group(2), 16) else "built_for_1x"
        # In a notebook the NumPy that answered may be the one loaded before an install cell upgraded it: hosted
        # kernels import NumPy at start (Kaggle/docker-python#1053: `pip install numpy==...` left 1.19.5 loaded;
        # restarting picked up the new one), so a restart comes second to installing a newer NumPy, and neither is sure.
        kernel = direction == "built_for_newer" and (err.in_notebook or err.search(_IPYTHON_HEADER) is not None)
        detail = {"direction": direction, "built": api.group(1), "have": api.group(2)}
        yield signal("numpy_abi_mismatch", 0.85 if kernel else confidence, evidence, **detail)
        if kernel:
            yield signal("stale_module_after_upgrade", 0.5, evidence, modules="numpy", installed=None)
    elif one_on_two is None and _before_numpy_2(err):
        # No NumPy 2 can be there: the module was built against a newer NumPy 1.x than the one found, or none is installed
        # (pytorch/pytorch#1755: torch 0.1.12 for Python 2.7 without NumPy; installing NumPy fixed it).
        said = "NumPy 2 needs Python 3.9 or newer, and this ran an older Python: the NumPy found is older than the build's, or absent"
        yield signal("numpy_abi_mismatch", confidence, [*evidence, said], direction="built_for_newer", built=None, have=None, numpy=None)
    else:
        found = (one_on_two.group(1) or one_on_two.group(2)) if one_on_two else None
        yield signal("numpy_abi_mismatch", confidence, evidence, direction="built_for_1x", numpy=found)


# The Python that ran, where the text shows it: a traceback's standard library or site-packages folder (python2.7/,
# python3.8/) or a wheel's tag (cp27, cp38). NumPy 2.0 needs Python 3.9 or newer (its pyproject's requires-python).
_PYTHON_SHOWN = re.compile(r"[/\\]python(\d)\.(\d{1,2})[/\\]|-cp(\d)(\d{1,2})m?-", re.I)


def _before_numpy_2(err: ErrorText) -> bool:
    """The text shows a Python older than 3.9, or a NumPy 1.x stated: no NumPy 2 was installed."""
    stated = err.stated_release("numpy")
    if stated is not None:
        return stated < (2,)
    shown = err.search(_PYTHON_SHOWN)
    if shown is None:
        return False
    major, minor = (int(shown.group(1) or shown.group(3)), int(shown.group(2) or shown.group(4)))
    return (major, minor) < (3, 9)
