"""What ``torchenv verify`` found: per distribution, its missing, changed and extra files.

``VerifyResult.to_dict()`` is the ``--json`` form (documented in docs/user-guide.md);
``text/plain`` and ``text/html`` show the summary table and, per damaged distribution,
its files and the reinstall that rewrites them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from html import escape
from typing import Any

from ..model import SCHEMA_VERSION, Fix
from ..redact import home_to_tilde

MAX_SHOWN = 10  # files listed per kind and distribution in text and HTML (JSON lists all)


@dataclass(frozen=True)
class Changed:
    """A file whose size or sha256 differs from RECORD (``reason``: 'size', 'hash', 'not a file', 'unreadable (...)')."""

    path: str
    reason: str
    expected_size: int | None
    actual_size: int | None


@dataclass(frozen=True)
class DistResult:
    name: str
    version: str
    site: str
    files: int = 0
    checked: int = 0
    missing: tuple[str, ...] = ()
    changed: tuple[Changed, ...] = ()
    extra: tuple[str, ...] = ()
    note: str | None = None
    requirement: str | None = None
    fix: Fix | None = None

    @property
    def damaged(self) -> bool:
        return bool(self.missing or self.changed or self.requirement)

    @property
    def status(self) -> str:
        if self.requirement:
            return "not installed"
        if self.damaged:
            return "damaged"
        return self.note or "ok"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status
        return data


@dataclass(frozen=True)
class VerifyResult:
    distributions: tuple[DistResult, ...]
    interrupted: bool
    elapsed_s: float
    files_checked: int
    files_total: int
    bytes_hashed: int
    bytes_total: int

    @property
    def ok(self) -> bool:
        """Every file checked matches (extra files aside: they are reported, not failures)."""
        return not any(dist.damaged for dist in self.distributions)

    def with_fixes(self, *, in_kernel: bool) -> VerifyResult:
        return replace(self, distributions=tuple(replace(d, fix=repair_fix(d, in_kernel=in_kernel)) for d in self.distributions))

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "ok": self.ok,
            "interrupted": self.interrupted,
            "elapsed_s": round(self.elapsed_s, 3),
            "files_checked": self.files_checked,
            "files_total": self.files_total,
            "bytes_hashed": self.bytes_hashed,
            "bytes_total": self.bytes_total,
            "distributions": [dist.to_dict() for dist in self.distributions],
        }

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, str]:
        return {"text/plain": to_text(self), "text/html": to_html(self)}

    def __repr__(self) -> str:
        return to_text(self)


def repair_fix(dist: DistResult, *, in_kernel: bool) -> Fix | None:
    """Reinstall exactly this distribution and version from its index, or install a required wheel that is absent."""
    from .. import versions
    from ..fixes import index_for_variant, install_fix
    from ..probes.interpreter import installer_for_environment

    installer = installer_for_environment()
    if dist.requirement:
        note = "torch requires it here; without it import torch fails or loads another copy of its libraries."
        return install_fix([dist.requirement], in_kernel=in_kernel, installer=installer, restart_kernel=True, note=note)
    if not dist.damaged or not dist.version:
        return None
    return install_fix(
        [f"{dist.name}=={dist.version}", "--no-deps"],
        in_kernel=in_kernel,
        installer=installer,
        index_url=index_for_variant(versions.variant(dist.version)),
        reinstall=True,
        restart_kernel=True,
        note=f"Rewrites {dist.name}'s files at the same version; --no-deps leaves everything else as it is.",
    )


# --- rendering -----------------------------------------------------------------------------


def headline(result: VerifyResult) -> str:
    size = f"{_gb(result.bytes_hashed)} GB hashed in {result.elapsed_s:.1f} s"
    if result.interrupted and not result.files_checked:
        return "torchenv verify: INTERRUPTED before any file was checked"
    if result.interrupted:
        done = f"{result.files_checked:,} of {result.files_total:,} files"
        return f"torchenv verify: INTERRUPTED after {done} ({size}); what was checked so far is below"
    if not result.distributions:
        return "torchenv verify: no torch-family distribution is installed here"
    number = len(result.distributions)
    counts = f"{result.files_total:,} files of {number} distribution{'s' if number != 1 else ''}"
    if result.ok:
        return f"torchenv verify: OK: all {counts} match their RECORD ({size})"
    damaged = [dist.name for dist in result.distributions if dist.damaged]
    return f"torchenv verify: DAMAGED: {', '.join(damaged)} ({counts}, {size})"


COLUMNS = ("distribution", "version", "files", "missing", "changed", "extra", "status")


def rows(result: VerifyResult) -> list[tuple[str, ...]]:
    return [
        (d.name, d.version or "-", str(d.files), str(len(d.missing)), str(len(d.changed)), str(len(d.extra)), d.status)
        for d in result.distributions
    ]


def file_lines(dist: DistResult) -> list[tuple[str, str]]:
    """(kind, text) per file worth showing, at most :data:`MAX_SHOWN` of each kind."""
    lines = [("missing", path) for path in dist.missing[:MAX_SHOWN]]
    lines += [("changed", _changed_text(item)) for item in dist.changed[:MAX_SHOWN]]
    lines += [("extra", path) for path in dist.extra[:MAX_SHOWN]]
    for kind, items in (("missing", dist.missing), ("changed", dist.changed), ("extra", dist.extra)):
        if len(items) > MAX_SHOWN:
            lines.append((kind, f"... and {len(items) - MAX_SHOWN} more (--json lists all)"))
    return lines


def _changed_text(item: Changed) -> str:
    if item.reason == "size":
        return f"{item.path}: {item.actual_size:,} bytes, RECORD says {item.expected_size:,}"
    if item.reason == "hash":
        return f"{item.path}: sha256 differs from RECORD"
    return f"{item.path}: {item.reason}"


def to_text(result: VerifyResult) -> str:
    table = [COLUMNS, *rows(result)]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    lines = [headline(result), ""]
    lines += ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in table]
    for dist in result.distributions:
        shown = file_lines(dist)
        if not shown and dist.fix is None:
            continue
        lines += ["", f"{dist.name} {dist.version}".rstrip() + (f"  ({home_to_tilde(dist.site)})" if dist.site else "")]
        lines += [f"  {kind:<8} {text}" for kind, text in shown]
        if dist.fix is not None:
            lines += ["  fix:"] + [f"    {line}" for line in dist.fix.code.splitlines()]
            lines.append(f"  {dist.fix.note}")
    return "\n".join(lines) + "\n"


def to_html(result: VerifyResult) -> str:
    head = "".join(f"<th>{escape(name)}</th>" for name in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows(result))
    parts = [f"<p><b>{escape(headline(result))}</b></p>", f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"]
    for dist in result.distributions:
        shown = file_lines(dist)
        if not shown and dist.fix is None:
            continue
        items = "".join(f"<li>{escape(kind)}: <code>{escape(text)}</code></li>" for kind, text in shown)
        parts.append(f"<p>{escape(dist.name)} {escape(dist.version)}</p><ul>{items}</ul>")
        if dist.fix is not None:
            parts.append(f"<pre>{escape(dist.fix.code)}</pre><p><small>{escape(dist.fix.note)}</small></p>")
    return "\n".join(parts)


def _gb(count: int) -> str:
    return f"{count / 1e9:.2f}"
