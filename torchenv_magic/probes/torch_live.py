"""Facts only a loaded torch can give: CUDA availability, devices, arch list, cuDNN.

This probe never imports torch. It reads a torch that this process has already imported
completely; a half-imported torch (``sys.modules`` holds it but its import failed or is
still running) is reported as such and not touched, because calling into it can crash
the process (pytorch/pytorch#194172). ``import_torch_guarded`` is the explicit opt-in.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

from ..redact import home_to_tilde


def probe() -> dict[str, Any]:
    module = sys.modules.get("torch")
    if module is None:
        # A failed import removes 'torch' itself but leaves torch._C and other pieces loaded.
        return {"loaded": True, "initialised": False} if "torch._C" in sys.modules else {"loaded": False}
    if not is_fully_initialised(module):
        return {"loaded": True, "initialised": False}
    return {"loaded": True, "initialised": True, **read_loaded_torch(module)}


def is_fully_initialised(module: ModuleType) -> bool:
    spec = getattr(module, "__spec__", None)
    if spec is not None and getattr(spec, "_initializing", False):
        return False
    # torch sets __version__ and the C extension near the end of its __init__.
    return hasattr(module, "__version__") and hasattr(module, "_C") and hasattr(module, "cuda")


def read_loaded_torch(torch: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "version": str(torch.__version__),
        "cuda": getattr(torch.version, "cuda", None),
        "hip": getattr(torch.version, "hip", None),
        "file": home_to_tilde(str(getattr(torch, "__file__", ""))),
    }
    facts["cuda_available"] = bool(torch.cuda.is_available())
    facts["device_count"] = int(torch.cuda.device_count()) if facts["cuda_available"] else 0
    facts["arch_list"] = list(torch.cuda.get_arch_list()) if facts["cuda"] else []
    facts["cudnn"] = _cudnn_version(torch)
    return facts


def _cudnn_version(torch: Any) -> int | None:
    try:
        version = torch.backends.cudnn.version()
    except (RuntimeError, AttributeError):
        return None
    return int(version) if version is not None else None


def import_torch_guarded() -> dict[str, Any]:
    """Import torch now (the user asked for it) and return its facts or the failure."""
    if "torch" in sys.modules and not is_fully_initialised(sys.modules["torch"]):
        return {"loaded": True, "initialised": False, "skipped": "a failed import left torch half-loaded"}
    if "torch" not in sys.modules and "torch._C" in sys.modules:
        # A failed import removes 'torch' but leaves torch._C loaded: importing again can crash.
        return {"loaded": False, "initialised": False, "skipped": "a failed import left torch._C loaded"}
    try:
        import torch
    except Exception as exc:  # noqa: BLE001 - any import failure is the finding itself
        return {"loaded": "torch" in sys.modules, "initialised": False, "import_error": f"{type(exc).__name__}: {exc}"}
    return {"loaded": True, "initialised": True, **read_loaded_torch(torch)}
