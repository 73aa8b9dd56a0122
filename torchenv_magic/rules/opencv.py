"""OpenCV's wheels written over one another in one environment (explainer/opencv.py reads the text): keep one.

duplicate_installations (rules/live_install.py) hands its OpenCV signals here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..explainer.signals import evidence_of
from ..model import Finding

if TYPE_CHECKING:
    from ..explainer.signals import Signal
    from . import Context

# The four wheels that install the one cv2 folder (https://pypi.org/project/opencv-python/, "Installation and Usage").
OPENCV_WHEELS = ("opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless")


def opencv_finding(ctx: Context, item: Signal) -> Finding | None:
    """Uninstall every OpenCV wheel and install one; None when the facts show a single OpenCV wheel installed."""
    installed = [name for name in OPENCV_WHEELS if ctx.dist(name)]
    if len(installed) == 1:
        return None  # one wheel only: nothing was written over it, so this reading does not hold here
    contrib = item.get("kind") == "contrib_hidden"
    keep = "opencv-contrib-python" if contrib or any("contrib" in name for name in installed) else (installed or OPENCV_WHEELS)[0]
    listed = f" ({', '.join(installed)} are installed here)" if installed else ""
    evidence = evidence_of([item]) + ([f"installed: {', '.join(installed)}"] if installed else [])
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
        fix=replace(install, code=f"{ctx.pip} uninstall -y {' '.join(OPENCV_WHEELS)}\n{install.code}", restart_kernel=True),
        confidence=0.85 if len(installed) > 1 else item.confidence,
    )


def _note(keep: str) -> str:
    return (
        f"{keep} alone: the contrib packages hold the main modules too. pip uninstall of one wheel deletes the shared "
        "cv2 files, which is why all of them go before one is installed again. Restart the kernel afterwards."
    )
