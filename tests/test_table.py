"""The versions-and-compatibility table: rows from facts, HTML with and without pandas."""

from __future__ import annotations

from typing import Any

import pytest

from torchenv_magic.model import Report
from torchenv_magic.render import table
from torchenv_magic.render.table import MINOR_COMPAT, MISMATCH, MISSING, OK, UNKNOWN, compat_rows, compat_table, table_html


def facts(packages: dict[str, str], *, cuda: str | None = None, driver: str | None = None, python: str = "3.11.7") -> dict[str, Any]:
    installed = {name: [{"name": name, "version": version, "requires": []}] for name, version in packages.items()}
    nvml: dict[str, Any] = {"available": False, "meaning": "no NVIDIA driver is installed"}
    if driver:
        nvml = {"available": True, "driver_version": driver}
    return {
        "python": {"version": python},
        "packages": {"installed": installed},
        "torch_build": {"found": "torch" in packages, "version_file": {"cuda": cuda}},
        "nvml": nvml,
    }


def row(rows: list[table.CompatRow], component: str) -> table.CompatRow:
    return next(r for r in rows if r.component == component)


def test_matching_companion_is_ok() -> None:
    rows = compat_rows(facts({"torch": "2.5.1", "torchvision": "0.20.1", "torchaudio": "2.5.1"}))
    assert row(rows, "torchvision").status == OK
    assert row(rows, "torchvision").expected == "0.20.1"
    assert row(rows, "torchaudio").status == OK
    assert row(rows, "Python").status == OK


def test_the_real_mismatch_of_this_machine() -> None:
    # torch 2.13.0+cpu with torchvision 0.29.1: "operator torchvision::nms does not exist" (design.md 6)
    rows = compat_rows(facts({"torch": "2.13.0+cpu", "torchvision": "0.29.1"}))
    tv = row(rows, "torchvision")
    assert (tv.installed, tv.expected, tv.status) == ("0.29.1", "0.28.0", MISMATCH)


def test_cpu_companion_next_to_cuda_torch_is_a_mismatch() -> None:
    rows = compat_rows(facts({"torch": "2.5.1+cpu", "torchvision": "0.20.1+cu124"}))
    assert row(rows, "torchvision").status == MISMATCH


def test_missing_torch() -> None:
    rows = compat_rows(facts({"torchvision": "0.20.1"}))
    assert row(rows, "torch").status == MISSING
    assert row(rows, "torchvision").status == MISSING


def test_requires_dist_pin_speaks_when_the_table_has_no_row() -> None:
    data = facts({"torch": "9.9.9", "torchvision": "9.10.0"})
    data["packages"]["installed"]["torchvision"][0]["requires"] = ["torch==9.9.8"]
    tv = row(compat_rows(data), "torchvision")
    assert (tv.expected, tv.status) == ("torch==9.9.8", MISMATCH)


def test_unknown_release_says_unknown() -> None:
    assert row(compat_rows(facts({"torch": "9.9.9", "torchvision": "9.10.0"})), "torchvision").status == UNKNOWN


def test_python_outside_the_supported_range() -> None:
    assert row(compat_rows(facts({"torch": "2.5.1"}, python="3.13.1")), "Python").status == MISMATCH


# 535 is below CUDA 12.4's toolkit driver but above 12.x's minor-version-compatibility floor (525):
# it runs the cu124 build, as the driver_too_old rule says (tests/test_rules_gpu_facts.py).
@pytest.mark.parametrize(("driver", "status"), [("535.54.03", MINOR_COMPAT), ("470.82.01", MISMATCH), ("560.35.03", OK), (None, MISSING)])
def test_driver_against_the_cuda_build(driver: str | None, status: str) -> None:
    rows = compat_rows(facts({"torch": "2.5.1+cu124"}, cuda="12.4", driver=driver))
    assert row(rows, "CUDA build").status == OK
    assert row(rows, "NVIDIA driver").expected == ">= 550.54.14"
    assert row(rows, "NVIDIA driver").status == status


def test_cpu_build_has_no_driver_row() -> None:
    rows = compat_rows(facts({"torch": "2.13.0+cpu"}))
    assert row(rows, "CUDA build").installed == "none (CPU-only)"
    assert all(r.component != "NVIDIA driver" for r in rows)


def test_dataframe_columns() -> None:
    frame = compat_table(Report(findings=[], facts=facts({"torch": "2.5.1", "torchvision": "0.20.1"})))
    assert list(frame.columns) == list(table.COLUMNS)
    assert frame.loc[frame.component == "torchvision", "status"].item() == OK


def test_html_escapes_and_colours() -> None:
    html = table_html(Report(findings=[], facts=facts({"torch": "2.13.0", "torchvision": "0.29.1"}, python="<b>3.11</b>")))
    assert "<b>3.11</b>" not in html and "&lt;b&gt;3.11&lt;/b&gt;" in html
    assert f"color:#cf222e;font-weight:bold'>{MISMATCH}</td>" in html


def test_html_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(report: Report) -> None:
        raise ImportError("numpy.core.multiarray failed to import")

    monkeypatch.setattr(table, "compat_table", broken)
    html = table_html(Report(findings=[], facts=facts({"torch": "2.13.0", "torchvision": "0.29.1"})))
    assert html.startswith("<table class='torchenv-table'>")
    assert "<th>expected</th>" in html and MISMATCH in html


def test_empty_facts_do_not_raise() -> None:
    assert row(compat_rows({}), "torch").status == MISSING
