"""A Git LFS pointer where a file's contents should be: a repository cloned without its LFS files.

A repository that keeps files in Git LFS holds, for each, a three-line text pointer ("version
https://git-lfs.github.com/spec/v1", "oid sha256:<64 hex>", "size <bytes>"; https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md).
A clone made without git-lfs (or a download of the repository's zip) leaves those pointers in place of the files, and
Python, asked to import one as code, stops at its second line: "oid sha256:59b1…" is an "invalid decimal literal"
(alimama-creative/SDXL_EcomID_ComfyUI#5, a ComfyUI custom node; fixed by fetching the LFS files).

A pointer where a compiled library should be stops the loader ("libtorch_cpu.so: invalid ELF header", printed beside
the pointer's own lines: Nesvilab/FragPipe#2639) or the linker, which reads a file it does not recognise as a linker
script ("libspconv.so: file format not recognized; treating as linker script": NVIDIA-AI-IOT/Lidar_AI_Solution#66).
Both were fixed by fetching the LFS files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
from .text import ErrorText

_POINTER_LINE = re.compile(r"^\s{0,12}(?:oid sha256:[0-9a-f]{64}|version https://git-lfs\.github\.com/spec/v1)\s*$", re.M)


def shows_pointer(err: ErrorText) -> bool:
    """A line of a Git LFS pointer is in the text (its version line or its oid line)."""
    return err.search(_POINTER_LINE) is not None
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


# The loader's or the linker's words for a file that is no library: with a pointer line in sight, or GNU ld's own
# fallback for text, which a pointer is far more often than anything else in a repository's library folder.
_NOT_A_LIBRARY = re.compile(r"([^\s:'\"]{1,300}\.(?:so|a|dylib)(?:\.\d{1,4}){0,3}): ?(invalid ELF header|file too short)")
_TREATED_AS_SCRIPT = re.compile(
    r"([^\s:'\"]{1,300}\.(?:so|a|dylib)(?:\.\d{1,4}){0,3}): file format not recognized; treating as linker script"
)


@extractor
def git_lfs_pointer_loaded(err: ErrorText) -> Iterator[Signal]:
    pointer = err.search(_POINTER_LINE)
    match = (err.search(_NOT_A_LIBRARY) if pointer else None) or err.search(_TREATED_AS_SCRIPT)
    if not match:
        return
    path = match.group(1).replace("\\", "/")
    library = path.rsplit("/", 1)[-1]
    folder = path.rsplit("/", 1)[0] if "/" in path else None
    said = f"{library} holds text, not a library" + (": a Git LFS pointer" if pointer else ", as a Git LFS pointer does")
    evidence = [err.evidence(match), said]
    yield signal("corrupted_install", 0.85 if pointer else 0.8, evidence, reason="lfs_pointer", folder=folder, library=library)
