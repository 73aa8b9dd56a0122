"""missing_cuda_runtime_lib: a CUDA library torch (or an extension) needs cannot be loaded.

Read from the nvidia-* wheels torch requires (``cuda_wheels`` probe) and from the error
text's signals (``libcudnn.so.8: cannot open shared object file``, ``cudnn64_8.dll``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..model import Finding
from ..probes.cuda_wheels import package_for_library
from . import Context, rule

_CANNOT_OPEN = re.compile(r"(lib[\w.+-]+?\.so(?:\.[\d.]+)?): cannot open shared object file")
_NOT_IN_PATH = re.compile(r"(lib[\w+-]+)\.so\.\*\[0-9\] not found in the system path")


@rule
def missing_cuda_runtime_lib(ctx: Context) -> Iterator[Finding]:
    cuda = ctx.fact("cuda_wheels")
    missing = {entry["name"]: entry for entry in cuda.get("missing") or []}
    named = _library_in_error(ctx.error_text)
    package = package_for_library(named) if named else None
    if named and package:
        yield _cuda_lib_finding(ctx, named, package, cuda, missing)
        return
    for entry in missing.values():
        yield _cuda_lib_finding(ctx, None, entry["name"], cuda, missing)


def _library_in_error(text: str) -> str | None:
    match = _CANNOT_OPEN.search(text) or _NOT_IN_PATH.search(text)
    return match.group(1) if match else None


def _cuda_lib_finding(ctx: Context, library: str | None, package: str, cuda: dict[str, Any], missing: dict[str, Any]) -> Finding:
    name = _required_name(package, cuda)
    entry = missing.get(name) or {}
    system_copy = bool(entry.get("in_loader_cache")) and library is None
    libs = library or ", ".join(f"{lib}.so" for lib in entry.get("libs") or []) or "its libraries"
    evidence = [f"the import failed to load {library}"] if library else []
    evidence.append(f"{name} is {'not installed' if name in missing else 'installed, yet its library was not found'}")
    if name in (cuda.get("required") or {}):
        evidence.append(f"torch requires {cuda['required'][name]} (its metadata)")
    if system_copy:
        evidence.append("the system loader cache has a copy, which torch uses instead (its version may differ)")
    return Finding(
        cause="missing_cuda_runtime_lib",
        severity="warning" if system_copy else "error",
        title=f"CUDA library {libs} is missing: the {name} wheel is not installed",
        explanation=(
            f"This CUDA build of torch loads {libs} from the {name} wheel, which pip installs with torch. "
            "It was uninstalled (or the install was cut short), so `import torch` cannot load it. "
            "Install the exact version torch asks for."
        ),
        evidence=evidence,
        fix=ctx.install(
            [(cuda.get("required") or {}).get(name, name)], restart_kernel=True
        ),
        confidence=0.9 if library or not system_copy else 0.5,
    )


def _required_name(package: str, cuda: dict[str, Any]) -> str:
    """The exact distribution name torch requires for this library's package ('-cu13' or not)."""
    from ..probes.cuda_wheels import package_base

    for name in cuda.get("required") or {}:
        if package_base(name) == package_base(package):
            return str(name)
    return package


