"""Packages whose several wheels install one folder, two of them in one environment, or one removed from under the
other: OpenCV's and ONNX Runtime's.

OpenCV's four wheels in one environment: opencv-python, opencv-python-headless, opencv-contrib-python and
opencv-contrib-python-headless all install the same ``cv2`` folder.

OpenCV's own README says to install only one of them: "There is no plugin architecture: all the packages use the same
namespace (cv2). If you installed multiple different packages in the same environment, uninstall them all with pip
uninstall and reinstall only one package" (https://pypi.org/project/opencv-python/, "Installation and Usage"). Two
installed leave a cv2 made of whichever wrote last, which shows in two ways:

- a contrib module (cv2.ximgproc, cv2.rgbd, ...) missing although opencv-contrib-python is installed: the main-only
  package's cv2 was written over it (opencv/opencv#23022, fixed by uninstalling opencv-python; opencv/opencv_contrib#3147,
  opencv-python, -headless and -contrib at once, fixed by keeping only the contrib one);
- cv2's own Python files, from one release, meeting the compiled cv2 of another while cv2 loads: "partially initialized
  module 'cv2' has no attribute 'gapi_wip_gst_GStreamerPipeline'" raised in cv2/gapi/__init__.py (chenfei-wu/TaskMatrix#315,
  fixed by uninstalling both packages and installing one).

ONNX Runtime's onnxruntime and onnxruntime-gpu both install the onnxruntime folder: uninstalling one after the other
was installed deletes the files both share, and what is left imports as an empty package with none of its API
("module 'onnxruntime' has no attribute 'SessionOptions'": ServiceNow/azimuth#290, whose fix installs onnxruntime-gpu
without installing and then removing onnxruntime).

The rules that turn these signals into findings are duplicate_installations and corrupted_install
(rules/live_install.py, rules/shared_folders.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
from .text import ErrorText

# The Python modules of opencv_contrib (github.com/opencv/opencv_contrib, modules/), absent from the main-only wheels.
# aruco is listed: it was contrib's until OpenCV 4.7 moved it into the main modules.
CONTRIB_MODULES = frozenset(
    [
        "alphamat",
        "aruco",
        "bgsegm",
        "bioinspired",
        "ccm",
        "dnn_superres",
        "face",
        "freetype",
        "hfs",
        "img_hash",
        "intensity_transform",
        "legacy",
        "line_descriptor",
        "mcc",
        "optflow",
        "phase_unwrapping",
        "plot",
        "ppf_match_3d",
        "quality",
        "rapid",
        "reg",
        "rgbd",
        "saliency",
        "sfm",
        "stereo",
        "structured_light",
        "text",
        "wechat_qrcode",
        "xfeatures2d",
        "ximgproc",
        "xphoto",
    ]
)
# "module 'cv2' has no attribute 'ximgproc'" (OpenCV 4.5); from 4.x releases that ship typing stubs, a contrib module's
# stub folder stays and imports empty, so the message names what it lacks: "module 'cv2.ximgproc' has no attribute
# 'thinning'" (checked here: opencv-contrib-python-headless 4.10.0.84, then opencv-python-headless 4.10.0.84 over it).
_NO_ATTRIBUTE = re.compile(r"module 'cv2(?:\.(\w{1,40}))?' has no attribute '(\w{1,40})'")
# Raised inside cv2's own files (site-packages/cv2/...), not a user's cv2.py: the package's parts do not agree.
_PARTIAL_CV2 = re.compile(r"partially initialized module 'cv2' has no attribute '(\w{1,80})'")
_OWN_FILE = re.compile(r"[\\/](?:site|dist)-packages[\\/]cv2[\\/]")
_LOCAL_CV2 = re.compile(r"(?:^|[\\/])cv2(?:\.py$|[\\/])")
# cv2.gapi's Python files (cv2/gapi/__init__.py) filling in names the compiled cv2 of their own release defines:
# "module 'cv2.gapi.wip.draw' has no attribute 'Text'" when they meet another release's (Fannovel16/comfyui_controlnet_aux
# #88: fixed by uninstalling every OpenCV package and installing one).
# cv2/typing/__init__.py does the same at import (`LayerId = cv2.dnn.DictValue`): "module 'cv2.dnn' has no attribute
# 'DictValue'" when opencv-python-headless came in beside opencv-python (vllm-project/vllm#8650, the maintainers'
# answer: remove one of them).
_OWN_FILES_ASK_COMPILED_CV2 = re.compile(
    r"module 'cv2\.gapi(?:\.\w{1,40}){0,4}' has no attribute '(\w{1,80})'|module 'cv2\.dnn' has no attribute '(DictValue)'"
)


@extractor
def opencv_packages_mixed(err: ErrorText) -> Iterator[Signal]:
    """``reason``: 'contrib_hidden' (a contrib module missing) or 'parts_disagree' (cv2's own files half-loaded)."""
    missing = err.search(_NO_ATTRIBUTE)
    module = (missing.group(1) or missing.group(2)) if missing else None
    if missing and module in CONTRIB_MODULES:
        said = f"cv2.{module} is one of opencv-contrib-python's modules, which the main-only OpenCV wheels lack"
        yield signal("duplicate_installations", 0.6, [err.evidence(missing), said], reason="opencv", kind="contrib_hidden")
        return
    partial = err.search(_PARTIAL_CV2)
    frames = err.frames_before(partial.start()) if partial else []
    # The frame lines name cv2's own file; a log cut at its left edge keeps the path without 'File "' (ali-vilab/VGen#37).
    if partial and (any(_OWN_FILE.search(path) for path in frames) or _OWN_FILE.search(err.text[: partial.start()])):
        said = "cv2's own files, not a file of yours, stopped half-way: its parts come from different OpenCV packages"
        yield signal("duplicate_installations", 0.75, [err.evidence(partial), said], reason="opencv", kind="parts_disagree")
        return
    if partial and not any(_LOCAL_CV2.search(path) for path in frames):
        # No frame of a cv2.py or cv2/ of the user's (the message alone, or a caller's frames): cv2's own loader (cv2/gapi,
        # cv2/typing asking the compiled cv2 for 'dnn') is where OpenCV half-initialises itself; a user's cv2.py shows in
        # the frames, and is read as the shadow it is (imports.partially_initialized). Viral-Doshi/Gesture-Controlled-
        # Virtual-Mouse#31 and modelscope/ms-agent#23: two OpenCV packages (one from a base image), fixed by keeping one.
        said = "cv2 half-initialised with no file of yours in sight: its parts likely come from different OpenCV packages"
        yield signal("duplicate_installations", 0.7, [err.evidence(partial), said], reason="opencv", kind="parts_disagree")
        return
    asked = err.search(_OWN_FILES_ASK_COMPILED_CV2)
    if asked:
        files = "cv2.gapi's" if asked.group(1) else "cv2.typing's"
        said = f"{files} Python files ask the compiled cv2 for a name of their own release: the two come from different OpenCV installs"
        yield signal("duplicate_installations", 0.7, [err.evidence(asked), said], reason="opencv", kind="parts_disagree")


# The entry points every onnxruntime release has had since 1.0: an onnxruntime without them is an emptied folder.
_ONNXRUNTIME_API_MISSING = re.compile(
    r"module 'onnxruntime' has no attribute '(InferenceSession|SessionOptions|get_available_providers|get_device|RunOptions)'"
)


@extractor
def onnxruntime_folder_emptied(err: ErrorText) -> Iterator[Signal]:
    missing = err.search(_ONNXRUNTIME_API_MISSING)
    if missing:
        said = f"onnxruntime.{missing.group(1)} is in every release: the onnxruntime folder lost its files"
        gpu = "gpu" in err.lower or "CUDAExecutionProvider" in err.text
        yield signal("corrupted_install", 0.7, [err.evidence(missing), said], reason="onnxruntime_emptied", gpu=gpu)


# CuPy's own check at import (cupy/_environment.py) naming the CuPy packages it found installed, which all install the
# one cupy folder: "CuPy may not function correctly because multiple CuPy packages are installed in your environment:
# cupy, cupy-cuda11x" (rapidsai/cugraph#3057: a build script's pip install pulling cupy in over cupy-cuda11x; fixed by
# --no-deps). CuPy's installation guide: install one package, the one for the CUDA installed (cupy-cuda11x, -cuda12x).
_CUPY_PACKAGES = re.compile(r"multiple CuPy packages are installed\s{1,12}in your environment:\s{1,12}((?:cupy[\w.-]{0,40}(?:, ?)?){2,8})")


@extractor
def cupy_packages_mixed(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CUPY_PACKAGES)
    wheels = [name.strip().lower() for name in match.group(1).split(",") if name.strip()] if match else []
    if match and len(wheels) > 1:
        said = f"{', '.join(wheels)} are all installed, and each installs the one cupy folder"
        yield signal("duplicate_installations", 0.9, [err.evidence(match), said], reason="cupy", kind="listed", wheels=wheels)


# TensorBoard's plugin loader meeting one plugin twice: two distributions of the tensorboard package (tensorboard and
# tb-nightly, or an older tensorflow-tensorboard) each register their plugins, or a half-uninstalled copy pip stashed as
# "~ensorboard" still does (pytorch/pytorch#22676: fixed by deleting that leftover's dist-info, and on Colab by uninstalling
# the preinstalled tensorboard beside tb-nightly).
_TENSORBOARD_PLUGIN_TWICE = re.compile(r"ValueError: Duplicate plugins for name (\w{1,60})")


@extractor
def tensorboard_installed_twice(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TENSORBOARD_PLUGIN_TWICE)
    if match:
        said = f"TensorBoard's plugin {match.group(1)} is registered twice: two TensorBoard distributions are installed"
        yield signal("duplicate_installations", 0.8, [err.evidence(match), said], reason="tensorboard", kind="plugins_twice")


# A pip freeze or pip list in the text naming two wheels of one shared folder ("onnxruntime==1.22.0" and
# "onnxruntime-gpu==1.22.0": urchade/GLiNER#267, where onnxruntime.get_device() said CPU until both were uninstalled
# and onnxruntime-gpu installed alone).
_LISTED_WHEEL = re.compile(
    r"^\s{0,4}(opencv-(?:contrib-)?python(?:-headless)?|onnxruntime(?:-gpu)?)(?:==|\s{1,40})v?\d", re.M | re.I
)


@extractor
def shared_folder_wheels_listed(err: ErrorText) -> Iterator[Signal]:
    """Two wheels of OpenCV's or ONNX Runtime's shared folder both listed as installed."""
    listed: dict[str, list[str]] = {}
    evidence: dict[str, list[str]] = {}
    for match in _LISTED_WHEEL.finditer(err.text):
        name = match.group(1).lower()
        folder = "opencv" if name.startswith("opencv") else "onnxruntime"
        if name not in listed.setdefault(folder, []):
            listed[folder].append(name)
            evidence.setdefault(folder, []).append(err.evidence(match))
    for folder, names in listed.items():
        if len(names) > 1:
            said = f"{' and '.join(names)} are both installed, and they install one folder"
            yield signal("duplicate_installations", 0.8, [*evidence[folder], said], reason=folder, kind="listed", wheels=names)
