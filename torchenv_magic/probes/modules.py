"""The torch family as this process sees it: ``sys.modules`` state and where imports resolve.

``sys.modules`` tells whether a failed import left pieces behind (partial_import_state);
``find_spec`` origins tell whether a local ``torch.py`` or ``torch/`` folder would be
imported instead of the installed package (shadowed_module). Neither imports anything.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any

from ..capture import FAMILY, module_state
from ..redact import home_to_tilde


def probe() -> dict[str, Any]:
    state = module_state()
    state["origins"] = {name: origin_of(name) for name in FAMILY}
    state["cwd"] = home_to_tilde(os.getcwd())
    state["sys_path_head"] = [home_to_tilde(entry or os.getcwd()) for entry in sys.path[:3]]
    return state


def origin_of(name: str) -> str | None:
    """The file ``import name`` would run, found without importing (None if not found)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):  # ValueError: a half-imported module without __spec__
        return None
    if spec is None:
        return None
    if spec.origin and spec.origin != "namespace":
        return home_to_tilde(spec.origin)
    locations = list(spec.submodule_search_locations or [])
    return home_to_tilde(locations[0]) if locations else None
