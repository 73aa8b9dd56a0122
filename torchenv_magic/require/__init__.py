"""Workshop preflight: what the workshop needs versus what this kernel has.

In a notebook (cell one of a workshop)::

    In [1]: %load_ext torchenv_magic
    In [2]: %torchenv require "torch>=2.2" torchvision --gpu --python ">=3.10"
    torchenv require: FAIL (2 of 5 checks failed)
      [pass] Python >=3.10: Python 3.11.7 (~/.venvs/ws/bin/python)
      [FAIL] torch>=2.2: not installed for this kernel's Python
             fix: %pip install "torch>=2.2" torchvision
      ...
    In [3]: %torchenv require -f workshop.toml      # what the instructor ships

In a terminal: ``torchenv require "torch>=2.2" torchvision --gpu`` exits 1 when any
check fails (0 when all pass, 2 for bad usage); ``--json`` prints the result as a dict.

From Python: :func:`preflight` returns a :class:`~torchenv_magic.require.model.Preflight`
whose ``ok`` says whether the kernel is ready. Nothing is installed or imported unless
asked: ``--import`` imports torch (guarded) in this process.

The modules, each importing only those before it:

- :mod:`.args`: the sub-command's arguments (no ``packaging``: ``torchenv`` declares them
  for every report);
- :mod:`.model`: :class:`Requirements`, :class:`Check`, :class:`Preflight` and how it shows;
- :mod:`.sources`: requirements from ``requirements.txt``, ``workshop.toml`` and the command line;
- :mod:`.checks`: the checks, pure functions from facts to checklist lines;
- :mod:`.run`: :func:`preflight`, ``%torchenv require`` and ``torchenv require``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .args import add_arguments
    from .model import Check, Preflight, RequireError, Requirements
    from .run import preflight
    from .sources import from_args, load_file, requirements_txt_lines

__all__ = [
    "Check",
    "Preflight",
    "RequireError",
    "Requirements",
    "add_arguments",
    "from_args",
    "load_file",
    "preflight",
    "requirements_txt_lines",
]


def __getattr__(name: str) -> Any:
    """The public names, imported on first use.

    Importing this package must stay free: ``torchenv`` imports :mod:`.args` for every
    report, and the rest pulls in ``packaging``'s requirement parser (PEP 562).
    """
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import args, model, run, sources

    for module in (model, sources, run, args):
        if name in vars(module):
            return vars(module)[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
