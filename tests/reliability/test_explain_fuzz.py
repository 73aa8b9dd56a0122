"""``explain(text)`` never raises and stays fast, on any text (design.md section 4).

Arbitrary Unicode (lone surrogates, NULs, RTL marks, combining marks), every line-ending
convention (``\\r`` alone included), real error lines from tests/corpus spliced with noise
so the rules engage, junk ``platform`` and ``packages`` arguments, and inputs built to make
a careless regex backtrack, up to 5 MB. Timing is measured apart from hypothesis'
per-example deadline, with explicit bounds.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

# The public API (design.md section 4); the package behind it is torchenv_magic.explainer.
from torchenv_magic import explain
from torchenv_magic.causes import CAUSES
from torchenv_magic.model import Finding

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _corpus_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(CORPUS.glob("*/*.txt")):
        body = path.read_text(encoding="utf-8", errors="replace").split("\n---\n", 1)[-1]
        lines += [line for line in body.splitlines() if line.strip()][-6:]
    return lines or ["RuntimeError: operator torchvision::nms does not exist"]


CORPUS_LINES = _corpus_lines()
ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=())  # surrogates too
ODD = st.sampled_from(
    [
        "\x00",
        "\r",
        "\r\n",
        "\n",
        "\u2028",
        "\u2029",
        "\x0b",
        "\x0c",
        "\x1c",
        "\x85",
        "\u200f",
        "\u202e",
        "\u0301",
        "\ufeff",
        "\ud800",
        "\udcff",
        "\U0001f4a5",
        "\t",
        "\\",
        '"',
        "%1",
        "\x1b[31m",
    ]
)
NOISE = st.lists(st.one_of(ANY_CHAR, ODD), max_size=60).map("".join)
PIECES = st.lists(st.one_of(st.sampled_from(CORPUS_LINES), NOISE, ODD), max_size=12)
PLATFORMS = st.one_of(st.none(), st.sampled_from(["windows", "linux", "macos", "Windows ", "", "plan9"]), st.text(max_size=5))
VERSIONS = st.one_of(
    st.sampled_from(["2.5.1+cu124", "2.13.0+cpu", "0.29.1", "1.26.4", "2.x", "", "💥", "==2.1", "2.14.1+cu130"]), st.text(max_size=12)
)
NAMES = st.sampled_from(["torch", "torchvision", "torchaudio", "numpy", "Torch", "detectron2", "nvidia-cudnn-cu12"])
PACKAGES = st.one_of(st.none(), st.dictionaries(st.one_of(NAMES, st.text(max_size=10)), VERSIONS, max_size=5))


def rule_failures(text: str, platform: object = None, packages: object = None) -> dict[str, str]:
    """Each signal extractor and each rule run alone: ``explain`` guards them all, which would
    hide one that crashes on odd input (and so loses its finding) behind a silent log line."""
    from torchenv_magic.explainer import (
        extractors,  # noqa: F401 - registers every extractor
        stated_context,
    )
    from torchenv_magic.explainer.signals import EXTRACTORS
    from torchenv_magic.rules import load_all

    ctx = stated_context(text, platform if isinstance(platform, str) else None, packages if isinstance(packages, dict) else None)
    failures = {}
    for name, func in [*EXTRACTORS.items(), *load_all().items()]:
        try:
            list(func(ctx.text if name in EXTRACTORS else ctx) or ())
        except Exception as exc:  # noqa: BLE001 - collected and reported by the assertion
            failures[name] = f"{type(exc).__name__}: {exc}"
    return failures


def check(findings: object) -> None:
    assert isinstance(findings, list)
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.cause in CAUSES, finding.cause
        assert finding.severity in ("error", "warning", "info")
        assert 0.0 <= finding.confidence <= 1.0
        assert all(isinstance(item, str) for item in finding.evidence)
        assert finding.fix is None or finding.fix.kind in ("pip", "conda", "shell", "python", "manual")
    json.dumps([f.to_dict() for f in findings], default=str)  # exportable as the CLI does


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=ANY_CHAR, max_size=400), platform=PLATFORMS, packages=PACKAGES)
@example(text="\ud800\udfff\x00", platform=None, packages=None)
@example(text="", platform="windows", packages={"torch": ""})
def test_arbitrary_unicode(text: str, platform: str | None, packages: dict[str, str] | None) -> None:
    check(explain(text, platform=platform, packages=packages))
    assert rule_failures(text, platform, packages) == {}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=PIECES, sep=st.sampled_from(["\n", "\r", "\r\n", "\x00", "\u2028", " "]), platform=PLATFORMS, packages=PACKAGES)
def test_real_error_lines_spliced_with_noise(pieces: list[str], sep: str, platform: str | None, packages: dict[str, str] | None) -> None:
    text = sep.join(pieces)
    check(explain(text, platform=platform, packages=packages))
    assert rule_failures(text, platform, packages) == {}


@pytest.mark.parametrize("sep", ["\r", "\r\n", "\u2028", "\x00"], ids=["cr", "crlf", "u2028", "nul"])
def test_line_endings_do_not_change_the_answer(sep: str) -> None:
    """A corpus text pasted with other line endings is recognised as it is with \\n."""
    for path in sorted(CORPUS.glob("*/*.txt"))[::7]:
        _, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
        causes_lf = [f.cause for f in explain(body)]
        converted = explain(body.replace("\n", sep))
        check(converted)
        if sep in ("\r", "\r\n"):
            assert [f.cause for f in converted][:1] == causes_lf[:1], path.name


def test_non_str_inputs_are_not_fatal() -> None:
    for value in (None, b"OSError: libcudart.so.12", 42, ["a"], object()):
        check(explain(value))  # type: ignore[arg-type]
    check(explain("x", platform=3, packages={"torch": None, 5: 2.1}))  # type: ignore[arg-type, dict-item]
    check(explain("x", packages=[("torch", "2.1")]))  # type: ignore[arg-type]


def _seed() -> str:
    return "\n".join(CORPUS_LINES[:40])


# (name, text): ~5 MB each. Shapes that make a careless regex backtrack: long runs with no
# terminator for a lazy/greedy group, many near-matches of a frequent prefix.
HUGE = {
    "random_corpus_5mb": (_seed() + "\n") * (5_000_000 // (len(_seed()) + 1)),
    "one_line_letters": "a" * 5_000_000,
    "one_line_spaces_then_error": " " * 5_000_000 + "OSError: libcudnn.so.9: cannot open shared object file",
    "newlines_only": "\n" * 5_000_000,
    "cr_only": "\r" * 5_000_000,
    "nul_only": "\x00" * 5_000_000,
    "surrogates": "\udcff\ud800" * 2_500_000,
    "quotes_open": 'File "' * 800_000,
    "dll_near_miss": 'Error loading "C:\\x\\' * 250_000,
    "so_near_miss": "lib.so." * 700_000,
    "undefined_symbol_near_miss": "undefined symbol: _Z" * 250_000,
    "backslashes": "\\" * 5_000_000,
    "digits": "1" * 5_000_000,
    "version_like": "2.5.1+cu124 " * 400_000,
    "combining": "e\u0301" * 2_500_000,
    "rtl": "\u202eTorch\u202c " * 500_000,
}
HUGE_LIMIT_S = 3.0  # per call, on 2 cores; typical is well under a second


@pytest.mark.parametrize("name", sorted(HUGE))
def test_huge_inputs_are_fast(name: str) -> None:
    text = HUGE[name]
    started = time.monotonic()
    findings = explain(text, platform=None, packages={"torch": "2.5.1+cu124"})
    elapsed = time.monotonic() - started
    check(findings)
    assert elapsed < HUGE_LIMIT_S, f"{name}: {elapsed:.2f} s"
    assert rule_failures(text, None, {"torch": "2.5.1+cu124"}) == {}


def test_the_cause_at_the_end_of_a_huge_log_is_still_found() -> None:
    """A whole training log pasted: the final exception is what counts."""
    log = "epoch 1 loss 0.5 " * 300_000 + "\nRuntimeError: operator torchvision::nms does not exist\n"
    assert explain(log)[0].cause == "torchvision_torch_mismatch"


SMALL_LIMIT_S = 0.25


@settings(max_examples=60, deadline=None)
@given(pieces=PIECES)
def test_typical_texts_are_fast(pieces: list[str]) -> None:
    text = "\n".join(pieces)
    started = time.monotonic()
    explain(text)
    assert time.monotonic() - started < SMALL_LIMIT_S
