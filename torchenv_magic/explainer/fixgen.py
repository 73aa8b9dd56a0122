"""Install commands for the explainer, sharpened by the versions the caller stated.

``packages={"torch": "2.5.1+cu124"}`` means: keep that torch, pick the torchvision built
for it (``compat.torchvision_for``), and install from the wheel index of its ``+cu124``
variant (``compat.wheel_index_url``). :mod:`torchenv_magic.compat` is imported lazily and
each function is looked up by name, so a missing or older compat module only makes the
fix less specific, never breaks a rule.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from .. import versions
from ..fixes import PYTORCH_INDEX, index_for_variant, portable_install_fix
from ..model import Fix
from .text import ErrorText

_CUDA_TAG = re.compile(r"^cu(\d{2,3})$")
_COMPAT_ERRORS = (ImportError, AttributeError, LookupError, TypeError, ValueError)


def compat_call(name: str, *args: Any) -> Any:
    """``torchenv_magic.compat.<name>(*args)``, or None when it is absent or fails."""
    try:
        func = getattr(importlib.import_module("torchenv_magic.compat"), name)
        return func(*args)
    except _COMPAT_ERRORS:
        return None


def cuda_index(cuda: str) -> str:
    """Wheel index for a CUDA version such as '12.8'."""
    url = compat_call("wheel_index_url", cuda)
    return url if isinstance(url, str) else f"{PYTORCH_INDEX}/cu{cuda.replace('.', '')}"


def torch_variant(err: ErrorText) -> str | None:
    return versions.variant(err.package("torch"))


def companion(err: ErrorText, name: str) -> str | None:
    """The torchvision/torchaudio release built for the stated torch, if known."""
    torch_version = versions.release(err.package("torch"))
    if not torch_version:
        return None
    value = compat_call(f"{name}_for", torch_version)
    return value if isinstance(value, str) and value else None


def torch_pin(err: ErrorText) -> str:
    """'torch==2.5.1' for the stated torch release (local tag dropped), or 'torch' when none is stated."""
    release = versions.release(err.package("torch"))
    return f"torch=={release}" if release else "torch"


def pinned(name: str, version: str | None) -> str:
    """'torchvision==0.20.1', or 'torchvision==0.20.*' for a minor-only answer."""
    if not version:
        return name
    return f"{name}=={version}.*" if version.count(".") == 1 else f"{name}=={version}"


def matching_vision_fix(err: ErrorText, note: str = "") -> Fix:
    """Reinstall torchvision (and torchaudio if stated) for the installed torch."""
    torch_version = err.package("torch")
    requirements = [torch_pin(err), pinned("torchvision", companion(err, "torchvision"))]
    if err.package("torchaudio"):
        requirements.append(pinned("torchaudio", companion(err, "torchaudio")))
    if versions.release(torch_version):
        why = f"torch {torch_version} stays; torchvision is the release built for it."
    else:
        why = "Install torch and torchvision together so pip picks a matching pair."
    index = index_for_variant(torch_variant(err))
    return portable_install_fix(requirements, index_url=index, note=" ".join(p for p in (why, note) if p))


def torch_reinstall_fix(err: ErrorText, *, variant: str | None = None, note: str = "", reinstall: bool = True) -> Fix:
    """Reinstall the stated torch (same release) from the index of ``variant`` (or its own)."""
    requirements = [torch_pin(err)]
    if err.package("torchvision"):
        requirements.append(pinned("torchvision", companion(err, "torchvision")))
    index = index_for_variant(variant or torch_variant(err))
    return portable_install_fix(requirements, index_url=index, reinstall=reinstall, note=note)
