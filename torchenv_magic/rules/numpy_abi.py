"""numpy_abi_mismatch: a compiled module (torch, opencv, ...) built against another NumPy C ABI.

The signal is NumPy's own message (explainer/numpy_abi.py); the installed NumPy, when
known, sharpens the fix. The diagnosis must not import numpy: it may be the broken part.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import versions
from ..explainer.signals import evidence_of
from ..model import Finding, Fix
from . import Context, rule


@rule
def numpy_abi_mismatch(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("numpy_abi_mismatch")
    if not signals:
        return
    top = signals[0]
    numpy = ctx.package_versions().get("numpy")
    evidence = evidence_of(signals)
    if numpy:
        evidence.append(f"numpy {numpy} is installed ({'stated' if ctx.stated else 'installed metadata'})")
    if top.get("direction") == "subclass_before_1_20":
        yield _subclass_before_1_20(str(top.get("subclass")), evidence, top.confidence)
        return
    if top.get("direction") == "built_for_newer":
        title = "A module was built for a newer NumPy than the one installed"
        why = (
            f"It was compiled against NumPy C-API {top.get('built')} but NumPy {top.get('have')} is installed: upgrade NumPy."
            if top.get("built")
            else "It was compiled against a newer NumPy's headers than the NumPy installed: upgrade NumPy."
        )
        requirements = ["--upgrade", "numpy"]
    else:
        found = top.get("numpy") or numpy or "2.x"
        title = "A compiled module was built for NumPy 1.x but NumPy 2 is installed"
        why = (
            f"NumPy {found} changed the C ABI (how compiled code sees NumPy's data); "
            "modules compiled against NumPy 1.x (an older torch, opencv, "
            "onnxruntime, pandas, ...) fail to import or may crash. Either pin NumPy below 2 or upgrade the module "
            "named in the traceback to a build for NumPy 2 (torch >= 2.3 supports it)."
        )
        requirements = ["numpy<2"]
    installed = versions.parse(numpy)
    if installed is not None and installed.major < 2 and requirements == ["numpy<2"]:
        requirements = ["--upgrade", "numpy"]  # NumPy 1.x already: the module was built for a newer one
    yield Finding(
        cause="numpy_abi_mismatch",
        severity="error",
        title=title,
        explanation=why,
        evidence=list(dict.fromkeys(evidence))[:5],
        fix=ctx.install(
            requirements,
            restart_kernel=True,
            note="Restart the kernel afterwards: NumPy cannot be swapped in a running process.",
        ),
        confidence=top.confidence,
    )


def _subclass_before_1_20(subclass: str, evidence: list[str], confidence: float) -> Finding:
    """A C subclass of NumPy's array compiled for NumPy before 1.20 (explainer/numpy_abi.py cites NumPy's check)."""
    return Finding(
        cause="numpy_abi_mismatch",
        severity="error",
        title=f"{subclass} was compiled for a NumPy older than 1.20",
        explanation=(
            f"{subclass} is a C subclass of NumPy's array. NumPy 1.20 added a field to the array's struct, and the package "
            f"that defines {subclass} was compiled against older NumPy headers, so its own data sits where NumPy now keeps "
            "that field; NumPy checks it and refuses the object. A release of that package built against NumPy 1.20 or "
            "newer fixes it."
        ),
        evidence=list(dict.fromkeys(evidence))[:5],
        fix=Fix(
            kind="manual",
            code=f"Upgrade the package that defines {subclass} to its newest release (pip install --upgrade and its name: the "
            "traceback's frames show its folder in site-packages), then restart the kernel. Until it has one built for "
            "NumPy 1.20 or newer, use it with NumPy 1.19 (pip install \"numpy<1.20\", on Python 3.9 or older).",
        ),
        confidence=confidence,
    )
