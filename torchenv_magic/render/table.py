"""Versions and compatibility as a table: what is installed, what this torch expects.

    In [1]: from torchenv_magic import diagnose
    In [2]: from torchenv_magic.render.table import compat_table
    In [3]: compat_table(diagnose())          # a pandas DataFrame
    Out[3]:
         component installed   expected      status  source
    0        torch  2.13.0          -          ok    ...
    1  torchvision  0.29.1     0.28.x  ✘ mismatch    ...

The rows are plain data (:func:`compat_rows`), so the table also renders without pandas:
numpy may be the very thing that is broken (design.md section 6), and then pandas cannot
be imported. The expectations come from :mod:`torchenv_magic.compat` (sourced tables) and
from installed metadata (``Requires-Dist`` pins), which wins when both speak.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from html import escape
from typing import Any

from .. import versions
from ..model import Report

OK, MISMATCH, MISSING, UNKNOWN = "✔ ok", "✘ mismatch", "✘ missing", "? unknown"
# A driver older than the build's CUDA that runs it by minor-version compatibility (compat.driver_supports).
MINOR_COMPAT = "✔ minor-version compat"
COLUMNS = ("component", "installed", "expected", "status", "source")


@dataclass(frozen=True)
class CompatRow:
    component: str
    installed: str
    expected: str
    status: str
    source: str = ""


def compat_rows(facts: dict[str, Any]) -> list[CompatRow]:
    """One row per fact that can be compatible or not with the installed torch."""
    torch = _version(facts, "torch")
    rows = [_torch_row(torch), _python_row(facts, torch)]
    rows += [_companion_row(facts, name, torch) for name in ("torchvision", "torchaudio") if _version(facts, name)]
    rows += _cuda_rows(facts, torch)
    return rows


def compat_table(report: Report) -> Any:
    """The rows as a pandas DataFrame (imports pandas: call it only when pandas is wanted)."""
    import pandas as pd

    rows = compat_rows(report.facts)
    return pd.DataFrame([astuple(row) for row in rows], columns=[f.name for f in fields(CompatRow)])


def table_html(report: Report) -> str:
    """The table as HTML: pandas' ``to_html`` when pandas imports, a plain table otherwise."""
    try:
        frame = compat_table(report)
    except Exception:  # noqa: BLE001 - pandas (or the numpy under it) may itself be broken
        return _plain_html(compat_rows(report.facts))
    return _colour_status(str(frame.to_html(index=False, escape=True, border=0, classes="torchenv-table")))


def _colour_status(table: str) -> str:
    """Colour the status cells (constant strings, so replacing them escapes nothing away)."""
    for status, colour in ((MISMATCH, "#cf222e"), (MISSING, "#cf222e"), (OK, "#1a7f37"), (MINOR_COMPAT, "#1a7f37"), (UNKNOWN, "#9a6700")):
        table = table.replace(f"<td>{escape(status)}</td>", f"<td style='color:{colour};font-weight:bold'>{escape(status)}</td>")
    return table


def _plain_html(rows: list[CompatRow]) -> str:
    head = "".join(f"<th>{escape(name)}</th>" for name in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in astuple(row)) + "</tr>" for row in rows)
    return _colour_status(f"<table class='torchenv-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _ask(name: str, *args: Any) -> Any:
    """``compat.<name>(*args)``; compat answers None or [] for what its tables do not know."""
    from .. import compat

    return getattr(compat, name)(*args)


def _entries(facts: dict[str, Any], name: str) -> list[dict[str, Any]]:
    packages = facts.get("packages")
    installed = packages.get("installed", {}) if isinstance(packages, dict) else {}
    entries = installed.get(name) or []
    return entries if isinstance(entries, list) else []


def _version(facts: dict[str, Any], name: str) -> str | None:
    entries = _entries(facts, name)
    return str(entries[0].get("version")) if entries else None


def _torch_row(torch: str | None) -> CompatRow:
    if torch is None:
        return CompatRow("torch", "not installed", "installed", MISSING, "importlib.metadata")
    return CompatRow("torch", torch, "-", OK, "importlib.metadata")


def _python_row(facts: dict[str, Any], torch: str | None) -> CompatRow:
    python = facts.get("python")
    version = str(python.get("version", "?")) if isinstance(python, dict) else "?"
    spec = _ask("python_range_for", torch) if torch else None
    if not spec:
        return CompatRow("Python", version, "-", UNKNOWN if torch else OK, "")
    ok = versions.satisfies(version, spec)
    return CompatRow("Python", version, spec, _status(ok), "compat: torch_python.csv")


def _companion_row(facts: dict[str, Any], name: str, torch: str | None) -> CompatRow:
    installed = _version(facts, name) or "?"
    pins = versions.requirement_specs(_entries(facts, name)[0].get("requires") or [], "torch")
    if torch is None:
        return CompatRow(name, installed, "torch installed", MISSING, "")
    expected = _ask(f"{name}_for", torch)
    if expected:
        ok = _same_line(installed, expected) and _same_variant(installed, torch)
        return CompatRow(name, installed, _series(expected), _status(ok), f"compat: built for torch {versions.release(torch)}")
    if pins:
        ok = all(versions.satisfies(torch, spec) for spec in pins)
        return CompatRow(name, installed, f"torch{','.join(pins)}", _status(ok), "Requires-Dist of " + name)
    return CompatRow(name, installed, "?", UNKNOWN, "no data for this torch release")


def _same_line(installed: str, expected: str) -> bool:
    """Same release, or the same minor line when the data only names a minor (``0.20``)."""
    if len(expected.split(".")) <= 2:
        return versions.minor(installed) == versions.minor(expected)
    return versions.same_release(installed, expected)


def _same_variant(package: str, torch: str) -> bool:
    """``+cu126`` next to ``+cpu`` is a mismatch; an untagged side says nothing."""
    left, right = versions.variant(package), versions.variant(torch)
    return left is None or right is None or left == right


def _series(expected: str) -> str:
    return expected if len(expected.split(".")) > 2 else f"{expected}.x"


def _status(ok: bool | None) -> str:
    return UNKNOWN if ok is None else (OK if ok else MISMATCH)


def _cuda_rows(facts: dict[str, Any], torch: str | None) -> list[CompatRow]:
    build = facts.get("torch_build")
    version_file = (build.get("version_file") or {}) if isinstance(build, dict) else {}
    cuda = version_file.get("cuda") if isinstance(version_file, dict) else None
    if torch is None or not cuda:
        return [CompatRow("CUDA build", "none (CPU-only)" if torch else "-", "-", OK, "torch/version.py")] if torch else []
    variants = _ask("cuda_variants_for", torch) or []
    known = any(versions.minor(str(cuda)) == versions.minor(v) for v in variants) if variants else None
    rows = [CompatRow("CUDA build", str(cuda), ", ".join(variants) or "?", _status(known), "torch/version.py")]
    return [*rows, _driver_row(facts, str(cuda))]


def _driver_row(facts: dict[str, Any], cuda: str) -> CompatRow:
    nvml = facts.get("nvml") if isinstance(facts.get("nvml"), dict) else {}
    assert isinstance(nvml, dict)
    os_name = _os_name(facts)
    minimum = _ask("min_driver_for", cuda, os_name)
    expected = f">= {minimum}" if minimum else "?"
    if not nvml.get("available"):
        return CompatRow("NVIDIA driver", "none", expected, MISSING, str(nvml.get("meaning") or "NVML"))
    driver = str(nvml.get("driver_version"))
    # The same verdict as the driver_too_old rule: compat decides, minor-version compatibility included.
    verdict = _ask("driver_supports", nvml.get("driver_version"), cuda, os_name, nvml.get("cuda_driver_version"))
    status = {"ok": OK, "minor_compat": MINOR_COMPAT, "too_old": MISMATCH}.get(str(verdict), UNKNOWN)
    return CompatRow("NVIDIA driver", driver, expected, status, "NVML; compat: cuda_driver.csv, cuda_minor_compat.csv")


def _os_name(facts: dict[str, Any]) -> str:
    python = facts.get("python")
    return "windows" if isinstance(python, dict) and python.get("os") == "Windows" else "linux"
