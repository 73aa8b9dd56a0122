"""What batch-2026-12-06x taught (docs/accuracy-runs/batch-2026-12-06x.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def _causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)[:3]]  # type: ignore[arg-type]


def test_gcc_refusing_a_cxx_standards_flag_is_a_gcc_too_old() -> None:
    # hukaixuan19970627/yolov5_obb#510: gcc 4.8.5 building nms_rotated, fixed by gcc 5.3.1.
    finding = explain("gcc: error: unrecognized command line option ‘-std=c++14’", platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and finding.title == "gcc is older than this build needs (gcc 5 or later)"
    assert finding.fix is not None and "gcc-5" in finding.fix.code
    for flag, gcc in (("c++17", "7"), ("gnu++20", "10")):
        text = f"g++: error: unrecognized command-line option '-std={flag}'"
        assert explain(text, platform="linux")[0].title == f"gcc is older than this build needs (gcc {gcc} or later)"
    # Another option gcc does not know is no C++ standard's: not this reading.
    other = "gcc: error: unrecognized command line option '-mavx512fp16'"
    assert "gcc is older" not in explain(other, platform="linux")[0].title
