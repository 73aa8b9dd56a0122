"""Can this kernel import torch again, or does it need a restart?

After a failed ``import torch`` that never reached torch's C++ core, the leftovers are
only Python modules: dropping them from ``sys.modules`` (and the finders' caches) makes
the next import start clean. Once the core is loaded (``torch._C``, ``libtorch_cpu.so``),
nothing in Python can unload it, and importing again re-registers operators: only a
kernel restart is safe (pytorch/pytorch#194172).

    In [5]: %torchenv reset
    torchenv reset: cleared 11 torch-family modules; import again.
"""

from __future__ import annotations

import html
import importlib
import sys
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from .capture import family_names, family_root

RESTART_HOW = (
    "Restart the kernel: Kernel > Restart Kernel in JupyterLab/Notebook (or 0, 0 in command mode), "
    "the Restart button in VS Code or Colab (Runtime > Restart session); in terminal IPython, exit and start it again."
)


@dataclass(frozen=True)
class ResetResult:
    """What :func:`reset_modules` did, or why it refused."""

    done: bool
    message: str
    removed: int = 0
    native_libs: list[str] = field(default_factory=list)
    user_variables: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        lines = [f"torchenv reset: {self.message}"]
        if self.native_libs:
            lines.append("  loaded native code: " + ", ".join(self.native_libs[:6]))
        if self.user_variables:
            lines.append("  your variables that still hold torch objects (left untouched): " + ", ".join(self.user_variables))
        if not self.done:
            lines.append("  " + RESTART_HOW)
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, str]:
        body = "<br>".join(html.escape(line.strip()) for line in self.to_text().splitlines())
        return {"text/plain": self.to_text(), "text/html": f"<div class='torchenv-reset'>{body}</div>"}

    def __repr__(self) -> str:
        return self.to_text()


def native_torch_code() -> list[str]:
    """Why torch's C++ core counts as loaded here: torch._C imported, core libraries mapped."""
    from .probes.loaded_libs import core_torch_libs, probe

    reasons = ["torch._C"] if "torch._C" in sys.modules else []
    return reasons + core_torch_libs(probe())


def reset_modules(user_ns: dict[str, Any] | None = None) -> ResetResult:
    """Drop the torch family from ``sys.modules`` if that is safe; never touch ``user_ns``.

    ``user_ns`` (the shell's namespace) is only read, to name variables that still hold
    torch-family objects: they keep the old modules alive whatever is cleared.
    """
    holders = user_variables_from_family(user_ns or {})
    native = native_torch_code()
    if native:
        message = "torch's C++ core is already loaded in this process; clearing modules cannot unload it. Only a kernel restart is safe."
        return ResetResult(done=False, message=message, native_libs=native, user_variables=holders)
    names = family_names()
    for name in names:
        sys.modules.pop(name, None)
    importlib.invalidate_caches()
    message = f"cleared {len(names)} torch-family modules from sys.modules; the next import starts clean." if names else "nothing to clear."
    return ResetResult(done=True, message=message, removed=len(names), user_variables=holders)


def user_variables_from_family(user_ns: dict[str, Any]) -> list[str]:
    """Names (not starting with ``_``) whose value is, or comes from, a torch-family module."""
    return sorted(name for name, value in list(user_ns.items()) if not name.startswith("_") and _from_family_safe(value))


def _from_family_safe(value: Any) -> bool:
    # Proxies (werkzeug's LocalProxy outside a request, lazy loaders) raise from any
    # attribute lookup, even the ``__class__`` that isinstance reads.
    try:
        return _from_family(value)
    except Exception:  # noqa: BLE001 - an arbitrary user object must not break the reset
        return False


def _from_family(value: Any) -> bool:
    if isinstance(value, ModuleType):
        return family_root(value.__name__) is not None
    cls = value if isinstance(value, type) else type(value)
    # The class hierarchy counts: a user's nn.Module subclass still holds the old torch.
    if any(family_root(getattr(klass, "__module__", None)) for klass in cls.__mro__):
        return True
    try:
        module = getattr(value, "__module__", None)  # functions such as torch.zeros
    except Exception:  # noqa: BLE001 - arbitrary user objects may raise from __getattr__
        return False
    return isinstance(module, str) and family_root(module) is not None
