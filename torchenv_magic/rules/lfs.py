"""Git LFS pointers left where a repository's files should be (explainer/lfs_pointers.py reads the text): fetch them.

corrupted_install (rules/live_install.py) hands its LFS signal here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Finding, Fix

if TYPE_CHECKING:
    from ..explainer.signals import Signal


def lfs_pointer_finding(item: Signal, said: list[str]) -> Finding:
    """git-lfs fetches the real files in place of the pointers; the same two commands in bash, cmd.exe and PowerShell."""
    folder = item.get("folder")
    if folder:
        fix = Fix(
            kind="shell",
            code=f'git lfs install\ngit -C "{folder}" lfs pull',
            note="git-lfs must be installed (https://git-lfs.com; apt install git-lfs, brew install git-lfs). "
            "A copy downloaded as a zip has no history to pull from: clone the repository with git-lfs installed instead. "
            "Restart the program (or the kernel) afterwards.",
        )
    else:
        fix = Fix(
            kind="manual",
            code="Install git-lfs (https://git-lfs.com), run git lfs install, then git lfs pull inside the repository's folder.",
            note="A copy downloaded as a zip has no history to pull from: clone the repository with git-lfs installed instead.",
        )
    return Finding(
        cause="corrupted_install",
        severity="error",
        title="A file holds a Git LFS pointer instead of its contents: the repository's LFS files were never fetched",
        verdict="The code was copied without its Git LFS files; fetch them with git-lfs.",
        explanation=(
            "The repository keeps some files in Git LFS: git itself stores only a short pointer (a version line, an "
            "'oid sha256:' line and a size) and git-lfs swaps in the real file. Cloned without git-lfs, or downloaded as "
            "a zip, the pointers stay, and "
            + (
                f"the loader (or the linker) finds a pointer where the library {item.get('library')} should be."
                if item.get("library")
                else "Python reads one as code and stops at its 'oid sha256:' line."
            )
        ),
        evidence=said[:5],
        fix=fix,
        confidence=item.confidence,
    )
