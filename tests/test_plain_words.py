"""Words a workshop student understands (issue 16): verdicts in plain words, titles that name
the package that failed, versions as pip shows them with the build in words, jargon explained
where it is used, and Environment rows that follow the findings.

The error texts are real ones (the corpus, and the messages quoted beside each test); the
facts are what the probes read on this machine.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from torchenv_magic import diagnose, explain
from torchenv_magic.causes import CAUSES, PLAIN
from torchenv_magic.model import Finding, Report
from torchenv_magic.render.glossary import TERMS, glossary_markdown, terms_in
from torchenv_magic.render.html import report_to_html
from torchenv_magic.render.summary import environment_rows, relevant_rows
from torchenv_magic.render.text import report_to_text
from torchenv_magic.rules import Context, live

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*/*.txt"))
NMS = "RuntimeError: operator torchvision::nms does not exist"
# Words a newcomer cannot be expected to know: never in a verdict sentence.
NOT_IN_A_VERDICT = ("build variant", "ABI", "minor-version", "compute capability", "sys.modules", "local tag", "dist-info", "NVML")
# Where an explanation uses one of these, the reader gets its meaning (the glossary marks it).
MUST_BE_EXPLAINED = (
    *("build variant", "C++ ABI", "C ABI", "minor-version compat", "compute capability", "CUDA build", "CPU build"),
    *("undefined symbol", "sys.path", "RECORD", "LD_LIBRARY_PATH", "operator"),
)


@functools.cache
def corpus_findings() -> tuple[Finding, ...]:
    return tuple(finding for path in CORPUS for finding in explain(path.read_text(encoding="utf-8", errors="replace")))


# --- the three examples of the issue, on their exact texts ---------------------------------


def test_versions_as_pip_shows_them_with_the_build_in_words() -> None:
    # torch 2.13.0+cpu with torchvision 0.28.0+cu130 (design.md section 6, reproduced here).
    top = explain(NMS, platform="linux", packages={"torch": "2.13.0+cpu", "torchvision": "0.28.0+cu130"})[0]
    assert top.title == "torchvision 0.28.0 (CUDA 13.0 build) does not match torch 2.13.0 (CPU build)"
    assert top.verdict == "torchvision is the CUDA 13.0 build; your torch is the CPU build. Both must be the same build."


def test_the_right_release_of_the_wrong_build_is_not_needs_what_is_installed() -> None:
    top = explain(NMS, platform="linux", packages={"torch": "2.3.1+cpu"})[0]
    assert top.title == "torchvision does not match the installed torch: it needs torchvision 0.18.1, the CPU build"
    assert (
        top.verdict
        == "torchvision was made for a different torch: your torch 2.3.1 (CPU build) needs torchvision 0.18.1 of the same build."
    )


def test_a_torchvision_reregistration_names_torchvision() -> None:
    text = (
        '  File "/usr/local/lib/python3.10/dist-packages/torchvision/__init__.py", line 10, in <module>\n'
        "RuntimeError: Only a single TORCH_LIBRARY can be used to register the namespace torchvision; please put all of "
        "your definitions in a single TORCH_LIBRARY block."
    )
    top = explain(text)[0]
    assert (top.cause, top.title) == (
        "partial_import_state",
        "torchvision was imported again after an import that failed or was interrupted",
    )
    assert top.verdict.startswith("torchvision was imported a second time")


def test_torchvisions_own_pyd_is_not_called_a_torch_dll() -> None:
    # The message torch.ops.load_library gives on Windows (pytorch/pytorch#25600 is the same failure).
    text = (
        'OSError: [WinError 126] The specified module could not be found. Error loading "C:\\Users\\ana\\venv\\Lib\\'
        'site-packages\\torchvision\\_C.pyd" or one of its dependencies.'
    )
    findings = explain(text, platform="windows")
    assert "torch\\lib" not in " ".join(f.title + f.explanation for f in findings)
    by_cause = {f.cause: f for f in findings}
    assert by_cause["windows_dll_dependency"].title == "A dependency of torchvision's _C.pyd is missing or shadowed"
    assert by_cause["missing_vc_redist"].explanation.startswith("_C.pyd exists in torchvision's folder")
    assert findings[0].cause == "torchvision_torch_mismatch"  # torch itself loaded: its runtime DLLs are there


def test_the_cell_that_failed_is_not_an_earlier_import() -> None:
    # The state of tests/e2e's interrupted import (torch._C loaded, 'torch' gone from sys.modules).
    modules = {"packages": {"torch": {"present": False, "submodules": 308, "c_extension": True}}, "origins": {}}
    facts = {"packages": {"installed": {}}, "modules": modules}

    def title(capture: dict[str, str]) -> str:
        return next(iter(live.partial_import_state(Context(facts=facts, capture=capture, in_kernel=True)))).title

    assert title({"type": "KeyboardInterrupt", "text": "KeyboardInterrupt"}) == (
        "This `import torch` stopped half-way, after torch's C++ core had loaded"
    )
    retry = {"type": "RuntimeError", "text": "RuntimeError: function 'abs' already has a docstring"}
    assert title(retry) == "An earlier `import torch` failed or was interrupted after torch's C++ core loaded"


# --- plain words and explained terms -----------------------------------------------------------


def test_every_cause_has_a_plain_verdict() -> None:
    assert set(PLAIN) == set(CAUSES)
    for cause, sentence in PLAIN.items():
        assert sentence.endswith(".") and len(sentence) < 130, cause
    assert Finding("other", "info", "t", "e").verdict == PLAIN["other"]


def test_verdicts_are_plain_words() -> None:
    findings = corpus_findings()
    assert findings and all(finding.verdict for finding in findings)
    for finding in findings:
        used = [term for term in NOT_IN_A_VERDICT if re.search(re.escape(term), finding.verdict, re.I)]
        assert not used, (finding.cause, finding.verdict)


@pytest.mark.parametrize("term", MUST_BE_EXPLAINED)
def test_jargon_in_an_explanation_is_explained_where_it_appears(term: str) -> None:
    assert term in TERMS
    users = [finding for finding in corpus_findings() if term in terms_in([finding.explanation, finding.title])]
    for finding in users:
        html = report_to_html(Report([finding], {}))
        assert "<abbr class='torchenv-term'" in html and f"<dt><b>{term}</b></dt>" in html, finding.title
        assert f"  {term}: {TERMS[term]}" in report_to_text(Report([finding], {}))


def test_glossary_page_is_generated_from_the_terms() -> None:
    assert (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8") == glossary_markdown()


# --- the Environment rows follow the findings --------------------------------------------------


def finding(cause: str) -> Finding:
    return Finding(cause, "error", "t", "e")


@pytest.fixture(scope="module")
def facts() -> dict[str, object]:
    """What the probes read on this machine: no driver, nvcc and g++ on PATH, no torch in this venv."""
    return diagnose().facts


def labels(report: Report) -> list[str]:
    return [label for label, _ in relevant_rows(report)[0]]


def test_a_cpu_laptop_mismatch_shows_no_compiler_nvcc_or_path(facts: dict[str, object]) -> None:
    note = Finding("cpu_only_build", "info", "torch is a CPU-only build (no CUDA)", "Fine on a machine without an NVIDIA GPU.")
    report = Report([finding("torchvision_torch_mismatch"), note], facts)
    shown, hidden = relevant_rows(report)
    assert {"Python", "torch", "torch CUDA build"} <= {label for label, _ in shown}
    assert not {"nvcc (extension builds)", "C++ compiler (extension builds)", "PATH", "NVIDIA driver"} & set(labels(report))
    assert hidden == len(environment_rows(facts)) - len(shown) > 0
    assert "more rows that do not bear on this" in report_to_text(report)
    assert "<summary>Show all (" in report_to_html(report)


def test_a_build_problem_shows_nvcc_the_compiler_and_path(facts: dict[str, object]) -> None:
    assert {"nvcc (extension builds)", "C++ compiler (extension builds)", "PATH"} <= set(
        labels(Report([finding("build_toolchain_missing")], facts))
    )


def test_gpu_rows_for_a_gpu_finding_or_a_cuda_build(facts: dict[str, object]) -> None:
    assert "NVIDIA driver" in labels(Report([finding("driver_too_old")], facts))
    cuda_build = {**facts, "torch_build": {"found": True, "version_file": {"__version__": "2.14.1+cu130", "cuda": "13.0"}}}
    assert "NVIDIA driver" in labels(Report([], cuda_build))


def test_windows_dll_problems_show_path() -> None:
    win = {"windows": {"applicable": True, "vc_runtime": {"msvcp140.dll": {"present": True, "version": "14.40"}}, "path_conflicts": []}}
    facts = {**win, "environment": {"variables": {"PATH": "C:\\Windows\\system32"}}}
    assert {"VC++ runtime", "PATH"} <= set(labels(Report([finding("windows_dll_dependency")], facts)))
    assert "PATH" not in labels(Report([finding("torchvision_torch_mismatch")], facts))
