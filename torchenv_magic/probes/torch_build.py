"""torch's build facts, read from its files without importing it.

``torch/version.py`` is generated at build time and holds ``__version__``, ``cuda``,
``hip`` and ``git_version``; we parse it with :mod:`ast` rather than executing it.
"""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
from pathlib import Path
from typing import Any

from ..redact import home_to_tilde


def probe() -> dict[str, Any]:
    origin = spec_origin("torch")
    torch_dir = package_dir("torch")
    if torch_dir is None:
        return {"found": False, "origin": origin}
    facts: dict[str, Any] = {"found": True, "origin": origin, "path": home_to_tilde(str(torch_dir))}
    version_file = torch_dir / "version.py"
    facts["version_file"] = read_assignments(version_file) if version_file.is_file() else None
    lib_dir = torch_dir / "lib"
    facts["libs"] = sorted(p.name for p in lib_dir.iterdir()) if lib_dir.is_dir() else []
    tv_dir = package_dir("torchvision")
    if tv_dir is not None and (tv_dir / "version.py").is_file():
        facts["torchvision_version_file"] = read_assignments(tv_dir / "version.py")
    return facts


def _find_spec(name: str) -> importlib.machinery.ModuleSpec | None:
    try:
        return importlib.util.find_spec(name)
    except (ImportError, ValueError):  # ValueError: a half-imported module without __spec__
        return None


def spec_origin(name: str) -> str | None:
    """The file ``import name`` would run first (a local ``torch.py`` shows up here)."""
    spec = _find_spec(name)
    return home_to_tilde(spec.origin) if spec is not None and spec.origin else None


def package_dir(name: str) -> Path | None:
    """Where ``import name`` would load the package from, without importing it."""
    spec = _find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def read_assignments(path: Path) -> dict[str, Any]:
    """Literal top-level assignments of a generated ``version.py`` (never executed)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, SyntaxError, ValueError):
        return {}
    values: dict[str, Any] = {}
    for node in tree.body:
        target, value = _assignment(node)
        if target is None or value is None:
            continue
        try:
            values[target] = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
    return values


def _assignment(node: ast.stmt) -> tuple[str | None, ast.expr | None]:
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id, node.value
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        return node.target.id, node.value
    return None, None
