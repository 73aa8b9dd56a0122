"""Similar known reports (torchenv_magic/similar.py): the guesses offered when no rule reads a text.

Each test uses real texts from tests/corpus (their sources are in their headers) and the index
shipped with the package, with the text's own report left out where it would find itself.
"""

from __future__ import annotations

import gzip
import importlib.util
import sys
from pathlib import Path

import pytest

from torchenv_magic import explain, similar
from torchenv_magic.diagnosis import diagnose_facts
from torchenv_magic.model import Finding

from .test_explain_corpus import ACCURACY, CORPUS

ROOT = Path(__file__).resolve().parent.parent


def _builder():  # scripts/build_similar_index.py, imported by path (scripts/ is not a package)
    spec = importlib.util.spec_from_file_location("build_similar_index", ROOT / "scripts" / "build_similar_index.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_similar_index", module)
    spec.loader.exec_module(module)
    return module


def _case(name: str):  # type: ignore[no-untyped-def]
    return ACCURACY.parse_case(CORPUS / name)


# A build log no rule read at its batch's first run (batch-2026-12-02j): CUDA 11.7's nvcc failing on
# gcc 11's headers. https://github.com/lab4d-org/lab4d/issues/10
BUILD_LOG = "build_toolchain_missing/conda-gcc11-nvcc117-parameter-packs-lab4d-10.txt"
# A text no rule reads, even now: torchvision's _C.so failing on a torch built from source, with nothing
# but the loader's words. https://github.com/pytorch/pytorch/issues/21477
UNREAD = "torchvision_torch_mismatch/source-built-torch-old-torchvision-c-so-pytorch-21477.txt"
# A text whose nearest reports are of several causes (its own first): torch.utils.cpp_extension's JIT build with no
# ninja. https://github.com/zhanghang1989/PyTorch-Encoding/issues/167 (UNREAD's neighbours, since batch-2026-12-03c
# joined the index, agree on one cause.)
GUESSES_OF_SEVERAL_CAUSES = "build_toolchain_missing/jit-load-ninja-not-installed-PyTorch-Encoding-167.txt"


def test_the_shipped_index_is_the_corpus_index() -> None:
    """Adding texts to tests/corpus without rebuilding the index fails here: run scripts/build_similar_index.py.
    Compared uncompressed: gzip's header names the OS that wrote it (255 from Python 3.9, 3 from 3.11 on Linux)."""
    assert gzip.decompress(similar.INDEX_PATH.read_bytes()) == gzip.decompress(_builder().index_bytes())


def test_the_index_is_the_same_on_every_build() -> None:
    builder = _builder()
    assert builder.index_bytes() == builder.index_bytes()


def test_every_corpus_text_is_in_the_index_with_its_source_and_cause() -> None:
    index = similar.shipped_index()
    assert index is not None
    cases = ACCURACY.load_corpus()
    assert {(r.source, r.cause) for r in index.reports} == {(c.source, c.expected) for c in cases}


def test_a_text_finds_its_own_report_first_unless_it_is_left_out() -> None:
    case = _case(BUILD_LOG)
    index = similar.shipped_index()
    assert index is not None
    assert similar.closest(case.text, index)[0].report.source == case.source
    with similar.excluding({case.source}):
        assert case.source not in {n.report.source for n in similar.closest(case.text, index)}
    assert similar.closest(case.text, index)[0].report.source == case.source  # the exclusion ends with the block


def test_guesses_name_the_closest_report_and_stay_under_twenty_percent() -> None:
    case = _case(BUILD_LOG)
    with similar.excluding({case.source}):
        found = similar.complete([], case.text)
    assert found, "a long build log is alike some known report"
    for finding in found:
        assert similar.is_guess(finding)
        assert finding.severity == "info" and finding.confidence < 0.2
        assert finding.evidence and all(line.startswith("alike (") and "https://github.com/" in line for line in finding.evidence)
        assert "The closest is https://github.com/" in finding.explanation
        assert finding.fix is not None and finding.fix.code == "%load_ext torchenv_magic\n%torchenv"
    assert [f.confidence for f in found] == sorted((f.confidence for f in found), reverse=True)


def test_guesses_come_after_every_rule_finding_and_repeat_no_cause() -> None:
    case = _case(GUESSES_OF_SEVERAL_CAUSES)
    with similar.excluding(ACCURACY.sources_by_split()[case.split]):
        first_guess = similar.complete([], case.text)[0]
        ruled = Finding(first_guess.cause, "warning", "a rule's finding", "", confidence=0.05)
        found = similar.complete([ruled], case.text)
    assert found[0] is ruled and 1 < len(found) <= 3
    assert [f.cause for f in found].count(first_guess.cause) == 1
    assert all(similar.is_guess(f) for f in found[1:])


def test_a_full_list_gets_no_guess() -> None:
    case = _case(BUILD_LOG)
    three = [Finding(cause, "warning", cause, "") for cause in ("driver_too_old", "cpu_only_build", "no_driver_or_gpu")]
    assert similar.complete(three, case.text) == three


@pytest.mark.parametrize(
    "text",
    [
        "hello world",
        "ZeroDivisionError: division by zero",
        "RuntimeError: CUDA error",  # too few words to be alike anything
    ],
)
def test_short_or_unrelated_texts_get_no_guess(text: str) -> None:
    found = explain(text)
    assert [f.cause for f in found] == ["other"] and found[0].confidence < 0.2


def test_a_text_no_rule_reads_gets_guesses_and_keeps_the_unrecognised_answer() -> None:
    case = _case(UNREAD)
    found = ACCURACY.explain_unseen(case)  # as if its batch had never been read
    assert any(similar.is_guess(f) for f in found) and len(found) <= 3
    assert next(f.cause for f in found) == case.expected  # the closest reports' cause is this thread's
    assert "other" in [f.cause for f in found]


def test_live_and_pasted_get_the_same_guesses() -> None:
    """A failure captured live (no rule reading it) gets the guesses its pasted copy gets, minus the
    unrecognised answer, which only a pasted text needs (it points to %torchenv)."""
    case = _case(UNREAD)
    capture = {"type": "ImportError", "message": "", "name": None, "chain": [], "tb_files": [], "text": case.text}
    with similar.excluding(ACCURACY.sources_by_split()[case.split]):
        pasted = [(f.cause, f.title) for f in explain(case.text) if similar.is_guess(f)]
        live = [(f.cause, f.title) for f in diagnose_facts({}, capture).findings if similar.is_guess(f)]
    assert live and live == pasted[: len(live)]


def test_without_an_index_explain_still_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(similar, "shipped_index", lambda: None)
    case = _case(BUILD_LOG)
    found = explain(case.text)
    assert found and not any(similar.is_guess(f) for f in found)


def test_an_unreadable_index_file_means_no_guesses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "similar_reports.json.gz"
    broken.write_bytes(b"not gzip")
    monkeypatch.setattr(similar, "INDEX_PATH", broken)
    similar.shipped_index.cache_clear()
    try:
        assert similar.shipped_index() is None
    finally:
        monkeypatch.undo()
        similar.shipped_index.cache_clear()
    assert similar.shipped_index() is not None
