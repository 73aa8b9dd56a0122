"""The NVIDIA driver and GPUs, through NVML (the ``nvidia-ml-py`` package, ``import pynvml``).

NVML answers without torch and without a CUDA toolkit: driver version, the CUDA version
the driver supports, and each GPU's name, memory and compute capability. When it cannot
answer, *which* NVML error it raised is the finding (no driver, driver not loaded, ...).
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

from . import dists

# NVML error class name -> what it means for the user (nvidia-ml-py's pynvml.py names).
NVML_ERROR_MEANINGS: dict[str, str] = {
    "NVMLError_LibraryNotFound": "no NVIDIA driver is installed (libnvidia-ml / nvml.dll not found)",
    "NVMLError_DriverNotLoaded": "an NVIDIA driver is installed but not loaded",
    "NVMLError_NoPermission": "no permission to talk to the NVIDIA driver",
    "NVMLError_FunctionNotFound": "the NVIDIA driver is too old for this NVML call",
    "NVMLError_Unknown": "NVML failed for an unknown reason",
}


def probe() -> dict[str, Any]:
    if _driver_library_absent():
        return _error("NVMLError_LibraryNotFound")
    try:
        import pynvml
    except ImportError:
        return {"available": False, "error": "ImportError", "meaning": "nvidia-ml-py is not installed"}
    return read_nvml(pynvml)


def read_nvml(pynvml: Any) -> dict[str, Any]:
    """Read the driver and GPUs through a pynvml-like module (a seam for recorded data)."""
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError as exc:
        return _error(type(exc).__name__, str(exc))
    try:
        return {"available": True, **_driver(pynvml), "gpus": _gpus(pynvml)}
    finally:
        _shutdown(pynvml)


def _error(name: str, text: str = "") -> dict[str, Any]:
    return {"available": False, "error": name, "meaning": NVML_ERROR_MEANINGS.get(name, text)}


def _driver_library_absent() -> bool:
    """True when the real pynvml would only raise NVMLError_LibraryNotFound: skip importing it.

    ``import pynvml`` (one 8,000-line module) costs ~28 ms, and on a machine without a driver
    all it tells is that ``CDLL("libnvidia-ml.so.1")`` failed (nvidia-ml-py's
    ``_LoadNvmlLibrary`` on Linux). The same CDLL is tried here first, but only when the
    ``pynvml`` that an import would give is nvidia-ml-py's own ``pynvml.py`` and no pynvml
    is imported yet: another module of that name (an old ``pynvml`` package, a stand-in
    earlier on sys.path, as tests/reliability/test_hangs.py plants) is imported and called.
    """
    if not sys.platform.startswith("linux") or "pynvml" in sys.modules or not _pynvml_is_nvidia_ml_py():
        return False
    import ctypes

    try:
        ctypes.CDLL("libnvidia-ml.so.1")
    except OSError:
        return True
    return False


def _pynvml_is_nvidia_ml_py() -> bool:
    import importlib.util

    try:
        spec = importlib.util.find_spec("pynvml")
    except (ImportError, ValueError):
        return False
    dist = dists.find("nvidia-ml-py")
    site = dists.folder(dist) if dist is not None else None
    if spec is None or not spec.origin or site is None:
        return False
    expected = os.path.join(os.path.dirname(site), "pynvml.py")
    return os.path.realpath(spec.origin) == os.path.realpath(expected)


def _driver(pynvml: Any) -> dict[str, Any]:
    from .. import versions  # here, not at the top: it imports packaging, which the probes avoid

    cuda = pynvml.nvmlSystemGetCudaDriverVersion_v2()  # e.g. 12040 for CUDA 12.4
    return {"driver_version": _text(pynvml.nvmlSystemGetDriverVersion()), "cuda_driver_version": versions.cuda_from_driver_api(cuda)}


def _gpus(pynvml: Any) -> list[dict[str, Any]]:
    gpus = []
    for index in range(pynvml.nvmlDeviceGetCount()):
        handle = pynvml.nvmlDeviceGetHandleByIndex(index)
        major, minor = pynvml.nvmlDeviceGetCudaComputeCapability(handle)
        memory = pynvml.nvmlDeviceGetMemoryInfo(handle)
        gpus.append(
            {
                "index": index,
                "name": _text(pynvml.nvmlDeviceGetName(handle)),
                "compute_capability": f"{major}.{minor}",
                "memory_total_mib": int(memory.total) // (1024 * 1024),
            }
        )
    return gpus


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _shutdown(pynvml: Any) -> None:
    with contextlib.suppress(pynvml.NVMLError):
        pynvml.nvmlShutdown()
