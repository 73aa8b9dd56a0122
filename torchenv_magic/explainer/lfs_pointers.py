"""A Git LFS pointer where a file's contents should be: a repository cloned without its LFS files.

A repository that keeps files in Git LFS holds, for each, a three-line text pointer ("version
https://git-lfs.github.com/spec/v1", "oid sha256:<64 hex>", "size <bytes>"; https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md).
A clone made without git-lfs (or a download of the repository's zip) leaves those pointers in place of the files, and
Python, asked to import one as code, stops at its second line: "oid sha256:59b1…" is an "invalid decimal literal"
(alimama-creative/SDXL_EcomID_ComfyUI#5, a ComfyUI custom node; fixed by fetching the LFS files).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
from .text import ErrorText

_POINTER_LINE = re.compile(r"^\s{0,12}(?:oid sha256:[0-9a-f]{64}|version https://git-lfs\.github\.com/spec/v1)\s*$", re.M)
_SYNTAX_ERROR = re.compile(r"^\s{0,8}SyntaxError: ", re.M)


@extractor
def git_lfs_pointer_imported(err: ErrorText) -> Iterator[Signal]:
    """``folder``: the folder of the file Python could not compile (the repository is around it), when a frame names it."""
    pointer = err.search(_POINTER_LINE)
    failed = err.search(_SYNTAX_ERROR) if pointer else None
    if not (pointer and failed):
        return
    frames = err.frames_before(pointer.start())
    folder = re.split(r"[\\/](?=[^\\/]*$)", frames[-1])[0] if frames else None
    said = "the file holds a Git LFS pointer (oid sha256:…), not its contents: its repository's LFS files were never fetched"
    yield signal("corrupted_install", 0.85, [err.evidence(pointer), err.evidence(failed), said], reason="lfs_pointer", folder=folder)
