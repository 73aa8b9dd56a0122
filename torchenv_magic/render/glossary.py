"""Words a newcomer may not know, explained where the report uses them.

The panel and the HTML report mark each term an explanation uses (``<abbr>`` with the
short meaning on hover) and list the terms of this report under "Words used here", with
a pointer to docs/glossary.md, which is generated from :data:`TERMS` (so the two cannot
drift: tests/test_plain_words.py compares them). The plain-text report adds the same short
meanings as lines, so a terminal reader gets them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Finding

# term -> short meaning, in plain words. Each term is matched case-insensitively as a phrase.
TERMS: dict[str, str] = {
    "CUDA build": "a torch download made to run on NVIDIA GPUs; its version ends in +cu121, +cu130 and so on "
    "(pip list may show only 2.5.1). It needs an NVIDIA driver.",
    "CPU build": "a torch download that runs on the processor only (version ending in +cpu); smaller, but it cannot use a GPU.",
    "build variant": "which kind of torch download you have: the CUDA build (for NVIDIA GPUs, and which CUDA version), "
    "the CPU build or the ROCm build (for AMD GPUs). torchvision and torchaudio must be the same kind as torch.",
    "C++ ABI": "the binary rules compiled code follows (how names and data look in memory). Code compiled "
    "for one torch release cannot be loaded by another: rebuild or reinstall it for the torch you have.",
    "C ABI": "the binary rules compiled code follows. Modules compiled for NumPy 1.x cannot load under NumPy 2, and the other way round.",
    "minor-version compat": "NVIDIA's rule that a driver made for CUDA 12.0 can also run programs made for CUDA 12.x, "
    "with some features missing.",
    "compute capability": "the model generation number of an NVIDIA GPU (8.6 for an RTX 3090, 12.0 for an RTX 5090); "
    "a torch build only runs on the generations it was compiled for.",
    "CUDA runtime": "the CUDA libraries (libcudart and friends) a program loads to talk to the GPU; torch's pip "
    "downloads bring their own as nvidia-* packages.",
    "NVIDIA driver": "the system software that lets programs use an NVIDIA GPU. Installed with the operating system "
    "(not with pip); each CUDA version needs a minimum driver.",
    "nvcc": "NVIDIA's CUDA compiler. Only needed to build add-ons from source, never to use torch.",
    "wheel": "the file pip downloads and installs (a .whl). There is one per Python version and kind of computer.",
    "kernel": "the Python process behind a notebook. Restarting it forgets every variable and every imported module.",
    "sys.modules": "Python's list of modules already imported in this process; a failed import can leave broken entries in it.",
    "operator": "one of torch's compiled functions, registered by name (torchvision::nms is torchvision's). "
    '"operator ... does not exist" means the compiled part that registers it did not load.',
    "undefined symbol": "a function one compiled library expects another to provide, missing from the copy that was "
    "loaded: almost always a different version of that library, or code built for another torch.",
    "sys.path": "the folders Python searches, in order, when you import something; the notebook's own folder comes first.",
    "site-packages": "the folder where pip installs packages for one Python (each environment has its own).",
    "RECORD": "the list of files, with their sizes and checksums, that pip writes when it installs a package.",
    "LD_LIBRARY_PATH": "a list of folders Linux searches for libraries before the usual ones; an old CUDA listed there "
    "is found before torch's own.",
    "CUDA_HOME": "the folder of the CUDA toolkit used to build add-ons such as detectron2 (not needed to run torch).",
    "MKL": "Intel's maths library, which torch uses on the processor.",
    "PTX": "GPU code in a portable form that the NVIDIA driver compiles for your GPU when torch has no ready-made code for it.",
    "DLL": "a Windows library file (.dll, .pyd) that a program loads when it starts.",
    "PATH": "the list of folders searched for programs (and, on Windows, for DLLs).",
    "paging file": "disk space Windows uses as extra memory; loading torch's CUDA DLLs needs several GB of it.",
    "Visual C++ runtime": "libraries from Microsoft (vcruntime140.dll, msvcp140.dll) that torch on Windows needs; "
    "installed with the free Visual C++ Redistributable.",
}
GLOSSARY_PAGE = "docs/glossary.md"


def _anchor(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


# Written in capitals, these are the names themselves; in lower case, ordinary words ("a search path").
_CASE_SENSITIVE = {"PATH", "DLL", "RECORD", "LD_LIBRARY_PATH", "CUDA_HOME", "MKL", "PTX"}


def _pattern(term: str) -> re.Pattern[str]:
    """The term as a phrase: plurals and endings allowed ("wheels", "compatibility"), "-" and " " alike."""
    body = r"[- ]".join(re.escape(word) for word in re.split(r"[- ]", term))
    if term == "CUDA build":  # "the CUDA 13.0 build" is one too
        body = r"CUDA(?: \d+(?:\.\d+)*)? build"
    return re.compile(rf"(?<![\w+.-]){body}\w*", 0 if term in _CASE_SENSITIVE else re.I)


_PATTERNS = {term: _pattern(term) for term in TERMS}


def finding_texts(findings: list[Finding]) -> list[str]:
    """What a reader reads of the findings: the texts whose terms the glossary explains."""
    return [text for finding in findings for text in (finding.verdict, finding.title, finding.explanation)]


def terms_in(texts: Iterable[str]) -> list[str]:
    """The glossary terms these texts use, in glossary order."""
    joined = "\n".join(texts)
    return [term for term, pattern in _PATTERNS.items() if pattern.search(joined)]


def mark_terms(text: str) -> str:
    """``text`` escaped as HTML, each glossary term it uses wrapped in ``<abbr>`` with its meaning."""
    spans = sorted((match.start(), match.end(), term) for term, pattern in _PATTERNS.items() for match in [pattern.search(text)] if match)
    out, at = [], 0
    for start, end, term in spans:
        if start < at:  # overlapping terms ("CUDA runtime" inside a longer phrase): keep the first
            continue
        out.append(escape(text[at:start]))
        meaning = escape(TERMS[term], quote=True)
        out.append(f"<abbr class='torchenv-term' title='{meaning}' style='cursor:help'>{escape(text[start:end])}</abbr>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def words_html(texts: Iterable[str]) -> str:
    """'Words used here': the meaning of every glossary term these texts use ('' when none)."""
    used = terms_in(texts)
    if not used:
        return ""
    items = "".join(f"<dt><b>{escape(term)}</b></dt><dd style='margin:0 0 4px 1.5em'>{escape(TERMS[term])}</dd>" for term in used)
    return (
        "<details class='torchenv-words'><summary>Words used here</summary>"
        f"<dl style='margin:4px 0'>{items}</dl><small>All of them: {GLOSSARY_PAGE} in the torchenv_magic docs.</small></details>"
    )


def words_text(texts: Iterable[str]) -> list[str]:
    """The same, as plain-text lines."""
    used = terms_in(texts)
    if not used:
        return []
    return ["Words used here", *(f"  {term}: {TERMS[term]}" for term in used)]


def glossary_markdown() -> str:
    """docs/glossary.md, generated from :data:`TERMS`."""
    parts = [
        "# Glossary",
        "",
        "Words the reports use, in plain terms. The notebook panel and the HTML report show the meaning of",
        'each of these words when you hover over it, and list the ones a report uses under "Words used here".',
        "",
        "<!-- Generated from torchenv_magic/render/glossary.py (TERMS); tests/test_plain_words.py checks it. -->",
        "",
    ]
    for term, meaning in TERMS.items():
        parts += [f"## {term}", "", meaning, ""]
    return "\n".join(parts)
