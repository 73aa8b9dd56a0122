"""Packages whose several wheels install one folder (explainer/shared_folders.py reads the text): OpenCV's wheels
written over one another (keep one), CuPy's packages likewise, ONNX Runtime's folder emptied by uninstalling one of its
two wheels (reinstall).

duplicate_installations and corrupted_install (rules/live_install.py) hand their signals here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..explainer.signals import evidence_of
from ..model import Finding, Fix

if TYPE_CHECKING:
    from ..explainer.signals import Signal
    from . import Context

# The four wheels that install the one cv2 folder (https://pypi.org/project/opencv-python/, "Installation and Usage").
OPENCV_WHEELS = ("opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless")
# The distributions that install the tensorboard package and register its plugins (pypi.org/project/tb-nightly: "TensorBoard
# lets you watch Tensors Flow", the same package; tensorflow-tensorboard: TensorFlow 1.3-1.6's name for it).
TENSORBOARD_WHEELS = ("tensorboard", "tb-nightly", "tensorflow-tensorboard")
# The two that install the one onnxruntime folder.
ONNXRUNTIME_WHEELS = ("onnxruntime", "onnxruntime-gpu")


def sole_wheel_fix(ctx: Context, wheels: tuple[str, ...], install: Fix) -> Fix:
    """Every wheel of a shared folder uninstalled, then ``install``: uninstalling one wheel deletes the files the others
    installed in that folder, so none may stay behind for the one wanted."""
    return replace(install, code=f"{ctx.pip} uninstall -y {' '.join(wheels)}\n{install.code}")


def _installed(ctx: Context, wheels: tuple[str, ...]) -> list[str]:
    """The wheels of a shared folder that this environment's facts (or a report's stated versions) show installed."""
    return [name for name in wheels if ctx.dist(name)]


def opencv_finding(ctx: Context, item: Signal) -> Finding | None:
    """Uninstall every OpenCV wheel and install one; None when the facts show a single OpenCV wheel installed."""
    installed = _installed(ctx, OPENCV_WHEELS) or list(item.get("wheels") or [])
    if len(installed) == 1:
        return None  # one wheel only: nothing was written over it, so this reading does not hold here
    contrib = item.get("kind") == "contrib_hidden"
    keep = "opencv-contrib-python" if contrib or any("contrib" in name for name in installed) else (installed or OPENCV_WHEELS)[0]
    # this environment's packages, a pasted report's stated versions, or the pip freeze in its text
    said = "listed in the text" if item.get("kind") == "listed" else ("stated" if ctx.stated else "installed here")
    listed = f" ({', '.join(installed)}: {said})" if installed else ""
    evidence = evidence_of([item]) + ([f"{said}: {', '.join(installed)}"] if installed else [])
    install = ctx.install([keep], note=_note(keep))
    return Finding(
        cause="duplicate_installations",
        severity="error",
        title=(
            "cv2 lacks a contrib module: another OpenCV package's cv2 was installed over opencv-contrib-python's"
            if contrib
            else "cv2's files come from two OpenCV packages installed over one another"
        ),
        verdict="Two OpenCV packages share one cv2 folder; keep only one of them.",
        explanation=(
            "opencv-python, opencv-python-headless, opencv-contrib-python and opencv-contrib-python-headless all install "
            f"the same cv2 folder{listed}, and OpenCV's README says to install only one: whichever was installed last "
            "wrote its files over the other's. "
            + (
                "The module asked for is one only the contrib packages have, so the cv2 loaded is a main-only package's "
                "(or the contrib package was never installed). "
                if contrib
                else "cv2's own Python files and its compiled part then come from different releases. "
            )
            + "Another package's requirement (opencv-python or its headless twin) often brings the second one back."
        ),
        evidence=evidence[:6],
        fix=replace(sole_wheel_fix(ctx, OPENCV_WHEELS, install), restart_kernel=True),
        confidence=0.85 if len(installed) > 1 else item.confidence,
    )


def _note(keep: str) -> str:
    which = "it holds the main modules too" if "contrib" in keep else "opencv-contrib-python instead if the code uses contrib modules"
    return (
        f"{keep} alone ({which}). pip uninstall of one wheel deletes the shared cv2 files, which is why all of them go "
        "before one is installed again. Restart the kernel afterwards."
    )


def cupy_finding(ctx: Context, item: Signal) -> Finding:
    """Every CuPy package CuPy's own check listed out, then one in: the one built for a CUDA release, where one was listed."""
    listed = [str(name) for name in item.get("wheels") or []]
    # The plain "cupy" package is CuPy's source distribution, built on install; cupy-cudaNNx / cupy-rocm-* are binary
    # packages for one CUDA or ROCm release, which is what the listing's author meant to have: the one for torch's CUDA
    # major where torch's build is known, else the first listed.
    from .gpu import build_cuda  # here, not at the top: rules/gpu.py imports this module (through frameworks.py)

    _known, cuda = build_cuda(ctx)
    for_torch = f"cupy-cuda{cuda.split('.')[0]}x" if cuda else None
    keep = for_torch if for_torch in listed else next((name for name in listed if name != "cupy"), "cupy")
    note = (
        f"{keep} alone: it is the package for the CUDA (or ROCm) release its name carries; take the one for your CUDA from "
        "CuPy's installation guide (https://docs.cupy.dev/en/stable/install.html) if that is another. Uninstalling one "
        "CuPy package deletes the cupy files the others installed, which is why all of them go first. A package that "
        "requires plain cupy brings it back: install that one with --no-deps. Restart the kernel afterwards."
    )
    install = ctx.install([keep], note=note, not_installed=True)
    return Finding(
        cause="duplicate_installations",
        severity="error",
        title=f"Several CuPy packages are installed ({', '.join(listed)}), and they install one cupy folder",
        verdict="Two CuPy packages share one cupy folder; keep only one of them.",
        explanation=(
            "cupy and each cupy-cudaNNx / cupy-rocm package install the same cupy folder, so whichever was installed last "
            "wrote its files over the other's, and CuPy's own check at import says so. Parts of CuPy then come from "
            "different builds (a submodule such as cupy.random can be missing)."
        ),
        evidence=evidence_of([item])[:6],
        fix=replace(sole_wheel_fix(ctx, tuple(listed), install), restart_kernel=True),
        confidence=item.confidence,
    )


def onnxruntime_emptied_finding(ctx: Context, item: Signal) -> Finding:
    """Both ONNX Runtime wheels out, then the one wanted in: the GPU one when installed here or named in the text."""
    wanted = "onnxruntime-gpu" if ctx.dist("onnxruntime-gpu") or (not ctx.dist("onnxruntime") and item.get("gpu")) else "onnxruntime"
    note = (
        f"{wanted}: install onnxruntime-gpu instead for NVIDIA GPUs. Never install one of the two and then uninstall the "
        "other: they share the onnxruntime folder. Restart the kernel afterwards."
    )
    install = ctx.install([wanted], note=note)
    return Finding(
        cause="corrupted_install",
        severity="error",
        title="The onnxruntime folder lost its files: one of onnxruntime and onnxruntime-gpu was uninstalled over the other",
        verdict="ONNX Runtime's files were removed by uninstalling its other wheel; reinstall the one you want.",
        explanation=(
            "onnxruntime and onnxruntime-gpu install the same onnxruntime folder. Uninstalling one of them removes the "
            "files the other installed there too, and what is left imports as an empty package: even InferenceSession "
            "and SessionOptions, in every release, are gone."
        ),
        evidence=evidence_of([item]),
        fix=replace(sole_wheel_fix(ctx, ONNXRUNTIME_WHEELS, install), restart_kernel=True),
        confidence=item.confidence,
    )


def onnxruntime_both_finding(ctx: Context, item: Signal) -> Finding | None:
    """onnxruntime and onnxruntime-gpu both installed: the CPU one's files may be the ones loaded. Both out, GPU one in.
    None when the facts show one of them only: the listing in the text is not this environment's any more."""
    if len(_installed(ctx, ONNXRUNTIME_WHEELS)) == 1:
        return None
    note = (
        "onnxruntime-gpu alone: it runs on the CPU too (CPUExecutionProvider). Both wheels go first because uninstalling "
        "either deletes files the other installed in the shared onnxruntime folder. Restart the kernel afterwards."
    )
    install = ctx.install(["onnxruntime-gpu"], note=note)
    return Finding(
        cause="duplicate_installations",
        severity="error",
        title="onnxruntime and onnxruntime-gpu are both installed, and they install one onnxruntime folder",
        verdict="Two ONNX Runtime packages share one folder; keep only onnxruntime-gpu.",
        explanation=(
            "onnxruntime (CPU only) and onnxruntime-gpu install the same onnxruntime folder, so with both installed the "
            "files of whichever was installed last are the ones Python loads: the CPU build's, when another package's "
            "requirement brought onnxruntime in after onnxruntime-gpu. ONNX Runtime then reports the CPU device and "
            "offers no CUDAExecutionProvider."
        ),
        evidence=evidence_of([item]),
        fix=replace(sole_wheel_fix(ctx, ONNXRUNTIME_WHEELS, install), restart_kernel=True),
        confidence=item.confidence,
    )


def tensorboard_finding(ctx: Context, item: Signal) -> Finding:
    """Every TensorBoard distribution out, then tensorboard alone: each registers the same plugins."""
    note = (
        "tensorboard alone. If pip list still shows a name with its first letter replaced (-ensorboard), delete that "
        "~ensorboard folder and its dist-info from site-packages: it is a copy pip stashed during an uninstall that did not "
        "finish, and it still registers its plugins. Restart the kernel afterwards."
    )
    install = ctx.install(["tensorboard"], note=note, not_installed=True)
    return Finding(
        cause="duplicate_installations",
        severity="error",
        title="Two TensorBoard distributions are installed, and both register TensorBoard's plugins",
        verdict="Two TensorBoard installs register the same plugins; keep only one.",
        explanation=(
            "TensorBoard loads its plugins from every installed distribution that declares them. tensorboard, tb-nightly and "
            "the older tensorflow-tensorboard each do, as does a half-uninstalled copy pip left behind, so one plugin name "
            "comes twice and TensorBoard stops. Often a package's requirement brought tensorboard in beside tb-nightly, or "
            "the other way round."
        ),
        evidence=evidence_of([item])[:6],
        fix=replace(sole_wheel_fix(ctx, TENSORBOARD_WHEELS, install), restart_kernel=True),
        confidence=item.confidence,
    )
