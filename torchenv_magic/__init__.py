"""torchenv_magic: why did ``import torch`` just fail, and what do I run to fix it?

In a notebook::

    In [1]: %load_ext torchenv_magic
    In [2]: import torchvision
    RuntimeError: operator torchvision::nms does not exist
    torchenv: torchvision 0.29.1 does not match torch 2.13.0+cpu
      fix: %pip install torchvision==0.28.0+cpu --index-url https://download.pytorch.org/whl/cpu
    In [3]: %torchenv

In a terminal: ``python -m torchenv_magic`` (``--json``, ``--markdown``) and
``python -m torchenv_magic explain error.txt``.

Loading the extension imports none of torch, torchvision, pandas, ipywidgets or pynvml;
everything heavy is imported inside the functions that need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Finding, Report

__version__ = "0.1.0"
__all__ = ["__version__", "diagnose", "explain", "load_ipython_extension", "unload_ipython_extension"]


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext torchenv_magic``: register ``%torchenv``, the failure hint and the breadcrumb.

    If the last kernel of this environment died while a cell imported torch, say so here.
    """
    from . import breadcrumbs
    from .magic import load

    load(ipython)
    breadcrumbs.load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext torchenv_magic``: remove everything ``load`` registered."""
    from . import breadcrumbs
    from .magic import unload

    breadcrumbs.unload(ipython)
    unload(ipython)


def diagnose(exc: BaseException | None = None) -> Report:
    """The live diagnosis of this process (see :mod:`torchenv_magic.diagnosis`)."""
    from .diagnosis import diagnose as _diagnose

    return _diagnose(exc)


def explain(text: str, *, platform: str | None = None, packages: dict[str, str] | None = None) -> list[Finding]:
    """Ranked causes for an error text alone (a traceback pasted from another machine)."""
    from .explainer import explain as _explain

    return _explain(text, platform=platform, packages=packages)
